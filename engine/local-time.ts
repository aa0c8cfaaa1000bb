// Times for people: an instant shown as the wall clock of the SLA's zone with
// its UTC offset ("2027-03-15 09:08:12 -04:00"), and the same instant as
// ISO-8601 with that offset ("2027-03-15T09:08:12-04:00") for JSON's local
// fields. Formatting happens only when a report is rendered, never in the
// replay; offsets come from the zone's cached transition table
// (engine/calendar.ts ZoneTable), so a formatted time costs a table lookup and
// some arithmetic: no Intl call and no luxon DateTime per time.
// Browser-safe.
import { type ZoneTable, zoneTable } from "./calendar.ts";

const p2 = (x: number): string => (x < 10 ? "0" : "") + x;

/** "+05:30", "-04:00", "+00:00" for an offset in ms (whole minutes in tzdb since 1970). */
export function formatOffset(offsetMs: number): string {
  const m = Math.round(Math.abs(offsetMs) / 60_000);
  return `${offsetMs < 0 ? "-" : "+"}${p2(Math.floor(m / 60))}:${p2(m % 60)}`;
}

/**
 * The civil date of a day number (days since 1970-01-01, proleptic
 * Gregorian, H. Hinnant's algorithm) packed as yyyymmdd: no object per call.
 */
export function civilFromDays(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + m * 100 + d;
}

/** Wall-clock fields of epoch ms `wall` (a local reading written as if it were UTC). */
function civil(wall: number): { date: string; time: string } {
  const ms = ((wall % 86_400_000) + 86_400_000) % 86_400_000;
  const days = (wall - ms) / 86_400_000;
  const ymd = civilFromDays(days);
  const y = Math.floor(ymd / 10000);
  const mo = (((Math.floor(ymd / 100) % 100) + 100) % 100) | 0;
  const d = (((ymd % 100) + 100) % 100) | 0;
  const hh = Math.floor(ms / 3_600_000);
  const mi = Math.floor(ms / 60_000) % 60;
  const ss = Math.floor(ms / 1000) % 60;
  const frac = ms % 1000;
  return {
    date: `${String(y).padStart(4, "0")}-${p2(mo)}-${p2(d)}`,
    time: `${p2(hh)}:${p2(mi)}:${p2(ss)}${frac ? "." + String(frac).padStart(3, "0") : ""}`,
  };
}

/** Formats instants in one zone. Get one with localTimes(zone) (cached per zone). */
export class LocalTimes {
  readonly zone: string;
  private readonly table: ZoneTable | null;

  constructor(zone: string) {
    this.zone = zone;
    this.table = zone === "UTC" ? null : zoneTable(zone);
  }

  /** UTC offset at instant t, in ms. */
  offset(t: number): number {
    return this.table === null ? 0 : this.table.offsetAt(t);
  }

  /** For people: "2027-03-15 09:08:12 -04:00" (milliseconds only when not zero). */
  show(t: number): string {
    const off = this.offset(t);
    const c = civil(t + off);
    return `${c.date} ${c.time} ${formatOffset(off)}`;
  }

  /** For JSON: "2027-03-15T09:08:12-04:00" (ISO-8601 with the zone's offset). */
  iso(t: number): string {
    const off = this.offset(t);
    const c = civil(t + off);
    return `${c.date}T${c.time}${formatOffset(off)}`;
  }

  /** show() of an ISO-8601 UTC string as the reports carry them; other text is returned unchanged. */
  showIso(utc: string): string {
    const t = Date.parse(utc);
    return Number.isFinite(t) ? this.show(t) : utc;
  }

  /** iso() of an ISO-8601 UTC string; other text is returned unchanged. */
  isoOfIso(utc: string): string {
    const t = Date.parse(utc);
    return Number.isFinite(t) ? this.iso(t) : utc;
  }

  /** The header line every report carries: "Times in America/New_York" / "Times in UTC". */
  get caption(): string {
    return `Times in ${this.zone}`;
  }
}

const cache = new Map<string, LocalTimes>();

/** The formatter for an IANA zone ("UTC" for an SLA without one); unknown zones fall back to UTC. */
export function localTimes(zone: string): LocalTimes {
  let f = cache.get(zone);
  if (!f) {
    try {
      f = new LocalTimes(zone);
    } catch {
      // a zone the IR validated but this runtime does not know: UTC, and the caption says so
      f = new LocalTimes("UTC");
    }
    cache.set(zone, f);
  }
  return f;
}
