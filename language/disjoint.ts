// Whether two conditions can never hold for the same lead, proved cheaply and
// conservatively: both are read as conjunctions (terms expanded), and some
// field is pinned to values the other side excludes (`source = "demo"` vs
// `source = "trial"`, `employees >= 50` vs `employees < 50`). "false" means
// "not proved", never "they overlap". The semantic diff uses it to tell a
// reorder of segments that changes where a lead lands from one that does not.
import type { Cond, IR, Scalar } from "./ir.ts";

type Constraint = { values: Scalar[] } | { lo: number; loStrict: boolean; hi: number; hiStrict: boolean };

export function disjoint(a: Cond | null, b: Cond | null, terms: IR["terms"]): boolean {
  if (a === null || b === null) return false; // `otherwise` matches whatever is left
  const byName = new Map(terms.map((t) => [t.name, t.when]));
  const ca = constraints(a, byName);
  const cb = constraints(b, byName);
  for (const [field, xs] of ca) {
    const ys = cb.get(field);
    if (ys) for (const x of xs) for (const y of ys) if (excludes(x, y)) return true;
  }
  return false;
}

/** The per-field constraints a condition implies through its top-level `and`s. */
function constraints(c: Cond, terms: Map<string, Cond>, depth = 0): Map<string, Constraint[]> {
  const out = new Map<string, Constraint[]>();
  const add = (field: string, k: Constraint) => {
    const list = out.get(field);
    if (list) list.push(k);
    else out.set(field, [k]);
  };
  const walk = (x: Cond, d: number): void => {
    if (d > 64) return;
    switch (x.op) {
      case "and":
        for (const y of x.args) walk(y, d + 1);
        return;
      case "term": {
        const t = terms.get(x.name);
        if (t) walk(t, d + 1);
        return;
      }
      case "flag":
        add(x.field, { values: [true] });
        return;
      case "in":
        add(x.field, { values: x.values });
        return;
      case "cmp":
        if (x.cmp === "=") add(x.field, { values: [x.value] });
        else if (typeof x.value === "number" && x.cmp !== "!=") {
          const v = x.value;
          if (x.cmp === ">" || x.cmp === ">=")
            add(x.field, { lo: v, loStrict: x.cmp === ">", hi: Infinity, hiStrict: false });
          else add(x.field, { lo: -Infinity, loStrict: false, hi: v, hiStrict: x.cmp === "<" });
        }
        return;
      default:
        return; // or, not, text, set, true: nothing proved
    }
  };
  walk(c, depth);
  return out;
}

const same = (x: Scalar, y: Scalar) =>
  x === y || (typeof x === "string" && typeof y === "string" && x.toLowerCase() === y.toLowerCase());

function inRange(v: Scalar, r: Extract<Constraint, { lo: number }>): boolean {
  if (typeof v !== "number") return false;
  return (r.loStrict ? v > r.lo : v >= r.lo) && (r.hiStrict ? v < r.hi : v <= r.hi);
}

/** No value satisfies both. */
function excludes(x: Constraint, y: Constraint): boolean {
  if ("values" in x && "values" in y) return !x.values.some((v) => y.values.some((w) => same(v, w)));
  if ("values" in x && "lo" in y) return !x.values.some((v) => inRange(v, y));
  if ("lo" in x && "values" in y) return !y.values.some((v) => inRange(v, x));
  if ("lo" in x && "lo" in y) {
    const lo = Math.max(x.lo, y.lo);
    const hi = Math.min(x.hi, y.hi);
    if (lo < hi) return false;
    if (lo > hi) return true;
    // touching at one point: shared only when both include it
    const loStrict = (x.lo === lo && x.loStrict) || (y.lo === lo && y.loStrict);
    const hiStrict = (x.hi === hi && x.hiStrict) || (y.hi === hi && y.hiStrict);
    return loStrict || hiStrict;
  }
  return false;
}
