// SLA480 (issue 13 part 2): a commitment below what the plan needs.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../language/compile.ts";

const spec = (delivers: string, plan: string) => `sla "t"
fields {
  score: number
}
define MQL when score >= 50
define SQL when score >= 80
${delivers}
plan {
${plan}
}
`;
// $1,200,000 a year / $10,000 = 120 customers; / 25% = 480 SQLs (120 a
// quarter, 40 a month); / 10% = 4,800 MQLs (1,200 a quarter, 400 a month).
const REVENUE = `  revenue $1,200,000 per year
  average deal $10,000
  MQL to SQL 10%
  SQL to customer 25%`;

const sla480 = (text: string) =>
  compileSource(text)
    .diagnostics.filter((d) => d.code === "SLA480")
    .map((d) => d.message);

describe("SLA480: a commitment below what the plan needs", () => {
  it("per month, per quarter and per year, by the term that names the stage", () => {
    expect(sla480(spec("marketing delivers 350 MQL per month", REVENUE))).toEqual([
      "Marketing commits to 350 MQL per month, but the plan needs 400 MQL a month to reach its revenue goal",
    ]);
    expect(sla480(spec("marketing delivers 1000 MQL per quarter", REVENUE))).toEqual([
      "Marketing commits to 1000 MQL per quarter, but the plan needs 1,200 MQL a quarter to reach its revenue goal",
    ]);
    expect(sla480(spec("marketing delivers 479 SQL per year", REVENUE))).toEqual([
      "Marketing commits to 479 SQL per year, but the plan needs 480 SQL a year to reach its revenue goal",
    ]);
  });
  it("no warning at or above the need, for value commitments, for stages that are not terms, or for volume plans", () => {
    expect(sla480(spec("marketing delivers 400 MQL per month", REVENUE))).toEqual([]);
    expect(sla480(spec("marketing delivers 40 SQL per month", REVENUE))).toEqual([]);
    expect(sla480(spec("marketing delivers $1 in MQL per month", REVENUE))).toEqual([]);
    expect(
      sla480(
        spec(
          "marketing delivers 1 MQL per month",
          "  revenue $1,200,000 per year\n  average deal $10,000\n  lead to customer 10%",
        ),
      ),
    ).toEqual([]);
    expect(sla480(spec("marketing delivers 1 MQL per month", "  volume 10000 per month\n  MQL to SQL 10%"))).toEqual(
      [],
    );
  });
  it("the seed specs tell one story: no SLA480", () => {
    for (const f of readdirSync("specs/seeds").filter((x) => x.endsWith(".sla")))
      expect([f, sla480(readFileSync(`specs/seeds/${f}`, "utf8"))]).toEqual([f, []]);
  });
});
