// Property tests for the front end and the json-rules-engine export:
// - parse and compileSource never throw, on any text, and every range they
//   report lies inside the text;
// - on generated, well-typed programs (every field type, every operator,
//   terms using earlier terms, segments/personas/actions with `otherwise`),
//   three classifiers agree on generated leads (with unset fields):
//     1. an oracle that evaluates the generated expression trees directly,
//     2. engine/predicates.ts on the compiled IR (compileClassifier),
//     3. json-rules-engine running the exported document.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileClassifier, type Fields } from "../../engine/predicates.ts";
import type * as A from "../../language/ast.ts";
import { compileSource } from "../../language/compile.ts";
import { type Diagnostic, renderText, toJson } from "../../language/diagnostics.ts";
import type { IR, Scalar } from "../../language/ir.ts";
import { KEYWORDS } from "../../language/lexer.ts";
import { parse } from "../../language/parse.ts";
import {
  classifyWithJsonRulesEngine,
  createJsonRulesEngine,
  toJsonRulesEngine,
} from "../../language/targets/json-rules-engine.ts";
import { validateIR } from "../../language/validate-ir.ts";

const INBOUND = readFileSync(fileURLToPath(new URL("../fixtures/syntax/inbound.sla", import.meta.url)), "utf8");

// ---------------------------------------------------------------------------
// Robustness

const TOKENS = [
  ...KEYWORDS,
  ...[
    "{",
    "}",
    "(",
    ")",
    ",",
    ":",
    "/",
    "-",
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "$",
    '"',
    "#",
    "@",
    ";",
    "é",
    "\\",
  ],
  ...[
    '"demo"',
    '"Inbound lead SLA"',
    '"unterminated',
    '""',
    '"a\\"b"',
    "# a comment",
    "300",
    "12_500",
    "3.5",
    "0",
    "1e3",
  ],
  ...[
    "$84,000",
    "$9.99",
    "$1,00",
    "99%",
    "12.5%",
    "0%",
    "24h",
    "90s",
    "5m",
    "15d",
    "2w",
    "0m",
    "09:00",
    "17:30",
    "25:99",
  ],
  ...[
    "2027-01-01",
    "2027-13-45",
    "demo.started",
    "noshow.reported",
    "hand_raisers",
    "VQL",
    "sdr",
    "yes",
    "no",
    "mon",
    "fri",
  ],
  ...["one of", "yes/no", "starts with", "is not set", "not in", "round robin", "business hours", "on breach"],
];
const SEPARATORS = [" ", " ", "\n", "", "\t", "\r\n"];

/** Random sequences of the language's tokens: mostly near-misses of real statements. */
const tokenSoup = fc
  .array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom(...SEPARATORS)), { maxLength: 80 })
  .map((ts) => ts.map(([t, s]) => t + s).join(""));

/** inbound.sla with a random slice deleted and a random token inserted. */
const mutatedInbound = fc
  .tuple(
    fc.nat({ max: INBOUND.length }),
    fc.nat({ max: 30 }),
    fc.constantFrom("", ...TOKENS),
    fc.constantFrom(...SEPARATORS),
  )
  .map(([at, del, tok, sep]) => INBOUND.slice(0, at) + tok + sep + INBOUND.slice(Math.min(INBOUND.length, at + del)));

const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 100 }),
  tokenSoup,
  mutatedInbound,
);

/**
 * Ranges lie inside the text. `endOfFile` allows the one known exception:
 * parse.ts reports a syntax error at the end of the file ("found end of file")
 * as the one-character range [length, length + 1), past the text (reported as
 * a bug to the parser's owner; an empty range at the end would be in bounds).
 */
function expectRangesInside(text: string, ranges: A.Range[], endOfFile = false): void {
  for (const r of ranges) {
    expect(Number.isInteger(r.start) && Number.isInteger(r.end)).toBe(true);
    expect(r.start).toBeGreaterThanOrEqual(0);
    expect(r.start).toBeLessThanOrEqual(r.end);
    expect(r.start).toBeLessThanOrEqual(text.length);
    if (endOfFile && r.start === text.length && r.end === text.length + 1) continue;
    expect(r.end).toBeLessThanOrEqual(text.length);
  }
}

function astRanges(x: unknown, out: A.Range[] = []): A.Range[] {
  if (Array.isArray(x)) for (const y of x) astRanges(y, out);
  else if (x && typeof x === "object") {
    const o = x as Record<string, unknown>;
    if (typeof o.kind === "string" && o.range) out.push(o.range as A.Range);
    for (const [k, v] of Object.entries(o)) if (k !== "range") astRanges(v, out);
  }
  return out;
}

describe("robustness", () => {
  it("parse never throws and always returns a Program whose ranges lie inside the text", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = parse(text);
        expect(r.ast.kind).toBe("Program");
        expect(Array.isArray(r.ast.statements)).toBe(true);
        expect(r.ast.range).toEqual({ start: 0, end: text.length });
        expectRangesInside(
          text,
          r.diagnostics.map((d) => d.range),
          true,
        );
        expectRangesInside(text, astRanges(r.ast));
      }),
      { numRuns: 400 },
    );
  });

  it("compileSource never throws; diagnostics lie inside the text, render, and an IR comes only without errors", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = compileSource(text);
        expectRangesInside(
          text,
          r.diagnostics.map((d: Diagnostic) => d.range),
          true,
        );
        const hasErrors = r.diagnostics.some((d) => d.severity === "error");
        expect(r.ir === null).toBe(hasErrors);
        expect(typeof renderText("f.sla", text, r.diagnostics)).toBe("string");
        expect(toJson("f.sla", text, r.diagnostics)).toHaveLength(r.diagnostics.length);
        for (let i = 1; i < r.diagnostics.length; i++)
          expect(r.diagnostics[i].range.start).toBeGreaterThanOrEqual(r.diagnostics[i - 1].range.start);
      }),
      { numRuns: 400 },
    );
  });

  it("every IR compiled from a mutated inbound.sla is schema-valid and loads into both classifiers", () => {
    fc.assert(
      fc.property(mutatedInbound, (text) => {
        const r = compileSource(text);
        if (!r.ir) return;
        expect(validateIR(r.ir)).toEqual({ ok: true });
        compileClassifier(r.ir);
        createJsonRulesEngine(toJsonRulesEngine(r.ir));
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------
// Generated programs

type FType = "number" | "money" | "date" | "text" | "enum" | "yesno";
interface Field {
  name: string;
  type: FType;
  /** enum values */
  values: string[];
}
interface Lit {
  text: string;
  value: Scalar;
}
type CmpOp = "=" | "!=" | "<" | "<=" | ">" | ">=";
type Expr =
  | { k: "and" | "or"; args: Expr[] }
  | { k: "not"; arg: Expr }
  | { k: "paren"; arg: Expr }
  | { k: "term"; name: string }
  | { k: "flag"; field: string }
  | { k: "cmp"; field: string; op: CmpOp; lit: Lit; eqeq: boolean }
  | { k: "in"; field: string; negated: boolean; lits: Lit[] }
  | { k: "text"; field: string; match: "contains" | "starts" | "ends"; value: string }
  | { k: "set"; field: string; negated: boolean };
interface Classifier {
  name: string;
  when: Expr | null;
}
interface Program {
  fields: Field[];
  terms: { name: string; when: Expr }[];
  segments: Classifier[];
  personas: Classifier[];
  actions: Classifier[];
}

const FIELD_NAMES = [
  "score",
  "title",
  "source",
  "status",
  "value",
  "owner",
  "tier",
  "consented",
  "arr",
  "first_seen",
  "country",
  "constructor",
  "employees",
  "hasOwnProperty",
];
const TERM_NAMES = ["MQL", "VQL", "hot", "big", "open", "team", "toString", "t_1"];
const ENUM_VALUES = ["demo", "trial", "webinar", "Whitepaper"];

const LITERALS: Record<Exclude<FType, "enum" | "text">, Lit[]> = {
  number: [
    { text: "0", value: 0 },
    { text: "5", value: 5 },
    { text: "10", value: 10 },
    { text: "12.5", value: 12.5 },
    { text: "60", value: 60 },
    { text: "12_500", value: 12500 },
  ],
  money: [
    { text: "$0", value: 0 },
    { text: "$9.99", value: 999 },
    { text: "$10", value: 1000 },
    { text: "$1,000", value: 100000 },
    { text: "$84,000", value: 8400000 },
  ],
  date: ["2026-12-31", "2027-01-01", "2027-06-15"].map((d) => ({ text: d, value: d })),
  yesno: [
    { text: "yes", value: true },
    { text: "no", value: false },
    { text: "true", value: true },
    { text: "false", value: false },
  ],
};
const TEXT_LITERALS = ["", "Director", "dir", "VP", "vp sales", "CEO", "officer", "Straße", "x"];

const LEAD_VALUES: Record<Exclude<FType, "enum">, Scalar[]> = {
  number: [0, 5, 10, 12.5, 60, 100, 12500, -3, 4.999],
  money: [0, 999, 1000, 1001, 100000, 8400000, -500],
  date: ["2026-12-31", "2027-01-01", "2027-01-02", "2027-06-15"],
  text: ["", "Director", "Sales Director", "dir", "VP", "vp sales", "CEO", "Chief Officer", "STRASSE", "straße", "x"],
  yesno: [true, false],
};

const str = (s: string) => JSON.stringify(s);

const fieldsArb: fc.Arbitrary<Field[]> = fc
  .uniqueArray(fc.constantFrom(...FIELD_NAMES), { minLength: 1, maxLength: 6 })
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc.record({
          name: fc.constant(name),
          type: fc.constantFrom<FType>("number", "money", "date", "text", "enum", "yesno"),
          values: fc.uniqueArray(fc.constantFrom(...ENUM_VALUES), { minLength: 1, maxLength: 4 }),
        }),
      ),
    ),
  );

function litsFor(f: Field): Lit[] {
  if (f.type === "enum") return f.values.map((v) => ({ text: str(v), value: v }));
  if (f.type === "text") return TEXT_LITERALS.map((v) => ({ text: str(v), value: v }));
  return LITERALS[f.type];
}

function leafArb(f: Field): fc.Arbitrary<Expr> {
  const lits = litsFor(f);
  const lit = fc.constantFrom(...lits);
  const ordered = f.type === "number" || f.type === "money" || f.type === "date";
  const ops: CmpOp[] = ordered ? ["=", "!=", "<", "<=", ">", ">="] : ["=", "!="];
  const arbs: fc.Arbitrary<Expr>[] = [
    fc.record({
      k: fc.constant("cmp" as const),
      field: fc.constant(f.name),
      op: fc.constantFrom(...ops),
      lit,
      eqeq: fc.boolean(),
    }),
    fc.record({
      k: fc.constant("in" as const),
      field: fc.constant(f.name),
      negated: fc.boolean(),
      lits: fc.uniqueArray(lit, { minLength: 1, maxLength: 3, selector: (l) => l.text }),
    }),
    fc.record({ k: fc.constant("set" as const), field: fc.constant(f.name), negated: fc.boolean() }),
  ];
  if (f.type === "text" || f.type === "enum")
    arbs.push(
      fc.record({
        k: fc.constant("text" as const),
        field: fc.constant(f.name),
        match: fc.constantFrom("contains" as const, "starts" as const, "ends" as const),
        value: fc.constantFrom(...TEXT_LITERALS, ...ENUM_VALUES.map((v) => v.toUpperCase().slice(0, 3))),
      }),
    );
  if (f.type === "yesno") arbs.push(fc.constant<Expr>({ k: "flag", field: f.name }));
  return fc.oneof(...arbs);
}

function exprArb(fields: Field[], terms: string[]): fc.Arbitrary<Expr> {
  const leaves = [...fields.map(leafArb), ...terms.map((name) => fc.constant<Expr>({ k: "term", name }))];
  const leaf = fc.oneof(...leaves);
  return fc.letrec<{ e: Expr }>((tie) => ({
    e: fc.oneof(
      { maxDepth: 3, depthSize: "small" },
      leaf,
      leaf,
      fc.record({
        k: fc.constantFrom("and" as const, "or" as const),
        args: fc.array(tie("e"), { minLength: 2, maxLength: 3 }),
      }),
      fc.record({ k: fc.constant("not" as const), arg: tie("e") }),
      fc.record({ k: fc.constant("paren" as const), arg: tie("e") }),
    ),
  })).e;
}

function classifiersArb(prefix: string, fields: Field[], terms: string[], min: number): fc.Arbitrary<Classifier[]> {
  return fc
    .tuple(fc.array(exprArb(fields, terms), { minLength: min, maxLength: 4 }), fc.boolean())
    .map(([conds, otherwise]) => {
      const list: Classifier[] = conds.map((when, i) => ({ name: `${prefix}${i}`, when }));
      if (otherwise || list.length === 0) list.push({ name: `${prefix}_else`, when: null });
      return list;
    });
}

const programArb: fc.Arbitrary<Program> = fieldsArb.chain((fields) =>
  fc.uniqueArray(fc.constantFrom(...TERM_NAMES), { maxLength: 4 }).chain((termNames) =>
    fc.record({
      fields: fc.constant(fields),
      terms: fc.tuple(
        ...termNames.map((name, i) => exprArb(fields, termNames.slice(0, i)).map((when) => ({ name, when }))),
      ),
      segments: classifiersArb("s", fields, termNames, 1),
      personas: classifiersArb("p", fields, termNames, 0),
      actions: classifiersArb("a", fields, termNames, 0),
    }),
  ),
);

/** Renders with the fewest parentheses precedence needs (or < and < not), plus the generated redundant ones. */
function render(e: Expr, ctx: "top" | "or" | "and" | "not" = "top"): string {
  switch (e.k) {
    case "or": {
      const s = e.args.map((a) => render(a, "or")).join(" or ");
      return ctx === "and" || ctx === "not" ? `(${s})` : s;
    }
    case "and": {
      const s = e.args.map((a) => render(a, "and")).join(" and ");
      return ctx === "not" ? `(${s})` : s;
    }
    case "not":
      return `not ${render(e.arg, "not")}`;
    case "paren":
      return `(${render(e.arg)})`;
    case "term":
      return e.name;
    case "flag":
      return e.field;
    case "cmp":
      return `${e.field} ${e.op === "=" && e.eqeq ? "==" : e.op} ${e.lit.text}`;
    case "in":
      return `${e.field} ${e.negated ? "not in" : "in"} (${e.lits.map((l) => l.text).join(", ")})`;
    case "text":
      return `${e.field} ${e.match === "contains" ? "contains" : e.match === "starts" ? "starts with" : "ends with"} ${str(e.value)}`;
    case "set":
      return `${e.field} is ${e.negated ? "not " : ""}set`;
  }
}

function source(p: Program): string {
  const type = (f: Field) =>
    f.type === "enum" ? `one of ${f.values.map(str).join(", ")}` : f.type === "yesno" ? "yes/no" : f.type;
  const cls = (kw: string, list: Classifier[]) =>
    list.map((c) => `${kw} ${c.name} ${c.when ? `when ${render(c.when)}` : "otherwise"}\n`).join("");
  return (
    `sla "generated"\nfields {\n${p.fields.map((f) => `  ${f.name}: ${type(f)}\n`).join("")}}\n` +
    p.terms.map((t) => `define ${t.name} when ${render(t.when)}\n`).join("") +
    cls("segment", p.segments) +
    cls("persona", p.personas) +
    cls("action", p.actions)
  );
}

// ---- the oracle: the language's meaning, evaluated on the generated trees ----

type Lead = Record<string, Scalar | null | undefined>;

function evaluate(e: Expr, lead: Lead, terms: Map<string, Expr>): boolean {
  switch (e.k) {
    case "and":
      return e.args.every((a) => evaluate(a, lead, terms));
    case "or":
      return e.args.some((a) => evaluate(a, lead, terms));
    case "not":
      return !evaluate(e.arg, lead, terms);
    case "paren":
      return evaluate(e.arg, lead, terms);
    case "term":
      return evaluate(terms.get(e.name)!, lead, terms);
    case "flag":
      return lead[e.field] === true;
    case "cmp": {
      const v = lead[e.field];
      const x = e.lit.value;
      if (e.op === "=") return v === x;
      if (e.op === "!=") return v !== x; // `!=` is `not =`: true when unset
      if (v === null || v === undefined) return false;
      return e.op === "<" ? v < x : e.op === "<=" ? v <= x : e.op === ">" ? v > x : v >= x;
    }
    case "in": {
      const v = lead[e.field];
      const hit = v !== null && v !== undefined && e.lits.some((l) => l.value === v);
      return e.negated ? !hit : hit;
    }
    case "text": {
      const v = lead[e.field];
      if (typeof v !== "string") return false;
      const s = v.toLowerCase();
      const n = e.value.toLowerCase();
      return e.match === "contains" ? s.includes(n) : e.match === "starts" ? s.startsWith(n) : s.endsWith(n);
    }
    case "set": {
      const v = lead[e.field];
      const set = v !== null && v !== undefined && v !== "";
      return e.negated ? !set : set;
    }
  }
}

function firstMatch(list: Classifier[], lead: Lead, terms: Map<string, Expr>): string | null {
  for (const c of list) if (c.when === null || evaluate(c.when, lead, terms)) return c.name;
  return null;
}

const ABSENT = Symbol("absent");

function leadArb(fields: Field[]): fc.Arbitrary<Lead> {
  return fc
    .tuple(
      ...fields.map((f) =>
        fc.oneof(
          { weight: 1, arbitrary: fc.constantFrom<typeof ABSENT | null | undefined>(ABSENT, null, undefined) },
          { weight: 4, arbitrary: fc.constantFrom<Scalar>(...(f.type === "enum" ? f.values : LEAD_VALUES[f.type])) },
        ),
      ),
    )
    .map((vals) => {
      const lead: Lead = Object.create(null);
      fields.forEach((f, i) => {
        const v = vals[i];
        if (v !== ABSENT) lead[f.name] = v as Scalar | null | undefined;
      });
      return lead;
    });
}

function predicatesClassify(ir: IR, lead: Lead) {
  const c = compileClassifier(ir);
  const terms = new Uint8Array(c.termNames.length);
  c.evalTerms(lead as Fields, terms);
  const pick = (names: string[], i: number) => (i < 0 ? null : names[i]);
  return {
    terms: Object.fromEntries(c.termNames.map((n, i) => [n, terms[i] === 1])),
    segment: pick(c.segmentNames, c.segment(lead as Fields, terms)),
    persona: pick(c.personaNames, c.persona(lead as Fields, terms)),
    action: pick(c.actionNames, c.action(lead as Fields, terms)),
  };
}

describe("generated programs", () => {
  it("compile cleanly to schema-valid IR whose conditions mean what the source says", () => {
    fc.assert(
      fc.property(programArb, (p) => {
        const text = source(p);
        const r = compileSource(text);
        expect(
          r.diagnostics.filter((d) => d.severity === "error"),
          text,
        ).toEqual([]);
        expect(validateIR(r.ir), text).toEqual({ ok: true });
        expect(r.ir!.segments.map((s) => s.name)).toEqual(p.segments.map((s) => s.name));
        expect(r.ir!.terms.map((t) => t.name)).toEqual(p.terms.map((t) => t.name));
      }),
      { numRuns: 200 },
    );
  });

  it("oracle, engine/predicates.ts and json-rules-engine classify every lead alike", async () => {
    const withLeads = programArb.chain((p) =>
      fc.tuple(fc.constant(p), fc.array(leadArb(p.fields), { minLength: 20, maxLength: 20 })),
    );
    await fc.assert(
      fc.asyncProperty(withLeads, async ([p, leads]) => {
        const text = source(p);
        const r = compileSource(text);
        expect(r.ir, text).not.toBeNull();
        const ir = r.ir!;
        const engine = createJsonRulesEngine(toJsonRulesEngine(ir));
        const termTrees = new Map(p.terms.map((t) => [t.name, t.when]));
        // Every "can never match" warning (SLA402) must be sound: on every
        // lead, the shadowed classifier's condition implies the earlier one's.
        const shadowed = r.diagnostics
          .filter((d) => d.code === "SLA402")
          .map((d) => {
            const later = text.slice(d.range.start, d.range.end);
            const earlier = /already matches '([^']+)'/.exec(d.message)![1];
            const all = [...p.segments, ...p.personas, ...p.actions];
            return [all.find((c) => c.name === later)!, all.find((c) => c.name === earlier)!] as const;
          });
        for (const lead of leads) {
          for (const [later, earlier] of shadowed)
            if (evaluate(later.when!, lead, termTrees))
              expect(
                evaluate(earlier.when!, lead, termTrees),
                `${text}\n${later.name} shadowed by ${earlier.name}`,
              ).toBe(true);
          const oracle = {
            terms: Object.fromEntries(p.terms.map((t) => [t.name, evaluate(t.when, lead, termTrees)])),
            segment: firstMatch(p.segments, lead, termTrees),
            persona: firstMatch(p.personas, lead, termTrees),
            action: firstMatch(p.actions, lead, termTrees),
          };
          const compiled = predicatesClassify(ir, lead);
          const why = `${text}\nlead: ${JSON.stringify(lead, (_k, v: unknown) => (v === undefined ? "<undefined>" : v))}`;
          expect(compiled, why).toEqual(oracle);
          const jre = await classifyWithJsonRulesEngine(engine, lead);
          expect(jre, why).toEqual({ segment: compiled.segment, persona: compiled.persona, action: compiled.action });
        }
      }),
      { numRuns: 100 },
    );
  });
});
