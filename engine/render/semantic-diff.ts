// The change list of `sla diff` (language/semantic-diff.ts) for a terminal or
// a GitHub pull-request comment. Every string in a change comes from the spec
// (names, quoted values), so it goes through cleanText or escapeMarkdown.
// Browser-safe.
import type { SemanticChange } from "../../language/semantic-diff.ts";
import { cleanText, escapeMarkdown } from "./escape.ts";
import { plural } from "./format.ts";

export function renderChanges(changes: SemanticChange[], format: "table" | "md"): string {
  const md = format === "md";
  const out: string[] = [];
  if (changes.length === 0) {
    out.push(md ? "### No change in meaning" : "No change in meaning.", "");
    return out.join("\n");
  }
  const n = plural(changes.length, "change");
  out.push(md ? `### What changed in meaning (${n})` : `What changed in meaning (${n})`, "");
  for (const c of changes) out.push(md ? `- ${escapeMarkdown(c.text).trimStart()}` : `  ${cleanText(c.text)}`);
  out.push("");
  return out.join("\n");
}
