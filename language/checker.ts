// Semantic checks over the AST: names, types, enum values, cycles, ordering,
// value chart shape, windows, calendars, teams and the plan. Produces
// diagnostics and a resolved `Model` the compiler reads.
//
// Each concern is a pass in language/check/; they run in this order (the
// order diagnostics are reported in before sorting), over one CheckContext.
import type * as A from "./ast.ts";
import { checkCalendars } from "./check/calendars.ts";
import { checkClassifiers } from "./check/classifiers.ts";
import { collect } from "./check/collect.ts";
import { checkDelivers } from "./check/commitments.ts";
import { CheckContext, type Model } from "./check/context.ts";
import { checkHeader } from "./check/header.ts";
import { checkObligations } from "./check/obligations.ts";
import { checkPlan } from "./check/plan.ts";
import { checkPlanCommitments } from "./check/plan-commitments.ts";
import { checkTeams } from "./check/teams.ts";
import { checkTerms } from "./check/terms.ts";
import { checkValue } from "./check/value-chart.ts";
import type { Diagnostic } from "./diagnostics.ts";

export type { FieldInfo, Model } from "./check/context.ts";
export { isValidDate, isValidZone } from "./check/header.ts";
export { obligationKey } from "./check/obligations.ts";
export type { FieldType } from "./vocabulary.ts";
export { windowText, yesNoValue } from "./vocabulary.ts";

export function check(program: A.Program): { diagnostics: Diagnostic[]; model: Model } {
  const cx = new CheckContext(program);
  collect(cx);
  checkHeader(cx);
  checkCalendars(cx);
  checkTerms(cx);
  for (const list of [cx.m.segments, cx.m.personas, cx.m.actions]) checkClassifiers(cx, list);
  checkTeams(cx);
  checkValue(cx);
  checkDelivers(cx);
  checkObligations(cx);
  checkPlan(cx);
  checkPlanCommitments(cx);
  return { diagnostics: cx.diagnostics, model: cx.m };
}
