// Bounded work and stated limits on hostile input (issue 7, part 5): the
// checker answers in time proportional to the input, and what it refuses it
// refuses with a located diagnostic that states the limit.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../language/compile.ts";
import { didYouMean, editDistance, Suggester } from "../../language/diagnostics.ts";

const HOT =
  'sla "x"\ncalendar business {\n  open mon-fri 09:00-17:30\n}\nfields {\n  score: number\n}\nsegment hot when score > 5\n';
const window = (w: string) => compileSource(`${HOT}respond to hot within ${w}\n`).diagnostics;

describe("window limits", () => {
  it("accepts windows up to 1,830 days and refuses longer ones, located, with the limit", () => {
    expect(window("1830 days")).toEqual([]);
    expect(window("261 weeks")).toEqual([]);
    for (const w of ["1831 days", "100000 hours", "262 weeks", "2000d", "300w", `${"9".repeat(400)} minutes`]) {
      const ds = window(w);
      expect(
        ds.map((d) => d.code),
        w,
      ).toEqual(["SLA423"]);
      expect(ds[0].message).toBe("the window is longer than 1,830 days (about 5 years)");
      expect(HOT.length + "respond to hot within ".length).toBe(ds[0].range.start);
    }
  });

  it("bounds business windows by five years of the calendar's open time", () => {
    // mon-fri 09:00-17:30 is 42.5 open hours a week: 1,830 days of it are 11,110 hours
    expect(window("11110 business hours")).toEqual([]);
    expect(window("1307 business days")).toEqual([]);
    for (const w of ["11111 business hours", "100000000 business hours", "1308 business days"]) {
      const ds = window(w);
      expect(
        ds.map((d) => d.code),
        w,
      ).toEqual(["SLA423"]);
      expect(ds[0].message).toBe(
        "the window is longer than 1,830 days (about 5 years) of calendar 'business''s open time",
      );
      expect(ds[0].help).toBe("business windows on 'business' are at most 11,110 business hours");
    }
  });
});

describe("did-you-mean at scale", () => {
  it("finds the same suggestion as a full scan for names up to two edits away", () => {
    const names = Array.from({ length: 5000 }, (_, i) => `field_${i}`);
    const s = new Suggester(names);
    for (const w of ["feild_12", "field_4999x", "fiel_7", "FIELD_300", "xfield_1"])
      expect(s.suggest(w), w).toBe(didYouMean(w, names));
    expect(s.suggest("completely_different")).toBeNull();
  });

  it("gives 10,000 misspellings among 10,000 names each its suggestion, quickly", () => {
    const n = 10_000;
    const text = `sla "x"\nfields {\n${Array.from({ length: n }, (_, i) => `  field_${i}: number\n`).join("")}}\n${Array.from({ length: n }, (_, i) => `segment s${i} when feild_${i} > 1\n`).join("")}`;
    const t0 = performance.now();
    const { diagnostics } = compileSource(text);
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(diagnostics).toHaveLength(n);
    expect(diagnostics[1234].help).toBe("did you mean 'field_1234'?");
  });

  it("stops suggesting (but keeps reporting) past its work limit", () => {
    const long = (i: number) => `${"x".repeat(200)}_${i}`;
    const s = new Suggester(Array.from({ length: 100 }, (_, i) => long(i)));
    let suggested = 0;
    for (let i = 0; i < 100; i++) if (s.suggest(`${long(i)}z`) !== null) suggested++;
    // 100 x 100 distances of ~200 x 200 characters is 400 million steps: the cap stops it early
    expect(suggested).toBeGreaterThan(0);
    expect(suggested).toBeLessThan(100);
  });
});

describe("large enums", () => {
  it("checks a `one of` with 100,000 values in linear time, and lists at most 20 in a message", () => {
    const values = Array.from({ length: 100_000 }, (_, i) => `"v${i}"`).join(", ");
    const text = `sla "x"\nfields {\n  x: one of ${values}, "v5"\n}\nsegment s when x = "v99999"\nsegment t when x = 5\n`;
    const t0 = performance.now();
    const { diagnostics } = compileSource(text);
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(diagnostics.map((d) => d.code)).toEqual(["SLA202", "SLA301"]);
    expect(diagnostics[0].message).toBe('value "v5" is listed twice');
    expect(diagnostics[1].message).toMatch(
      /^'x' is a one-of field; expected one of "v0", .*"v19", \.\.\. \(100001 values\), found '5'$/,
    );
  });
});

describe("numbers too large for a double", () => {
  it("are SLA004, never an Infinity (or null) in the IR", () => {
    const big = "9".repeat(400);
    const codes = (tail: string) =>
      compileSource(`${HOT}define t when score > 1\n${tail}\n`).diagnostics.map((d) => `${d.code} ${d.message}`);
    const msg = `SLA004 '${"9".repeat(40)}…' is too large a number`;
    expect(codes(`segment big when score > ${big}`)).toEqual([msg]);
    expect(codes(`marketing delivers ${big} t per year`)).toEqual([msg]);
    expect(codes(`marketing delivers $${big} in t per year`)[0]).toMatch(/^SLA004 '\$9{39}…' is too large a number$/);
    expect(codes(`plan {\n  volume ${big} per year\n  lead to won 10%\n}`)).toEqual([msg]);
  });
});

describe("editDistance with a bound", () => {
  it("agrees with the unbounded distance up to the bound", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), fc.nat(5), (a, b, max) => {
        const d = editDistance(a, b);
        const bounded = editDistance(a, b, max);
        if (d <= max) expect(bounded).toBe(d);
        else expect(bounded).toBeGreaterThan(max);
      }),
      { numRuns: 2000 },
    );
  });
});
