import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { zoneTable } from "../../engine/calendar.ts";
import { monthKey, type Period, periodKey, periodRange, periodsBetween } from "../../engine/periods.ts";

const NY = "America/New_York";
const utc = (iso: string) => Date.parse(iso);

describe("periodKey in America/New_York", () => {
  it("month boundaries follow local midnight (EST and EDT)", () => {
    expect(periodKey(utc("2027-02-01T04:59:59.999Z"), "month", NY)).toBe("2027-01");
    expect(periodKey(utc("2027-02-01T05:00:00Z"), "month", NY)).toBe("2027-02");
    expect(monthKey(utc("2027-07-01T03:59:59.999Z"), NY)).toBe("2027-06");
    expect(monthKey(utc("2027-07-01T04:00:00Z"), NY)).toBe("2027-07");
  });

  it("quarter and year boundaries", () => {
    expect(periodKey(utc("2027-04-01T03:59:59.999Z"), "quarter", NY)).toBe("2027-Q1");
    expect(periodKey(utc("2027-04-01T04:00:00Z"), "quarter", NY)).toBe("2027-Q2");
    expect(periodKey(utc("2027-12-31T12:00:00Z"), "quarter", NY)).toBe("2027-Q4");
    expect(periodKey(utc("2028-01-01T04:59:59.999Z"), "year", NY)).toBe("2027");
    expect(periodKey(utc("2028-01-01T05:00:00Z"), "year", NY)).toBe("2028");
    expect(periodKey(utc("2028-01-01T04:59:59.999Z"), "quarter", NY)).toBe("2027-Q4");
  });

  it("other zones", () => {
    expect(monthKey(utc("2027-01-31T18:29:59.999Z"), "Asia/Kolkata")).toBe("2027-01");
    expect(monthKey(utc("2027-01-31T18:30:00Z"), "Asia/Kolkata")).toBe("2027-02");
    expect(monthKey(utc("2027-01-31T23:59:59.999Z"), "UTC")).toBe("2027-01");
    expect(monthKey(utc("1970-01-01T00:00:00Z"), NY)).toBe("1969-12");
    expect(monthKey(utc("2100-12-31T12:00:00Z"), NY)).toBe("2100-12");
  });

  it("jumps back and forth in time", () => {
    expect(monthKey(utc("2100-03-15T00:00:00Z"), NY)).toBe("2100-03");
    expect(monthKey(utc("1975-03-15T00:00:00Z"), NY)).toBe("1975-03");
    expect(monthKey(utc("2027-03-15T00:00:00Z"), NY)).toBe("2027-03");
  });
});

describe("periodRange", () => {
  it("gives [start, end) in the zone, across a DST change", () => {
    expect(periodRange("2027-03", "month", NY)).toEqual([utc("2027-03-01T05:00:00Z"), utc("2027-04-01T04:00:00Z")]);
    expect(periodRange("2027-Q1", "quarter", NY)).toEqual([utc("2027-01-01T05:00:00Z"), utc("2027-04-01T04:00:00Z")]);
    expect(periodRange("2027-Q4", "quarter", NY)).toEqual([utc("2027-10-01T04:00:00Z"), utc("2028-01-01T05:00:00Z")]);
    expect(periodRange("2027", "year", NY)).toEqual([utc("2027-01-01T05:00:00Z"), utc("2028-01-01T05:00:00Z")]);
    expect(periodRange("2027-12", "month", "UTC")).toEqual([utc("2027-12-01T00:00:00Z"), utc("2028-01-01T00:00:00Z")]);
  });

  it("starts each month at local midnight in zones whose DST changes at midnight", () => {
    // These zones have had transitions at 00:00 or 24:00 local, some on the 1st of a month
    // (Damascus: Apr 1 / Oct 1). A month starts at the first instant its local date is the 1st.
    for (const zone of [
      "America/Sao_Paulo",
      "America/Santiago",
      "Asia/Damascus",
      "Asia/Beirut",
      "America/Havana",
      "Asia/Tehran",
    ]) {
      for (let y = 1970; y < 2030; y++) {
        for (let m = 1; m <= 12; m++) {
          const key = `${y}-${String(m).padStart(2, "0")}`;
          const [start] = periodRange(key, "month", zone);
          expect(DateTime.fromMillis(start, { zone }).toFormat("yyyy-MM-dd")).toBe(`${key}-01`);
          expect(DateTime.fromMillis(start - 1, { zone }).toFormat("yyyy-MM")).not.toBe(key);
        }
      }
    }
    // Damascus sprang forward at 2000-04-01 00:00 -> 01:00: April starts at 01:00 local.
    expect(
      DateTime.fromMillis(periodRange("2000-04", "month", "Asia/Damascus")[0], { zone: "Asia/Damascus" }).toFormat(
        "HH:mm",
      ),
    ).toBe("01:00");
  });

  it("rejects labels that do not fit the period", () => {
    expect(() => periodRange("2027-13", "month", NY)).toThrow();
    expect(() => periodRange("2027-Q1", "month", NY)).toThrow();
    expect(() => periodRange("2027-Q5", "quarter", NY)).toThrow();
    expect(() => periodRange("27", "year", NY)).toThrow();
    expect(() => periodRange("2027", "year", "Nowhere/Land")).toThrow(/time zone/);
  });
});

describe("periodsBetween", () => {
  it("lists months, quarters and years inclusively", () => {
    const a = utc("2026-11-15T00:00:00Z");
    const b = utc("2027-02-10T00:00:00Z");
    expect(periodsBetween(a, b, "month", NY)).toEqual(["2026-11", "2026-12", "2027-01", "2027-02"]);
    expect(periodsBetween(a, b, "quarter", NY)).toEqual(["2026-Q4", "2027-Q1"]);
    expect(periodsBetween(a, b, "year", NY)).toEqual(["2026", "2027"]);
    expect(periodsBetween(a, a, "month", NY)).toEqual(["2026-11"]);
    expect(periodsBetween(b, a, "month", NY)).toEqual([]);
  });

  it("uses local boundaries", () => {
    // 2027-02-01T04:00Z is still January in New York.
    expect(periodsBetween(utc("2027-01-10T00:00:00Z"), utc("2027-02-01T04:00:00Z"), "month", NY)).toEqual(["2027-01"]);
    expect(periodsBetween(utc("2027-01-10T00:00:00Z"), utc("2027-02-01T05:00:00Z"), "month", NY)).toEqual([
      "2027-01",
      "2027-02",
    ]);
  });
});

describe("properties", () => {
  const ZONES = [
    "UTC",
    NY,
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "America/Santiago",
    "America/Sao_Paulo",
    "Pacific/Chatham",
    "America/St_Johns",
  ];
  const zoneArb = fc.constantFrom(...ZONES);
  const perArb = fc.constantFrom<Period>("month", "quarter", "year");
  const instantArb = fc.integer({ min: utc("1970-02-01T00:00:00Z"), max: utc("2100-11-01T00:00:00Z") });

  it("monthKey agrees with luxon's local date", () => {
    fc.assert(
      fc.property(zoneArb, instantArb, (zone, t) => {
        expect(monthKey(t, zone)).toBe(DateTime.fromMillis(t, { zone }).toFormat("yyyy-MM"));
      }),
      { numRuns: 300 },
    );
  });

  it("periodRange round-trips periodKey", () => {
    fc.assert(
      fc.property(zoneArb, perArb, instantArb, (zone, per, t) => {
        const key = periodKey(t, per, zone);
        const [start, end] = periodRange(key, per, zone);
        expect(start).toBeLessThanOrEqual(t);
        expect(t).toBeLessThan(end);
        expect(periodKey(start, per, zone)).toBe(key);
        expect(periodKey(end - 1, per, zone)).toBe(key);
        expect(periodKey(end, per, zone)).not.toBe(key);
        expect(periodKey(start - 1, per, zone)).not.toBe(key);
      }),
      { numRuns: 200 },
    );
  });

  it("periodsBetween lists adjacent periods from a to b", () => {
    fc.assert(
      fc.property(zoneArb, perArb, instantArb, fc.nat(3 * 366 * 86_400_000), (zone, per, a, span) => {
        const keys = periodsBetween(a, a + span, per, zone);
        expect(keys[0]).toBe(periodKey(a, per, zone));
        expect(keys[keys.length - 1]).toBe(periodKey(a + span, per, zone));
        for (let i = 1; i < keys.length; i++) {
          expect(periodRange(keys[i - 1], per, zone)[1]).toBe(periodRange(keys[i], per, zone)[0]);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("month starts: the fast path agrees with the exact search", () => {
  it("for any month 1970-2199 in zones with and without clock changes", () => {
    const zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "America/Santiago"];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 1970 * 12, max: 2199 * 12 + 11 }), (zone, mi) => {
        const y = Math.floor(mi / 12);
        const key = `${y}-${String(mi - y * 12 + 1).padStart(2, "0")}`;
        expect(periodRange(key, "month", zone)[0]).toBe(zoneTable(zone).fromWall(Date.UTC(y, mi - y * 12, 1)));
      }),
      { numRuns: 300 },
    );
  });
});
