// Calendars: day names and ranges, open hours, holidays.
import type * as A from "../ast.ts";
import { countryCodes, HOLIDAY_YEARS_AFTER, HOLIDAY_YEARS_BEFORE, parseRegion } from "../holidays.ts";
import { DAY_WORDS, dayNumbers } from "../vocabulary.ts";
import type { CheckContext } from "./context.ts";
import { isValidDate } from "./header.ts";

export function checkCalendars(cx: CheckContext): void {
  for (const cal of cx.m.calendars.values()) {
    let open = 0;
    const holidays = new Set<string>();
    for (const r of cal.rules) {
      if (r.kind === "Open") {
        let daysOk = true;
        for (const d of r.days) {
          for (const id of [d.from, d.to]) {
            if (id && !dayNumbers(id.name)) {
              daysOk = false;
              cx.reportUnknown(
                "SLA432",
                id.range,
                `unknown day '${id.name}'`,
                cx.suggest("days", id.name, () => DAY_WORDS),
                "days are mon, tue, wed, thu, fri, sat, sun (or weekdays, weekends, daily)",
              );
            }
          }
          if (
            d.to &&
            daysOk &&
            ((dayNumbers(d.from.name)?.length ?? 0) > 1 || (dayNumbers(d.to.name)?.length ?? 0) > 1)
          ) {
            cx.report("SLA432", d.range, `a day range goes from one day to another, like mon-fri`);
            daysOk = false;
          }
        }
        for (const h of r.hours) {
          let ok = true;
          for (const t of [h.from, h.to]) {
            const [hh, mm] = t.text.split(":").map(Number);
            if (hh > 24 || mm > 59 || (hh === 24 && mm > 0)) {
              cx.report("SLA004", t.range, `'${t.text}' is not a valid time of day`, "times run from 00:00 to 24:00");
              ok = false;
            }
          }
          if (ok && h.to.minutes <= h.from.minutes) {
            cx.report(
              "SLA433",
              h.range,
              `open hours ${h.from.text}-${h.to.text} end before they start`,
              "overnight hours are written as two rules, e.g. 22:00-24:00 and 00:00-06:00 on the next day",
            );
            ok = false;
          }
          if (ok && daysOk) open++;
        }
      } else {
        checkHolidayRegions(cx, r, holidays);
        for (const d of r.dates) {
          for (const x of [d.from, d.to])
            if (x && !isValidDate(x.value)) cx.report("SLA004", x.range, `'${x.value}' is not a valid date`);
          if (d.to && d.to.value < d.from.value) cx.report("SLA433", d.range, `holiday range ends before it starts`);
          const key = d.from.value + (d.to ? ".." + d.to.value : "");
          if (holidays.has(key)) cx.report("SLA434", d.range, `holiday ${key} is listed twice`);
          holidays.add(key);
        }
      }
    }
    const invalidOpen = cal.rules.some((r) => r.kind === "Open");
    if (open === 0 && !invalidOpen)
      cx.report(
        "SLA431",
        cal.name.range,
        `calendar '${cal.name.name}' has no open hours`,
        "add a rule like: open mon-fri 09:00-17:30",
      );
  }
}

/** `closed holidays "US"`: known regions, each once, and a year to expand around. */
function checkHolidayRegions(cx: CheckContext, r: A.ClosedRule, seen: Set<string>): void {
  if (r.holidays.length && cx.m.header.effective === null)
    cx.report(
      "SLA463",
      r.range,
      "'closed holidays' needs an 'effective' date",
      `holidays are listed for the effective year -${HOLIDAY_YEARS_BEFORE} to +${HOLIDAY_YEARS_AFTER}; add a line like: effective 2027-01-01`,
    );
  for (const h of r.holidays) {
    const region = parseRegion(h.value);
    if ("problem" in region) {
      cx.reportUnknown(
        "SLA209",
        h.range,
        `${region.problem} in "${h.value}"`,
        region.suggestion,
        `regions are country codes like "US", "DE", "GB", or country-state codes like "US-CA" (${countryCodes().length} countries)`,
        "string",
      );
      continue;
    }
    const key = `holidays ${h.value}`;
    if (seen.has(key)) cx.report("SLA434", h.range, `holidays of "${h.value}" are listed twice`);
    seen.add(key);
  }
}
