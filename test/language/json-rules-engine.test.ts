// The json-rules-engine export: document shape, operator mapping, the custom
// operators, and agreement with engine/predicates.ts on hand-picked leads
// (unset fields especially). properties.test.ts checks agreement on random
// programs.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { compileClassifier, compilePredicate, type Fields } from "../../engine/predicates.ts";
import { compileSource } from "../../language/compile.ts";
import type { Cond, IR } from "../../language/ir.ts";
import {
  classifyWithJsonRulesEngine,
  createJsonRulesEngine,
  JRE_FORMAT,
  type JreDocument,
  registerSlacodeOperators,
  runJsonRulesEngine,
  slacodeOperatorImpls,
  toJreCondition,
  toJsonRulesEngine,
} from "../../language/targets/json-rules-engine.ts";

const INBOUND = readFileSync(fileURLToPath(new URL("../fixtures/syntax/inbound.sla", import.meta.url)), "utf8");

function compile(text: string): IR {
  const r = compileSource(text);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.ir!;
}

function fields(o: Record<string, unknown>): Fields {
  return Object.assign(Object.create(null), o) as Fields;
}

/** engine/predicates.ts classification, by name. */
function classify(ir: IR, lead: Record<string, unknown>) {
  const c = compileClassifier(ir);
  const f = fields(lead);
  const t = new Uint8Array(c.termNames.length);
  c.evalTerms(f, t);
  const name = (list: string[], i: number) => (i < 0 ? null : list[i]);
  return {
    segment: name(c.segmentNames, c.segment(f, t)),
    persona: name(c.personaNames, c.persona(f, t)),
    action: name(c.actionNames, c.action(f, t)),
  };
}

describe("toJsonRulesEngine", () => {
  const ir = compile(INBOUND);
  const doc = toJsonRulesEngine(ir);

  it("exports terms as named conditions and classifiers as ordered rules", () => {
    expect(doc.format).toBe(JRE_FORMAT);
    expect(Object.keys(doc.conditions)).toEqual(["MQL", "VQL"]);
    expect(doc.conditions.MQL).toEqual({
      any: [
        { fact: "score", operator: "greaterThanInclusive", value: 60 },
        { fact: "source", operator: "equal", value: "demo" },
      ],
    });
    expect(doc.conditions.VQL).toEqual({
      all: [
        { condition: "MQL" },
        { fact: "employees", operator: "greaterThanInclusive", value: 50 },
        { fact: "country", operator: "in", value: ["US", "CA", "GB"] },
      ],
    });
    expect(doc.rules.map((r) => `${r.event.type}:${r.event.params.name}@${r.event.params.order}`)).toEqual([
      "segment:hand_raisers@0",
      "segment:trials@1",
      "segment:everyone_else@2",
      "persona:executive@0",
      "persona:director@1",
      "persona:manager@2",
      "action:demo@0",
      "action:webinar@1",
      "action:content@2",
    ]);
    expect(doc.rules[2]).toEqual({
      name: "segment everyone_else",
      conditions: { all: [] },
      event: { type: "segment", params: { name: "everyone_else", order: 2 } },
    });
    expect(doc.rules[4].conditions).toEqual({ all: [{ fact: "title", operator: "textContains", value: "director" }] });
    expect(doc.operators).toEqual(["textContains"]);
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("maps every IR condition", () => {
    const cases: [Cond, unknown][] = [
      [{ op: "true" }, { all: [] }],
      [
        { op: "flag", field: "ok" },
        { fact: "ok", operator: "equal", value: true },
      ],
      [
        { op: "cmp", field: "n", cmp: "=", value: 1 },
        { fact: "n", operator: "equal", value: 1 },
      ],
      [
        { op: "cmp", field: "n", cmp: "!=", value: 1 },
        { fact: "n", operator: "notEqual", value: 1 },
      ],
      [
        { op: "cmp", field: "n", cmp: "<", value: 1 },
        { fact: "n", operator: "lessThan", value: 1 },
      ],
      [
        { op: "cmp", field: "n", cmp: "<=", value: 1 },
        { fact: "n", operator: "lessThanInclusive", value: 1 },
      ],
      [
        { op: "cmp", field: "n", cmp: ">", value: 1 },
        { fact: "n", operator: "greaterThan", value: 1 },
      ],
      [
        { op: "cmp", field: "n", cmp: ">=", value: 1 },
        { fact: "n", operator: "greaterThanInclusive", value: 1 },
      ],
      [
        { op: "in", field: "s", values: ["a", "b"] },
        { fact: "s", operator: "in", value: ["a", "b"] },
      ],
      [
        { op: "text", field: "s", match: "contains", value: "X" },
        { fact: "s", operator: "textContains", value: "X" },
      ],
      [
        { op: "text", field: "s", match: "starts", value: "X" },
        { fact: "s", operator: "textStartsWith", value: "X" },
      ],
      [
        { op: "text", field: "s", match: "ends", value: "X" },
        { fact: "s", operator: "textEndsWith", value: "X" },
      ],
      [
        { op: "set", field: "s" },
        { fact: "s", operator: "isSet", value: true },
      ],
      [{ op: "term", name: "MQL" }, { condition: "MQL" }],
      [{ op: "not", arg: { op: "set", field: "s" } }, { not: { fact: "s", operator: "isSet", value: true } }],
      [
        {
          op: "or",
          args: [
            {
              op: "and",
              args: [
                { op: "flag", field: "a" },
                { op: "flag", field: "b" },
              ],
            },
            { op: "term", name: "T" },
          ],
        },
        {
          any: [
            {
              all: [
                { fact: "a", operator: "equal", value: true },
                { fact: "b", operator: "equal", value: true },
              ],
            },
            { condition: "T" },
          ],
        },
      ],
    ];
    for (const [c, j] of cases) expect(toJreCondition(c)).toEqual(j);
  });

  it("wraps a bare fact condition so it can be a rule root or a named condition", () => {
    const d = toJsonRulesEngine({
      terms: [{ name: "big", when: { op: "cmp", field: "n", cmp: ">", value: 3 } }],
      segments: [
        { name: "s", when: { op: "term", name: "big" } },
        { name: "t", when: { op: "not", arg: { op: "term", name: "big" } } },
      ],
      personas: [],
      actions: [],
    });
    expect(d.conditions.big).toEqual({ all: [{ fact: "n", operator: "greaterThan", value: 3 }] });
    expect(d.rules.map((r) => r.conditions)).toEqual([{ condition: "big" }, { not: { condition: "big" } }]);
    expect(d.operators).toEqual([]);
  });

  it("lists the custom operators it uses, in a fixed order", () => {
    const d = toJsonRulesEngine(
      compile(
        'sla "x"\nfields {\n  t: text\n}\nsegment a when t ends with "x" or t is not set\nsegment b when t starts with "y" and t contains "z"\n',
      ),
    );
    expect(d.operators).toEqual(["textContains", "textStartsWith", "textEndsWith", "isSet"]);
  });
});

describe("custom operators", () => {
  it("match text case-insensitively and only on strings", () => {
    const { textContains, textStartsWith, textEndsWith } = slacodeOperatorImpls;
    expect(textContains("Sales Director", "DIRECTOR")).toBe(true);
    expect(textContains("Sales Director", "")).toBe(true);
    expect(textContains("", "")).toBe(true);
    expect(textContains("Sales", "director")).toBe(false);
    expect(textStartsWith("VP Marketing", "vp")).toBe(true);
    expect(textStartsWith("Marketing VP", "vp")).toBe(false);
    expect(textEndsWith("Chief Revenue Officer", "OFFICER")).toBe(true);
    expect(textEndsWith("Officer, Chief", "officer")).toBe(false);
    for (const op of [textContains, textStartsWith, textEndsWith])
      for (const v of [undefined, null, 12, true, ["director"], { director: 1 }]) expect(op(v, "director")).toBe(false);
  });

  it("isSet: anything but null, undefined and the empty string", () => {
    const { isSet } = slacodeOperatorImpls;
    expect([undefined, null, ""].map((v) => isSet(v, true))).toEqual([false, false, false]);
    expect([0, false, " ", "x", 12.5].map((v) => isSet(v, true))).toEqual([true, true, true, true, true]);
  });

  it("are registered by registerSlacodeOperators on a fresh engine", async () => {
    const engine = new Engine([], { allowUndefinedFacts: true });
    registerSlacodeOperators(engine);
    engine.addRule({
      conditions: {
        all: [
          { fact: "t", operator: "textContains", value: "DIR" },
          { fact: "t", operator: "isSet", value: true },
        ],
      },
      event: { type: "hit" },
    });
    expect((await engine.run({ t: "Director" })).events.map((e) => e.type)).toEqual(["hit"]);
    expect((await engine.run({})).events).toEqual([]);
  });
});

describe("agreement with engine/predicates.ts", () => {
  // One field of each type, one segment per operator; each lead is run through both.
  const text = `sla "ops"
fields {
  n: number
  m: money
  d: date
  t: text
  e: one of "a", "b"
  y: yes/no
  constructor: text
}
define eq when n = 5
segment s_eq when eq
segment s_ne when n != 5
segment s_lt when n < 5
segment s_le when m <= $10
segment s_gt when d > 2027-01-01
segment s_ge when d >= 2027-01-01
segment s_in when e in ("a")
segment s_notin when e not in ("a")
segment s_contains when t contains "DIR"
segment s_starts when t starts with "vp"
segment s_ends when t ends with "o"
segment s_set when t is set
segment s_unset when t is not set
segment s_flag when y
segment s_no when y = no
segment s_proto when constructor = "x"
`;
  const ir = compile(text);
  const names = ir.segments.map((s) => s.name);
  const preds = (() => {
    const termIndex = new Map(ir.terms.map((t, i) => [t.name, i]));
    return ir.segments.map((s) => compilePredicate(s.when!, termIndex));
  })();
  // One single-segment document per operator, so every rule's result is observable.
  const docs: JreDocument[] = ir.segments.map((s) =>
    toJsonRulesEngine({ ...ir, segments: [s], personas: [], actions: [] }),
  );
  const engines = docs.map(createJsonRulesEngine);

  const leads: Record<string, unknown>[] = [
    {},
    { n: null, m: null, d: null, t: null, e: null, y: null, constructor: null },
    { n: undefined, t: undefined },
    { n: 5, m: 1000, d: "2027-01-01", t: "Director", e: "a", y: true, constructor: "x" },
    { n: 4.5, m: 1001, d: "2026-12-31", t: "", e: "b", y: false },
    { n: 0, m: 0, d: "2027-01-02", t: "VP, Sales Director", y: false },
    { n: -1, m: -500, t: "Vp Demo" },
  ];

  for (const [i, lead] of leads.entries())
    it(`lead ${i}: ${JSON.stringify(lead)}`, async () => {
      const terms = new Uint8Array(ir.terms.length);
      compileClassifier(ir).evalTerms(fields(lead), terms);
      const expected = names.filter((_, k) => preds[k](fields(lead), terms));
      const actual: string[] = [];
      for (const [k, e] of engines.entries())
        if ((await classifyWithJsonRulesEngine(e, lead)).segment !== null) actual.push(names[k]);
      expect(actual).toEqual(expected);
    });

  it("treats unset fields as the predicates do: != is true, comparisons and text are false", () => {
    const terms = new Uint8Array(ir.terms.length);
    const matched = names.filter((_, k) => preds[k](fields({}), terms));
    expect(matched).toEqual(["s_ne", "s_notin", "s_unset"]);
  });

  it("classifies inbound.sla leads like compileClassifier (first match wins, per event type)", async () => {
    const inbound = compile(INBOUND);
    const doc = toJsonRulesEngine(inbound);
    const engine = createJsonRulesEngine(JSON.parse(JSON.stringify(doc)) as JreDocument);
    const cases: Record<string, unknown>[] = [
      {},
      { source: "demo", employees: 120, country: "US", title: "CEO" },
      { source: "trial", employees: 120, country: "CA", score: 70, title: "Sales Director" },
      { source: "trial", employees: 10, country: "CA", score: 70, title: "director of it" },
      { source: "webinar", employees: 500, country: "GB", score: 61 },
      { source: "demo", employees: 50, country: "FR", title: "Founder" },
      { source: null, score: 60, employees: 50, country: "US" },
    ];
    for (const lead of cases) {
      const expected = classify(inbound, lead);
      expect(await classifyWithJsonRulesEngine(engine, lead), JSON.stringify(lead)).toEqual(expected);
      expect(await runJsonRulesEngine(doc, lead)).toEqual(expected);
    }
    expect(classify(inbound, cases[1])).toEqual({ segment: "hand_raisers", persona: "executive", action: "demo" });
    expect(classify(inbound, cases[2])).toEqual({ segment: "trials", persona: "director", action: "content" });
  });

  it("returns null for a classifier list with no match and no otherwise", async () => {
    const d = toJsonRulesEngine(compile('sla "x"\nfields {\n  n: number\n}\nsegment big when n > 10\n'));
    expect(await runJsonRulesEngine(d, { n: 3 })).toEqual({ segment: null, persona: null, action: null });
    expect(await runJsonRulesEngine(d, { n: 30 })).toEqual({ segment: "big", persona: null, action: null });
  });

  it("rejects a document of another format", () => {
    expect(() => createJsonRulesEngine({ format: "other" } as unknown as JreDocument)).toThrow(
      /slacode\/json-rules-engine@1/,
    );
  });
});
