// SLA480: the plan and the commitments are one story. A plan stage may be a
// defined term (`MQL to SQL 20%` where MQL and SQL are terms); when the plan
// starts from a revenue goal it says how many of that stage the goal needs,
// and a `marketing delivers N TERM per PERIOD` below that number cannot carry
// the plan. (A volume plan forecasts what a volume yields rather than what a
// goal needs, so it sets no floor.)
import type * as A from "../ast.ts";
import type { IRPlan, Period } from "../ir.ts";
import { computePlan } from "../plan-math.ts";
import { period, periodsPerYear } from "../vocabulary.ts";
import type { CheckContext } from "./context.ts";

/** The plan as the compiler would build it, or null when it is incomplete (its errors are reported elsewhere). */
function planOf(p: A.PlanStmt): IRPlan | null {
  const plan: IRPlan = { revenuePerYear: null, averageDeal: null, volumePerYear: null, steps: [] };
  let prev: string | null = null;
  for (const l of p.lines) {
    if (l.kind === "PlanRevenue") {
      const per = period(l.per.name);
      if (!per || !(l.amount.cents > 0)) return null;
      plan.revenuePerYear = l.amount.cents * periodsPerYear(per);
    } else if (l.kind === "PlanAverageDeal") {
      if (!(l.amount.cents > 0)) return null;
      plan.averageDeal = l.amount.cents;
    } else if (l.kind === "PlanVolume")
      return null; // a forecast: no floor
    else {
      if (!(l.rate.value > 0 && l.rate.value <= 1) || (prev !== null && prev !== l.from.name)) return null;
      plan.steps.push({ from: l.from.name, to: l.to.name, rate: l.rate.value });
      prev = l.to.name;
    }
  }
  return plan.revenuePerYear !== null && plan.averageDeal !== null && plan.steps.length ? plan : null;
}

const PER: Record<Period, "perMonth" | "perQuarter" | "perYear"> = {
  month: "perMonth",
  quarter: "perQuarter",
  year: "perYear",
};

export function checkPlanCommitments(cx: CheckContext): void {
  const p = cx.m.plan;
  if (!p || !cx.m.delivers.length) return;
  const plan = planOf(p);
  if (!plan) return;
  const stages = new Map(computePlan(plan).stages.map((s) => [s.name, s]));
  for (const d of cx.m.delivers) {
    if (d.amount.kind !== "Number" || !cx.m.terms.has(d.term.name)) continue;
    const stage = stages.get(d.term.name);
    const per = period(d.per.name);
    if (!stage || !per) continue;
    const need = stage[PER[per]];
    if (d.amount.value >= need) continue;
    const name = d.term.name;
    cx.report(
      "SLA480",
      d.amount.range,
      `Marketing commits to ${d.amount.text} ${name} per ${per}, but the plan needs ${need.toLocaleString("en-US")} ${name} a ${per} to reach its revenue goal`,
      `raise it to: marketing delivers ${need} ${name} per ${per} (or change the plan's goal or rates)`,
    );
  }
}
