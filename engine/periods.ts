// Calendar periods (month, quarter, year) in a time zone. periodKey runs once
// per event, so month boundaries are cached per zone; a lookup is a range check
// against the last hit, else a cached offset lookup and two cached boundaries.
//
// A month starts at the earliest instant whose local wall clock reads >= 00:00
// on its 1st (the transition instant if midnight falls in a spring-forward gap).

import type { Period } from "../language/ir.ts";
import { type ZoneTable, zoneTable } from "./calendar.ts";

export type { Period };

const DAY = 86_400_000;

/** Months are numbered y * 12 + (month - 1). */
const PERIOD_MONTHS: Record<Period, number> = { month: 1, quarter: 3, year: 12 };

class MonthTable {
  /** First instant of each month index computed so far. */
  private readonly starts = new Map<number, number>();
  private readonly keys = new Map<number, string>();
  /** The month of the last lookup, [hintLo, hintHi). Events arrive mostly in order, so this hits. */
  private hintLo = Infinity;
  private hintHi = -Infinity;
  private hintMi = 0;

  constructor(private readonly tz: ZoneTable) {}

  /** Month index containing instant t. */
  indexOf(t: number): number {
    if (t >= this.hintLo && t < this.hintHi) return this.hintMi;
    if (!Number.isFinite(t)) throw new RangeError(`bad instant ${t}`);
    const local = new Date(t + this.tz.offsetAt(t));
    let mi = local.getUTCFullYear() * 12 + local.getUTCMonth();
    // The ranges are authoritative (they differ from the local date only if a clock change
    // crosses midnight backwards), so that periodKey and periodRange always agree.
    while (t < this.start(mi)) mi--;
    while (t >= this.start(mi + 1)) mi++;
    this.hintLo = this.start(mi);
    this.hintHi = this.start(mi + 1);
    this.hintMi = mi;
    return mi;
  }

  /** First instant of month index mi. */
  start(mi: number): number {
    let s = this.starts.get(mi);
    if (s === undefined) this.starts.set(mi, (s = this.monthStart(monthWall(mi))));
    return s;
  }

  /**
   * Most month starts are nowhere near a clock change: when the offset is the
   * same a day either side, local midnight is one subtraction away (two Intl
   * calls instead of scanning the zone's offsets around it, which made a
   * report spanning two centuries take seconds). Otherwise the exact search.
   */
  private monthStart(wall: number): number {
    const before = this.tz.offsetMs(wall - 2 * DAY);
    if (before === this.tz.offsetMs(wall + 2 * DAY) && before === this.tz.offsetMs(wall)) return wall - before;
    return this.tz.fromWall(wall);
  }

  /** Label of the period of `per` containing month index mi. */
  key(mi: number, per: Period): string {
    const id = mi * 4 + (per === "month" ? 0 : per === "quarter" ? 1 : 2);
    let k = this.keys.get(id);
    if (k === undefined) {
      const y = Math.floor(mi / 12);
      const m = mi - y * 12; // 0-based
      k =
        per === "month"
          ? `${y}-${String(m + 1).padStart(2, "0")}`
          : per === "quarter"
            ? `${y}-Q${Math.floor(m / 3) + 1}`
            : `${y}`;
      this.keys.set(id, k);
    }
    return k;
  }
}

/** Wall-clock ms of local midnight on the 1st of month index mi. */
function monthWall(mi: number): number {
  const y = Math.floor(mi / 12);
  return Date.UTC(y, mi - y * 12, 1);
}

const tables = new Map<string, MonthTable>();
let lastZone = "";
let lastTable: MonthTable | undefined;

function table(zone: string): MonthTable {
  if (zone === lastZone && lastTable) return lastTable;
  let t = tables.get(zone);
  if (!t) tables.set(zone, (t = new MonthTable(zoneTable(zone))));
  lastZone = zone;
  lastTable = t;
  return t;
}

function floorTo(mi: number, per: Period): number {
  const n = PERIOD_MONTHS[per];
  return mi - (((mi % n) + n) % n);
}

/** Label of the period containing instant t in zone: "2027-01", "2027-Q1", "2027". */
export function periodKey(t: number, per: Period, zone: string): string {
  const tab = table(zone);
  return tab.key(tab.indexOf(t), per);
}

/** The month key "yyyy-mm" of t in zone. */
export function monthKey(t: number, zone: string): string {
  return periodKey(t, "month", zone);
}

const KEY_PATTERNS: Record<Period, RegExp> = {
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  year: /^(\d{4})$/,
};

/** [start, end) epoch ms of the period with that label in zone. */
export function periodRange(key: string, per: Period, zone: string): [number, number] {
  const m = KEY_PATTERNS[per].exec(key);
  if (!m) throw new RangeError(`"${key}" is not a ${per} label`);
  const y = Number(m[1]);
  const first = y * 12 + (per === "month" ? Number(m[2]) - 1 : per === "quarter" ? (Number(m[2]) - 1) * 3 : 0);
  const tab = table(zone);
  return [tab.start(first), tab.start(first + PERIOD_MONTHS[per])];
}

/** All period labels from the one containing a to the one containing b (inclusive), in order.
 *  Empty when b < a. */
export function periodsBetween(a: number, b: number, per: Period, zone: string): string[] {
  if (b < a) return [];
  const tab = table(zone);
  const last = floorTo(tab.indexOf(b), per);
  const out: string[] = [];
  for (let mi = floorTo(tab.indexOf(a), per); mi <= last; mi += PERIOD_MONTHS[per]) out.push(tab.key(mi, per));
  return out;
}
