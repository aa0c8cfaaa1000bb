// Seeded mutation primitives shared by the spec and event fuzzers. Everything
// is drawn from generate/'s PRNG, so a (seed, index) pair names an input.
import { Rng } from "../../generate/random.ts";

export { Rng };

/** The PRNG for input number `index` of a run seeded with `seed`: inputs are independent, so any
 *  single input can be rebuilt from its seed and index. */
export function inputRng(seed: number, index: number): Rng {
  return new Rng(seed, index);
}

export function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)];
}

/** Names on Object.prototype (and friends) that break lookups in plain-object tables. */
export const PROTOTYPE_NAMES: readonly string[] = [
  "constructor",
  "__proto__",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
];

/** Numbers at the edges of what JSON, doubles and dates hold. */
export const HUGE_NUMBERS: readonly string[] = [
  "0",
  "-0",
  "1e308",
  "1e309",
  "-1e309",
  "1e-400",
  "9007199254740993",
  "99999999999999999999999999",
  "18446744073709551616",
  "100000000",
  "2147483648",
  "4294967296",
  "0.000000001",
  "123456789012345678901234567890.5",
];

/** Single characters that trip lexers, line splitters and terminals. */
export const ODD_CHARS: readonly string[] = [
  "\u0000",
  "\u0001",
  "\u0007",
  "\b",
  "\t",
  "\r",
  "\n",
  "\r\n",
  "\u000b",
  "\u000c",
  "\u001b[31m",
  "\u007f",
  "\u0085",
  "\u00a0",
  "\u2028",
  "\u2029",
  "\u200b",
  "\u202e",
  "\ufeff",
  "\ud800",
  "\udc00",
  "\ufffd",
  "😀",
  '"',
  "'",
  "\\",
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ",",
  ":",
  "#",
  "@",
  "%",
  "-",
];

/** A random string of `n` characters: mostly odd characters, some random code units. */
export function randomChars(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += rng.chance(0.6) ? pick(rng, ODD_CHARS) : String.fromCharCode(rng.int(0x10000));
  return s;
}

/** Splits text into tokens (words, numbers, strings, single punctuation, whitespace runs)
 *  whose concatenation is the text. */
export function tokens(text: string): string[] {
  return text.match(/"(?:[^"\\\n]|\\.)*"?|[A-Za-z_][A-Za-z0-9_.-]*|\d[\d.:_-]*|\s+|[^\sA-Za-z0-9_"]/g) ?? [];
}

/** `text` with the line endings of `nl`. */
export function withLineEndings(text: string, nl: string): string {
  return text.replace(/\r?\n/g, nl);
}

/** A few thousand characters of text at most in `s`, for failure reports. */
export function clip(s: string, n = 2000): string {
  return s.length <= n ? s : `${s.slice(0, n)}… (${s.length} characters)`;
}
