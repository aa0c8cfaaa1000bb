// Sample data for any SLA (`sla generate SPEC`, the playground on a pasted
// spec): seeded lead histories shaped by the spec itself, so a replay on them
// shows the spec working instead of "Breaches 0" on data that does not fit.
//
//  - Fields: only the spec's own fields. Values come from the spec's
//    conditions (terms, segments, personas, actions, pause conditions):
//    enum values and compared strings; numbers, money and dates at, just
//    below and just above every threshold (plus a few plausible defaults), so
//    every term and segment is both matched and missed by some leads. Leads
//    are aimed in turn at each segment (first match wins, as in the engine)
//    and at each term held / not held; a lead that cannot be aimed draws its
//    values at random. Some leads change fields days later (they qualify
//    late, or fall out).
//  - Owners: the members of the team that the lead's obligations reassign to
//    (else every team's members; "ana", "ben", "chloe" for a spec without
//    teams), round robin, assigned seconds after creation.
//  - Clocks: for every respond, cadence and expect rule that applies, the
//    touches (or closing events) are timed so that some are met early, some
//    just before the due instant, some just after it, some late and some
//    never: the due instant is computed on the rule's own calendar (business
//    windows skip closed time). Expect rules get their opening event (during
//    open hours when there is a calendar) and one of their closing events.
//    Pause conditions are sometimes made true for a while.
//  - Creation times spread over the period, most of them in open hours when
//    the spec has a calendar; the data is a snapshot at the end of the period.
//
// Deterministic: the same spec and options give the same events. Browser-safe.
import { CALENDAR_TIME, compileCalendar, DAY, MINUTE, type WorkClock } from "../engine/calendar.ts";
import type { FieldValue, SlaEvent } from "../engine/events.ts";
import {
  type Classifier,
  compileClassifier,
  compilePredicate,
  type Fields,
  type Predicate,
} from "../engine/predicates.ts";
import { iso } from "../engine/report.ts";
import type { Cond, IR, IRFieldType, IRObligation } from "../language/ir.ts";
import { GeneratorOptionError, parseDate, zoneOf } from "./options.ts";
import { Rng } from "./random.ts";

export interface SpecDataOptions {
  /** Any safe integer >= 0. Same spec and options => the same events. */
  seed: number;
  /** Number of leads. */
  leads: number;
  /** First local day (YYYY-MM-DD, in the spec's zone); default: the spec's `effective` date, else 2027-01-01. */
  start?: string;
  /** Length of the period in months (1..120). */
  months: number;
}

export const DEFAULT_SPEC_DATA: Readonly<SpecDataOptions> = Object.freeze({ seed: 42, leads: 1000, months: 3 });

/** Owners for a spec that names no team. */
const DEFAULT_REPS = ["ana", "ben", "chloe"];
const CHANNELS = ["call", "email", "linkedin"];
const CHANNEL_WEIGHTS = [0.4, 0.45, 0.15];
const SECOND = 1000;
const HOUR = 3_600_000;
/** Draws spent looking for values that put a lead in each segment / term state: random, then aimed per goal. */
const RANDOM_DRAWS = 400;
const AIMED_DRAWS = 200;
const SOLUTIONS_KEPT = 12;
const MAX_LEADS = 5_000_000;

type Value = FieldValue | undefined;
/** An event before its id and time are known. */
type Body = SlaEvent extends infer E ? (E extends SlaEvent ? Omit<E, "id" | "at"> : never) : never;
/** A state leads are aimed at: `check` tells whether values reach it, `aim` nudges values towards it. */
interface Goal {
  check: (f: Fields, terms: Uint8Array) => boolean;
  aim: (f: Fields) => void;
}

// ---------------------------------------------------------------- candidate values

/** Values worth trying per field: the spec's constants and their neighbours, then plausible defaults. */
export function candidateValues(ir: IR, startDate: string): Map<string, Value[]> {
  const out = new Map<string, Value[]>();
  const seen = new Map<string, Set<string>>();
  const add = (field: string, v: Value) => {
    const t = ir.fields[field];
    if (t === undefined) return;
    const fits =
      v === undefined ||
      (t.type === "number" && typeof v === "number" && Number.isFinite(v)) ||
      (t.type === "money" && typeof v === "number" && Number.isSafeInteger(v)) ||
      (t.type === "yesno" && typeof v === "boolean") ||
      (t.type === "text" && typeof v === "string") ||
      (t.type === "date" && typeof v === "string" && /^\d{4}-\d\d-\d\d$/.test(v)) ||
      (t.type === "enum" && typeof v === "string" && t.values.includes(v));
    if (!fits) return;
    let s = seen.get(field);
    if (!s) seen.set(field, (s = new Set()));
    const key = v === undefined ? "\u0000unset" : JSON.stringify(v);
    if (s.has(key)) return;
    s.add(key);
    let list = out.get(field);
    if (!list) out.set(field, (list = []));
    list.push(v);
  };
  const around = (field: string, v: number) => {
    const t = ir.fields[field];
    const step = t?.type === "money" ? 100 : Number.isInteger(v) ? 1 : Math.max(Math.abs(v) / 100, 0.01);
    add(field, v);
    add(field, v - step);
    add(field, v + step);
    if (v > 0) {
      add(field, t?.type === "money" || Number.isInteger(v) ? Math.round(v / 2) : v / 2);
      add(field, t?.type === "money" || Number.isInteger(v) ? Math.round(v * 1.5) : v * 1.5);
    }
  };
  const walk = (c: Cond | null): void => {
    if (c === null) return;
    switch (c.op) {
      case "true":
      case "term":
        return;
      case "and":
      case "or":
        for (const a of c.args) walk(a);
        return;
      case "not":
        walk(c.arg);
        return;
      case "flag":
        add(c.field, true);
        add(c.field, false);
        return;
      case "set":
        add(c.field, undefined);
        return;
      case "cmp":
        if (typeof c.value === "number") around(c.field, c.value);
        else if (typeof c.value === "string" && ir.fields[c.field]?.type === "date") {
          add(c.field, c.value);
          add(c.field, shiftDate(c.value, -1));
          add(c.field, shiftDate(c.value, 1));
        } else add(c.field, c.value);
        return;
      case "in":
        for (const v of c.values)
          if (typeof v === "number") around(c.field, v);
          else add(c.field, v);
        return;
      case "text": {
        const v = c.value;
        add(c.field, v);
        // a longer value that still matches: "director" -> "Senior director", "@gmail.com" -> "jane@gmail.com"
        const word = (ch: string | undefined) => ch !== undefined && /\p{L}/u.test(ch);
        if (c.match === "starts") add(c.field, word(v.at(-1)) ? `${v} team` : `${v}example`);
        else if (c.match === "ends") add(c.field, word(v[0]) ? `Head of ${v}` : `jane${v}`);
        else add(c.field, word(v[0]) ? `Senior ${v}` : `jane${v}`);
        return;
      }
      default:
        return;
    }
  };
  for (const t of ir.terms) walk(t.when);
  for (const list of [ir.segments, ir.personas, ir.actions]) for (const s of list) walk(s.when);
  for (const o of ir.obligations) walk(o.pauseWhile);
  for (const [field, t] of Object.entries(ir.fields)) for (const v of defaults(t, startDate)) add(field, v);
  return out;
}

/** A few plausible values per type, so unconstrained fields look like data and constrained ones get misses. */
function defaults(t: IRFieldType, startDate: string): Value[] {
  switch (t.type) {
    case "number":
      return [10, 50, 250];
    case "money":
      return [500_00, 5_000_00, 25_000_00];
    case "yesno":
      return [true, false];
    case "text":
      return ["Other"];
    case "date":
      return [startDate, shiftDate(startDate, 30)];
    case "enum":
      return t.values;
  }
}

function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Names of the fields a condition reads (terms expanded). */
function fieldsOf(c: Cond | null, ir: IR, out = new Set<string>()): Set<string> {
  if (c === null) return out;
  switch (c.op) {
    case "and":
    case "or":
      for (const a of c.args) fieldsOf(a, ir, out);
      break;
    case "not":
      fieldsOf(c.arg, ir, out);
      break;
    case "term":
      fieldsOf(ir.terms.find((t) => t.name === c.name)?.when ?? null, ir, out);
      break;
    case "true":
      break;
    default:
      out.add(c.field);
  }
  return out;
}

// ---------------------------------------------------------------- the model

interface Event {
  at: number;
  seq: number;
  e: SlaEvent;
}

/** Lead histories for `ir` as engine event objects (fields in their JSON form: money in dollars), sorted by time. */
export function generateSpecEventObjects(ir: IR, opts: Partial<SpecDataOptions> = {}): SlaEvent[] {
  return new SpecModel(ir, resolveSpecOptions(ir, opts)).events();
}

/** The same events as JSONL (one event per line, trailing newline). */
export function generateSpecJsonl(ir: IR, opts: Partial<SpecDataOptions> = {}): string {
  let s = "";
  for (const chunk of generateSpecJsonlChunks(ir, opts)) s += chunk;
  return s;
}

/** JSONL in chunks of about `chunkChars` characters, each ending with a newline. */
export function* generateSpecJsonlChunks(
  ir: IR,
  opts: Partial<SpecDataOptions> = {},
  chunkChars = 1 << 16,
): Generator<string> {
  const events = generateSpecEventObjects(ir, opts);
  let buf = "";
  for (const e of events) {
    buf += jsonLine(e, ir) + "\n";
    if (buf.length >= chunkChars) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}

/** Options with defaults, checked; throws GeneratorOptionError. */
export function resolveSpecOptions(ir: IR, opts: Partial<SpecDataOptions>): Required<SpecDataOptions> {
  const seed = opts.seed ?? DEFAULT_SPEC_DATA.seed;
  const leads = opts.leads ?? DEFAULT_SPEC_DATA.leads;
  const months = opts.months ?? DEFAULT_SPEC_DATA.months;
  const start = opts.start ?? ir.effective ?? "2027-01-01";
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new GeneratorOptionError(`seed must be a whole number >= 0, got ${seed}`);
  if (!Number.isSafeInteger(leads) || leads < 0 || leads > MAX_LEADS)
    throw new GeneratorOptionError(`leads must be a whole number between 0 and ${MAX_LEADS}, got ${leads}`);
  if (!Number.isInteger(months) || months < 1 || months > 120)
    throw new GeneratorOptionError(`months must be a whole number between 1 and 120, got ${months}`);
  parseDate(start, "start");
  return { seed, leads, months, start };
}

class SpecModel {
  private readonly rng: Rng;
  private readonly cl: Classifier;
  private readonly terms: Uint8Array;
  private readonly termIndex = new Map<string, number>();
  private readonly candidates: Map<string, Value[]>;
  private readonly fieldNames: string[];
  private readonly startMs: number;
  private readonly endMs: number;
  /** the calendar leads mostly arrive in (the first declared), or null */
  private readonly hours: WorkClock | null;
  private readonly clocks = new Map<string, WorkClock>();
  private readonly out: Event[] = [];
  private seq = 0;
  private rr = 0;
  private readonly pauses = new Map<IRObligation, { pred: Predicate; names: string[] }>();

  constructor(
    private readonly ir: IR,
    private readonly o: Required<SpecDataOptions>,
  ) {
    this.rng = new Rng(o.seed, 11);
    this.cl = compileClassifier(ir);
    this.terms = new Uint8Array(ir.terms.length);
    for (const [i, t] of ir.terms.entries()) this.termIndex.set(t.name, i);
    this.candidates = candidateValues(ir, o.start);
    this.fieldNames = Object.keys(ir.fields);
    const zone = zoneOf(ir.timezone);
    const [y, m, d] = parseDate(o.start, "start");
    this.startMs = zone.fromWall(Date.UTC(y, m - 1, d));
    this.endMs = zone.fromWall(Date.UTC(y, m - 1 + o.months, d));
    const first = Object.values(ir.calendars)[0];
    this.hours = first ? compileCalendar(first, ir.timezone) : null;
  }

  events(): SlaEvent[] {
    const { o, rng } = this;
    const goals = this.goals();
    const solutions = this.solve(goals);
    const times = this.arrivals(o.leads);
    for (let k = 0; k < o.leads; k++) {
      const g = k % Math.max(1, goals.length);
      const pool = solutions[g];
      const fields = pool?.length && rng.chance(0.75) ? { ...pool[rng.int(pool.length)] } : this.draw();
      this.lead(`L${k + 1}`, times[k], fields, solutions);
    }
    this.out.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const events: SlaEvent[] = [];
    for (const x of this.out) {
      if (x.at >= this.endMs) continue; // a snapshot at the end of the period
      x.e.id = `e${events.length + 1}`;
      events.push(x.e);
    }
    return events;
  }

  /** What leads are aimed at, in turn: each segment, then each term held and not held. */
  private goals(): Goal[] {
    const { cl, ir } = this;
    const out: Goal[] = [];
    for (const [s, seg] of ir.segments.entries())
      out.push({
        check: (f, t) => cl.segment(f, t) === s,
        aim: (f) => {
          // miss the segments before it (first match wins), then meet its own condition
          for (let j = 0; j < s; j++) if (ir.segments[j].when) this.aim(ir.segments[j].when!, false, f, 0);
          if (seg.when) this.aim(seg.when, true, f, 0);
        },
      });
    ir.terms.forEach((term, i) => {
      for (const want of [true, false])
        out.push({ check: (_f, t) => t[i] === (want ? 1 : 0), aim: (f) => this.aim(term.when, want, f, 0) });
    });
    return out;
  }

  /** Random field values from the candidates (an unset candidate leaves the field out). */
  private draw(): Fields {
    const f = Object.create(null) as Fields;
    for (const name of this.fieldNames) {
      const c = this.candidates.get(name);
      if (!c?.length) continue;
      const v = c[this.rng.int(c.length)];
      if (v !== undefined) f[name] = v;
    }
    return f;
  }

  private readonly atoms = new Map<Cond, Predicate>();
  private readonly view = Object.create(null) as Fields;
  /**
   * Changes `f` so that `c` is likely `want`: each comparison gets a candidate value that gives
   * the wanted answer (an `and` wanted true sets all of its parts, one part false is enough to
   * make it false, and so on). Parts that read the same field may still disagree: callers check.
   */
  private aim(c: Cond, want: boolean, f: Fields, depth: number): void {
    const rng = this.rng;
    if (depth > 64) return;
    switch (c.op) {
      case "true":
        return;
      case "and":
      case "or":
        if ((c.op === "and") === want) for (const a of c.args) this.aim(a, want, f, depth + 1);
        else if (c.args.length) this.aim(c.args[rng.int(c.args.length)], want, f, depth + 1);
        return;
      case "not":
        this.aim(c.arg, !want, f, depth + 1);
        return;
      case "term": {
        const t = this.ir.terms.find((x) => x.name === c.name);
        if (t) this.aim(t.when, want, f, depth + 1);
        return;
      }
      default: {
        let pred = this.atoms.get(c);
        if (!pred) this.atoms.set(c, (pred = compilePredicate(c, this.termIndex)));
        const fits = (this.candidates.get(c.field) ?? []).filter((v) => {
          this.view[c.field] = v;
          return pred(this.view, this.terms) === want;
        });
        delete this.view[c.field];
        if (!fits.length) return;
        const v = fits[rng.int(fits.length)];
        if (v === undefined) delete f[c.field];
        else f[c.field] = v;
      }
    }
  }

  /**
   * Up to SOLUTIONS_KEPT field sets per goal (none when it seems unreachable): random draws
   * shared by every goal, then draws aimed at each goal that still has few.
   */
  private solve(goals: Goal[]): Fields[][] {
    const found: Fields[][] = goals.map(() => []);
    const keep = (f: Fields): void => {
      this.cl.evalTerms(f, this.terms);
      for (let g = 0; g < goals.length; g++)
        if (found[g].length < SOLUTIONS_KEPT && goals[g].check(f, this.terms)) found[g].push(f);
    };
    for (let i = 0; i < RANDOM_DRAWS; i++) keep(this.draw());
    for (let g = 0; g < goals.length; g++)
      for (let i = 0; i < AIMED_DRAWS && found[g].length < SOLUTIONS_KEPT; i++) {
        const f = this.draw();
        goals[g].aim(f);
        keep(f);
      }
    return found;
  }

  /** Creation times, sorted: spread over the period, about 70% moved into open hours when there is a calendar. */
  private arrivals(n: number): number[] {
    const { rng, startMs, endMs, hours } = this;
    const span = endMs - startMs;
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      let t = startMs + Math.floor(rng.next() * span);
      if (hours && !hours.isOpen(t) && rng.chance(0.7)) {
        const open = hours.advance(t, MINUTE) - MINUTE + Math.floor(rng.next() * 3 * HOUR);
        if (open < endMs) t = open;
      }
      out.push(Math.min(Math.round(t / SECOND) * SECOND, endMs - SECOND));
    }
    return out.sort((a, b) => a - b);
  }

  private push(at: number, e: Body): void {
    const at2 = Math.round(at / SECOND) * SECOND;
    this.out.push({ at: at2, seq: this.seq++, e: { id: "", at: at2, ...e } as SlaEvent });
  }

  private readonly reps = new Map<string | null, string[]>();
  /** The team that works a segment's leads: the one its obligations reassign to, else every member. */
  private repsFor(segment: string | null): string[] {
    let r = this.reps.get(segment);
    if (!r) this.reps.set(segment, (r = this.findReps(segment)));
    return r;
  }
  private findReps(segment: string | null): string[] {
    const ir = this.ir;
    for (const ob of ir.obligations) {
      if (ob.segment !== segment) continue;
      for (const a of ob.onBreach)
        if (a.type === "reassign") {
          const team = ir.teams.find((t) => t.name === a.team);
          if (team?.members.length) return team.members;
        }
    }
    const all = [...new Set(ir.teams.flatMap((t) => t.members))];
    return all.length ? all : DEFAULT_REPS;
  }

  private lead(id: string, t0: number, fields: Fields, solutions: Fields[][]): void {
    const { ir, rng, cl, terms } = this;
    this.push(t0, { type: "lead.created", lead: id, fields: jsonFields(fields, ir) });
    cl.evalTerms(fields, terms);
    const s = cl.segment(fields, terms);
    const segment = s >= 0 ? ir.segments[s].name : null;
    const reps = this.repsFor(segment);
    const owner = reps[this.rr++ % reps.length];
    this.push(t0 + (2 + rng.int(40)) * SECOND, { type: "lead.assigned", lead: id, owner: this.spelling(owner) });

    for (const ob of ir.obligations) {
      if (ob.kind === "expect") {
        if (ob.segment === null || ob.segment === segment) this.expect(id, t0, ob, owner, fields);
      } else if (ob.segment === segment) this.touches(id, t0, ob, owner, fields);
    }

    // a few leads change later: they qualify (or fall out) days after creation
    if (solutions.length && rng.chance(0.08)) {
      const pool = solutions[rng.int(solutions.length)];
      if (pool.length) {
        const next = pool[rng.int(pool.length)];
        const change: Record<string, FieldValue> = {};
        for (const name of this.fieldNames) if (next[name] !== fields[name]) change[name] = next[name] ?? null;
        if (Object.keys(change).length)
          this.push(t0 + rng.between(1, 6) * DAY, { type: "lead.updated", lead: id, fields: jsonFields(change, ir) });
      }
    }
  }

  private clockOf(ob: IRObligation): { clock: WorkClock; ms: number } {
    const w = ob.within;
    if (w.kind === "calendar") return { clock: CALENDAR_TIME, ms: w.ms };
    let clock = this.clocks.get(w.calendar);
    if (!clock) {
      const cal = this.ir.calendars[w.calendar];
      clock = cal ? compileCalendar(cal, this.ir.timezone) : CALENDAR_TIME;
      this.clocks.set(w.calendar, clock);
    }
    return { clock, ms: w.minutes * MINUTE };
  }

  /**
   * When the closing touch / event comes, relative to the due instant: met early, just before
   * the due instant, just after it, late, or never (null).
   */
  private outcome(start: number, due: number): number | null {
    const rng = this.rng;
    const span = Math.max(due - start, MINUTE);
    const r = rng.next();
    if (r < 0.5) return start + Math.max(SECOND, rng.between(0.05, 0.8) * (due - start));
    if (r < 0.6) return Math.max(start + SECOND, due - (1 + rng.int(120)) * SECOND);
    if (r < 0.7) return due + (1 + rng.int(120)) * SECOND;
    if (r < 0.86) return due + rng.between(0.2, 2) * span;
    return null;
  }

  private due(ob: IRObligation, start: number): number {
    const { clock, ms } = this.clockOf(ob);
    const due = clock.advance(start, ms);
    return Number.isFinite(due) ? due : start + ms;
  }

  private touches(id: string, start: number, ob: IRObligation, owner: string, fields: Fields): void {
    const rng = this.rng;
    const due = this.due(ob, start);
    const end = this.outcome(start, due);
    const touch = (at: number) => this.touch(id, at, ob, owner, true);
    const n = ob.kind === "cadence" ? ob.touches : 1;
    // a touch that does not count (`by call` and an email, `by owner` and someone else) before the due instant
    if (ob.by && rng.chance(0.25)) this.touch(id, start + rng.next() * (due - start), ob, owner, false);
    if (end === null) {
      // never: for a cadence, some of the touches still happen
      for (let i = 1; i < n; i++) if (rng.chance(0.5)) touch(start + rng.next() * (due - start));
    } else {
      // the n-th touch at `end`, the others spread before it
      for (let i = 1; i < n; i++) touch(start + (i / n) * (end - start) * rng.between(0.8, 1));
      touch(end);
    }
    this.pause(id, start, due, ob, fields);
  }

  /**
   * A touch by the lead's owner (or, when `counts` and the rule names teams, one of their members)
   * on one of the rule's channels; with `counts` false, one its filter refuses when it can.
   */
  private touch(id: string, at: number, ob: IRObligation, owner: string, counts: boolean): void {
    const rng = this.rng;
    const f = ob.by;
    let channel = CHANNELS[rng.weighted(CHANNEL_WEIGHTS)];
    let by = this.spelling(owner);
    if (f?.channels?.length) {
      const other = CHANNELS.filter((c) => !f.channels!.includes(c));
      channel = counts || !other.length ? f.channels[rng.int(f.channels.length)] : other[rng.int(other.length)];
    }
    if (f?.people) {
      const members = f.people.teams.flatMap((t) => this.ir.teams.find((x) => x.name === t)?.members ?? []);
      if (counts && !f.people.owner && members.length) by = members[rng.int(members.length)];
      if (!counts && !f.channels) {
        const others = this.repsFor(null).filter((m) => m !== owner && !members.includes(m));
        if (others.length) by = others[rng.int(others.length)];
      }
    }
    this.push(at, { type: "touch", lead: id, by, channel });
  }

  /** A rep's name, sometimes as one of the spec's aliases for them (a CRM writes "Jen Park" for jen). */
  private spelling(rep: string): string {
    const p = this.ir.people?.find((x) => x.name === rep);
    return p?.aliases.length && this.rng.chance(0.3) ? p.aliases[this.rng.int(p.aliases.length)] : rep;
  }

  /** An event an expect rule names: a custom event, or a built-in one written as the engine reads it. */
  private named(id: string, at: number, name: string, ob: IRObligation, owner: string): boolean {
    if (name === "touch") this.touch(id, at, ob, owner, true);
    else if (name === "lead.assigned") this.push(at, { type: "lead.assigned", lead: id, owner: this.spelling(owner) });
    else if (name === "lead.updated") this.push(at, { type: "lead.updated", lead: id, fields: {} });
    else if (name === "lead.created" || name === "rep.away") return false;
    else this.push(at, { type: "custom", name, lead: id });
    return true;
  }

  private expect(id: string, t0: number, ob: IRObligation & { kind: "expect" }, owner: string, fields: Fields): void {
    const rng = this.rng;
    if (!rng.chance(0.6)) return;
    let at = t0 + rng.between(0.5, 48) * HOUR;
    if (this.hours && !this.hours.isOpen(at)) {
      const open = this.hours.advance(at, MINUTE) - MINUTE;
      if (Number.isFinite(open)) at = open + rng.int(4) * 30 * MINUTE;
    }
    if (!this.named(id, at, ob.after, ob, owner)) return;
    const due = this.due(ob, at);
    const end = this.outcome(at, due);
    if (end !== null) this.named(id, end, ob.events[rng.int(ob.events.length)], ob, owner);
    this.pause(id, at, due, ob, fields);
  }

  /** Sometimes the pause condition holds for a while after the clock starts (e.g. waiting on the customer). */
  private pause(id: string, start: number, due: number, ob: IRObligation, fields: Fields): void {
    const rng = this.rng;
    if (ob.pauseWhile === null || !rng.chance(0.2)) return;
    let p = this.pauses.get(ob);
    if (!p)
      this.pauses.set(
        ob,
        (p = { pred: compilePredicate(ob.pauseWhile, this.termIndex), names: [...fieldsOf(ob.pauseWhile, this.ir)] }),
      );
    const { pred, names } = p;
    for (let i = 0; i < 50; i++) {
      const f = { ...fields } as Fields;
      for (const n of names) {
        const c = this.candidates.get(n);
        if (!c?.length) continue;
        const v = c[rng.int(c.length)];
        if (v === undefined) delete f[n];
        else f[n] = v;
      }
      this.cl.evalTerms(f, this.terms);
      if (!pred(f, this.terms)) continue;
      const set: Record<string, FieldValue> = {};
      const back: Record<string, FieldValue> = {};
      for (const n of names)
        if (f[n] !== fields[n]) {
          set[n] = f[n] ?? null;
          back[n] = fields[n] ?? null;
        }
      if (Object.keys(set).length === 0) return;
      const from = start + rng.between(0.1, 0.6) * (due - start);
      this.push(from, { type: "lead.updated", lead: id, fields: jsonFields(set, this.ir) });
      if (rng.chance(0.8))
        this.push(from + rng.between(0.2, 1.5) * Math.max(due - start, HOUR), {
          type: "lead.updated",
          lead: id,
          fields: jsonFields(back, this.ir),
        });
      return;
    }
  }
}

/** Field values as JSONL writes them: money in dollars, unset as null (lead.updated) or left out. */
function jsonFields(f: Fields, ir: IR): Record<string, FieldValue> {
  const out = Object.create(null) as Record<string, FieldValue>;
  for (const name of Object.keys(f)) {
    const v = f[name];
    if (v === undefined) continue;
    out[name] = ir.fields[name]?.type === "money" && typeof v === "number" ? v / 100 : v;
  }
  return out;
}

/** One JSONL line in the same shape as the sketch generator's (id, at, type, lead, ...). */
function jsonLine(e: SlaEvent, _ir: IR): string {
  const head = `{"id":"${e.id}","at":"${iso(e.at)}"`;
  switch (e.type) {
    case "lead.created":
    case "lead.updated":
      return `${head},"type":"${e.type}","lead":${JSON.stringify(e.lead)},"fields":${fieldsJson(e.fields)}}`;
    case "lead.assigned":
      return `${head},"type":"lead.assigned","lead":${JSON.stringify(e.lead)},"owner":${JSON.stringify(e.owner)}}`;
    case "touch":
      return `${head},"type":"touch","lead":${JSON.stringify(e.lead)}${e.by === undefined ? "" : `,"by":${JSON.stringify(e.by)}`}${e.channel === undefined ? "" : `,"channel":${JSON.stringify(e.channel)}`}}`;
    case "custom":
      return `${head},"type":${JSON.stringify(e.name)},"lead":${JSON.stringify(e.lead)}}`;
    case "rep.away":
      return `${head},"type":"rep.away","rep":${JSON.stringify(e.rep)},"until":"${iso(e.until)}"}`;
  }
}

function fieldsJson(f: Record<string, FieldValue>): string {
  let s = "{";
  for (const k of Object.keys(f)) s += `${s.length > 1 ? "," : ""}${JSON.stringify(k)}:${JSON.stringify(f[k])}`;
  return s + "}";
}

// ---------------------------------------------------------------- the sketch's data or the spec's own

const SKETCH_FIELDS: Record<string, IRFieldType> = {
  source: { type: "enum", values: ["demo", "trial", "webinar", "whitepaper"] },
  employees: { type: "number" },
  title: { type: "text" },
  country: { type: "text" },
  score: { type: "number" },
  status: { type: "text" },
};
const SKETCH_PEOPLE = new Set(["ana", "ben", "chloe", "dave", "erin"]);
const SKETCH_EVENTS = new Set(["demo.started", "demo.held", "noshow.reported"]);

/**
 * Whether the built-in inbound model (generate/history.ts, the sketch's data)
 * fits this spec: every declared field is one the model writes, with a type
 * that accepts its values; team members are the model's reps; expect rules
 * name the model's demo events. The bundled example and its edits fit; a
 * spec with other fields, people or events gets data of its own.
 */
export function fitsSketchModel(ir: IR): boolean {
  for (const [name, t] of Object.entries(ir.fields)) {
    const s = Object.hasOwn(SKETCH_FIELDS, name) ? SKETCH_FIELDS[name] : undefined;
    if (!s) return false;
    if (s.type === "enum") {
      if (t.type === "text") continue;
      if (t.type !== "enum" || !s.values.every((v) => t.values.includes(v))) return false;
    } else if (t.type !== s.type) return false;
  }
  for (const team of ir.teams) if (!team.members.every((m) => SKETCH_PEOPLE.has(m))) return false;
  for (const o of ir.obligations)
    if (o.kind === "expect" && ![o.after, ...o.events].every((e) => SKETCH_EVENTS.has(e))) return false;
  return true;
}
