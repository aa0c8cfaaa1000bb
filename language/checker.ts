// Semantic checks over the AST: names, types, enum values, cycles, ordering,
// value chart shape, windows, calendars, teams and the plan. Produces
// diagnostics and a resolved `Model` the compiler reads.
import { IANAZone } from "luxon";
import type * as A from "./ast.ts";
import { type Diagnostic, diag, didYouMean } from "./diagnostics.ts";
import { findShadowing } from "./shadowing.ts";
import {
  DAY_WORDS,
  dayNumbers,
  type FieldType,
  fieldType,
  PERIOD_WORDS,
  period,
  TYPE_WORDS,
  UNIT_MINUTES,
  WINDOW_UNIT_WORDS,
  windowText,
  windowUnit,
  yesNoValue,
} from "./vocabulary.ts";

export type { FieldType } from "./vocabulary.ts";
export { windowText, yesNoValue } from "./vocabulary.ts";

export interface FieldInfo {
  name: string;
  type: FieldType;
  values: string[];
  decl: A.FieldDecl;
}

export interface Model {
  header: { name: string | null; owner: string | null; effective: string | null; timezone: string };
  fields: Map<string, FieldInfo>;
  terms: Map<string, A.DefineStmt>;
  /** terms in dependency order */
  termOrder: string[];
  segments: A.ClassifierStmt[];
  personas: A.ClassifierStmt[];
  actions: A.ClassifierStmt[];
  teams: Map<string, A.TeamStmt>;
  calendars: Map<string, A.CalendarStmt>;
  value: A.ValueStmt | null;
  delivers: A.DeliversStmt[];
  obligations: (A.RespondStmt | A.CadenceStmt | A.ExpectStmt)[];
  plan: A.PlanStmt | null;
}

/** A real calendar date written yyyy-mm-dd (no luxon: the playground re-checks on every keystroke). */
export function isValidDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
}

// Building an Intl formatter to validate a zone costs ~0.5 ms; remember answers.
const zoneValidity = new Map<string, boolean>();
export function isValidZone(zone: string): boolean {
  let ok = zoneValidity.get(zone);
  if (ok === undefined) zoneValidity.set(zone, (ok = IANAZone.isValidZone(zone)));
  return ok;
}

export function check(program: A.Program): { diagnostics: Diagnostic[]; model: Model } {
  return new Checker(program).run();
}

class Checker {
  private ds: Diagnostic[] = [];
  private m: Model = {
    header: { name: null, owner: null, effective: null, timezone: "UTC" },
    fields: new Map(),
    terms: new Map(),
    termOrder: [],
    segments: [],
    personas: [],
    actions: [],
    teams: new Map(),
    calendars: new Map(),
    value: null,
    delivers: [],
    obligations: [],
    plan: null,
  };

  constructor(private program: A.Program) {}

  private report(code: Parameters<typeof diag>[0], range: A.Range, message: string, help?: string): void {
    this.ds.push(diag(code, range, message, help));
  }

  run(): { diagnostics: Diagnostic[]; model: Model } {
    this.collect();
    this.checkHeader();
    this.checkCalendars();
    this.checkTerms();
    for (const list of [this.m.segments, this.m.personas, this.m.actions]) this.checkClassifiers(list);
    this.checkTeams();
    this.checkValue();
    this.checkDelivers();
    this.checkObligations();
    this.checkPlan();
    return { diagnostics: this.ds, model: this.m };
  }

  // ---- collection: build symbol tables, report duplicates ----
  private collect(): void {
    const seen = new Map<string, Map<string, A.Ident>>();
    const unique = (space: string, id: A.Ident, what: string): boolean => {
      let names = seen.get(space);
      if (!names) seen.set(space, (names = new Map()));
      const prev = names.get(id.name);
      if (prev) {
        this.report("SLA202", id.range, `${what} '${id.name}' is already declared`, "rename one of them");
        return false;
      }
      names.set(id.name, id);
      return true;
    };
    const once = new Map<string, A.Statement>();
    for (const s of this.program.statements) {
      switch (s.kind) {
        case "Sla":
        case "Owner":
        case "Effective":
        case "Timezone": {
          const prev = once.get(s.kind);
          if (prev) this.report("SLA102", s.range, `'${s.kind.toLowerCase()}' may appear only once`);
          else once.set(s.kind, s);
          break;
        }
        case "Calendar":
          if (unique("calendar", s.name, "calendar")) this.m.calendars.set(s.name.name, s);
          break;
        case "Fields":
          for (const f of s.fields) {
            if (!unique("expr", f.name, "field")) continue;
            const info = this.fieldInfo(f);
            if (info) this.m.fields.set(f.name.name, info);
          }
          break;
        case "Define":
          if (unique("expr", s.name, "term")) this.m.terms.set(s.name.name, s);
          break;
        case "Segment":
          if (unique("segment", s.name, "segment")) this.m.segments.push(s);
          break;
        case "Persona":
          if (unique("persona", s.name, "persona")) this.m.personas.push(s);
          break;
        case "Action":
          if (unique("action", s.name, "action")) this.m.actions.push(s);
          break;
        case "Team":
          if (unique("team", s.name, "team")) this.m.teams.set(s.name.name, s);
          break;
        case "Value":
          if (this.m.value) this.report("SLA102", s.range, "'value' may appear only once");
          else this.m.value = s;
          break;
        case "Plan":
          if (this.m.plan) this.report("SLA102", s.range, "'plan' may appear only once");
          else this.m.plan = s;
          break;
        case "Delivers":
          this.m.delivers.push(s);
          break;
        case "Respond":
        case "Cadence":
        case "Expect":
          this.m.obligations.push(s);
          break;
      }
    }
    const get = <K extends A.Statement["kind"]>(k: K) => once.get(k) as Extract<A.Statement, { kind: K }> | undefined;
    this.m.header.name = get("Sla")?.name.value ?? null;
    this.m.header.owner = get("Owner")?.name.value ?? null;
    this.m.header.effective = get("Effective")?.date.value ?? null;
    const tz = get("Timezone");
    if (tz) this.m.header.timezone = tz.zone.value;
    const sla = get("Sla");
    if (sla && sla.name.value.trim() === "")
      this.report("SLA101", sla.name.range, "the agreement's name is empty", 'e.g. sla "Inbound lead SLA"');
    if (!get("Sla"))
      this.report(
        "SLA101",
        { start: 0, end: 0 },
        "missing the agreement's name",
        'start the file with: sla "Inbound lead SLA"',
      );
  }

  private fieldInfo(f: A.FieldDecl): FieldInfo | null {
    if (f.type.name === "enum") {
      const values = f.type.values.map((v) => v.value);
      const dup = f.type.values.find((v, i) => values.indexOf(v.value) !== i);
      if (dup) this.report("SLA202", dup.range, `value "${dup.value}" is listed twice`);
      return { name: f.name.name, type: "enum", values, decl: f };
    }
    const t = fieldType(f.type.name);
    if (!t) {
      const s = didYouMean(f.type.name, TYPE_WORDS);
      this.report(
        "SLA207",
        f.type.range,
        `unknown type '${f.type.name}'`,
        s ? `did you mean '${s}'?` : 'types are number, text, yes/no, date, money, or one of "a", "b"',
      );
      return null;
    }
    return { name: f.name.name, type: t, values: [], decl: f };
  }

  // ---- header ----
  private checkHeader(): void {
    for (const s of this.program.statements) {
      if (s.kind === "Timezone" && !isValidZone(s.zone.value)) {
        const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
        const sug = didYouMean(s.zone.value, zones);
        this.report(
          "SLA103",
          s.zone.range,
          `unknown time zone "${s.zone.value}"`,
          sug ? `did you mean "${sug}"?` : 'use an IANA zone such as "America/New_York" or "Europe/Berlin"',
        );
        this.m.header.timezone = "UTC";
      }
      if (s.kind === "Effective" && !isValidDate(s.date.value))
        this.report("SLA004", s.date.range, `'${s.date.value}' is not a valid date`);
    }
  }

  // ---- calendars ----
  private checkCalendars(): void {
    for (const cal of this.m.calendars.values()) {
      let open = 0;
      const holidays = new Set<string>();
      for (const r of cal.rules) {
        if (r.kind === "Open") {
          let daysOk = true;
          for (const d of r.days) {
            for (const id of [d.from, d.to]) {
              if (id && !dayNumbers(id.name)) {
                daysOk = false;
                const s = didYouMean(id.name, DAY_WORDS);
                this.report(
                  "SLA432",
                  id.range,
                  `unknown day '${id.name}'`,
                  s
                    ? `did you mean '${s}'?`
                    : "days are mon, tue, wed, thu, fri, sat, sun (or weekdays, weekends, daily)",
                );
              }
            }
            if (
              d.to &&
              daysOk &&
              ((dayNumbers(d.from.name)?.length ?? 0) > 1 || (dayNumbers(d.to.name)?.length ?? 0) > 1)
            ) {
              this.report("SLA432", d.range, `a day range goes from one day to another, like mon-fri`);
              daysOk = false;
            }
          }
          for (const h of r.hours) {
            let ok = true;
            for (const t of [h.from, h.to]) {
              const [hh, mm] = t.text.split(":").map(Number);
              if (hh > 24 || mm > 59 || (hh === 24 && mm > 0)) {
                this.report(
                  "SLA004",
                  t.range,
                  `'${t.text}' is not a valid time of day`,
                  "times run from 00:00 to 24:00",
                );
                ok = false;
              }
            }
            if (ok && h.to.minutes <= h.from.minutes) {
              this.report(
                "SLA433",
                h.range,
                `open hours ${h.from.text}-${h.to.text} end before they start`,
                "overnight hours are written as two rules, e.g. 22:00-24:00 and 00:00-06:00 on the next day",
              );
              ok = false;
            }
            if (ok && daysOk) open++;
          }
        } else {
          for (const d of r.dates) {
            for (const x of [d.from, d.to])
              if (x && !isValidDate(x.value)) this.report("SLA004", x.range, `'${x.value}' is not a valid date`);
            if (d.to && d.to.value < d.from.value)
              this.report("SLA433", d.range, `holiday range ends before it starts`);
            const key = d.from.value + (d.to ? ".." + d.to.value : "");
            if (holidays.has(key)) this.report("SLA434", d.range, `holiday ${key} is listed twice`);
            holidays.add(key);
          }
        }
      }
      const invalidOpen = cal.rules.some((r) => r.kind === "Open");
      if (open === 0 && !invalidOpen)
        this.report(
          "SLA431",
          cal.name.range,
          `calendar '${cal.name.name}' has no open hours`,
          "add a rule like: open mon-fri 09:00-17:30",
        );
    }
  }

  // ---- expressions ----
  private exprNames(): string[] {
    return [...this.m.fields.keys(), ...this.m.terms.keys()];
  }

  /** Type-checks a condition; collects the terms it uses into `deps`. */
  checkExpr(e: A.Expr, deps?: Set<string>): void {
    switch (e.kind) {
      case "Or":
      case "And":
        for (const a of e.args) this.checkExpr(a, deps);
        return;
      case "Not":
        this.checkExpr(e.arg, deps);
        return;
      case "NameRef": {
        const n = e.name.name;
        if (this.m.terms.has(n)) {
          deps?.add(n);
          return;
        }
        const f = this.m.fields.get(n);
        if (f) {
          if (f.type !== "yesno") {
            const example =
              f.type === "number"
                ? `${n} >= 10`
                : f.type === "enum"
                  ? `${n} = "${f.values[0] ?? "x"}"`
                  : f.type === "money"
                    ? `${n} >= $1,000`
                    : f.type === "date"
                      ? `${n} >= 2027-01-01`
                      : `${n} is set`;
            this.report(
              "SLA304",
              e.name.range,
              `'${n}' is a ${typeWord(f)} field, not a condition`,
              `compare it, e.g. ${example}`,
            );
          }
          return;
        }
        this.unknownName(e.name, "a defined term or yes/no field");
        return;
      }
      case "Compare":
      case "In":
      case "Text":
      case "IsSet": {
        const f = this.fieldFor(e.field);
        if (!f) return;
        if (e.kind === "IsSet") return;
        if (e.kind === "Text") {
          if (f.type !== "text" && f.type !== "enum")
            this.report("SLA303", e.range, `'${e.match}' works on text; '${f.name}' is a ${typeWord(f)} field`);
          else if (e.value.kind !== "String")
            this.report("SLA301", e.value.range, `'${e.match}' needs a string, like "director"`);
          return;
        }
        if (
          e.kind === "Compare" &&
          (f.type === "text" || f.type === "enum" || f.type === "yesno") &&
          e.op !== "=" &&
          e.op !== "!="
        )
          this.report(
            "SLA303",
            e.range,
            `'${e.op}' does not apply to ${typeWord(f)} field '${f.name}'`,
            "use = or !=, or in (...)",
          );
        const values = e.kind === "Compare" ? [e.value] : e.values;
        for (const v of values) this.checkLiteral(f, v);
        return;
      }
    }
  }

  private fieldFor(id: A.Ident): FieldInfo | null {
    const f = this.m.fields.get(id.name);
    if (f) return f;
    if (this.m.terms.has(id.name)) {
      this.report(
        "SLA203",
        id.range,
        `'${id.name}' is a defined term, not a field`,
        `use it on its own: when ${id.name}`,
      );
      return null;
    }
    this.unknownName(id, "a field");
    return null;
  }

  private unknownName(id: A.Ident, expected: string): void {
    const s = didYouMean(id.name, this.exprNames());
    const kindOf = this.m.segments.some((x) => x.name.name === id.name)
      ? "a segment"
      : this.m.personas.some((x) => x.name.name === id.name)
        ? "a persona"
        : this.m.teams.has(id.name)
          ? "a team"
          : null;
    if (kindOf)
      this.report(
        "SLA203",
        id.range,
        `'${id.name}' is ${kindOf}; expected ${expected}`,
        "conditions read fields and defined terms",
      );
    else
      this.report(
        "SLA201",
        id.range,
        `unknown name '${id.name}'`,
        s
          ? `did you mean '${s}'?`
          : this.m.fields.size
            ? `declare it in 'fields { ... }' or with 'define'`
            : "declare the lead's fields in a 'fields { ... }' block",
      );
  }

  private checkLiteral(f: FieldInfo, v: A.Literal): void {
    const bad = (expected: string, help?: string) =>
      this.report(
        "SLA301",
        v.range,
        `'${f.name}' is a ${typeWord(f)} field; expected ${expected}, found ${literalWord(v)}`,
        help,
      );
    switch (f.type) {
      case "number":
        if (v.kind !== "Number")
          bad("a number", v.kind === "String" && /^\d/.test(v.value) ? `remove the quotes: ${v.value}` : undefined);
        return;
      case "money":
        if (v.kind !== "Money") bad("an amount like $50,000", v.kind === "Number" ? `write $${v.text}` : undefined);
        return;
      case "date":
        if (v.kind !== "Date") bad("a date like 2027-01-01");
        else if (!isValidDate(v.value)) this.report("SLA004", v.range, `'${v.value}' is not a valid date`);
        return;
      case "yesno":
        if (v.kind !== "Word" || yesNoValue(v.value) === undefined) bad("yes or no");
        return;
      case "text":
        if (v.kind !== "String") bad("a string in quotes", v.kind === "Word" ? `write "${v.value}"` : undefined);
        return;
      case "enum":
        if (v.kind !== "String") {
          bad(`one of ${f.values.map((x) => `"${x}"`).join(", ")}`);
          return;
        }
        if (!f.values.includes(v.value)) {
          const s = didYouMean(v.value, f.values);
          this.report(
            "SLA302",
            v.range,
            `"${v.value}" is not a value of '${f.name}'`,
            s ? `did you mean "${s}"?` : `'${f.name}' is one of ${f.values.map((x) => `"${x}"`).join(", ")}`,
          );
        }
        return;
    }
  }

  // ---- terms: types and cycles ----
  private checkTerms(): void {
    const deps = new Map<string, Set<string>>();
    for (const [name, d] of this.m.terms) {
      const set = new Set<string>();
      if (d.when) this.checkExpr(d.when, set);
      deps.set(name, set);
    }
    // Topological order; report each cycle once, naming it.
    const state = new Map<string, "visiting" | "done">();
    const order: string[] = [];
    const stack: string[] = [];
    const reported = new Set<string>();
    const visit = (n: string): void => {
      const st = state.get(n);
      if (st === "done") return;
      if (st === "visiting") {
        const cycle = [...stack.slice(stack.indexOf(n)), n];
        const key = [...cycle].sort().join(",");
        if (!reported.has(key)) {
          reported.add(key);
          const d = this.m.terms.get(cycle[0])!;
          this.report(
            "SLA204",
            d.name.range,
            `definition cycle: ${cycle.join(" -> ")}`,
            "a term cannot depend on itself",
          );
        }
        return;
      }
      state.set(n, "visiting");
      stack.push(n);
      for (const dep of deps.get(n) ?? []) visit(dep);
      stack.pop();
      state.set(n, "done");
      order.push(n);
    };
    for (const n of this.m.terms.keys()) visit(n);
    this.m.termOrder = order;
  }

  // ---- ordered classifiers (segments, personas, actions) ----
  private checkClassifiers(list: A.ClassifierStmt[]): void {
    const otherwise = list.find((s) => s.otherwise);
    for (const s of list) {
      if (s.when) this.checkExpr(s.when);
      if (otherwise && s !== otherwise && s.range.start > otherwise.range.start) {
        const kind = s.kind.toLowerCase();
        if (s.otherwise) this.report("SLA403", s.range, `only one ${kind} may be 'otherwise'`);
        else
          this.report(
            "SLA401",
            s.range,
            `${kind} '${s.name.name}' comes after '${otherwise.name.name} otherwise' and can never match`,
            `move it above '${otherwise.name.name}'`,
          );
      }
    }
    // Shadowing: a later classifier whose condition implies an earlier one's.
    const upTo = otherwise ? list.filter((s) => s.range.start <= otherwise.range.start) : list;
    const shadowedBy = findShadowing(
      upTo.map((s) => s.when),
      this.m.terms,
    );
    upTo.forEach((later, j) => {
      const i = shadowedBy[j];
      if (i < 0 || !later.when) return;
      const earlier = upTo[i];
      this.report(
        "SLA402",
        later.name.range,
        `${later.kind.toLowerCase()} '${later.name.name}' can never match: every lead it matches already matches '${earlier.name.name}' (first match wins)`,
        `move it above '${earlier.name.name}' or narrow '${earlier.name.name}'`,
      );
    });
  }

  // ---- teams ----
  private checkTeams(): void {
    for (const s of this.program.statements)
      if (s.kind === "Team" && s.managers.length > 1)
        this.report(
          "SLA102",
          s.managers[1].range,
          `team '${s.name.name}' already has a manager (${s.managers[0].name})`,
          "a team has one manager",
        );
    for (const t of this.m.teams.values()) {
      if (t.members.length === 0)
        this.report(
          "SLA435",
          t.name.range,
          `team '${t.name.name}' has no members`,
          "add a line like: members ana, ben",
        );
      const seen = new Set<string>();
      for (const m of t.members) {
        if (seen.has(m.name)) this.report("SLA436", m.range, `'${m.name}' is listed twice in team '${t.name.name}'`);
        seen.add(m.name);
      }
    }
  }

  // ---- value chart ----
  private checkValue(): void {
    const v = this.m.value;
    if (!v) return;
    const actions = this.m.actions.map((a) => a.name.name);
    const personas = this.m.personas.map((p) => p.name.name);
    if (actions.length === 0 || personas.length === 0)
      this.report(
        "SLA411",
        v.range,
        "a value chart needs 'persona' and 'action' statements",
        "declare e.g. persona executive when ... and action demo when ...",
      );
    const cols = new Set<string>();
    for (const c of v.columns) {
      if (!actions.includes(c.name)) {
        const s = didYouMean(c.name, actions);
        this.report("SLA411", c.range, `column '${c.name}' is not an action`, s ? `did you mean '${s}'?` : undefined);
      } else if (cols.has(c.name)) this.report("SLA411", c.range, `column '${c.name}' is listed twice`);
      cols.add(c.name);
    }
    for (const a of this.m.actions)
      if (!cols.has(a.name.name) && actions.length)
        this.report(
          "SLA411",
          v.columns[0]?.range ?? v.range,
          `action '${a.name.name}' has no column in the value chart`,
          `add '${a.name.name}' to 'columns'`,
        );
    const rows = new Set<string>();
    for (const r of v.rows) {
      if (!personas.includes(r.persona.name)) {
        const s = didYouMean(r.persona.name, personas);
        this.report(
          "SLA411",
          r.persona.range,
          `row '${r.persona.name}' is not a persona`,
          s ? `did you mean '${s}'?` : undefined,
        );
      } else if (rows.has(r.persona.name))
        this.report("SLA411", r.persona.range, `persona '${r.persona.name}' has two rows`);
      rows.add(r.persona.name);
      if (r.cells.length !== v.columns.length)
        this.report(
          "SLA411",
          r.range,
          `row '${r.persona.name}' has ${r.cells.length} value${r.cells.length === 1 ? "" : "s"} but there are ${v.columns.length} columns`,
        );
      for (const c of r.cells)
        if (c.kind !== "Money") this.report("SLA412", c.range, `value cells are amounts of money`, `write $${c.text}`);
    }
    for (const p of this.m.personas)
      if (!rows.has(p.name.name) && personas.length)
        this.report(
          "SLA411",
          v.range,
          `persona '${p.name.name}' has no row in the value chart`,
          `add a row: ${p.name.name}: ...`,
        );
  }

  // ---- commitments ----
  private checkDelivers(): void {
    for (const d of this.m.delivers) {
      if (!this.m.terms.has(d.term.name)) {
        if (this.m.segments.some((s) => s.name.name === d.term.name))
          this.report(
            "SLA203",
            d.term.range,
            `'${d.term.name}' is a segment; commitments count a defined term`,
            `define a term: define ${d.term.name}_lead when ...`,
          );
        else {
          const s = didYouMean(d.term.name, this.m.terms.keys());
          this.report(
            "SLA201",
            d.term.range,
            `unknown term '${d.term.name}'`,
            s ? `did you mean '${s}'?` : "declare it with: define NAME when ...",
          );
        }
      }
      this.checkPeriod(d.per);
      const goal = d.amount.kind === "Money" ? d.amount.cents : d.amount.value;
      if (!(goal > 0)) this.report("SLA442", d.amount.range, "a commitment's goal must be more than zero");
      else if (d.amount.kind === "Number" && !Number.isInteger(d.amount.value))
        this.report("SLA442", d.amount.range, "a lead count must be a whole number");
      if (d.amount.kind === "Money" && !this.m.value)
        this.report(
          "SLA413",
          d.amount.range,
          "a value commitment needs a value chart",
          "add persona/action statements and a 'value { ... }' chart",
        );
    }
  }

  private checkPeriod(p: A.Ident): void {
    if (!period(p.name)) {
      const s = didYouMean(p.name, PERIOD_WORDS);
      this.report(
        "SLA441",
        p.range,
        `unknown period '${p.name}'`,
        s ? `did you mean '${s}'?` : "periods are month, quarter and year",
      );
    }
  }

  // ---- obligations ----
  private checkObligations(): void {
    const hasManager = [...this.m.teams.values()].some((t) => t.manager);
    const ids = new Map<string, A.Statement>();
    for (const o of this.m.obligations) {
      // Two rules for one segment are fine when their windows differ
      // (5m at 80% and 1h at 99%); the same rule twice is a mistake.
      const id = obligationKey(o);
      if (id !== null && o.within) {
        const key = `${id} within ${windowText(o.within)}`;
        if (ids.has(key))
          this.report(
            "SLA202",
            o.range,
            `this obligation is already declared (${key})`,
            "remove one, or change its window",
          );
        else ids.set(key, o);
      }
      if (o.kind === "Expect")
        for (const e of [...o.events, ...(o.after ? [o.after] : [])]) {
          if (e.name === "rep.away")
            this.report("SLA430", e.range, `'rep.away' is about a rep, not a lead; expect rules follow lead events`);
          else if (e.name !== "touch" && !/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(e.name))
            this.report(
              "SLA430",
              e.range,
              `'${e.name}' is not a valid event type`,
              /^[a-z]/i.test(e.name) && e.name.includes(".")
                ? `event types are lowercase, like ${e.name.toLowerCase()}`
                : "event types are dotted names like demo.started, or touch",
            );
        }
      if (o.kind === "Respond" || o.kind === "Cadence") this.segmentRef(o.segment);
      if (o.kind === "Expect" && o.segment) this.segmentRef(o.segment);
      if (o.kind === "Cadence" && (!Number.isInteger(o.touches.value) || o.touches.value < 1))
        this.report("SLA426", o.touches.range, "a cadence needs a whole number of touches, at least 1");
      if (o.kind === "Expect" && o.after && o.events.some((e) => e.name === o.after!.name))
        this.report(
          "SLA429",
          o.after.range,
          `'${o.after.name}' both starts the clock and meets it`,
          "name a different event after 'after'",
        );
      if (o.within) this.checkWindow(o.within);
      const seen = new Set<string>();
      for (const c of o.clauses) {
        if (seen.has(c.kind))
          this.report("SLA425", c.range, `this obligation already has a '${clauseWord(c.kind)}' clause`);
        seen.add(c.kind);
        switch (c.kind) {
          case "Target":
            if (!(c.value.value > 0 && c.value.value <= 1))
              this.report(
                "SLA422",
                c.value.range,
                `target ${c.value.text} is out of range`,
                "a target is above 0% and at most 100%",
              );
            break;
          case "WarnAt":
            if (!(c.value.value > 0 && c.value.value < 1))
              this.report(
                "SLA421",
                c.value.range,
                `warn at ${c.value.text} is out of range`,
                "warn at a share of the window between 0% and 100%, e.g. 80%",
              );
            break;
          case "PauseWhile":
            if (c.when) this.checkExpr(c.when);
            break;
          case "OnBreach":
            for (const a of c.actions) {
              if (a.kind === "Reassign") {
                if (!this.m.teams.has(a.team.name)) {
                  const s = didYouMean(a.team.name, this.m.teams.keys());
                  this.report(
                    "SLA206",
                    a.team.range,
                    `unknown team '${a.team.name}'`,
                    s ? `did you mean '${s}'?` : "declare it with: team NAME { members ... }",
                  );
                }
              } else if (a.kind === "Escalate") {
                // Escalation goes to the manager of the team this clause reassigns to, if any.
                const re = c.actions.find((x): x is A.BreachAction & { kind: "Reassign" } => x.kind === "Reassign");
                const team = re ? this.m.teams.get(re.team.name) : undefined;
                if (team && !team.manager)
                  this.report(
                    "SLA427",
                    a.range,
                    `'escalate to manager' goes to team '${team.name.name}', which names no manager`,
                    `add 'manager NAME' to team '${team.name.name}'`,
                  );
                else if (!team && !hasManager)
                  this.report(
                    "SLA427",
                    a.range,
                    "'escalate to manager' but no team names a manager",
                    "add 'manager NAME' to a team",
                  );
              }
            }
            break;
        }
      }
    }
  }

  private segmentNames: Set<string> | null = null;
  private segmentRef(id: A.Ident): void {
    this.segmentNames ??= new Set(this.m.segments.map((s) => s.name.name));
    if (this.segmentNames.has(id.name)) return;
    if (this.m.terms.has(id.name)) {
      this.report(
        "SLA203",
        id.range,
        `'${id.name}' is a defined term; obligations apply to segments`,
        `add: segment ${id.name.toLowerCase()}_leads when ${id.name}`,
      );
      return;
    }
    const s = didYouMean(
      id.name,
      this.m.segments.map((x) => x.name.name),
    );
    this.report(
      "SLA201",
      id.range,
      `unknown segment '${id.name}'`,
      s ? `did you mean '${s}'?` : "declare it with: segment NAME when ...",
    );
  }

  private checkWindow(w: A.WindowExpr): void {
    if (w.duration) {
      if (!(w.duration.ms > 0)) this.report("SLA423", w.range, "the window must be longer than zero");
      else if (w.duration.ms < 1000)
        this.report(
          "SLA423",
          w.range,
          "the window is shorter than a second",
          "windows are counted to the second or coarser",
        );
      return;
    }
    if (!w.unit || !w.amount) return;
    const unit = windowUnit(w.unit.name);
    if (!unit) {
      const s = didYouMean(w.unit.name, WINDOW_UNIT_WORDS);
      this.report(
        "SLA428",
        w.unit.range,
        `unknown time unit '${w.unit.name}'`,
        s ? `did you mean '${s}'?` : "units are minutes, hours, days, weeks",
      );
      return;
    }
    if (!(w.amount.value > 0)) this.report("SLA423", w.range, "the window must be longer than zero");
    else if (w.amount.value * UNIT_MINUTES[unit] * 60_000 < 1000)
      this.report(
        "SLA423",
        w.range,
        "the window is shorter than a second",
        "windows are counted to the second or coarser",
      );
    if (!w.business) {
      if (w.calendar)
        this.report(
          "SLA424",
          w.calendar.range,
          `'on ${w.calendar.name}' needs business time`,
          `write: ${w.amount.text} business ${w.unit.name} on ${w.calendar.name}`,
        );
      return;
    }
    if (unit === "week") this.report("SLA428", w.unit.range, "business time is counted in minutes, hours or days");
    const calName = w.calendar?.name ?? "business";
    if (!this.m.calendars.has(calName)) {
      if (w.calendar) {
        const s = didYouMean(calName, this.m.calendars.keys());
        this.report(
          "SLA205",
          w.calendar.range,
          `unknown calendar '${calName}'`,
          s ? `did you mean '${s}'?` : undefined,
        );
      } else
        this.report(
          "SLA424",
          w.range,
          "business time needs a calendar named 'business'",
          this.m.calendars.size
            ? `name one: ... on ${[...this.m.calendars.keys()][0]}`
            : "add: calendar business { open mon-fri 09:00-17:30 }",
        );
    }
  }

  // ---- plan ----
  private checkPlan(): void {
    const p = this.m.plan;
    if (!p) return;
    const seen = new Map<string, A.PlanLine>();
    let prev: (A.PlanLine & { kind: "PlanStep" }) | null = null;
    for (const l of p.lines) {
      if (l.kind !== "PlanStep") {
        if (seen.has(l.kind)) this.report("SLA453", l.range, "this plan line is given twice");
        seen.set(l.kind, l);
        if (l.kind === "PlanRevenue" || l.kind === "PlanVolume") this.checkPeriod(l.per);
        if ((l.kind === "PlanRevenue" || l.kind === "PlanAverageDeal") && !(l.amount.cents > 0))
          this.report("SLA442", l.amount.range, "must be more than zero");
        if (l.kind === "PlanVolume" && !(l.amount.value > 0))
          this.report("SLA442", l.amount.range, "must be more than zero");
        else if (l.kind === "PlanVolume" && !Number.isInteger(l.amount.value))
          this.report("SLA442", l.amount.range, "a volume is a whole number");
        continue;
      }
      if (!(l.rate.value > 0 && l.rate.value <= 1))
        this.report(
          "SLA422",
          l.rate.range,
          `conversion ${l.rate.text} is out of range`,
          "a conversion rate is above 0% and at most 100%",
        );
      if (prev && prev.to.name !== l.from.name)
        this.report(
          "SLA451",
          l.from.range,
          `stage '${l.from.name}' does not follow '${prev.to.name}'`,
          `write: ${prev.to.name} to ${l.to.name} ${l.rate.text}`,
        );
      prev = l;
    }
    const hasRevenue = seen.has("PlanRevenue");
    const hasVolume = seen.has("PlanVolume");
    if (hasRevenue && !seen.has("PlanAverageDeal"))
      this.report(
        "SLA452",
        seen.get("PlanRevenue")!.range,
        "a revenue goal needs an average deal size",
        "add: average deal $10,000",
      );
    if (!hasRevenue && !hasVolume)
      this.report(
        "SLA452",
        p.range,
        "a plan starts from a revenue goal or a volume",
        "add: revenue $1,000,000 per year (with average deal), or: volume 3000 per year",
      );
    if (hasRevenue && hasVolume)
      this.report(
        "SLA452",
        seen.get("PlanVolume")!.range,
        "a plan starts from either a revenue goal or a volume, not both",
      );
    if (!p.lines.some((l) => l.kind === "PlanStep"))
      this.report("SLA452", p.range, "a plan needs at least one stage, like: lead to opportunity 70%");
  }
}

/** The IR id an obligation compiles to, before de-duplication (null when parts are missing). */
export function obligationKey(o: A.RespondStmt | A.CadenceStmt | A.ExpectStmt): string | null {
  if (o.kind === "Respond") return `respond ${o.segment.name}`;
  if (o.kind === "Cadence") return `cadence ${o.segment.name}`;
  if (!o.after) return null;
  return `expect ${o.events.map((e) => e.name).join(" or ")} after ${o.after.name}${o.segment ? ` for ${o.segment.name}` : ""}`;
}

function typeWord(f: FieldInfo): string {
  return f.type === "yesno" ? "yes/no" : f.type === "enum" ? "one-of" : f.type;
}
function literalWord(v: A.Literal): string {
  switch (v.kind) {
    case "String":
      return `"${v.value}"`;
    case "Word":
      return `'${v.value}'`;
    default:
      return `'${v.kind === "Date" ? v.value : v.text}'`;
  }
}
function clauseWord(k: A.Clause["kind"]): string {
  return k === "Target" ? "target" : k === "WarnAt" ? "warn at" : k === "PauseWhile" ? "pause while" : "on breach";
}
