// Lines of text from a stream of string chunks. Lines end at "\n"; a "\r"
// before it is dropped (CRLF files); a last line without "\n" still counts; a
// byte-order mark at the very start is dropped. Blank lines are kept so that
// line numbers stay right; callers decide what blank means.

export interface Line {
  text: string;
  /** 1-based line number in the input. */
  line: number;
}

function trimCR(s: string): string {
  return s.length > 0 && s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}

/**
 * Incremental splitter: push chunks, get the lines each one completes. Sync, so
 * readers can handle a whole chunk's lines without an await per line.
 */
export class LineSplitter {
  // a line spread over several chunks is kept as parts, joined once complete
  // (no repeated concatenation of a long partial line)
  private parts: string[] = [];
  private line = 0;
  private started = false;

  push(chunk: string): Line[] {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const out: Line[] = [];
    let start = 0;
    let nl = chunk.indexOf("\n");
    while (nl >= 0) {
      let text = chunk.slice(start, nl);
      if (this.parts.length > 0) {
        this.parts.push(text);
        text = this.parts.join("");
        this.parts = [];
      }
      out.push({ text: trimCR(text), line: ++this.line });
      start = nl + 1;
      nl = chunk.indexOf("\n", start);
    }
    if (start < chunk.length) this.parts.push(start === 0 ? chunk : chunk.slice(start));
    return out;
  }

  /** The last line, when the input did not end with "\n". */
  end(): Line[] {
    if (this.parts.length === 0) return [];
    const text = this.parts.join("");
    this.parts = [];
    return [{ text: trimCR(text), line: ++this.line }];
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
