// A calendar statement's open hours and closed dates, as the IR states them,
// and the two measures of its open time the language uses: the length of a
// typical open day ("2 business days") and the open minutes in a week (the
// longest business window allowed). Only called on checked calendars.
import { expandHolidays, holidayYears, parseRegion } from "./holidays.ts";
import type * as A from "./ast.ts";
import type * as IR from "./ir.ts";
import { dayNumbers } from "./vocabulary.ts";

/** Open intervals by ISO weekday (1 = Monday), sorted. */
export function openHours(c: A.CalendarStmt): IR.IRCalendar["open"] {
  const open: IR.IRCalendar["open"] = [];
  for (const r of c.rules) {
    if (r.kind !== "Open") continue;
    const days = new Set<number>();
    for (const d of r.days) {
      const from = dayNumbers(d.from.name);
      if (!from) continue; // unknown day: reported by the checker
      if (!d.to)
        from.forEach((x) => {
          days.add(x);
        });
      else {
        // mon-fri; a wrapping range like fri-mon covers fri, sat, sun, mon.
        const a = from[0];
        const b = dayNumbers(d.to.name)?.[0];
        if (b === undefined) continue;
        for (let x = a, n = 0; n < 7; x = (x % 7) + 1, n++) {
          days.add(x);
          if (x === b) break;
        }
      }
    }
    for (const day of [...days].sort())
      for (const h of r.hours)
        if (h.to.minutes > h.from.minutes) open.push({ day, from: h.from.minutes, to: h.to.minutes });
  }
  open.sort((a, b) => a.day - b.day || a.from - b.from || a.to - b.to);
  return open;
}

/** `effective`: the agreement's effective date, around which `closed holidays` is expanded (checked: set when a rule names holidays). */
export function compileCalendar(c: A.CalendarStmt, effective: string | null = null): IR.IRCalendar {
  const closed = new Set<string>();
  const holidays: IR.IRHolidays[] = [];
  for (const r of c.rules) {
    if (r.kind !== "Closed") continue;
    for (const d of r.dates) {
      if (!d.to) closed.add(d.from.value);
      else for (let day = d.from.value; day <= d.to.value; day = nextDate(day)) closed.add(day);
    }
    for (const h of r.holidays) {
      const region = parseRegion(h.value);
      if ("problem" in region || effective === null || holidays.some((x) => x.region === h.value)) continue;
      const { from, to } = holidayYears(effective);
      const dates = expandHolidays(region, from, to);
      for (const d of dates) closed.add(d.date);
      holidays.push({ region: h.value, from, to, dates: dates.map((d) => ({ date: d.date, name: d.name })) });
    }
  }
  const cal: IR.IRCalendar = { open: openHours(c), closed: [...closed].sort() };
  if (holidays.length) cal.holidays = holidays;
  return cal;
}

export function nextDate(iso: string): string {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * A business day is the calendar's usual open day (its most common daily
 * open length), so "2 business days" on 09:00-17:30 is 17 open hours.
 */
export function typicalOpenDayMinutes(c: A.CalendarStmt): number {
  const perDay = new Map<number, number>();
  for (const o of openHours(c)) perDay.set(o.day, (perDay.get(o.day) ?? 0) + (o.to - o.from));
  const counts = new Map<number, number>();
  for (const v of perDay.values()) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [v, n] of counts) if (n > bestCount || (n === bestCount && v > best)) [best, bestCount] = [v, n];
  return best || 1440;
}

/** Open minutes in a week (overlapping rules counted once). */
export function weeklyOpenMinutes(c: A.CalendarStmt): number {
  let total = 0;
  let day = 0;
  let reach = 0;
  for (const o of openHours(c)) {
    if (o.day !== day) [day, reach] = [o.day, 0];
    if (o.to > reach) {
      total += o.to - Math.max(o.from, reach);
      reach = o.to;
    }
  }
  return total;
}
