// Lines of text from a stream of string chunks. Lines end at "\n"; a "\r"
// before it is dropped (CRLF files); a last line without "\n" still counts; a
// byte-order mark at the very start is dropped. Blank lines are kept so that
// line numbers stay right; callers decide what blank means.
//
// Work is linear in the input: each chunk is scanned once, and a line spread
// over several chunks is kept as parts and joined once. A line longer than
// the limit is not kept at all: it comes out as an EV001 Failure (so a
// lenient read counts it and goes on), without ever building the string.
import { Failure, type Result } from "../problems.ts";

/** Default maximum line length, in characters (UTF-16 code units): far above any real event. */
export const MAX_LINE_CHARS = 1 << 20;

export interface Line {
  /** the line without its end, or EV001 when it is longer than the limit */
  text: Result<string>;
  /** 1-based line number in the input. */
  line: number;
}

/** Receives each complete line (the callback form: no object per line on the hot path). */
export type LineHandler = (text: Result<string>, line: number) => void;

function trimCR(s: string): string {
  return s.length > 0 && s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}

/**
 * Incremental splitter: push chunks, get the lines each one completes. Sync, so
 * readers can handle a whole chunk's lines without an await per line.
 */
export class LineSplitter {
  private parts: string[] = [];
  /** characters in `parts`, or in the overlong line being skipped */
  private partLength = 0;
  private overlong = false;
  private line = 0;
  private started = false;

  constructor(readonly maxLine: number = MAX_LINE_CHARS) {}

  /** Splits a chunk, calling `onLine` for every line it completes. */
  feed(chunk: string, onLine: LineHandler): void {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const max = this.maxLine;
    let start = 0;
    let nl = chunk.indexOf("\n");
    while (nl >= 0) {
      if (this.parts.length === 0 && !this.overlong) {
        // the common case: the whole line is in this chunk
        const len = nl - start;
        if (len <= max || (len === max + 1 && chunk.charCodeAt(nl - 1) === 13))
          onLine(trimCR(chunk.slice(start, nl)), ++this.line);
        else onLine(this.tooLong(len), ++this.line);
      } else {
        this.add(chunk, start, nl);
        onLine(this.take(), ++this.line);
      }
      start = nl + 1;
      nl = chunk.indexOf("\n", start);
    }
    if (start < chunk.length) this.add(chunk, start, chunk.length);
  }

  /** Ends the input: the last line, when it did not end with "\n". */
  finish(onLine: LineHandler): void {
    if (this.parts.length > 0 || this.overlong) onLine(this.take(), ++this.line);
  }

  push(chunk: string): Line[] {
    const out: Line[] = [];
    this.feed(chunk, (text, line) => out.push({ text, line }));
    return out;
  }

  end(): Line[] {
    const out: Line[] = [];
    this.finish((text, line) => out.push({ text, line }));
    return out;
  }

  private add(chunk: string, from: number, to: number): void {
    this.partLength += to - from;
    if (this.overlong) return;
    // one character of slack for the "\r" of a CRLF line end
    if (this.partLength > this.maxLine + 1) {
      this.overlong = true;
      this.parts = [];
      return;
    }
    this.parts.push(from === 0 && to === chunk.length ? chunk : chunk.slice(from, to));
  }

  /** The line kept in parts (joined once), or EV001. Resets for the next line. */
  private take(): Result<string> {
    const length = this.partLength;
    const overlong = this.overlong;
    const text = overlong ? "" : trimCR(this.parts.length === 1 ? this.parts[0] : this.parts.join(""));
    this.parts = [];
    this.partLength = 0;
    this.overlong = false;
    return overlong || text.length > this.maxLine ? this.tooLong(length) : text;
  }

  private tooLong(length: number): Failure {
    return new Failure(
      "EV001",
      `line too long (${length.toLocaleString("en-US")} characters; the limit is ${this.maxLine.toLocaleString("en-US")})`,
    );
  }
}

export async function* splitLines(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<Line> {
  const splitter = new LineSplitter();
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}

/** The same over a whole string (the playground). */
export function splitLinesSync(text: string): Line[] {
  const splitter = new LineSplitter();
  return [...splitter.push(text), ...splitter.end()];
}
