// Ordered classifiers (segments, personas, actions; first match wins):
// conditions type-check, `otherwise` comes last and once, and no classifier
// is shadowed by an earlier one.
import type * as A from "../ast.ts";
import { Shadowing, WORK_LIMIT } from "../shadowing.ts";
import type { CheckContext } from "./context.ts";
import { checkExpr } from "./expressions.ts";

const shadowingOf = new WeakMap<CheckContext, Shadowing>();

export function checkClassifiers(cx: CheckContext, list: A.ClassifierStmt[]): void {
  const otherwise = list.find((s) => s.otherwise);
  for (const s of list) {
    if (s.when) checkExpr(cx, s.when);
    if (otherwise && s !== otherwise && s.range.start > otherwise.range.start) {
      const kind = s.kind.toLowerCase();
      if (s.otherwise) cx.report("SLA403", s.range, `only one ${kind} may be 'otherwise'`);
      else
        cx.report(
          "SLA401",
          s.range,
          `${kind} '${s.name.name}' comes after '${otherwise.name.name} otherwise' and can never match`,
          `move it above '${otherwise.name.name}'`,
        );
    }
  }
  // Shadowing: a later classifier whose condition implies an earlier one's.
  const upTo = otherwise ? list.filter((s) => s.range.start <= otherwise.range.start) : list;
  let shadowing = shadowingOf.get(cx);
  if (!shadowing) shadowingOf.set(cx, (shadowing = new Shadowing(cx.m.terms)));
  const { shadowedBy, stoppedAt } = shadowing.find(upTo.map((s) => s.when));
  upTo.forEach((later, j) => {
    const i = shadowedBy[j];
    if (i < 0 || !later.when) return;
    const earlier = upTo[i];
    cx.report(
      "SLA402",
      later.name.range,
      `${later.kind.toLowerCase()} '${later.name.name}' can never match: every lead it matches already matches '${earlier.name.name}' (first match wins)`,
      `move it above '${earlier.name.name}' or narrow '${earlier.name.name}'`,
    );
  });
  if (stoppedAt >= 0) {
    const at = upTo[stoppedAt];
    const kind = at.kind.toLowerCase();
    cx.report(
      "SLA404",
      at.name.range,
      `check skipped: too many ${kind}s to compare; ${kind}s from '${at.name.name}' on were not checked for being shadowed`,
      `the shadowing check stops after ${WORK_LIMIT.toLocaleString("en-US")} steps; split the agreement or use fewer, simpler conditions`,
    );
  }
}
