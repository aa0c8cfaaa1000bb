// "Can this segment ever match?" A later classifier is shadowed by an earlier
// one when every lead satisfying the later condition satisfies the earlier.
// We decide a sound, conservative version: both conditions in disjunctive
// normal form over literal atoms (terms expanded); the later is shadowed when
// each of its conjunctions contains all atoms of some conjunction of ONE
// earlier condition. It never reports a false positive; it may miss subtle
// cases (a condition whose normal form is too large is not analysed).
//
// Bounded work, for hostile specs as much as for big ones:
// - a normal form holds at most MAX_CONJUNCTIONS conjunctions and MAX_ATOMS
//   atoms in all (larger: not analysed, as before);
// - terms are expanded once per polarity, dependencies first, so a chain of
//   thousands of terms costs no deep recursion;
// - identical conjunctions (20,000 identical segments) are stored once with
//   the list of conditions that have them, and indexed by their rarest atom;
// - the whole analysis stops after WORK_LIMIT steps and says where
//   (`stoppedAt`), so the checker can warn that the rest was not checked.
import type * as A from "./ast.ts";

type Conj = ReadonlySet<string>;

export const MAX_CONJUNCTIONS = 64;
export const MAX_ATOMS = 1024;
export const WORK_LIMIT = 20_000_000;
/** Term expansion deeper than this (only cycles get there) is not analysed. */
const MAX_EXPANSION_DEPTH = 64;

export interface ShadowingResult {
  /** for each condition, the index of the earliest condition shadowing it, or -1 */
  shadowedBy: number[];
  /** index of the first condition not analysed because the work limit was reached, or -1 */
  stoppedAt: number;
}

/**
 * The normal forms of conditions over one table of terms (one per check run).
 */
export class Shadowing {
  private memo = new Map<string, Conj[] | null>();
  private prepared = new Set<string>();

  constructor(private terms: ReadonlyMap<string, A.DefineStmt>) {}

  /**
   * For an ordered list of conditions (first match wins), the earliest
   * condition that shadows each one.
   */
  find(conds: readonly (A.Expr | null)[]): ShadowingResult {
    const dnfs = conds.map((c) => (c ? this.dnf(c) : null));
    const shadowedBy: number[] = new Array(conds.length).fill(-1);
    // Distinct conjunctions, each with the conditions that have it (ascending).
    const distinct: { atoms: Conj; owners: number[] }[] = [];
    const idOf = new Map<string, number>();
    const ownerConjs: Set<number>[] = conds.map(() => new Set());
    // Index each distinct conjunction under its globally rarest atom: a later
    // conjunction containing it must contain that atom, and rare keys keep
    // the candidate lists short.
    const freq = new Map<string, number>();
    for (const d of dnfs) if (d) for (const conj of d) for (const a of conj) freq.set(a, (freq.get(a) ?? 0) + 1);
    const byAtom = new Map<string, number[]>();
    let work = 0;
    for (let j = 0; j < conds.length; j++) {
      if (work > WORK_LIMIT) return { shadowedBy, stoppedAt: j };
      const l = dnfs[j];
      if (l && l.length > 0) {
        // For each later conjunction, the earlier distinct conjunctions it contains.
        const matched: number[][] = [];
        for (const lc of l) {
          const m: number[] = [];
          for (const atom of lc)
            for (const id of byAtom.get(atom) ?? []) {
              const cand = distinct[id].atoms;
              work += cand.size;
              let all = true;
              for (const a of cand)
                if (!lc.has(a)) {
                  all = false;
                  break;
                }
              if (all) m.push(id);
            }
          if (m.length === 0) break;
          matched.push(m);
        }
        if (matched.length === l.length) {
          // The earliest condition covering every later conjunction: walk the
          // owners of the least-owned conjunction set in ascending order.
          const ownersOf = (m: number[]) => m.reduce((n, id) => n + distinct[id].owners.length, 0);
          let first = 0;
          for (let k = 1; k < matched.length; k++) if (ownersOf(matched[k]) < ownersOf(matched[first])) first = k;
          const candidates =
            matched[first].length === 1
              ? distinct[matched[first][0]].owners
              : [...new Set(matched[first].flatMap((id) => distinct[id].owners))].sort((a, b) => a - b);
          for (const o of candidates) {
            work++;
            let covers = true;
            for (let k = 0; k < matched.length && covers; k++) {
              if (k === first) continue;
              work += matched[k].length;
              covers = matched[k].some((id) => ownerConjs[o].has(id));
            }
            if (covers) {
              shadowedBy[j] = o;
              break;
            }
          }
        }
      }
      if (l)
        for (const conj of l) {
          if (conj.size === 0) continue; // always true: handled like 'otherwise'
          const key = [...conj].sort().join("\u0001");
          work += conj.size;
          let id = idOf.get(key);
          if (id === undefined) {
            id = distinct.push({ atoms: conj, owners: [] }) - 1;
            idOf.set(key, id);
            let rarest = "";
            let best = Infinity;
            for (const a of conj) {
              const f = freq.get(a)!;
              if (f < best) [best, rarest] = [f, a];
            }
            let list = byAtom.get(rarest);
            if (!list) byAtom.set(rarest, (list = []));
            list.push(id);
          }
          const owners = distinct[id].owners;
          if (owners[owners.length - 1] !== j) owners.push(j);
          ownerConjs[j].add(id);
        }
    }
    return { shadowedBy, stoppedAt: -1 };
  }

  /** DNF of a condition; null when too large or not representable. */
  private dnf(e: A.Expr): Conj[] | null {
    for (const n of termsIn(e, this.terms)) this.prepare(n);
    return this.expr(e, false, 0);
  }

  /**
   * Expands a term and every term it depends on, dependencies first (an
   * explicit stack, not recursion), so that expanding any of them finds its
   * dependencies already done: a chain of thousands of terms, each using the
   * previous, costs no deep recursion. Only terms a condition uses are expanded.
   */
  private prepare(root: string): void {
    if (this.prepared.has(root)) return;
    const order: string[] = [];
    const stack: { name: string; deps: string[] | null; next: number }[] = [{ name: root, deps: null, next: 0 }];
    this.prepared.add(root);
    while (stack.length) {
      const top = stack[stack.length - 1];
      top.deps ??= this.terms.get(top.name)?.when ? termsIn(this.terms.get(top.name)!.when!, this.terms) : [];
      if (top.next < top.deps.length) {
        const d = top.deps[top.next++];
        if (!this.prepared.has(d)) {
          this.prepared.add(d);
          stack.push({ name: d, deps: null, next: 0 });
        }
        continue;
      }
      stack.pop();
      order.push(top.name);
    }
    for (const n of order) {
      this.termDnf(n, false, 0);
      this.termDnf(n, true, 0);
    }
  }

  private termDnf(name: string, negated: boolean, depth: number): Conj[] | null {
    const key = (negated ? "!" : "") + name;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const t = this.terms.get(name)!;
    if (!t.when || depth > MAX_EXPANSION_DEPTH) return null;
    this.memo.set(key, null); // while expanding: a cycle back here is not representable
    const r = this.expr(t.when, negated, depth + 1);
    this.memo.set(key, r);
    return r;
  }

  private expr(e: A.Expr, negated: boolean, depth: number): Conj[] | null {
    switch (e.kind) {
      case "Not":
        return this.expr(e.arg, !negated, depth);
      case "Or":
      case "And": {
        const isOr = (e.kind === "Or") !== negated; // De Morgan
        const parts: Conj[][] = [];
        for (const a of e.args) {
          const p = this.expr(a, negated, depth);
          if (p === null) return null;
          parts.push(p);
        }
        return isOr ? union(parts) : product(parts);
      }
      case "NameRef":
        if (this.terms.has(e.name.name)) return this.termDnf(e.name.name, negated, depth);
        return [new Set([(negated ? "!" : "") + atom(e)])];
      default:
        return [new Set([(negated ? "!" : "") + atom(e)])];
    }
  }
}

/** A or B: the conjunctions of both. */
function union(parts: Conj[][]): Conj[] | null {
  let count = 0;
  let atoms = 0;
  for (const p of parts) {
    count += p.length;
    for (const c of p) atoms += c.size;
    if (count > MAX_CONJUNCTIONS || atoms > MAX_ATOMS) return null;
  }
  return parts.flat();
}

/** A and B: one conjunction per choice of a conjunction from each part, each built once. */
function product(parts: Conj[][]): Conj[] | null {
  let count = 1;
  for (const p of parts) {
    count *= p.length;
    if (count > MAX_CONJUNCTIONS) return null;
  }
  if (count === 0) return [];
  const out: Conj[] = [];
  const pick = new Array<number>(parts.length).fill(0);
  let total = 0;
  for (;;) {
    const conj = new Set<string>();
    for (let k = 0; k < parts.length; k++) for (const a of parts[k][pick[k]]) conj.add(a);
    total += conj.size;
    if (total > MAX_ATOMS) return null;
    out.push(conj);
    // next choice, like an odometer (last part fastest: the order the pairwise fold gave)
    let k = parts.length - 1;
    while (k >= 0 && ++pick[k] === parts[k].length) pick[k--] = 0;
    if (k < 0) return out;
  }
}

/** The names of the terms a condition uses directly (each once). */
function termsIn(e: A.Expr, terms: ReadonlyMap<string, A.DefineStmt>): string[] {
  const out = new Set<string>();
  const walk = (x: A.Expr): void => {
    if (x.kind === "And" || x.kind === "Or") for (const a of x.args) walk(a);
    else if (x.kind === "Not") walk(x.arg);
    else if (x.kind === "NameRef" && terms.has(x.name.name)) out.add(x.name.name);
  };
  walk(e);
  return [...out];
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
