// Lines of text from a stream of string chunks. Lines end at "\n"; a "\r"
// before it is dropped (CRLF files); a last line without "\n" still counts; a
// byte-order mark at the very start is dropped. Blank lines are yielded too
// so that line numbers stay right; callers decide what blank means.

export interface Line {
  text: string;
  /** 1-based line number in the input. */
  line: number;
}

function trimCR(s: string): string {
  return s.length > 0 && s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}

export async function* splitLines(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<Line> {
  // a line spread over several chunks is kept as parts, joined once complete
  // (no repeated concatenation of a long partial line)
  let parts: string[] = [];
  let line = 0;
  let first = true;
  for await (let chunk of chunks) {
    if (first && chunk.length > 0) {
      first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    let start = 0;
    let nl = chunk.indexOf("\n");
    while (nl >= 0) {
      let text = chunk.slice(start, nl);
      if (parts.length > 0) {
        parts.push(text);
        text = parts.join("");
        parts = [];
      }
      yield { text: trimCR(text), line: ++line };
      start = nl + 1;
      nl = chunk.indexOf("\n", start);
    }
    if (start < chunk.length) parts.push(start === 0 ? chunk : chunk.slice(start));
  }
  if (parts.length > 0) yield { text: trimCR(parts.join("")), line: ++line };
}

/** The same over a whole string (the playground). */
export function* splitLinesSync(text: string): Generator<Line> {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  while (start < text.length) {
    let nl = text.indexOf("\n", start);
    if (nl < 0) nl = text.length;
    yield { text: trimCR(text.slice(start, nl)), line: ++line };
    start = nl + 1;
  }
}
