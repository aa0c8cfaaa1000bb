// Which touches count (`by call`, `by owner`, `by team`), people written with
// aliases, and actions at the warning (`warn at 80% notify ...`). Expected
// instants and targets are worked out by hand from the rules.
import { describe, expect, it } from "vitest";
import { BUILTIN_TYPES, type SlaEvent } from "../../engine/events.ts";
import { PreparedEvents, prepareDecoded, replayPrepared } from "../../engine/prepared.ts";
import { simulate } from "../../engine/simulate.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";

function spec(body: string): IR {
  const src = `sla "test"\ntimezone "America/New_York"\nfields {\n  source: text\n}\n${body}`;
  const r = compileSource(src);
  if (!r.ir) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  return r.ir;
}

let n = 0;
function ev(type: string, at: string, rest: Record<string, unknown> = {}): SlaEvent {
  const tag = (BUILTIN_TYPES as readonly string[]).includes(type) ? { type } : { type: "custom", name: type };
  return { id: `e${++n}`, at: Date.parse(at), ...tag, ...rest } as SlaEvent;
}
const created = (lead: string, at: string, owner?: string) =>
  ev("lead.created", at, owner ? { lead, fields: {}, owner } : { lead, fields: {} });
const touch = (lead: string, at: string, extra: { by?: string; channel?: string } = {}) =>
  ev("touch", at, { lead, ...extra });

/** The replay ends at the last event: this one, hours later, lets every clock run out. */
const END = () => ev("rep.away", "2027-01-04T23:00:00Z", { rep: "nobody", until: Date.parse("2027-01-05T00:00:00Z") });

/** The report from a plain replay, after checking the prepared replay (and its bytes) agree. */
function replay(ir: IR, events: SlaEvent[]) {
  events = [...events, END()];
  const plain = simulate(ir, events);
  const p = prepareDecoded(ir, events, { file: "t" });
  expect(replayPrepared(ir, p)).toEqual(plain);
  expect(replayPrepared(ir, PreparedEvents.deserialize(p.serialize()))).toEqual(plain);
  return plain;
}

const TEAM = `team sdr {
  members jen ("Jen Park", "jen@acme.com"), sam, "Lee Chan"
  manager maria
}
`;

describe("respond by channel", () => {
  const ir = spec(`${TEAM}segment all otherwise\nrespond to all within 5m by call\n  on breach tag "late"`);
  it("a call answers `by call`", () => {
    const r = replay(ir, [
      created("L1", "2027-01-04T14:00:00Z"),
      touch("L1", "2027-01-04T14:03:00Z", { channel: "call" }),
    ]);
    expect(r.obligations[0]).toMatchObject({ met: 1, breached: 0 });
  });
  it("an email does not: the clock breaches at 14:05 although the lead was emailed at 14:01", () => {
    const r = replay(ir, [
      created("L1", "2027-01-04T14:00:00Z"),
      touch("L1", "2027-01-04T14:01:00Z", { channel: "email", by: "jen" }),
      touch("L1", "2027-01-04T14:07:00Z", { channel: "call" }),
    ]);
    expect(r.obligations[0]).toMatchObject({ met: 0, breached: 1 });
    expect(r.breaches[0].due).toBe("2027-01-04T14:05:00Z");
    // the late call is the response time (7 minutes), not the email
    expect(r.obligations[0].responseTimes.calendar.p50).toBe(420);
  });
  it("a touch without a channel does not count; channels compare ignoring case", () => {
    const r = replay(ir, [
      created("L1", "2027-01-04T14:00:00Z"),
      touch("L1", "2027-01-04T14:01:00Z"),
      created("L2", "2027-01-04T14:00:00Z"),
      touch("L2", "2027-01-04T14:01:00Z", { channel: " CALL " }),
    ]);
    expect(r.breaches.map((b) => b.lead)).toEqual(["L1"]);
  });
  it("`by call or meeting` takes either", () => {
    const ir2 = spec(`segment all otherwise\nrespond to all within 5m by call or meeting`);
    const r = replay(ir2, [
      created("L1", "2027-01-04T14:00:00Z"),
      touch("L1", "2027-01-04T14:01:00Z", { channel: "meeting" }),
      created("L2", "2027-01-04T14:00:00Z"),
      touch("L2", "2027-01-04T14:01:00Z", { channel: "sms" }),
    ]);
    expect(r.obligations[0]).toMatchObject({ met: 1, breached: 1 });
  });
});

describe("by owner, by team", () => {
  const ir = spec(`${TEAM}segment all otherwise\nrespond to all within 5m by owner\n  on breach tag "late"`);
  it("`by owner` ignores a touch by someone else", () => {
    const r = replay(ir, [
      created("L1", "2027-01-04T14:00:00Z", "jen"),
      touch("L1", "2027-01-04T14:01:00Z", { by: "sam", channel: "call" }),
      touch("L1", "2027-01-04T14:06:00Z", { by: "jen", channel: "call" }),
    ]);
    expect(r.obligations[0]).toMatchObject({ met: 0, breached: 1 });
  });
  it("the owner's touch under an alias or another case counts", () => {
    const r = replay(ir, [
      created("L1", "2027-01-04T14:00:00Z", "Jen Park"),
      touch("L1", "2027-01-04T14:01:00Z", { by: "JEN@acme.com" }),
      created("L2", "2027-01-04T14:00:00Z", "lee chan"),
      touch("L2", "2027-01-04T14:02:00Z", { by: "Lee  Chan" }),
    ]);
    expect(r.obligations[0]).toMatchObject({ met: 2, breached: 0 });
  });
  it("a lead without an owner, or a touch without `by`, never meets `by owner`", () => {
    const r = replay(ir, [
      created("L1", "2027-01-04T14:00:00Z"),
      touch("L1", "2027-01-04T14:01:00Z", { by: "jen" }),
      created("L2", "2027-01-04T14:00:00Z", "jen"),
      touch("L2", "2027-01-04T14:01:00Z"),
    ]);
    expect(r.obligations[0]).toMatchObject({ met: 0, breached: 2 });
  });
  it("`by team sdr` takes any member or the manager, not an outsider; `by call` and `by owner` together need both", () => {
    const ir2 = spec(
      `${TEAM}segment all otherwise\nrespond to all within 5m by team sdr\ncadence all 2 touches within 1h by call by owner`,
    );
    const r = replay(ir2, [
      created("L1", "2027-01-04T14:00:00Z", "sam"),
      touch("L1", "2027-01-04T14:01:00Z", { by: "marketing-bot", channel: "call" }),
      touch("L1", "2027-01-04T14:02:00Z", { by: "maria", channel: "email" }),
      touch("L1", "2027-01-04T14:03:00Z", { by: "sam", channel: "email" }),
      touch("L1", "2027-01-04T14:04:00Z", { by: "sam", channel: "call" }),
      touch("L1", "2027-01-04T14:30:00Z", { by: "jen", channel: "call" }),
      touch("L1", "2027-01-04T14:40:00Z", { by: "sam", channel: "Call" }),
    ]);
    const [respond, cadence] = r.obligations;
    expect(respond).toMatchObject({ met: 1 });
    expect(respond.responseTimes.calendar.p50).toBe(120); // maria at 14:02
    expect(cadence).toMatchObject({ met: 1 });
    expect(cadence.responseTimes.calendar.p50).toBe(40 * 60); // sam's second call at 14:40
  });
  it("expect touch ... by owner: an owner follow-up after each assignment", () => {
    const ir2 = spec(`${TEAM}expect touch within 1h after lead.assigned by owner\n  on breach tag "no follow-up"`);
    const r = replay(ir2, [
      created("L1", "2027-01-04T14:00:00Z"),
      ev("lead.assigned", "2027-01-04T14:00:00Z", { lead: "L1", owner: "sam" }),
      touch("L1", "2027-01-04T14:10:00Z", { by: "jen" }),
      touch("L1", "2027-01-04T14:20:00Z", { by: "sam" }),
      ev("lead.assigned", "2027-01-04T15:00:00Z", { lead: "L1", owner: "jen@acme.com" }),
      touch("L1", "2027-01-04T15:30:00Z", { by: "sam" }),
    ]);
    expect(r.obligations[0]).toMatchObject({ met: 1, breached: 1 });
    expect(r.breaches[0]).toMatchObject({ due: "2027-01-04T16:00:00Z", owner: "jen" });
  });
});

describe("people with aliases", () => {
  const ir = spec(`${TEAM}segment all otherwise\nrespond to all within 5m\n  on breach reassign round robin sdr`);
  it("round robin never hands a lead back to its owner written as an alias", () => {
    // jen is first in the rotation; the lead is owned by "Jen Park" (jen), so it goes to sam
    for (const owner of ["Jen Park", "jen@acme.com", "JEN@ACME.COM", " jen "]) {
      const r = replay(ir, [created("L1", "2027-01-04T14:00:00Z", owner)]);
      expect(r.breaches[0].owner).toBe("jen");
      expect(r.breaches[0].actions).toEqual([{ type: "reassign", to: "sam" }]);
    }
  });
  it("a rep away under an alias is skipped by round robin", () => {
    const r = replay(ir, [
      ev("rep.away", "2027-01-04T00:00:00Z", { rep: "jen@acme.com", until: Date.parse("2027-01-05T00:00:00Z") }),
      created("L1", "2027-01-04T14:00:00Z", "sam"),
    ]);
    expect(r.breaches[0].actions).toEqual([{ type: "reassign", to: "Lee Chan" }]);
  });
  it("owners show under the rep's own name in the per-owner compliance", () => {
    const r = replay(ir, [
      created("L1", "2027-01-04T14:00:00Z", "Jen Park"),
      touch("L1", "2027-01-04T14:01:00Z"),
      created("L2", "2027-01-04T14:00:00Z", "jen@acme.com"),
      touch("L2", "2027-01-04T14:01:00Z"),
    ]);
    expect(r.obligations[0].owners.map((o) => [o.owner, o.met])).toEqual([["jen", 2]]);
  });
});

describe("warn at with actions", () => {
  const ir = spec(
    `${TEAM}segment all otherwise\nrespond to all within 10m\n  warn at 80% notify "https://hooks.example.com/warn", escalate to manager\n  on breach tag "late"`,
  );
  it("fires the actions at the warning and lists them on the warning record", () => {
    const r = replay(ir, [created("L1", "2027-01-04T14:00:00Z", "sam"), touch("L1", "2027-01-04T14:09:00Z")]);
    expect(r.warnings).toEqual([
      {
        lead: "L1",
        kind: "respond",
        segment: "all",
        name: "respond all",
        at: "2027-01-04T14:08:00Z",
        due: "2027-01-04T14:10:00Z",
        owner: "sam",
        actions: [
          { type: "notify", url: "https://hooks.example.com/warn" },
          { type: "escalate", to: "maria" },
        ],
      },
    ]);
    expect(r.obligations[0]).toMatchObject({ met: 1, warnings: 1 });
  });
  it("a warning reassignment records the owner before it, and the breach sees the new owner", () => {
    const ir2 = spec(`${TEAM}segment all otherwise\nrespond to all within 10m\n  warn at 50% reassign round robin sdr`);
    const r = replay(ir2, [created("L1", "2027-01-04T14:00:00Z", "jen")]);
    expect(r.warnings[0]).toMatchObject({ owner: "jen", actions: [{ type: "reassign", to: "sam" }] });
    expect(r.breaches[0]).toMatchObject({ owner: "sam" });
  });
  it("a warning without actions has no actions list (reports stay as they were)", () => {
    const ir2 = spec(`segment all otherwise\nrespond to all within 10m\n  warn at 50%`);
    const r = replay(ir2, [created("L1", "2027-01-04T14:00:00Z")]);
    expect(r.warnings[0]).not.toHaveProperty("actions");
  });
});

describe("data fit: a `by` clause the data cannot meet (EV549)", () => {
  it("names the channel and the channels the data has, with counts", () => {
    const ir = spec(`segment all otherwise\nrespond to all within 5m by call`);
    const r = replay(ir, [
      created("L1", "2027-01-04T14:00:00Z"),
      touch("L1", "2027-01-04T14:01:00Z", { channel: "email" }),
      touch("L1", "2027-01-04T14:02:00Z", { channel: "Email" }),
      touch("L1", "2027-01-04T14:03:00Z", { channel: "meeting" }),
    ]);
    expect(r.dataFit?.filter((w) => w.code === "EV549")).toEqual([
      {
        code: "EV549",
        message:
          'respond all by call: no touch in the data has channel "call" (channels seen: "email" (2), "meeting" (1))',
        counts: [
          { name: "email", count: 2 },
          { name: "meeting", count: 1 },
        ],
      },
    ]);
  });
  it("by owner when no touch says who made it; nothing when the data fits", () => {
    const ir = spec(
      `${TEAM}segment all otherwise\nrespond to all within 5m by owner\ncadence all 2 touches within 1h by call`,
    );
    const r = replay(ir, [
      created("L1", "2027-01-04T14:00:00Z", "jen"),
      touch("L1", "2027-01-04T14:01:00Z", { channel: "call" }),
    ]);
    expect(r.dataFit?.filter((w) => w.code === "EV549").map((w) => w.message)).toEqual([
      "respond all by owner: no touch in the data says who made it (`by`), so none can count (1 touch)",
    ]);
  });
});

describe("sla test: touches with who and channel", () => {
  it("`touch L1 by REP via CHANNEL` drives `by` clauses; a bad line is located", async () => {
    const { parseTestFile } = await import("../../engine/testing/syntax.ts");
    const { runTestFile } = await import("../../engine/testing/run.ts");
    const ir = spec(`${TEAM}segment all otherwise\nrespond to all within 5m by call by owner`);
    const file = parseTestFile(
      [
        'test "the owner calls"',
        "  at 2027-01-04 09:00 create L1",
        '  at 2027-01-04 09:00 assign L1 to "Jen Park"',
        "  at 2027-01-04 09:01 touch L1 by sam via call",
        '  at 2027-01-04 09:02 touch L1 by "jen@acme.com" via email',
        "  expect L1 respond all open",
        "  at 2027-01-04 09:03 touch L1 by jen via Call",
        "  expect L1 respond all met at 2027-01-04 09:03",
        "",
      ].join("\n"),
      ir,
    );
    const run = runTestFile(ir, file);
    expect(run.tests[0].failures).toEqual([]);
    expect(run.tests[0].passed).toBe(true);
  });
});
