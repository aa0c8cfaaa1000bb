// Plan vs actual: the plan's funnel next to what the events show, per month.
// Method (specs/reference.md, section 9, "Plan vs actual"):
//
// - Each plan stage is counted from the events, per lead, the first time the
//   lead reaches it: a stage named like a defined term counts leads when they
//   first match the term; a stage mapped to an event type (`--stage
//   opportunity=opportunity.created`, or by default any custom event whose
//   type starts with `STAGE.`, e.g. `opportunity.created`) counts leads at
//   their first such event; a stage named `lead` or `leads` with neither counts
//   lead.created. A stage with no source shows no numbers.
// - Months are calendar months in the SLA's zone; a lead counts in the month
//   it reached the stage.
// - A step's actual rate in a month = leads reaching the later stage that month
//   / leads reaching the earlier stage that month (a flow ratio, not a cohort:
//   the same lead may be counted in different months at the two stages). Over
//   the whole range, the same with the totals.
// - The stage that breaks the math: the step whose actual rate over the range
//   falls furthest below its plan rate (lowest actual / plan), when any does.
// Browser-safe.
import type { IR } from "../language/ir.ts";
import { type FieldValue, type SlaEvent, typeName } from "./events.ts";
import { EventOrderer } from "./order.ts";
import { monthKey } from "./periods.ts";
import { computePlan } from "./plan.ts";
import { type LeadState, type Observer, Runtime } from "./runtime.ts";

export type StageSource =
  | { kind: "term"; term: string }
  | { kind: "event"; type: string }
  | { kind: "event-prefix"; prefix: string }
  | { kind: "created" }
  | { kind: "none" };

export interface StageActual {
  stage: string;
  source: StageSource;
  /** the plan's number per month (needed, or yielded) */
  planPerMonth: number;
  /** month -> leads reaching the stage (and per group with `by`) */
  months: Record<string, number>;
  total: number;
  byGroup?: Record<string, Record<string, number>>;
}

export interface StepActual {
  from: string;
  to: string;
  plan: number;
  /** month -> actual rate (null when the earlier stage has no leads that month, or a stage has no source) */
  months: Record<string, number | null>;
  /** over the whole range */
  overall: number | null;
}

export interface PlanActualReport {
  months: string[];
  stages: StageActual[];
  steps: StepActual[];
  /** the step furthest below its plan rate over the range, or null when none is below */
  breaks: { from: string; to: string; plan: number; actual: number } | null;
  by: string | null;
}

/** How each plan stage is counted, given explicit `stage=event.type` overrides. */
export function stageSources(ir: IR, stages: string[], overrides: ReadonlyMap<string, string>): StageSource[] {
  const terms = new Set(ir.terms.map((t) => t.name));
  return stages.map((s): StageSource => {
    const o = overrides.get(s);
    if (o !== undefined) return o === "lead.created" ? { kind: "created" } : { kind: "event", type: o };
    if (terms.has(s)) return { kind: "term", term: s };
    if (/^leads?$/i.test(s)) return { kind: "created" };
    return { kind: "event-prefix", prefix: `${s.toLowerCase()}.` };
  });
}

export function planActual(
  ir: IR,
  events: Iterable<SlaEvent>,
  opts: { overrides?: ReadonlyMap<string, string>; by?: string } = {},
): PlanActualReport | null {
  if (!ir.plan) return null;
  const plan = computePlan(ir.plan);
  const names = plan.stages.map((s) => s.name);
  const sources = stageSources(ir, names, opts.overrides ?? new Map());
  const zone = ir.timezone;
  const by = opts.by ?? null;
  const reached = names.map(() => new Set<string>());
  const months = names.map(() => new Map<string, number>());
  const groups = names.map(() => new Map<string, Map<string, number>>());
  const seenMonths = new Set<string>();
  const groupOf = (fields: Record<string, FieldValue | undefined> | undefined): string => {
    if (by === null) return "";
    const v = fields?.[by];
    return v === undefined || v === null ? "(none)" : String(v);
  };
  const count = (i: number, lead: string, at: number, fields: Record<string, FieldValue | undefined> | undefined) => {
    if (reached[i].has(lead)) return;
    reached[i].add(lead);
    const m = monthKey(at, zone);
    months[i].set(m, (months[i].get(m) ?? 0) + 1);
    if (by !== null) {
      const g = groupOf(fields);
      let gm = groups[i].get(g);
      if (!gm) groups[i].set(g, (gm = new Map()));
      gm.set(m, (gm.get(m) ?? 0) + 1);
    }
  };
  const termStage = new Map<number, number[]>();
  sources.forEach((s, i) => {
    if (s.kind !== "term") return;
    const ti = ir.terms.findIndex((t) => t.name === s.term);
    termStage.set(ti, [...(termStage.get(ti) ?? []), i]);
  });
  const none = () => {};
  const observer: Observer = {
    clockStarted: none,
    clockMet: none,
    clockBreached: none,
    clockWarned: none,
    responded: none,
    anomaly: none,
    termFirstMatched: (lead: LeadState, term: number, at: number) => {
      for (const i of termStage.get(term) ?? []) count(i, lead.id, at, lead.fields);
    },
  };
  const runtime = new Runtime(ir, observer);
  const orderer = new EventOrderer(Infinity, (e) => {
    if (runtime.apply(e) !== undefined) return;
    seenMonths.add(monthKey(e.at, zone));
    if (e.type === "rep.away") return;
    const fields = runtime.findLead(e.lead)?.fields;
    const type = typeName(e);
    sources.forEach((s, i) => {
      if (
        (s.kind === "created" && type === "lead.created") ||
        (s.kind === "event" && type === s.type) ||
        (s.kind === "event-prefix" && type.startsWith(s.prefix))
      )
        count(i, e.lead, e.at, fields);
    });
  });
  for (const e of events) orderer.push(e, "events", 0);
  orderer.flush();

  const monthList = [...seenMonths].sort();
  const hasSource = (i: number) =>
    sources[i].kind !== "none" && (sources[i].kind !== "event-prefix" || reached[i].size > 0);
  const stages: StageActual[] = names.map((stage, i) => {
    const st: StageActual = {
      stage,
      source: hasSource(i) ? sources[i] : { kind: "none" },
      planPerMonth: plan.stages[i].perMonth,
      months: Object.fromEntries(monthList.map((m) => [m, months[i].get(m) ?? 0])),
      total: reached[i].size,
    };
    if (by !== null)
      st.byGroup = Object.fromEntries(
        [...groups[i]].sort(([a], [b]) => (a < b ? -1 : 1)).map(([g, gm]) => [g, Object.fromEntries(gm)]),
      );
    return st;
  });
  const rate = (a: number, b: number) => (a > 0 ? b / a : null);
  const steps: StepActual[] = ir.plan.steps.map((s, i) => {
    const known = stages[i].source.kind !== "none" && stages[i + 1].source.kind !== "none";
    return {
      from: s.from,
      to: s.to,
      plan: s.rate,
      months: Object.fromEntries(
        monthList.map((m) => [m, known ? rate(stages[i].months[m], stages[i + 1].months[m]) : null]),
      ),
      overall: known ? rate(stages[i].total, stages[i + 1].total) : null,
    };
  });
  let breaks: PlanActualReport["breaks"] = null;
  for (const s of steps)
    if (
      s.overall !== null &&
      s.overall < s.plan &&
      (breaks === null || s.overall / s.plan < breaks.actual / breaks.plan)
    )
      breaks = { from: s.from, to: s.to, plan: s.plan, actual: s.overall };
  return { months: monthList, stages, steps, breaks, by };
}
