// One analysed text: AST (the parser recovers from errors), the checker's
// model, and an index of every name the AST mentions with what it stands for.
// Every request of the language service starts here; the last analysis is
// kept, since an editor asks several questions about the same text.
import type * as A from "../ast.ts";
import type { IToken } from "chevrotain";
import { check, type Model } from "../checker.ts";
import { parseLexer } from "../lexer.ts";
import { parse } from "../parse.ts";
import { personKey } from "../people.ts";
import type { LocationData, Range, SymbolKind } from "./types.ts";

/** One mention of a name. */
export interface Occurrence extends LocationData {
  /** declares the name (a field, a `define`, a segment, a team, a rep in a team...) */
  declaration: boolean;
  /** the statement it sits in */
  statement: A.Statement;
  /** a declaration: the node that declares it (a field's line, a rep with their aliases, else the statement) */
  node: Range;
  /** enum values: the field they are a value of */
  field?: string;
}

export interface Doc {
  text: string;
  ast: A.Program;
  model: Model;
  /** sorted by start */
  occurrences: Occurrence[];
  /** kind + name -> its first declaration */
  declarations: Map<string, Occurrence>;
  /** the text's tokens (comments left out), made on first use */
  tokens?: IToken[];
}

const EMPTY_PROGRAM = (text: string): A.Program => ({
  kind: "Program",
  statements: [],
  comments: [],
  range: { start: 0, end: text.length },
});

let last: Doc | null = null;

/** The analysis of `text` (the previous one when the text is the same). Never throws. */
export function analyze(text: string): Doc {
  if (last && last.text === text) return last;
  let ast: A.Program;
  let model: Model;
  try {
    ast = parse(text).ast;
    model = check(ast).model;
  } catch (e) {
    // A stack overflow on absurd nesting (compile.ts reports it as SLA005); anything else is a bug.
    if (!(e instanceof RangeError)) throw e;
    ast = EMPTY_PROGRAM(text);
    model = check(ast).model;
  }
  const occurrences = collectOccurrences(ast, model);
  const declarations = new Map<string, Occurrence>();
  for (const o of occurrences) {
    const key = symbolKey(o);
    if (o.declaration && !declarations.has(key)) declarations.set(key, o);
  }
  last = { text, ast, model, occurrences, declarations };
  return last;
}

/** What tells two symbols apart: kind and name (and, for an enum value, its field). */
export function symbolKey(o: { kind: SymbolKind; name: string; field?: string }): string {
  return `${o.kind}\u0000${o.field ?? ""}\u0000${o.name}`;
}

/** Do two mentions name the same symbol? */
export function sameSymbol(a: Occurrence, b: Occurrence): boolean {
  return a.kind === b.kind && a.name === b.name && a.field === b.field;
}

/** The mention under `offset`: the one containing it, else the one ending right there (cursor after a word). */
export function occurrenceAt(doc: Doc, offset: number): Occurrence | undefined {
  const list = doc.occurrences;
  let lo = 0;
  let hi = list.length - 1;
  let best: Occurrence | undefined;
  // last occurrence starting at or before offset
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].range.start <= offset) {
      best = list[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (best && offset < best.range.end) return best;
  if (best && offset === best.range.end) return best;
  return undefined;
}

/** The declaration an occurrence refers to (itself when it is one). */
export function declarationOf(doc: Doc, o: Occurrence): Occurrence | undefined {
  return doc.declarations.get(symbolKey(o));
}

/** The tokens of the text (lexed once per analysis). */
export function tokensOf(doc: Doc): IToken[] {
  doc.tokens ??= parseLexer.tokenize(doc.text).tokens;
  return doc.tokens;
}

/** The source text of a node. */
export function sourceOf(doc: Doc, r: Range): string {
  return doc.text.slice(r.start, r.end);
}

// ---------- the index ----------

function collectOccurrences(ast: A.Program, m: Model): Occurrence[] {
  const out: Occurrence[] = [];
  for (const s of ast.statements) {
    const add = (
      kind: SymbolKind,
      id: { name: string; range: Range },
      declaration = false,
      field?: string,
      node: Range = s.range,
    ) => out.push({ kind, name: id.name, range: id.range, declaration, statement: s, field, node });
    const expr = (e: A.Expr | null) => walkExpr(e, m, add);
    switch (s.kind) {
      case "Calendar":
        add("calendar", s.name, true);
        for (const r of s.rules)
          if (r.kind === "Open")
            for (const d of r.days) {
              add("day", d.from);
              if (d.to) add("day", d.to);
            }
        break;
      case "Fields":
        for (const f of s.fields) {
          add("field", f.name, true, undefined, f.range);
          for (const v of f.type.values)
            add("enum-value", { name: v.value, range: v.range }, true, f.name.name, v.range);
        }
        break;
      case "Define":
        add("term", s.name, true);
        expr(s.when);
        break;
      case "Segment":
      case "Persona":
      case "Action":
        add(s.kind === "Segment" ? "segment" : s.kind === "Persona" ? "persona" : "action", s.name, true);
        expr(s.when);
        break;
      case "Team":
        add("team", s.name, true);
        for (const p of [...s.members, ...s.managers])
          out.push({
            kind: "person",
            name: p.name,
            range: p.written.range,
            declaration: true,
            statement: s,
            node: p.range,
          });
        break;
      case "Value":
        for (const c of s.columns) add("action", c);
        for (const r of s.rows) add("persona", r.persona);
        break;
      case "Delivers":
        add(m.terms.has(s.term.name) || !m.fields.has(s.term.name) ? "term" : "field", s.term);
        add("period", s.per);
        break;
      case "Respond":
      case "Cadence":
      case "Expect":
        if (s.kind === "Expect") {
          for (const e of s.events) add("event", e);
          if (s.after) add("event", s.after);
          if (s.segment) add("segment", s.segment);
        } else add("segment", s.segment);
        if (s.within) {
          if (s.within.unit) add("unit", s.within.unit);
          if (s.within.calendar) add("calendar", s.within.calendar);
        }
        for (const c of s.clauses) {
          if (c.kind === "PauseWhile") expr(c.when);
          if (c.kind === "By") for (const i of c.items) if (i.kind === "ByTeam") add("team", i.team);
          if (c.kind === "OnBreach" || c.kind === "WarnAt")
            for (const a of c.actions) if (a.kind === "Reassign") add("team", a.team);
        }
        break;
      case "Plan":
        for (const l of s.lines) {
          if (l.kind === "PlanStep") {
            add("stage", l.from, !out.some((o) => o.kind === "stage" && o.name === l.from.name));
            add("stage", l.to, !out.some((o) => o.kind === "stage" && o.name === l.to.name));
          }
          if (l.kind === "PlanRevenue" || l.kind === "PlanVolume") add("period", l.per);
        }
        break;
      default:
        break;
    }
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

type Add = (
  kind: SymbolKind,
  id: { name: string; range: Range },
  declaration?: boolean,
  field?: string,
  node?: Range,
) => void;

/** Names in a condition: terms and fields share one namespace (a term wins, as in the checker). */
function walkExpr(e: A.Expr | null, m: Model, add: Add): void {
  if (!e) return;
  const nameKind = (name: string): SymbolKind => (m.terms.has(name) && !m.fields.has(name) ? "term" : "field");
  switch (e.kind) {
    case "Or":
    case "And":
      for (const a of e.args) walkExpr(a, m, add);
      return;
    case "Not":
      walkExpr(e.arg, m, add);
      return;
    case "NameRef":
      add(m.terms.has(e.name.name) ? "term" : "field", e.name);
      return;
    case "Compare":
    case "In":
    case "Text": {
      add(nameKind(e.field.name), e.field);
      const values = e.kind === "In" ? e.values : [e.value];
      const f = m.fields.get(e.field.name);
      if (f && (f.type === "enum" || f.type === "yesno"))
        for (const v of values)
          if (v.kind === "String" || v.kind === "Word")
            add("enum-value", { name: v.value, range: v.range }, false, e.field.name);
      return;
    }
    case "IsSet":
      add(nameKind(e.field.name), e.field);
      return;
  }
}

/** The people a spec names, by canonical name: every team they are in and how. */
export function peopleOf(m: Model): Map<string, { team: string; role: "member" | "manager"; person: A.Person }[]> {
  const out = new Map<string, { team: string; role: "member" | "manager"; person: A.Person }[]>();
  const byKey = new Map<string, string>();
  for (const t of m.teams.values())
    for (const [role, list] of [
      ["member", t.members],
      ["manager", t.managers],
    ] as const)
      for (const p of list) {
        const key = personKey(p.name);
        const name = byKey.get(key) ?? p.name;
        byKey.set(key, name);
        let entry = out.get(name);
        if (!entry) out.set(name, (entry = []));
        entry.push({ team: t.name.name, role, person: p });
      }
  return out;
}
