// IR -> json-rules-engine (https://github.com/CacheControl/json-rules-engine).
// Browser-safe: no Node APIs. The exported document is plain JSON:
//
//   { format: "slacode/json-rules-engine@1",
//     conditions: { MQL: {...}, VQL: {...} },     // engine.setCondition(name, cond)
//     rules: [ { conditions, event: { type: "segment", params: { name, order } } }, ... ],
//     operators: ["isSet", "textContains"] }       // custom operators the rules use
//
// Each defined term is a shared named condition, referenced as
// `{ condition: "MQL" }`. Segments, personas and actions are rules whose event
// carries their name and position; several may fire for one lead and the
// consumer keeps, per event type, the one with the lowest `order` (first
// match wins). `otherwise` is a rule with the always-true condition `{all: []}`.
//
// The semantics agree exactly with engine/predicates.ts on lead fields of the
// declared types (unset fields may be absent, undefined or null):
// - `=` is `equal` (===): false on an unset field; `!=` is `notEqual`: TRUE on
//   an unset field (it is `not =`).
// - `<`, `<=`, `>`, `>=` are the built-in operators, whose fact validator
//   (`parseFloat(fact)` is not NaN) makes them false on an unset field. Number
//   and money facts are numbers and dates are ISO strings starting with the
//   year, so the validator passes every set value of those types.
// - `in` is the built-in `in` (indexOf: false for an unset field).
// - text matching and `is set` need the custom operators below; register them
//   with `registerSlacodeOperators(engine)` before adding the rules.
import { Engine } from "json-rules-engine";
import type { Cond, IR, IRSegment, Scalar } from "../ir.ts";

export const JRE_FORMAT = "slacode/json-rules-engine@1";

/** Custom operators, in the order they are listed in `operators`. */
export const SLACODE_OPERATORS = ["textContains", "textStartsWith", "textEndsWith", "isSet"] as const;
export type SlacodeOperator = (typeof SLACODE_OPERATORS)[number];

export type JreOperator =
  | "equal"
  | "notEqual"
  | "lessThan"
  | "lessThanInclusive"
  | "greaterThan"
  | "greaterThanInclusive"
  | "in"
  | SlacodeOperator;

/** A fact condition: `fact operator value`. */
export interface JreFactCondition {
  fact: string;
  operator: JreOperator;
  value: Scalar | Scalar[];
}
/** json-rules-engine's TopLevelCondition (the shapes a rule root or a named condition may take). */
export type JreTopLevelCondition =
  | { all: JreCondition[] }
  | { any: JreCondition[] }
  | { not: JreCondition }
  | { condition: string };
export type JreCondition = JreFactCondition | JreTopLevelCondition;

export type JreEventType = "segment" | "persona" | "action";

/** json-rules-engine RuleProperties, as plain JSON. */
export interface JreRule {
  name: string;
  conditions: JreTopLevelCondition;
  event: { type: JreEventType; params: { name: string; order: number } };
}

export interface JreDocument {
  format: typeof JRE_FORMAT;
  /** Defined terms, in dependency order: register each with `engine.setCondition(name, condition)`. */
  conditions: Record<string, JreTopLevelCondition>;
  rules: JreRule[];
  /** Custom operators used by `conditions` and `rules` (register with `registerSlacodeOperators`). */
  operators: SlacodeOperator[];
}

const CMP: Record<Extract<Cond, { op: "cmp" }>["cmp"], JreOperator> = {
  "=": "equal",
  "!=": "notEqual",
  "<": "lessThan",
  "<=": "lessThanInclusive",
  ">": "greaterThan",
  ">=": "greaterThanInclusive",
};
const TEXT: Record<Extract<Cond, { op: "text" }>["match"], SlacodeOperator> = {
  contains: "textContains",
  starts: "textStartsWith",
  ends: "textEndsWith",
};

/** Translates one IR condition; records the custom operators it uses in `used`. */
export function toJreCondition(c: Cond, used: Set<SlacodeOperator> = new Set()): JreCondition {
  switch (c.op) {
    case "true":
      return { all: [] };
    case "and":
      return { all: c.args.map((a) => toJreCondition(a, used)) };
    case "or":
      return { any: c.args.map((a) => toJreCondition(a, used)) };
    case "not":
      return { not: toJreCondition(c.arg, used) };
    case "term":
      return { condition: c.name };
    case "flag":
      return { fact: c.field, operator: "equal", value: true };
    case "cmp":
      return { fact: c.field, operator: CMP[c.cmp], value: c.value };
    case "in":
      return { fact: c.field, operator: "in", value: [...c.values] };
    case "text": {
      const operator = TEXT[c.match];
      used.add(operator);
      return { fact: c.field, operator, value: c.value };
    }
    case "set":
      used.add("isSet");
      // json-rules-engine requires a value; `isSet` ignores it.
      return { fact: c.field, operator: "isSet", value: true };
  }
}

function isFactCondition(c: JreCondition): c is JreFactCondition {
  return "fact" in c;
}

/** A condition usable as a rule root or a named condition (a bare fact condition is wrapped in `all`). */
export function toJreTopLevel(c: Cond, used: Set<SlacodeOperator> = new Set()): JreTopLevelCondition {
  const j = toJreCondition(c, used);
  return isFactCondition(j) ? { all: [j] } : j;
}

export function toJsonRulesEngine(ir: Pick<IR, "terms" | "segments" | "personas" | "actions">): JreDocument {
  const used = new Set<SlacodeOperator>();
  // Object.fromEntries defines own properties, so any term name (even `__proto__`) is a plain key.
  const conditions = Object.fromEntries(ir.terms.map((t) => [t.name, toJreTopLevel(t.when, used)])) as Record<
    string,
    JreTopLevelCondition
  >;
  const rules: JreRule[] = [];
  const add = (type: JreEventType, list: IRSegment[]) =>
    list.forEach((s, order) => {
      rules.push({
        name: `${type} ${s.name}`,
        conditions: s.when ? toJreTopLevel(s.when, used) : { all: [] },
        event: { type, params: { name: s.name, order } },
      });
    });
  add("segment", ir.segments);
  add("persona", ir.personas);
  add("action", ir.actions);
  return { format: JRE_FORMAT, conditions, rules, operators: SLACODE_OPERATORS.filter((o) => used.has(o)) };
}

// ---------- running the export ----------

function lower(a: unknown, b: unknown): [string, string] | null {
  return typeof a === "string" && typeof b === "string" ? [a.toLowerCase(), b.toLowerCase()] : null;
}

/** The custom operators of the export, with engine/predicates.ts semantics. */
export const slacodeOperatorImpls: Record<SlacodeOperator, (fact: unknown, value: unknown) => boolean> = {
  /** Case-insensitive; false unless the fact is a string. */
  textContains: (a, b) => {
    const p = lower(a, b);
    return p?.[0].includes(p[1]) === true;
  },
  textStartsWith: (a, b) => {
    const p = lower(a, b);
    return p?.[0].startsWith(p[1]) === true;
  },
  textEndsWith: (a, b) => {
    const p = lower(a, b);
    return p?.[0].endsWith(p[1]) === true;
  },
  /** Not null, undefined or "" (the value is ignored). */
  isSet: (a) => a !== null && a !== undefined && a !== "",
};

/** Adds the custom operators (`textContains`, `textStartsWith`, `textEndsWith`, `isSet`) to an engine. */
export function registerSlacodeOperators(engine: Pick<Engine, "addOperator">): void {
  for (const name of SLACODE_OPERATORS) engine.addOperator<unknown, unknown>(name, slacodeOperatorImpls[name]);
}

/** A ready engine for an exported document: reuse it for many leads. */
export function createJsonRulesEngine(doc: JreDocument): Engine {
  if (doc.format !== JRE_FORMAT)
    throw new Error(`not a ${JRE_FORMAT} document (format: ${JSON.stringify(doc.format)})`);
  const engine = new Engine([], { allowUndefinedFacts: true });
  registerSlacodeOperators(engine);
  for (const [name, cond] of Object.entries(doc.conditions)) engine.setCondition(name, copyJson(cond));
  for (const rule of doc.rules) engine.addRule(copyJson(rule));
  return engine;
}

export interface JreClassification {
  segment: string | null;
  persona: string | null;
  action: string | null;
}

/** Runs a ready engine on one lead's fields; per event type the lowest `order` wins. */
export async function classifyWithJsonRulesEngine(
  engine: Engine,
  facts: Record<string, unknown>,
): Promise<JreClassification> {
  // A null-prototype copy without undefined entries: an absent fact is unset
  // (allowUndefinedFacts), and field names like `constructor` stay plain keys.
  const runtime: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(facts)) if (facts[k] !== undefined) runtime[k] = facts[k];
  const { events } = await engine.run(runtime);
  const best: Record<JreEventType, { name: string; order: number } | null> = {
    segment: null,
    persona: null,
    action: null,
  };
  for (const e of events) {
    const type = e.type as JreEventType;
    const p = e.params as { name: string; order: number } | undefined;
    if (!p || !(type in best)) continue;
    const cur = best[type];
    if (cur === null || p.order < cur.order) best[type] = p;
  }
  return {
    segment: best.segment?.name ?? null,
    persona: best.persona?.name ?? null,
    action: best.action?.name ?? null,
  };
}

/** Creates an Engine for `doc`, runs it on `facts` and returns the winning segment, persona and action. */
export async function runJsonRulesEngine(doc: JreDocument, facts: Record<string, unknown>): Promise<JreClassification> {
  return classifyWithJsonRulesEngine(createJsonRulesEngine(doc), facts);
}

/** The engine keeps references into what it is given; give it its own copy of the JSON. */
function copyJson<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
