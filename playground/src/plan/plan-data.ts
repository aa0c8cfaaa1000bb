// What the "Plan" tab shows, computed in the worker: the plan's funnel
// (engine/plan.ts, as `sla plan` prints it), Marketing's commitments next to
// the stages they deliver (the SLA480 comparison), and plan vs actual over the
// session's current data (engine/plan-actual.ts, as `sla plan --events` and
// `sla simulate --plan-actual` compute it) with the step that breaks the plan.
// Pure: no DOM, no worker; plain data out (it crosses postMessage).
import type { SlaEvent } from "../../../engine/events.ts";
import { typeName } from "../../../engine/events.ts";
import { computePlan, type PlanReport } from "../../../engine/plan.ts";
import { type PlanActualReport, planActual } from "../../../engine/plan-actual.ts";
import { describeCommitment } from "../../../engine/render/format.ts";
import type { SimReport } from "../../../engine/result.ts";
import type { IR, Period } from "../../../language/ir.ts";
import type { SessionContext } from "../worker/session.ts";

/** Stage -> the event type that counts it (`--stage opportunity=demo.held`). */
export type StageChoice = Record<string, string>;

export interface PlanCommitment {
  /** "300 VQL per quarter", "$84,000 in VQL per month" */
  text: string;
  term: string;
  per: Period;
  /** the plan stage this commitment delivers (its term names a stage), or null */
  stage: string | null;
  /** what the plan needs of that stage per the commitment's period (a revenue plan, count commitments only) */
  needed: number | null;
  /**
   * carries: at or above what the plan needs; short: below it (SLA480);
   * forecast: the plan starts from a volume and sets no floor; unrelated: the term is no plan stage,
   * or the commitment is a value in dollars
   */
  verdict: "carries" | "short" | "forecast" | "unrelated";
  /** periods of the current data the commitment held, when a report is there */
  held: { held: number; periods: number } | null;
}

export type PlanViewData =
  | { status: "no-spec" }
  | { status: "no-plan" }
  | {
      status: "ok";
      plan: PlanReport;
      rates: { from: string; to: string; rate: number }[];
      commitments: PlanCommitment[];
      /** plan vs actual over the current data; null with `actualNote` saying why */
      actual: PlanActualReport | null;
      actualNote: string | null;
      dataLabel: string | null;
      /** event types in the data, for choosing how a stage is counted */
      eventTypes: string[];
      /** the stage choices that were applied (unknown stages and malformed types left out) */
      stages: StageChoice;
    };

export interface PlanInput {
  ir: IR | null;
  /** the current data's events, when the source keeps them as a list */
  events: Iterable<SlaEvent> | null;
  report: SimReport | null;
  dataLabel?: string | null;
}

const PER_FIELD: Record<Period, "perMonth" | "perQuarter" | "perYear"> = {
  month: "perMonth",
  quarter: "perQuarter",
  year: "perYear",
};
const EVENT_TYPE = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$/;

export function planData(input: PlanInput, choice: StageChoice = {}): PlanViewData {
  const { ir } = input;
  if (!ir) return { status: "no-spec" };
  if (!ir.plan) return { status: "no-plan" };
  const plan = computePlan(ir.plan);
  const stageNames = new Set(plan.stages.map((s) => s.name));
  const stages: StageChoice = {};
  for (const [stage, type] of Object.entries(choice))
    if (stageNames.has(stage) && typeof type === "string" && EVENT_TYPE.test(type)) stages[stage] = type;

  let actual: PlanActualReport | null = null;
  let actualNote: string | null = null;
  let eventTypes: string[] = [];
  if (input.events === null)
    actualNote = "The current data is not kept as events, so plan vs actual cannot be counted.";
  else {
    const list = Array.isArray(input.events) ? (input.events as readonly SlaEvent[]) : [...input.events];
    eventTypes = [...new Set(list.filter((e) => e.type !== "rep.away").map(typeName))].sort();
    actual = list.length ? planActual(ir, list, { overrides: new Map(Object.entries(stages)) }) : null;
    if (!list.length) actualNote = "The current data has no events.";
  }
  return {
    status: "ok",
    plan,
    rates: ir.plan.steps.map((s) => ({ from: s.from, to: s.to, rate: s.rate })),
    commitments: commitments(ir, plan, input.report),
    actual,
    actualNote,
    dataLabel: input.dataLabel ?? null,
    eventTypes,
    stages,
  };
}

function commitments(ir: IR, plan: PlanReport, report: SimReport | null): PlanCommitment[] {
  const byName = new Map(plan.stages.map((s) => [s.name, s]));
  const terms = new Set(ir.terms.map((t) => t.name));
  return ir.commitments.map((c, i): PlanCommitment => {
    const stage = terms.has(c.term) && byName.has(c.term) ? c.term : null;
    let needed: number | null = null;
    let verdict: PlanCommitment["verdict"] = "unrelated";
    if (stage !== null && c.kind === "count") {
      if (plan.direction === "from-revenue") {
        needed = byName.get(stage)![PER_FIELD[c.per]];
        verdict = c.goal >= needed ? "carries" : "short";
      } else verdict = "forecast";
    }
    // the report lists the commitments in the spec's order
    const r = report?.commitments[i];
    const held =
      r && r.term === c.term && r.per === c.per
        ? { held: r.periods.filter((p) => p.held).length, periods: r.periods.length }
        : null;
    const goal = c.kind === "value" ? c.goal / 100 : c.goal;
    return {
      text: describeCommitment({ kind: c.kind, term: c.term, goal, per: c.per }),
      term: c.term,
      per: c.per,
      stage,
      needed,
      verdict,
      held,
    };
  });
}

/**
 * What plan vs actual counts depends on: the plan, the terms and fields (when
 * a lead reaches a stage), the zone (its month), and the rest of the runtime's
 * inputs except the obligations and commitments (the usual edits: windows,
 * targets, goals), which neither change a lead's fields nor its terms.
 */
function countingKey(ir: IR): string {
  const { obligations: _o, commitments: _c, value: _v, name: _n, owner: _w, effective: _e, ...rest } = ir;
  return JSON.stringify(rest);
}

/** Plan vs actual of recent (data, counting inputs, stage choice): an edit of a window does not recount. */
const ACTUAL_CACHE_SIZE = 4;
const actualCache = new Map<
  string,
  { actual: PlanActualReport | null; eventTypes: string[]; actualNote: string | null }
>();

/**
 * The worker's answer (Session.plan): the current version's plan over the
 * current data's events (prepared for the current SLA: cached by the session).
 */
export async function planForSession(
  ctx: Pick<SessionContext, "ir" | "data" | "prepared" | "report" | "reportIr" | "prepareFor">,
  choice: StageChoice = {},
): Promise<PlanViewData> {
  const ir = ctx.ir;
  if (!ir?.plan) return planData({ ir, events: null, report: null }, choice);
  const report = ctx.reportIr === ir ? ctx.report : null;
  const dataLabel = ctx.data.info(ir).label;
  let prepared: Awaited<ReturnType<typeof ctx.prepareFor>>;
  try {
    prepared = ctx.prepared ?? (await ctx.prepareFor(ir));
  } catch (e) {
    const d = planData({ ir, events: null, report, dataLabel }, choice);
    const note = `The data could not be read: ${e instanceof Error ? e.message : String(e)}`;
    return d.status === "ok" ? { ...d, actualNote: note } : d;
  }
  const key = `${prepared.key}\n${JSON.stringify(Object.entries(choice).sort())}\n${countingKey(ir)}`;
  const hit = actualCache.get(key);
  if (hit) {
    actualCache.delete(key);
    actualCache.set(key, hit);
    const d = planData({ ir, events: null, report, dataLabel }, choice);
    return d.status === "ok" ? { ...d, ...hit } : d;
  }
  const d = planData({ ir, events: Array.from(prepared.list(), (row) => row.event), report, dataLabel }, choice);
  if (d.status === "ok") {
    actualCache.set(key, { actual: d.actual, eventTypes: d.eventTypes, actualNote: d.actualNote });
    while (actualCache.size > ACTUAL_CACHE_SIZE) actualCache.delete(actualCache.keys().next().value!);
  }
  return d;
}
