// The ingest layer: user files (JSONL events, CRM CSV exports) -> SlaEvent.
// Browser-safe: works on strings and async iterables of string chunks.
export { LineSplitter, splitLines, splitLinesSync, type Line } from "./lines.ts";
export { makeEventDecoder, type EventDecoder, type DecodeError, CUSTOM_TYPE_PATTERN } from "./decode.ts";
export { IngestError, type Rejected } from "./errors.ts";
export { readJsonlEvents, readJsonlBatches, parseJsonlText, type JsonlOptions } from "./jsonl.ts";
export { CsvParser, CsvSyntaxError, parseCsv, parseCsvText, readCsvTable, type CsvRecord, type CsvRow, type CsvTable } from "./csv.ts";
export { loadMapping, MappingError, type Mapping } from "./mapping-load.ts";
export { csvLeadEvents, csvActivityEvents, type CsvEventOptions, type CsvStats } from "./mapping.ts";
export { PRESETS } from "./presets.ts";
export { eventSchema, eventSchemaFor } from "./schema.ts";
export { parseTimestamp, isIsoDate } from "./timestamp.ts";
