// Plan vs actual as terminal text (`sla plan --events`): stage volumes per
// month next to the plan's, conversion rates next to the plan's, and the step
// that breaks the math. User text (stage names, group values) goes through
// cleanText. Browser-safe.
import type { PlanActualReport, StageSource } from "../plan-actual.ts";
import { cleanText, escapeHtml, escapeMarkdown } from "./escape.ts";
import { DASH, displayWidth, formatInt, formatPercent, padEndDisplay } from "./format.ts";

/** Where a stage's count comes from, in words ("term VQL", "demo.held", "lead.created"). */
export function stageSourceText(s: StageSource): string {
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

export function renderPlanActual(r: PlanActualReport, opts: { title?: boolean } = {}): string {
  const lines: string[] = [];
  const table = (head: string[], rows: string[][], left = 1) => {
    const w = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((row) => displayWidth(row[i]))));
    const fmt = (row: string[]) =>
      `  ${row.map((c, i) => (i < left ? padEndDisplay(c, w[i]) : c.padStart(w[i]))).join("  ")}`.trimEnd();
    lines.push(fmt(head), ...rows.map(fmt));
  };
  if (opts.title !== false)
    lines.push("Plan vs actual: leads reaching each stage per month (each lead counted once per stage)", "");
  table(
    ["stage", "counted from", "plan/month", ...r.months],
    r.stages.map((s) => [
      cleanText(s.stage),
      cleanText(stageSourceText(s.source)),
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

function verdictText(r: PlanActualReport): string {
  return r.breaks
    ? `The step that breaks the math: ${r.breaks.from} → ${r.breaks.to}, ${formatPercent(r.breaks.actual)} against ${formatPercent(r.breaks.plan)} planned.`
    : r.steps.every((s) => s.overall === null)
      ? "No step can be measured: the events show no two consecutive stages."
      : "Every measured step is at or above its plan rate.";
}

function rows(r: PlanActualReport): { stages: string[][]; steps: string[][] } {
  return {
    stages: r.stages.map((s) => [
      s.stage,
      stageSourceText(s.source),
      formatInt(s.planPerMonth),
      ...r.months.map((m) => (s.source.kind === "none" ? DASH : formatInt(s.months[m]))),
    ]),
    steps: r.steps.map((s) => [
      `${s.from} → ${s.to}`,
      formatPercent(s.plan),
      s.overall === null ? DASH : formatPercent(s.overall),
      ...r.months.map((m) => (s.months[m] === null ? DASH : formatPercent(s.months[m]))),
    ]),
  };
}

/** The section for the Markdown report: two GitHub tables and the verdict, all text escaped. */
export function planActualMarkdown(r: PlanActualReport, heading: string): string {
  const e = escapeMarkdown;
  const t = (head: string[], body: string[][], left: number) =>
    [
      `| ${head.map(e).join(" | ")} |`,
      `|${head.map((_, i) => (i < left ? " --- " : " ---: ")).join("|")}|`,
      ...body.map((row) => `| ${row.map(e).join(" | ")} |`),
    ].join("\n");
  const { stages, steps } = rows(r);
  return [
    `${heading}Plan vs actual`,
    t(["Stage", "Counted from", "Plan/month", ...r.months], stages, 2),
    t(["Step", "Plan", "Overall", ...r.months], steps, 1),
    e(verdictText(r)),
  ].join("\n\n");
}

/** The section for the HTML report. */
export function planActualHtml(r: PlanActualReport): string {
  const esc = (s: string) => escapeHtml(cleanText(s));
  const t = (head: string[], body: string[][], left: number) =>
    `<table><thead><tr>${head.map((h, i) => `<th${i < left ? "" : ' class="num"'}>${esc(h)}</th>`).join("")}</tr></thead><tbody>${body
      .map((row) => `<tr>${row.map((c, i) => `<td${i < left ? "" : ' class="num"'}>${esc(c)}</td>`).join("")}</tr>`)
      .join("")}</tbody></table>`;
  const { stages, steps } = rows(r);
  return [
    `<section id="plan-actual">`,
    `<h2>Plan vs actual</h2>`,
    t(["Stage", "Counted from", "Plan/month", ...r.months], stages, 2),
    t(["Step", "Plan", "Overall", ...r.months], steps, 1),
    `<p>${esc(verdictText(r))}</p>`,
    `</section>`,
  ].join("\n");
}
