// What a change to an SLA would have done: two reports of the same events,
// compared obligation by obligation, commitment period by period, and breach
// by breach. Obligations are matched by their id ("respond hand_raisers").
// The renderings are in render/diff.ts.
import type { BreachRecord, ComplianceCounts, SimReport } from "./result.ts";

export interface ObligationDiff {
  name: string;
  kind: "respond" | "cadence" | "expect";
  /** the segment it applies to (null: an expect rule without `for`) */
  segment: string | null;
  /** null when the obligation exists on one side only */
  before: (ComplianceCounts & { target: number | null }) | null;
  after: (ComplianceCounts & { target: number | null }) | null;
}

export interface CommitmentDiff {
  /** "300 VQL per quarter" style key: kind, term, per */
  name: string;
  periods: {
    period: string;
    before: number | null;
    after: number | null;
    goalBefore: number | null;
    goalAfter: number | null;
  }[];
}

export interface SimDiff {
  events: number;
  /** the new SLA's zone: the renderings show breach times in it */
  timezone: string;
  obligations: ObligationDiff[];
  commitments: CommitmentDiff[];
  /** breaches only the new SLA has, and those only the old one had */
  newBreaches: BreachRecord[];
  goneBreaches: BreachRecord[];
}

const counts = (o: SimReport["obligations"][number]) => ({
  inScope: o.inScope,
  met: o.met,
  breached: o.breached,
  pending: o.pending,
  compliance: o.compliance,
  target: o.target,
});

export function diffReports(before: SimReport, after: SimReport): SimDiff {
  const names = [...new Set([...before.obligations.map((o) => o.name), ...after.obligations.map((o) => o.name)])];
  const obligations = names.map((name) => {
    const a = before.obligations.find((o) => o.name === name);
    const b = after.obligations.find((o) => o.name === name);
    const either = (b ?? a)!;
    return {
      name,
      kind: either.kind,
      segment: either.segment,
      before: a ? counts(a) : null,
      after: b ? counts(b) : null,
    };
  });
  const ckey = (c: SimReport["commitments"][number]) => `${c.kind === "value" ? "$" : ""}${c.term} per ${c.per}`;
  const cnames = [...new Set([...before.commitments.map(ckey), ...after.commitments.map(ckey)])];
  const commitments = cnames.map((name) => {
    const a = before.commitments.find((c) => ckey(c) === name);
    const b = after.commitments.find((c) => ckey(c) === name);
    const periods = [...new Set([...(a?.periods ?? []), ...(b?.periods ?? [])].map((p) => p.period))].sort();
    return {
      name,
      periods: periods.map((period) => ({
        period,
        before: a?.periods.find((p) => p.period === period)?.actual ?? null,
        after: b?.periods.find((p) => p.period === period)?.actual ?? null,
        goalBefore: a?.goal ?? null,
        goalAfter: b?.goal ?? null,
      })),
    };
  });
  const bkey = (x: BreachRecord) => `${x.lead}\u0000${x.name}\u0000${x.start}`;
  const beforeKeys = new Set(before.breaches.map(bkey));
  const afterKeys = new Set(after.breaches.map(bkey));
  return {
    events: after.events,
    timezone: after.timezone,
    obligations,
    commitments,
    newBreaches: after.breaches.filter((x) => !beforeKeys.has(bkey(x))),
    goneBreaches: before.breaches.filter((x) => !afterKeys.has(bkey(x))),
  };
}
