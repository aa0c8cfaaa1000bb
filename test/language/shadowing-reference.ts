// The shadowing analysis as it was before it was made near-linear (commit
// 59d312f), kept as the reference the new one must agree with on small inputs.
// "Can this segment ever match?" A later classifier is shadowed by an earlier
// one when every lead satisfying the later condition satisfies the earlier.
// We decide a sound, conservative version: both conditions in disjunctive
// normal form over literal atoms (terms expanded); the later is shadowed when
// each of its conjunctions contains all atoms of some earlier conjunction.
// It never reports a false positive; it may miss subtle cases.
import type * as A from "../../language/ast.ts";

type Conj = Set<string>;
/** per term table (one per check run): DNF of each term, by polarity */
const termMemo = new WeakMap<Map<string, A.DefineStmt>, Map<string, Conj[] | null>>();
const LIMIT = 64;

export function shadows(earlier: A.Expr, later: A.Expr, terms: Map<string, A.DefineStmt>): boolean {
  const e = dnf(earlier, terms, false, new Set());
  const l = dnf(later, terms, false, new Set());
  if (!e || !l) return false;
  return l.every((lc) => e.some((ec) => [...ec].every((atom) => lc.has(atom))));
}

/**
 * For an ordered list of conditions (first match wins), the index of the
 * earliest condition that shadows each one, or -1. Each condition's DNF is
 * computed once, and earlier conjunctions are indexed by one of their atoms,
 * so a 10,000-line spec does not pay for every pair.
 */
export function findShadowing(conds: (A.Expr | null)[], terms: Map<string, A.DefineStmt>): number[] {
  const dnfs = conds.map((c) => (c ? dnf(c, terms, false, new Set()) : null));
  // Index each earlier conjunction under its globally rarest atom: a later
  // conjunction containing it must contain that atom, and rare keys keep
  // the candidate lists short.
  const freq = new Map<string, number>();
  for (const d of dnfs) if (d) for (const conj of d) for (const a of conj) freq.set(a, (freq.get(a) ?? 0) + 1);
  const byAtom = new Map<string, { owner: number; conj: Conj }[]>();
  const out: number[] = [];
  for (let j = 0; j < conds.length; j++) {
    const l = dnfs[j];
    let shadowedBy = -1;
    if (l && l.length > 0) {
      // Every later conjunction must contain a conjunction of ONE earlier
      // condition; report the earliest such condition.
      let common: Set<number> | null = null;
      for (const lc of l) {
        const found = new Set<number>();
        for (const atom of lc)
          for (const cand of byAtom.get(atom) ?? []) {
            if (common !== null && !common.has(cand.owner)) continue;
            let all = true;
            for (const a of cand.conj) if (!lc.has(a)) all = false;
            if (all) found.add(cand.owner);
          }
        common = found;
        if (common.size === 0) break;
      }
      if (common?.size) shadowedBy = Math.min(...common);
    }
    out.push(shadowedBy);
    const e = dnfs[j];
    if (e)
      for (const conj of e) {
        if (conj.size === 0) continue; // always true: handled like 'otherwise'
        let key = "";
        let best = Infinity;
        for (const a of conj) {
          const f = freq.get(a)!;
          if (f < best) [best, key] = [f, a];
        }
        let list = byAtom.get(key);
        if (!list) byAtom.set(key, (list = []));
        list.push({ owner: j, conj });
      }
  }
  return out;
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
        // A term used by many segments is expanded once per polarity.
        const key = (negated ? "!" : "") + e.name.name;
        const memo = termMemo.get(terms);
        if (memo?.has(key)) return memo.get(key)!;
        expanding.add(e.name.name);
        const r = dnf(t.when, terms, negated, expanding);
        expanding.delete(e.name.name);
        if (memo) memo.set(key, r);
        else termMemo.set(terms, new Map([[key, r]]));
        return r;
      }
      return [new Set([(negated ? "!" : "") + atom(e)])];
    }
    default:
      return [new Set([(negated ? "!" : "") + atom(e)])];
  }
}
