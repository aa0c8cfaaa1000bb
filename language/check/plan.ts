// The plan: a revenue goal with an average deal, or a volume, and a chain of
// conversion steps.
import type * as A from "../ast.ts";
import { checkPeriod } from "./commitments.ts";
import type { CheckContext } from "./context.ts";
import { finiteLiteral } from "./expressions.ts";

export function checkPlan(cx: CheckContext): void {
  const p = cx.m.plan;
  if (!p) return;
  const seen = new Map<string, A.PlanLine>();
  let prev: (A.PlanLine & { kind: "PlanStep" }) | null = null;
  for (const l of p.lines) {
    if (l.kind !== "PlanStep") {
      if (seen.has(l.kind)) cx.report("SLA453", l.range, "this plan line is given twice");
      seen.set(l.kind, l);
      if (l.kind === "PlanRevenue" || l.kind === "PlanVolume") checkPeriod(cx, l.per);
      if (!finiteLiteral(cx, l.amount)) continue;
      if ((l.kind === "PlanRevenue" || l.kind === "PlanAverageDeal") && !(l.amount.cents > 0))
        cx.report("SLA442", l.amount.range, "must be more than zero");
      if (l.kind === "PlanVolume" && !(l.amount.value > 0))
        cx.report("SLA442", l.amount.range, "must be more than zero");
      else if (l.kind === "PlanVolume" && !Number.isInteger(l.amount.value))
        cx.report("SLA442", l.amount.range, "a volume is a whole number");
      continue;
    }
    if (!(l.rate.value > 0 && l.rate.value <= 1))
      cx.report(
        "SLA422",
        l.rate.range,
        `conversion ${l.rate.text} is out of range`,
        "a conversion rate is above 0% and at most 100%",
      );
    if (prev && prev.to.name !== l.from.name)
      cx.report(
        "SLA451",
        l.from.range,
        `stage '${l.from.name}' does not follow '${prev.to.name}'`,
        `write: ${prev.to.name} to ${l.to.name} ${l.rate.text}`,
      );
    prev = l;
  }
  const hasRevenue = seen.has("PlanRevenue");
  const hasVolume = seen.has("PlanVolume");
  if (hasRevenue && !seen.has("PlanAverageDeal"))
    cx.report(
      "SLA452",
      seen.get("PlanRevenue")!.range,
      "a revenue goal needs an average deal size",
      "add: average deal $10,000",
    );
  if (!hasRevenue && !hasVolume)
    cx.report(
      "SLA452",
      p.range,
      "a plan starts from a revenue goal or a volume",
      "add: revenue $1,000,000 per year (with average deal), or: volume 3000 per year",
    );
  if (hasRevenue && hasVolume)
    cx.report(
      "SLA452",
      seen.get("PlanVolume")!.range,
      "a plan starts from either a revenue goal or a volume, not both",
    );
  if (!p.lines.some((l) => l.kind === "PlanStep"))
    cx.report("SLA452", p.range, "a plan needs at least one stage, like: lead to opportunity 70%");
}
