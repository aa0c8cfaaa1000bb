// AST + model -> IR (plain JSON the engine runs). Only called on programs
// that checked without errors, so lookups here may assume names resolve.
import type * as A from "./ast.ts";
import { check, type Model } from "./checker.ts";
import { type Diagnostic, diag, sortDiagnostics } from "./diagnostics.ts";
import * as IR from "./ir.ts";
import { compileCalendar, typicalOpenDayMinutes } from "./open-hours.ts";
import { parse } from "./parse.ts";
import { periodsPerYear, touchFilterText, UNIT_MINUTES, windowText, windowUnit, yesNoValue } from "./vocabulary.ts";

export interface CompileResult {
  diagnostics: Diagnostic[];
  /** null when there are errors */
  ir: IR.IR | null;
  ast: A.Program;
}

/** The whole front end: parse, check, compile. Never throws. */
export function compileSource(text: string): CompileResult {
  try {
    const parsed = parse(text);
    const checked = check(parsed.ast);
    const diagnostics = sortDiagnostics([...parsed.diagnostics.map(withSyntaxFix), ...checked.diagnostics]);
    const ir = diagnostics.some((d) => d.severity === "error") ? null : toIR(checked.model);
    return { diagnostics, ir, ast: parsed.ast };
  } catch (e) {
    // Thousands of nested parentheses exhaust the stack of a recursive-descent
    // parser: say so, at the deepest point, instead of failing.
    if (!(e instanceof RangeError)) throw e;
    return {
      diagnostics: [tooDeep(text)],
      ir: null,
      ast: { kind: "Program", statements: [], comments: [], range: { start: 0, end: text.length } },
    };
  }
}

/** Syntax diagnostics with an obvious edit get it as a structured fix. */
function withSyntaxFix(d: Diagnostic): Diagnostic {
  // SLA003: a string token runs to the end of its line; close it there.
  if (d.code === "SLA003" && !d.fixes)
    return {
      ...d,
      fixes: [
        { title: 'Add the closing "', edits: [{ range: { start: d.range.end, end: d.range.end }, newText: '"' }] },
      ],
    };
  return d;
}

/** SLA005 for text whose nesting exhausted the parser's stack. */
export function tooDeep(text: string): Diagnostic {
  let depth = 0;
  let max = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 && ++depth > max) [max, at] = [depth, i];
    else if (c === 41) depth--;
  }
  return diag(
    "SLA005",
    { start: at, end: at + 1 },
    `expressions are nested too deeply (${max} levels of parentheses)`,
    "split the condition into defined terms",
  );
}

export function toIR(m: Model): IR.IR {
  // fromEntries, not assignment: a field may be called __proto__.
  const fields: Record<string, IR.IRFieldType> = Object.fromEntries(
    [...m.fields.values()].map((f): [string, IR.IRFieldType] => [
      f.name,
      f.type === "enum" ? { type: "enum", values: f.values } : { type: f.type },
    ]),
  );
  const cond = (e: A.Expr): IR.Cond => compileCond(e, m);
  const classifier = (s: A.ClassifierStmt): IR.IRSegment => ({
    name: s.name.name,
    when: s.otherwise || !s.when ? null : cond(s.when),
  });
  const ir: IR.IR = {
    version: IR.IR_VERSION,
    name: m.header.name ?? "",
    owner: m.header.owner,
    effective: m.header.effective,
    timezone: m.header.timezone,
    calendars: Object.fromEntries(
      [...m.calendars.values()].map((c) => [c.name.name, compileCalendar(c, m.header.effective)]),
    ),
    fields,
    terms: m.termOrder.map((n) => ({ name: n, when: cond(m.terms.get(n)!.when!) })),
    segments: m.segments.map(classifier),
    teams: [...m.teams.values()].map((t) => ({
      name: t.name.name,
      members: t.members.map((x) => x.name),
      manager: t.manager?.name ?? null,
    })),
    personas: m.personas.map(classifier),
    actions: m.actions.map(classifier),
    value: m.value
      ? {
          columns: m.value.columns.map((c) => c.name),
          rows: Object.fromEntries(
            m.value.rows.map((r) => [
              r.persona.name,
              r.cells.map((c) => (c.kind === "Money" ? c.cents : c.value * 100)),
            ]),
          ),
        }
      : null,
    commitments: m.delivers.map((d) => ({
      kind: d.amount.kind === "Money" ? "value" : "count",
      term: d.term.name,
      goal: d.amount.kind === "Money" ? d.amount.cents : d.amount.value,
      per: d.per.name as IR.Period,
    })),
    obligations: uniqueIds(
      m.obligations.map((o) => compileObligation(o, m)),
      m.obligations,
    ),
    plan: m.plan ? compilePlan(m.plan) : null,
  };
  const people = compilePeople(m);
  // after `teams`, where the JSON reads it: key order is the IR's print order
  return people.length ? withPeople(ir, people) : ir;
}

/** Every rep written with aliases, each once (a rep in two teams may give aliases in both). */
function compilePeople(m: Model): IR.IRPerson[] {
  const byName = new Map<string, string[]>();
  for (const t of m.teams.values())
    for (const p of [...t.members, ...(t.manager ? [t.manager] : [])]) {
      if (!p.aliases.length) continue;
      let list = byName.get(p.name);
      if (!list) byName.set(p.name, (list = []));
      for (const a of p.aliases) if (!list.includes(a.value)) list.push(a.value);
    }
  return [...byName].map(([name, aliases]) => ({ name, aliases }));
}

function withPeople(ir: IR.IR, people: IR.IRPerson[]): IR.IR {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ir)) {
    out[k] = v;
    if (k === "teams") out.people = people;
  }
  return out as unknown as IR.IR;
}

export function compileCond(e: A.Expr, m: Model): IR.Cond {
  switch (e.kind) {
    case "Or":
      return { op: "or", args: e.args.map((a) => compileCond(a, m)) };
    case "And":
      return { op: "and", args: e.args.map((a) => compileCond(a, m)) };
    case "Not":
      return { op: "not", arg: compileCond(e.arg, m) };
    case "NameRef":
      return m.terms.has(e.name.name) ? { op: "term", name: e.name.name } : { op: "flag", field: e.name.name };
    case "Compare":
      return { op: "cmp", field: e.field.name, cmp: e.op, value: literalValue(e.value) };
    case "In": {
      const c: IR.Cond = { op: "in", field: e.field.name, values: e.values.map(literalValue) };
      return e.negated ? { op: "not", arg: c } : c;
    }
    case "Text":
      return { op: "text", field: e.field.name, match: e.match, value: String(literalValue(e.value)) };
    case "IsSet": {
      const c: IR.Cond = { op: "set", field: e.field.name };
      return e.negated ? { op: "not", arg: c } : c;
    }
  }
}

function literalValue(v: A.Literal): IR.Scalar {
  switch (v.kind) {
    case "String":
      return v.value;
    case "Number":
    case "Percent":
      return v.value;
    case "Money":
      return v.cents;
    case "Date":
      return v.value;
    case "Word":
      return yesNoValue(v.value) ?? v.value;
  }
}

export { typicalOpenDayMinutes };

export function compileWindow(w: A.WindowExpr, m: Model): IR.IRWindow {
  if (w.duration) return { kind: "calendar", ms: w.duration.ms };
  const unit = windowUnit(w.unit!.name)!;
  const amount = w.amount!.value;
  if (!w.business) return { kind: "calendar", ms: Math.round(amount * UNIT_MINUTES[unit] * 60_000) };
  const calendar = w.calendar?.name ?? "business";
  const perUnit = unit === "day" ? typicalOpenDayMinutes(m.calendars.get(calendar)!) : UNIT_MINUTES[unit];
  return { kind: "business", calendar, minutes: Math.round(amount * perUnit) };
}

function compileAction(a: A.BreachAction): IR.IRAction {
  switch (a.kind) {
    case "Reassign":
      return { type: "reassign", team: a.team.name };
    case "Escalate":
      return { type: "escalate" };
    case "Nurture":
      return { type: "nurture", campaign: a.campaign.value };
    case "Notify":
      return { type: "notify", url: a.url.value };
    case "Tag":
      return { type: "tag", label: a.label.value };
  }
}

function compileObligation(o: A.RespondStmt | A.CadenceStmt | A.ExpectStmt, m: Model): IR.IRObligation {
  let target: number | null = null;
  let warnAt: number | null = null;
  let onWarn: IR.IRAction[] = [];
  let pauseWhile: IR.Cond | null = null;
  const onBreach: IR.IRAction[] = [];
  let by: IR.IRTouchFilter | null = null;
  for (const c of o.clauses) {
    if (c.kind === "Target") target = c.value.value;
    else if (c.kind === "WarnAt") {
      warnAt = c.value.value;
      onWarn = c.actions.map(compileAction);
    } else if (c.kind === "PauseWhile" && c.when) pauseWhile = compileCond(c.when, m);
    else if (c.kind === "OnBreach") onBreach.push(...c.actions.map(compileAction));
    else if (c.kind === "By") by = addTouchFilter(by ?? { channels: null, people: null }, c.items);
  }
  const common: Omit<IR.IRObligation, "kind" | "id" | "segment"> = {
    within: compileWindow(o.within!, m),
    target,
    warnAt,
    ...(onWarn.length ? { onWarn } : {}),
    ...(by ? { by } : {}),
    pauseWhile,
    onBreach,
  };
  switch (o.kind) {
    case "Respond":
      return { kind: "respond", id: `respond ${o.segment.name}`, segment: o.segment.name, ...common };
    case "Cadence":
      return {
        kind: "cadence",
        id: `cadence ${o.segment.name}`,
        segment: o.segment.name,
        touches: o.touches.value,
        ...common,
      };
    case "Expect": {
      const events = o.events.map((e) => e.name);
      return {
        kind: "expect",
        id: `expect ${events.join(" or ")} after ${o.after!.name}${o.segment ? ` for ${o.segment.name}` : ""}`,
        segment: o.segment?.name ?? null,
        events,
        after: o.after!.name,
        ...common,
      };
    }
  }
}

/** One `by` clause into the filter: channels (lowercase, each once) or people. */
function addTouchFilter(f: IR.IRTouchFilter, items: A.ByItem[]): IR.IRTouchFilter {
  for (const i of items) {
    if (i.kind === "ByChannel") {
      const c = i.value.trim().toLowerCase();
      f.channels ??= [];
      if (!f.channels.includes(c)) f.channels.push(c);
    } else {
      f.people ??= { owner: false, teams: [] };
      if (i.kind === "ByOwner") f.people.owner = true;
      else if (!f.people.teams.includes(i.team.name)) f.people.teams.push(i.team.name);
    }
  }
  return f;
}

/**
 * Several rules for one segment get a suffix in their id: their `by` when
 * that tells them apart ("cadence hot by call", "cadence hot by email"),
 * else their window ("respond hot within 5m"), else both.
 */
function uniqueIds(obs: IR.IRObligation[], src: (A.RespondStmt | A.CadenceStmt | A.ExpectStmt)[]): IR.IRObligation[] {
  const groups = new Map<string, number[]>();
  obs.forEach((o, i) => {
    const g = groups.get(o.id);
    if (g) g.push(i);
    else groups.set(o.id, [i]);
  });
  const out = [...obs];
  for (const [id, members] of groups) {
    if (members.length < 2) continue;
    const schemes = [
      (i: number) => `${id}${byText(obs[i].by)}`,
      (i: number) => `${id} within ${windowText(src[i].within!)}`,
      (i: number) => `${id} within ${windowText(src[i].within!)}${byText(obs[i].by)}`,
    ];
    const scheme = schemes.find((f) => new Set(members.map(f)).size === members.length) ?? schemes[2];
    for (const i of members) out[i] = { ...obs[i], id: scheme(i) };
  }
  return out;
}

/** ` by call or email by owner`, as the spec writes the filter ("" for none). */
function byText(f: IR.IRTouchFilter | undefined): string {
  const t = touchFilterText(f);
  return t ? ` ${t}` : "";
}

function compilePlan(p: A.PlanStmt): IR.IRPlan {
  const plan: IR.IRPlan = { revenuePerYear: null, averageDeal: null, volumePerYear: null, steps: [] };
  for (const l of p.lines) {
    if (l.kind === "PlanRevenue") plan.revenuePerYear = l.amount.cents * periodsPerYear(l.per.name as IR.Period);
    else if (l.kind === "PlanAverageDeal") plan.averageDeal = l.amount.cents;
    else if (l.kind === "PlanVolume") plan.volumePerYear = l.amount.value * periodsPerYear(l.per.name as IR.Period);
    else plan.steps.push({ from: l.from.name, to: l.to.name, rate: l.rate.value });
  }
  return plan;
}

export { check };
