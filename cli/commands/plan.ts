// sla plan SPEC [--format table|json]: the funnel behind the commitments.
import { computePlan } from "../../engine/plan.ts";
import { planActual } from "../../engine/plan-actual.ts";
import { cleanText, jsonText } from "../../engine/render/escape.ts";
import { displayWidth, padEndDisplay } from "../../engine/render/format.ts";
import { renderPlanActual } from "../../engine/render/plan-actual.ts";
import type { IR } from "../../language/ir.ts";
import { oneOf, parseArgs } from "../args.ts";
import { readEventsFile } from "../events-file.ts";
import { type CliIO, EXIT, UsageError } from "../io.ts";
import { loadSpec } from "../spec.ts";

const HELP = `usage: sla plan SPEC [--format table|json]
       sla plan SPEC --events FILE [--stage STAGE=EVENT,...] [--by FIELD] [--format table|json]

Prints the funnel math of the spec's 'plan': how many of each stage per year,
quarter and month are needed to reach the revenue goal (rounded up), or what a
top-of-funnel volume yields (rounded down).

With --events: plan vs actual. Each month's leads reaching each stage and the
stage-to-stage conversion rates, next to the plan's, and the step that breaks
the math. A stage named like a defined term counts leads when they first match
it; 'lead' counts lead.created; any other stage counts the first custom event
whose type starts with 'STAGE.' (opportunity.created), or the event type given
with --stage (--stage opportunity=demo.held,customer=deal.closed_won).
  --by FIELD   also count each stage per value of a lead field (e.g. source)
  --lenient    skip bad event lines instead of stopping
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { values: ["format", "events", "stage", "by"], flags: ["help", "lenient"] });
  if (a.flags.has("help")) {
    io.out(HELP);
    return EXIT.ok;
  }
  const format = oneOf("format", a.values.get("format"), ["table", "json"] as const, "table");
  if (a.positional.length !== 1) throw new UsageError("give exactly one .sla file\n\n" + HELP);
  const spec = loadSpec(a.positional[0], io);
  if (!spec) return EXIT.failed;
  if (!spec.ir.plan) {
    io.err(`${cleanText(spec.name)}: has no 'plan { ... }' block\n`);
    return EXIT.failed;
  }
  const events = a.values.get("events");
  if (events === undefined && (a.values.has("stage") || a.values.has("by")))
    throw new UsageError("--stage and --by need --events FILE");
  if (events !== undefined) return planVsActual(spec.ir, events, a, format, io);
  const plan = computePlan(spec.ir.plan);
  if (format === "json") {
    io.out(jsonText(plan) + "\n");
    return EXIT.ok;
  }
  const money = (d: number) => "$" + d.toLocaleString("en-US", { maximumFractionDigits: 2 });
  const lines: string[] = [];
  if (plan.direction === "from-revenue")
    lines.push(`Revenue goal ${money(plan.revenuePerYear!)} per year at ${money(plan.averageDeal!)} per deal needs:`);
  else
    lines.push(
      `A volume of ${plan.stages[0]?.perYear.toLocaleString("en-US")} per year yields${plan.revenuePerYear !== null ? ` ${money(plan.revenuePerYear)} of revenue per year` : ""}:`,
    );
  // stage names are identifiers today; shown through cleanText all the same
  const names = plan.stages.map((s) => cleanText(s.name));
  const w = Math.max(5, ...names.map(displayWidth));
  lines.push(
    "",
    `  ${"stage".padEnd(w)}  ${"per year".padStart(10)}  ${"per quarter".padStart(11)}  ${"per month".padStart(9)}`,
  );
  for (const [i, s] of plan.stages.entries())
    lines.push(
      `  ${padEndDisplay(names[i], w)}  ${s.perYear.toLocaleString("en-US").padStart(10)}  ${s.perQuarter.toLocaleString("en-US").padStart(11)}  ${s.perMonth.toLocaleString("en-US").padStart(9)}`,
    );
  io.out(lines.join("\n") + "\n");
  return EXIT.ok;
}

/** "opportunity=demo.held,customer=deal.closed_won" -> stage -> event type */
export function stageOverrides(s: string | undefined, ir: IR): Map<string, string> {
  const out = new Map<string, string>();
  if (s === undefined) return out;
  const stages = new Set(ir.plan ? [ir.plan.steps[0]?.from, ...ir.plan.steps.map((x) => x.to)] : []);
  for (const part of s.split(",")) {
    const m = /^\s*([^=\s]+)\s*=\s*([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\s*$/.exec(part);
    if (!m)
      throw new UsageError(
        `--stage: '${cleanText(part)}' is not STAGE=EVENT.TYPE (e.g. opportunity=opportunity.created)`,
      );
    if (!stages.has(m[1]))
      throw new UsageError(`--stage: the plan has no stage '${cleanText(m[1])}' (stages: ${[...stages].join(", ")})`);
    out.set(m[1], m[2]);
  }
  return out;
}

async function planVsActual(
  ir: IR,
  events: string,
  a: ReturnType<typeof parseArgs>,
  format: "table" | "json",
  io: CliIO,
): Promise<number> {
  const overrides = stageOverrides(a.values.get("stage"), ir);
  const by = a.values.get("by");
  if (by !== undefined && !Object.hasOwn(ir.fields, by))
    throw new UsageError(
      `--by: this SLA has no field '${cleanText(by)}' (fields: ${Object.keys(ir.fields).join(", ")})`,
    );
  const list = await readEventsFile(events, ir, a.flags.has("lenient"), io);
  if (!list) return EXIT.failed;
  const report = planActual(ir, list, { overrides, by });
  if (!report) return EXIT.failed;
  io.out(format === "json" ? jsonText(report) + "\n" : renderPlanActual(report));
  return EXIT.ok;
}

/** --by FIELD, checked against the spec's fields. */
export function planBy(by: string | undefined, ir: IR): string | undefined {
  if (by !== undefined && !Object.hasOwn(ir.fields, by))
    throw new UsageError(
      `--by: this SLA has no field '${cleanText(by)}' (fields: ${Object.keys(ir.fields).join(", ")})`,
    );
  return by;
}
