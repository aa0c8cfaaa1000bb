// Data-fit: how the replayed data does not fit the SLA, computed from the IR
// and what the replay observed. Each finding is a notice with a stable code
// (EV5xx), never an error: the report still says what happened, and these say
// why a number may be zero. When no lead is in scope at all, the first entry
// (EV507) explains it in one sentence.
import type { Cond, IR } from "../language/ir.ts";
import { BUILTIN_TYPES } from "./events.ts";
import { EVENT_PROPERTIES } from "./ingest/decode.ts";
import { closest, editDistance } from "./ingest/suggest.ts";
import type { IngestTally } from "./ingest/tally.ts";
import { formatInt } from "./render/format.ts";
import type { DataFitWarning, IgnoredData, IgnoredName, SimReport } from "./result.ts";
import type { LeadState, TouchStats } from "./runtime.ts";

/** The custom event types the SLA's rules name (expect ... after X, expect X or Y). */
export function namedEventTypes(ir: Pick<IR, "obligations">): Set<string> {
  const out = new Set<string>();
  for (const o of ir.obligations)
    if (o.kind === "expect") {
      out.add(o.after);
      for (const e of o.events) out.add(e);
    }
  return out;
}

/** Counts the fields of a lead.created / lead.updated event that set a declared field. */
export class FieldsSeen {
  readonly set = new Set<string>();
  private left: number;
  constructor(private declared: Record<string, unknown>) {
    this.left = Object.keys(declared).length;
  }
  /** true while some declared field has not been seen set yet (callers skip the work after) */
  get open(): boolean {
    return this.left > 0;
  }
  see(fields: Record<string, unknown>): void {
    for (const k in fields)
      if (fields[k] !== null && fields[k] !== undefined && !this.set.has(k) && Object.hasOwn(this.declared, k)) {
        this.set.add(k);
        this.left--;
      }
  }
}

/** What a replay observed that data-fit needs. */
export interface Observed {
  /** decode-time counts: undeclared fields, extra properties, unlisted values */
  tally: IngestTally;
  /** events of types no rule names (not replayed), by type */
  ignoredTypes: ReadonlyMap<string, number>;
  /** declared fields set (not null) on at least one lead */
  fieldsSet: ReadonlySet<string>;
  /** every lead, in its final state */
  leads: readonly LeadState[];
  /** findings from other sources (e.g. the CSV side's missing mapping columns) */
  extra?: readonly DataFitWarning[];
  /** the touches replayed (runtime.touchStats), for `by` clauses the data cannot meet */
  touches?: TouchStats;
}

function named(m: ReadonlyMap<string, number>): IgnoredName[] {
  return [...m]
    .map(([name, events]) => ({ name, events }))
    .sort((a, b) => b.events - a.events || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function ignoredData(o: Pick<Observed, "tally" | "ignoredTypes">): IgnoredData {
  return {
    fields: named(o.tally.fields),
    properties: named(o.tally.properties),
    eventTypes: named(o.ignoredTypes),
  };
}

const fmt = formatInt;
const q = (s: string): string => JSON.stringify(s);
const plural = (n: number, one: string, many = `${one}s`): string => `${fmt(n)} ${n === 1 ? one : many}`;

/** `"a" (3), "b" (1)` for the first few, then `and N more`. */
function listCounts(counts: { name: string; count: number }[], max = 5): string {
  const shown = counts.slice(0, max).map((c) => `${q(c.name)} (${fmt(c.count)})`);
  if (counts.length > max) shown.push(`and ${fmt(counts.length - max)} more`);
  return shown.join(", ");
}

function byCount(m: ReadonlyMap<string, number>): { name: string; count: number }[] {
  return [...m]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The fields a condition reads, through the terms it names. */
export function fieldsRead(c: Cond | null, terms: ReadonlyMap<string, Cond>, out = new Set<string>()): Set<string> {
  if (c === null) return out;
  const stack: Cond[] = [c];
  const seenTerms = new Set<string>();
  while (stack.length > 0) {
    const x = stack.pop()!;
    switch (x.op) {
      case "true":
        break;
      case "and":
      case "or":
        stack.push(...x.args);
        break;
      case "not":
        stack.push(x.arg);
        break;
      case "term": {
        const t = terms.get(x.name);
        if (t && !seenTerms.has(x.name)) {
          seenTerms.add(x.name);
          stack.push(t);
        }
        break;
      }
      default:
        out.add(x.field);
    }
  }
  return out;
}

function segmentsEntered(leads: readonly LeadState[], n: number): number[] {
  const counts = new Array<number>(n).fill(0);
  for (const l of leads)
    for (let i = 0; i < n; i++) {
      const bit = i < 32 ? (l.entered >>> i) & 1 : l.enteredMore ? (l.enteredMore[(i >> 5) - 1] >>> (i & 31)) & 1 : 0;
      counts[i] += bit;
    }
  return counts;
}

/** The data-fit warnings of a finished replay (EV507 first when no lead is in scope). */
export function dataFit(ir: IR, report: SimReport, o: Observed): DataFitWarning[] {
  const out: DataFitWarning[] = [];
  const extra = o.extra ?? [];
  /** what other sources say about a field, as a parenthesis */
  const because = (field: string): string => {
    const notes = extra.filter((w) => w.field === field).map((w) => w.message);
    return notes.length ? ` (${notes.join("; ")})` : "";
  };
  const declared = Object.keys(ir.fields);
  const terms = new Map(ir.terms.map((t) => [t.name, t.when]));

  // ---- ignored names that look like typos of declared ones (EV501)
  const typo = (what: string, name: string, events: number, candidates: Iterable<string>, is: string) => {
    // closer than the language's rule: two real event types often share most letters
    const near = closest(name, candidates);
    if (near !== null && near !== name && editDistance(name.toLowerCase(), near.toLowerCase()) <= 2)
      out.push({
        code: "EV501",
        message: `ignored ${what} ${q(name)} (${plural(events, "event")}) looks like ${q(near)}, ${is}`,
        counts: [{ name, count: events }],
        ...(what === "field" ? { field: near } : {}),
      });
  };
  for (const [name, n] of o.tally.fields) typo("field", name, n, declared, "which the SLA declares");
  const props = new Set<string>(Object.values(EVENT_PROPERTIES).flat());
  for (const [name, n] of o.tally.properties) typo("property", name, n, props, "an event property");
  const types = [...BUILTIN_TYPES, ...namedEventTypes(ir)];
  for (const [name, n] of o.ignoredTypes) typo("event type", name, n, types, "an event type the SLA uses");

  if (report.leads > 0) {
    // ---- declared fields never set (EV502)
    for (const f of declared)
      if (!o.fieldsSet.has(f))
        out.push({
          code: "EV502",
          message: `field ${q(f)} was never set on any lead${because(f)}`,
          counts: [],
          field: f,
        });

    // ---- segments and obligations nobody entered (EV503, EV504)
    const entered = segmentsEntered(o.leads, ir.segments.length);
    ir.segments.forEach((s, i) => {
      if (entered[i] > 0) return;
      const unset = [...fieldsRead(s.when, terms)].filter((f) => Object.hasOwn(ir.fields, f) && !o.fieldsSet.has(f));
      const why = unset.length ? `: ${unset.map((f) => `field ${q(f)} was never set${because(f)}`).join(", ")}` : "";
      out.push({ code: "EV503", message: `no lead entered segment ${q(s.name)}${why}`, counts: [] });
    });
    report.obligations.forEach((ob, i) => {
      if (ob.inScope > 0) return;
      const seg = ob.segment === null ? -1 : ir.segments.findIndex((s) => s.name === ob.segment);
      if (seg >= 0 && entered[seg] === 0) return; // said above
      const irob = ir.obligations[i];
      const why = irob.kind === "expect" ? ` (no ${q(irob.after)} event started its clock)` : "";
      out.push({ code: "EV504", message: `no lead was in scope of ${ob.name}${why}`, counts: [] });
    });

    // ---- owners in no team (EV506)
    if (ir.teams.length > 0) {
      const members = new Set(ir.teams.flatMap((t) => (t.manager === null ? t.members : [...t.members, t.manager])));
      const owners = new Map<string, number>();
      let n = 0;
      for (const l of o.leads)
        if (l.owner !== null && !members.has(l.owner)) {
          owners.set(l.owner, (owners.get(l.owner) ?? 0) + 1);
          n++;
        }
      if (n > 0) {
        const counts = byCount(owners);
        out.push({
          code: "EV506",
          message: `${plural(n, "lead is", "leads are")} owned by someone in no team: ${listCounts(counts)}`,
          counts,
        });
      }
    }
  }

  if (o.touches) out.push(...touchFilterFit(ir, o.touches));

  // ---- enum values the SLA does not list (EV505)
  for (const [field, values] of o.tally.unlisted) {
    const counts = byCount(values);
    const n = counts.reduce((s, c) => s + c.count, 0);
    out.push({
      code: "EV505",
      message: `field ${q(field)}: ${plural(n, "event")} with values the SLA does not list: ${listCounts(counts)}`,
      counts,
      field,
    });
  }

  out.push(...extra);
  const why = noScopeReason(ir, report, o, because);
  if (why !== null) out.unshift({ code: "EV507", message: why, counts: [] });
  return out;
}

/** One sentence on why no lead is in scope of any obligation, or null when some is. */
function noScopeReason(ir: IR, report: SimReport, o: Observed, because: (field: string) => string): string | null {
  if (ir.obligations.length === 0 || report.obligations.some((ob) => ob.inScope > 0)) return null;
  if (report.leads === 0) {
    const types = ignoredData(o).eventTypes;
    const ignored = types.length
      ? `; event types the SLA does not use were ignored: ${types
          .slice(0, 5)
          .map((t) => `${q(t.name)} (${fmt(t.events)})`)
          .join(", ")}`
      : "";
    return `No lead in scope: the data has no lead.created events (${plural(report.events, "event")} replayed${ignored})`;
  }
  const segs = new Set(ir.obligations.map((ob) => ob.segment).filter((s): s is string => s !== null));
  const terms = new Map(ir.terms.map((t) => [t.name, t.when]));
  const read = new Set<string>();
  for (const s of ir.segments) if (segs.has(s.name)) fieldsRead(s.when, terms, read);
  const unset = [...read].filter((f) => Object.hasOwn(ir.fields, f) && !o.fieldsSet.has(f));
  if (unset.length > 0) {
    const undeclared = ignoredData(o).fields;
    const carried = undeclared.length
      ? `; the data carries fields the SLA does not declare: ${undeclared
          .slice(0, 5)
          .map((f) => `${q(f.name)} (${plural(f.events, "event")})`)
          .join(", ")}`
      : "";
    return `No lead entered any segment: ${unset.map((f) => `field ${q(f)} was never set${because(f)}`).join(", ")}${carried}`;
  }
  const unlisted = [...read].filter((f) => o.tally.unlisted.has(f));
  if (unlisted.length > 0)
    return `No lead entered any segment: ${unlisted
      .map(
        (f) => `field ${q(f)} has values the SLA does not list (${listCounts(byCount(o.tally.unlisted.get(f)!), 3)})`,
      )
      .join(", ")}`;
  if (segs.size > 0)
    return `No lead entered any segment: none of ${plural(report.leads, "lead")} matched the conditions of ${[...segs].map(q).join(", ")}`;
  return `No lead was in scope of any obligation (${plural(report.leads, "lead")} replayed)`;
}

/**
 * `by` clauses the data cannot meet (EV549): a channel no touch has
 * ("respond hot by call: no touch in the data has channel "call" (channels
 * seen: "email" (812), "meeting" (40))"), or `by owner` / `by team` when no
 * touch says who made it. Only when the data has touches at all.
 */
export function touchFilterFit(ir: Pick<IR, "obligations">, t: TouchStats): DataFitWarning[] {
  const out: DataFitWarning[] = [];
  if (t.touches === 0) return out;
  const seen = byCount(t.channels);
  const seenText = seen.length ? `channels seen: ${listCounts(seen)}` : "no touch has a channel";
  for (const o of ir.obligations) {
    const by = o.by;
    if (!by) continue;
    for (const c of by.channels ?? [])
      if (!t.channels.has(c))
        out.push({
          code: "EV549",
          message: `${o.id} by ${c}: no touch in the data has channel ${q(c)} (${seenText})`,
          counts: seen,
        });
    if (by.people && t.withBy === 0)
      out.push({
        code: "EV549",
        message: `${o.id} by ${by.people.owner ? "owner" : "team"}: no touch in the data says who made it (\`by\`), so none can count (${plural(t.touches, "touch", "touches")})`,
        counts: [],
      });
  }
  return out;
}
