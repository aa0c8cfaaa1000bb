// `closed holidays "US"`: the public holidays of a region, from date-holidays,
// expanded at compile time into the IR's closed dates for the effective year
// -1 to +3. The 2027 US dates below are the federal holidays as observed
// (checked against the US Office of Personnel Management's 2027 list:
// Juneteenth on a Saturday is observed Friday June 18, Independence Day on a
// Sunday Monday July 5, Christmas on a Saturday Friday December 24, and New
// Year's Day 2028 on a Saturday Friday December 31, 2027).
import { describe, expect, it } from "vitest";
import { simulate } from "../../engine/simulate.ts";
import { compileSource } from "../../language/compile.ts";
import { expandHolidays, holidayYears, parseRegion } from "../../language/holidays.ts";
import type { IR } from "../../language/ir.ts";
import { validateIR } from "../../language/validate-ir.ts";

const US_2027_OBSERVED = [
  "2027-01-01",
  "2027-01-18",
  "2027-02-15",
  "2027-05-31",
  "2027-06-18",
  "2027-07-05",
  "2027-09-06",
  "2027-10-11",
  "2027-11-11",
  "2027-11-25",
  "2027-12-24",
  "2027-12-31",
];

function compile(calendar: string, effective = "2027-01-01"): IR {
  const r = compileSource(
    `sla "H"\neffective ${effective}\ntimezone "America/New_York"\ncalendar business {\n  open mon-fri 09:00-17:00\n${calendar}}\nsegment all otherwise\nrespond to all within 2 business hours\n`,
  );
  if (!r.ir) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  expect(validateIR(JSON.parse(JSON.stringify(r.ir)))).toEqual({ ok: true });
  return r.ir;
}

describe("holiday expansion", () => {
  it("US 2027: every observed federal holiday is closed, including 2027-07-05 for Independence Day on a Sunday", () => {
    const ir = compile('  closed holidays "US"\n');
    const closed2027 = ir.calendars.business.closed.filter((d) => d.startsWith("2027-"));
    for (const d of US_2027_OBSERVED) expect(closed2027).toContain(d);
    // the actual days are listed too (public, even on a weekend), and nothing else
    expect(closed2027.filter((d) => !US_2027_OBSERVED.includes(d))).toEqual(["2027-06-19", "2027-07-04", "2027-12-25"]);
    const h = ir.calendars.business.holidays![0];
    expect(h).toMatchObject({ region: "US", from: 2026, to: 2030 });
    expect(h.dates.find((d) => d.date === "2027-07-05")).toEqual({
      date: "2027-07-05",
      name: "Independence Day (substitute day)",
    });
    expect(h.dates.find((d) => d.date === "2027-11-25")?.name).toBe("Thanksgiving Day");
  });

  it("public holidays only: no observances (Valentine's Day, Mother's Day) and no optional days", () => {
    const dates = expandHolidays({ country: "US", state: null }, 2027, 2027).map((d) => d.date);
    expect(dates).not.toContain("2027-02-14");
    expect(dates).not.toContain("2027-05-09");
    expect(dates).toHaveLength(15);
  });

  it("a state adds its own holidays: California's Cesar Chavez Day and the day after Thanksgiving", () => {
    const ca = expandHolidays({ country: "US", state: "CA" }, 2027, 2027).map((d) => d.date);
    expect(ca).toContain("2027-03-31");
    expect(ca).toContain("2027-11-26");
    expect(ca).toContain("2027-07-05");
  });

  it("years: the effective year -1 to +3, and only those", () => {
    expect(holidayYears("2027-06-15")).toEqual({ from: 2026, to: 2030 });
    const ir = compile('  closed holidays "DE"\n', "2030-01-01");
    const years = new Set(ir.calendars.business.closed.map((d) => d.slice(0, 4)));
    expect([...years].sort()).toEqual(["2029", "2030", "2031", "2032", "2033"]);
    // German Unity Day, every year
    for (const y of years) expect(ir.calendars.business.closed).toContain(`${y}-10-03`);
  });

  it("explicit dates and holiday regions add up; the IR is plain data (the library is not needed to run it)", () => {
    const ir = compile('  closed holidays "US"\n  closed 2027-12-27 - 2027-12-30\n');
    expect(ir.calendars.business.closed).toContain("2027-12-28");
    expect(ir.calendars.business.closed).toContain("2027-12-24");
    expect(JSON.parse(JSON.stringify(ir))).toEqual(ir);
  });

  it("a replay skips the holiday: a 2-business-hour clock started the Friday before July 5 runs out on Tuesday", () => {
    const ir = compile('  closed holidays "US"\n');
    const r = simulate(ir, [
      { id: "e1", at: Date.parse("2027-07-02T20:00:00Z"), type: "lead.created", lead: "L1", fields: {} },
      {
        id: "e2",
        at: Date.parse("2027-07-07T00:00:00Z"),
        type: "rep.away",
        rep: "x",
        until: Date.parse("2027-07-08T00:00:00Z"),
      },
    ]);
    // Friday 16:00 EDT: one open hour that day; Monday July 5 is closed; Tuesday 09:00 + 1h
    expect(r.breaches[0].due).toBe("2027-07-06T14:00:00Z");
    expect(r.holidays).toEqual([
      {
        calendar: "business",
        region: "US",
        from: 2026,
        to: 2030,
        dates: [
          { date: "2027-07-04", name: "Independence Day" },
          { date: "2027-07-05", name: "Independence Day (substitute day)" },
        ],
        outside: false,
      },
    ]);
  });
});

describe("regions", () => {
  it("countries and country-state codes; wrong ones say what they are, with the likely spelling", () => {
    expect(parseRegion("US")).toEqual({ country: "US", state: null });
    expect(parseRegion("US-CA")).toEqual({ country: "US", state: "CA" });
    expect(parseRegion("us")).toEqual({ problem: "unknown country 'us'", suggestion: "US" });
    expect(parseRegion("us-ca")).toEqual({ problem: "unknown country 'us'", suggestion: "US-CA" });
    expect(parseRegion("USA")).toEqual({ problem: "unknown country 'USA'", suggestion: "US" });
    expect(parseRegion("Germany")).toEqual({ problem: "unknown country 'Germany'", suggestion: "DE" });
    expect(parseRegion("US-ca")).toEqual({ problem: "unknown state 'ca' of US", suggestion: "US-CA" });
    expect(parseRegion("US-XX")).toMatchObject({ problem: "unknown state 'XX' of US", suggestion: null });
    expect(parseRegion("constructor")).toMatchObject({ suggestion: null });
    expect(parseRegion("__proto__")).toMatchObject({ suggestion: null });
  });
});
