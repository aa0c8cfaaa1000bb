// Shared by the live engine's tests: what `sla simulate` reports, and what
// the live engine emitted, in one comparable form.
import fc from "fast-check";
import type { SlaEvent } from "../../engine/events.ts";
import type { LiveRecord } from "../../engine/live/record.ts";
import type { SimReport } from "../../engine/result.ts";
import { simulate } from "../../engine/simulate.ts";
import type { IR } from "../../language/ir.ts";
import { BASE, events, MIN, spec } from "../engine/generators.ts";

/** One line per warning, breach and action (compare sorted: the report lists warnings and breaches apart). */
export function fromReport(r: SimReport): string[] {
  return [
    ...r.warnings.flatMap((w) => [
      `W ${w.lead} ${w.name} ${w.at} due ${w.due} owner ${w.owner}`,
      ...(w.actions ?? []).map((a, i) => `WA ${w.lead} ${w.name} ${w.at} #${i} ${JSON.stringify(a)}`),
    ]),
    ...r.breaches.flatMap((b) => [
      `B ${b.lead} ${b.name} start ${b.start} at ${b.due} owner ${b.owner}`,
      ...b.actions.map((a, i) => `A ${b.lead} ${b.name} start ${b.start} #${i} ${JSON.stringify(a)}`),
    ]),
  ];
}

export function fromRecords(records: LiveRecord[]): string[] {
  return records.map((r) =>
    r.kind === "warning"
      ? `W ${r.lead} ${r.obligation.name} ${r.at} due ${r.due} owner ${r.owner}`
      : r.kind === "breach"
        ? `B ${r.lead} ${r.obligation.name} start ${r.clockStart} at ${r.at} owner ${r.owner}`
        : r.warningId !== undefined
          ? `WA ${r.lead} ${r.obligation.name} ${r.at} #${r.actionIndex} ${JSON.stringify(r.action)}`
          : `A ${r.lead} ${r.obligation.name} start ${r.clockStart} #${r.actionIndex} ${JSON.stringify(r.action)}`,
  );
}

/** simulate()'s warnings, breaches and actions as a sorted multiset. */
export function expectedSet(ir: IR, events: SlaEvent[]): string[] {
  return fromReport(simulate(ir, events)).sort();
}

/**
 * Where generated specs send notify actions: a closed port on this machine
 * (tests never reach the network; delivery is ops' subject, the records are
 * the same whether or not it succeeds).
 */
export const NOTIFY_URL = "http://127.0.0.1:9/sla";

/** stderr of `sla run` without the delivery lines an unreachable notify URL causes. */
export function unexpectedStderr(stderr: string): string {
  return stderr
    .split("\n")
    .filter((l) => l !== "" && !/^sla run: (delivery: |\d+ notify record\(s\) not delivered yet)/.test(l))
    .join("\n");
}

/** Extra rules that add actions of every kind and expect rules on built-in events. */
export const extras = fc.constantFrom(
  "",
  `expect touch within 1d after lead.assigned\n  warn at 25% notify "${NOTIFY_URL}", escalate to manager\n  on breach notify "${NOTIFY_URL}", tag "slow", nurture "recycle"`,
  "expect lead.updated within 2 business hours after lead.assigned\n  on breach reassign round robin sdr",
);

/** Reassignments and absences on top of the lead plans (they drive round robin and expect rules). */
export const extraEvents: fc.Arbitrary<ExtraEvent[]> = fc.array(
  fc.record({
    minute: fc.integer({ min: 0, max: 15 * 1440 }),
    lead: fc.nat(7),
    kind: fc.constantFrom("assign" as const, "away" as const),
    who: fc.constantFrom("ana", "ben", "chloe"),
  }),
  { maxLength: 8 },
);

export interface ExtraEvent {
  minute: number;
  lead: number;
  kind: "assign" | "away";
  who: string;
}

export function stream(plans: Parameters<typeof events>[0], extra: ExtraEvent[]): SlaEvent[] {
  const evs = events(plans);
  extra.forEach((x, i) => {
    const at = BASE + x.minute * MIN;
    if (x.kind === "away") evs.push({ id: `x${i}`, at, type: "rep.away", rep: x.who, until: at + 600 * MIN });
    else if (x.lead < plans.length) {
      const created = BASE + plans[x.lead].created * MIN;
      evs.push({ id: `x${i}`, at: Math.max(at, created), type: "lead.assigned", lead: `L${x.lead}`, owner: x.who });
    }
  });
  return evs;
}

const irs = new Map<string, IR>();
export function irFor(w: string, extra: string): IR {
  const key = `${w}\n${extra}`;
  let ir = irs.get(key);
  if (!ir) irs.set(key, (ir = spec(w, extra)));
  return ir;
}

/** An engine event in the JSON form users write (custom events by their own type, times in ISO). */
export function toJson(e: SlaEvent): Record<string, unknown> {
  const { type, at, ...rest } = e as SlaEvent & { name?: string };
  const base = { ...rest, at: new Date(at).toISOString() } as Record<string, unknown>;
  if (type === "rep.away") base.until = new Date((e as { until: number }).until).toISOString();
  if (type === "custom") {
    delete base.name;
    return { type: (e as { name: string }).name, ...base };
  }
  return { type, ...base };
}
