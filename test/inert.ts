// Checks that rendered output is inert (issue 7 part 4), shared by the
// renderer properties (test/engine/escape.test.ts) and the end-to-end CLI
// test (test/cli/hostile-output.test.ts).
import MarkdownIt from "markdown-it";
import { expect } from "vitest";
import { hasUnsafeText } from "../engine/render/escape.ts";

/**
 * GitHub-like Markdown: raw HTML allowed, URLs and e-mails linked. Like GitHub,
 * no bare domains (`acme.com`); GitHub's `www.` links are checked on the text
 * (GITHUB_ACTIVE), as markdown-it links them only with bare domains.
 */
export const md = new MarkdownIt({ html: true, linkify: true });
md.linkify.set({ fuzzyLink: false, fuzzyEmail: true });

/** Tags (and attribute names) in order: the structure of an HTML page. */
export function structure(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<(\/?[a-zA-Z][\w-]*|!--|!doctype)([^>]*)>/g)) {
    // quoted values first (user text lives there, `"` escaped), then boolean attributes
    const attrs = [...m[2].matchAll(/([\w:-]+)="[^"]*"/g)].map((a) => a[1]);
    const bare = m[1] === "!doctype" ? [] : (m[2].replace(/([\w:-]+)="[^"]*"/g, " ").match(/[^\s/]+/g) ?? []);
    attrs.push(...bare);
    out.push(`${m[1]}${attrs.length ? `[${attrs.join(",")}]` : ""}`);
  }
  return out;
}

/** The text a reader sees in rendered HTML (markdown-it escapes only these four). */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&(lt|gt|quot|amp);/g, (_, e) => ({ lt: "<", gt: ">", quot: '"', amp: "&" })[e as "lt"]);
}

/** What GitHub turns into a link, a notification or a cross-reference, in text. */
export const GITHUB_ACTIVE: [string, RegExp][] = [
  ["mention or e-mail", /@[\p{L}\p{N}_-]/u],
  ["issue reference", /#\p{N}/u],
  ["GH- reference", /\bGH-\p{N}/iu],
  ["scheme:// autolink", /[a-z]:\/\//i],
  ["www. autolink", /www\./i],
];

export function expectInertMarkdown(source: string, harmless: string): void {
  expect(source).not.toContain("<!--");
  expect(source).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
  const html = md.render(source);
  const tags = structure(html);
  expect(tags).toEqual(structure(md.render(harmless)));
  expect(tags.filter((t) => /^(a|img)\b|href|src/.test(t))).toEqual([]);
  const text = visibleText(html);
  for (const [what, re] of GITHUB_ACTIVE) expect([what, re.exec(text)?.[0]]).toEqual([what, undefined]);
  // GitHub-only constructs markdown-it does not know (math, task boxes,
  // footnotes): user text adds no unescaped `$` or `[`
  for (const ch of ["$", "["]) expect([ch, unescaped(source, ch)]).toEqual([ch, unescaped(harmless, ch)]);
}

/** How many times `ch` occurs in Markdown source other than backslash-escaped. */
function unescaped(source: string, ch: string): number {
  let n = 0;
  for (let i = 0; i < source.length; i++) {
    if (source[i] === "\\") i++;
    else if (source[i] === ch) n++;
  }
  return n;
}

/** Terminal text: nothing but printable characters and newlines (colour codes only our own SGR). */
export function expectInertTerminal(text: string): void {
  const plain = text.replace(/\x1b\[[0-9;]*m/g, "");
  for (const line of plain.split("\n")) expect([line, hasUnsafeText(line)]).toEqual([line, false]);
}

export function expectInertHtml(page: string, harmless: string): void {
  const tags = structure(page);
  expect(tags).toEqual(structure(harmless));
  expect(tags.filter((t) => /^(a|img|script|iframe|object|embed|link)\b|href|src|\bon/.test(t))).toEqual([]);
  expect(page).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
}

export function expectInertJson(json: string, value: unknown): void {
  expect(JSON.parse(json)).toEqual(value);
  expectInertTerminal(json);
}
