// "Did you mean ...?" for names and values typed by people.

import { didYouMean as closestName, editDistance } from "../../language/diagnostics.ts";

export { editDistance };

/**
 * The candidate closest to `input`, ignoring case, or null when nothing is
 * close enough to be a plausible typo (the language's rule, shared).
 */
export const closest: (input: string, candidates: Iterable<string>) => string | null = closestName;

/** ` (did you mean "x"?)` or "". */
export function didYouMean(input: string, candidates: Iterable<string>, what = ""): string {
  const c = closest(input, candidates);
  return c === null ? "" : ` (did you mean ${what}${JSON.stringify(c)}?)`;
}

/** `"a", "b", "c"` */
export function quoteList(values: Iterable<string>): string {
  return Array.from(values, (v) => JSON.stringify(v)).join(", ");
}

/**
 * A short rendering of a JSON value for an error message. Bounded work: never
 * serializes more than it shows (the value may be a 100 MB string or nested
 * thousands deep).
 */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const s = brief(value, 3, 61);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** JSON text of `v`, cut off after about `room` characters; containers below `depth` as [...] / {...}. */
function brief(v: unknown, depth: number, room: number): string {
  if (typeof v === "string") return JSON.stringify(v.length > room ? v.slice(0, room) : v);
  if (typeof v !== "object" || v === null) return JSON.stringify(v) ?? String(v);
  const isArray = Array.isArray(v);
  if (depth === 0) return isArray ? "[...]" : "{...}";
  if (isArray) {
    let out = "[";
    for (let i = 0; i < v.length && out.length <= room; i++)
      out += (i > 0 ? "," : "") + brief(v[i], depth - 1, room - out.length);
    return out + "]";
  }
  let out = "{";
  for (const k in v) {
    if (out.length > room) break;
    if (out.length > 1) out += ",";
    out += `${JSON.stringify(k)}:${brief((v as Record<string, unknown>)[k], depth - 1, room - out.length)}`;
  }
  return out + "}";
}
