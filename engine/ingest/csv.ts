// Streaming RFC 4180 CSV: comma-separated, fields optionally in double quotes,
// "" for a quote inside quotes, newlines allowed inside quotes, CRLF or LF
// record ends. The parser is a small state machine that can stop at any chunk
// boundary (even between the two quotes of "") and resume with the next chunk.
// Tolerated, as spreadsheet programs do: a quote inside an unquoted field is
// kept as text, and text after a closing quote is appended to the field.
import { IngestError, reject, type RejectOptions } from "./errors.ts";

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  cells: string[];
}

const COMMA = 44;
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
  private state: number = FIELD_START;
  private cells: string[] = [];
  private field = "";
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private started = false;
  private out: CsvRecord[] = [];

  /** Parses a chunk; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const s = chunk;
    const n = s.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case AFTER_CR:
          this.state = FIELD_START;
          if (s.charCodeAt(i) === LF) i++;
          break;
        case FIELD_START:
          if (s.charCodeAt(i) === QUOTE) {
            this.state = QUOTED;
            this.quoteLine = this.line;
            i++;
          } else {
            this.state = UNQUOTED;
          }
          break;
        case UNQUOTED: {
          let j = i;
          let c = 0;
          for (; j < n; j++) {
            c = s.charCodeAt(j);
            if (c === COMMA || c === LF || c === CR) break;
          }
          this.field += i === 0 && j === n ? s : s.slice(i, j);
          if (j === n) return this.take();
          i = j + 1;
          this.endField();
          if (c === COMMA) this.state = FIELD_START;
          else this.endRecord(c === CR);
          break;
        }
        case QUOTED: {
          const j = s.indexOf('"', i);
          const end = j < 0 ? n : j;
          this.field += s.slice(i, end);
          for (let k = s.indexOf("\n", i); k >= 0 && k < end; k = s.indexOf("\n", k + 1)) this.line++;
          if (j < 0) return this.take();
          i = j + 1;
          this.state = QUOTE_IN_QUOTED;
          break;
        }
        case QUOTE_IN_QUOTED: {
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            this.field += '"';
            this.state = QUOTED;
            i++;
          } else if (c === COMMA) {
            this.endField();
            this.state = FIELD_START;
            i++;
          } else if (c === LF || c === CR) {
            this.endField();
            this.endRecord(c === CR);
            i++;
          } else {
            this.state = UNQUOTED; // "abc"def -> abcdef
          }
          break;
        }
      }
    }
    return this.take();
  }

  /** Ends the input; returns the last record, if the input did not end with a newline. */
  end(): CsvRecord[] {
    if (this.state === QUOTED) {
      throw new Error(`unterminated quoted field (the quote opened on line ${this.quoteLine} is never closed)`);
    }
    if (this.state !== AFTER_CR && (this.state !== FIELD_START || this.cells.length > 0)) {
      this.endField();
      this.endRecord(false);
    }
    this.state = FIELD_START;
    return this.take();
  }

  private take(): CsvRecord[] {
    const out = this.out;
    if (out.length > 0) this.out = [];
    return out;
  }

  private endField(): void {
    this.cells.push(this.field);
    this.field = "";
  }

  private endRecord(cr: boolean): void {
    this.out.push({ line: this.recordLine, cells: this.cells });
    this.cells = [];
    this.line++;
    this.recordLine = this.line;
    this.state = cr ? AFTER_CR : FIELD_START;
  }
}

/** CSV records (header row included) from chunks. Throws on an unterminated quote. */
export async function* parseCsv(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<CsvRecord> {
  const p = new CsvParser();
  for await (const chunk of chunks) yield* p.push(chunk);
  yield* p.end();
}

export function parseCsvText(text: string): CsvRecord[] {
  const p = new CsvParser();
  return [...p.push(text), ...p.end()];
}

/** A data row with its cells addressed by header position. */
export interface CsvRow {
  line: number;
  cells: string[];
}

export interface CsvTable {
  header: string[];
  /** Line of the header row. */
  headerLine: number;
  rows: AsyncGenerator<CsvRow>;
}

function isEmptyRecord(r: CsvRecord): boolean {
  return r.cells.length === 1 && r.cells[0] === "";
}

/**
 * A CSV file with a header row. Blank lines are skipped; a row whose number of
 * cells differs from the header's is rejected (strict: IngestError; lenient:
 * reported and skipped). Throws IngestError for an empty file or an unterminated
 * quote.
 */
export async function readCsvTable(
  chunks: AsyncIterable<string> | Iterable<string>,
  opts: RejectOptions,
): Promise<CsvTable> {
  const p = new CsvParser();
  const it = (async function* () {
    yield* chunks;
  })();
  let pending: CsvRecord[] = [];
  let at = 0;
  let done = false;
  let lastLine = 1;
  // records, pulled chunk by chunk; the parser's own errors get FILE:LINE
  async function next(): Promise<CsvRecord | null> {
    while (at === pending.length) {
      if (done) return null;
      const r = await it.next();
      try {
        if (r.done) {
          done = true;
          pending = p.end();
        } else {
          pending = p.push(r.value);
        }
        at = 0;
      } catch (e) {
        throw new IngestError(opts.file, lastLine, e instanceof Error ? e.message : String(e));
      }
    }
    const rec = pending[at++];
    lastLine = rec.line;
    return rec;
  }

  let head = await next();
  while (head !== null && isEmptyRecord(head)) head = await next();
  if (head === null) throw new IngestError(opts.file, 1, "empty file (expected a header row)");
  const header = head.cells.map((h) => h.trim());
  const width = header.length;

  async function* rows(): AsyncGenerator<CsvRow> {
    for (let r = await next(); r !== null; r = await next()) {
      if (r.cells.length === width) yield r;
      else if (!isEmptyRecord(r)) {
        reject(opts, r.line, `expected ${width} cells (as in the header), found ${r.cells.length}`);
      }
    }
  }
  return { header, headerLine: head.line, rows: rows() };
}
