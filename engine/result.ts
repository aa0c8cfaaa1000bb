// The simulation report's data: what `sla simulate --format json` prints and
// what the table/markdown/html renderers read. Times are ISO-8601 UTC strings,
// money in dollars, durations in seconds.
import type { CommitmentPacing } from "./pacing.ts";
import type { EvCode } from "./problems.ts";

export type ActionRecord =
  | { type: "reassign"; to: string | null }
  | { type: "escalate"; to: string | null }
  | { type: "nurture"; campaign: string }
  | { type: "notify"; url: string }
  | { type: "tag"; label: string };

export interface Percentiles {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

export interface ComplianceCounts {
  inScope: number;
  met: number;
  breached: number;
  pending: number;
  /** met / (met + breached); null when nothing was decided */
  compliance: number | null;
}

export interface ObligationReport extends ComplianceCounts {
  kind: "respond" | "cadence" | "expect";
  /** the segment the obligation applies to (null for an expect rule without `for`) */
  segment: string | null;
  /** stable obligation id, e.g. "respond hand_raisers" */
  name: string;
  target: number | null;
  /** compliance >= target (null when either is missing) */
  held: boolean | null;
  /** the window as written in the IR, in seconds, and whether it is business time */
  windowSeconds: number;
  business: boolean;
  months: (ComplianceCounts & { month: string; held: boolean | null })[];
  owners: (ComplianceCounts & { owner: string })[];
  /** first-response times (respond), time to the Nth touch (cadence), time to the closing event (expect); seconds */
  responseTimes: { calendar: Percentiles; business: Percentiles | null };
  warnings: number;
}

export interface BreachRecord {
  lead: string;
  kind: "respond" | "cadence" | "expect";
  segment: string | null;
  name: string;
  /** when the clock started */
  start: string;
  due: string;
  owner: string | null;
  actions: ActionRecord[];
}

export interface WarningRecord {
  lead: string;
  kind: "respond" | "cadence" | "expect";
  segment: string | null;
  name: string;
  at: string;
  due: string;
  owner: string | null;
}

export interface CommitmentReport {
  kind: "count" | "value";
  term: string;
  /** leads, or dollars */
  goal: number;
  per: "month" | "quarter" | "year";
  periods: { period: string; actual: number; held: boolean; partial: boolean }[];
}

export interface Anomaly {
  kind: "assigned-while-away" | "breach-rate-outlier" | "reassign-no-rep" | "lead-recreated";
  message: string;
  owner?: string;
  count: number;
  examples: string[];
}

export interface RejectedRow {
  /** stable code of the problem (specs/errors.md) */
  code: EvCode;
  file: string;
  line: number;
  reason: string;
}

export interface SimReport {
  sla: string;
  timezone: string;
  /** data range actually replayed */
  from: string | null;
  to: string | null;
  events: number;
  leads: number;
  /** the same event (id, time and content) more than once: replayed once */
  duplicates: number;
  /** events dropped because a different event had the same id and time (each is also a rejected row, EV203) */
  conflicts: number;
  /** events after --until, not replayed */
  ignoredAfterUntil: number;
  /** input rows read but deliberately not turned into events (CSV activity rows no rule matches: EV306) */
  ignoredRows: { count: number; byCode: Partial<Record<EvCode, number>> };
  obligations: ObligationReport[];
  breaches: BreachRecord[];
  warnings: WarningRecord[];
  commitments: CommitmentReport[];
  anomalies: Anomaly[];
  rejected: { count: number; byCode: Partial<Record<EvCode, number>>; rows: RejectedRow[] };
  /** with --until part-way through a period: each commitment's projection (engine/pacing.ts) */
  pacing?: CommitmentPacing[];
}
