// The typed AST of an .sla file. Every node carries `range`: [start, end)
// character offsets into the source, so diagnostics can point at any node.
// Nodes built from incomplete (error-recovered) syntax may have `null` parts;
// the checker skips those silently because the parser already reported them.

export interface Range {
  start: number;
  end: number;
}

interface Node {
  range: Range;
}

/** A name as written, with its own range (for precise carets). */
export interface Ident extends Node {
  kind: "Ident";
  name: string;
}

export interface StringLit extends Node {
  kind: "String";
  value: string;
  /** false when the closing quote is missing (reported by the checker). */
  terminated: boolean;
}
export interface NumberLit extends Node {
  kind: "Number";
  value: number;
  text: string;
}
/** Money in integer cents. */
export interface MoneyLit extends Node {
  kind: "Money";
  cents: number;
  text: string;
}
/** 0..1 (99% -> 0.99) */
export interface PercentLit extends Node {
  kind: "Percent";
  value: number;
  text: string;
}
export interface DateLit extends Node {
  kind: "Date";
  value: string;
}
export interface TimeLit extends Node {
  kind: "Time";
  /** minutes after midnight */
  minutes: number;
  text: string;
}
export interface DurationLit extends Node {
  kind: "Duration";
  ms: number;
  text: string;
}
/** A bare word on the right-hand side of a comparison: `consented = yes`. */
export interface WordLit extends Node {
  kind: "Word";
  value: string;
}

export type Literal = StringLit | NumberLit | MoneyLit | PercentLit | DateLit | WordLit;

// ---------- expressions ----------

export type Expr = OrExpr | AndExpr | NotExpr | NameRef | CompareExpr | InExpr | TextExpr | SetExpr;

export interface OrExpr extends Node {
  kind: "Or";
  args: Expr[];
}
export interface AndExpr extends Node {
  kind: "And";
  args: Expr[];
}
export interface NotExpr extends Node {
  kind: "Not";
  arg: Expr;
}
/** A bare name: a defined term or a yes/no field. */
export interface NameRef extends Node {
  kind: "NameRef";
  name: Ident;
}
export type CompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=";
export interface CompareExpr extends Node {
  kind: "Compare";
  field: Ident;
  op: CompareOp;
  value: Literal;
}
export interface InExpr extends Node {
  kind: "In";
  field: Ident;
  negated: boolean;
  values: Literal[];
}
export interface TextExpr extends Node {
  kind: "Text";
  field: Ident;
  match: "contains" | "starts" | "ends";
  value: Literal;
}
export interface SetExpr extends Node {
  kind: "IsSet";
  field: Ident;
  negated: boolean;
}

// ---------- statements ----------

export interface SlaStmt extends Node {
  kind: "Sla";
  name: StringLit;
}
export interface OwnerStmt extends Node {
  kind: "Owner";
  name: StringLit;
}
export interface EffectiveStmt extends Node {
  kind: "Effective";
  date: DateLit;
}
export interface TimezoneStmt extends Node {
  kind: "Timezone";
  zone: StringLit;
}

export interface DaySpan extends Node {
  kind: "DaySpan";
  from: Ident;
  /** `mon-fri`: to = fri; `sat`: to = null */
  to: Ident | null;
}
export interface TimeSpan extends Node {
  kind: "TimeSpan";
  from: TimeLit;
  to: TimeLit;
}
export interface OpenRule extends Node {
  kind: "Open";
  days: DaySpan[];
  hours: TimeSpan[];
}
export interface DateSpan extends Node {
  kind: "DateSpan";
  from: DateLit;
  to: DateLit | null;
}
export interface ClosedRule extends Node {
  kind: "Closed";
  dates: DateSpan[];
  /** `closed holidays "US", "US-CA"`: the regions whose public holidays close the calendar */
  holidays: StringLit[];
}
export interface CalendarStmt extends Node {
  kind: "Calendar";
  name: Ident;
  rules: (OpenRule | ClosedRule)[];
}

export interface TypeRef extends Node {
  kind: "Type";
  /** "number" | "text" | "yes/no" | "date" | "money" | "enum" or whatever was written (checked) */
  name: string;
  /** for `one of` */
  values: StringLit[];
}
export interface FieldDecl extends Node {
  kind: "Field";
  name: Ident;
  type: TypeRef;
}
export interface FieldsStmt extends Node {
  kind: "Fields";
  fields: FieldDecl[];
}

export interface DefineStmt extends Node {
  kind: "Define";
  name: Ident;
  when: Expr | null;
}

/** segment, persona and action share one shape: a name with a condition or `otherwise`. */
export interface ClassifierStmt extends Node {
  kind: "Segment" | "Persona" | "Action";
  name: Ident;
  /** null for `otherwise` (see `otherwise`), or when the condition failed to parse */
  when: Expr | null;
  otherwise: boolean;
}

/**
 * A rep as written in a team: a name (`jen`) or a string (`"Jen Park"`),
 * optionally with other spellings the data may use for them:
 * `jen ("Jen Park", "jen@acme.com")`. `name` is the canonical spelling.
 */
export interface Person extends Node {
  kind: "Person";
  name: string;
  /** the name as written: an identifier or a string */
  written: Ident | StringLit;
  aliases: StringLit[];
}

export interface TeamStmt extends Node {
  kind: "Team";
  name: Ident;
  members: Person[];
  /** every `members` line, for the formatter */
  memberLines: Person[][];
  manager: Person | null;
  /** every `manager` line (more than one is an error) */
  managers: Person[];
}

export interface ValueRow extends Node {
  kind: "ValueRow";
  persona: Ident;
  cells: (MoneyLit | NumberLit)[];
}
export interface ValueStmt extends Node {
  kind: "Value";
  columns: Ident[];
  rows: ValueRow[];
}

export type Period = "month" | "quarter" | "year";
export interface DeliversStmt extends Node {
  kind: "Delivers";
  amount: NumberLit | MoneyLit;
  term: Ident;
  per: Ident;
}

/** `5m` (calendar) or `24 business hours [on emea]` or `3 days` (calendar) */
export interface WindowExpr extends Node {
  kind: "Window";
  duration: DurationLit | null;
  amount: NumberLit | null;
  unit: Ident | null;
  business: boolean;
  calendar: Ident | null;
}

export type BreachAction =
  | (Node & { kind: "Reassign"; team: Ident })
  | (Node & { kind: "Escalate" })
  | (Node & { kind: "Nurture"; campaign: StringLit })
  | (Node & { kind: "Notify"; url: StringLit })
  | (Node & { kind: "Tag"; label: StringLit });

/** One word of a `by` clause: who makes the touch, or on which channel. */
export type ByItem =
  | (Node & { kind: "ByOwner" })
  | (Node & { kind: "ByTeam"; team: Ident })
  /** a channel word (`call`) or string (`"phone call"`); `value` as written */
  | (Node & { kind: "ByChannel"; value: string; quoted: boolean });

export type Clause =
  | (Node & { kind: "Target"; value: PercentLit })
  /** `warn at 80%`, optionally with actions run at the warning: `warn at 80% notify "..."` */
  | (Node & { kind: "WarnAt"; value: PercentLit; actions: BreachAction[] })
  /** `by call or meeting`, `by owner`, `by team sdr`: which touches count */
  | (Node & { kind: "By"; items: ByItem[] })
  | (Node & { kind: "PauseWhile"; when: Expr | null })
  | (Node & { kind: "OnBreach"; actions: BreachAction[] });

export interface RespondStmt extends Node {
  kind: "Respond";
  segment: Ident;
  within: WindowExpr | null;
  clauses: Clause[];
}
export interface CadenceStmt extends Node {
  kind: "Cadence";
  segment: Ident;
  touches: NumberLit;
  within: WindowExpr | null;
  clauses: Clause[];
}
export interface EventRef extends Node {
  kind: "EventRef";
  name: string;
}
export interface ExpectStmt extends Node {
  kind: "Expect";
  events: EventRef[];
  within: WindowExpr | null;
  after: EventRef | null;
  segment: Ident | null;
  clauses: Clause[];
}

export type PlanLine =
  | (Node & { kind: "PlanRevenue"; amount: MoneyLit; per: Ident })
  | (Node & { kind: "PlanAverageDeal"; amount: MoneyLit })
  | (Node & { kind: "PlanVolume"; amount: NumberLit; per: Ident })
  | (Node & { kind: "PlanStep"; from: Ident; to: Ident; rate: PercentLit });
export interface PlanStmt extends Node {
  kind: "Plan";
  lines: PlanLine[];
}

export type Statement =
  | SlaStmt
  | OwnerStmt
  | EffectiveStmt
  | TimezoneStmt
  | CalendarStmt
  | FieldsStmt
  | DefineStmt
  | ClassifierStmt
  | TeamStmt
  | ValueStmt
  | DeliversStmt
  | RespondStmt
  | CadenceStmt
  | ExpectStmt
  | PlanStmt;

export interface Comment extends Node {
  kind: "Comment";
  text: string;
}

export interface Program extends Node {
  kind: "Program";
  statements: Statement[];
  comments: Comment[];
}
