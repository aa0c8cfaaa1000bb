// Obligations (respond, cadence, expect): the segment and events they name,
// their window, and their clauses (target, warn at, pause while, on breach).
import type * as A from "../ast.ts";
import { windowText } from "../vocabulary.ts";
import type { CheckContext } from "./context.ts";
import { checkExpr, replaceWith } from "./expressions.ts";
import { checkWindow } from "./windows.ts";

type Obligation = A.RespondStmt | A.CadenceStmt | A.ExpectStmt;

/** The IR id an obligation compiles to, before de-duplication (null when parts are missing). */
export function obligationKey(o: Obligation): string | null {
  if (o.kind === "Respond") return `respond ${o.segment.name}`;
  if (o.kind === "Cadence") return `cadence ${o.segment.name}`;
  if (!o.after) return null;
  return `expect ${o.events.map((e) => e.name).join(" or ")} after ${o.after.name}${o.segment ? ` for ${o.segment.name}` : ""}`;
}

const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

export function checkObligations(cx: CheckContext): void {
  const hasManager = [...cx.m.teams.values()].some((t) => t.manager);
  const ids = new Map<string, A.Statement>();
  for (const o of cx.m.obligations) {
    // Two rules for one segment are fine when their windows differ
    // (5m at 80% and 1h at 99%); the same rule twice is a mistake.
    const id = obligationKey(o);
    if (id !== null && o.within) {
      const key = `${id} within ${windowText(o.within)}`;
      if (ids.has(key))
        cx.report(
          "SLA202",
          o.range,
          `this obligation is already declared (${key})`,
          "remove one, or change its window",
        );
      else ids.set(key, o);
    }
    if (o.kind === "Expect")
      for (const e of [...o.events, ...(o.after ? [o.after] : [])]) {
        if (e.name === "rep.away")
          cx.report("SLA430", e.range, `'rep.away' is about a rep, not a lead; expect rules follow lead events`);
        else if (e.name !== "touch" && !EVENT_TYPE.test(e.name)) {
          const lower = e.name.toLowerCase();
          const casing = /^[a-z]/i.test(e.name) && e.name.includes(".");
          cx.report(
            "SLA430",
            e.range,
            `'${e.name}' is not a valid event type`,
            casing
              ? `event types are lowercase, like ${lower}`
              : "event types are dotted names like demo.started, or touch",
            casing && EVENT_TYPE.test(lower) ? [replaceWith(e.range, lower)] : undefined,
          );
        }
      }
    if (o.kind === "Respond" || o.kind === "Cadence") segmentRef(cx, o.segment);
    if (o.kind === "Expect" && o.segment) segmentRef(cx, o.segment);
    if (o.kind === "Cadence" && (!Number.isInteger(o.touches.value) || o.touches.value < 1))
      cx.report("SLA426", o.touches.range, "a cadence needs a whole number of touches, at least 1");
    if (o.kind === "Expect" && o.after && o.events.some((e) => e.name === o.after!.name))
      cx.report(
        "SLA429",
        o.after.range,
        `'${o.after.name}' both starts the clock and meets it`,
        "name a different event after 'after'",
      );
    if (o.within) checkWindow(cx, o.within);
    checkClauses(cx, o, hasManager);
  }
}

function checkClauses(cx: CheckContext, o: Obligation, hasManager: boolean): void {
  const seen = new Set<string>();
  for (const c of o.clauses) {
    if (seen.has(c.kind)) cx.report("SLA425", c.range, `this obligation already has a '${clauseWord(c.kind)}' clause`);
    seen.add(c.kind);
    switch (c.kind) {
      case "Target":
        if (!(c.value.value > 0 && c.value.value <= 1))
          cx.report(
            "SLA422",
            c.value.range,
            `target ${c.value.text} is out of range`,
            "a target is above 0% and at most 100%",
          );
        break;
      case "WarnAt":
        if (!(c.value.value > 0 && c.value.value < 1))
          cx.report(
            "SLA421",
            c.value.range,
            `warn at ${c.value.text} is out of range`,
            "warn at a share of the window between 0% and 100%, e.g. 80%",
          );
        break;
      case "PauseWhile":
        if (c.when) checkExpr(cx, c.when);
        break;
      case "OnBreach":
        for (const a of c.actions) {
          if (a.kind === "Reassign") {
            if (!cx.m.teams.has(a.team.name))
              cx.reportUnknown(
                "SLA206",
                a.team.range,
                `unknown team '${a.team.name}'`,
                cx.suggest("teams", a.team.name, () => cx.m.teams.keys()),
                "declare it with: team NAME { members ... }",
              );
          } else if (a.kind === "Escalate") {
            // Escalation goes to the manager of the team this clause reassigns to, if any.
            const re = c.actions.find((x): x is A.BreachAction & { kind: "Reassign" } => x.kind === "Reassign");
            const team = re ? cx.m.teams.get(re.team.name) : undefined;
            if (team && !team.manager)
              cx.report(
                "SLA427",
                a.range,
                `'escalate to manager' goes to team '${team.name.name}', which names no manager`,
                `add 'manager NAME' to team '${team.name.name}'`,
              );
            else if (!team && !hasManager)
              cx.report(
                "SLA427",
                a.range,
                "'escalate to manager' but no team names a manager",
                "add 'manager NAME' to a team",
              );
          }
        }
        break;
    }
  }
}

function segmentRef(cx: CheckContext, id: A.Ident): void {
  if (cx.classifierNamed("Segment", id.name)) return;
  if (cx.m.terms.has(id.name)) {
    cx.report(
      "SLA203",
      id.range,
      `'${id.name}' is a defined term; obligations apply to segments`,
      `add: segment ${id.name.toLowerCase()}_leads when ${id.name}`,
    );
    return;
  }
  cx.reportUnknown(
    "SLA201",
    id.range,
    `unknown segment '${id.name}'`,
    cx.suggest("segments", id.name, () => cx.m.segments.map((x) => x.name.name)),
    "declare it with: segment NAME when ...",
  );
}

function clauseWord(k: A.Clause["kind"]): string {
  return k === "Target" ? "target" : k === "WarnAt" ? "warn at" : k === "PauseWhile" ? "pause while" : "on breach";
}
