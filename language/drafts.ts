// Drafts: what the grammar (grammar.ts) fills in while it parses, and the
// functions that turn a finished or partial draft into an AST node.
//
// Why drafts and not AST nodes straight away: with error recovery on, a rule
// can stop half-way (Chevrotain throws, an enclosing rule re-syncs and carries
// on). Every draft is linked into its parent *before* its rule runs, so
// whatever was read before the error is still there afterwards, and the
// finish* functions decide what a partial piece is worth:
// - a missing token is `null` (also one that recovery invented: those are
//   never shown to the user as if they had been written);
// - a statement without its name, a comparison without its value, ... is
//   dropped (`null`); the parser has already reported why;
// - `range` covers every token the rule really read (null if none).
import type { IToken } from "chevrotain";
import type * as A from "./ast.ts";
import * as L from "./literals.ts";

/** A token as read, or null when it is missing (or was inserted by error recovery). */
export type Tok = IToken | null;

interface Draft {
  range: A.Range | null;
}

// ---------- expressions ----------

export interface OrDraft extends Draft {
  args: AndDraft[];
}
export interface AndDraft extends Draft {
  args: NotDraft[];
}
export interface NotDraft extends Draft {
  /** `not X`: the operand; null for a plain primary */
  negated: NotDraft | null;
  /** true once `not` was read */
  isNot: boolean;
  primary: PrimaryDraft | null;
}
export interface PrimaryDraft extends Draft {
  /** `( expr )` */
  paren: OrDraft | null;
  /** `name [predicate]` */
  name: Tok;
  predicate: PredicateDraft | null;
}
export interface PredicateDraft extends Draft {
  op: Tok;
  isIn: boolean;
  textOp: Tok;
  isIs: boolean;
  set: Tok;
  negated: boolean;
  values: LiteralDraft[];
}
export interface LiteralDraft extends Draft {
  token: Tok;
}

export const blank = {
  or: (): OrDraft => ({ args: [], range: null }),
  and: (): AndDraft => ({ args: [], range: null }),
  not: (): NotDraft => ({ negated: null, isNot: false, primary: null, range: null }),
  primary: (): PrimaryDraft => ({ paren: null, name: null, predicate: null, range: null }),
  predicate: (): PredicateDraft => ({
    op: null,
    isIn: false,
    textOp: null,
    isIs: false,
    set: null,
    negated: false,
    values: [],
    range: null,
  }),
  literal: (): LiteralDraft => ({ token: null, range: null }),
  window: (): WindowDraft => ({
    duration: null,
    amount: null,
    business: false,
    unit: null,
    calendar: null,
    range: null,
  }),
  clauses: (): ClausesDraft => ({ clauses: [], onBreach: [], byItems: [], range: null }),
  action: (): ActionDraft => ({ kind: null, team: null, manager: false, text: null, range: null }),
  byItem: (): ByItemDraft => ({ kind: null, team: null, word: null, range: null }),
  person: (): PersonDraft => ({ name: null, aliases: [], range: null }),
  persons: (): PersonsDraft => ({ persons: [], range: null }),
  daySpan: (): SpanDraft => ({ from: null, to: null, range: null }),
  timeSpan: (): SpanDraft => ({ from: null, to: null, range: null }),
  dateSpan: (): SpanDraft => ({ from: null, to: null, range: null }),
  open: (): OpenDraft => ({ kind: "Open", days: [], hours: [], range: null }),
  closed: (): ClosedDraft => ({ kind: "Closed", dates: [], holidays: [], range: null }),
  field: (): FieldDraft => ({ name: null, type: null, range: null }),
  type: (): TypeDraft => ({ isEnum: false, values: [], name: null, name2: null, range: null }),
  when: (): WhenDraft => ({ otherwise: false, expr: null, range: null }),
  names: (): NamesDraft => ({ names: [], range: null }),
  membersLine: (): MembersDraft => ({ list: null, range: null }),
  valueRow: (): ValueRowDraft => ({ persona: null, cells: [], range: null }),
  amount: (): AmountDraft => ({ token: null, range: null }),
  eventName: (): EventNameDraft => ({ token: null, range: null }),
  planLine: (): PlanLineDraft => ({
    kind: null,
    money: null,
    number: null,
    per: null,
    from: null,
    to: null,
    rate: null,
    range: null,
  }),
};

function span(a: A.Range, b: A.Range | null | undefined): A.Range {
  return { start: a.start, end: Math.max(a.end, b?.end ?? a.end) };
}

export function finishExpr(d: OrDraft | null): A.Expr | null {
  if (!d || d.args.length === 0) return null;
  const args: A.Expr[] = [];
  for (const a of d.args) {
    const e = finishAnd(a);
    if (!e) return null;
    args.push(e);
  }
  return args.length === 1 ? args[0] : { kind: "Or", args, range: d.range! };
}

function finishAnd(d: AndDraft): A.Expr | null {
  if (d.args.length === 0) return null;
  const args: A.Expr[] = [];
  for (const a of d.args) {
    const e = finishNot(a);
    if (!e) return null;
    args.push(e);
  }
  return args.length === 1 ? args[0] : { kind: "And", args, range: d.range! };
}

function finishNot(d: NotDraft): A.Expr | null {
  if (d.isNot) {
    const arg = d.negated ? finishNot(d.negated) : null;
    return arg ? { kind: "Not", arg, range: d.range! } : null;
  }
  return d.primary ? finishPrimary(d.primary) : null;
}

function finishPrimary(d: PrimaryDraft): A.Expr | null {
  if (d.paren) {
    const e = finishExpr(d.paren);
    // Keep the parentheses in the range so carets cover what was written.
    return e ? { ...e, range: d.range ?? e.range } : null;
  }
  if (!d.name) return null;
  const field = L.ident(d.name);
  const p = d.predicate;
  if (!p) return { kind: "NameRef", name: field, range: field.range };
  const range = span(field.range, p.range);
  const values: A.Literal[] = [];
  for (const v of p.values) {
    const lit = finishLiteral(v);
    if (!lit) return null;
    values.push(lit);
  }
  if (p.op) {
    const op = (p.op.image === "==" ? "=" : p.op.image) as A.CompareOp;
    return values[0] ? { kind: "Compare", field, op, value: values[0], range } : null;
  }
  if (p.isIn) return values.length ? { kind: "In", field, negated: p.negated, values, range } : null;
  if (p.textOp) {
    const match = p.textOp.image as A.TextExpr["match"];
    return values[0] ? { kind: "Text", field, match, value: values[0], range } : null;
  }
  if (p.isIs && p.set) return { kind: "IsSet", field, negated: p.negated, range };
  return null;
}

function finishLiteral(d: LiteralDraft): A.Literal | null {
  const t = d.token;
  if (!t) return null;
  switch (t.tokenType.name) {
    case "String":
      return L.stringLit(t);
    case "Number":
      return L.numberLit(t);
    case "Money":
      return L.moneyLit(t);
    case "Percent":
      return L.percentLit(t);
    case "Date":
      return L.dateLit(t);
    default:
      return L.wordLit(t);
  }
}

// ---------- obligations: window, clauses, breach actions ----------

export interface WindowDraft extends Draft {
  duration: Tok;
  amount: Tok;
  business: boolean;
  unit: Tok;
  calendar: Tok;
}

export function finishWindow(d: WindowDraft | null): A.WindowExpr | null {
  if (!d?.range) return null;
  const range = d.range;
  if (d.duration)
    return {
      kind: "Window",
      duration: L.durationLit(d.duration),
      amount: null,
      unit: null,
      business: false,
      calendar: null,
      range,
    };
  if (!d.amount || !d.unit) return null;
  return {
    kind: "Window",
    duration: null,
    amount: L.numberLit(d.amount),
    unit: L.ident(d.unit),
    business: d.business,
    calendar: d.calendar ? L.ident(d.calendar) : null,
    range,
  };
}

/** One clause, built by the alternative of the `clauses` rule that read it. */
export type ClauseDraft =
  | PercentClauseDraft
  | { kind: "PauseWhile"; head: IToken; when: OrDraft | null }
  | { kind: "OnBreach"; head: IToken; actions: ActionDraft[] }
  | { kind: "By"; head: IToken; items: ByItemDraft[] };
export interface PercentClauseDraft {
  kind: "Target" | "WarnAt";
  head: IToken;
  percent: Tok;
  /** warn at: the actions run at the warning */
  actions: ActionDraft[];
}

/** One word of a `by` clause, as read. */
export interface ByItemDraft extends Draft {
  kind: A.ByItem["kind"] | null;
  team: Tok;
  /** the channel word or string */
  word: Tok;
}

function finishByItem(d: ByItemDraft): A.ByItem | null {
  const range = d.range;
  if (!range || !d.kind) return null;
  switch (d.kind) {
    case "ByOwner":
      return { kind: "ByOwner", range };
    case "ByTeam":
      return d.team ? { kind: "ByTeam", team: L.ident(d.team), range } : null;
    case "ByChannel": {
      if (!d.word) return null;
      const quoted = d.word.tokenType.name === "String";
      return { kind: "ByChannel", value: quoted ? L.stringLit(d.word).value : d.word.image, quoted, range };
    }
  }
}

export interface ClausesDraft extends Draft {
  clauses: ClauseDraft[];
  /** the actions of the `on breach` (or `warn at`) clause being read */
  onBreach: ActionDraft[];
  /** the items of the `by` clause being read */
  byItems: ByItemDraft[];
}

/** A clause's range runs from its keyword to its last value (not to a dangling `at`, `while` or `breach`). */
export function finishClauses(d: ClausesDraft | null): A.Clause[] {
  const out: A.Clause[] = [];
  for (const c of d?.clauses ?? []) {
    const head = L.tokenRange(c.head);
    switch (c.kind) {
      case "Target": {
        if (!c.percent) break;
        const value = L.percentLit(c.percent);
        out.push({ kind: c.kind, value, range: span(head, value.range) });
        break;
      }
      case "WarnAt": {
        if (!c.percent) break;
        const value = L.percentLit(c.percent);
        const actions = finishActions(c.actions);
        out.push({ kind: c.kind, value, actions, range: span(head, actions.at(-1)?.range ?? value.range) });
        break;
      }
      case "By": {
        const items: A.ByItem[] = [];
        for (const i of c.items) {
          const item = finishByItem(i);
          if (item) items.push(item);
        }
        if (items.length) out.push({ kind: "By", items, range: span(head, items.at(-1)?.range) });
        break;
      }
      case "PauseWhile":
        out.push({ kind: "PauseWhile", when: finishExpr(c.when), range: span(head, c.when?.range) });
        break;
      case "OnBreach": {
        const actions = finishActions(c.actions);
        out.push({ kind: "OnBreach", actions, range: span(head, actions.at(-1)?.range) });
        break;
      }
    }
  }
  return out;
}

export interface ActionDraft extends Draft {
  kind: A.BreachAction["kind"] | null;
  team: Tok;
  manager: boolean;
  /** the campaign, URL or label */
  text: Tok;
}

function finishActions(ds: ActionDraft[]): A.BreachAction[] {
  const actions: A.BreachAction[] = [];
  for (const a of ds) {
    const action = finishAction(a);
    if (action) actions.push(action);
  }
  return actions;
}

function finishAction(d: ActionDraft): A.BreachAction | null {
  const range = d.range;
  if (!range || !d.kind) return null;
  switch (d.kind) {
    case "Reassign":
      return d.team ? { kind: "Reassign", team: L.ident(d.team), range } : null;
    case "Escalate":
      return d.manager ? { kind: "Escalate", range } : null;
    case "Nurture":
      return d.text ? { kind: "Nurture", campaign: L.stringLit(d.text), range } : null;
    case "Notify":
      return d.text ? { kind: "Notify", url: L.stringLit(d.text), range } : null;
    case "Tag":
      return d.text ? { kind: "Tag", label: L.stringLit(d.text), range } : null;
  }
}

// ---------- pieces of statements ----------

/** `mon-fri`, `09:00-17:00`, `2027-12-24-2027-12-26`: a first token and an optional second. */
export interface SpanDraft extends Draft {
  from: Tok;
  to: Tok;
}
export interface OpenDraft extends Draft {
  kind: "Open";
  days: SpanDraft[];
  hours: SpanDraft[];
}
export interface ClosedDraft extends Draft {
  kind: "Closed";
  dates: SpanDraft[];
  /** `closed holidays "US"`: the region strings */
  holidays: IToken[];
}

/** If recovery invented the first token, the second one read stands in for it (as the CST parser did). */
function firstAndSecond(d: SpanDraft): [IToken | null, IToken | null] {
  return d.from ? [d.from, d.to] : [d.to, null];
}

function finishOpen(d: OpenDraft, range: A.Range): A.OpenRule {
  const days: A.DaySpan[] = [];
  for (const s of d.days) {
    const [from, to] = firstAndSecond(s);
    if (from) days.push({ kind: "DaySpan", from: L.ident(from), to: to ? L.ident(to) : null, range: s.range! });
  }
  const hours: A.TimeSpan[] = [];
  for (const s of d.hours)
    if (s.from && s.to) hours.push({ kind: "TimeSpan", from: L.timeLit(s.from), to: L.timeLit(s.to), range: s.range! });
  return { kind: "Open", days, hours, range };
}

function finishClosed(d: ClosedDraft, range: A.Range): A.ClosedRule {
  const dates: A.DateSpan[] = [];
  for (const s of d.dates) {
    const [from, to] = firstAndSecond(s);
    if (from) dates.push({ kind: "DateSpan", from: L.dateLit(from), to: to ? L.dateLit(to) : null, range: s.range! });
  }
  return { kind: "Closed", dates, holidays: d.holidays.map(L.stringLit), range };
}

export interface FieldDraft extends Draft {
  name: Tok;
  type: TypeDraft | null;
}
export interface TypeDraft extends Draft {
  /** `one of "a", "b"` */
  isEnum: boolean;
  values: IToken[];
  /** `number`, or `yes` in `yes/no` */
  name: Tok;
  /** `no` in `yes/no` */
  name2: Tok;
}

function finishField(d: FieldDraft): A.FieldDecl | null {
  const t = d.type;
  if (!d.name || !t?.range) return null;
  const name = L.ident(d.name);
  let typeName: string;
  if (t.isEnum) typeName = "enum";
  else {
    const a = t.name?.image ?? "";
    typeName = t.name2 ? `${a}/${t.name2.image}` : a;
  }
  return {
    kind: "Field",
    name,
    type: { kind: "Type", name: typeName, values: t.values.map(L.stringLit), range: t.range },
    range: span(name.range, t.range),
  };
}

export interface WhenDraft extends Draft {
  otherwise: boolean;
  expr: OrDraft | null;
}
export interface NamesDraft extends Draft {
  names: IToken[];
}
export interface MembersDraft extends Draft {
  list: PersonsDraft | null;
}
export interface PersonsDraft extends Draft {
  persons: PersonDraft[];
}
/** `jen`, `"Jen Park"`, `jen ("Jen Park", "jen@acme.com")` */
export interface PersonDraft extends Draft {
  name: Tok;
  aliases: IToken[];
}

function finishPerson(d: PersonDraft): A.Person | null {
  if (!d.name || !d.range) return null;
  const written = d.name.tokenType.name === "String" ? L.stringLit(d.name) : L.ident(d.name);
  const name = written.kind === "String" ? written.value : written.name;
  return { kind: "Person", name, written, aliases: d.aliases.map(L.stringLit), range: d.range };
}

function finishPersons(ds: PersonDraft[]): A.Person[] {
  const out: A.Person[] = [];
  for (const d of ds) {
    const p = finishPerson(d);
    if (p) out.push(p);
  }
  return out;
}
export interface ValueRowDraft extends Draft {
  persona: Tok;
  cells: AmountDraft[];
}
export interface AmountDraft extends Draft {
  token: Tok;
}
export interface EventNameDraft extends Draft {
  token: Tok;
}
export interface PlanLineDraft extends Draft {
  kind: A.PlanLine["kind"] | null;
  money: Tok;
  number: Tok;
  per: Tok;
  from: Tok;
  to: Tok;
  rate: Tok;
}

function finishPlanLine(d: PlanLineDraft): A.PlanLine | null {
  const range = d.range;
  if (!range || !d.kind) return null;
  switch (d.kind) {
    case "PlanRevenue":
      return d.money && d.per ? { kind: "PlanRevenue", amount: L.moneyLit(d.money), per: L.ident(d.per), range } : null;
    case "PlanAverageDeal":
      return d.money ? { kind: "PlanAverageDeal", amount: L.moneyLit(d.money), range } : null;
    case "PlanVolume":
      return d.number && d.per
        ? { kind: "PlanVolume", amount: L.numberLit(d.number), per: L.ident(d.per), range }
        : null;
    case "PlanStep":
      return d.from && d.to && d.rate
        ? { kind: "PlanStep", from: L.ident(d.from), to: L.ident(d.to), rate: L.percentLit(d.rate), range }
        : null;
  }
}

function amountCell(d: AmountDraft): A.MoneyLit | A.NumberLit | null {
  const t = d.token;
  if (!t) return null;
  return t.tokenType.name === "Money" ? L.moneyLit(t) : L.numberLit(t);
}

// ---------- statements ----------

export type StatementDraft =
  | (Draft & { kind: "Sla" | "Owner" | "Timezone"; text: Tok })
  | (Draft & { kind: "Effective"; date: Tok })
  | (Draft & { kind: "Calendar"; name: Tok; rules: (OpenDraft | ClosedDraft)[] })
  | (Draft & { kind: "Fields"; fields: FieldDraft[] })
  | (Draft & { kind: "Define"; name: Tok; when: OrDraft | null })
  | (Draft & { kind: A.ClassifierStmt["kind"]; name: Tok; when: WhenDraft | null })
  | (Draft & { kind: "Team"; name: Tok; memberLines: MembersDraft[]; managers: PersonDraft[] })
  | (Draft & { kind: "Value"; columns: NamesDraft | null; rows: ValueRowDraft[] })
  | (Draft & { kind: "Delivers"; money: Tok; number: Tok; term: Tok; per: Tok })
  | (Draft & { kind: "Respond"; segment: Tok; within: WindowDraft | null; clauses: ClausesDraft | null })
  | (Draft & {
      kind: "Cadence";
      segment: Tok;
      touches: Tok;
      within: WindowDraft | null;
      clauses: ClausesDraft | null;
    })
  | (Draft & {
      kind: "Expect";
      events: EventNameDraft[];
      within: WindowDraft | null;
      after: EventNameDraft | null;
      segment: Tok;
      clauses: ClausesDraft | null;
    })
  | (Draft & { kind: "Plan"; lines: PlanLineDraft[] });

/** The draft type for statement kind K (one draft type may serve several kinds). */
type DraftOf<K extends StatementDraft["kind"]> = OfKind<StatementDraft, K>;
type OfKind<S, K> = S extends { kind: infer SK } ? (K extends SK ? S : never) : never;

/** A statement draft of kind `kind` with nothing read yet. */
export function statementDraft<K extends StatementDraft["kind"]>(kind: K): DraftOf<K>;
export function statementDraft(kind: StatementDraft["kind"]): StatementDraft {
  const range = null;
  switch (kind) {
    case "Sla":
    case "Owner":
    case "Timezone":
      return { kind, text: null, range };
    case "Effective":
      return { kind, date: null, range };
    case "Calendar":
      return { kind, name: null, rules: [], range };
    case "Fields":
      return { kind, fields: [], range };
    case "Define":
      return { kind, name: null, when: null, range };
    case "Segment":
    case "Persona":
    case "Action":
      return { kind, name: null, when: null, range };
    case "Team":
      return { kind, name: null, memberLines: [], managers: [], range };
    case "Value":
      return { kind, columns: null, rows: [], range };
    case "Delivers":
      return { kind, money: null, number: null, term: null, per: null, range };
    case "Respond":
      return { kind, segment: null, within: null, clauses: null, range };
    case "Cadence":
      return { kind, segment: null, touches: null, within: null, clauses: null, range };
    case "Expect":
      return { kind, events: [], within: null, after: null, segment: null, clauses: null, range };
    case "Plan":
      return { kind, lines: [], range };
  }
}

function eventRef(d: EventNameDraft | null): A.EventRef | null {
  return d?.token ? L.eventRef(d.token) : null;
}

export function finishStatement(d: StatementDraft): A.Statement | null {
  const range = d.range;
  if (!range) return null;
  switch (d.kind) {
    case "Sla":
      return d.text && { kind: "Sla", name: L.stringLit(d.text), range };
    case "Owner":
      return d.text && { kind: "Owner", name: L.stringLit(d.text), range };
    case "Timezone":
      return d.text && { kind: "Timezone", zone: L.stringLit(d.text), range };
    case "Effective":
      return d.date && { kind: "Effective", date: L.dateLit(d.date), range };
    case "Calendar": {
      if (!d.name) return null;
      const rules: (A.OpenRule | A.ClosedRule)[] = [];
      for (const r of d.rules)
        if (r.range) rules.push(r.kind === "Open" ? finishOpen(r, r.range) : finishClosed(r, r.range));
      return { kind: "Calendar", name: L.ident(d.name), rules, range };
    }
    case "Fields": {
      const fields: A.FieldDecl[] = [];
      for (const f of d.fields) {
        const field = finishField(f);
        if (field) fields.push(field);
      }
      return { kind: "Fields", fields, range };
    }
    case "Define":
      return d.name && { kind: "Define", name: L.ident(d.name), when: finishExpr(d.when), range };
    case "Segment":
    case "Persona":
    case "Action": {
      if (!d.name) return null;
      const otherwise = d.when?.otherwise ?? false;
      const when = d.when && !otherwise ? finishExpr(d.when.expr) : null;
      return { kind: d.kind, name: L.ident(d.name), when, otherwise, range };
    }
    case "Team": {
      if (!d.name) return null;
      const memberLines = d.memberLines.map((m) => (m.list ? finishPersons(m.list.persons) : []));
      const managers = finishPersons(d.managers);
      return {
        kind: "Team",
        name: L.ident(d.name),
        members: memberLines.flat(),
        memberLines,
        manager: managers[0] ?? null,
        managers,
        range,
      };
    }
    case "Value": {
      const rows: A.ValueRow[] = [];
      for (const r of d.rows) {
        if (!r.persona) continue;
        const cells: (A.MoneyLit | A.NumberLit)[] = [];
        for (const c of r.cells) {
          const cell = amountCell(c);
          if (cell) cells.push(cell);
        }
        rows.push({ kind: "ValueRow", persona: L.ident(r.persona), cells, range: r.range! });
      }
      return { kind: "Value", columns: d.columns ? d.columns.names.map(L.ident) : [], rows, range };
    }
    case "Delivers": {
      if ((!d.money && !d.number) || !d.term || !d.per) return null;
      const amount = d.money ? L.moneyLit(d.money) : L.numberLit(d.number!);
      return { kind: "Delivers", amount, term: L.ident(d.term), per: L.ident(d.per), range };
    }
    case "Respond":
      return (
        d.segment && {
          kind: "Respond",
          segment: L.ident(d.segment),
          within: finishWindow(d.within),
          clauses: finishClauses(d.clauses),
          range,
        }
      );
    case "Cadence":
      if (!d.segment || !d.touches) return null;
      return {
        kind: "Cadence",
        segment: L.ident(d.segment),
        touches: L.numberLit(d.touches),
        within: finishWindow(d.within),
        clauses: finishClauses(d.clauses),
        range,
      };
    case "Expect": {
      const events: A.EventRef[] = [];
      for (const e of d.events) {
        const ref = eventRef(e);
        if (ref) events.push(ref);
      }
      return {
        kind: "Expect",
        events,
        within: finishWindow(d.within),
        after: eventRef(d.after),
        segment: d.segment ? L.ident(d.segment) : null,
        clauses: finishClauses(d.clauses),
        range,
      };
    }
    case "Plan": {
      const lines: A.PlanLine[] = [];
      for (const l of d.lines) {
        const line = finishPlanLine(l);
        if (line) lines.push(line);
      }
      return { kind: "Plan", lines, range };
    }
  }
}
