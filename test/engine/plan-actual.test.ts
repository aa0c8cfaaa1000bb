// Plan vs actual (issue 13 part 2), on hand-computed cases, and `sla plan --events`.
import { describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import { planActual, stageSources } from "../../engine/plan-actual.ts";
import { compileSource } from "../../language/compile.ts";
import { sla } from "../run-sla.ts";

const ir = compileSource(`sla "t"
timezone "UTC"
fields {
  score: number
  source: text
}
define MQL when score >= 50
define SQL when score >= 80
segment everyone otherwise
plan {
  revenue $120,000 per year
  average deal $10,000
  lead to MQL 50%
  MQL to SQL 50%
  SQL to customer 50%
}
`).ir!;

const at = (month: number, day: number) => Date.UTC(2027, month - 1, day, 12);
let n = 0;
const created = (lead: string, t: number, score: number, source = "web"): SlaEvent => ({
  id: `e${++n}`,
  at: t,
  type: "lead.created",
  lead,
  fields: { score, source },
});
const updated = (lead: string, t: number, score: number): SlaEvent => ({
  id: `e${++n}`,
  at: t,
  type: "lead.updated",
  lead,
  fields: { score },
});
const custom = (lead: string, t: number, name: string): SlaEvent =>
  ({ id: `e${++n}`, at: t, type: "custom", name, lead }) as SlaEvent;

// January: 4 leads; 2 become MQL (one of them SQL too); one deal won.
// February: 2 more leads, one MQL; L3 (a January lead) becomes MQL and SQL in
// February; a second deal is won, for L3.
const EVENTS: SlaEvent[] = [
  created("L1", at(1, 5), 90, "web"),
  created("L2", at(1, 6), 60, "ads"),
  created("L3", at(1, 7), 10, "web"),
  created("L4", at(1, 8), 10, "ads"),
  custom("L1", at(1, 20), "customer.won"),
  created("L5", at(2, 3), 55, "web"),
  created("L6", at(2, 4), 5, "web"),
  updated("L3", at(2, 10), 85),
  custom("L3", at(2, 20), "customer.won"),
];

describe("plan vs actual", () => {
  it("where each stage is counted from", () => {
    expect(
      stageSources(ir, ["lead", "MQL", "customer", "opportunity"], new Map([["opportunity", "demo.held"]])),
    ).toEqual([
      { kind: "created" },
      { kind: "term", term: "MQL" },
      { kind: "event-prefix", prefix: "customer." },
      { kind: "event", type: "demo.held" },
    ]);
  });
  it("volumes and rates per month, by hand", () => {
    const r = planActual(ir, EVENTS)!;
    expect(r.months).toEqual(["2027-01", "2027-02"]);
    // plan: 12 customers a year, 24 SQL, 48 MQL, 96 leads: 1, 2, 4, 8 a month
    expect(r.stages.map((s) => [s.stage, s.planPerMonth, s.months])).toEqual([
      ["lead", 8, { "2027-01": 4, "2027-02": 2 }],
      ["MQL", 4, { "2027-01": 2, "2027-02": 2 }], // L1, L2; L5, L3
      ["SQL", 2, { "2027-01": 1, "2027-02": 1 }], // L1; L3
      ["customer", 1, { "2027-01": 1, "2027-02": 1 }],
    ]);
    // lead -> MQL: Jan 2/4 = 50%, Feb 2/2 = 100%, overall 4/6 = 66.7%
    // MQL -> SQL: Jan 1/2, Feb 1/2, overall 2/4 = 50%
    // SQL -> customer: 1/1, 1/1, overall 100%
    expect(r.steps.map((s) => [s.from, s.to, s.months, s.overall])).toEqual([
      ["lead", "MQL", { "2027-01": 0.5, "2027-02": 1 }, 4 / 6],
      ["MQL", "SQL", { "2027-01": 0.5, "2027-02": 0.5 }, 0.5],
      ["SQL", "customer", { "2027-01": 1, "2027-02": 1 }, 1],
    ]);
    expect(r.breaks).toBeNull(); // every step at or above 50%
  });
  it("the stage that breaks the math is the step furthest below its plan rate", () => {
    // without L3's upgrade: MQL -> SQL is 1/3 (33%, 0.67 of plan); lead -> MQL 3/6 (50%, 1.0 of plan)
    const r = planActual(
      ir,
      EVENTS.filter((e) => e.type !== "lead.updated"),
    )!;
    expect(r.breaks).toEqual({ from: "MQL", to: "SQL", plan: 0.5, actual: 1 / 3 });
  });
  it("--by a field counts each stage per value of the field", () => {
    const r = planActual(ir, EVENTS, { by: "source" })!;
    expect(r.stages[0].byGroup).toEqual({ ads: { "2027-01": 2 }, web: { "2027-01": 2, "2027-02": 2 } });
    expect(r.stages[1].byGroup).toEqual({ ads: { "2027-01": 1 }, web: { "2027-01": 1, "2027-02": 2 } });
  });
  it("a stage with no events has no numbers, and the steps next to it no rates", () => {
    const r = planActual(
      ir,
      EVENTS.filter((e) => e.type !== "custom"),
    )!;
    expect(r.stages[3].source).toEqual({ kind: "none" });
    expect(r.steps[2].overall).toBeNull();
  });
});

describe("sla plan --events", () => {
  const SPEC = "specs/examples/inbound/inbound.sla";
  const EVENTS_FILE = "specs/examples/inbound/events.jsonl";
  it("prints the stages per month, the rates and the step that breaks the math", { timeout: 60_000 }, async () => {
    const r = await sla("plan", SPEC, "--events", EVENTS_FILE, "--stage", "opportunity=demo.held", "--by", "source");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/lead +lead\.created +24 +989 +932 +1,079/);
    expect(r.out).toMatch(/opportunity +demo\.held +17 +59 +50 +73/);
    expect(r.out).toContain("The step that breaks the math: lead → opportunity, 6.1% against 70.0% planned.");
    expect(r.out).toContain("By source:");
    const json = JSON.parse((await sla("plan", SPEC, "--events", EVENTS_FILE, "--format", "json")).out);
    expect(json.stages.map((s: { source: { kind: string } }) => s.source.kind)).toEqual(["created", "none", "none"]);
  });
  it("bad --stage and --by are usage errors", async () => {
    const s = await sla("plan", SPEC, "--events", EVENTS_FILE, "--stage", "deal=demo.held");
    expect([s.code, s.err]).toEqual([
      2,
      "sla plan: --stage: the plan has no stage 'deal' (stages: lead, opportunity, customer)\n",
    ]);
    expect((await sla("plan", SPEC, "--events", EVENTS_FILE, "--stage", "opportunity")).err).toContain(
      "is not STAGE=EVENT.TYPE",
    );
    expect((await sla("plan", SPEC, "--events", EVENTS_FILE, "--by", "nope")).err).toContain("no field 'nope'");
    expect((await sla("plan", SPEC, "--by", "source")).err).toContain("need --events");
  });
});

describe("sla simulate --plan-actual", () => {
  const SPEC = "specs/examples/inbound/inbound.sla";
  const EVENTS_FILE = "specs/examples/inbound/events.jsonl";
  const args = ["simulate", SPEC, "--events", EVENTS_FILE, "--plan-actual", "--stage", "opportunity=demo.held"];
  it("adds the section to every format (up to --until)", { timeout: 60_000 }, async () => {
    const t = await sla(...args, "--until", "2027-03-13");
    expect(t.code).toBe(0);
    expect(t.out).toMatch(
      /Plan vs actual\n {2}stage +counted from +plan\/month +2027-01 +2027-02 +2027-03\n {2}lead +lead\.created +24 +989 +932 +467/,
    );
    const md = await sla(...args, "--format", "md");
    expect(md.out).toContain(
      "#### Plan vs actual\n\n| Stage | Counted from | Plan/month | 2027-01 | 2027-02 | 2027-03 |",
    );
    expect(md.out).toContain("The step that breaks the math: lead → opportunity, 6.1% against 70.0% planned.");
    const html = await sla(...args, "--format", "html");
    expect(html.out).toContain('<section id="plan-actual">');
    const json = JSON.parse((await sla(...args, "--format", "json")).out);
    expect(json.planActual.breaks).toEqual({
      from: "lead",
      to: "opportunity",
      plan: 0.7,
      actual: json.planActual.steps[0].overall,
    });
  });
  it("needs a plan, a JSONL file, and --plan-actual for --stage/--by", async () => {
    expect((await sla("simulate", SPEC, "--events", EVENTS_FILE, "--stage", "opportunity=demo.held")).err).toContain(
      "--stage and --by need --plan-actual",
    );
    expect((await sla("simulate", "specs/seeds/madkudu.sla", "--events", EVENTS_FILE, "--plan-actual")).err).toContain(
      "has no 'plan",
    );
  });
});
