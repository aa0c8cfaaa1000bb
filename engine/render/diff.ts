// The renderings of a SimDiff (`sla diff`): plain text for a terminal and
// GitHub Markdown for a pull-request comment. User strings (obligation and
// commitment names, lead ids, owners) go through cleanText or escapeMarkdown
// (./escape.ts); `--format json` is toJson. Browser-safe.
import type { SimDiff } from "../diff.ts";
import type { BreachRecord } from "../result.ts";
import { cleanText, escapeMarkdown } from "./escape.ts";
import { displayWidth, formatTime, padEndDisplay, padStartDisplay, timesIn } from "./format.ts";

function pct(x: number | null | undefined): string {
  return x === null || x === undefined ? "–" : `${(x * 100).toFixed(1)}%`;
}
function delta(a: number | null | undefined, b: number | null | undefined): string {
  if (a === null || a === undefined || b === null || b === undefined) return "";
  const d = b - a;
  return d === 0 ? "" : ` (${d > 0 ? "+" : ""}${Number.isInteger(d) ? d : d.toFixed(2)})`;
}

/** Plain text (terminal) or GitHub markdown (pull-request comment). */
export function renderDiff(d: SimDiff, format: "table" | "md", maxBreaches = 20): string {
  const md = format === "md";
  /** user text for this format */
  const u = md ? escapeMarkdown : cleanText;
  const rows: string[][] = [["obligation", "in scope", "met", "breached", "pending", "compliance"]];
  for (const o of d.obligations) {
    const a = o.before;
    const b = o.after;
    const name = a && b ? u(o.name) : a ? `${u(o.name)} (removed)` : `${u(o.name)} (new)`;
    const cell = (k: "inScope" | "met" | "breached" | "pending") =>
      b ? `${b[k]}${delta(a?.[k], b[k])}` : `${a![k]} → –`;
    const comp =
      a && b ? `${pct(a.compliance)} → ${pct(b.compliance)}` : b ? pct(b.compliance) : `${pct(a!.compliance)} → –`;
    rows.push([name, cell("inScope"), cell("met"), cell("breached"), cell("pending"), comp]);
  }
  const out: string[] = [];
  out.push(
    md
      ? `### What this SLA change would have done (${d.events.toLocaleString("en-US")} events · ${u(timesIn(d.timezone))})`
      : `What the change would have done, replaying ${d.events.toLocaleString("en-US")} events · ${u(timesIn(d.timezone))}`,
    "",
  );
  out.push(...table(rows, md), "");
  if (d.commitments.length) {
    const crows: string[][] = [["commitment", "period", "before", "after"]];
    for (const c of d.commitments)
      for (const p of c.periods)
        if (p.before !== p.after || p.goalBefore !== p.goalAfter)
          crows.push([
            u(c.name),
            p.period,
            `${p.before ?? "–"} / goal ${p.goalBefore ?? "–"}`,
            `${p.after ?? "–"} / goal ${p.goalAfter ?? "–"}`,
          ]);
    if (crows.length > 1) out.push(...table(crows, md), "");
  }
  const list = (title: string, bs: BreachRecord[]) => {
    out.push(`${md ? "**" : ""}${title}: ${bs.length.toLocaleString("en-US")}${md ? "**" : ""}`);
    for (const b of bs.slice(0, maxBreaches)) {
      const line = `${u(b.lead)}  ${u(b.name)}  due ${formatTime(b.due, d.timezone)}  owner ${b.owner === null ? "–" : u(b.owner)}`;
      // in Markdown, spaces after "- " would start a code block (an empty lead id)
      out.push(md ? `- ${line.trimStart()}` : `  ${line}`);
    }
    if (bs.length > maxBreaches)
      out.push(`${md ? "- " : "  "}… and ${(bs.length - maxBreaches).toLocaleString("en-US")} more`);
    out.push("");
  };
  list("New breaches", d.newBreaches);
  list("Breaches that would no longer happen", d.goneBreaches);
  return out.join("\n");
}

/** Cells are already escaped for the format; text columns align by display width (CJK and emoji take two). */
function table(rows: string[][], md: boolean): string[] {
  if (md)
    return [
      `| ${rows[0].join(" | ")} |`,
      `|${rows[0].map(() => "---").join("|")}|`,
      ...rows.slice(1).map((r) => `| ${r.join(" | ")} |`),
    ];
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i]))));
  return rows.map(
    (r) => "  " + r.map((c, i) => (i === 0 ? padEndDisplay(c, w[i]) : padStartDisplay(c, w[i]))).join("  "),
  );
}
