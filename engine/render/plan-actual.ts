// Plan vs actual as terminal text (`sla plan --events`): stage volumes per
// month next to the plan's, conversion rates next to the plan's, and the step
// that breaks the math. User text (stage names, group values) goes through
// cleanText. Browser-safe.
import type { PlanActualReport, StageSource } from "../plan-actual.ts";
import { cleanText } from "./escape.ts";
import { DASH, displayWidth, formatInt, formatPercent, padEndDisplay } from "./format.ts";

function sourceText(s: StageSource): string {
  switch (s.kind) {
    case "term":
      return `term ${s.term}`;
    case "event":
      return s.type;
    case "event-prefix":
      return `${s.prefix}*`;
    case "created":
      return "lead.created";
    case "none":
      return "no events";
  }
}

export function renderPlanActual(r: PlanActualReport): string {
  const lines: string[] = [];
  const table = (head: string[], rows: string[][], left = 1) => {
    const w = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((row) => displayWidth(row[i]))));
    const fmt = (row: string[]) =>
      `  ${row.map((c, i) => (i < left ? padEndDisplay(c, w[i]) : c.padStart(w[i]))).join("  ")}`.trimEnd();
    lines.push(fmt(head), ...rows.map(fmt));
  };
  lines.push("Plan vs actual: leads reaching each stage per month (each lead counted once per stage)", "");
  table(
    ["stage", "counted from", "plan/month", ...r.months],
    r.stages.map((s) => [
      cleanText(s.stage),
      cleanText(sourceText(s.source)),
      formatInt(s.planPerMonth),
      ...r.months.map((m) => (s.source.kind === "none" ? DASH : formatInt(s.months[m]))),
    ]),
    2,
  );
  lines.push("", "Conversion (leads reaching the later stage / the earlier stage, same month)", "");
  table(
    ["step", "plan", "overall", ...r.months],
    r.steps.map((s) => [
      `${cleanText(s.from)} → ${cleanText(s.to)}`,
      formatPercent(s.plan),
      s.overall === null ? DASH : `${formatPercent(s.overall)} ${s.overall >= s.plan ? "✓" : "✗"}`,
      ...r.months.map((m) => (s.months[m] === null ? DASH : formatPercent(s.months[m]))),
    ]),
  );
  lines.push(
    "",
    r.breaks
      ? `The step that breaks the math: ${cleanText(r.breaks.from)} → ${cleanText(r.breaks.to)}, ${formatPercent(r.breaks.actual)} against ${formatPercent(r.breaks.plan)} planned.`
      : r.steps.every((s) => s.overall === null)
        ? "No step can be measured: the events show no two consecutive stages (see --stage)."
        : "Every measured step is at or above its plan rate.",
  );
  if (r.by !== null) {
    lines.push("", `By ${cleanText(r.by)}:`);
    for (const s of r.stages) {
      if (!s.byGroup || s.source.kind === "none") continue;
      lines.push(`  ${cleanText(s.stage)}`);
      for (const [g, gm] of Object.entries(s.byGroup))
        lines.push(`    ${cleanText(g)}: ${r.months.map((m) => `${m} ${formatInt(gm[m] ?? 0)}`).join(", ")}`);
    }
  }
  return lines.join("\n") + "\n";
}
