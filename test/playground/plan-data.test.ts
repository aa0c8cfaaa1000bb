// The "Plan" tab's data (playground/src/plan/plan-data.ts): the funnel as
// `sla plan` computes it, commitments against the stages they deliver, and
// plan vs actual over the current data as `sla plan --events` counts it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import { planActual } from "../../engine/plan-actual.ts";
import { computePlan } from "../../engine/plan.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";
import { planData } from "../../playground/src/plan/plan-data.ts";
import { Simulator } from "../../playground/src/simulator.ts";

const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), "utf8");
const SKETCH = read("specs/examples/inbound/inbound.sla");

function ir(text: string): IR {
  const r = compileSource(text);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.ir!;
}

const sim = new Simulator();
const events: readonly SlaEvent[] = sim.source();

describe("plan data", () => {
  it("no spec, and a spec without a plan, are their own states", () => {
    expect(planData({ ir: null, events, report: null })).toEqual({ status: "no-spec" });
    const noPlan = ir(SKETCH.replace(/# The funnel math[\s\S]*$/, ""));
    expect(noPlan.plan).toBeNull();
    expect(planData({ ir: noPlan, events, report: null })).toEqual({ status: "no-plan" });
  });

  it("the sketch: the funnel as sla plan computes it, plan vs actual as sla plan --events counts it", () => {
    const spec = ir(SKETCH);
    const d = planData({ ir: spec, events, report: null, dataLabel: "generated quarter" });
    if (d.status !== "ok") throw new Error(d.status);
    expect(d.plan).toEqual(computePlan(spec.plan!));
    expect(d.plan.stages.map((s) => [s.name, s.perMonth])).toEqual([
      ["lead", 24],
      ["opportunity", 17],
      ["customer", 9],
    ]);
    expect(d.rates).toEqual([
      { from: "lead", to: "opportunity", rate: 0.7 },
      { from: "opportunity", to: "customer", rate: 0.5 },
    ]);
    expect(d.actual).toEqual(planActual(spec, events));
    // the generated quarter has no opportunity.* events: only "lead" is counted, no step measured
    expect(d.actual!.stages.map((s) => s.source.kind)).toEqual(["created", "none", "none"]);
    expect(d.actual!.breaks).toBeNull();
    expect(d.eventTypes).toEqual(expect.arrayContaining(["demo.held", "lead.created"]));
    expect(d.eventTypes).not.toContain("rep.away");
    expect(d.dataLabel).toBe("generated quarter");
  });

  it("counting a stage from a chosen event type finds the step that breaks the plan (as --stage)", () => {
    const spec = ir(SKETCH);
    const d = planData({ ir: spec, events, report: null }, { opportunity: "demo.held" });
    if (d.status !== "ok") throw new Error(d.status);
    expect(d.stages).toEqual({ opportunity: "demo.held" });
    const cli = planActual(spec, events, { overrides: new Map([["opportunity", "demo.held"]]) });
    expect(d.actual).toEqual(cli);
    expect(d.actual!.breaks).toMatchObject({ from: "lead", to: "opportunity", plan: 0.7 });
    expect(d.actual!.breaks!.actual).toBeLessThan(0.7);
  });

  it("ignores stage choices for unknown stages or malformed event types", () => {
    const d = planData(
      { ir: ir(SKETCH), events, report: null },
      {
        nope: "demo.held",
        customer: "DROP TABLE",
        lead: "lead.created",
      },
    );
    if (d.status !== "ok") throw new Error(d.status);
    expect(d.stages).toEqual({ lead: "lead.created" });
  });

  it("without events: the funnel and commitments, and a note instead of plan vs actual", () => {
    const d = planData({ ir: ir(SKETCH), events: null, report: null });
    if (d.status !== "ok") throw new Error(d.status);
    expect(d.actual).toBeNull();
    expect(d.actualNote).toMatch(/not kept as events/);
    const empty = planData({ ir: ir(SKETCH), events: [], report: null });
    if (empty.status !== "ok") throw new Error(empty.status);
    expect(empty.actualNote).toMatch(/no events/);
  });

  it("commitments next to the stage they deliver: short of a revenue plan (SLA480), a forecast, unrelated", () => {
    // square2: $100,000 a month at $10,000 a deal, lead to customer 10% -> 100 leads a month
    const text = `sla "x"
fields { score: number }
define lead when score >= 1
define customer when score >= 90
persona anyone otherwise
action any otherwise
value {
  columns any
  anyone: $10
}
marketing delivers 80 lead per month
marketing delivers 1_300 lead per year
marketing delivers $5,000 in lead per month
marketing delivers 3 customer per quarter
plan {
  revenue $100,000 per month
  average deal $10,000
  lead to customer 10%
}
`;
    const c = compileSource(text);
    expect(c.diagnostics.map((d) => d.code)).toContain("SLA480");
    const spec = c.ir!;
    const sim2 = new Simulator();
    const report = sim2.run(spec).report;
    const d = planData({ ir: spec, events: null, report });
    if (d.status !== "ok") throw new Error(d.status);
    expect(d.commitments.map((x) => [x.text, x.stage, x.needed, x.verdict])).toEqual([
      ["80 lead per month", "lead", 100, "short"],
      ["1,300 lead per year", "lead", 1200, "carries"],
      ["$5,000 in lead per month", "lead", null, "unrelated"],
      ["3 customer per quarter", "customer", 30, "short"],
    ]);
    for (const x of d.commitments) expect(x.held).toEqual({ held: expect.any(Number), periods: expect.any(Number) });
    // a volume plan is a forecast: no floor
    const vol = ir(text.replace("revenue $100,000 per month\n  average deal $10,000", "volume 1_000 per month"));
    const dv = planData({ ir: vol, events: null, report: null });
    if (dv.status !== "ok") throw new Error(dv.status);
    expect(dv.commitments.map((x) => x.verdict)).toEqual(["forecast", "forecast", "unrelated", "forecast"]);
    expect(dv.commitments.every((x) => x.held === null)).toBe(true);
  });

  it("the sketch's commitments name VQL, which is no plan stage", () => {
    const d = planData({ ir: ir(SKETCH), events: null, report: null });
    if (d.status !== "ok") throw new Error(d.status);
    expect(d.commitments.map((x) => [x.text, x.verdict])).toEqual([
      ["300 VQL per quarter", "unrelated"],
      ["$84,000 in VQL per month", "unrelated"],
    ]);
  });

  it("is plain data (it crosses postMessage)", () => {
    const d = planData({ ir: ir(SKETCH), events, report: null }, { opportunity: "demo.held" });
    expect(structuredClone(d)).toEqual(d);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});

describe("Session.plan", () => {
  it("answers for the current version over the current data (as planData over the generated events)", async () => {
    const { Session } = await import("../../playground/src/worker/session.ts");
    const { GeneratedSource } = await import("../../playground/src/simulator.ts");
    const DATA = { seed: 42, leads: 300, start: "2027-01-01", months: 3 };
    const s = new Session(new GeneratedSource(DATA));
    expect(await s.plan()).toEqual({ status: "no-spec" });
    s.check(SKETCH, 1);
    // before any replay: prepared on demand
    const before = await s.plan({ opportunity: "demo.held" });
    if (before.status !== "ok") throw new Error(before.status);
    const spec = ir(SKETCH);
    const list = [...new GeneratedSource(DATA).prepare(spec).list()].map((r) => r.event);
    expect(before.actual).toEqual(planActual(spec, list, { overrides: new Map([["opportunity", "demo.held"]]) }));
    expect(before.actual!.breaks).toMatchObject({ from: "lead", to: "opportunity" });
    expect(before.dataLabel).toMatch(/generated quarter/);
    await s.simulate(1);
    const after = await s.plan();
    if (after.status !== "ok") throw new Error(after.status);
    expect(after.commitments.every((c) => c.held !== null)).toBe(true);
    s.check(SKETCH.replace(/# The funnel math[\s\S]*$/, ""), 2);
    expect(await s.plan()).toEqual({ status: "no-plan" });
  });
});
