// Plain-text lines the renderers share for two parts of a report: the holiday
// dates the calendars took from `closed holidays "US"`, and the warnings that
// fired actions (`warn at 80% notify "..."`). Each renderer escapes and styles
// them for its format.
import type { SimReport } from "../result.ts";
import { describeActions, formatInt, formatTime } from "./format.ts";

/** One line per region: `"US" on business: 3 in the data (2027-01-01 New Year's Day, ...)`. */
export function holidayLines(r: SimReport, max = 12): string[] {
  return (r.holidays ?? []).map((h) => {
    const shown = h.dates.slice(0, max).map((d) => `${d.date} ${d.name}`);
    if (h.dates.length > max) shown.push(`and ${formatInt(h.dates.length - max)} more`);
    const listed = h.dates.length ? `: ${shown.join(", ")}` : "";
    const outside = h.outside ? `; the data runs outside ${h.from}-${h.to}, the years listed: no holidays there` : "";
    return `${JSON.stringify(h.region)} on ${h.calendar}: ${formatInt(h.dates.length)} in the data${listed}${outside}`;
  });
}

/** The warnings that fired actions, first `max`: `L1  respond hot  at 2027-01-04 09:08  notify "...", escalate to maria`. */
export function warningActionLines(r: SimReport, max = 10): string[] {
  const fired = r.warnings.filter((w) => w.actions?.length);
  const lines = fired
    .slice(0, max)
    .map((w) => `${w.lead}  ${w.name}  at ${formatTime(w.at, r.timezone)}  ${describeActions(w.actions ?? [])}`);
  if (fired.length > max) lines.push(`… and ${formatInt(fired.length - max)} more (use --format json for all)`);
  return lines;
}
