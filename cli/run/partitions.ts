// Lead ownership for `sla run --state postgres://...` with several processes.
//
// Leads are split into a fixed number of partitions by a stable hash of the
// lead id. A process owns a partition while it holds its lease: a row of
// `sla_partitions` naming it as owner with `expires_at` in the future. Leases
// are taken, renewed and given up in ordinary transactions; the database's
// clock decides expiry (no clock skew between machines), and row locks with
// SKIP LOCKED keep two processes from taking the same partition.
//
// Fencing: every acquisition bumps the partition's `epoch`. A process writes a
// partition only in a transaction that first updates the partition's row where
// owner and epoch are still its own (see `fence` below); a process that paused
// past its lease and lost the partition matches no row and its whole batch
// rolls back, so a zombie can never write after another process took over.
//
// Fair share: every live process (a row of `sla_members`, renewed with its
// leases) aims at ceil(partitions / live processes). A process holding more
// gives the surplus up (it holds no uncommitted work between batches), and a
// process holding fewer takes free or expired partitions.
import type pg from "pg";

/** Default number of partitions; fixed for a database at its first use. */
export const DEFAULT_PARTITIONS = 64;
/** Default lease length; heartbeats run every third of it. */
export const DEFAULT_LEASE_MS = 10_000;

/** FNV-1a over the id's UTF-16 code units: stable across machines, versions and processes. */
export function partitionOf(leadId: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < leadId.length; i++) {
    h ^= leadId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % partitions;
}

export const LEASE_SCHEMA = `
CREATE TABLE IF NOT EXISTS sla_partitions (
  partition  integer PRIMARY KEY,
  owner      text,
  epoch      bigint NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL DEFAULT '-infinity',
  -- last sla_log.seq whose events are applied to this partition's leads
  cursor     bigint NOT NULL DEFAULT 0,
  -- the engine clock (epoch ms) at that point
  now        bigint
);
CREATE TABLE IF NOT EXISTS sla_members (
  owner      text PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  expires_at timestamptz NOT NULL
);
`;

/** A partition this process holds, with the fencing token it was granted. */
export interface Lease {
  partition: number;
  epoch: number;
  /** the partition's committed log position when it was acquired */
  cursor: number;
}

export interface LeaseChanges {
  gained: Lease[];
  lost: number[];
  released: number[];
}

/** A commit found a lease gone: nothing of the batch was written. */
export class LeaseLostError extends Error {
  constructor(readonly partitions: number[]) {
    super(`lost the lease of partition(s) ${partitions.join(", ")}`);
  }
}

type Queryable = Pick<pg.PoolClient, "query">;

/** Inserts the partition rows once (idempotent; the count is checked by the store's meta table). */
export async function ensurePartitions(db: Queryable, partitions: number): Promise<void> {
  await db.query(
    "INSERT INTO sla_partitions (partition) SELECT g FROM generate_series(0, $1::int - 1) g ON CONFLICT DO NOTHING",
    [partitions],
  );
}

export class Leases {
  /** partition -> lease held */
  readonly held = new Map<number, Lease>();
  private lastTick = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly pool: pg.Pool,
    readonly owner: string,
    readonly partitions: number,
    readonly leaseMs: number,
  ) {}

  owns(partition: number): boolean {
    return this.held.has(partition);
  }

  /** Time for a heartbeat (a third of the lease since the last one)? */
  due(now = Date.now()): boolean {
    return now - this.lastTick >= this.leaseMs / 3;
  }

  /**
   * One heartbeat, in one transaction: renew this member and its leases, note
   * the ones lost, give up the surplus over the fair share and take free or
   * expired partitions up to it. Call it only between batches (no
   * uncommitted work), since released partitions are dropped at once.
   */
  async tick(opts: { acquire?: boolean } = {}): Promise<LeaseChanges> {
    const acquire = opts.acquire ?? true;
    const client = await this.pool.connect();
    const interval = `${this.leaseMs} milliseconds`;
    try {
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO sla_members (owner, expires_at) VALUES ($1, clock_timestamp() + $2::interval)
         ON CONFLICT (owner) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
        [this.owner, interval],
      );
      // members gone for several lease lengths: forget them (their partitions expired long ago)
      await client.query("DELETE FROM sla_members WHERE expires_at < clock_timestamp() - $1::interval * 3", [interval]);
      const live = Number(
        (await client.query("SELECT count(*) AS n FROM sla_members WHERE expires_at >= clock_timestamp()")).rows[0].n,
      );
      const share = Math.ceil(this.partitions / Math.max(1, live));

      // renew: a lease is still ours when owner and epoch are unchanged, even
      // if it expired meanwhile (nobody else took it, so nobody else wrote)
      const mine = [...this.held.values()];
      const renewed = await client.query<{ partition: number }>(
        `UPDATE sla_partitions p SET expires_at = clock_timestamp() + $2::interval
         FROM unnest($3::int[], $4::bigint[]) AS h(partition, epoch)
         WHERE p.partition = h.partition AND p.owner = $1 AND p.epoch = h.epoch
         RETURNING p.partition`,
        [this.owner, interval, mine.map((l) => l.partition), mine.map((l) => l.epoch)],
      );
      const kept = new Set(renewed.rows.map((r) => r.partition));
      const lost = mine.filter((l) => !kept.has(l.partition)).map((l) => l.partition);

      // surplus over the fair share: the highest partitions go first
      const keptSorted = [...kept].sort((a, b) => a - b);
      const released = keptSorted.slice(share);
      if (released.length)
        await client.query(
          `UPDATE sla_partitions SET owner = NULL, expires_at = '-infinity'
           WHERE owner = $1 AND partition = ANY($2::int[])`,
          [this.owner, released],
        );

      let gained: Lease[] = [];
      const want = share - (keptSorted.length - released.length);
      if (acquire && want > 0) {
        const got = await client.query<{ partition: number; epoch: string; cursor: string }>(
          `WITH free AS (
             SELECT partition FROM sla_partitions
             WHERE owner IS NULL OR expires_at < clock_timestamp()
             ORDER BY partition
             LIMIT $3
             FOR UPDATE SKIP LOCKED)
           UPDATE sla_partitions p
           SET owner = $1, epoch = p.epoch + 1, expires_at = clock_timestamp() + $2::interval
           FROM free WHERE p.partition = free.partition
           RETURNING p.partition, p.epoch, p.cursor`,
          [this.owner, interval, want],
        );
        gained = got.rows.map((r) => ({ partition: r.partition, epoch: Number(r.epoch), cursor: Number(r.cursor) }));
      }
      await client.query("COMMIT");
      for (const p of lost) this.held.delete(p);
      for (const p of released) this.held.delete(p);
      for (const l of gained) this.held.set(l.partition, l);
      this.lastTick = Date.now();
      return { gained, lost, released };
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  /**
   * Fencing, inside a commit's transaction and before anything else is
   * written: lock every held partition's row where owner and epoch are still
   * ours, move its cursor to `cursor` and extend the lease. Throws
   * LeaseLostError (the caller rolls back) when any lease is gone.
   */
  async fence(tx: Queryable, cursor: number): Promise<void> {
    const mine = [...this.held.values()];
    if (!mine.length) return;
    const r = await tx.query<{ partition: number }>(
      `UPDATE sla_partitions p SET cursor = GREATEST(p.cursor, $2::bigint),
         expires_at = clock_timestamp() + $3::interval
       FROM unnest($4::int[], $5::bigint[]) AS h(partition, epoch)
       WHERE p.partition = h.partition AND p.owner = $1 AND p.epoch = h.epoch
       RETURNING p.partition`,
      [this.owner, cursor, `${this.leaseMs} milliseconds`, mine.map((l) => l.partition), mine.map((l) => l.epoch)],
    );
    if (r.rowCount !== mine.length) {
      const ok = new Set(r.rows.map((x) => x.partition));
      throw new LeaseLostError(mine.map((l) => l.partition).filter((p) => !ok.has(p)));
    }
  }

  /** Clean shutdown: give every partition back at once (no waiting for expiry) and leave. */
  async releaseAll(): Promise<void> {
    await this.pool.query("UPDATE sla_partitions SET owner = NULL, expires_at = '-infinity' WHERE owner = $1", [
      this.owner,
    ]);
    await this.pool.query("DELETE FROM sla_members WHERE owner = $1", [this.owner]);
    this.held.clear();
  }
}
