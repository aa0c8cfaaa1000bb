// Text for a terminal: user strings (lead ids, names, file names, source
// lines) made visible instead of active. Lives in language/ so the `sla check`
// printer can use it; engine/render/escape.ts re-exports it for the renderers.
// Browser-safe, no imports.

/**
 * The characters a terminal or a text viewer acts on instead of showing:
 * C0 controls (ESC starts ANSI CSI/OSC sequences; CR, BS and friends move the
 * cursor), DEL, C1 controls (U+009B is an 8-bit CSI), the line and paragraph
 * separators, and the Unicode bidi controls that reorder a line ("Trojan
 * source"): ALM U+061C, LRM/RLM U+200E/F, LRE..RLO U+202A-U+202E, LRI..PDI
 * U+2066-U+2069.
 */
export const UNSAFE_TEXT_CLASS =
  "[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]";
const UNSAFE_ALL = new RegExp(UNSAFE_TEXT_CLASS, "g");
const UNSAFE_ONE = new RegExp(UNSAFE_TEXT_CLASS);

/** True when `s` holds a character that cleanText would show escaped. */
export function hasUnsafeText(s: string): boolean {
  return UNSAFE_ONE.test(s);
}

/**
 * User text made visible: every character of UNSAFE_TEXT_CLASS is shown as `\xNN`
 * (up to U+00FF) or `\u{NNNN}`, so a lead id cannot move the cursor, recolour
 * or retitle a terminal, break a table row or reorder the line. Everything
 * else (accents, CJK, emoji) is kept as is.
 */
export function cleanText(s: string): string {
  return s.replace(UNSAFE_ALL, (c) => {
    const cp = c.codePointAt(0)!;
    return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, "0")}` : `\\u{${cp.toString(16)}}`;
  });
}
