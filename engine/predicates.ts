// IR conditions -> plain synchronous closures. This is the engine's
// classification hot path: no allocation per call, no Map lookups; terms are
// evaluated once per lead change into a reusable boolean array.

import type { Cond, IR, IRSegment } from "../language/ir.ts";
import { assertNever } from "./assert-never.ts";
import type { FieldValue } from "./events.ts";

/** A lead's current field values (null-prototype object: any field name is safe). */
export type Fields = Record<string, FieldValue | undefined>;
export type Predicate = (f: Fields, terms: Uint8Array) => boolean;

/**
 * Lead fields live in plain objects (fast in V8). A field whose name is also a
 * property of Object.prototype ("constructor", "toString", ...) must not see
 * the inherited value when unset, so its reads go through hasOwn.
 */
export function fieldReader(k: string): (f: Fields) => FieldValue | undefined {
  if (k in Object.prototype || k === "__proto__") return (f) => (Object.hasOwn(f, k) ? f[k] : undefined);
  return (f) => f[k];
}
const INHERITED = (k: string) => k in Object.prototype || k === "__proto__";

export function compilePredicate(c: Cond, termIndex: ReadonlyMap<string, number>): Predicate {
  if ((c.op === "flag" || c.op === "set" || c.op === "in" || c.op === "text" || c.op === "cmp") && INHERITED(c.field)) {
    // Rare: rewrite the read through a safe accessor by evaluating on a
    // one-field view. Cheap enough for the handful of such specs.
    const read = fieldReader(c.field);
    const inner = compileSafe(c, termIndex);
    const view: Fields = Object.create(null) as Fields;
    return (f, t) => {
      view[c.field] = read(f);
      return inner(view, t);
    };
  }
  return compileSafe(c, termIndex);
}

function compileSafe(c: Cond, termIndex: ReadonlyMap<string, number>): Predicate {
  switch (c.op) {
    case "true":
      return () => true;
    case "and": {
      const args = c.args.map((a) => compilePredicate(a, termIndex));
      if (args.length === 2) {
        const [a, b] = args;
        return (f, t) => a(f, t) && b(f, t);
      }
      return (f, t) => {
        for (let i = 0; i < args.length; i++) if (!args[i](f, t)) return false;
        return true;
      };
    }
    case "or": {
      const args = c.args.map((a) => compilePredicate(a, termIndex));
      if (args.length === 2) {
        const [a, b] = args;
        return (f, t) => a(f, t) || b(f, t);
      }
      return (f, t) => {
        for (let i = 0; i < args.length; i++) if (args[i](f, t)) return true;
        return false;
      };
    }
    case "not": {
      const a = compilePredicate(c.arg, termIndex);
      return (f, t) => !a(f, t);
    }
    case "term": {
      const i = termIndex.get(c.name);
      if (i === undefined) throw new Error(`term '${c.name}' used before it is defined`);
      return (_f, t) => t[i] === 1;
    }
    case "flag": {
      const k = c.field;
      return (f) => f[k] === true;
    }
    case "set": {
      const k = c.field;
      return (f) => {
        const v = f[k];
        return v !== null && v !== undefined && v !== "";
      };
    }
    case "in": {
      const k = c.field;
      const values = new Set<unknown>(c.values);
      return (f) => {
        const v = f[k];
        return v !== null && v !== undefined && values.has(v);
      };
    }
    case "text": {
      const k = c.field;
      const needle = c.value.toLowerCase();
      const test =
        c.match === "contains"
          ? (s: string) => s.includes(needle)
          : c.match === "starts"
            ? (s: string) => s.startsWith(needle)
            : (s: string) => s.endsWith(needle);
      return (f) => {
        const v = f[k];
        return typeof v === "string" && test(v.toLowerCase());
      };
    }
    case "cmp": {
      const k = c.field;
      const x = c.value;
      // `!=` is exactly `not =`: true when the field is unset.
      switch (c.cmp) {
        case "=":
          return (f) => f[k] === x;
        case "!=":
          return (f) => f[k] !== x;
        case "<":
          return (f) => {
            const v = f[k];
            return v != null && v < x;
          };
        case "<=":
          return (f) => {
            const v = f[k];
            return v != null && v <= x;
          };
        case ">":
          return (f) => {
            const v = f[k];
            return v != null && v > x;
          };
        case ">=":
          return (f) => {
            const v = f[k];
            return v != null && v >= x;
          };
        default:
          return assertNever(c.cmp, "comparison");
      }
    }
    default:
      return assertNever(c, "condition");
  }
}

/** Everything the engine needs to classify a lead, compiled once per IR. */
export interface Classifier {
  termNames: string[];
  segmentNames: string[];
  personaNames: string[];
  actionNames: string[];
  /** Evaluates terms into `terms` (length termNames.length). */
  evalTerms(f: Fields, terms: Uint8Array): void;
  /** Index of the first matching segment, or -1. Call after evalTerms. */
  segment(f: Fields, terms: Uint8Array): number;
  persona(f: Fields, terms: Uint8Array): number;
  action(f: Fields, terms: Uint8Array): number;
  /** Value chart cents for persona x action indexes (0 when either is -1). */
  value(persona: number, action: number): number;
}

export function compileClassifier(ir: Pick<IR, "terms" | "segments" | "personas" | "actions" | "value">): Classifier {
  const termIndex = new Map<string, number>();
  const termPreds: Predicate[] = [];
  ir.terms.forEach((t, i) => {
    termPreds.push(compilePredicate(t.when, termIndex));
    termIndex.set(t.name, i);
  });
  const firstMatch = (list: IRSegment[]) => {
    const preds = list.map((s) => (s.when ? compilePredicate(s.when, termIndex) : null));
    return (f: Fields, t: Uint8Array): number => {
      for (let i = 0; i < preds.length; i++) {
        const p = preds[i];
        if (p === null || p(f, t)) return i;
      }
      return -1;
    };
  };
  // value[persona][action], re-indexed from the chart's column order to action order.
  const table: number[][] = ir.personas.map((p) => {
    const row = ir.value?.rows[p.name];
    return ir.actions.map((a) => {
      const col = ir.value ? ir.value.columns.indexOf(a.name) : -1;
      return row && col >= 0 ? (row[col] ?? 0) : 0;
    });
  });
  return {
    termNames: ir.terms.map((t) => t.name),
    segmentNames: ir.segments.map((s) => s.name),
    personaNames: ir.personas.map((s) => s.name),
    actionNames: ir.actions.map((s) => s.name),
    evalTerms(f, terms) {
      for (let i = 0; i < termPreds.length; i++) terms[i] = termPreds[i](f, terms) ? 1 : 0;
    },
    segment: firstMatch(ir.segments),
    persona: firstMatch(ir.personas),
    action: firstMatch(ir.actions),
    value: (p, a) => (p < 0 || a < 0 ? 0 : table[p][a]),
  };
}
