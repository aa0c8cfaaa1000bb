// The header: time zone and effective date.
import { IANAZone } from "luxon";
import type { CheckContext } from "./context.ts";

/** A real calendar date written yyyy-mm-dd (no luxon: the playground re-checks on every keystroke). */
export function isValidDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
}

// Building an Intl formatter to validate a zone costs ~0.5 ms; remember answers.
const zoneValidity = new Map<string, boolean>();
export function isValidZone(zone: string): boolean {
  let ok = zoneValidity.get(zone);
  if (ok === undefined) zoneValidity.set(zone, (ok = IANAZone.isValidZone(zone)));
  return ok;
}

export function checkHeader(cx: CheckContext): void {
  for (const s of cx.program.statements) {
    if (s.kind === "Timezone" && !isValidZone(s.zone.value)) {
      cx.reportUnknown(
        "SLA103",
        s.zone.range,
        `unknown time zone "${s.zone.value}"`,
        cx.suggest("zones", s.zone.value, () =>
          typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [],
        ),
        'use an IANA zone such as "America/New_York" or "Europe/Berlin"',
        "string",
      );
      cx.m.header.timezone = "UTC";
    }
    if (s.kind === "Effective" && !isValidDate(s.date.value))
      cx.report("SLA004", s.date.range, `'${s.date.value}' is not a valid date`);
  }
}
