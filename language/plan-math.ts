// The funnel math behind a `plan`: from a revenue goal down to the leads each
// stage needs (rounding up: you need whole leads), or from a top-of-funnel
// volume down to what each stage yields (rounding down: you get whole deals).
// Shared by the checker (SLA480) and the engine (engine/plan.ts).
import type { IRPlan } from "./ir.ts";

export interface PlanStage {
  name: string;
  perYear: number;
  perQuarter: number;
  perMonth: number;
}

export interface PlanReport {
  direction: "from-revenue" | "from-volume";
  /** dollars per year: the goal, or what the volume yields (null without an average deal) */
  revenuePerYear: number | null;
  averageDeal: number | null;
  stages: PlanStage[];
}

export function computePlan(plan: IRPlan): PlanReport {
  const names = plan.steps.length ? [plan.steps[0].from, ...plan.steps.map((s) => s.to)] : [];
  const perYear: number[] = new Array(names.length).fill(0);
  const fromRevenue = plan.revenuePerYear !== null && plan.averageDeal !== null;
  if (fromRevenue) {
    // Integer cents in, whole customers out.
    perYear[names.length - 1] = Math.ceil(plan.revenuePerYear! / plan.averageDeal!);
    for (let i = plan.steps.length - 1; i >= 0; i--) perYear[i] = ceilDiv(perYear[i + 1], plan.steps[i].rate);
  } else {
    perYear[0] = plan.volumePerYear ?? 0;
    for (let i = 0; i < plan.steps.length; i++) perYear[i + 1] = floorMul(perYear[i], plan.steps[i].rate);
  }
  const split = (n: number, parts: number) =>
    fromRevenue ? Math.ceil(n / parts - 1e-9) : Math.floor(n / parts + 1e-9);
  const last = perYear[perYear.length - 1] ?? 0;
  return {
    direction: fromRevenue ? "from-revenue" : "from-volume",
    revenuePerYear: fromRevenue
      ? plan.revenuePerYear! / 100
      : plan.averageDeal !== null
        ? (last * plan.averageDeal) / 100
        : null,
    averageDeal: plan.averageDeal === null ? null : plan.averageDeal / 100,
    stages: names.map((name, i) => ({
      name,
      perYear: perYear[i],
      perQuarter: split(perYear[i], 4),
      perMonth: split(perYear[i], 12),
    })),
  };
}

// Rates like 70% are not exact in binary: 200 / 0.7 = 285.714..., but 70 / 0.7
// must be exactly 100, not 100.00000000000001 -> 101. Nudge by a tiny epsilon.
function ceilDiv(n: number, rate: number): number {
  return Math.ceil(n / rate - 1e-9);
}
function floorMul(n: number, rate: number): number {
  return Math.floor(n * rate + 1e-9);
}
