// A seeded generator of realistic inbound-lead event histories.
//
// It feeds the README's main example (a quarter of leads for inbound.sla), the
// benchmark (millions of events) and the browser playground, so it is:
//  - deterministic: a small PRNG (sfc32, seeded through splitmix32) and no
//    Math.random or clock reads; the same options give byte-identical output;
//  - streaming: leads are generated one by one in creation order; each lead's
//    future events wait in a time-ordered queue (a small min-heap for the
//    next hour, hourly buckets beyond; ties by push order) and are released
//    once no later lead can precede them, so the output is globally sorted by
//    `at` and memory holds only the pending horizon (a few weeks of events,
//    kept in typed arrays rather than objects, so a million events take a few
//    seconds and under 200 MB whatever the total);
//  - browser-safe: no Node imports; time zones come from Intl.
//
// The model, in short (every number below is a default, tuned to look like a
// B2B inbound funnel; none of it is real customer data):
//  - Arrivals. Leads come from seven countries (US 55%, GB 10%, CA 8%, DE 8%,
//    IN 8%, FR 6%, BR 5%), each following a form-fill curve over its own local
//    day (peak 10:00-16:00, quiet at night, weekends at about a third) with
//    day-to-day noise. A weekly webinar (Wednesdays 14:00 in `timezone`)
//    produces a burst of webinar leads over the following hours. The exact
//    lead count is honoured: arrival times are sorted order statistics drawn
//    from that intensity (two passes over an exponential-spacing stream).
//  - Fields. source (demo/trial/webinar/whitepaper, 15/25/30/30), employees
//    (log-normal 1..20000, median depends on source, larger numbers rounded
//    like enrichment estimates), title (depends on company size), country,
//    score (0-100, depends on source, size and seniority), status "new".
//  - Routing. lead.assigned a few seconds later (sometimes minutes: a routing
//    queue) by smooth weighted round robin over reps who are not away, with
//    some randomness; each rep has a personal weight and speed.
//  - Reps work 09:00-17:30 Mon-Fri in `timezone`, minus `holidays`. A first
//    touch is drawn in business minutes from assignment, so a lead arriving at
//    night is touched the next morning (after the overnight backlog). Demo
//    requests are fast (median ~2-3 minutes, with a tail; off-hours someone is
//    on call for a minority), trials take hours, content leads a day or more
//    and many are never touched. Follow-up touches spread over 1-3 weeks
//    (about 45% of demo leads get a sequence of 8+ touches, most leads fewer).
//  - Updates. status "working" at first touch; some trials wait on the customer
//    before being touched ("waiting on customer", later back to "working"),
//    which is what `pause while` is for; some leads get a score bump that
//    makes them qualify days later (and a touch after it), score drift, or an
//    employee-count correction from enrichment minutes after creation.
//  - Demos. Many demo leads (and a few others) book a demo: demo.started
//    during business hours on the hour or half hour, then usually demo.held or
//    noshow.reported 5-20 minutes later, sometimes much later, sometimes never.
//    Some no-shows are rescheduled.
//  - Absences. rep.away events (vacations of a few days, single sick days);
//    routing skips away reps and their follow-ups are covered or deferred.
//  - Noise. A small share of events is delivered twice (same id, same
//    content), right after the original.
//  - The data is a snapshot at the end of the period: events after it are cut.

import type { SlaEvent } from "./events.ts";

// ---------------------------------------------------------------------------
// Options

export type Source = "demo" | "trial" | "webinar" | "whitepaper";
export const SOURCES: readonly Source[] = Object.freeze(["demo", "trial", "webinar", "whitepaper"]);

export interface GeneratorOptions {
  /** Any safe integer >= 0. Same options => byte-identical output. */
  seed: number;
  /** First local day of the period, YYYY-MM-DD, in `timezone`. */
  start: string;
  /** Length of the period in calendar months (whole, 1..120). */
  months: number;
  /** Exact number of leads; overrides `leadsPerDay` when set. */
  leads?: number;
  /** Average leads per calendar day when `leads` is not set. */
  leadsPerDay: number;
  /** IANA zone the reps work in (and where `start`, webinars and holidays live). */
  timezone: string;
  /** Rep names that receive leads. */
  reps: readonly string[];
  /** Speed of the reps: 2 halves every response delay, 0.5 doubles it. */
  responsiveness: number;
  /** Multiplier on the number of follow-up touches (1 = default depth). */
  followUp: number;
  /** Relative weights of lead sources (normalised). */
  sourceMix: Readonly<Record<Source, number>>;
  /** Share of events delivered twice (same id and content). */
  duplicateRate: number;
  /** Expected vacations per rep per month (plus about a third as many single sick days). */
  awayRate: number;
  /** Reps' working hours on Mon-Fri, local "HH:MM-HH:MM". */
  workHours: string;
  /** Local dates (YYYY-MM-DD) nobody works. */
  holidays: readonly string[];
}

export const DEFAULT_OPTIONS: Readonly<GeneratorOptions> = Object.freeze({
  seed: 42,
  start: "2027-01-01",
  months: 3,
  leadsPerDay: 33,
  timezone: "America/New_York",
  reps: Object.freeze(["ana", "ben", "chloe", "dave", "erin"]),
  responsiveness: 1,
  followUp: 1,
  sourceMix: Object.freeze({ demo: 15, trial: 25, webinar: 30, whitepaper: 30 }),
  duplicateRate: 0.003,
  awayRate: 0.35,
  workHours: "09:00-17:30",
  // inbound.sla's closed days
  holidays: Object.freeze(["2027-01-01", "2027-05-31", "2027-07-05", "2027-12-24"]),
});

/** Thrown for options that cannot be used (the CLI turns it into a usage error). */
export class GeneratorOptionError extends Error {}

export interface ResolvedOptions extends GeneratorOptions {
  /** The number of leads that will be created. */
  leads: number;
  /** Period [startMs, endMs) in epoch ms: local midnights in `timezone`. */
  startMs: number;
  endMs: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HOURS_RE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;
const REP_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const MAX_LEADS = 20_000_000;

function parseDate(s: string, what: string): [number, number, number] {
  const m = DATE_RE.exec(s);
  if (!m) throw new GeneratorOptionError(`${what} must be a date like 2027-01-01, got '${s}'`);
  const y = Number(m[1]),
    mo = Number(m[2]),
    d = Number(m[3]);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new GeneratorOptionError(`${what} is not a calendar date: '${s}'`);
  }
  return [y, mo, d];
}

function finite(n: unknown, what: string, min: number, max: number): number {
  if (typeof n !== "number" || !Number.isFinite(n) || n < min || n > max) {
    throw new GeneratorOptionError(`${what} must be a number between ${min} and ${max}, got ${String(n)}`);
  }
  return n;
}

function integer(n: unknown, what: string, min: number, max: number): number {
  finite(n, what, min, max);
  if (!Number.isInteger(n)) throw new GeneratorOptionError(`${what} must be a whole number, got ${String(n)}`);
  return n as number;
}

/** Fill in defaults and check every option; throws GeneratorOptionError. */
export function resolveOptions(opts: Partial<GeneratorOptions> = {}): ResolvedOptions {
  const o = { ...DEFAULT_OPTIONS, ...stripUndefined(opts) } as GeneratorOptions;
  integer(o.seed, "seed", 0, Number.MAX_SAFE_INTEGER);
  integer(o.months, "months", 1, 120);
  finite(o.leadsPerDay, "leadsPerDay", 0, 1_000_000);
  finite(o.responsiveness, "responsiveness", 0.01, 100);
  finite(o.followUp, "followUp", 0, 10);
  finite(o.duplicateRate, "duplicateRate", 0, 0.5);
  finite(o.awayRate, "awayRate", 0, 5);
  if (!Array.isArray(o.reps) || o.reps.length === 0) throw new GeneratorOptionError("reps must name at least one rep");
  for (const r of o.reps) {
    if (typeof r !== "string" || !REP_RE.test(r))
      throw new GeneratorOptionError(`rep names must be simple names like 'ana', got '${String(r)}'`);
  }
  if (new Set(o.reps).size !== o.reps.length) throw new GeneratorOptionError("reps must not repeat a name");
  let mixTotal = 0;
  for (const s of SOURCES) mixTotal += finite(o.sourceMix?.[s] ?? 0, `sourceMix.${s}`, 0, 1e9);
  if (!(mixTotal > 0)) throw new GeneratorOptionError("sourceMix must give some source a positive weight");
  const hm = HOURS_RE.exec(o.workHours);
  const openMin = hm ? Number(hm[1]) * 60 + Number(hm[2]) : NaN;
  const closeMin = hm ? Number(hm[3]) * 60 + Number(hm[4]) : NaN;
  if (!hm || !(openMin < closeMin) || closeMin > 24 * 60 || Number(hm[2]) > 59 || Number(hm[4]) > 59) {
    throw new GeneratorOptionError(
      `workHours must look like 09:00-17:30 (opening before closing), got '${o.workHours}'`,
    );
  }
  for (const h of o.holidays) parseDate(h, "holiday");
  const zone = makeZone(o.timezone);
  const [y, mo, d] = parseDate(o.start, "start");
  const startMs = zone.utcOf(Date.UTC(y, mo - 1, d));
  const endMs = zone.utcOf(Date.UTC(y, mo - 1 + o.months, d));
  const leads =
    o.leads !== undefined
      ? integer(o.leads, "leads", 0, MAX_LEADS)
      : Math.round((o.leadsPerDay * (endMs - startMs)) / DAY);
  if (leads > MAX_LEADS) throw new GeneratorOptionError(`at most ${MAX_LEADS} leads, got ${leads}`);
  return { ...o, leads, startMs, endMs };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

// ---------------------------------------------------------------------------
// Public API

// The generator functions check their options when called (not at the first `next()`).

/** JSONL lines (no trailing newline), sorted by `at`, in the sketch's format. */
export function generateEvents(opts: Partial<GeneratorOptions> = {}): Generator<string> {
  return lines(resolveOptions(opts));
}
function* lines(o: ResolvedOptions): Generator<string> {
  const iso = isoFormatter();
  const out: string[] = [];
  for (const _ of core(o, (q, i) => {
    out.push(`{"id":"e${q.id(i)}","at":"${iso(q.at(i))}",${renderBody(q, i)}`);
  })) {
    for (const line of out) yield line;
    out.length = 0;
  }
}

/** The JSONL text in chunks of about `chunkChars` characters, each ending with a newline:
 *  the fastest way to write a big file (used by `sla generate`). */
export function generateJsonlChunks(opts: Partial<GeneratorOptions> = {}, chunkChars = 1 << 16): Generator<string> {
  return chunks(resolveOptions(opts), chunkChars);
}
function* chunks(o: ResolvedOptions, chunkChars: number): Generator<string> {
  const iso = isoFormatter();
  let buf = "";
  for (const _ of core(o, (q, i) => {
    buf += `{"id":"e${q.id(i)}","at":"${iso(q.at(i))}",${renderBody(q, i)}\n`;
  })) {
    if (buf.length >= chunkChars) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}

/** The same events as engine objects (epoch-ms `at` and `until`), for in-process use. */
export function generateEventObjects(opts: Partial<GeneratorOptions> = {}): Generator<SlaEvent> {
  return objects(resolveOptions(opts));
}
function* objects(o: ResolvedOptions): Generator<SlaEvent> {
  const events: SlaEvent[] = [];
  for (const _ of core(o, (q, i) => {
    events.push(toObject(q, i));
  })) {
    for (const e of events) yield e;
    events.length = 0;
  }
}

// JSON of an event after "id" and "at", without the opening brace. Names (lead ids,
// validated rep names, channels, dotted types) never need escaping.
function renderBody(q: Pool, i: number): string {
  const type = q.typeCode(i);
  switch (type) {
    case T_TOUCH:
      return `"type":"touch","lead":"L${q.leadNum(i)}","by":"${q.x(i)}","channel":"${q.y(i)}"}`;
    case T_ASSIGNED:
      return `"type":"lead.assigned","lead":"L${q.leadNum(i)}","owner":"${q.x(i)}"}`;
    case T_CREATED:
    case T_UPDATED:
      return `"type":"${TYPE_NAMES[type]}","lead":"L${q.leadNum(i)}","fields":${renderFields(q.fields[i]!)}}`;
    case T_AWAY:
      return `"type":"rep.away","rep":"${q.x(i)}","until":"${isoSeconds(q.until(i))}"}`;
    default:
      return `"type":"${TYPE_NAMES[type]}","lead":"L${q.leadNum(i)}"}`;
  }
}

type Fields = Record<string, string | number>;
function renderFields(f: Fields): string {
  let s = "{";
  for (const k in f) {
    const v = f[k];
    s += `${s.length > 1 ? "," : ""}"${k}":${typeof v === "number" ? v : JSON.stringify(v)}`;
  }
  return s + "}";
}

function toObject(q: Pool, i: number): SlaEvent {
  const id = `e${q.id(i)}`,
    at = q.at(i),
    code = q.typeCode(i),
    type = TYPE_NAMES[code];
  if (code === T_AWAY) return { id, at, type: "rep.away", rep: q.x(i), until: q.until(i) };
  const lead = `L${q.leadNum(i)}`;
  switch (code) {
    case T_TOUCH:
      return { id, at, type: "touch", lead, by: q.x(i), channel: q.y(i) };
    case T_ASSIGNED:
      return { id, at, type: "lead.assigned", lead, owner: q.x(i) };
    case T_CREATED:
    case T_UPDATED:
      return { id, at, type, lead, fields: { ...q.fields[i] } } as SlaEvent;
    default:
      return { id, at, type: "custom", name: type, lead };
  }
}

/** The whole JSONL text (lines joined by "\n", with a trailing newline): for small runs and the playground. */
export function generateJsonl(opts: Partial<GeneratorOptions> = {}): string {
  let text = "";
  for (const chunk of generateJsonlChunks(opts)) text += chunk;
  return text;
}

// ---------------------------------------------------------------------------
// Time

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const QUARTER_HOUR = 15 * MINUTE;

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + "Z";
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));

/** isoSeconds, caching the date part (events come in time order, so days repeat). */
function isoFormatter(): (ms: number) => string {
  let day = NaN,
    prefix = "";
  return (ms) => {
    const d = Math.floor(ms / DAY);
    if (d !== day) {
      day = d;
      prefix = new Date(d * DAY).toISOString().slice(0, 11);
    }
    const s = Math.floor((ms - d * DAY) / SECOND);
    return (
      prefix +
      TWO_DIGITS[Math.floor(s / 3600)] +
      ":" +
      TWO_DIGITS[Math.floor(s / 60) % 60] +
      ":" +
      TWO_DIGITS[s % 60] +
      "Z"
    );
  };
}

/** Wall-clock conversions for one IANA zone, cached per UTC quarter hour (all real offset changes land on one). */
interface Zone {
  /** local wall-clock reading of a UTC instant, as epoch ms of that reading taken as UTC */
  wallOf(utc: number): number;
  /** the instant whose wall-clock reading is `wall` (for gaps: shifted by the gap, for overlaps: the first) */
  utcOf(wall: number): number;
  /** speed up lookups for instants in about [from, to] (from two days before to two months after) */
  focus(from: number, to: number): void;
}

function makeZone(timeZone: string): Zone {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    throw new GeneratorOptionError(`unknown time zone '${timeZone}'`);
  }
  const ask = (key: number): number => {
    const t = key * QUARTER_HOUR;
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(new Date(t))) if (part.type !== "literal") p[part.type] = Number(part.value);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second) - t;
  };
  // Offsets change at most once a UTC day: ask Intl at both ends of the day, and only
  // when they differ, bisect for the quarter hour of the change.
  const days = new Map<number, [number, number, number]>(); // day -> [offset before, offset after, first key after]
  const compute = (key: number): number => {
    const day = Math.floor(key / 96);
    let d = days.get(day);
    if (!d) {
      const a = ask(day * 96),
        b = ask(day * 96 + 96);
      let lo = day * 96,
        hi = day * 96 + 96; // ask(lo) === a, ask(hi) === b
      if (a !== b) {
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (ask(mid) === a) lo = mid;
          else hi = mid;
        }
      }
      d = [a, b, hi];
      days.set(day, d);
    }
    return key < d[2] ? d[0] : d[1];
  };
  // A dense cache for the hot range (NaN = not computed yet), a Map elsewhere.
  let base = NaN;
  let dense = new Float64Array(0);
  const sparse = new Map<number, number>();
  const offset = (utc: number): number => {
    const key = Math.floor(utc / QUARTER_HOUR);
    const i = key - base;
    if (i >= 0 && i < dense.length) {
      let off = dense[i];
      if (off !== off) {
        off = compute(key);
        dense[i] = off;
      }
      return off;
    }
    let off = sparse.get(key);
    if (off === undefined) {
      off = compute(key);
      sparse.set(key, off);
    }
    return off;
  };
  return {
    focus: (from, to) => {
      base = Math.floor(from / QUARTER_HOUR) - 96 * 2;
      dense = new Float64Array(Math.min(2_000_000, Math.ceil(to / QUARTER_HOUR) + 96 * 62 - base)).fill(NaN);
    },
    wallOf: (utc) => utc + offset(utc),
    utcOf: (wall) => {
      const a = wall - offset(wall - offset(wall));
      if (a + offset(a) === wall) {
        const earlier = wall - offset(a - 3 * HOUR);
        return earlier + offset(earlier) === wall ? Math.min(a, earlier) : a;
      }
      return a;
    },
  };
}

/** Reps' working time: Mon-Fri [open, close) local, minus holidays. Works in wall-clock ms. */
class WorkCalendar {
  private readonly holidays: Set<number>;
  constructor(
    private readonly zone: Zone,
    private readonly open: number,
    private readonly close: number,
    holidays: readonly string[],
  ) {
    this.holidays = new Set(
      holidays.map((h) => {
        const [y, m, d] = parseDate(h, "holiday");
        return Date.UTC(y, m - 1, d) / DAY;
      }),
    );
  }
  isWorkDay(day: number): boolean {
    const dow = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    return dow >= 1 && dow <= 5 && !this.holidays.has(day);
  }
  private nextOpenWall(w: number): number {
    let day = Math.floor(w / DAY);
    let inDay = w - day * DAY;
    for (let i = 0; i < 1000; i++) {
      if (this.isWorkDay(day)) {
        if (inDay < this.open) return day * DAY + this.open;
        if (inDay < this.close) return day * DAY + inDay;
      }
      day++;
      inDay = 0;
    }
    return w;
  }
  isOpen(utc: number): boolean {
    const w = this.zone.wallOf(utc);
    return this.nextOpenWall(w) === w;
  }
  /** The first open instant at or after `utc`. */
  nextOpen(utc: number): number {
    const w = this.zone.wallOf(utc);
    const n = this.nextOpenWall(w);
    return n === w ? utc : this.zone.utcOf(n);
  }
  /** `utc` advanced by `ms` of working time (starting at the next opening when closed). */
  add(utc: number, ms: number): number {
    let w = this.nextOpenWall(this.zone.wallOf(utc));
    for (let i = 0; i < 100_000; i++) {
      const closeAt = Math.floor(w / DAY) * DAY + this.close;
      const room = closeAt - w;
      if (ms < room) return this.zone.utcOf(w + ms);
      ms -= room;
      w = this.nextOpenWall(closeAt);
    }
    return this.zone.utcOf(w);
  }
  /** The local wall-clock hour (0-23) of an instant. */
  localHour(utc: number): number {
    const w = this.zone.wallOf(utc);
    return Math.floor((w - Math.floor(w / DAY) * DAY) / HOUR);
  }
}

// ---------------------------------------------------------------------------
// Randomness

function splitmix32(state: number): () => number {
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number, stream: number) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    const sm = splitmix32(lo ^ Math.imul(hi, 0x27d4eb2f) ^ Math.imul(stream + 1, 0x165667b1));
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
    for (let i = 0; i < 15; i++) this.next();
  }
  /** uniform in [0, 1) (sfc32) */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  private spare = NaN;
  /** standard normal (Box-Muller; the second value of each pair is kept for the next call) */
  normal(): number {
    const spare = this.spare;
    if (spare === spare) {
      this.spare = NaN;
      return spare;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.next()));
    const phi = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(phi);
    return r * Math.cos(phi);
  }
  /** log-normal with the given median */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
  poisson(lambda: number): number {
    const limit = Math.exp(-lambda);
    let k = 0,
      p = this.next();
    while (p > limit && k < 1000) {
      k++;
      p *= this.next();
    }
    return k;
  }
  /** index drawn with probability proportional to weights[i] */
  weighted(weights: ArrayLike<number>, total?: number): number {
    return this.weightedRange(weights, 0, weights.length, total);
  }
  /** like weighted, over weights[from, from + n), returning an index in [0, n) */
  weightedRange(weights: ArrayLike<number>, from: number, n: number, total?: number): number {
    let sum = total;
    if (sum === undefined) {
      sum = 0;
      for (let i = 0; i < n; i++) sum += weights[from + i];
    }
    let x = this.next() * sum;
    for (let i = 0; i < n; i++) {
      x -= weights[from + i];
      if (x < 0) return i;
    }
    for (let i = n - 1; i >= 0; i--) if (weights[from + i] > 0) return i;
    return 0;
  }
}

// Independent streams, so e.g. the arrival times do not shift when the per-lead model changes.
const STREAM = { setup: 1, arrivals: 2, leads: 3, output: 4 } as const;

// ---------------------------------------------------------------------------
// Model tables

interface Country {
  code: string;
  share: number;
  utcOffsetHours: number;
}
/** Lead origin: share of leads and a representative UTC offset for the local day curve. */
export const COUNTRIES: readonly Country[] = Object.freeze([
  { code: "US", share: 55, utcOffsetHours: -6 },
  { code: "CA", share: 8, utcOffsetHours: -5 },
  { code: "GB", share: 10, utcOffsetHours: 0 },
  { code: "DE", share: 8, utcOffsetHours: 1 },
  { code: "FR", share: 6, utcOffsetHours: 1 },
  { code: "IN", share: 8, utcOffsetHours: 5.5 },
  { code: "BR", share: 5, utcOffsetHours: -3 },
]);

/** Relative form-fill rate by local hour. */
const HOURLY = [
  0.22, 0.14, 0.1, 0.08, 0.08, 0.1, 0.2, 0.45, 0.8, 1.15, 1.35, 1.4, 1.25, 1.3, 1.4, 1.35, 1.2, 1.0, 0.8, 0.7, 0.65,
  0.6, 0.48, 0.33,
];
/** Relative rate by local weekday, 0 = Sunday. */
const WEEKDAY = [0.3, 1.05, 1.1, 1.1, 1.0, 0.85, 0.35];
/** Hours after a webinar starts (14:00) and the share of its leads synced then. */
const WEBINAR_BURST: readonly [number, number][] = [
  [1, 0.45],
  [2, 0.25],
  [3, 0.1],
  [19, 0.08],
  [20, 0.07],
  [21, 0.05],
];
const WEBINAR_WEEKDAY = 3; // Wednesday
const WEBINAR_HOUR = 14;

type Titles = readonly [string, number][];
const TITLES_SMALL: Titles = [
  ["Founder", 14],
  ["CEO", 10],
  ["CFO", 2],
  ["Director of Marketing", 4],
  ["Sales Director", 3],
  ["VP Sales", 3],
  ["Head of Growth", 4],
  ["Marketing Manager", 10],
  ["Sales Manager", 6],
  ["Manager", 4],
  ["Operations Manager", 4],
  ["Engineer", 12],
  ["Software Engineer", 8],
  ["Analyst", 8],
  ["Consultant", 8],
  ["Student", 4],
];
const TITLES_LARGE: Titles = [
  ["Founder", 1],
  ["CEO", 2],
  ["CFO", 2],
  ["Director of Marketing", 8],
  ["Sales Director", 6],
  ["VP Sales", 5],
  ["VP Marketing", 3],
  ["IT Director", 3],
  ["Head of Growth", 3],
  ["Marketing Manager", 12],
  ["Sales Manager", 8],
  ["Manager", 4],
  ["Product Manager", 6],
  ["Engineer", 10],
  ["Software Engineer", 8],
  ["Data Analyst", 6],
  ["Analyst", 8],
  ["Consultant", 3],
  ["Intern", 2],
];
const TITLE_SMALL_W = TITLES_SMALL.map(([, w]) => w);
const TITLE_LARGE_W = TITLES_LARGE.map(([, w]) => w);
const EXECUTIVE = new Set(["CEO", "CFO", "Founder", "VP Sales", "VP Marketing"]);

interface SourceModel {
  employeesMedian: number;
  scoreBase: number;
  /** first-touch delay, business minutes: [share, median, sigma] components */
  firstTouch: readonly [number, number, number][];
  firstTouchWeights: readonly number[];
  neverTouched: number;
  /** channel weights call, email, linkedin for the first touch */
  firstChannel: readonly [number, number, number];
  /** share getting an 8+ touch sequence; otherwise 1 + Poisson(touchLambda) touches */
  sequence: number;
  touchLambda: number;
  spanDays: number;
  bookDemo: number;
  waiting: number;
}
const MODEL: Record<Source, SourceModel> = withWeights({
  demo: {
    employeesMedian: 90,
    scoreBase: 60,
    firstTouch: [
      [0.8, 2.2, 0.5],
      [0.16, 15, 1.0],
      [0.04, 240, 0.8],
    ],
    neverTouched: 0.02,
    firstChannel: [0.7, 0.22, 0.08],
    sequence: 0.45,
    touchLambda: 3.5,
    spanDays: 10,
    bookDemo: 0.4,
    waiting: 0.03,
  },
  trial: {
    employeesMedian: 35,
    scoreBase: 48,
    firstTouch: [[1, 150, 1.25]],
    neverTouched: 0.04,
    firstChannel: [0.4, 0.55, 0.05],
    sequence: 0,
    touchLambda: 4.5,
    spanDays: 12,
    bookDemo: 0.08,
    waiting: 0.12,
  },
  webinar: {
    employeesMedian: 60,
    scoreBase: 40,
    firstTouch: [[1, 480, 1.1]],
    neverTouched: 0.25,
    firstChannel: [0.15, 0.75, 0.1],
    sequence: 0,
    touchLambda: 2.5,
    spanDays: 18,
    bookDemo: 0.02,
    waiting: 0.02,
  },
  whitepaper: {
    employeesMedian: 45,
    scoreBase: 34,
    firstTouch: [[1, 700, 1.1]],
    neverTouched: 0.35,
    firstChannel: [0.15, 0.75, 0.1],
    sequence: 0,
    touchLambda: 2.5,
    spanDays: 18,
    bookDemo: 0.02,
    waiting: 0.02,
  },
});
function withWeights(m: Record<Source, Omit<SourceModel, "firstTouchWeights">>): Record<Source, SourceModel> {
  const out = {} as Record<Source, SourceModel>;
  for (const s of SOURCES) out[s] = { ...m[s], firstTouchWeights: m[s].firstTouch.map((c) => c[0]) };
  return out;
}
const CHANNELS = ["call", "email", "linkedin"] as const;
const FOLLOW_UP_CHANNEL = [0.35, 0.5, 0.15];

// ---------------------------------------------------------------------------
// The pending-event queue

const TYPE_NAMES = [
  "lead.created",
  "lead.assigned",
  "lead.updated",
  "touch",
  "rep.away",
  "demo.started",
  "demo.held",
  "noshow.reported",
] as const;
const T_CREATED = 0,
  T_ASSIGNED = 1,
  T_UPDATED = 2,
  T_TOUCH = 3,
  T_AWAY = 4,
  T_DEMO_STARTED = 5,
  T_DEMO_HELD = 6,
  T_NOSHOW = 7;

// Pending events live in reusable slots of one Float64Array, 8 numbers (one cache line)
// a slot: no object per event, so hundreds of thousands of pending events cost the
// garbage collector next to nothing and each costs one memory fetch when released.
const STRIDE = 8;
const AT = 0,
  SEQ = 1,
  ID = 2,
  UNTIL = 3,
  TYPE = 4,
  LEAD = 5,
  X = 6,
  Y = 7;

class Pool {
  d = new Float64Array(1024 * STRIDE);
  /** lead.created / lead.updated fields by slot */
  fields: (Fields | undefined)[] = [];
  private free: number[] = [];
  private used = 0;
  constructor(private readonly repNames: readonly string[]) {}
  alloc(): number {
    if (this.free.length) return this.free.pop()!;
    if (this.used * STRIDE === this.d.length) {
      const b = new Float64Array(this.d.length * 2);
      b.set(this.d);
      this.d = b;
    }
    return this.used++;
  }
  release(i: number): void {
    this.fields[i] = undefined;
    this.free.push(i);
  }
  at(i: number): number {
    return this.d[i * STRIDE + AT];
  }
  seq(i: number): number {
    return this.d[i * STRIDE + SEQ];
  }
  /** event number (the n of "en"), 0 until released; a duplicate carries its original's */
  id(i: number): number {
    return this.d[i * STRIDE + ID];
  }
  /** rep.away: until, epoch ms */
  until(i: number): number {
    return this.d[i * STRIDE + UNTIL];
  }
  typeCode(i: number): number {
    return this.d[i * STRIDE + TYPE];
  }
  leadNum(i: number): number {
    return this.d[i * STRIDE + LEAD];
  }
  /** touch: by; lead.assigned: owner; rep.away: rep */
  x(i: number): string {
    return this.repNames[this.d[i * STRIDE + X]];
  }
  /** touch: channel */
  y(i: number): string {
    return CHANNELS[this.d[i * STRIDE + Y]];
  }
}

/** Binary min-heap of pool slots by (at, seq); the keys are kept next to the slot
 *  numbers so sifting never touches the (large, cold) pool. */
class Heap {
  private slot = new Int32Array(256);
  private at = new Float64Array(256);
  private seq = new Float64Array(256);
  size = 0;
  peekAt(): number {
    return this.at[0];
  }
  push(p: number, at: number, seq: number): void {
    if (this.size === this.slot.length) {
      const n = this.size * 2;
      const s = new Int32Array(n);
      s.set(this.slot);
      this.slot = s;
      const a = new Float64Array(n);
      a.set(this.at);
      this.at = a;
      const q = new Float64Array(n);
      q.set(this.seq);
      this.seq = q;
    }
    const slots = this.slot,
      ats = this.at,
      seqs = this.seq;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (ats[parent] < at || (ats[parent] === at && seqs[parent] < seq)) break;
      slots[i] = slots[parent];
      ats[i] = ats[parent];
      seqs[i] = seqs[parent];
      i = parent;
    }
    slots[i] = p;
    ats[i] = at;
    seqs[i] = seq;
  }
  pop(): number {
    const slots = this.slot,
      ats = this.at,
      seqs = this.seq;
    const top = slots[0];
    const n = --this.size;
    if (n > 0) {
      const p = slots[n],
        at = ats[n],
        seq = seqs[n];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (ats[r] < ats[l] || (ats[r] === ats[l] && seqs[r] < seqs[l])) ? r : l;
        if (at < ats[c] || (at === ats[c] && seq < seqs[c])) break;
        slots[i] = slots[c];
        ats[i] = ats[c];
        seqs[i] = seqs[c];
        i = c;
      }
      slots[i] = p;
      ats[i] = at;
      seqs[i] = seq;
    }
    return top;
  }
}

/** Min-queue of pool slots by (at, seq): a heap for the current bucket, plain lists for
 *  later buckets, so a pending event far in the future costs an append, not a deep heap. */
class EventQueue {
  private readonly near = new Heap();
  private readonly far = new Map<number, number[]>();
  private farCount = 0;
  private nearEnd: number; // the near heap holds every pending event with at < nearEnd
  constructor(
    private readonly q: Pool,
    start: number,
    private readonly bucket: number,
  ) {
    this.nearEnd = Math.floor(start / bucket) * bucket + bucket;
  }
  push(p: number): void {
    const at = this.q.at(p);
    if (at < this.nearEnd) {
      this.near.push(p, at, this.q.seq(p));
      return;
    }
    const key = Math.floor(at / this.bucket);
    const list = this.far.get(key);
    if (list) list.push(p);
    else this.far.set(key, [p]);
    this.farCount++;
  }
  /** The next slot if its time is <= bound (removed), else -1. */
  popUntil(bound: number): number {
    for (;;) {
      if (this.near.size && this.near.peekAt() <= bound) return this.near.pop();
      if (this.near.size || this.farCount === 0 || this.nearEnd > bound) return -1;
      // advance one bucket
      const key = Math.floor(this.nearEnd / this.bucket);
      this.nearEnd += this.bucket;
      const list = this.far.get(key);
      if (list) {
        this.far.delete(key);
        this.farCount -= list.length;
        for (const p of list) this.near.push(p, this.q.at(p), this.q.seq(p));
      }
    }
  }
}

// ---------------------------------------------------------------------------
// The generator

interface Rep {
  name: string;
  index: number;
  weight: number;
  speed: number;
  current: number;
  away: [number, number][];
}

/** Hands the events to `sink` in output order (the slot is reused once sink returns),
 *  yielding after each group so the caller can pass on what sink collected. */
function* core(o: ResolvedOptions, sink: (q: Pool, slot: number) => void): Generator<void> {
  const zone = makeZone(o.timezone);
  zone.focus(o.startMs, o.endMs);
  const hm = HOURS_RE.exec(o.workHours)!;
  const cal = new WorkCalendar(
    zone,
    (Number(hm[1]) * 60 + Number(hm[2])) * MINUTE,
    (Number(hm[3]) * 60 + Number(hm[4])) * MINUTE,
    o.holidays,
  );
  const { startMs, endMs } = o;
  const setup = new Rng(o.seed, STREAM.setup);
  const rng = new Rng(o.seed, STREAM.leads);
  const out = new Rng(o.seed, STREAM.output);
  const pool = new Pool(o.reps);
  const queue = new EventQueue(pool, startMs, HOUR);
  let seq = 0;
  let emitted = 0;
  let floor = startMs; // no event may be scheduled before the lead being generated
  /** schedule an event: x = rep index (by, owner, rep), y = channel index */
  const push = (at: number, type: number, lead: number, x = 0, y = 0, fields?: Fields, untilMs = 0): void => {
    at = Math.round(at / SECOND) * SECOND;
    if (at < floor) at = floor;
    if (at >= endMs) return;
    const i = pool.alloc();
    const d = pool.d,
      b = i * STRIDE;
    d[b + AT] = at;
    d[b + SEQ] = seq++;
    d[b + ID] = 0;
    d[b + UNTIL] = untilMs;
    d[b + TYPE] = type;
    d[b + LEAD] = lead;
    d[b + X] = x;
    d[b + Y] = y;
    pool.fields[i] = fields;
    queue.push(i);
  };

  // --- reps and their absences
  const reps: Rep[] = o.reps.map((name, index) => ({
    name,
    index,
    weight: setup.between(0.75, 1.25),
    speed: setup.logNormal(1, 0.3),
    current: 0,
    away: [],
  }));
  const [sy, sm, sd] = parseDate(o.start, "start");
  for (const rep of reps) {
    for (let m = 0; m < o.months; m++) {
      const monthStart = Date.UTC(sy, sm - 1 + m, sd) / DAY;
      const monthDays = Date.UTC(sy, sm - 1 + m + 1, sd) / DAY - monthStart;
      const absences: number[][] = [];
      for (let k = setup.poisson(o.awayRate); k > 0; k--) {
        absences.push([
          monthStart + setup.int(monthDays),
          Math.max(2, Math.min(10, Math.round(setup.logNormal(4, 0.45)))),
        ]);
      }
      for (let k = setup.poisson(o.awayRate / 3); k > 0; k--) absences.push([monthStart + setup.int(monthDays), 1]);
      for (const [day, len] of absences.sort((a, b) => a[0] - b[0])) {
        const from = zone.utcOf(day * DAY);
        const until = zone.utcOf((day + len) * DAY);
        const prev = rep.away[rep.away.length - 1];
        if (prev && from < prev[1]) continue; // overlaps the previous absence
        rep.away.push([from, until]);
      }
    }
    rep.away.sort((a, b) => a[0] - b[0]);
  }
  const awayEvents: [number, Rep, number][] = [];
  for (const rep of reps)
    for (const [from, until] of rep.away) if (from >= startMs) awayEvents.push([from, rep, until]);
  awayEvents.sort((a, b) => a[0] - b[0] || o.reps.indexOf(a[1].name) - o.reps.indexOf(b[1].name));
  for (const [from, rep, until] of awayEvents) push(from, T_AWAY, 0, rep.index, 0, undefined, until);

  const availBuf: Rep[] = []; // scratch for available()
  const isAway = (rep: Rep, t: number): boolean => awayUntil(rep, t) !== t;
  /** the end of the absence `t` falls in, else t */
  const awayUntil = (rep: Rep, t: number): number => {
    const away = rep.away;
    for (let i = 0; i < away.length; i++) if (t >= away[i][0] && t < away[i][1]) return away[i][1];
    return t;
  };

  // --- arrival intensity per UTC hour slot: countries' local days + webinar bursts
  const nC = COUNTRIES.length;
  const shareTotal = COUNTRIES.reduce((s, c) => s + c.share, 0);
  const slots = Math.max(1, Math.ceil((endMs - startMs) / HOUR));
  const slotCountry = new Float64Array(slots * nC);
  const slotBase = new Float64Array(slots);
  const slotBurst = new Float64Array(slots);
  const dayNoise = new Map<number, number>();
  let baseTotal = 0;
  for (let j = 0; j < slots; j++) {
    const t = startMs + j * HOUR;
    const len = Math.min(HOUR, endMs - t) / HOUR;
    const utcDay = Math.floor(t / DAY);
    let noise = dayNoise.get(utcDay);
    if (noise === undefined) {
      noise = setup.logNormal(1, 0.2);
      dayNoise.set(utcDay, noise);
    }
    let sum = 0;
    for (let c = 0; c < nC; c++) {
      const local = t + COUNTRIES[c].utcOffsetHours * HOUR;
      const ld = Math.floor(local / DAY);
      const w =
        (COUNTRIES[c].share / shareTotal) *
        HOURLY[Math.floor((local - ld * DAY) / HOUR)] *
        WEEKDAY[(ld + 4) % 7] *
        noise *
        len;
      slotCountry[j * nC + c] = w;
      sum += w;
    }
    slotBase[j] = sum;
    baseTotal += sum;
  }
  const mixTotal = SOURCES.reduce((s, k) => s + o.sourceMix[k], 0);
  const mix = SOURCES.map((k) => o.sourceMix[k] / mixTotal);
  const webinarIdx = SOURCES.indexOf("webinar");
  // A third of webinar leads arrive in bursts after the weekly webinar.
  const webinarDays: number[] = [];
  for (let day = Math.floor(zone.wallOf(startMs) / DAY); zone.utcOf(day * DAY) < endMs; day++) {
    if ((day + 4) % 7 === WEBINAR_WEEKDAY && cal.isWorkDay(day)) webinarDays.push(day);
  }
  const burstShare = webinarDays.length ? mix[webinarIdx] / 3 : 0;
  if (burstShare > 0) {
    const sizes = webinarDays.map(() => setup.logNormal(1, 0.4));
    const sizeTotal = sizes.reduce((a, b) => a + b, 0);
    const burstTotal = (baseTotal * burstShare) / (1 - burstShare);
    webinarDays.forEach((day, i) => {
      for (const [h, share] of WEBINAR_BURST) {
        const t = zone.utcOf(day * DAY + (WEBINAR_HOUR + h) * HOUR);
        const j = Math.floor((t - startMs) / HOUR);
        if (j >= 0 && j < slots) slotBurst[j] += burstTotal * (sizes[i] / sizeTotal) * share;
      }
    });
  }
  const baseMix = mix.map((p, i) => (i === webinarIdx ? p - burstShare : p) / (1 - burstShare));
  let totalWeight = 0;
  for (let j = 0; j < slots; j++) totalWeight += slotBase[j] + slotBurst[j];

  // Sorted arrival times: U_(k) = S_k / S_(N+1) with S partial sums of exponentials,
  // mapped through the inverse of the cumulative intensity. Pass 1 sums, pass 2 replays.
  const N = o.leads;
  let expTotal = 0;
  {
    const a = new Rng(o.seed, STREAM.arrivals);
    for (let k = 0; k <= N; k++) expTotal += -Math.log(1 - a.next());
  }
  const arrivals = new Rng(o.seed, STREAM.arrivals);
  let expSum = 0;
  let slot = 0;
  let cumBefore = 0; // cumulative weight before `slot`

  for (let k = 1; k <= N; k++) {
    expSum += -Math.log(1 - arrivals.next());
    const target = totalWeight * (expSum / expTotal);
    while (slot < slots - 1 && cumBefore + slotBase[slot] + slotBurst[slot] <= target) {
      cumBefore += slotBase[slot] + slotBurst[slot];
      slot++;
    }
    const w = slotBase[slot] + slotBurst[slot];
    const slotStart = startMs + slot * HOUR;
    const frac = w > 0 ? Math.min(1, Math.max(0, (target - cumBefore) / w)) : 0;
    let t0 = Math.floor((slotStart + frac * Math.min(HOUR, endMs - slotStart)) / SECOND) * SECOND;
    if (t0 < floor) t0 = floor;
    if (t0 >= endMs) t0 = Math.floor((endMs - 1) / SECOND) * SECOND;

    // Release everything that cannot be preceded by this lead or a later one.
    let any = false;
    for (let p = queue.popUntil(t0); p >= 0; p = queue.popUntil(t0)) {
      emit(p);
      any = true;
    }
    if (any) yield;
    floor = t0;
    generateLead(k, t0, rng.chance(slotBurst[slot] / w), slot);
  }
  let n = 0;
  for (let p = queue.popUntil(Infinity); p >= 0; p = queue.popUntil(Infinity)) {
    emit(p);
    if (++n % 512 === 0) yield;
  }
  yield;

  // --- output (ids in output order; duplicates right after the original)
  function emit(p: number): void {
    if (pool.id(p) === 0) {
      pool.d[p * STRIDE + ID] = ++emitted;
      if (out.chance(o.duplicateRate)) {
        const c = pool.alloc();
        const d = pool.d;
        d.copyWithin(c * STRIDE, p * STRIDE, p * STRIDE + STRIDE);
        d[c * STRIDE + SEQ] = seq++;
        pool.fields[c] = pool.fields[p];
        queue.push(c);
      }
    }
    sink(pool, p);
    pool.release(p);
  }

  // --- one lead's whole history
  function generateLead(k: number, t0: number, fromWebinar: boolean, slot: number): void {
    const source: Source = fromWebinar ? "webinar" : SOURCES[rng.weighted(baseMix, 1)];
    const model = MODEL[source];
    const country = COUNTRIES[rng.weightedRange(slotCountry, slot * nC, nC)].code;
    const employees = roundEstimate(Math.min(20000, Math.max(1, rng.logNormal(model.employeesMedian, 1.5))));
    const titles = employees < 50 ? TITLES_SMALL : TITLES_LARGE;
    const title = titles[rng.weighted(employees < 50 ? TITLE_SMALL_W : TITLE_LARGE_W)][0];
    const score = clampScore(
      model.scoreBase + 4 * Math.log10(employees) + (EXECUTIVE.has(title) ? 5 : 0) + 15 * rng.normal(),
    );
    push(t0, T_CREATED, k, 0, 0, { source, employees, title, country, score, status: "new" });

    // routing
    let owner = pickRep(t0);
    const tAssigned =
      t0 + (rng.chance(0.03) ? rng.logNormal(25 * MINUTE, 1) : Math.max(SECOND, rng.logNormal(5 * SECOND, 0.6)));
    push(tAssigned, T_ASSIGNED, k, owner.index);

    // enrichment correcting the company size
    if (rng.chance(0.04)) {
      push(t0 + Math.max(2 * SECOND, rng.logNormal(15 * MINUTE, 1)), T_UPDATED, k, 0, 0, {
        employees: roundEstimate(Math.min(20000, Math.max(1, employees * rng.logNormal(1, 0.8)))),
      });
    }
    // score changes: some non-qualified leads engage and qualify later; some drift
    let rescoredAt = -1;
    if (source !== "demo" && score < 60 && rng.chance(0.09)) {
      rescoredAt = t0 + rng.logNormal(4 * DAY, 0.9);
      push(rescoredAt, T_UPDATED, k, 0, 0, { score: 60 + rng.int(36) });
    } else if (rng.chance(0.06)) {
      const delta = (rng.chance(0.5) ? 1 : -1) * (3 + rng.int(10));
      push(t0 + rng.logNormal(7 * DAY, 0.8), T_UPDATED, k, 0, 0, { score: clampScore(score + delta) });
    }

    // waiting on the customer before anyone touches the lead (paused clocks)
    let waitFrom = Infinity,
      waitUntil = -Infinity;
    if (rng.chance(model.waiting)) {
      waitFrom = tAssigned + Math.max(MINUTE, rng.logNormal(25 * MINUTE, 1));
      waitUntil = waitFrom + rng.logNormal(2 * DAY, 0.7);
    }

    const speed = owner.speed / o.responsiveness;
    const neverTouched = rng.chance(model.neverTouched * (score < 30 ? 1.4 : 1));
    // first touch
    let tFirst: number;
    const offHours = !cal.isOpen(tAssigned);
    if (source === "demo" && offHours && rng.chance(0.3)) {
      tFirst = tAssigned + Math.max(20 * SECOND, rng.logNormal(6 * MINUTE, 0.8) * speed); // on call
    } else {
      const [, median, sigma] = model.firstTouch[rng.weighted(model.firstTouchWeights, 1)];
      let minutes = rng.logNormal(median, sigma) * (score >= 80 ? 0.6 : score < 30 ? 1.5 : 1);
      if (offHours) minutes += rng.logNormal(30, 0.9); // the overnight backlog
      tFirst = Math.max(tAssigned + 20 * SECOND, cal.add(tAssigned, minutes * speed * MINUTE));
    }
    if (tFirst >= waitFrom && waitFrom < endMs) {
      tFirst = Math.max(tFirst, cal.add(waitUntil, rng.logNormal(45, 1) * speed * MINUTE));
    }
    const waited = waitFrom < tFirst;
    if (waited) {
      push(waitFrom, T_UPDATED, k, 0, 0, { status: "waiting on customer" });
      push(waitUntil, T_UPDATED, k, 0, 0, { status: "working" });
    }

    if (neverTouched) {
      // nobody looks at it... unless it qualifies later
      if (!(rescoredAt > 0 && rng.chance(0.8))) return;
      tFirst = Math.max(rescoredAt + MINUTE, cal.add(rescoredAt, rng.logNormal(180, 1.1) * speed * MINUTE));
      rescoredAt = -1;
    }

    // touch times: the first, then a follow-up sequence spread over the span
    let count: number;
    if (rng.chance(model.sequence)) count = 8 + Math.min(6, Math.floor(rng.exponential(1.2)));
    else count = 1 + Math.min(9, rng.poisson(model.touchLambda));
    count = 1 + Math.round((count - 1) * o.followUp);
    const span = rng.logNormal(model.spanDays * DAY, source === "demo" ? 0.35 : 0.5);
    const times: number[] = [tFirst];
    if (count > 1) {
      const gaps: number[] = [];
      let total = 0;
      for (let i = 0; i < count; i++) {
        const g = rng.exponential(1);
        gaps.push(g);
        total += g;
      }
      let acc = 0;
      for (let i = 0; i < count - 1; i++) {
        acc += gaps[i];
        times.push(workTime(tFirst + span * (acc / total)));
      }
    }
    if (rescoredAt > 0 && rng.chance(0.8)) {
      times.push(Math.max(rescoredAt + MINUTE, cal.add(rescoredAt, rng.logNormal(180, 1.1) * speed * MINUTE)));
    }
    sortNumbers(times);

    // an occasional manual reassignment in the middle of the sequence
    const reassignAt = times.length >= 3 && rng.chance(0.03) ? 1 + rng.int(times.length - 1) : -1;
    let last = tAssigned;
    for (let i = 0; i < times.length; i++) {
      let t = Math.max(times[i], last + MINUTE);
      if (i === reassignAt) {
        const prevOwner = owner;
        owner = pickRep(t);
        if (owner === prevOwner) owner = reps[(reps.indexOf(owner) + 1) % reps.length];
        const tr = Math.max(last + SECOND, t - rng.logNormal(2 * HOUR, 1));
        push(tr, T_ASSIGNED, k, owner.index);
        t = Math.max(t, tr + MINUTE);
      }
      let by = owner;
      if (isAway(owner, t)) {
        const cover = rng.chance(0.5) ? pickAvailable(t) : undefined;
        if (cover) by = cover;
        else t = workTime(awayUntil(owner, t) + rng.logNormal(2 * HOUR, 1));
      }
      const w = i === 0 ? model.firstChannel : FOLLOW_UP_CHANNEL;
      push(t, T_TOUCH, k, by.index, rng.weighted(w, 1));
      if (i === 0 && !waited && rng.chance(0.85)) {
        push(t + Math.max(SECOND, rng.logNormal(30 * SECOND, 0.8)), T_UPDATED, k, 0, 0, { status: "working" });
      }
      last = t;
    }

    // waiting on the customer later on (no effect on touches already planned)
    if (times.length >= 2 && rng.chance(0.06)) {
      const a = times[0] + rng.between(0.2, 0.8) * (times[times.length - 1] - times[0]);
      push(a, T_UPDATED, k, 0, 0, { status: "waiting on customer" });
      if (rng.chance(0.7)) push(a + rng.logNormal(3 * DAY, 0.6), T_UPDATED, k, 0, 0, { status: "working" });
    }

    // demos
    if (rng.chance(model.bookDemo * (EXECUTIVE.has(title) ? 1.25 : 1))) {
      let t = cal.add(tFirst, rng.logNormal(900, 0.8) * MINUTE);
      for (let attempt = 0; attempt < 3; attempt++) {
        t = onHalfHour(t);
        push(t, T_DEMO_STARTED, k);
        const r = rng.next();
        let noshow = false;
        if (r < 0.8) {
          noshow = rng.chance(0.22);
          push(t + Math.max(MINUTE, rng.logNormal(8 * MINUTE, 0.35)), noshow ? T_NOSHOW : T_DEMO_HELD, k);
        } else if (r < 0.9) {
          noshow = rng.chance(0.3);
          push(t + rng.logNormal(45 * MINUTE, 0.6), noshow ? T_NOSHOW : T_DEMO_HELD, k);
        }
        if (!noshow || !rng.chance(0.35)) break;
        t = cal.add(t, rng.logNormal(1200, 0.5) * MINUTE); // rescheduled
      }
    }
  }

  // Smooth weighted round robin over reps not away at t, with a little randomness.
  function available(t: number): Rep[] {
    availBuf.length = 0;
    for (const r of reps) if (r.away.length === 0 || !isAway(r, t)) availBuf.push(r);
    return availBuf;
  }
  function pickRep(t: number): Rep {
    let avail = available(t);
    if (avail.length === 0) avail = reps;
    if (rng.chance(0.12)) return avail[rng.int(avail.length)];
    let total = 0;
    let best = avail[0];
    for (const r of avail) {
      r.current += r.weight;
      total += r.weight;
      if (r.current > best.current) best = r;
    }
    best.current -= total;
    return best;
  }
  function pickAvailable(t: number): Rep | undefined {
    const avail = available(t);
    return avail.length ? avail[rng.int(avail.length)] : undefined;
  }
  // A follow-up time: kept when in working hours (or, sometimes, a reasonable evening);
  // otherwise moved to the next opening plus a little.
  function workTime(t: number): number {
    if (cal.isOpen(t)) return t;
    const h = cal.localHour(t);
    if (h >= 7 && h < 22 && rng.chance(0.05)) return t;
    return cal.add(t, rng.logNormal(40, 0.9) * MINUTE);
  }
  // Meetings start on the hour or half hour, during working time.
  function onHalfHour(t: number): number {
    const w = zone.wallOf(t);
    const rounded = Math.ceil(w / (30 * MINUTE)) * 30 * MINUTE;
    const u = zone.utcOf(rounded);
    return cal.isOpen(u) ? u : cal.nextOpen(u);
  }
}

/** In-place ascending sort for short, nearly sorted arrays (cheaper than Array#sort with a comparator). */
function sortNumbers(a: number[]): void {
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

function roundEstimate(n: number): number {
  if (n < 100) return Math.round(n);
  if (n < 1000) return Math.round(n / 10) * 10;
  return Math.round(n / 100) * 100;
}

function clampScore(x: number): number {
  return Math.max(0, Math.min(100, Math.round(x)));
}
