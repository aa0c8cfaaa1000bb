// One error convention for reading and replaying events (the ingest layer, the
// orderer and the runtime), like the language's SLA codes: every problem with
// the user's input has a stable code (EV###, documented with an example in
// specs/errors.md, generated from the table below) and a message.
//
// - Where failure is expected (decoding a line, converting a CSV row, reading
//   a field value, applying an event), functions return `Result<T>`: the value,
//   or a `Failure` carrying a code. No exception, no allocation on success.
// - Where a read must stop (strict mode, or a file that can't be read at all),
//   the one exception is `IngestError`: a Failure with its location.
// - Any other exception is a bug.
// Callers decide on codes (e.g. the CLI re-reads with a full sort on EV201 and
// EV202), never on message text.

export interface CodeInfo {
  /** error: the row or event is rejected (strict: the read stops); notice: counted, never an error */
  severity: "error" | "notice";
  /** row: one line, row or event (--lenient skips and counts it); file: the whole file (stops every read) */
  scope: "row" | "file";
  title: string;
}

/**
 * Every code. Grouped by hundreds: 0xx lines, 1xx events (JSONL), 2xx replay,
 * 3xx CSV rows and files, 4xx mapping files, 5xx data-fit notices (the data
 * does not fit the SLA: counted and explained in the report, never an error),
 * 6xx the live engine (`sla run`). Codes are stable: scripts may match on them.
 */
export const EV_CODES = {
  EV001: { severity: "error", scope: "row", title: "line too long" },
  EV002: { severity: "error", scope: "row", title: "invalid JSON" },
  EV003: { severity: "error", scope: "row", title: "nested too deeply" },
  EV101: { severity: "error", scope: "row", title: "not a JSON object" },
  EV102: { severity: "error", scope: "row", title: "missing property" },
  EV103: { severity: "error", scope: "row", title: "property of the wrong type" },
  EV104: { severity: "error", scope: "row", title: "unknown event type" },
  EV105: { severity: "error", scope: "row", title: "unknown property" },
  EV106: { severity: "error", scope: "row", title: "invalid timestamp" },
  EV107: { severity: "error", scope: "row", title: "year outside the supported range" },
  EV108: { severity: "error", scope: "row", title: "unknown field" },
  EV109: { severity: "error", scope: "row", title: "invalid field value" },
  EV110: { severity: "error", scope: "row", title: "absence that ends before it starts" },
  EV111: { severity: "error", scope: "row", title: "numeric id too large to be exact" },
  EV112: { severity: "error", scope: "row", title: "id or name that is not valid UTF-8" },
  EV113: { severity: "error", scope: "row", title: "event before its lead's creation" },
  EV114: { severity: "error", scope: "file", title: "file that gives no events" },
  EV115: { severity: "error", scope: "file", title: "file larger than the reader holds in memory" },
  EV201: { severity: "error", scope: "row", title: "event for an unknown lead" },
  EV202: { severity: "error", scope: "row", title: "event out of time order" },
  EV203: { severity: "error", scope: "row", title: "conflicting events with the same id and time" },
  EV301: { severity: "error", scope: "file", title: "unterminated quoted field" },
  EV302: { severity: "error", scope: "row", title: "wrong number of cells" },
  EV303: { severity: "error", scope: "file", title: "empty CSV file" },
  EV304: { severity: "error", scope: "file", title: "missing column" },
  EV305: { severity: "error", scope: "row", title: "empty lead id" },
  EV306: { severity: "notice", scope: "row", title: "activity row that matches no rule" },
  EV307: { severity: "error", scope: "row", title: "lead id that differs from a known one only in letter case" },
  EV308: { severity: "notice", scope: "row", title: "history row for a field the mapping does not use" },
  EV401: { severity: "error", scope: "file", title: "mapping file that is not JSON" },
  EV402: { severity: "error", scope: "file", title: "invalid mapping" },
  EV501: { severity: "notice", scope: "file", title: "ignored name close to a declared one" },
  EV502: { severity: "notice", scope: "file", title: "declared field never set on any lead" },
  EV503: { severity: "notice", scope: "file", title: "segment no lead entered" },
  EV504: { severity: "notice", scope: "file", title: "obligation no lead entered" },
  EV505: { severity: "notice", scope: "file", title: "values the SLA does not list" },
  EV506: { severity: "notice", scope: "file", title: "leads whose owner is in no team" },
  EV507: { severity: "notice", scope: "file", title: "no lead in scope" },
  EV549: { severity: "notice", scope: "file", title: "a `by` clause no touch in the data can meet" },
  EV550: { severity: "notice", scope: "file", title: "mapping column missing from the export" },
  EV551: { severity: "notice", scope: "file", title: "history fields the mapping does not use" },
  EV552: { severity: "notice", scope: "file", title: "month-first dates in a semicolon-delimited export" },
  EV601: { severity: "error", scope: "row", title: "event later than the live engine's lateness allows" },
} as const satisfies Record<string, CodeInfo>;

export type EvCode = keyof typeof EV_CODES;

/** A problem with one row or event: `--lenient` skips it (and counts it). */
export function isRowLevel(code: EvCode): boolean {
  return EV_CODES[code].scope === "row";
}

/** An expected failure: what `Result<T>` holds instead of a value. */
export class Failure {
  constructor(
    readonly code: EvCode,
    readonly message: string,
  ) {}
}

/** The value, or why there is none. Test with `instanceof Failure`. */
export type Result<T> = T | Failure;

export interface Location {
  /** the file (or mapping) name; "" when there is none */
  file: string;
  /** 1-based line; 0 when the problem is about the whole file */
  line: number;
}

/** The one exception for bad input: stops a read (strict mode, or a file that can't be read). */
export class IngestError extends Error {
  readonly code: EvCode;
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  constructor(code: EvCode, file: string, line: number, reason: string) {
    super(line > 0 ? `${file}:${line}: ${reason}` : file ? `${file}: ${reason}` : reason);
    this.name = "IngestError";
    this.code = code;
    this.file = file;
    this.line = line;
    this.reason = reason;
  }

  static at(where: Location, f: Failure): IngestError {
    return new IngestError(f.code, where.file, where.line, f.message);
  }
}
