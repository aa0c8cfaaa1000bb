// The change list of `sla diff` (language/semantic-diff.ts) for a terminal or
// a GitHub pull-request comment. Every string in a change comes from the spec
// (names, quoted values), so it goes through cleanText or escapeMarkdown.
// Browser-safe.
import type { SemanticChange } from "../../language/semantic-diff.ts";
import type { ActionCount } from "../action-counts.ts";
import type { Flip } from "../flips.ts";
import type { BreachValue, SegmentMove } from "../segment-moves.ts";
import { cleanText, escapeMarkdown } from "./escape.ts";
import { plural } from "./format.ts";

/** Which versions were compared (file, content hash, git commit when known). */
export interface ComparedVersions {
  old: { file: string; sha256: string; git: string | null };
  new: { file: string; sha256: string; git: string | null };
}

const short = (v: ComparedVersions["old"]) =>
  `sha256 ${v.sha256.slice(0, 12)}${v.git ? `, git ${v.git.slice(0, 12)}` : ""}`;

export function renderChanges(changes: SemanticChange[], format: "table" | "md", versions?: ComparedVersions): string {
  const md = format === "md";
  const out: string[] = [];
  if (changes.length === 0) out.push(md ? "### No change in meaning" : "No change in meaning.", "");
  else {
    const n = plural(changes.length, "change");
    out.push(md ? `### What changed in meaning (${n})` : `What changed in meaning (${n})`, "");
    for (const c of changes) out.push(md ? `- ${escapeMarkdown(c.text).trimStart()}` : `  ${cleanText(c.text)}`);
    out.push("");
  }
  // the versions that were compared: what a reviewer signs off on
  if (versions) {
    const u = md ? escapeMarkdown : cleanText;
    const side = (v: ComparedVersions["old"]) => `${u(v.file)} (${short(v)})`;
    out.push(`${md ? "_" : ""}Compared ${side(versions.old)} with ${side(versions.new)}${md ? "_" : ""}`, "");
  }
  return out.join("\n");
}

/** Targets that flip between held and missed on the replayed events (engine/flips.ts). */
export function renderFlips(flips: Flip[], format: "table" | "md"): string {
  const md = format === "md";
  const u = md ? escapeMarkdown : cleanText;
  const out: string[] = [];
  const head = `Targets that flip on these events: ${flips.length === 0 ? "none" : flips.length}`;
  out.push(md ? `**${head}**` : head);
  for (const f of flips) {
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const value = (x: number, goal: number) =>
      f.kind === "obligation"
        ? `${pct(x)} of ${pct(goal)}`
        : `${x.toLocaleString("en-US")} of ${goal.toLocaleString("en-US")}`;
    const line = `${f.name}${f.period ? ` ${f.period}` : ""}: ${f.before} (${value(f.valueBefore, f.goalBefore)}) -> ${f.after} (${value(f.valueAfter, f.goalAfter)})`;
    out.push(md ? `- ${u(line).trimStart()}` : `  ${u(line)}`);
  }
  out.push("");
  return out.join("\n");
}

/** Breach actions fired before -> after, by kind (only the kinds that changed). */
export function renderActionCounts(counts: ActionCount[], format: "table" | "md"): string {
  const changed = counts.filter((c) => c.before !== c.after);
  const md = format === "md";
  const head = "Breach actions fired";
  if (changed.length === 0) return `${md ? `**${head}:**` : `${head}:`} no change\n`;
  const parts = changed.map((c) => {
    const d = c.after - c.before;
    return `${c.type} ${c.before.toLocaleString("en-US")} -> ${c.after.toLocaleString("en-US")} (${d > 0 ? "+" : ""}${d.toLocaleString("en-US")})`;
  });
  return md ? `**${head}:** ${parts.map((p) => escapeMarkdown(p)).join(", ")}\n` : `${head}: ${parts.join(", ")}\n`;
}

/** Leads whose first segment differs, per from -> to, with example ids (engine/segment-moves.ts). */
export function renderSegmentMoves(moves: SegmentMove[], format: "table" | "md"): string {
  const md = format === "md";
  const u = md ? escapeMarkdown : cleanText;
  const total = moves.reduce((n, m) => n + m.count, 0);
  const head = `Leads that land in another segment: ${total === 0 ? "none" : total.toLocaleString("en-US")}`;
  const out = [md ? `**${head}**` : head];
  for (const m of moves) {
    const more = m.count > m.examples.length ? ", …" : "";
    const line = `${m.from} -> ${m.to}: ${m.count.toLocaleString("en-US")} (${m.examples.join(", ")}${more})`;
    out.push(md ? `- ${u(line).trimStart()}` : `  ${u(line)}`);
  }
  out.push("");
  return out.join("\n");
}

/** The value of the leads that newly breach, and of those that no longer do. */
export function renderBreachValue(v: BreachValue, format: "table" | "md"): string {
  const md = format === "md";
  const money = (x: number) => `$${x.toLocaleString("en-US", { maximumFractionDigits: 2 })}`;
  const leads = (n: number) => `${n.toLocaleString("en-US")} lead${n === 1 ? "" : "s"}`;
  const text = `newly breaching ${money(v.newValue)} (${leads(v.newLeads)}), no longer breaching ${money(v.goneValue)} (${leads(v.goneLeads)})`;
  return md ? `**Lead value:** ${escapeMarkdown(text)}\n` : `Lead value: ${text}\n`;
}
