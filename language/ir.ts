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
  /** Holidays, ISO dates (yyyy-mm-dd), sorted, unique. */
  closed: string[];
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

interface IRObligationCommon {
  /** Stable, human-readable identifier, e.g. "respond hand_raisers". */
  id: string;
  within: IRWindow;
  /** Share of clocks that must be met, in (0, 1]; null when the spec sets none. */
  target: number | null;
  /** Fraction of the window after which a warning fires, in (0, 1); null: none. */
  warnAt: number | null;
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
