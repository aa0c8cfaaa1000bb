import { describe, expect, it } from "vitest";
import { computePlan } from "../../engine/plan.ts";

describe("plan math", () => {
  it("from a revenue goal: round up at every stage (the sketch's plan)", () => {
    const p = computePlan({
      revenuePerYear: 100_000_000,
      averageDeal: 1_000_000,
      volumePerYear: null,
      steps: [
        { from: "lead", to: "opportunity", rate: 0.7 },
        { from: "opportunity", to: "customer", rate: 0.5 },
      ],
    });
    // 1,000,000 / 10,000 = 100 customers; 100 / 50% = 200 opportunities; 200 / 70% = 285.7 -> 286 leads
    expect(p.stages).toEqual([
      { name: "lead", perYear: 286, perQuarter: 72, perMonth: 24 },
      { name: "opportunity", perYear: 200, perQuarter: 50, perMonth: 17 },
      { name: "customer", perYear: 100, perQuarter: 25, perMonth: 9 },
    ]);
    expect(p.revenuePerYear).toBe(1_000_000);
  });
  it("exact rates do not round up spuriously (70 / 70% = 100, not 101)", () => {
    const p = computePlan({
      revenuePerYear: 7_000_000,
      averageDeal: 100_000,
      volumePerYear: null,
      steps: [{ from: "lead", to: "customer", rate: 0.7 }],
    });
    expect(p.stages.map((s) => s.perYear)).toEqual([100, 70]);
  });
  it("from a volume: what each stage yields, rounded down", () => {
    const p = computePlan({
      revenuePerYear: null,
      averageDeal: 1_000_000,
      volumePerYear: 1200,
      steps: [
        { from: "lead", to: "sql", rate: 0.25 },
        { from: "sql", to: "customer", rate: 0.3 },
      ],
    });
    expect(p.stages.map((s) => s.perYear)).toEqual([1200, 300, 90]);
    expect(p.revenuePerYear).toBe(900_000);
    expect(p.stages[2].perMonth).toBe(7);
  });
});

describe("iso timestamps", async () => {
  const { iso } = await import("../../engine/report.ts");
  const fc = (await import("fast-check")).default;
  it("matches Date#toISOString (without .000)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("1970-01-01T00:00:00Z"), max: Date.parse("2100-12-31T23:59:59Z") }),
        (t) => {
          expect(iso(t)).toBe(new Date(t).toISOString().replace(".000Z", "Z"));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
