// The funnel math behind a `plan`: it lives in the language (the checker
// compares commitments with it, SLA480); the engine and the CLI use it from here.
export { computePlan, type PlanReport, type PlanStage } from "../language/plan-math.ts";
