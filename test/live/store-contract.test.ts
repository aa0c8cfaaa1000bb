// Every LiveStore passes the same contract (test/live/store-contract.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgStore } from "../../cli/run/pg-store.ts";
import { SqliteStore } from "../../cli/run/sqlite-store.ts";
import { type PgCluster, postgresSkipReason, startPgCluster } from "./pg-cluster.ts";
import { storeContract } from "./store-contract.ts";

describe("LiveStore contract: SQLite", () => {
  storeContract("SQLite", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sla-store-"));
    return {
      make: () => new SqliteStore(join(dir, "state.db")),
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  });
});

const skip = postgresSkipReason();
if (skip) console.warn(`store-contract: ${skip}`);

describe.skipIf(skip !== null)("LiveStore contract: PostgreSQL", () => {
  let cluster: PgCluster;
  let n = 0;
  beforeAll(async () => {
    cluster = await startPgCluster();
  });
  afterAll(() => cluster?.stop());
  storeContract("PostgreSQL", async () => {
    const url = cluster.createDatabase(`contract${++n}`);
    return { make: () => new PgStore(url), cleanup: () => {} };
  });

  it("PostgreSQL: two processes claiming at once never get the same notify action", async () => {
    const url = cluster.createDatabase("claims");
    const a = new PgStore(url);
    const b = new PgStore(url);
    await a.open();
    await b.open();
    try {
      const records = Array.from({ length: 200 }, (_, i) => ({
        id: `n${i}`,
        kind: "action" as const,
        lead: `L${i}`,
        obligation: { index: 0, name: "r", label: "r", kind: "respond" as const, segment: null },
        clockStart: "2027-01-01T00:00:00Z",
        at: "2027-01-01T00:05:00Z",
        due: "2027-01-01T00:05:00Z",
        owner: null,
        specVersion: "v",
        action: { type: "notify" as const, url: "https://hooks.example.com" },
      }));
      const globals = { now: 0, events: 0, rotation: {}, away: {}, last: null, maxSeen: null, specVersion: "v" };
      await a.commit({ appliedKeys: [], leads: [], globals, records });
      const claimed: string[] = [];
      const claimAll = async (s: PgStore) => {
        for (;;) {
          const got = await s.claimDue(7, 1_000, 60_000);
          if (!got.length) return;
          claimed.push(...got.map((g) => g.id));
        }
      };
      await Promise.all([claimAll(a), claimAll(b), claimAll(a), claimAll(b)]);
      expect(claimed.length).toBe(200);
      expect(new Set(claimed).size).toBe(200);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
