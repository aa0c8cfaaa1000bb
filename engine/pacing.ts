// Commitment pacing: part-way through a period (`sla simulate --until`), where
// each commitment is heading. Method (specs/reference.md, section 8):
//
//   share of the period gone  g = (until − period start) / (period end − period start)
//                                 (calendar time in the SLA's zone)
//   projection                p = actual so far / g   (the run rate so far, kept up)
//   on pace to miss           p < goal and actual < goal
//
// "VQL value for May 2027: $31,200 of $84,000 with 40% of the month gone, on
// pace for $78,000". Only the period that contains `until` is paced, and only
// when part of it is gone and part is left. Browser-safe.
import { periodKey, periodRange } from "./periods.ts";
import type { CommitmentReport } from "./result.ts";

export interface CommitmentPacing {
  kind: "count" | "value";
  term: string;
  per: "month" | "quarter" | "year";
  /** period label: "2027-05", "2027-Q2", "2027" */
  period: string;
  /** leads or dollars so far, and the goal */
  actual: number;
  goal: number;
  /** share of the period gone at `until`, in (0, 1) */
  elapsed: number;
  /** actual / elapsed */
  projected: number;
  /** already at or above the goal */
  met: boolean;
  /** projected below the goal (and not met yet) */
  behind: boolean;
}

export function commitmentPacing(
  commitments: readonly CommitmentReport[],
  until: number,
  zone: string,
): CommitmentPacing[] {
  const out: CommitmentPacing[] = [];
  for (const c of commitments) {
    const period = periodKey(until, c.per, zone);
    const [a, b] = periodRange(period, c.per, zone);
    const elapsed = (until - a) / (b - a);
    if (!(elapsed > 0 && elapsed < 1)) continue;
    const actual = c.periods.find((p) => p.period === period)?.actual ?? 0;
    const projected = actual / elapsed;
    const met = actual >= c.goal;
    out.push({
      kind: c.kind,
      term: c.term,
      per: c.per,
      period,
      actual,
      goal: c.goal,
      elapsed,
      projected,
      met,
      behind: !met && projected < c.goal,
    });
  }
  return out;
}
