// Windows (`within 5m`, `within 24 business hours on emea`): a known unit, a
// length between one second and the longest window, business time on a
// declared calendar.
//
// The longest window is MAX_WINDOW_DAYS (about five years): of calendar time,
// or, in business time, five years of the calendar's open time (on
// mon-fri 09:00-17:30 about 11,090 business hours). A replay walks a business
// clock's calendar until the window is used up, so this also bounds its work.
import type * as A from "../ast.ts";
import { typicalOpenDayMinutes, weeklyOpenMinutes } from "../open-hours.ts";
import { UNIT_MINUTES, WINDOW_UNIT_WORDS, windowUnit } from "../vocabulary.ts";
import type { CheckContext } from "./context.ts";

export const MAX_WINDOW_DAYS = 1830;
const MAX_WINDOW_MS = MAX_WINDOW_DAYS * 86_400_000;

export function checkWindow(cx: CheckContext, w: A.WindowExpr): void {
  if (w.duration) {
    if (!(w.duration.ms > 0)) cx.report("SLA423", w.range, "the window must be longer than zero");
    else if (w.duration.ms < 1000)
      cx.report(
        "SLA423",
        w.range,
        "the window is shorter than a second",
        "windows are counted to the second or coarser",
      );
    else if (!(w.duration.ms <= MAX_WINDOW_MS)) tooLong(cx, w);
    return;
  }
  if (!w.unit || !w.amount) return;
  const unit = windowUnit(w.unit.name);
  if (!unit) {
    cx.reportUnknown(
      "SLA428",
      w.unit.range,
      `unknown time unit '${w.unit.name}'`,
      cx.suggest("units", w.unit.name, () => WINDOW_UNIT_WORDS),
      "units are minutes, hours, days, weeks",
    );
    return;
  }
  const minutes = w.amount.value * UNIT_MINUTES[unit];
  if (!(w.amount.value > 0)) cx.report("SLA423", w.range, "the window must be longer than zero");
  else if (minutes * 60_000 < 1000)
    cx.report("SLA423", w.range, "the window is shorter than a second", "windows are counted to the second or coarser");
  else if (!w.business && !(minutes * 60_000 <= MAX_WINDOW_MS)) tooLong(cx, w);
  if (!w.business) {
    if (w.calendar)
      cx.report(
        "SLA424",
        w.calendar.range,
        `'on ${w.calendar.name}' needs business time`,
        `write: ${w.amount.text} business ${w.unit.name} on ${w.calendar.name}`,
      );
    return;
  }
  if (unit === "week") cx.report("SLA428", w.unit.range, "business time is counted in minutes, hours or days");
  const calName = w.calendar?.name ?? "business";
  const cal = cx.m.calendars.get(calName);
  if (!cal) {
    if (w.calendar)
      cx.reportUnknown(
        "SLA205",
        w.calendar.range,
        `unknown calendar '${calName}'`,
        cx.suggest("calendars", calName, () => cx.m.calendars.keys()),
        undefined,
      );
    else
      cx.report(
        "SLA424",
        w.range,
        "business time needs a calendar named 'business'",
        cx.m.calendars.size
          ? `name one: ... on ${cx.m.calendars.keys().next().value}`
          : "add: calendar business { open mon-fri 09:00-17:30 }",
      );
    return;
  }
  if (unit === "week" || !(w.amount.value > 0)) return;
  const weekly = weeklyOpenMinutes(cal);
  if (weekly === 0) return; // no open hours: reported with the calendar
  const open = w.amount.value * (unit === "day" ? typicalOpenDayMinutes(cal) : UNIT_MINUTES[unit]);
  const max = Math.floor((weekly * MAX_WINDOW_DAYS) / 7);
  if (!(open <= max))
    cx.report(
      "SLA423",
      w.range,
      `the window is longer than ${MAX_WINDOW_DAYS.toLocaleString("en-US")} days (about 5 years) of calendar '${calName}''s open time`,
      `business windows on '${calName}' are at most ${Math.floor(max / 60).toLocaleString("en-US")} business hours`,
    );
}

function tooLong(cx: CheckContext, w: A.WindowExpr): void {
  cx.report(
    "SLA423",
    w.range,
    `the window is longer than ${MAX_WINDOW_DAYS.toLocaleString("en-US")} days (about 5 years)`,
    "windows are at most 5 years long",
  );
}
