// How often each kind of breach action would have fired before and after an
// SLA change (reassignments, escalations, nurture, notify, tag), from the two
// replays' breach records. Browser-safe.
import type { ActionRecord, SimReport } from "./result.ts";

export interface ActionCount {
  type: ActionRecord["type"];
  before: number;
  after: number;
}

const TYPES: ActionRecord["type"][] = ["reassign", "escalate", "nurture", "notify", "tag"];

/** One row per action type fired on either side, in a fixed order. */
export function actionCounts(before: SimReport, after: SimReport): ActionCount[] {
  const count = (r: SimReport) => {
    const m = new Map<string, number>();
    for (const b of r.breaches) for (const a of b.actions) m.set(a.type, (m.get(a.type) ?? 0) + 1);
    return m;
  };
  const a = count(before);
  const b = count(after);
  return TYPES.filter((t) => a.has(t) || b.has(t)).map((type) => ({
    type,
    before: a.get(type) ?? 0,
    after: b.get(type) ?? 0,
  }));
}
