// The ingest layer: user files (JSONL events, CRM CSV exports) -> SlaEvent.
// Browser-safe: works on strings and async iterables of string chunks.

export { EV_CODES, type EvCode, Failure, IngestError, type Result } from "../problems.ts";
export type { MissingColumn } from "./columns.ts";
export {
  CsvParser,
  type CsvRecord,
  type CsvRow,
  type CsvTable,
  type CsvTableOptions,
  DELIMITERS,
  detectDelimiter,
  parseCsv,
  parseCsvText,
  readCsvTable,
} from "./csv.ts";
export { CUSTOM_TYPE_PATTERN, type EventDecoder, makeEventDecoder } from "./decode.ts";
export type { Rejected } from "./errors.ts";
export { type Change, FieldHistory, type HistoryOptions, readFieldHistory } from "./history.ts";
export { type JsonlOptions, parseJsonlText, readJsonlBatches, readJsonlEvents } from "./jsonl.ts";
export { type Line, LineSplitter, MAX_LINE_CHARS, splitLines, splitLinesSync } from "./lines.ts";
export { type CsvEventOptions, type CsvStats, csvActivityEvents, csvLeadEvents } from "./mapping.ts";
export { joinKey, LeadIds, salesforceChecksum, salesforceId18 } from "./lead-ids.ts";
export { loadMapping, type Mapping, ownerResolver } from "./mapping-load.ts";
export { PRESETS } from "./presets.ts";
export { eventSchema, eventSchemaFor } from "./schema.ts";
export { isIsoDate, parseTimestamp } from "./timestamp.ts";
