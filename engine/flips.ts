// The reviewer's first question about an SLA change on real events: does any
// target now flip between held and missed? From a SimDiff (diff.ts): every
// obligation whose verdict (compliance >= target) differs, and every
// commitment period whose verdict (actual >= goal) differs. Browser-safe.
import type { SimDiff } from "./diff.ts";

export interface Flip {
  /** "obligation" or "commitment" */
  kind: "obligation" | "commitment";
  /** obligation id, or commitment key ("$VQL per month") */
  name: string;
  /** commitment period ("2027-01"); null for an obligation (the whole run) */
  period: string | null;
  before: "held" | "missed";
  after: "held" | "missed";
  /** compliance (0..1) or actual (count or dollars), before and after */
  valueBefore: number;
  valueAfter: number;
  /** target (0..1) or goal, before and after */
  goalBefore: number;
  goalAfter: number;
}

const verdict = (held: boolean) => (held ? "held" : "missed");

export function targetFlips(d: SimDiff): Flip[] {
  const out: Flip[] = [];
  for (const o of d.obligations) {
    const a = o.before;
    const b = o.after;
    if (!a || !b || a.compliance === null || b.compliance === null || a.target === null || b.target === null) continue;
    const ha = a.compliance >= a.target;
    const hb = b.compliance >= b.target;
    if (ha !== hb)
      out.push({
        kind: "obligation",
        name: o.name,
        period: null,
        before: verdict(ha),
        after: verdict(hb),
        valueBefore: a.compliance,
        valueAfter: b.compliance,
        goalBefore: a.target,
        goalAfter: b.target,
      });
  }
  for (const c of d.commitments)
    for (const p of c.periods) {
      if (p.before === null || p.after === null || p.goalBefore === null || p.goalAfter === null) continue;
      const ha = p.before >= p.goalBefore;
      const hb = p.after >= p.goalAfter;
      if (ha !== hb)
        out.push({
          kind: "commitment",
          name: c.name,
          period: p.period,
          before: verdict(ha),
          after: verdict(hb),
          valueBefore: p.before,
          valueAfter: p.after,
          goalBefore: p.goalBefore,
          goalAfter: p.goalAfter,
        });
    }
  return out;
}
