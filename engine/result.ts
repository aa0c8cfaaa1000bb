// The simulation report's data: what `sla simulate --format json` prints and
// what the table/markdown/html renderers read. Times are ISO-8601 UTC strings,
// money in dollars, durations in seconds.
import type { CommitmentPacing } from "./pacing.ts";
import type { PlanActualReport } from "./plan-actual.ts";
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
  /** `warn at 80% notify "..."`: what fired at the warning (absent when the rule has no warning actions) */
  actions?: ActionRecord[];
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

/** A name the SLA does not use, and how many events carried it. */
export interface IgnoredName {
  name: string;
  events: number;
}

/**
 * Data the SLA does not use: read, not replayed, counted by name (never an
 * error; `--strict-fields` makes the first one an error instead).
 */
export interface IgnoredData {
  /** fields the SLA does not declare, on lead.created / lead.updated events */
  fields: IgnoredName[];
  /** properties an event of its type does not have (e.g. "name" on a touch) */
  properties: IgnoredName[];
  /** event types no rule names (e.g. "activity"): these events are not replayed */
  eventTypes: IgnoredName[];
}

/**
 * A way the data does not fit the SLA (codes EV5xx, severity notice): a
 * declared field never set, a segment or obligation nobody entered, values
 * the SLA does not list, owners in no team, an ignored name that looks like a
 * typo. Other sources (e.g. a CSV mapping whose column is missing) add their
 * own entries; `field` ties an entry to the SLA field it explains.
 */
export interface DataFitWarning {
  code: EvCode;
  message: string;
  /** what was counted, largest first: values, owners or names -> events or leads */
  counts: { name: string; count: number }[];
  /** the SLA field the entry is about, if any */
  field?: string;
}

/** `closed holidays "US"` in a calendar: the dates it closed within the replayed data. */
export interface HolidaysUsed {
  calendar: string;
  region: string;
  /** the years the spec's holidays were listed for */
  from: number;
  to: number;
  /** the region's public holidays between the data's first and last day (local dates) */
  dates: { date: string; name: string }[];
  /** the data runs outside from..to: holidays there are not closed */
  outside: boolean;
}

export interface SimReport {
  sla: string;
  timezone: string;
  /** holiday regions the calendars use (absent when none names one) */
  holidays?: HolidaysUsed[];
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
  /**
   * Fields, properties and event types the SLA does not use, counted by name.
   * Always present in reports the engine builds (optional only so reports
   * written by hand or by older versions still render).
   */
  ignored?: IgnoredData;
  /** how the data does not fit the SLA; when no lead is in scope the first entry (EV507) says why (always present, as `ignored`) */
  dataFit?: DataFitWarning[];
  obligations: ObligationReport[];
  breaches: BreachRecord[];
  warnings: WarningRecord[];
  commitments: CommitmentReport[];
  anomalies: Anomaly[];
  rejected: { count: number; byCode: Partial<Record<EvCode, number>>; rows: RejectedRow[] };
  /** with --until part-way through a period: each commitment's projection (engine/pacing.ts) */
  pacing?: CommitmentPacing[];
  /** with --plan-actual: the plan's funnel next to the events' (engine/plan-actual.ts) */
  planActual?: PlanActualReport;
}

/** A breach as `--format json` prints it: each UTC time followed by the same instant in the SLA's zone. */
export type LocalizedBreach = BreachRecord & { startLocal: string; dueLocal: string };
export type LocalizedWarning = WarningRecord & { atLocal: string; dueLocal: string };

/**
 * The report as `sla simulate --format json` prints it: the UTC ISO fields
 * stay, and each is followed by `<name>Local`, the same instant as ISO-8601
 * with the offset of the SLA's zone (`"2027-01-04T09:08:00-05:00"`); the zone
 * is `timezone`.
 */
export type LocalizedSimReport = Omit<SimReport, "breaches" | "warnings"> & {
  fromLocal: string | null;
  toLocal: string | null;
  breaches: LocalizedBreach[];
  warnings: LocalizedWarning[];
};
