// "Can this segment ever match?" A later classifier is shadowed by an earlier
// one when every lead satisfying the later condition satisfies the earlier.
// We decide a sound, conservative version: both conditions in disjunctive
// normal form over literal atoms (terms expanded); the later is shadowed when
// each of its conjunctions contains all atoms of some earlier conjunction.
// It never reports a false positive; it may miss subtle cases.
import type * as A from "./ast.ts";

type Conj = Set<string>;
const LIMIT = 64;

export function shadows(earlier: A.Expr, later: A.Expr, terms: Map<string, A.DefineStmt>): boolean {
  const e = dnf(earlier, terms, false, new Set());
  const l = dnf(later, terms, false, new Set());
  if (!e || !l) return false;
  return l.every((lc) => e.some((ec) => [...ec].every((atom) => lc.has(atom))));
}

function atom(e: A.Expr): string {
  switch (e.kind) {
    case "NameRef":
      return `flag ${e.name.name}`;
    case "Compare":
      return `${e.field.name} ${e.op} ${lit(e.value)}`;
    case "In":
      return `${e.field.name} ${e.negated ? "not in" : "in"} ${e.values.map(lit).sort().join(",")}`;
    case "Text":
      return `${e.field.name} ${e.match} ${lit(e.value).toLowerCase()}`;
    case "IsSet":
      return `${e.field.name} is ${e.negated ? "not " : ""}set`;
    default:
      return "?";
  }
}
function lit(v: A.Literal): string {
  switch (v.kind) {
    case "String":
      return JSON.stringify(v.value);
    case "Money":
      return `$${v.cents}`;
    case "Number":
    case "Percent":
      return String(v.value);
    case "Date":
    case "Word":
      return v.value;
  }
}

/** DNF as a list of conjunctions; null when too large or not representable. */
function dnf(e: A.Expr, terms: Map<string, A.DefineStmt>, negated: boolean, expanding: Set<string>): Conj[] | null {
  switch (e.kind) {
    case "Not":
      return dnf(e.arg, terms, !negated, expanding);
    case "Or":
    case "And": {
      const isOr = (e.kind === "Or") !== negated; // De Morgan
      const parts = e.args.map((a) => dnf(a, terms, negated, expanding));
      if (parts.some((p) => p === null)) return null;
      if (isOr) {
        const all = (parts as Conj[][]).flat();
        return all.length > LIMIT ? null : all;
      }
      let acc: Conj[] = [new Set()];
      for (const p of parts as Conj[][]) {
        const next: Conj[] = [];
        for (const a of acc) for (const b of p) next.push(new Set([...a, ...b]));
        if (next.length > LIMIT) return null;
        acc = next;
      }
      return acc;
    }
    case "NameRef": {
      const t = terms.get(e.name.name);
      if (t) {
        if (!t.when || expanding.has(e.name.name)) return null;
        expanding.add(e.name.name);
        const r = dnf(t.when, terms, negated, expanding);
        expanding.delete(e.name.name);
        return r;
      }
      return [new Set([(negated ? "!" : "") + atom(e)])];
    }
    default:
      return [new Set([(negated ? "!" : "") + atom(e)])];
  }
}
