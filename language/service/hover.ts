// Hover: what the word under the pointer means. A name shows its definition
// (the statement that declares it, as written) and what it does in the
// agreement: a term its condition and, when the page has replayed data, how
// many leads matched it; a segment its obligations; a field its type; a team
// its reps. A keyword shows one line of meaning.
import type * as A from "../ast.ts";
import { tokenEnd } from "../literals.ts";
import { KEYWORD_TOKENS } from "../lexer.ts";
import { dayNumbers } from "../vocabulary.ts";
import { clampOffset, fieldTypeText } from "./completion.ts";
import {
  analyze,
  type Doc,
  declarationOf,
  type Occurrence,
  occurrenceAt,
  peopleOf,
  sameSymbol,
  sourceOf,
  tokensOf,
} from "./document.ts";
import { guarded } from "./guard.ts";
import type { HoverData, Range, TermCounts } from "./types.ts";
import { BUILTIN_LEAD_EVENTS, keywordMeaning, PERIOD_MEANINGS, unitMeaning } from "./words.ts";

export interface HoverOptions {
  /** match counts from the last replay of the loaded data (absent: no data line) */
  termCounts?: TermCounts | null;
}

/** Longest source excerpt shown in a hover. */
const MAX_EXCERPT_LINES = 12;
const MAX_LISTED = 8;

/** The hover at `offset` of `text`, or null. Never throws. */
export function hover(text: string, offset: number, opts: HoverOptions = {}): HoverData | null {
  return guarded(null, () => {
    const doc = analyze(text);
    const at = clampOffset(text, offset);
    const o = occurrenceAt(doc, at);
    if (o) return { range: o.range, markdown: symbolHover(doc, o, opts) };
    return wordHover(doc, at);
  });
}

function symbolHover(doc: Doc, o: Occurrence, opts: HoverOptions): string {
  const m = doc.model;
  const decl = declarationOf(doc, o);
  const parts: string[] = [];
  switch (o.kind) {
    case "term": {
      parts.push(`**term** \`${o.name}\`: a named condition`);
      if (decl) parts.push(code(doc, decl.statement.range));
      else parts.push("_not defined in this file_");
      const counts = opts.termCounts;
      if (counts && decl) {
        const c = counts.terms.find((t) => t.name === o.name);
        if (c)
          parts.push(
            `**${num(c.ever)} of ${num(counts.leads)} leads** in the loaded data matched it at some point ` +
              `(${num(c.atEnd)} still match at the end of the data).`,
          );
        else parts.push("_not in the last replay of the loaded data (the spec has errors or changed since)_");
      }
      parts.push(usedBy(doc, o));
      break;
    }
    case "segment": {
      const i = m.segments.findIndex((s) => s.name.name === o.name);
      parts.push(
        i >= 0
          ? `**segment** \`${o.name}\`: tried ${ordinal(i + 1)} of ${m.segments.length} (the first match wins)`
          : `**segment** \`${o.name}\``,
      );
      if (decl) parts.push(code(doc, decl.statement.range));
      const obligations = m.obligations.filter((x) =>
        x.kind === "Expect" ? x.segment?.name === o.name : x.segment.name === o.name,
      );
      if (obligations.length)
        parts.push(
          `**Obligations** (${obligations.length})`,
          codeBlock(obligations.slice(0, MAX_LISTED).map((x) => excerpt(doc, x.range))),
        );
      else if (decl) parts.push("No obligations: leads in this segment have no clocks.");
      break;
    }
    case "field": {
      const f = m.fields.get(o.name);
      parts.push(
        f ? `**field** \`${o.name}\`: ${fieldTypeText(f.type, f.values)}` : `**field** \`${o.name}\`: not declared`,
      );
      if (f?.type === "enum" && f.values.length > 6)
        parts.push(codeBlock([f.values.slice(0, 40).join(", ") + (f.values.length > 40 ? ", …" : "")]));
      parts.push(usedBy(doc, o));
      break;
    }
    case "enum-value": {
      const f = o.field ? m.fields.get(o.field) : undefined;
      parts.push(`**value** of field \`${o.field}\`${f ? `: ${fieldTypeText(f.type, f.values)}` : ""}`);
      parts.push(usedBy(doc, o));
      break;
    }
    case "team": {
      const t = m.teams.get(o.name);
      parts.push(`**team** \`${o.name}\``);
      if (t) {
        parts.push(`members (round-robin order): ${t.members.map(personText).join(", ") || "none"}`);
        parts.push(`manager: ${t.manager ? personText(t.manager) : "none"}`);
      } else parts.push("_not declared in this file_");
      parts.push(usedBy(doc, o));
      break;
    }
    case "person": {
      const roles = peopleOf(m).get(o.name) ?? [];
      parts.push(`**rep** \`${o.name}\`: ${roles.map((r) => `${r.role} of team ${r.team}`).join(", ")}`);
      const aliases = roles.flatMap((r) => r.person.aliases.map((a) => a.value));
      if (aliases.length) parts.push(`also written: ${aliases.map((a) => `"${a}"`).join(", ")}`);
      break;
    }
    case "calendar":
      parts.push(`**calendar** \`${o.name}\`: business hours for business-time windows`);
      if (decl) parts.push(code(doc, decl.statement.range));
      else parts.push("_not declared in this file_");
      break;
    case "persona":
    case "action": {
      parts.push(
        `**${o.kind}** \`${o.name}\`: ${o.kind === "persona" ? "who the lead is (a row" : "what the lead did (a column"} of the value chart)`,
      );
      if (decl) parts.push(code(doc, decl.statement.range));
      const chart = m.value;
      if (chart) {
        if (o.kind === "persona") {
          const row = chart.rows.find((r) => r.persona.name === o.name);
          if (row)
            parts.push(`worth: ${chart.columns.map((c, i) => `${c.name} ${row.cells[i]?.text ?? "?"}`).join(", ")}`);
        } else {
          const col = chart.columns.findIndex((c) => c.name === o.name);
          if (col >= 0)
            parts.push(`worth: ${chart.rows.map((r) => `${r.persona.name} ${r.cells[col]?.text ?? "?"}`).join(", ")}`);
        }
      }
      break;
    }
    case "event": {
      const builtin = BUILTIN_LEAD_EVENTS.get(o.name);
      parts.push(`**event** \`${o.name}\`: ${builtin ?? "a custom event type (events the data carries)"}`);
      parts.push(usedBy(doc, o));
      break;
    }
    case "stage": {
      parts.push(`**plan stage** \`${o.name}\``);
      const plan = m.plan;
      if (plan)
        parts.push(
          codeBlock(
            plan.lines
              .filter((l) => l.kind === "PlanStep" && (l.from.name === o.name || l.to.name === o.name))
              .map((l) => excerpt(doc, l.range)),
          ),
        );
      break;
    }
    case "unit":
      parts.push(`**window unit** \`${o.name}\`: ${unitMeaning(o.name) || "not a window unit"}`);
      break;
    case "period":
      parts.push(`**period** \`${o.name}\`: ${PERIOD_MEANINGS.get(o.name) ?? "not a period (month, quarter, year)"}`);
      break;
    case "day": {
      const days = dayNumbers(o.name);
      parts.push(
        `**day** \`${o.name}\`${days ? `: ${days.map((d) => DAY_NAMES[d - 1]).join(", ")}` : ": not a day name"}`,
      );
      break;
    }
  }
  return parts.filter(Boolean).join("\n\n");
}

const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** A keyword (or a literal) under the pointer. */
function wordHover(doc: Doc, at: number): HoverData | null {
  const tokens = tokensOf(doc);
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid];
    if (tokenEnd(t) < at) lo = mid + 1;
    else if (t.startOffset > at) hi = mid - 1;
    else {
      const range = { start: t.startOffset, end: tokenEnd(t) };
      if (KEYWORD_TOKENS.has(t.tokenType)) return { range, markdown: `**${t.image}**: ${keywordMeaning(t.image)}` };
      if (t.tokenType.name === "Duration")
        return { range, markdown: `**${t.image}**: calendar time, around the clock (nights and weekends count)` };
      if (t.tokenType.name === "Percent") return { range, markdown: `**${t.image}**: a share (${t.image} of 1)` };
      return null;
    }
  }
  return null;
}

/** "Used by: term VQL, segment trials, respond to trials within 24 business hours" */
function usedBy(doc: Doc, o: Occurrence): string {
  const seen = new Set<A.Statement>();
  const labels: string[] = [];
  for (const x of doc.occurrences)
    if (sameSymbol(x, o) && !x.declaration && !seen.has(x.statement)) {
      seen.add(x.statement);
      labels.push(statementLabel(doc, x.statement));
    }
  if (!labels.length) return "";
  const shown = labels.slice(0, MAX_LISTED).map((l) => `\`${l}\``);
  return `Used by: ${shown.join(", ")}${labels.length > MAX_LISTED ? `, and ${labels.length - MAX_LISTED} more` : ""}`;
}

export function statementLabel(doc: Doc, s: A.Statement): string {
  switch (s.kind) {
    case "Define":
      return `term ${s.name.name}`;
    case "Segment":
    case "Persona":
    case "Action":
    case "Team":
    case "Calendar":
      return `${s.kind.toLowerCase()} ${s.name.name}`;
    default: {
      const first = sourceOf(doc, s.range)
        .split(/[\n\r]/)[0]
        .trim();
      return first.length > 70 ? `${first.slice(0, 69)}…` : first;
    }
  }
}

function personText(p: A.Person): string {
  return p.written.kind === "String" ? `"${p.name}"` : p.name;
}

/** A statement as written, at most MAX_EXCERPT_LINES lines. */
function excerpt(doc: Doc, r: Range): string {
  // Start at the line's start so continuation lines keep their indentation.
  const lineStart = doc.text.lastIndexOf("\n", r.start - 1) + 1;
  const lead = doc.text.slice(lineStart, r.start);
  const body = (/^\s*$/.test(lead) ? lead : "") + sourceOf(doc, r);
  const lines = body.split(/\r\n|\n|\r/);
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
  const shown = lines.slice(0, MAX_EXCERPT_LINES).map((l) => l.slice(Number.isFinite(indent) ? indent : 0));
  if (lines.length > MAX_EXCERPT_LINES) shown.push("…");
  return shown.join("\n");
}

function code(doc: Doc, r: Range): string {
  return codeBlock([excerpt(doc, r)]);
}

function codeBlock(blocks: string[]): string {
  // a fence longer than any run of backticks inside (strings may hold them)
  const body = blocks.join("\n\n");
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((s) => s.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}sla\n${body}\n${fence}`;
}

function num(n: number): string {
  return n.toLocaleString("en-US");
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${s}`;
}
