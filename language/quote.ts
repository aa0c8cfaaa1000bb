// A string literal of the language, written from its value: what the
// formatter prints and what a fix inserts.

/** `"` + value with `\`, `"`, newlines and tabs escaped + `"`. */
export function quote(value: string): string {
  return '"' + value.replace(/[\\"\n\t]/g, (c) => (c === "\n" ? "\\n" : c === "\t" ? "\\t" : "\\" + c)) + '"';
}
