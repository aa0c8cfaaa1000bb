import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { zoneTable } from "../../engine/calendar.ts";
import { daysFromCivil, isIsoDate, parseTimestamp } from "../../engine/ingest/timestamp.ts";
import { makeLocalToEpoch } from "../../engine/ingest/zoned.ts";

describe("parseTimestamp", () => {
  it("reads Z, offsets, millis, and the seconds-less shape", () => {
    const t = Date.UTC(2027, 0, 4, 14, 3);
    expect(parseTimestamp("2027-01-04T14:03:00Z")).toBe(t);
    expect(parseTimestamp("2027-01-04T14:03Z")).toBe(t);
    expect(parseTimestamp("2027-01-04t14:03:00z")).toBe(t);
    expect(parseTimestamp("2027-01-04 14:03:00Z")).toBe(t);
    expect(parseTimestamp("2027-01-04T09:03:00-05:00")).toBe(t);
    expect(parseTimestamp("2027-01-04T09:03-0500")).toBe(t);
    expect(parseTimestamp("2027-01-04T19:33:00+05:30")).toBe(t);
    expect(parseTimestamp("2027-01-04T14:03:00.250Z")).toBe(t + 250);
    expect(parseTimestamp("2027-01-04T14:03:00.5Z")).toBe(t + 500);
    expect(parseTimestamp("2027-01-04T14:03:00.123456789Z")).toBe(t + 123); // truncated to ms
    expect(parseTimestamp("2011-10-01T00:38:44.546+02:00")).toBe(Date.parse("2011-10-01T00:38:44.546+02:00"));
    expect(parseTimestamp("1969-12-31T23:59:59Z")).toBe(-1000);
    expect(parseTimestamp("2024-02-29T00:00:00Z")).toBe(Date.UTC(2024, 1, 29));
  });

  it("rejects what is not a zoned timestamp", () => {
    for (const s of [
      "",
      "2027-01-04",
      "2027-01-04T14:03:00",
      "2027-01-04T14:03",
      "2027-13-01T00:00:00Z",
      "2027-00-01T00:00:00Z",
      "2027-02-29T00:00:00Z",
      "2027-04-31T00:00:00Z",
      "2027-01-04T24:00:00Z",
      "2027-01-04T14:60:00Z",
      "2027-01-04T14:03:60Z",
      "2027-01-04T14:03:00.Z",
      "2027-01-04T14:03:00+24:00",
      "2027-01-04T14:03:00+05:60",
      "2027-01-04T14:03:00+05",
      "2027-01-04T14:03:00Zjunk",
      "2027-1-04T14:03:00Z",
      "20270104T140300Z",
      "2027/01/04T14:03:00Z",
      "2027-01-04X14:03:00Z",
      " 2027-01-04T14:03:00Z",
      "2027-01-04T14:03:00Z ",
      "2027-01-04T1a:03:00Z",
      "２０２７-01-04T14:03:00Z",
    ]) {
      expect(parseTimestamp(s), s).toBeNaN();
    }
  });

  it("agrees with Date.parse on random RFC 3339 timestamps", () => {
    const pad = (n: number, w = 2) => String(n).padStart(w, "0");
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        fc.boolean(),
        (d, offset, withMs) => {
          // write the instant as local time at `offset`
          const local = new Date(d.getTime() + offset * 60000);
          const sign = offset < 0 ? "-" : "+";
          const a = Math.abs(offset);
          const s =
            `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T` +
            `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
            (withMs ? `.${pad(local.getUTCMilliseconds(), 3)}` : "") +
            `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
          const expected = withMs ? d.getTime() : d.getTime() - d.getUTCMilliseconds();
          expect(parseTimestamp(s)).toBe(expected);
          expect(parseTimestamp(s)).toBe(Date.parse(s));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("computes days like Date.UTC", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        (y, m, d) => {
          const utc = new Date(0);
          utc.setUTCFullYear(y, m - 1, d);
          expect(daysFromCivil(y, m, d) * 86400000).toBe(utc.getTime());
        },
      ),
    );
  });
});

describe("isIsoDate", () => {
  it("checks the calendar", () => {
    expect(isIsoDate("2027-01-31")).toBe(true);
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2000-02-29")).toBe(true);
    expect(isIsoDate("1900-02-29")).toBe(false);
    expect(isIsoDate("2027-02-29")).toBe(false);
    expect(isIsoDate("2027-06-31")).toBe(false);
    expect(isIsoDate("2027-1-31")).toBe(false);
    expect(isIsoDate("2027-01-31T00:00")).toBe(false);
  });
});

describe("makeLocalToEpoch (wall-clock time in a zone, cached per 15 minutes)", () => {
  const ZONES = ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"];
  const luxonOffset = (t: number, zone: string) => DateTime.fromMillis(t, { zone }).offset;

  it("agrees with luxon wherever the wall-clock time is unambiguous", () => {
    for (const zone of ZONES) {
      const toEpoch = makeLocalToEpoch(zone);
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) }), (wall) => {
          const d = new Date(wall);
          const expected = DateTime.fromObject(
            {
              year: d.getUTCFullYear(),
              month: d.getUTCMonth() + 1,
              day: d.getUTCDate(),
              hour: d.getUTCHours(),
              minute: d.getUTCMinutes(),
              second: d.getUTCSeconds(),
              millisecond: d.getUTCMilliseconds(),
            },
            { zone },
          ).toMillis();
          // near a change, luxon's answer for a repeated time depends on today's date: skip those
          fc.pre(luxonOffset(expected - 3 * 3_600_000, zone) === luxonOffset(expected + 3 * 3_600_000, zone));
          expect(toEpoch(wall)).toBe(expected);
        }),
        { numRuns: 500 },
      );
    }
  });

  it("is the engine's converter (ZoneTable.fromWall), also inside the cache's buckets around changes", () => {
    for (const zone of ZONES) {
      const toEpoch = makeLocalToEpoch(zone);
      const tz = zoneTable(zone);
      // the hours around 2027's changes in the zones above, and anywhere in 2027
      const near = [
        Date.UTC(2027, 2, 14, 2),
        Date.UTC(2027, 10, 7, 1),
        Date.UTC(2027, 2, 28, 2),
        Date.UTC(2027, 9, 31, 2),
      ];
      const around = fc.tuple(fc.constantFrom(...near), fc.integer({ min: -7_200_000, max: 7_200_000 }));
      fc.assert(
        fc.property(
          fc.oneof(
            around.map(([t, d]) => t + d),
            fc.integer({ min: Date.UTC(2027, 0, 1), max: Date.UTC(2028, 0, 1) }),
          ),
          (wall) => {
            expect(toEpoch(wall)).toBe(zone === "UTC" ? wall : tz.fromWall(wall));
          },
        ),
        { numRuns: 500 },
      );
    }
  });

  it("handles the hour around a spring-forward change", () => {
    const ny = makeLocalToEpoch("America/New_York");
    expect(ny(Date.UTC(2027, 2, 14, 1, 59))).toBe(Date.UTC(2027, 2, 14, 6, 59)); // EST
    expect(ny(Date.UTC(2027, 2, 14, 3, 0))).toBe(Date.UTC(2027, 2, 14, 7, 0)); // EDT
  });

  it("reads a time that does not exist as the moment of the change, a repeated one as its first occurrence", () => {
    const ny = makeLocalToEpoch("America/New_York");
    // 02:30 on 2027-03-14 is skipped (02:00 EST -> 03:00 EDT at 07:00Z)
    expect(ny(Date.UTC(2027, 2, 14, 2, 30))).toBe(Date.UTC(2027, 2, 14, 7, 0));
    // 01:30 on 2027-11-07 happens at 05:30Z (EDT) and again at 06:30Z (EST)
    expect(ny(Date.UTC(2027, 10, 7, 1, 30))).toBe(Date.UTC(2027, 10, 7, 5, 30));
    // Lord Howe moves by half an hour: 02:00 -> 02:30 on 2027-10-03 (15:00Z)
    expect(makeLocalToEpoch("Australia/Lord_Howe")(Date.UTC(2027, 9, 3, 2, 15))).toBe(Date.UTC(2027, 9, 2, 15, 30));
  });
});
