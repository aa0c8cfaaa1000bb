// User text made inert, one function per kind of output. Every renderer
// (terminal table, GitHub Markdown, HTML, JSON; the simulate report, `sla diff`,
// `sla plan`, the `sla check` printer) passes user strings (lead ids, owners,
// segment and SLA names, URLs, campaigns, tags, field values, file names)
// through these and through nothing else. Browser-safe.
//
// - terminal: cleanText (language/text-safety.ts) shows control, C1 and bidi
//   characters as `\xNN` / `\u{NNNN}`, so escape sequences are printed, not run;
//   terminalText does the same for a whole message, keeping our own colours;
// - Markdown for GitHub: escapeMarkdown, also one line and free of raw HTML,
//   markup, @mentions, issue references and autolinks;
// - HTML: escapeHtml for text and attribute values; htmlText for user text;
// - JSON: jsonText, which also writes C1, bidi and line separators as \uXXXX.
import { cleanText, hasUnsafeText, UNSAFE_TEXT_CLASS } from "../../language/text-safety.ts";

export { cleanText, hasUnsafeText };

// ---------------------------------------------------------------- terminal

/** The colours our own printers send (SGR bold, dim, red, green, yellow, cyan), each closed by a reset. */
const OWN_COLOUR = /^\x1b\[(?:0|1|2|31|32|33|36)(?:;(?:0|1|2|31|32|33|36))*m$/;
const RESET = "\x1b[0m";
/** Erases the line a progress bar was drawn on. */
const ERASE_LINE = "\x1b[2K";

/**
 * A whole message for a terminal, as a last line of defence (`sla` passes all
 * of stderr through it): newlines, a carriage return that starts the text (a
 * progress line redrawn), "erase line" and our own colour codes stay (a colour
 * only when a reset follows on the same line, as ours always do); every other
 * control, C1 or bidi character is shown as cleanText shows it. User text
 * inside should have been through cleanText already; this catches what was not.
 */
export function terminalText(s: string): string {
  if (!hasUnsafeText(s)) return s;
  const lead = s.startsWith("\r") ? "\r" : "";
  const parts = s.slice(lead.length).split(/(\x1b\[[0-9;]*[mK]|\n)/);
  const kept = (i: number): boolean => {
    const p = parts[i];
    if (p === "\n" || p === RESET || p === ERASE_LINE) return true;
    if (!OWN_COLOUR.test(p)) return false;
    for (let j = i + 2; j < parts.length && parts[j] !== "\n"; j += 2) if (parts[j] === RESET) return true;
    return false;
  };
  return lead + parts.map((p, i) => (i % 2 === 1 && kept(i) ? p : cleanText(p))).join("");
}

// ---------------------------------------------------------------- HTML

/** Text or attribute value for HTML (and inline HTML in Markdown). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;",
  );
}

/** User text as HTML text or attribute value, control characters shown. */
export function htmlText(s: string): string {
  return escapeHtml(cleanText(s));
}

// ---------------------------------------------------------------- Markdown (GitHub)

/**
 * A zero-width space, written as an entity so it is visible in the Markdown
 * source. GitHub decodes it inside the text, where it splits a pattern that
 * would otherwise turn into a mention, an issue reference or a link, while the
 * reader still sees `@ben` or `https://…`.
 */
const ZWSP = "&#8203;";

/**
 * Text safe inside a GitHub table cell, heading, list item or paragraph:
 * - one line (newlines and other controls shown as `\xNN`, see cleanText);
 * - no raw HTML, entities or comment openers (`<!--`): `& < >` become entities;
 * - no markup: `\ ` * _ [ ] # | ~ $` are backslash-escaped (so no emphasis, code,
 *   links or images, strike-through, math, and no cell break on `|`); `_`
 *   inside a word stays as is (GitHub does not emphasise `hand_raisers`); a
 *   leading `-`, `+` or `1.` is escaped too (no list where the text begins an
 *   item), and leading and trailing spaces are entities (no code block, no
 *   hard line break);
 * - no notifications or cross-references: `@ben`, `@org/team` and `#123`,
 *   `GH-123` get a zero-width space after the `@`, `#` or `GH`;
 * - no autolinks: a zero-width space after the `:` of `scheme://`, after any
 *   `www` before a dot (GitHub links `_www.x.com` too), and after the `@` of an
 *   e-mail address. Bare domains (`acme.com`) stay: GitHub does not link them.
 */
export function escapeMarkdown(s: string): string {
  return (
    cleanText(s)
      .replace(/[\\`*[\]#|~$]/g, (c) => "\\" + c)
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, "\\_")
      // a list marker where the text begins a list item ("- " + lead id)
      .replace(/^[-+]|^(\d+)([.)])/, (m, n, p) => (n === undefined ? "\\" + m : `${n}\\${p}`))
      .replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"))
      // From here on a rule must not match inside the entity another rule inserted.
      // issue and pull-request references
      .replace(/#(?=\p{N})/gu, "#" + ZWSP)
      .replace(/\b(gh)-(?=\p{N})/giu, `$1${ZWSP}-`)
      // spaces that would indent (code block) or end a line (hard break)
      .replace(/^ +| +$/g, (m) => "&#32;".repeat(m.length))
      // mentions and e-mail autolinks
      .replace(/@/g, "@" + ZWSP)
      // autolinks: http://, https://, ftp://, any scheme; www.
      .replace(/:(?=\/\/)/g, ":" + ZWSP)
      .replace(/(www)\./gi, `$1${ZWSP}.`)
  );
}

// ---------------------------------------------------------------- JSON

// The same characters less C0: JSON.stringify escapes those inside strings, and
// the newlines outside strings are the document's own indentation.
const JSON_UNSAFE = new RegExp(UNSAFE_TEXT_CLASS.replace("\\u0000-\\u001f", ""), "g");

/**
 * JSON.stringify, with the characters JSON may carry raw that a terminal or
 * viewer acts on (DEL, C1 controls, bidi controls, U+2028/9) written as
 * `\uXXXX` escapes. The document parses to the same value; `jq` and `cat`
 * show it safely. (JSON.stringify already escapes C0 controls.)
 */
export function jsonText(value: object, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(
    JSON_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
