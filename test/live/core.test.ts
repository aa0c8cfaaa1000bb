// The live core and runner in-process: record ids, spec versions on records
// (open clocks finish under the version that started them, also across a
// restart under a changed spec), late and bad events reported with their
// code and never applied, lateness reordering.
import { describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import { LiveCore, LiveRefusal } from "../../engine/live/core.ts";
import type { LiveNotice, LiveRecord } from "../../engine/live/record.ts";
import { Failure } from "../../engine/problems.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";
import { MemoryStore } from "../../cli/run/memory-store.ts";
import { type InputItem, LiveRunner } from "../../cli/run/runner.ts";

const SPEC = (window: string) => `sla "T"
fields {
  source: one of "demo", "trial"
}
team sdr {
  members ana, ben
}
segment hot when source = "demo"
respond to hot within ${window}
  warn at 50%
  on breach reassign round robin sdr, notify "https://hooks.example.com/x"
`;
function ir(window: string): IR {
  const r = compileSource(SPEC(window));
  if (!r.ir) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.ir;
}
const T0 = Date.parse("2027-03-01T15:00:00Z");
const MIN = 60_000;
let n = 0;
const created = (lead: string, at: number): SlaEvent => ({
  id: `c${++n}`,
  at,
  type: "lead.created",
  lead,
  fields: { source: "demo" },
  owner: "ana",
});
const touch = (lead: string, at: number, id = `t${++n}`): SlaEvent => ({ id, at, type: "touch", lead });

describe("LiveCore", () => {
  it("gives a record the same id whenever and wherever it is computed", () => {
    const run = (step: number) => {
      const core = new LiveCore(ir("10m"), "v1");
      core.apply(created("L1", T0));
      const out: LiveRecord[] = [];
      for (let t = T0; t <= T0 + 30 * MIN; t += step) out.push(...core.advanceTo(t));
      return out;
    };
    const a = run(MIN);
    const b = run(7 * MIN);
    expect(a.map((r) => r.kind)).toEqual(["warning", "breach", "action", "action"]);
    expect(b.map((r) => r.id)).toEqual(a.map((r) => r.id));
    expect(new Set(a.map((r) => r.id)).size).toBe(4);
    const [warning, breach, reassign, notify] = a;
    expect(warning).toMatchObject({
      lead: "L1",
      at: "2027-03-01T15:05:00Z",
      due: "2027-03-01T15:10:00Z",
      owner: "ana",
    });
    expect(breach).toMatchObject({ clockStart: "2027-03-01T15:00:00Z", at: "2027-03-01T15:10:00Z", owner: "ana" });
    expect(breach.obligation).toEqual({
      index: 0,
      name: "respond hot",
      label: "respond hot within 10m",
      kind: "respond",
      segment: "hot",
    });
    expect(reassign).toMatchObject({ action: { type: "reassign", to: "ben" }, actionIndex: 0, breachId: breach.id });
    expect(notify).toMatchObject({ action: { type: "notify", url: "https://hooks.example.com/x" }, actionIndex: 1 });
    for (const r of a) expect(r.specVersion).toBe("v1");
  });

  it("refuses an event older than the last one applied (EV601) and an unknown lead (EV201), changing nothing", () => {
    const core = new LiveCore(ir("10m"), "v1");
    core.apply(created("L1", T0));
    core.apply(created("L2", T0 + 5 * MIN));
    const before = JSON.stringify([core.exportGlobals(), core.exportLead("L1"), core.exportLead("L2")]);
    const refusal = (e: SlaEvent) => {
      try {
        core.apply(e);
      } catch (x) {
        expect(x).toBeInstanceOf(LiveRefusal);
        return (x as LiveRefusal).failure;
      }
      throw new Error("applied");
    };
    expect(refusal(touch("L1", T0 + MIN))).toMatchObject({ code: "EV601" });
    expect(refusal(touch("L1", T0 + MIN)).message).toMatch(/2027-03-01T15:01:00Z arrived after the engine moved on/);
    expect(refusal(touch("nobody", T0 + 6 * MIN))).toBeInstanceOf(Failure);
    expect(refusal(touch("nobody", T0 + 6 * MIN)).code).toBe("EV201");
    expect(JSON.stringify([core.exportGlobals(), core.exportLead("L1"), core.exportLead("L2")])).toBe(before);
    // the same event again is a duplicate: nothing happens, nothing is refused
    const e = created("L3", T0 + 7 * MIN);
    core.apply(e);
    expect(core.apply(e)).toEqual([]);
    expect(core.duplicates).toBe(1);
  });

  it("finishes open clocks under the spec version that started them; records name it", () => {
    const core = new LiveCore(ir("10m"), "v1");
    core.apply(created("L1", T0));
    core.reload(ir("60m"), "v2");
    core.apply(created("L2", T0 + MIN));
    const out = core.advanceTo(T0 + 2 * 60 * MIN, true);
    const breaches = out.filter((r) => r.kind === "breach");
    expect(breaches.map((r) => [r.lead, r.at, r.specVersion, r.obligation.label])).toEqual([
      ["L1", "2027-03-01T15:10:00Z", "v1", "respond hot within 10m"],
      ["L2", "2027-03-01T16:01:00Z", "v2", "respond hot within 1h"],
    ]);
    // the v1 clock's snapshot names v1: a restored core needs that version
    const core2 = new LiveCore(ir("60m"), "v2");
    const c = new LiveCore(ir("10m"), "v1");
    c.apply(created("L1", T0));
    const snap = JSON.parse(JSON.stringify(c.exportLead("L1")));
    expect(snap.clocks[0]).toMatchObject({ spec: "v1", ob: 0 });
    expect(() => core2.importLead(snap)).toThrow(/spec version v1/);
    core2.addVersion("v1", ir("10m"));
    core2.importLead(snap);
    expect(core2.advanceTo(T0 + 60 * MIN).find((r) => r.kind === "breach")).toMatchObject({
      at: "2027-03-01T15:10:00Z",
      specVersion: "v1",
    });
  });
});

const items = (evs: SlaEvent[]): InputItem[] => evs.map((event, i) => ({ event, where: `<stdin>:${i + 1}` }));

async function runner(store: MemoryStore, window: string, version: string, lateness = 0) {
  const lines: string[] = [];
  const r = await LiveRunner.open(
    store,
    { ir: ir(window), hash: version, text: SPEC(window) },
    (t) => void lines.push(...t.split("\n").filter(Boolean)),
    { clock: "events", lateness },
    (text) => compileSource(text).ir,
  );
  return { r, lines, records: () => lines.map((l) => JSON.parse(l) as LiveRecord | LiveNotice) };
}

describe("LiveRunner", () => {
  it("a restart under a changed spec finishes stored clocks under the old version (kept in the store)", async () => {
    const store = new MemoryStore();
    const a = await runner(store, "10m", "v1");
    await a.r.ingest(items([created("L1", T0), created("L0", T0 + MIN)]));
    await a.r.end();
    expect(a.records()).toEqual([]);
    const b = await runner(store, "60m", "v2");
    await b.r.ingest(items([created("L2", T0 + 2 * MIN), touch("L0", T0 + 3 * 60 * MIN)]));
    await b.r.end();
    const breaches = b.records().filter((r) => r.kind === "breach") as LiveRecord[];
    expect(breaches.map((r) => [r.lead, r.specVersion, r.at])).toEqual([
      ["L1", "v1", "2027-03-01T15:10:00Z"],
      ["L0", "v1", "2027-03-01T15:11:00Z"],
      ["L2", "v2", "2027-03-01T16:02:00Z"],
    ]);
  });

  it("applies events out of order within --lateness in replay order; reports later ones as late (EV601), never silently", async () => {
    const store = new MemoryStore();
    const x = await runner(store, "10m", "v1", 5 * MIN);
    // the touch at 15:04 arrives after the 15:06 event: within 5 minutes, applied in order (meets the clock)
    await x.r.ingest(
      items([created("L1", T0), created("L2", T0 + 6 * MIN), touch("L1", T0 + 4 * MIN), created("L3", T0 + 30 * MIN)]),
    );
    // 15:05 comes after 15:06 was applied (15:30 moved the horizon to 15:25): late
    await x.r.ingest(items([touch("L1", T0 + 5 * MIN, "late-one")]));
    await x.r.end();
    const recs = x.records();
    // L1 met by its touch; L3 (due 15:40) is still open at the end of input (15:30)
    expect(recs.filter((r) => r.kind === "breach").map((r) => (r as LiveRecord).lead)).toEqual(["L2"]);
    const late = recs.filter((r) => r.kind === "late") as LiveNotice[];
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ code: "EV601", event: "late-one", where: "<stdin>:1" });
    expect(x.r.stats).toMatchObject({ late: 1, eventsApplied: 4 });
  });

  it("reports a bad line with its code and line, and goes on", async () => {
    const store = new MemoryStore();
    const x = await runner(store, "10m", "v1");
    await x.r.ingest([
      { event: created("L1", T0), where: "<stdin>:1" },
      { failure: new Failure("EV002", "invalid JSON (Unexpected end)"), where: "<stdin>:2" },
      { event: touch("L1", T0 + MIN), where: "<stdin>:3" },
    ]);
    await x.r.end();
    expect(x.records()).toEqual([
      expect.objectContaining({ kind: "rejected", code: "EV002", where: "<stdin>:2", event: null }),
    ]);
  });
});
