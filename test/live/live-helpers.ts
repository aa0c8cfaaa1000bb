// Shared by the live engine's tests: what `sla simulate` reports, and what
// the live engine emitted, in one comparable form.
import type { SlaEvent } from "../../engine/events.ts";
import type { LiveRecord } from "../../engine/live/record.ts";
import type { SimReport } from "../../engine/result.ts";
import { simulate } from "../../engine/simulate.ts";
import type { IR } from "../../language/ir.ts";

/** One line per warning, breach and action (compare sorted: the report lists warnings and breaches apart). */
export function fromReport(r: SimReport): string[] {
  return [
    ...r.warnings.map((w) => `W ${w.lead} ${w.name} ${w.at} due ${w.due} owner ${w.owner}`),
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
        : `A ${r.lead} ${r.obligation.name} start ${r.clockStart} #${r.actionIndex} ${JSON.stringify(r.action)}`,
  );
}

/** simulate()'s warnings, breaches and actions as a sorted multiset. */
export function expectedSet(ir: IR, events: SlaEvent[]): string[] {
  return fromReport(simulate(ir, events)).sort();
}
