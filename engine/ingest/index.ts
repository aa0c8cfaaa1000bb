// The ingest layer: user files (JSONL events, CRM CSV exports) -> SlaEvent.
// Browser-safe: works on strings and async iterables of string chunks.

export {
  CsvParser,
  type CsvRecord,
  type CsvRow,
  CsvSyntaxError,
  type CsvTable,
  parseCsv,
  parseCsvText,
  readCsvTable,
} from "./csv.ts";
export { CUSTOM_TYPE_PATTERN, type DecodeError, type EventDecoder, makeEventDecoder } from "./decode.ts";
export { IngestError, type Rejected } from "./errors.ts";
export { type JsonlOptions, parseJsonlText, readJsonlBatches, readJsonlEvents } from "./jsonl.ts";
export { type Line, LineSplitter, splitLines, splitLinesSync } from "./lines.ts";
export { type CsvEventOptions, type CsvStats, csvActivityEvents, csvLeadEvents } from "./mapping.ts";
export { loadMapping, type Mapping, MappingError } from "./mapping-load.ts";
export { PRESETS } from "./presets.ts";
export { eventSchema, eventSchemaFor } from "./schema.ts";
export { isIsoDate, parseTimestamp } from "./timestamp.ts";
