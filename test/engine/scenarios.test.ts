// Hand-computed replay scenarios: every expected instant below was worked out
// by hand from the calendar and the rules, not by running the engine.
import { describe, expect, it } from "vitest";
import { BUILTIN_TYPES, type SlaEvent } from "../../engine/events.ts";
import { IngestError } from "../../engine/problems.ts";
import { simulate } from "../../engine/simulate.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";

function spec(body: string): IR {
  const src = `sla "test"\ntimezone "America/New_York"\n${body}`;
  const r = compileSource(src);
  if (!r.ir) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  return r.ir;
}

let n = 0;
/** An event as the engine sees it: a dotted type that is not built in becomes a "custom" event with that name. */
function ev(type: string, at: string, rest: Record<string, unknown> = {}): SlaEvent {
  const tag = (BUILTIN_TYPES as readonly string[]).includes(type) ? { type } : { type: "custom", name: type };
  return { id: `e${++n}`, at: Date.parse(at), ...tag, ...rest } as SlaEvent;
}
const created = (lead: string, at: string, fields: Record<string, unknown>, owner?: string) =>
  ev("lead.created", at, owner ? { lead, fields, owner } : { lead, fields });
const touch = (lead: string, at: string) => ev("touch", at, { lead, by: "ana" });
const until = (iso: string) => ({ until: Date.parse(iso) });

const FIELDS = `fields {
  source: one of "demo", "trial", "webinar"
  score: number
  status: text
  title: text
}
calendar business {
  open mon-fri 09:00-17:30
  closed 2027-01-01
}
team sdr {
  members ana, ben, chloe
  manager maria
}
`;

describe("respond, calendar time", () => {
  const ir = spec(`${FIELDS}segment all otherwise\nrespond to all within 5m\n  on breach tag "late"`);
  it("a touch at the exact due instant meets", () => {
    const r = simulate(ir, [created("L1", "2027-01-04T14:03:00Z", {}), touch("L1", "2027-01-04T14:08:00Z")]);
    expect(r.obligations[0]).toMatchObject({ inScope: 1, met: 1, breached: 0, pending: 0, compliance: 1 });
  });
  it("one millisecond late breaches at the due instant", () => {
    const r = simulate(ir, [created("L1", "2027-01-04T14:03:00Z", {}), touch("L1", "2027-01-04T14:08:00.001Z")]);
    expect(r.obligations[0]).toMatchObject({ met: 0, breached: 1 });
    expect(r.breaches[0]).toMatchObject({
      lead: "L1",
      due: "2027-01-04T14:08:00Z",
      actions: [{ type: "tag", label: "late" }],
    });
  });
  it("an open clock at the end of data is pending, never met or breached", () => {
    const r = simulate(ir, [created("L1", "2027-01-04T14:03:00Z", {}), created("L2", "2027-01-04T14:07:00Z", {})]);
    expect(r.obligations[0]).toMatchObject({ inScope: 2, met: 0, breached: 0, pending: 2, compliance: null });
  });
  it("--until fires deadlines up to that instant", () => {
    const r = simulate(ir, [created("L1", "2027-01-04T14:03:00Z", {})], until("2027-01-04T14:08:00Z"));
    expect(r.obligations[0]).toMatchObject({ breached: 1, pending: 0 });
    const r2 = simulate(ir, [created("L1", "2027-01-04T14:03:00Z", {})], until("2027-01-04T14:07:59.999Z"));
    expect(r2.obligations[0]).toMatchObject({ breached: 0, pending: 1 });
  });
});

describe("respond, business hours (mon-fri 09:00-17:30 America/New_York)", () => {
  const ir = spec(`${FIELDS}segment all otherwise\nrespond to all within 1 business hours`);
  const due = (createdAt: string) =>
    simulate(ir, [created("L1", createdAt, {})], until("2027-12-31T00:00:00Z")).breaches[0].due;
  it("across a weekend: Fri 17:00 + 1h = Mon 09:30", () => {
    expect(due("2027-01-08T22:00:00Z")).toBe("2027-01-11T14:30:00Z");
  });
  it("across a holiday: Thu 2026-12-31 17:00 + 1h skips Fri 2027-01-01", () => {
    expect(due("2026-12-31T22:00:00Z")).toBe("2027-01-04T14:30:00Z");
  });
  it("created at night: the clock starts at opening", () => {
    expect(due("2027-01-05T03:00:00Z")).toBe("2027-01-05T15:00:00Z"); // Tue 09:00 EST + 1h
  });
  it("ends exactly at closing time rather than at the next opening", () => {
    expect(due("2027-01-05T21:30:00Z")).toBe("2027-01-05T22:30:00Z"); // Tue 16:30 EST + 1h = 17:30
  });
  it("spring forward weekend (2027-03-14): Fri 17:00 EST + 1h = Mon 09:30 EDT", () => {
    expect(due("2027-03-12T22:00:00Z")).toBe("2027-03-15T13:30:00Z");
  });
  it("fall back weekend (2027-11-07): Fri 17:00 EDT + 1h = Mon 09:30 EST", () => {
    expect(due("2027-11-05T21:00:00Z")).toBe("2027-11-08T14:30:00Z");
  });
  it("24 business hours = 24h of open time (2 days 7 hours of 8.5h days)", () => {
    const ir24 = spec(`${FIELDS}segment all otherwise\nrespond to all within 24 business hours`);
    const r = simulate(ir24, [created("L1", "2027-01-04T14:00:00Z", {})], until("2027-02-01T00:00:00Z"));
    // Mon 09:00 -> Mon 17:30 (8.5h), Tue (8.5h) = 17h, Wed 09:00 + 7h = 16:00 EST = 21:00Z
    expect(r.breaches[0].due).toBe("2027-01-06T21:00:00Z");
  });
});

describe("pause while", () => {
  const ir = spec(`${FIELDS}segment all otherwise
respond to all within 2 business hours
  pause while status = "waiting on customer"`);
  it("paused time does not count", () => {
    const r = simulate(
      ir,
      [
        created("L1", "2027-01-04T14:00:00Z", { status: "new" }), // Mon 09:00 EST
        ev("lead.updated", "2027-01-04T15:00:00Z", { lead: "L1", fields: { status: "waiting on customer" } }), // 1h used
        ev("lead.updated", "2027-01-04T18:00:00Z", { lead: "L1", fields: { status: "working" } }), // resume at 13:00
      ],
      until("2027-01-10T00:00:00Z"),
    );
    expect(r.breaches[0].due).toBe("2027-01-04T19:00:00Z"); // 13:00 + 1h left
  });
  it("a lead created paused starts its clock on resume; a touch while paused meets", () => {
    const r = simulate(
      ir,
      [
        created("L1", "2027-01-04T14:00:00Z", { status: "waiting on customer" }),
        ev("lead.updated", "2027-01-05T14:00:00Z", { lead: "L1", fields: { status: null } }), // unset -> resumes Tue 09:00
        created("L2", "2027-01-04T14:00:00Z", { status: "waiting on customer" }),
        touch("L2", "2027-01-20T14:00:00Z"),
      ],
      until("2027-01-30T00:00:00Z"),
    );
    expect(r.breaches.map((b) => [b.lead, b.due])).toEqual([["L1", "2027-01-05T16:00:00Z"]]);
    expect(r.obligations[0]).toMatchObject({ met: 1, breached: 1 });
  });
});

describe("warn at", () => {
  const ir = spec(`${FIELDS}segment all otherwise\nrespond to all within 10m\n  warn at 80%`);
  it("fires once at 80% of the window, and the lead can still be met", () => {
    const r = simulate(ir, [created("L1", "2027-01-04T14:00:00Z", {}), touch("L1", "2027-01-04T14:09:00Z")]);
    expect(r.warnings).toEqual([expect.objectContaining({ lead: "L1", at: "2027-01-04T14:08:00Z" })]);
    expect(r.obligations[0]).toMatchObject({ met: 1, warnings: 1 });
  });
  it("no warning when touched before 80%", () => {
    const r = simulate(ir, [
      created("L1", "2027-01-04T14:00:00Z", {}),
      touch("L1", "2027-01-04T14:07:59Z"),
      touch("L1", "2027-01-04T15:00:00Z"),
    ]);
    expect(r.warnings).toEqual([]);
  });
});

describe("cadence", () => {
  const ir = spec(`${FIELDS}segment all otherwise\ncadence all 3 touches within 1d\n  on breach escalate to manager`);
  it("met by the Nth touch inside the window, breached at the window otherwise", () => {
    const r = simulate(ir, [
      created("L1", "2027-01-04T14:00:00Z", {}, "ana"),
      touch("L1", "2027-01-04T15:00:00Z"),
      touch("L1", "2027-01-04T16:00:00Z"),
      touch("L1", "2027-01-05T14:00:00Z"), // exactly at the window: meets
      created("L2", "2027-01-04T14:00:00Z", {}, "ben"),
      touch("L2", "2027-01-04T15:00:00Z"),
      touch("L2", "2027-01-04T16:00:00Z"),
      touch("L2", "2027-01-05T14:00:01Z"),
    ]);
    expect(r.obligations[0]).toMatchObject({ met: 1, breached: 1 });
    expect(r.breaches[0]).toMatchObject({
      lead: "L2",
      due: "2027-01-05T14:00:00Z",
      owner: "ben",
      actions: [{ type: "escalate", to: "maria" }],
    });
  });
});

describe("expect", () => {
  const ir = spec(`${FIELDS}expect demo.held or noshow.reported within 13m after demo.started`);
  it("every start event starts its own clock; one closing event meets all open ones", () => {
    const r = simulate(ir, [
      created("L1", "2027-01-04T14:00:00Z", {}),
      ev("demo.started", "2027-01-04T15:00:00Z", { lead: "L1" }),
      ev("demo.started", "2027-01-04T15:05:00Z", { lead: "L1" }),
      ev("demo.held", "2027-01-04T15:14:00Z", { lead: "L1" }),
      ev("demo.started", "2027-01-04T16:00:00Z", { lead: "L1" }),
      ev("noshow.reported", "2027-01-04T16:13:00Z", { lead: "L1" }),
    ]);
    expect(r.obligations[0]).toMatchObject({ inScope: 3, met: 2, breached: 1, pending: 0 });
    expect(r.breaches[0].due).toBe("2027-01-04T15:13:00Z");
  });
});

describe("round robin", () => {
  const ir = spec(
    `${FIELDS}segment all otherwise\nrespond to all within 5m\n  on breach reassign round robin sdr, escalate to manager`,
  );
  it("starts with the first member, skips the current owner and reps who are away", () => {
    const r = simulate(
      ir,
      [
        ev("rep.away", "2027-01-04T00:00:00Z", { rep: "ben", until: Date.parse("2027-01-05T00:00:00Z") }),
        created("L1", "2027-01-04T14:00:00Z", {}, "ana"), // ana owns: skip ana, ben away -> chloe
        created("L2", "2027-01-04T14:10:00Z", {}, "chloe"), // next after chloe: ana
        created("L3", "2027-01-04T14:20:00Z", {}), // next after ana: ben (away) -> chloe
        created("L4", "2027-01-05T14:00:00Z", {}), // ben is back: next after chloe: ana
        created("L5", "2027-01-05T14:10:00Z", {}), // then ben
      ],
      until("2027-01-06T00:00:00Z"),
    );
    expect(r.breaches.map((b) => [b.lead, b.actions])).toEqual([
      [
        "L1",
        [
          { type: "reassign", to: "chloe" },
          { type: "escalate", to: "maria" },
        ],
      ],
      [
        "L2",
        [
          { type: "reassign", to: "ana" },
          { type: "escalate", to: "maria" },
        ],
      ],
      [
        "L3",
        [
          { type: "reassign", to: "chloe" },
          { type: "escalate", to: "maria" },
        ],
      ],
      [
        "L4",
        [
          { type: "reassign", to: "ana" },
          { type: "escalate", to: "maria" },
        ],
      ],
      [
        "L5",
        [
          { type: "reassign", to: "ben" },
          { type: "escalate", to: "maria" },
        ],
      ],
    ]);
    expect(r.breaches[0].owner).toBe("ana");
  });
  it("flags assignments to reps who are away", () => {
    const r = simulate(ir, [
      ev("rep.away", "2027-01-04T00:00:00Z", { rep: "ben", until: Date.parse("2027-01-05T00:00:00Z") }),
      created("L1", "2027-01-04T14:00:00Z", {}),
      ev("lead.assigned", "2027-01-04T14:00:01Z", { lead: "L1", owner: "ben" }),
      touch("L1", "2027-01-04T14:01:00Z"),
    ]);
    expect(r.anomalies).toEqual([
      expect.objectContaining({ kind: "assigned-while-away", owner: "ben", count: 1, examples: ["L1"] }),
    ]);
  });
});

describe("segments and commitments", () => {
  const ir = spec(`${FIELDS}define VQL when score >= 60
segment hot when VQL and source = "demo"
segment rest otherwise
persona exec when title in ("CEO", "CFO")
persona other otherwise
action demo when source = "demo"
action content otherwise
value {
  columns demo, content
  exec: $100, $10
  other: $40, $4
}
marketing delivers 2 VQL per month
marketing delivers $100 in VQL per month
respond to hot within 5m`);
  it("a lead enters a segment after an update; the clock starts then", () => {
    const r = simulate(ir, [
      created("L1", "2027-01-04T14:00:00Z", { source: "demo", score: 10 }),
      ev("lead.updated", "2027-01-04T15:00:00Z", { lead: "L1", fields: { score: 80 } }),
      touch("L1", "2027-01-04T15:04:00Z"),
    ]);
    expect(r.obligations[0]).toMatchObject({ inScope: 1, met: 1 });
    expect(r.obligations[0].responseTimes.calendar).toMatchObject({ count: 1, p50: 240 });
  });
  it("counts leads in the month (SLA time zone) they first match", () => {
    const r = simulate(ir, [
      created("L1", "2027-02-01T04:30:00Z", { source: "demo", score: 70, title: "CEO" }), // Jan 31 23:30 EST
      touch("L1", "2027-02-01T04:31:00Z"),
      created("L2", "2027-02-01T05:30:00Z", { source: "webinar", score: 90 }), // Feb 1 00:30 EST
      created("L3", "2027-02-01T06:00:00Z", { source: "webinar", score: 10 }),
      ev("lead.updated", "2027-02-02T06:00:00Z", { lead: "L3", fields: { score: 65, title: "CFO" } }),
      ev("lead.updated", "2027-02-03T06:00:00Z", { lead: "L3", fields: { score: 99 } }), // already counted
    ]);
    const [count, value] = r.commitments;
    expect(count.periods).toEqual([
      { period: "2027-01", actual: 1, held: false, partial: true },
      { period: "2027-02", actual: 2, held: true, partial: true },
    ]);
    expect(value.periods.map((p) => [p.period, p.actual, p.held])).toEqual([
      ["2027-01", 100, true],
      ["2027-02", 14, false],
    ]);
  });
});

describe("bad input and bookkeeping", () => {
  const ir = spec(`${FIELDS}segment all otherwise\nrespond to all within 5m`);
  it("an event for an unknown lead stops a strict run with its location", () => {
    expect(() => simulate(ir, [touch("nope", "2027-01-04T14:00:00Z")])).toThrow(IngestError);
    expect(() => simulate(ir, [touch("nope", "2027-01-04T14:00:00Z")])).toThrow(
      /events:1: touch for unknown lead "nope"/,
    );
  });
  it("lenient runs count what they skip", () => {
    const r = simulate(ir, [touch("nope", "2027-01-04T14:00:00Z"), created("L1", "2027-01-04T14:00:00Z", {})], {
      lenient: true,
    });
    expect(r.rejected.count).toBe(1);
    expect(r.leads).toBe(1);
  });
  it("duplicate ids are dropped and counted; __proto__ is an ordinary lead id", () => {
    const a = created("__proto__", "2027-01-04T14:00:00Z", {});
    const t = touch("__proto__", "2027-01-04T14:01:00Z");
    const r = simulate(ir, [a, a, t, { ...t }, created("constructor", "2027-01-04T14:00:00Z", {})]);
    expect(r.duplicates).toBe(2);
    expect(r.leads).toBe(2);
    expect(r.obligations[0]).toMatchObject({ inScope: 2, met: 1, pending: 1 });
  });
  it("input order does not matter", () => {
    const evs = [
      created("L1", "2027-01-04T14:00:00Z", {}),
      touch("L1", "2027-01-04T14:06:00Z"),
      created("L2", "2027-01-04T14:01:00Z", {}),
      touch("L2", "2027-01-04T14:02:00Z"),
    ];
    const a = simulate(ir, evs);
    const b = simulate(ir, [...evs].reverse());
    expect(b).toEqual(a);
  });
});

describe("expect on built-in lead events", () => {
  const ir = spec(`${FIELDS}expect touch within 1h after lead.assigned
  on breach escalate to manager, reassign round robin sdr`);
  it("a touch within an hour of each assignment; escalation goes to the reassign team's manager whatever the order", () => {
    const r = simulate(ir, [
      created("L1", "2027-01-04T14:00:00Z", {}),
      ev("lead.assigned", "2027-01-04T14:00:00Z", { lead: "L1", owner: "ana" }),
      touch("L1", "2027-01-04T14:30:00Z"),
      ev("lead.assigned", "2027-01-04T15:00:00Z", { lead: "L1", owner: "ben" }),
      touch("L1", "2027-01-04T16:00:01Z"),
    ]);
    expect(r.obligations[0]).toMatchObject({ inScope: 2, met: 1, breached: 1 });
    expect(r.breaches[0]).toMatchObject({
      due: "2027-01-04T16:00:00Z",
      owner: "ben",
      actions: [
        { type: "escalate", to: "maria" },
        { type: "reassign", to: "ana" },
      ],
    });
  });
});

describe("the sketch's own example", () => {
  it("LANGUAGE.md's events against LANGUAGE.md's SLA mean what its comments say", async () => {
    const { readFileSync } = await import("node:fs");
    const md = readFileSync("test/fixtures/syntax/LANGUAGE.md", "utf8");
    const r0 = compileSource(md.split("```")[1]);
    expect(r0.diagnostics).toEqual([]);
    const { parseJsonlText } = await import("../../engine/ingest/jsonl.ts");
    const lines = md
      .split("\n")
      .filter((l) => l.startsWith('{"id"'))
      .join("\n");
    const { events } = parseJsonlText(lines, { file: "sketch", ir: r0.ir!, lenient: false });
    expect(events).toHaveLength(6);
    const r = simulate(r0.ir!, events);
    const byName = Object.fromEntries(r.obligations.map((o) => [o.name, o]));
    // L1 is a demo request from a 120-person company with score 70: a hand raiser,
    // touched by ana 2m55s after it was created (within 5m).
    expect(byName["respond hand_raisers"]).toMatchObject({ inScope: 1, met: 1, breached: 0 });
    expect(byName["respond hand_raisers"].responseTimes.calendar.p50).toBe(180);
    // the demo started at the very end of the data: its 13m clock is pending
    expect(byName["expect demo.held or noshow.reported after demo.started"]).toMatchObject({ inScope: 1, pending: 1 });
    // worth $40 (no title: persona manager; action demo) to the value commitment
    expect(r.commitments[1].periods).toEqual([{ period: "2027-01", actual: 40, held: false, partial: true }]);
  });
});
