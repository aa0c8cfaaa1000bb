// Timestamps in CRM exports, which usually carry no offset: "2027-01-04 14:03"
// or "1/4/2027 2:03 PM" in whatever zone the exporting user had set. The
// mapping names that zone and, for non-ISO shapes, luxon formats.
import { DateTime, IANAZone } from "luxon";
import { zoneTable } from "../calendar.ts";
import { Failure, type Result } from "../problems.ts";
import { show } from "./suggest.ts";
import { isIsoDate, parseTimestamp } from "./timestamp.ts";

export function isValidZone(zone: string): boolean {
  return zone === "UTC" || IANAZone.isValidZone(zone);
}

const BUCKET = 15 * 60_000;

/**
 * Wall-clock time in a zone -> epoch ms, by the engine's one wall-clock
 * converter (`ZoneTable.fromWall`, engine/calendar.ts): a time that occurs
 * twice (autumn) is its first occurrence; one that does not exist (inside a
 * spring-forward gap) is the moment of the change. Offsets are cached per 15
 * minutes of wall-clock time (zones change offset on such boundaries); a
 * bucket that holds a change is converted exactly, time by time.
 */
export function makeLocalToEpoch(zone: string): (wallMs: number) => number {
  if (zone === "UTC") return (w) => w;
  const tz = zoneTable(zone);
  const cache = new Map<number, number>(); // bucket -> offset; NaN: the offset changes inside
  return (wall) => {
    const bucket = Math.floor(wall / BUCKET);
    let offset = cache.get(bucket);
    if (offset === undefined) {
      const first = bucket * BUCKET;
      const last = first + BUCKET - 1;
      const a = first - tz.fromWall(first);
      offset = a === last - tz.fromWall(last) ? a : NaN;
      if (cache.size > 100_000) cache.clear();
      cache.set(bucket, offset);
    }
    return offset === offset ? wall - offset : tz.fromWall(wall);
  };
}

const ISO_LOCAL = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const HAS_ZONE_TOKEN = /[Zz]/;

export interface TimeSettings {
  /** IANA zone of timestamps written without an offset; null: such timestamps are errors. */
  timezone: string | null;
  /** luxon formats (e.g. "M/d/yyyy h:mm a") tried in order for timestamps that are not ISO. */
  timeFormats: string[];
}

/** Reads a timestamp cell: ISO with offset, ISO without (in the zone), or one of the formats. */
export function makeTimeReader(t: TimeSettings): (cell: string) => Result<number> {
  const toEpoch = t.timezone === null ? null : makeLocalToEpoch(t.timezone);
  const parsers = t.timeFormats.map((f) => ({
    parser: DateTime.buildFormatParser(f, { locale: "en-US" }),
    // a format with an offset token needs no zone: the text says it
    zoned: HAS_ZONE_TOKEN.test(f.replace(/'[^']*'/g, "")),
  }));
  const noZone = (s: string) =>
    new Failure(
      "EV106",
      `${show(s)} has no time zone; name the zone of the export with "timezone" in the mapping (e.g. "America/New_York")`,
    );

  const formatCache = new Map<string, Result<number>>();
  return (cell) => {
    const s = cell.trim();
    if (s === "") return new Failure("EV106", "empty (expected a date and time)");
    const exact = parseTimestamp(s);
    if (exact === exact) return exact;
    if (ISO_LOCAL.test(s)) {
      if (toEpoch === null) return noZone(s);
      const asUtc = parseTimestamp(s.length === 10 ? `${s}T00:00Z` : `${s}Z`);
      if (asUtc === asUtc) return toEpoch(asUtc);
      return new Failure("EV106", `${show(s)} is not a valid date and time`);
    }
    // luxon's format parser costs ~10 µs a call; exports repeat their
    // (minute-resolution) timestamps a lot, so remember recent answers.
    const hit = formatCache.get(s);
    if (hit !== undefined) return hit;
    for (const p of parsers) {
      const dt = DateTime.fromFormatParser(s, p.parser, { zone: "UTC" });
      if (!dt.isValid) continue;
      const r = p.zoned ? dt.toMillis() : toEpoch === null ? noZone(s) : toEpoch(dt.toMillis());
      if (formatCache.size >= 50_000) formatCache.clear();
      formatCache.set(s, r);
      return r;
    }
    const formats = t.timeFormats.map((f) => show(f)).join(", ");
    return new Failure(
      "EV106",
      `${show(s)} is not a timestamp the mapping can read (expected ISO like "2027-01-04 14:03"` +
        (t.timeFormats.length > 0 ? ` or the format${t.timeFormats.length > 1 ? "s" : ""} ${formats}` : "") +
        `; set "timeFormat" in the mapping to a luxon format such as "M/d/yyyy h:mm a")`,
    );
  };
}

/** Reads a date written in one of the formats, as yyyy-mm-dd; null if none fits. */
export function makeDateReader(formats: string[]): ((cell: string) => string | null) | undefined {
  if (formats.length === 0) return undefined;
  const parsers = formats.map((f) => DateTime.buildFormatParser(f, { locale: "en-US" }));
  return (s) => {
    for (const p of parsers) {
      const dt = DateTime.fromFormatParser(s, p, { zone: "UTC" });
      if (dt.isValid) {
        const iso = dt.toISODate();
        if (iso !== null && isIsoDate(iso)) return iso;
      }
    }
    return null;
  };
}
