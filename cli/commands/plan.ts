// sla plan SPEC [--format table|json]: the funnel behind the commitments.
import { computePlan } from "../../engine/plan.ts";
import { cleanText, jsonText } from "../../engine/render/escape.ts";
import { displayWidth, padEndDisplay } from "../../engine/render/format.ts";
import { oneOf, parseArgs } from "../args.ts";
import { type CliIO, EXIT, UsageError } from "../io.ts";
import { loadSpec } from "../spec.ts";

const HELP = `usage: sla plan SPEC [--format table|json]

Prints the funnel math of the spec's 'plan': how many of each stage per year,
quarter and month are needed to reach the revenue goal (rounded up), or what a
top-of-funnel volume yields (rounded down).
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { values: ["format"], flags: ["help"] });
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
