// The compiled form of an .sla file: what the engine runs. Plain JSON (no
// functions), validated by `language/ir.schema.json`. Money is integer cents;
// durations are milliseconds (calendar time) or minutes of open time on a
// named calendar (business time); times of day are minutes after midnight.

export const IR_VERSION = 1;

export type Period = "month" | "quarter" | "year";

export interface IR {
  version: typeof IR_VERSION;
  name: string;
  owner: string | null;
  /** ISO date (yyyy-mm-dd) or null. */
  effective: string | null;
  /** IANA zone; "UTC" when the spec names none. */
  timezone: string;
  calendars: Record<string, IRCalendar>;
  fields: Record<string, IRFieldType>;
  /** Defined terms in dependency order (a term only uses terms listed before it). */
  terms: IRNamedCondition[];
  /** Ordered: first match wins. `when: null` is `otherwise`. */
  segments: IRSegment[];
  teams: IRTeam[];
  /**
   * Other spellings of team members and managers (`jen ("Jen Park",
   * "jen@acme.com")`): owners, touches' `by` and rep.away's `rep` written
   * with an alias mean that rep (matched ignoring case, see
   * language/people.ts). Absent when the spec gives no aliases.
   */
  people?: IRPerson[];
  personas: IRSegment[];
  actions: IRSegment[];
  /** value[persona][action] in cents; null when the spec has no value chart. */
  value: { columns: string[]; rows: Record<string, number[]> } | null;
  commitments: IRCommitment[];
  obligations: IRObligation[];
  plan: IRPlan | null;
}

export interface IRCalendar {
  /** Weekly open hours. day: 1 = Monday .. 7 = Sunday (ISO). from < to, minutes after midnight. */
  open: { day: number; from: number; to: number }[];
  /** Holidays, ISO dates (yyyy-mm-dd), sorted, unique (including every date of `holidays`). */
  closed: string[];
  /**
   * `closed holidays "US"`: the public holidays of each region, expanded when
   * the spec was compiled (language/holidays.ts) for the years `from`..`to`.
   * Their dates are also in `closed`. Absent when the calendar names no region.
   */
  holidays?: IRHolidays[];
}

export interface IRHolidays {
  /** as written: "US", "US-CA" */
  region: string;
  /** first and last year expanded (the effective year -1 to +3) */
  from: number;
  to: number;
  dates: { date: string; name: string }[];
}

export interface IRPerson {
  /** the rep's name as the spec writes it (a team member or manager) */
  name: string;
  aliases: string[];
}

export type IRFieldType =
  | { type: "number" }
  | { type: "text" }
  | { type: "yesno" }
  | { type: "date" }
  | { type: "money" }
  | { type: "enum"; values: string[] };

export type Scalar = string | number | boolean;

/** A condition over a lead's current fields and already-evaluated terms. */
export type Cond =
  | { op: "true" }
  | { op: "and"; args: Cond[] }
  | { op: "or"; args: Cond[] }
  | { op: "not"; arg: Cond }
  /** A defined term (evaluated earlier, see IR.terms). */
  | { op: "term"; name: string }
  /** A yes/no field used bare: true when the field is `true`. */
  | { op: "flag"; field: string }
  /** Comparison with a literal. Money literals are cents; dates are ISO strings compared as text. */
  | { op: "cmp"; field: string; cmp: "=" | "!=" | "<" | "<=" | ">" | ">="; value: Scalar }
  | { op: "in"; field: string; values: Scalar[] }
  /** Case-insensitive text matching. */
  | { op: "text"; field: string; match: "contains" | "starts" | "ends"; value: string }
  | { op: "set"; field: string };

export interface IRNamedCondition {
  name: string;
  when: Cond;
}

export interface IRSegment {
  name: string;
  /** null: `otherwise` */
  when: Cond | null;
}

export interface IRTeam {
  name: string;
  members: string[];
  manager: string | null;
}

export interface IRCommitment {
  kind: "count" | "value";
  term: string;
  /** count: number of leads; value: cents */
  goal: number;
  per: Period;
}

export type IRWindow = { kind: "calendar"; ms: number } | { kind: "business"; calendar: string; minutes: number };

export type IRAction =
  | { type: "reassign"; team: string }
  | { type: "escalate" }
  | { type: "nurture"; campaign: string }
  | { type: "notify"; url: string }
  | { type: "tag"; label: string };

/**
 * Which touches count for an obligation (`by call or meeting`, `by owner`,
 * `by team sdr`). A touch counts when it passes both parts; a part that is
 * null lets every touch through.
 */
export interface IRTouchFilter {
  /** channels, lowercase; a touch counts when its channel (compared ignoring case) is one of them */
  channels: string[] | null;
  /**
   * who: `owner` (the lead's owner at the touch) and/or members of `teams`
   * (their managers too); a touch without `by` never passes.
   */
  people: { owner: boolean; teams: string[] } | null;
}

interface IRObligationCommon {
  /** Stable, human-readable identifier, e.g. "respond hand_raisers". */
  id: string;
  within: IRWindow;
  /** Share of clocks that must be met, in (0, 1]; null when the spec sets none. */
  target: number | null;
  /** Fraction of the window after which a warning fires, in (0, 1); null: none. */
  warnAt: number | null;
  /** `warn at 80% notify "..."`: actions run at the warning. Absent when none. */
  onWarn?: IRAction[];
  /**
   * respond, cadence: which touches meet the clock; expect: which of its
   * `touch` events do (its other events are not touches). Absent: any touch.
   */
  by?: IRTouchFilter;
  /** While true for the lead, the clock stops. */
  pauseWhile: Cond | null;
  onBreach: IRAction[];
}

export type IRObligation =
  | (IRObligationCommon & { kind: "respond"; segment: string })
  | (IRObligationCommon & { kind: "cadence"; segment: string; touches: number })
  | (IRObligationCommon & { kind: "expect"; segment: string | null; events: string[]; after: string });

export interface IRPlan {
  /** Revenue goal in cents per year, or null when the plan starts from a volume. */
  revenuePerYear: number | null;
  averageDeal: number | null;
  /** Top-of-funnel volume per year (first stage), or null. */
  volumePerYear: number | null;
  /** Conversion steps in funnel order: from -> to with rate in (0, 1]. */
  steps: { from: string; to: string; rate: number }[];
}
