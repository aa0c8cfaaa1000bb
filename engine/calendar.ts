// Business time: how much of a span is "open" on a calendar, and where a
// window of N open milliseconds ends. This is the engine's hot path, so the
// time-zone database (Intl) is only used to build a cache; queries are binary
// searches + arithmetic.
//
// Semantics: an instant is open when its local wall-clock reading (in the
// calendar's zone) falls inside an open rule for its local weekday, on a local
// date that is not `closed`. Consequences on daylight-saving days:
//  - spring forward: wall times that do not exist are simply not open
//    (01:00-04:00 in New York on 2027-03-14 is 2 hours of open time);
//  - fall back: a wall-clock hour that occurs twice is open both times
//    (01:00-04:00 in New York on 2027-11-07 is 4 hours of open time).
// This is exactly "count the minutes whose wall clock says open", so it needs
// no rule for ambiguous local times (luxon's guess for those even varies with
// the current date). Offsets come straight from Intl; no Node-only APIs.

import type { IRCalendar } from "../language/ir.ts";

export const MINUTE = 60_000;
export const DAY = 86_400_000;

/** A clock that measures time on a calendar. All instants are epoch milliseconds (UTC). */
export interface WorkClock {
  /** Milliseconds of open time in [a, b). 0 when b <= a. */
  elapsed(a: number, b: number): number;
  /** The EARLIEST instant t >= a with elapsed(a, t) === ms. advance(a, 0) === a. (So a window that
   *  runs out exactly at closing time ends at closing time, not at next opening.) */
  advance(a: number, ms: number): number;
  /** true when t is inside open time (intervals are [open, close)). */
  isOpen(t: number): boolean;
}

/** Calendar (wall-clock) time: elapsed = b - a, advance = a + ms. */
export const CALENDAR_TIME: WorkClock = Object.freeze({
  elapsed: (a: number, b: number) => (b > a ? b - a : 0),
  advance: (a: number, ms: number) => a + ms,
  isOpen: (_t: number) => true,
});

/** A calendar with no open hours at all. */
const NEVER_OPEN: WorkClock = Object.freeze({
  elapsed: () => 0,
  advance: (a: number, ms: number) => (ms > 0 ? Infinity : a),
  isOpen: () => false,
});

// ---------------------------------------------------------------------------
// Zones

/** Offset sampling step. Two transitions closer together than this could be
 *  missed; tzdb has none in 1970..2100. */
const SAMPLE = 6 * 3_600_000;
/** Zone offsets and calendar intervals are cached per fixed UTC chunk of this length. */
const CHUNK = 28 * DAY;

interface Pieces {
  /** Piece i is [at[i], at[i + 1]) (the last one runs to the end of the range) with offset off[i] ms. */
  at: number[];
  off: number[];
}

/** UTC offsets of one IANA zone, read from Intl (a few microseconds a call). Only used to fill
 *  a per-chunk cache of offset transitions shared by every calendar and period table in the zone. */
export class ZoneTable {
  readonly name: string;
  private readonly dtf: Intl.DateTimeFormat;
  private readonly chunks = new Map<number, Pieces>();

  constructor(name: string) {
    let dtf: Intl.DateTimeFormat;
    try {
      // en-US numeric, 24h: "1/15/2027, 09:05:00". format() is several times faster than formatToParts().
      dtf = new Intl.DateTimeFormat("en-US", {
        timeZone: name,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new RangeError(`unknown time zone "${name}"`);
    }
    this.name = name;
    this.dtf = dtf;
  }

  /** Offset (local - UTC) at instant t, in ms. Offsets change on whole seconds. */
  offsetMs(t: number): number {
    const sec = Math.floor(t / 1000) * 1000;
    const m = Number.isFinite(sec) ? /(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)/.exec(this.dtf.format(sec)) : null;
    if (!m) throw new RangeError(`instant ${t} is out of range`);
    // Some engines print midnight as 24 even with h23.
    return Date.UTC(+m[3], +m[1] - 1, +m[2], +m[4] % 24, +m[5], +m[6]) - sec;
  }

  /** Offset at instant t in ms, from the cache (no Intl call once t's chunk is known). */
  offsetAt(t: number): number {
    const p = this.chunkPieces(Math.floor(t / CHUNK));
    let i = p.at.length - 1;
    while (i > 0 && p.at[i] > t) i--;
    return p.off[i];
  }

  /** Split [s, e) into pieces of constant offset. Transitions are exact to the millisecond. */
  pieces(s: number, e: number): Pieces {
    const at: number[] = [];
    const off: number[] = [];
    for (let k = Math.floor(s / CHUNK); k * CHUNK < e; k++) {
      const p = this.chunkPieces(k);
      for (let i = 0; i < p.at.length; i++) {
        const pieceEnd = i + 1 < p.at.length ? p.at[i + 1] : (k + 1) * CHUNK;
        if (pieceEnd <= s || p.at[i] >= e || off[off.length - 1] === p.off[i]) continue;
        at.push(Math.max(p.at[i], s));
        off.push(p.off[i]);
      }
    }
    return { at, off };
  }

  private chunkPieces(k: number): Pieces {
    let p = this.chunks.get(k);
    if (!p) this.chunks.set(k, (p = this.scan(k * CHUNK, (k + 1) * CHUNK)));
    return p;
  }

  /** Sample offsets every SAMPLE ms over [s, e) and binary-search each change. */
  private scan(s: number, e: number): Pieces {
    const at = [s];
    const off = [this.offsetMs(s)];
    let prevT = s;
    for (let t = Math.min(s + SAMPLE, e - 1); prevT < e - 1; t = Math.min(t + SAMPLE, e - 1)) {
      const o = this.offsetMs(t);
      // Loop: several transitions may hide between two samples.
      while (o !== off[off.length - 1]) {
        // Offsets are constant within a whole second (tzdb and Intl have second resolution),
        // so search over seconds: lo keeps the old offset, hi has a new one.
        const prevO = off[off.length - 1];
        let lo = Math.floor(prevT / 1000);
        let hi = Math.floor(t / 1000);
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.offsetMs(mid * 1000) === prevO) lo = mid;
          else hi = mid;
        }
        prevT = hi * 1000;
        at.push(prevT);
        off.push(this.offsetMs(prevT));
      }
      prevT = t;
    }
    return { at, off };
  }

  /** The earliest instant whose wall-clock reading is >= `wall` (wall-clock ms, i.e. local time
   *  written as if it were UTC). For a wall time inside a spring-forward gap this is the
   *  transition instant; for one that occurs twice, the first occurrence. */
  fromWall(wall: number): number {
    // Offsets are within +-1 day, so the answer lies in [wall - DAY, wall + DAY).
    const end = wall + DAY;
    const { at, off } = this.pieces(wall - DAY, end);
    for (let i = 0; i < at.length; i++) {
      const pieceEnd = i + 1 < at.length ? at[i + 1] : end;
      const t = Math.max(at[i], wall - off[i]);
      if (t < pieceEnd) return t;
    }
    return wall - this.offsetMs(wall); // unreachable for real zones
  }
}

const zones = new Map<string, ZoneTable>();

/** Shared, cached ZoneTable for an IANA zone name. Throws RangeError for unknown zones. */
export function zoneTable(name: string): ZoneTable {
  let z = zones.get(name);
  if (!z) {
    z = new ZoneTable(name);
    zones.set(name, z);
  }
  return z;
}

/** ISO weekday (1 = Monday .. 7 = Sunday) of day number n (days since 1970-01-01, a Thursday). */
export function isoWeekday(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** Day number (days since 1970-01-01) of an ISO date "yyyy-mm-dd". */
export function dayNumber(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const n = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY : NaN;
  if (!m || new Date(n * DAY).toISOString().slice(0, 10) !== iso) {
    throw new RangeError(`bad date "${iso}" (want yyyy-mm-dd)`);
  }
  return n;
}

// ---------------------------------------------------------------------------
// Calendars

// Open intervals are cached per CHUNK too. Intervals that cross a chunk boundary are split
// there, which changes no answer.
/** advance() gives up (Infinity) after this much consecutive time with no open time. */
const MAX_IDLE = 3653 * DAY;

interface Chunk {
  /** Sorted, disjoint, non-touching open intervals [starts[i], ends[i]). */
  starts: Float64Array;
  ends: Float64Array;
  /** cumEnd[i]: open ms in the chunk up to ends[i]. */
  cumEnd: Float64Array;
  total: number;
}

/** Per ISO weekday (index 1..7): merged open ranges as a flat [from, to, from, to, ...] in minutes. */
function weeklyRanges(open: IRCalendar["open"]): number[][] {
  const week: number[][] = [[], [], [], [], [], [], [], []];
  const byDay: [number, number][][] = [[], [], [], [], [], [], [], []];
  for (const r of open) {
    if (!Number.isInteger(r.day) || r.day < 1 || r.day > 7) throw new RangeError(`bad weekday ${r.day}`);
    if (!(r.from >= 0 && r.from < r.to && r.to <= 1440)) {
      throw new RangeError(`bad open hours ${r.from}-${r.to} (minutes; need 0 <= from < to <= 1440)`);
    }
    byDay[r.day].push([r.from, r.to]);
  }
  for (let d = 1; d <= 7; d++) {
    const out = week[d];
    for (const [from, to] of byDay[d].sort((x, y) => x[0] - y[0])) {
      if (out.length > 0 && from <= out[out.length - 1]) out[out.length - 1] = Math.max(out[out.length - 1], to);
      else out.push(from, to);
    }
  }
  return week;
}

/** Compile a calendar in an IANA zone. Weekly open hours are local wall-clock times in `zone`
 *  (day 1 = Monday .. 7 = Sunday; from/to minutes after local midnight, from < to);
 *  `closed` dates (yyyy-mm-dd, local) have no open time at all. Several open rules may apply
 *  to the same day (e.g. 09:00-12:00 and 13:00-17:00); overlapping ones merge. */
export function compileCalendar(cal: IRCalendar, zone: string): WorkClock {
  const tz = zoneTable(zone);
  const week = weeklyRanges(cal.open);
  const closed = new Set(cal.closed.map(dayNumber));
  if (week.every((r) => r.length === 0)) return NEVER_OPEN;

  function build(k: number): Chunk {
    const S = k * CHUNK;
    const E = S + CHUNK;
    const { at, off } = tz.pieces(S, E);
    const st: number[] = [];
    const en: number[] = [];
    for (let i = 0; i < at.length; i++) {
      // Within a piece the offset o is constant, so wall time w maps to instant w - o.
      const p0 = at[i];
      const p1 = i + 1 < at.length ? at[i + 1] : E;
      const o = off[i];
      for (let n = Math.floor((p0 + o) / DAY); n * DAY < p1 + o; n++) {
        if (closed.has(n)) continue;
        const r = week[isoWeekday(n)];
        for (let x = 0; x < r.length; x += 2) {
          const s = Math.max(n * DAY + r[x] * MINUTE - o, p0);
          const e = Math.min(n * DAY + r[x + 1] * MINUTE - o, p1);
          if (e <= s) continue;
          const last = en.length - 1;
          if (last >= 0 && s <= en[last]) en[last] = Math.max(en[last], e);
          else {
            st.push(s);
            en.push(e);
          }
        }
      }
    }
    const cumEnd = new Float64Array(st.length);
    let sum = 0;
    for (let i = 0; i < st.length; i++) cumEnd[i] = sum += en[i] - st[i];
    return { starts: Float64Array.from(st), ends: Float64Array.from(en), cumEnd, total: sum };
  }

  const cache = new Map<number, Chunk>();
  let lastK = NaN;
  let lastC: Chunk | undefined;
  function chunk(k: number): Chunk {
    if (k === lastK) return lastC!;
    let c = cache.get(k);
    if (!c) cache.set(k, (c = build(k)));
    lastK = k;
    lastC = c;
    return c;
  }

  /** Number of intervals in c starting at or before t. */
  function countStarted(c: Chunk, t: number): number {
    const s = c.starts;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Open ms in chunk c before instant t (t inside the chunk). */
  function openBefore(c: Chunk, t: number): number {
    const j = countStarted(c, t) - 1;
    if (j < 0) return 0;
    const e = c.ends[j];
    return t >= e ? c.cumEnd[j] : c.cumEnd[j] - (e - t);
  }

  function elapsed(a: number, b: number): number {
    if (!(b > a)) return 0;
    // Weekly hours recur forever and holidays are finite: unbounded spans have unbounded open time.
    if (b === Infinity || a === -Infinity) return Infinity;
    const ka = Math.floor(a / CHUNK);
    const kb = Math.floor(b / CHUNK);
    const ca = chunk(ka);
    if (ka === kb) return openBefore(ca, b) - openBefore(ca, a);
    let sum = ca.total - openBefore(ca, a);
    for (let k = ka + 1; k < kb; k++) sum += chunk(k).total;
    return sum + openBefore(chunk(kb), b);
  }

  function advance(a: number, ms: number): number {
    if (!(ms > 0)) return Number.isNaN(ms) ? NaN : a;
    if (ms === Infinity || a === Infinity) return Infinity;
    let k = Math.floor(a / CHUNK);
    let c = chunk(k);
    // `target`: open ms to consume, counted from the start of chunk c.
    let target = openBefore(c, a) + ms;
    let idle = 0;
    while (target > c.total) {
      target -= c.total;
      idle = c.total > 0 ? 0 : idle + CHUNK;
      if (idle > MAX_IDLE) return Infinity;
      c = chunk(++k);
    }
    // First interval whose cumulative end reaches target; the answer lies inside it (or at its end).
    const cum = c.cumEnd;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] >= target) hi = mid;
      else lo = mid + 1;
    }
    return c.ends[lo] - (cum[lo] - target);
  }

  function isOpen(t: number): boolean {
    if (!Number.isFinite(t)) return false;
    const c = chunk(Math.floor(t / CHUNK));
    const j = countStarted(c, t) - 1;
    return j >= 0 && t < c.ends[j];
  }

  return { elapsed, advance, isOpen };
}
