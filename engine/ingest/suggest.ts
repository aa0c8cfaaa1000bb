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

/** A short rendering of a JSON value for an error message. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
