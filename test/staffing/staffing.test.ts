// `sla staff` (issue 13 part 4): arrivals from the replay, the hour-of-week
// Erlang C model on hand-computed cases, the business-hours queue, the
// smallest team, and the command.
import { describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import { analyseStaffing, collectArrivals, waitWithin } from "../../engine/staffing/index.ts";
import { hourOfWeek, openHoursByHourOfWeek, smallestReps } from "../../engine/staffing/staffing.ts";
import { compileSource } from "../../language/compile.ts";
import { sla } from "../run-sla.ts";

const HOUR = 3_600_000;
const MONDAY = Date.UTC(2027, 0, 4); // Monday 4 January 2027, 00:00 UTC

function ir(text: string) {
  const r = compileSource(text);
  if (!r.ir) throw new Error(JSON.stringify(r.diagnostics));
  return r.ir;
}

const AROUND_THE_CLOCK = ir(`sla "t"
timezone "UTC"
team sdr {
  members a, b
}
segment everyone otherwise
respond to everyone within 10m
  target 90%
`);

/** n leads an hour, evenly spread, for a whole week from Monday 00:00. */
function steady(perHour: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 168 * perHour; i++) out.push(MONDAY + (i + 0.5) * (HOUR / perHour));
  return out;
}

describe("the Erlang C model, by hand", () => {
  // Around the clock, 6 leads every hour for one week: λ = 6 in every hour of
  // the week; handling 15m (μ = 4); 10-minute window. With the 2 reps of the
  // team, P(wait ≤ 10m) = 0.539373 (test/staffing/erlang.test.ts shows the
  // arithmetic); with 3, 0.912871: the smallest team for 90% is 3.
  const arrivals = { byObligation: [steady(6)], from: MONDAY, to: MONDAY + 168 * HOUR, skipped: 0 };
  const r = analyseStaffing(AROUND_THE_CLOCK, arrivals, { handleMinutes: 15, runs: 2 });
  it("share met with the current team and the smallest team", () => {
    expect(r.weeks).toBe(1);
    const t = r.teams[0];
    expect(t.team).toBe("sdr");
    expect(t.source).toBe("only team");
    expect(t.calendar).toBeNull();
    expect(t.reps).toBe(2);
    expect(t.rules[0].erlang).toBeCloseTo(0.539373, 5);
    expect(t.rules[0].perWeek).toBe(1008);
    expect(t.rules[0].whileClosed).toBe(0);
    expect(t.smallest?.reps).toBe(3);
    expect(t.smallest?.erlang[0]).toBeCloseTo(0.912871, 5);
    expect(t.busiest).toEqual({ hour: "Mon 00:00", perHour: 6 });
  });
  it("the simulation of the same (evenly spaced) leads waits less than Poisson arrivals do", () => {
    const t = r.teams[0];
    // evenly spaced arrivals are kinder than Poisson: the simulated share is at least Erlang's
    expect(t.rules[0].simulated).toBeGreaterThanOrEqual(t.rules[0].erlang - 0.02);
    expect(t.smallest!.simulated[0]).toBeGreaterThanOrEqual(0.9);
    expect(t.smallest!.simulatedReps).toBe(3);
  });
  it("--target-team names the team", () => {
    const withTeams = ir(`sla "t"
timezone "UTC"
team sdr {
  members a, b
}
team ae {
  members c, d, e, f
}
segment everyone otherwise
respond to everyone within 10m
  target 90%
  on breach reassign round robin sdr
`);
    const byAction = analyseStaffing(withTeams, arrivals, { handleMinutes: 15, runs: 1 });
    expect([byAction.teams[0].team, byAction.teams[0].source, byAction.teams[0].reps]).toEqual([
      "sdr",
      "breach action",
      2,
    ]);
    const byClause = analyseStaffing(
      ir(`sla "t"
timezone "UTC"
team sdr {
  members a, b
}
team ae {
  members c, d, e, f
}
segment everyone otherwise
respond to everyone within 10m
  by team ae
  on breach reassign round robin sdr
`),
      arrivals,
      { handleMinutes: 15, runs: 1 },
    );
    expect([byClause.teams[0].team, byClause.teams[0].source]).toEqual(["ae", "by clause"]);
    const byFlag = analyseStaffing(withTeams, arrivals, { handleMinutes: 15, runs: 1, team: "ae" });
    expect([byFlag.teams[0].team, byFlag.teams[0].source, byFlag.teams[0].reps]).toEqual(["ae", "flag", 4]);
    expect(byFlag.teams[0].rules[0].erlang).toBeCloseTo(waitWithin(4, 6, 4, 10 / 60), 9);
  });
});

describe("business hours: arrivals outside open hours queue to the opening", () => {
  const hours = (window: string) =>
    ir(`sla "t"
timezone "UTC"
calendar business {
  open mon-fri 09:00-17:00
}
team sdr {
  members a
}
segment everyone otherwise
respond to everyone within ${window}
  target 90%
`);
  // One lead at 06:00 and one at 10:00 on Monday.
  const arrivals = {
    byObligation: [[MONDAY + 6 * HOUR, MONDAY + 10 * HOUR]],
    from: MONDAY,
    to: MONDAY + 168 * HOUR,
    skipped: 0,
  };
  it("a business window does not count the night: both leads can be met", () => {
    const t = analyseStaffing(hours("30 business minutes"), arrivals, { handleMinutes: 6, runs: 1 }).teams[0];
    expect(t.calendar).toBe("business");
    expect(t.openHoursPerWeek).toBe(40);
    expect(t.rules[0].whileClosed).toBe(0.5);
    expect(t.rules[0].ceiling).toBe(1);
    // each lead alone in its hour (λ = 1 an hour, μ = 10): P(wait ≤ 0.5h) = 1 − (1/10)·e^(−(10 − 1)·0.5)
    const p = 1 - 0.1 * Math.exp(-4.5);
    expect(t.rules[0].erlang).toBeCloseTo(p, 9);
    expect(t.rules[0].simulated).toBe(1);
    expect(t.smallest?.reps).toBe(1);
  });
  it("a calendar window counts the night: the early lead cannot be met by any team", () => {
    const t = analyseStaffing(hours("30m"), arrivals, { handleMinutes: 6, runs: 1 }).teams[0];
    expect(t.rules[0].ceiling).toBe(0.5);
    expect(t.smallest).toBeNull();
    expect(t.unreachable).toEqual(["respond everyone"]);
    expect(t.smallestWhileOpen?.reps).toBe(1);
  });
  it("open hours per hour of the week, and local hours of the week", () => {
    const open = openHoursByHourOfWeek({ open: [{ day: 1, from: 8 * 60 + 30, to: 17 * 60 + 30 }], closed: [] });
    expect(open.slice(7, 19)).toEqual([0, 0.5, 1, 1, 1, 1, 1, 1, 1, 1, 0.5, 0]);
    expect(open.reduce((s, x) => s + x, 0)).toBe(9);
    expect(openHoursByHourOfWeek(null).every((x) => x === 1)).toBe(true);
    // Monday 4 January 2027 14:30 UTC is 09:30 in New York: hour 9 of the week
    expect(hourOfWeek(MONDAY + 14.5 * HOUR, "America/New_York")).toBe(9);
    expect(hourOfWeek(MONDAY + 2 * HOUR, "America/New_York")).toBe(6 * 24 + 21); // Sunday 21:00
  });
  it("smallestReps finds the boundary of a monotone test", () => {
    expect(smallestReps((c) => c >= 37)).toBe(37);
    expect(smallestReps((c) => c >= 1)).toBe(1);
    expect(smallestReps(() => false)).toBeNull();
  });
});

describe("arrivals come from the replay: segment entry starts the respond clock", () => {
  const spec = ir(`sla "t"
timezone "UTC"
fields {
  score: number
}
team sdr {
  members a
}
segment hot when score >= 50
segment rest otherwise
respond to hot within 5m
respond to rest within 1d
`);
  const t = (h: number) => new Date(MONDAY + h * HOUR).toISOString();
  const events: SlaEvent[] = [
    { id: "1", at: MONDAY + HOUR, type: "lead.created", lead: "L1", fields: { score: 80 } },
    { id: "2", at: MONDAY + 2 * HOUR, type: "lead.created", lead: "L2", fields: { score: 10 } },
    // L2 warms up: it enters `hot` later, which starts hot's clock then
    { id: "3", at: MONDAY + 3 * HOUR, type: "lead.updated", lead: "L2", fields: { score: 90 } },
    // a duplicate export of the same event counts once
    { id: "3", at: MONDAY + 3 * HOUR, type: "lead.updated", lead: "L2", fields: { score: 90 } },
  ] as SlaEvent[];
  it("per respond rule, the instants its clocks started", () => {
    const a = collectArrivals(spec, events);
    expect(a.byObligation[0].map((x) => new Date(x).toISOString())).toEqual([t(1), t(3)]);
    expect(a.byObligation[1].map((x) => new Date(x).toISOString())).toEqual([t(2)]);
    expect([a.from, a.to, a.skipped]).toEqual([MONDAY + HOUR, MONDAY + 3 * HOUR, 0]);
  });
});

describe("sla staff (command)", () => {
  const SPEC = "specs/examples/inbound/inbound.sla";
  const EVENTS = "specs/examples/inbound/events.jsonl";
  it("answers per team and rule, with both methods and the smallest team", { timeout: 60_000 }, async () => {
    const r = await sla("staff", SPEC, "--events", EVENTS, "--handle", "6m", "--runs", "2");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^306 first responses over 12\.8 weeks; handling time 6 minutes/);
    expect(r.out).toContain("Team sdr: 3 reps now");
    expect(r.out).toMatch(/hand raisers: respond within 5 minutes, target 99%/);
    expect(r.out).toMatch(/met with 3 now: Erlang C [\d.]+%, simulation [\d.]+%/);
    expect(r.out).toContain("No team size meets every target: respond hand_raisers cannot");
    expect(r.out).toMatch(/Smallest team meeting the targets for the leads that can be met .*: \d+ reps?/);
    const json = await sla("staff", SPEC, "--events", EVENTS, "--format", "json", "--runs", "2");
    const report = JSON.parse(json.out);
    expect(report.teams[0].rules.map((x: { id: string }) => x.id)).toEqual(["respond hand_raisers", "respond trials"]);
  });
  it("bad flags are usage errors with the reason", async () => {
    expect((await sla("staff", SPEC)).err).toContain("--events");
    const h = await sla("staff", SPEC, "--events", EVENTS, "--handle", "six");
    expect([h.code, h.err]).toEqual([
      2,
      "sla staff: --handle: 'six' is not a duration above zero (e.g. 90s, 6m, 0.5h)\n",
    ]);
    const t = await sla("staff", SPEC, "--events", EVENTS, "--target-team", "nobody");
    expect(t.code).toBe(2);
    expect(t.err).toContain("no team 'nobody' (teams: sdr");
    const m = await sla("staff", SPEC, "--events", "no-such-file.jsonl");
    expect(m.code).toBe(1);
    expect(m.err).toContain("no-such-file.jsonl");
  });
});
