// Conditions: names resolve to fields or terms, operators fit the field's
// type, literals fit the field (numbers, money, dates, yes/no, enum values).
import type * as A from "../ast.ts";
import type { Fix } from "../diagnostics.ts";
import { yesNoValue } from "../vocabulary.ts";
import type { CheckContext, FieldInfo } from "./context.ts";
import { isValidDate } from "./header.ts";

/** Type-checks a condition; collects the terms it uses into `deps`. */
export function checkExpr(cx: CheckContext, e: A.Expr, deps?: Set<string>): void {
  switch (e.kind) {
    case "Or":
    case "And":
      for (const a of e.args) checkExpr(cx, a, deps);
      return;
    case "Not":
      checkExpr(cx, e.arg, deps);
      return;
    case "NameRef": {
      const n = e.name.name;
      if (cx.m.terms.has(n)) {
        deps?.add(n);
        return;
      }
      const f = cx.m.fields.get(n);
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
          cx.report(
            "SLA304",
            e.name.range,
            `'${n}' is a ${typeWord(f)} field, not a condition`,
            `compare it, e.g. ${example}`,
          );
        }
        return;
      }
      unknownName(cx, e.name, "a defined term or yes/no field");
      return;
    }
    case "Compare":
    case "In":
    case "Text":
    case "IsSet": {
      const f = fieldFor(cx, e.field);
      if (!f) return;
      if (e.kind === "IsSet") return;
      if (e.kind === "Text") {
        if (f.type !== "text" && f.type !== "enum")
          cx.report("SLA303", e.range, `'${e.match}' works on text; '${f.name}' is a ${typeWord(f)} field`);
        else if (e.value.kind !== "String")
          cx.report("SLA301", e.value.range, `'${e.match}' needs a string, like "director"`);
        return;
      }
      if (
        e.kind === "Compare" &&
        (f.type === "text" || f.type === "enum" || f.type === "yesno") &&
        e.op !== "=" &&
        e.op !== "!="
      )
        cx.report(
          "SLA303",
          e.range,
          `'${e.op}' does not apply to ${typeWord(f)} field '${f.name}'`,
          "use = or !=, or in (...)",
        );
      const values = e.kind === "Compare" ? [e.value] : e.values;
      for (const v of values) checkLiteral(cx, f, v);
      return;
    }
  }
}

function fieldFor(cx: CheckContext, id: A.Ident): FieldInfo | null {
  const f = cx.m.fields.get(id.name);
  if (f) return f;
  if (cx.m.terms.has(id.name)) {
    cx.report("SLA203", id.range, `'${id.name}' is a defined term, not a field`, `use it on its own: when ${id.name}`);
    return null;
  }
  unknownName(cx, id, "a field");
  return null;
}

function unknownName(cx: CheckContext, id: A.Ident, expected: string): void {
  const kindOf = cx.classifierNamed("Segment", id.name)
    ? "a segment"
    : cx.classifierNamed("Persona", id.name)
      ? "a persona"
      : cx.m.teams.has(id.name)
        ? "a team"
        : null;
  if (kindOf) {
    cx.report(
      "SLA203",
      id.range,
      `'${id.name}' is ${kindOf}; expected ${expected}`,
      "conditions read fields and defined terms",
    );
    return;
  }
  cx.reportUnknown(
    "SLA201",
    id.range,
    `unknown name '${id.name}'`,
    cx.suggest("expr", id.name, () => [...cx.m.fields.keys(), ...cx.m.terms.keys()]),
    cx.m.fields.size
      ? `declare it in 'fields { ... }' or with 'define'`
      : "declare the lead's fields in a 'fields { ... }' block",
  );
}

// Each enum's values as a set, for fields compared many times.
const enumSets = new WeakMap<FieldInfo, Set<string>>();
function enumHas(f: FieldInfo, value: string): boolean {
  let set = enumSets.get(f);
  if (!set) enumSets.set(f, (set = new Set(f.values)));
  return set.has(value);
}

/** `"a", "b", "c"`, cut short after 20 values (a `one of` may list 100,000). */
function valueList(values: string[]): string {
  const shown = values.slice(0, 20).map((x) => `"${x}"`);
  if (values.length > 20) shown.push(`... (${values.length} values)`);
  return shown.join(", ");
}

function checkLiteral(cx: CheckContext, f: FieldInfo, v: A.Literal): void {
  const bad = (expected: string, help?: string, newText?: string) =>
    cx.report(
      "SLA301",
      v.range,
      `'${f.name}' is a ${typeWord(f)} field; expected ${expected}, found ${literalWord(v)}`,
      help,
      newText === undefined ? undefined : [replaceWith(v.range, newText)],
    );
  if (!finiteLiteral(cx, v)) return;
  switch (f.type) {
    case "number":
      if (v.kind !== "Number") {
        if (v.kind === "String" && /^\d/.test(v.value))
          bad("a number", `remove the quotes: ${v.value}`, /^\d[\d_]*(?:\.\d+)?$/.test(v.value) ? v.value : undefined);
        else bad("a number");
      }
      return;
    case "money":
      if (v.kind !== "Money")
        if (v.kind === "Number") bad("an amount like $50,000", `write $${v.text}`, `$${v.text}`);
        else bad("an amount like $50,000");
      return;
    case "date":
      if (v.kind !== "Date") bad("a date like 2027-01-01");
      else if (!isValidDate(v.value)) cx.report("SLA004", v.range, `'${v.value}' is not a valid date`);
      return;
    case "yesno":
      if (v.kind !== "Word" || yesNoValue(v.value) === undefined) bad("yes or no");
      return;
    case "text":
      if (v.kind !== "String")
        if (v.kind === "Word") bad("a string in quotes", `write "${v.value}"`, `"${v.value}"`);
        else bad("a string in quotes");
      return;
    case "enum":
      if (v.kind !== "String") {
        bad(`one of ${valueList(f.values)}`);
        return;
      }
      if (!enumHas(f, v.value))
        cx.reportUnknown(
          "SLA302",
          v.range,
          `"${v.value}" is not a value of '${f.name}'`,
          cx.suggest(`enum ${f.name}`, v.value, () => f.values),
          `'${f.name}' is one of ${valueList(f.values)}`,
          "string",
        );
      return;
  }
}

/** Numbers too large for a double (400 digits) are refused, not compiled to Infinity. */
export function finiteLiteral(cx: CheckContext, v: A.Literal | A.MoneyLit | A.NumberLit | A.PercentLit): boolean {
  const n = v.kind === "Money" ? v.cents : v.kind === "Number" || v.kind === "Percent" ? v.value : 0;
  if (Number.isFinite(n)) return true;
  const text = v.kind === "Money" || v.kind === "Number" || v.kind === "Percent" ? v.text : "";
  cx.report("SLA004", v.range, `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}' is too large a number`);
  return false;
}

export function replaceWith(range: A.Range, newText: string): Fix {
  return { title: `Replace with ${newText}`, edits: [{ range, newText }] };
}

export function typeWord(f: FieldInfo): string {
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
