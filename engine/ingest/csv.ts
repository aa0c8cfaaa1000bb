// Streaming RFC 4180 CSV: comma-separated (or another one-character
// delimiter: ";" from European Excel, tab), fields optionally in double quotes,
// "" for a quote inside quotes, newlines allowed inside quotes, CRLF or LF
// record ends. The parser is a small state machine that can stop at any chunk
// boundary (even between the two quotes of "") and resume with the next chunk.
// Tolerated, as spreadsheet programs do: a quote inside an unquoted field is
// kept as text, and text after a closing quote is appended to the field.
import { Failure } from "../problems.ts";
import { IngestError, type RejectOptions, reject } from "./errors.ts";

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  cells: string[];
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

// parser states
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** saw a quote inside a quoted field: either "" or the closing quote */
const QUOTE_IN_QUOTED = 3;
/** saw CR at a record end: swallow a following LF */
const AFTER_CR = 4;

export class CsvParser {
  private readonly delim: number;
  /**
   * `file` names the input in the one error that can't be skipped (EV301, an
   * unterminated quote); `delimiter` is one character other than a quote or a line end.
   */
  constructor(
    private readonly file = "<csv>",
    delimiter = ",",
  ) {
    if (delimiter.length !== 1 || /["\r\n]/.test(delimiter)) throw new RangeError(`bad CSV delimiter ${delimiter}`);
    this.delim = delimiter.charCodeAt(0);
  }

  private state: number = FIELD_START;
  private cells: string[] = [];
  private field = "";
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private started = false;

  /** Parses a chunk; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    // the hot loop works on locals, written back at the end of the chunk
    const s = chunk;
    const n = s.length;
    const out: CsvRecord[] = [];
    let state = this.state;
    let cells = this.cells;
    let field = this.field;
    let line = this.line;
    let recordLine = this.recordLine;
    const DELIM = this.delim;
    let i = 0;
    while (i < n) {
      if (state === FIELD_START) {
        if (s.charCodeAt(i) === QUOTE) {
          state = QUOTED;
          this.quoteLine = line;
          i++;
          continue;
        }
        state = UNQUOTED;
      }
      if (state === UNQUOTED) {
        let j = i;
        let c = 0;
        for (; j < n; j++) {
          c = s.charCodeAt(j);
          if (c === DELIM || c === LF || c === CR) break;
        }
        field = field === "" ? s.slice(i, j) : field + s.slice(i, j);
        if (j === n) break;
        i = j + 1;
        cells.push(field);
        field = "";
        if (c === DELIM) {
          state = FIELD_START;
        } else {
          out.push({ line: recordLine, cells });
          cells = [];
          recordLine = ++line;
          state = c === CR ? AFTER_CR : FIELD_START;
        }
      } else if (state === QUOTED) {
        const j = s.indexOf('"', i);
        const end = j < 0 ? n : j;
        field += s.slice(i, end);
        for (let k = s.indexOf("\n", i); k >= 0 && k < end; k = s.indexOf("\n", k + 1)) line++;
        if (j < 0) break;
        i = j + 1;
        state = QUOTE_IN_QUOTED;
      } else if (state === QUOTE_IN_QUOTED) {
        const c = s.charCodeAt(i);
        if (c === QUOTE) {
          field += '"';
          state = QUOTED;
          i++;
        } else if (c === DELIM || c === LF || c === CR) {
          cells.push(field);
          field = "";
          i++;
          if (c === DELIM) {
            state = FIELD_START;
          } else {
            out.push({ line: recordLine, cells });
            cells = [];
            recordLine = ++line;
            state = c === CR ? AFTER_CR : FIELD_START;
          }
        } else {
          state = UNQUOTED; // "abc"def -> abcdef
        }
      } else {
        // AFTER_CR
        state = FIELD_START;
        if (s.charCodeAt(i) === LF) i++;
      }
    }
    this.state = state;
    this.cells = cells;
    this.field = field;
    this.line = line;
    this.recordLine = recordLine;
    return out;
  }

  /** Ends the input; returns the last record, if the input did not end with a newline. */
  end(): CsvRecord[] {
    const state = this.state;
    if (state === QUOTED) {
      const line = this.quoteLine;
      // it swallows the rest of the file, so no mode can skip it
      throw new IngestError(
        "EV301",
        this.file,
        line,
        `unterminated quoted field (the quote opened on line ${line} is never closed)`,
      );
    }
    this.state = FIELD_START;
    if (state === AFTER_CR || (state === FIELD_START && this.cells.length === 0)) return [];
    this.cells.push(this.field);
    const rec = { line: this.recordLine, cells: this.cells };
    this.cells = [];
    this.field = "";
    return [rec];
  }
}

/** CSV records (header row included) from chunks. Throws on an unterminated quote. */
export async function* parseCsv(
  chunks: AsyncIterable<string> | Iterable<string>,
  delimiter = ",",
): AsyncGenerator<CsvRecord> {
  const p = new CsvParser("<csv>", delimiter);
  for await (const chunk of chunks) yield* p.push(chunk);
  yield* p.end();
}

export function parseCsvText(text: string, delimiter = ","): CsvRecord[] {
  const p = new CsvParser("<csv>", delimiter);
  return [...p.push(text), ...p.end()];
}

/** The delimiters detection chooses from, in order of preference on a tie. */
export const DELIMITERS = [",", ";", "\t", "|"] as const;

/**
 * The delimiter of a CSV file from its first non-blank line: whichever of
 * comma, semicolon, tab and pipe occurs most often outside quotes (the first
 * of them on a tie; a comma when none occurs: a one-column file).
 */
export function detectDelimiter(text: string): string {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const counts = [0, 0, 0, 0];
  let quoted = false;
  let seen = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) {
      if (seen) break;
    } else if (!quoted) {
      seen = true;
      const k = c === "," ? 0 : c === ";" ? 1 : c === "\t" ? 2 : c === "|" ? 3 : -1;
      if (k >= 0) counts[k]++;
    } else seen = true;
  }
  let best = 0;
  for (let k = 1; k < counts.length; k++) if (counts[k] > counts[best]) best = k;
  return DELIMITERS[best];
}

/** The first chunks, joined until they hold a whole first line (or 64 KiB), then the rest. */
async function peekHead(
  chunks: AsyncIterable<string> | Iterable<string>,
): Promise<{ head: string; rest: AsyncGenerator<string> }> {
  const it = (async function* () {
    yield* chunks;
  })();
  let head = "";
  while (!/[^\r\n]\r?\n/.test(head) && head.length < 1 << 16) {
    const r = await it.next();
    if (r.done) break;
    head += r.value;
  }
  return { head, rest: it };
}

/** A data row: cells in header order. */
export type CsvRow = CsvRecord;

export interface CsvTable {
  /** Header cells, trimmed. */
  header: string[];
  /** Line of the header row. */
  headerLine: number;
  /** The delimiter: the one asked for, or the one detected from the header row. */
  delimiter: string;
  /** The data rows a chunk's worth at a time (the fast way). Read either this or `rows`. */
  batches: AsyncGenerator<CsvRow[]>;
  /** The data rows one at a time. */
  rows: AsyncGenerator<CsvRow>;
}

function isEmptyRecord(r: CsvRecord): boolean {
  return r.cells.length === 1 && r.cells[0] === "";
}

export interface CsvTableOptions extends RejectOptions {
  /** One character; absent: detected from the header row (`detectDelimiter`). */
  delimiter?: string;
}

/**
 * A CSV file with a header row. Blank lines are skipped; a row whose number of
 * cells differs from the header's is rejected (strict: IngestError; lenient:
 * reported and skipped). An empty file or an unterminated quote is an
 * IngestError in either mode.
 */
export async function readCsvTable(
  chunks: AsyncIterable<string> | Iterable<string>,
  opts: CsvTableOptions,
): Promise<CsvTable> {
  const { head: first, rest: more } = await peekHead(chunks);
  const delimiter = opts.delimiter ?? detectDelimiter(first.replace(/^(?:\r?\n)+/, ""));
  const parser = new CsvParser(opts.file, delimiter);
  const source = (async function* () {
    yield parser.push(first);
    for await (const chunk of more) yield parser.push(chunk);
    yield parser.end();
  })();

  // the header: the first non-blank record
  let head: CsvRecord | undefined;
  let rest: CsvRecord[] = [];
  while (head === undefined) {
    const r = await source.next();
    if (r.done) throw new IngestError("EV303", opts.file, 1, "empty file (expected a header row)");
    const i = r.value.findIndex((rec) => !isEmptyRecord(rec));
    if (i >= 0) {
      head = r.value[i];
      rest = r.value.slice(i + 1);
    }
  }
  const header = head.cells.map((h) => h.trim());
  const width = header.length;

  // good rows before a bad one are handed out before the strict-mode error
  function* check(records: CsvRecord[]): Generator<CsvRow[]> {
    let good: CsvRow[] = [];
    for (const r of records) {
      if (r.cells.length === width) {
        good.push(r);
      } else if (!isEmptyRecord(r)) {
        const reason = `expected ${width} cells (as in the header), found ${r.cells.length}`;
        if (!opts.lenient) {
          if (good.length > 0) yield good;
          good = [];
        }
        reject(opts, r.line, new Failure("EV302", reason));
      }
    }
    if (good.length > 0) yield good;
  }
  const batches = (async function* () {
    yield* check(rest);
    for await (const records of source) yield* check(records);
  })();
  const rows = (async function* () {
    for await (const batch of batches) for (const row of batch) yield row;
  })();
  return { header, headerLine: head.line, delimiter, batches, rows };
}
