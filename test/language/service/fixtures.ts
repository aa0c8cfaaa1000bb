// Texts the language-service tests read, and a helper to put a cursor in them.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const read = (p: string) => readFileSync(fileURLToPath(new URL(p, import.meta.url)), "utf8");

/** The sketch (test/fixtures/syntax/inbound.sla is the same text as ../shared/sketch/inbound.sla). */
export const SKETCH = read("../../fixtures/syntax/inbound.sla");
/** The bundled example the playground opens with. */
export const EXAMPLE = read("../../../specs/examples/inbound/inbound.sla");
/** A seed with business calendars, `by` clauses and people written as strings with aliases. */
export const SALESLOFT = read("../../../specs/seeds/salesloft.sla");

/**
 * `text` with `|` marking the cursor: [the text without it, the cursor's offset].
 * (The texts here use no `|` of their own.)
 */
export function cursor(marked: string): [string, number] {
  const at = marked.indexOf("|");
  if (at < 0) throw new Error("no | in the text");
  return [marked.slice(0, at) + marked.slice(at + 1), at];
}

/** The offset of the `nth` occurrence of `needle` in `text`, plus `delta` (throws when absent). */
export function offsetOf(text: string, needle: string, delta = 0, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' not found`);
  }
  return at + delta;
}
