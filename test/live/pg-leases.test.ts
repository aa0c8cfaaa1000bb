// Partition leases in PostgreSQL: fair share between processes, takeover of
// an expired lease, and fencing (a process that lost a lease cannot commit).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LeaseLostError, partitionOf } from "../../cli/run/partitions.ts";
import { PgStore } from "../../cli/run/pg-store.ts";
import { type PgCluster, postgresSkipReason, startPgCluster } from "./pg-cluster.ts";

const skip = postgresSkipReason();
if (skip) console.warn(`pg-leases: ${skip}`);

describe.skipIf(skip !== null)("partition leases (PostgreSQL)", () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPgCluster();
  });
  afterAll(() => cluster?.stop());

  const open = async (owner: string, partitions = 16) => {
    const s = new PgStore(cluster.url, { partitions, leaseMs: 600, owner });
    await s.open();
    return s;
  };
  const commit = (s: PgStore, cursor: number) =>
    s.commit(
      {
        appliedKeys: [],
        leads: [],
        records: [],
        globals: { now: null, events: 0, rotation: {}, away: {}, last: null, maxSeen: null, specVersion: "" },
      },
      { cursor, now: null },
    );

  it("hashes lead ids stably and evenly", () => {
    expect(partitionOf("lead-1", 64)).toBe(partitionOf("lead-1", 64));
    expect(partitionOf("", 64)).toBe(0x811c9dc5 % 64);
    const counts = new Array(64).fill(0);
    for (let i = 0; i < 64_000; i++) counts[partitionOf(`L${i}`, 64)]++;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1200);
  });

  it("shares partitions fairly, hands an expired lease over, and fences the old owner", async () => {
    const a = await open("a");
    const b = await open("b");
    try {
      // alone: a takes everything
      await a.leases.tick();
      expect(a.leases.held.size).toBe(16);
      // b joins: nothing is free yet; a gives up half on its next heartbeat, b takes them
      await b.leases.tick();
      expect(b.leases.held.size).toBe(0);
      const r = await a.leases.tick();
      expect(r.released.length).toBe(8);
      await b.leases.tick();
      expect(a.leases.held.size).toBe(8);
      expect(b.leases.held.size).toBe(8);
      const aParts = new Set(a.leases.held.keys());
      for (const p of b.leases.held.keys()) expect(aParts.has(p)).toBe(false);
      // both commit under their leases
      await commit(a, 5);
      await commit(b, 5);

      // a stops heartbeating (paused or dead): after the lease, b takes a's partitions
      await new Promise((res) => setTimeout(res, 700));
      const t = await b.leases.tick();
      expect(t.gained.length).toBe(8);
      expect(b.leases.held.size).toBe(16);
      // every partition taken over carries the committed cursor
      for (const l of t.gained) expect(l.cursor).toBe(5);

      // a wakes up and tries to commit: fenced, nothing written
      await expect(commit(a, 9)).rejects.toBeInstanceOf(LeaseLostError);
      const cursors = await a.progress([...aParts]);
      for (const c of cursors) expect(c.cursor).toBe(5);
      // its heartbeat reports the loss
      const lost = await a.leases.tick({ acquire: false });
      expect(lost.lost.sort((x, y) => x - y)).toEqual([...aParts].sort((x, y) => x - y));
      expect(a.leases.held.size).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("processes opening a new database at once create its schema once", async () => {
    const url = cluster.createDatabase("race");
    const stores = Array.from({ length: 4 }, (_, i) => new PgStore(url, { owner: `r${i}` }));
    await Promise.all(stores.map((s) => s.open()));
    for (const s of stores) expect(s.partitions).toBe(64);
    await Promise.all(stores.map((s) => s.close()));
  });

  it("refuses a database split into another number of partitions", async () => {
    await expect(open("c", 8)).rejects.toThrow(/16 partitions/);
  });
});
