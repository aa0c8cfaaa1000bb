// Leads that would land in another segment after an SLA change: for each
// lead, the segments it entered, in order ("everyone_else then trials": each
// entry starts that segment's clocks; "none" when it never matched one),
// under the old and the new SLA, counted per from -> to with a few example
// lead ids. Classification only (no clocks):
// the prepared events' field changes are replayed through each SLA's
// compiled classifier. Browser-safe.
import type { IR } from "../language/ir.ts";
import type { FieldValue } from "./events.ts";
import { compileClassifier, type Fields } from "./predicates.ts";
import type { PreparedEvents } from "./prepared.ts";

export interface SegmentMove {
  from: string;
  to: string;
  count: number;
  /** up to 5 lead ids, in replay order */
  examples: string[];
}

/** lead id -> the segments it entered, in order, joined with " then " ("none": never), up to `until`. */
export function firstSegments(ir: IR, p: PreparedEvents, until = Infinity): Map<string, string> {
  const cl = compileClassifier(ir);
  const terms = new Uint8Array(ir.terms.length);
  const fields: (Fields | undefined)[] = new Array(p.leadIds.length);
  const entered: string[][] = new Array(p.leadIds.length);
  const { at, lead, fieldStart, fieldKey, fieldValue, fieldNames, leadIds } = p;
  for (let i = 0; i < p.n && at[i] <= until; i++) {
    const li = lead[i];
    if (li >= leadIds.length) continue; // rep.away: no lead
    let f = fields[li];
    const created = f === undefined;
    // a lead's first event is its lead.created; only field changes reclassify it
    if (!created && fieldStart[i + 1] === fieldStart[i]) continue;
    if (!f) fields[li] = f = Object.create(null) as Fields;
    for (let j = fieldStart[i]; j < fieldStart[i + 1]; j++) {
      const v: FieldValue = fieldValue[j];
      f[fieldNames[fieldKey[j]]] = v === null ? undefined : v;
    }
    cl.evalTerms(f, terms);
    const s = cl.segment(f, terms);
    if (s < 0) continue;
    const list = (entered[li] ??= []);
    const name = ir.segments[s].name;
    if (!list.includes(name)) list.push(name); // a segment is entered once
  }
  const out = new Map<string, string>();
  for (let li = 0; li < leadIds.length; li++)
    if (fields[li] !== undefined) out.set(leadIds[li], entered[li]?.join(" then ") ?? "none");
  return out;
}

export function segmentMoves(
  before: IR,
  pBefore: PreparedEvents,
  after: IR,
  pAfter: PreparedEvents,
  until?: number,
): SegmentMove[] {
  const a = firstSegments(before, pBefore, until);
  const b = firstSegments(after, pAfter, until);
  const moves = new Map<string, SegmentMove>();
  for (const [id, from] of a) {
    const to = b.get(id) ?? "none";
    if (to === from) continue;
    const key = `${from}\u0000${to}`;
    let m = moves.get(key);
    if (!m) moves.set(key, (m = { from, to, count: 0, examples: [] }));
    m.count++;
    if (m.examples.length < 5) m.examples.push(id);
  }
  return [...moves.values()].sort((x, y) => y.count - x.count || (x.from < y.from ? -1 : x.from > y.from ? 1 : 0));
}

/** lead id -> its value chart cell in cents on its fields at the end (up to `until`). */
export function leadValues(ir: IR, p: PreparedEvents, until = Infinity): Map<string, number> {
  const cl = compileClassifier(ir);
  const terms = new Uint8Array(ir.terms.length);
  const fields: (Fields | undefined)[] = new Array(p.leadIds.length);
  const { at, lead, fieldStart, fieldKey, fieldValue, fieldNames, leadIds } = p;
  for (let i = 0; i < p.n && at[i] <= until; i++) {
    const li = lead[i];
    if (li >= leadIds.length) continue;
    const f = (fields[li] ??= Object.create(null) as Fields);
    for (let j = fieldStart[i]; j < fieldStart[i + 1]; j++) {
      const v = fieldValue[j];
      f[fieldNames[fieldKey[j]]] = v === null ? undefined : v;
    }
  }
  const out = new Map<string, number>();
  for (let li = 0; li < leadIds.length; li++) {
    const f = fields[li];
    if (!f) continue;
    cl.evalTerms(f, terms);
    out.set(leadIds[li], cl.value(cl.persona(f, terms), cl.action(f, terms)));
  }
  return out;
}

export interface BreachValue {
  /** distinct leads with a breach only the new SLA has, and their value in dollars (new SLA's chart) */
  newLeads: number;
  newValue: number;
  /** distinct leads with a breach only the old SLA had, and their value (old SLA's chart) */
  goneLeads: number;
  goneValue: number;
}

/** The value of the leads whose obligations newly breach, and of those that no longer do. */
export function breachValue(
  newBreachLeads: Iterable<string>,
  goneBreachLeads: Iterable<string>,
  before: Map<string, number>,
  after: Map<string, number>,
): BreachValue {
  const sum = (ids: Iterable<string>, values: Map<string, number>) => {
    const set = new Set(ids);
    let cents = 0;
    for (const id of set) cents += values.get(id) ?? 0;
    return [set.size, cents / 100] as const;
  };
  const [newLeads, newValue] = sum(newBreachLeads, after);
  const [goneLeads, goneValue] = sum(goneBreachLeads, before);
  return { newLeads, newValue, goneLeads, goneValue };
}
