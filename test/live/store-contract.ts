// The LiveStore contract, shared by every store (SQLite, PostgreSQL, ...):
// what `sla run`'s runner relies on, checked the same way for each.
// Use: storeContract("SQLite", async () => ({ open: () => ..., cleanup })).
import { expect, it } from "vitest";
import type { LiveRecord } from "../../engine/live/record.ts";
import type { GlobalSnapshot, LeadSnapshot } from "../../engine/live/snapshot.ts";
import type { CommitBatch, LiveStore } from "../../cli/run/store.ts";

export interface StoreFixture {
  /** a new store object on the fixture's location (not yet opened); every call sees the same data */
  make(): LiveStore;
  cleanup(): Promise<void> | void;
}

const globals = (now: number, rotation: Record<string, number> = {}): GlobalSnapshot => ({
  now,
  events: 3,
  rotation,
  away: { ben: [[now, now + 60_000]] },
  last: { at: now, rank: 1, id: "e3" },
  maxSeen: now,
  specVersion: "v1",
});

const lead = (id: string, owner: string): LeadSnapshot => ({
  id,
  fields: { score: 70, source: "demo" },
  owner,
  matched: ["MQL"],
  entered: ["hand_raisers"],
  segment: "hand_raisers",
  clocks: [
    {
      spec: "v1",
      ob: 0,
      start: 1_000,
      remaining: 300_000,
      runningSince: 1_000,
      due: 301_000,
      state: "open",
      warned: false,
      touches: 0,
      answered: false,
      nth: 0,
    },
  ],
});

const record = (id: string, kind: LiveRecord["kind"], leadId: string, notifyUrl?: string): LiveRecord => ({
  id,
  kind,
  lead: leadId,
  obligation: { index: 0, name: "respond x", label: "respond x within 5m", kind: "respond", segment: "x" },
  clockStart: "2027-01-01T00:00:00.000Z",
  at: "2027-01-01T00:05:00.000Z",
  due: "2027-01-01T00:05:00.000Z",
  owner: "ana",
  specVersion: "v1",
  ...(notifyUrl ? { action: { type: "notify" as const, url: notifyUrl }, actionIndex: 0, breachId: "b" } : {}),
});

const batch = (b: Partial<CommitBatch>): CommitBatch => ({
  appliedKeys: [],
  leads: [],
  globals: globals(1_000),
  records: [],
  ...b,
});

export function storeContract(name: string, fixture: () => Promise<StoreFixture>): void {
  const withStore = async (f: (s: LiveStore, reopen: () => Promise<LiveStore>) => Promise<void>) => {
    const fx = await fixture();
    const opened: LiveStore[] = [];
    const open = async () => {
      const s = fx.make();
      await s.open();
      opened.push(s);
      return s;
    };
    try {
      await f(await open(), open);
    } finally {
      for (const s of opened) await s.close().catch(() => {});
      await fx.cleanup();
    }
  };

  it(`${name}: a new store is empty`, () =>
    withStore(async (s) => {
      const st = await s.load();
      expect(st).toEqual({ globals: null, leads: [], specs: [] });
      expect(await s.isApplied(["1 e1"])).toEqual(new Set());
      expect(await s.unprinted(10)).toEqual([]);
      expect(await s.outboxDepth()).toBe(0);
    }));

  it(`${name}: a commit is stored whole and survives a reopen`, () =>
    withStore(async (s, reopen) => {
      await s.commit(
        batch({
          appliedKeys: ["1 e1", "2 e2"],
          leads: [lead("L1", "ana"), lead("L2", "ben")],
          globals: globals(2_000, { sdr: 1 }),
          specs: [{ hash: "v1", text: "sla x" }],
        }),
      );
      // a later commit replaces a lead's snapshot and the globals
      await s.commit(
        batch({ appliedKeys: ["3 e3"], leads: [lead("L1", "chloe")], globals: globals(3_000, { sdr: 2 }) }),
      );
      await s.close();
      const t = await reopen();
      const st = await t.load();
      expect(st.globals).toEqual(globals(3_000, { sdr: 2 }));
      expect(st.leads.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([lead("L1", "chloe"), lead("L2", "ben")]);
      expect(st.specs).toEqual([{ hash: "v1", text: "sla x" }]);
      expect(await t.isApplied(["1 e1", "3 e3", "4 e4"])).toEqual(new Set(["1 e1", "3 e3"]));
    }));

  it(`${name}: records are logged once by id, in order, with rising sequence numbers`, () =>
    withStore(async (s) => {
      const a = record("r-a", "warning", "L1");
      const b = record("r-b", "breach", "L1");
      const first = await s.commit(batch({ records: [a, b] }));
      expect(first.map((l) => l.record)).toEqual([a, b]);
      expect(first[0].seq).toBeLessThan(first[1].seq);
      // the same record again (a replay after a crash): not logged again
      const c = record("r-c", "warning", "L2");
      const second = await s.commit(batch({ records: [b, c] }));
      expect(second.map((l) => l.record)).toEqual([c]);
      expect(second[0].seq).toBeGreaterThan(first[1].seq);
      expect((await s.unprinted(10)).map((l) => l.record.id)).toEqual(["r-a", "r-b", "r-c"]);
    }));

  it(`${name}: the printed cursor (markPrinted, or printedThrough in a commit) survives a reopen`, () =>
    withStore(async (s, reopen) => {
      const logged = await s.commit(batch({ records: [record("p1", "warning", "L1"), record("p2", "warning", "L2")] }));
      await s.markPrinted(logged[0].seq);
      expect((await s.unprinted(10)).map((l) => l.record.id)).toEqual(["p2"]);
      const more = await s.commit(batch({ records: [record("p3", "warning", "L3")], printedThrough: logged[1].seq }));
      expect((await s.unprinted(10)).map((l) => l.record.id)).toEqual(["p3"]);
      expect((await s.unprinted(1)).length).toBe(1);
      await s.close();
      const t = await reopen();
      expect((await t.unprinted(10)).map((l) => l.record.id)).toEqual(["p3"]);
      await t.markPrinted(more[0].seq);
      expect(await t.unprinted(10)).toEqual([]);
    }));

  it(`${name}: notify actions wait in the outbox: claimed for a lease, retried, delivered once`, () =>
    withStore(async (s) => {
      await s.commit(
        batch({
          records: [
            record("n1", "action", "L1", "https://hooks.example.com/a"),
            record("n2", "action", "L2", "https://hooks.example.com/b"),
            record("w1", "warning", "L1"),
          ],
        }),
      );
      expect(await s.outboxDepth()).toBe(2);
      const t0 = 1_000_000;
      const claimed = await s.claimDue(10, t0, 30_000);
      expect(claimed.map((c) => c.id).sort()).toEqual(["n1", "n2"]);
      expect(claimed.every((c) => c.attempts === 0 && c.lastError === null)).toBe(true);
      expect(claimed.find((c) => c.id === "n1")?.record).toEqual(
        record("n1", "action", "L1", "https://hooks.example.com/a"),
      );
      // claimed: not handed out again during the lease, handed out again after it (a crashed deliverer)
      expect(await s.claimDue(10, t0 + 1_000, 30_000)).toEqual([]);
      expect((await s.claimDue(10, t0 + 31_000, 30_000)).map((c) => c.id).sort()).toEqual(["n1", "n2"]);
      // a failed attempt: counted, retried at its time
      await s.markFailed("n1", "HTTP 503", t0 + 100_000);
      await s.markDelivered("n2");
      expect(await s.outboxDepth()).toBe(1);
      expect(await s.claimDue(10, t0 + 99_000, 30_000)).toEqual([]);
      const retry = await s.claimDue(10, t0 + 100_000, 30_000);
      expect(retry.map((c) => [c.id, c.attempts, c.lastError])).toEqual([["n1", 1, "HTTP 503"]]);
      await s.markDelivered("n1");
      expect(await s.outboxDepth()).toBe(0);
      expect(await s.claimDue(10, t0 + 10_000_000, 30_000)).toEqual([]);
      // limit
      await s.commit(
        batch({
          records: [1, 2, 3].map((i) => record(`m${i}`, "action", "L1", "https://hooks.example.com/m")),
        }),
      );
      expect((await s.claimDue(2, t0, 1_000)).length).toBe(2);
    }));
}
