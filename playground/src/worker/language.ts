// The data side of the language service in the worker: how many leads of the
// last replay matched each term, for the hover over a term. Counted once per
// prepared history and IR (engine/term-counts.ts reads the field columns only).
import { type TermCounts, termCounts } from "../../../engine/term-counts.ts";
import type { IR } from "../../../language/ir.ts";
import type { SessionContext } from "./session.ts";

/** prepared events -> the last IR counted on them and its counts */
const cache = new WeakMap<object, { ir: IR; counts: TermCounts }>();

/**
 * Counts for a hover over `text`: only when it is the text the session last
 * checked and that version was replayed (otherwise the numbers could belong
 * to another condition), else null.
 */
export function hoverTermCounts(cx: SessionContext, text: string): TermCounts | null {
  const { ir, prepared } = cx;
  if (ir === null || prepared === null || text !== cx.text) return null;
  const hit = cache.get(prepared.events);
  if (hit && hit.ir === ir) return hit.counts;
  const counts = termCounts(ir, prepared.events);
  cache.set(prepared.events, { ir, counts });
  return counts;
}
