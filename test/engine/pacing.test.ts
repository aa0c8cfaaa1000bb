// Commitment pacing (issue 13 part 3), on hand-computed cases.
import { describe, expect, it } from "vitest";
import { commitmentPacing } from "../../engine/pacing.ts";
import { pacingSentence, periodLabel } from "../../engine/render/pacing.ts";
import type { CommitmentReport } from "../../engine/result.ts";
import { sla } from "../run-sla.ts";

const DAY = 86_400_000;
const value = (actual: number, period = "2027-05"): CommitmentReport => ({
  kind: "value",
  term: "VQL",
  goal: 84_000,
  per: "month",
  periods: [{ period, actual, held: actual >= 84_000, partial: true }],
});
const count = (actual: number): CommitmentReport => ({
  kind: "count",
  term: "VQL",
  goal: 300,
  per: "quarter",
  periods: [{ period: "2027-Q2", actual, held: actual >= 300, partial: true }],
});

describe("commitment pacing", () => {
  it("the issue's example: $31,200 of $84,000 with 40% of May gone is on pace for $78,000", () => {
    // May has 31 days; 40% of it is 12.4 days: 13 May 09:36 UTC.
    const until = Date.UTC(2027, 4, 1) + 12.4 * DAY;
    const [p] = commitmentPacing([value(31_200)], until, "UTC");
    expect(p.elapsed).toBeCloseTo(0.4, 12);
    expect(p.projected).toBeCloseTo(78_000, 6); // 31,200 / 0.4
    expect([p.met, p.behind]).toEqual([false, true]);
    expect(pacingSentence(p)).toBe(
      "VQL value for May 2027: $31,200 of $84,000 with 40% of the month gone, on pace for $78,000: on pace to miss",
    );
  });
  it("a quarter half gone: 160 of 300 is on pace for 320 (meets); 301 is already met", () => {
    // Q2 2027: 1 April to 1 July, 91 days; half is 45.5 days
    const until = Date.UTC(2027, 3, 1) + 45.5 * DAY;
    const [p] = commitmentPacing([count(160)], until, "UTC");
    expect(p.elapsed).toBeCloseTo(0.5, 12);
    expect(p.projected).toBeCloseTo(320, 9);
    expect([p.met, p.behind]).toEqual([false, false]);
    expect(pacingSentence(p)).toBe(
      "VQL count for Q2 2027: 160 of 300 with 50% of the quarter gone, on pace for 320: on pace to meet",
    );
    expect(pacingSentence(commitmentPacing([count(301)], until, "UTC")[0])).toMatch(/: already met$/);
  });
  it("a period with nothing yet projects 0; local time decides the period", () => {
    // 1 May 2027 03:00 UTC is still 30 April in New York: April is paced, with nothing in it
    const until = Date.UTC(2027, 4, 1, 3);
    const [p] = commitmentPacing([value(31_200)], until, "America/New_York");
    expect(p.period).toBe("2027-04");
    expect([p.actual, p.projected, p.behind]).toEqual([0, 0, true]);
  });
  it("no pacing at the very start of a period (nothing gone yet)", () => {
    expect(commitmentPacing([value(0)], Date.UTC(2027, 4, 1), "UTC")).toEqual([]);
  });
  it("period labels", () => {
    expect([periodLabel("2027-05"), periodLabel("2027-Q2"), periodLabel("2027")]).toEqual([
      "May 2027",
      "Q2 2027",
      "2027",
    ]);
  });
});

describe("sla simulate --until shows pacing", () => {
  const SPEC = "specs/examples/inbound/inbound.sla";
  const EVENTS = "specs/examples/inbound/events.jsonl";
  it("a Pacing section in the table, Markdown and JSON; none without --until", { timeout: 60_000 }, async () => {
    const t = await sla("simulate", SPEC, "--events", EVENTS, "--until", "2027-03-13");
    expect(t.code).toBe(0);
    expect(t.out).toContain("Pacing\n  VQL count for Q1 2027: 366 of 300 with 79% of the quarter gone");
    expect(t.out).toMatch(
      /VQL value for March 2027: \$1,958 of \$84,000 with 39% of the month gone, on pace for \$5,05\d: on pace to miss/,
    );
    const md = await sla("simulate", SPEC, "--events", EVENTS, "--until", "2027-03-13", "--format", "md");
    expect(md.out).toMatch(/#### Pacing\n\n- ✅ VQL count for Q1 2027.*\n- ❌ VQL value for March 2027/);
    const json = JSON.parse(
      (await sla("simulate", SPEC, "--events", EVENTS, "--until", "2027-03-13", "--format", "json")).out,
    );
    expect(json.pacing.map((p: { period: string }) => p.period)).toEqual(["2027-Q1", "2027-03"]);
    const full = JSON.parse((await sla("simulate", SPEC, "--events", EVENTS, "--format", "json")).out);
    expect(full.pacing).toBeUndefined();
  });
});
