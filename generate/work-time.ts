// The reps' working time, on the engine's own zone table and business
// calendar (engine/calendar.ts): Mon-Fri [open, close) local, minus holidays.
import {
  compileCalendar,
  DAY,
  dayNumber,
  isoWeekday,
  MINUTE,
  type WorkClock,
  type ZoneTable,
} from "../engine/calendar.ts";

export { DAY, MINUTE };
export const SECOND = 1000;
export const HOUR = 60 * MINUTE;

export class WorkTime {
  private readonly clock: WorkClock;
  private readonly holidays: Set<number>;

  constructor(
    readonly zone: ZoneTable,
    openMinute: number,
    closeMinute: number,
    holidays: readonly string[],
  ) {
    const open = [1, 2, 3, 4, 5].map((day) => ({ day, from: openMinute, to: closeMinute }));
    this.clock = compileCalendar({ open, closed: [...holidays] }, zone.name);
    this.holidays = new Set(holidays.map(dayNumber));
  }

  /** Local wall-clock reading of an instant, as epoch ms of that reading taken as UTC. */
  wallOf(utc: number): number {
    return utc + this.zone.offsetAt(utc);
  }
  /** The first instant whose wall-clock reading is `wall` (in a spring-forward gap: the change). */
  utcOf(wall: number): number {
    return this.zone.fromWall(wall);
  }
  /** Whether local day number `day` (days since 1970-01-01) is a working day. */
  isWorkDay(day: number): boolean {
    return isoWeekday(day) <= 5 && !this.holidays.has(day);
  }
  isOpen(utc: number): boolean {
    return this.clock.isOpen(utc);
  }
  /** The first open instant at or after `utc` (instants are whole ms, so the opening is one ms
   *  before the end of the first open millisecond). */
  nextOpen(utc: number): number {
    return this.clock.isOpen(utc) ? utc : this.clock.advance(utc, 1) - 1;
  }
  /** `utc` advanced by `ms` of working time (starting at the next opening when closed). */
  add(utc: number, ms: number): number {
    return this.clock.advance(utc, ms);
  }
  /** The local wall-clock hour (0-23) of an instant. */
  localHour(utc: number): number {
    const w = this.wallOf(utc);
    return Math.floor((w - Math.floor(w / DAY) * DAY) / HOUR);
  }
}
