// State of `sla run --state postgres://...` in PostgreSQL, shared by every
// process running against the same database.
//
// Tables (all prefixed sla_):
//   meta        partition count and schema version, fixed at first use
//   log         every event any process received, once (unique event id), in
//               one global order (seq). Inserts are serialised by an advisory
//               lock so seqs become visible in order and a reader never skips
//               a row that commits late. Lead events carry their partition;
//               rep.away (global) carries -1.
//   partitions  leases (owner, epoch, expires_at; see partitions.ts) and each
//               partition's progress: the last log seq applied (cursor) and
//               the engine clock at that point (now)
//   members     live processes (fair share of partitions)
//   leads       one plain-data snapshot per lead, with its partition
//   rotation    round-robin position per team (shared by all processes)
//   outbox      every record, once (unique record id); printed/delivered flags;
//               delivery claims rows with FOR UPDATE SKIP LOCKED
import pg from "pg";
import { DEFAULT_LEASE_MS, DEFAULT_PARTITIONS, ensurePartitions, LEASE_SCHEMA, Leases } from "./partitions.ts";

const SCHEMA_VERSION = "1";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sla_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS sla_log (
  seq       bigserial PRIMARY KEY,
  id        text NOT NULL UNIQUE,
  partition integer NOT NULL,
  at        bigint NOT NULL,
  event     text NOT NULL
);
CREATE INDEX IF NOT EXISTS sla_log_global ON sla_log (seq) WHERE partition = -1;
CREATE TABLE IF NOT EXISTS sla_leads (
  lead      text PRIMARY KEY,
  partition integer NOT NULL,
  state     text NOT NULL
);
CREATE INDEX IF NOT EXISTS sla_leads_partition ON sla_leads (partition);
CREATE TABLE IF NOT EXISTS sla_rotation (team text PRIMARY KEY, next integer NOT NULL);
CREATE TABLE IF NOT EXISTS sla_outbox (
  id            text PRIMARY KEY,
  seq           bigserial UNIQUE,
  partition     integer NOT NULL,
  record        text NOT NULL,
  printed       boolean NOT NULL DEFAULT false,
  -- delivery (notify actions): NULL when the record needs none
  deliver_to    text,
  delivered_at  timestamptz,
  attempts      integer NOT NULL DEFAULT 0,
  next_at       timestamptz NOT NULL DEFAULT '-infinity',
  last_error    text
);
CREATE INDEX IF NOT EXISTS sla_outbox_unprinted ON sla_outbox (partition, seq) WHERE NOT printed;
CREATE INDEX IF NOT EXISTS sla_outbox_due ON sla_outbox (next_at) WHERE deliver_to IS NOT NULL AND delivered_at IS NULL;
ALTER TABLE sla_partitions ADD COLUMN IF NOT EXISTS now bigint;
`;

/** A problem with the database or its contents, reported as a message (never a stack trace). */
export class PgStateError extends Error {}

export interface PgOptions {
  partitions?: number;
  leaseMs?: number;
  /** this process's name in leases (default host:pid:random) */
  owner?: string;
}

export interface LogRow {
  seq: number;
  id: string;
  partition: number;
  at: number;
  /** the event as JSON text (as ingested) */
  event: string;
}

export interface IngestRow {
  id: string;
  partition: number;
  at: number;
  event: string;
}

export interface OutboxRow {
  id: string;
  partition: number;
  record: string;
  deliverTo: string | null;
}

export interface LeadRow {
  lead: string;
  partition: number;
  state: string;
}

export interface PartitionProgress {
  partition: number;
  cursor: number;
  now: number | null;
}

/** Everything one batch writes, in one fenced transaction. */
export interface PgBatch {
  /** log position every held partition has now applied */
  cursor: number;
  /** engine clock at `cursor` */
  now: number | null;
  leads: LeadRow[];
  records: OutboxRow[];
  /** team -> next index as this batch leaves it, and as it found it (to merge with other processes) */
  rotation: { team: string; before: number; after: number; size: number }[];
  /** outbox ids printed on stdout since the last batch */
  printed: string[];
}

/** Serialises log appends (so seqs commit in order): an arbitrary fixed advisory lock key. */
const LOG_LOCK = 0x51a_106;

export class PgState {
  readonly leases: Leases;

  private constructor(
    readonly pool: pg.Pool,
    readonly partitions: number,
    leaseMs: number,
    owner: string,
  ) {
    this.leases = new Leases(pool, owner, partitions, leaseMs);
  }

  static async open(url: string, opts: PgOptions = {}): Promise<PgState> {
    const pool = new pg.Pool({ connectionString: url, max: 4, application_name: "sla run" });
    pool.on("error", () => {}); // an idle client's error surfaces on the next query instead
    try {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        // one process creates the schema at a time (CREATE IF NOT EXISTS races otherwise)
        await client.query("SELECT pg_advisory_xact_lock($1)", [LOG_LOCK + 1]);
        await client.query(LEASE_SCHEMA);
        await client.query(SCHEMA);
        const want = opts.partitions ?? DEFAULT_PARTITIONS;
        await client.query(
          "INSERT INTO sla_meta (key, value) VALUES ('partitions', $1), ('schema', $2) ON CONFLICT DO NOTHING",
          [String(want), SCHEMA_VERSION],
        );
        const meta = new Map(
          (await client.query<{ key: string; value: string }>("SELECT key, value FROM sla_meta")).rows.map((r) => [
            r.key,
            r.value,
          ]),
        );
        if (meta.get("schema") !== SCHEMA_VERSION)
          throw new PgStateError(`database schema version ${meta.get("schema")} is not ${SCHEMA_VERSION}`);
        const partitions = Number(meta.get("partitions"));
        if (opts.partitions !== undefined && partitions !== opts.partitions)
          throw new PgStateError(
            `the database is split into ${partitions} partitions; it cannot be opened with ${opts.partitions}`,
          );
        await ensurePartitions(client, partitions);
        await client.query("COMMIT");
        const owner = opts.owner ?? `${(await import("node:os")).hostname()}:${process.pid}:${randomTag()}`;
        return new PgState(pool, partitions, opts.leaseMs ?? DEFAULT_LEASE_MS, owner);
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    } catch (e) {
      await pool.end().catch(() => {});
      if (e instanceof PgStateError) throw e;
      throw new PgStateError(`cannot open PostgreSQL state: ${(e as Error).message}`);
    }
  }

  /** Append events to the shared log; ids already there are skipped. Returns how many were new. */
  async ingest(rows: IngestRow[]): Promise<number> {
    if (!rows.length) return 0;
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1)", [LOG_LOCK]);
      const r = await client.query(
        `INSERT INTO sla_log (id, partition, at, event)
         SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[])
         ON CONFLICT (id) DO NOTHING`,
        [rows.map((r) => r.id), rows.map((r) => r.partition), rows.map((r) => r.at), rows.map((r) => r.event)],
      );
      await client.query("COMMIT");
      return r.rowCount ?? 0;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  /** Log rows after `seq`, in order. */
  async readLog(after: number, limit: number): Promise<LogRow[]> {
    const r = await this.pool.query<{ seq: string; id: string; partition: number; at: string; event: string }>(
      "SELECT seq, id, partition, at, event FROM sla_log WHERE seq > $1 ORDER BY seq LIMIT $2",
      [after, limit],
    );
    return r.rows.map((x) => ({
      seq: Number(x.seq),
      id: x.id,
      partition: x.partition,
      at: Number(x.at),
      event: x.event,
    }));
  }

  async logEnd(): Promise<number> {
    const r = await this.pool.query<{ m: string | null }>("SELECT max(seq) AS m FROM sla_log");
    return Number(r.rows[0].m ?? 0);
  }

  /** rep.away events up to `seq` (global state a rebuilt engine needs). */
  async globalEvents(upTo: number): Promise<LogRow[]> {
    const r = await this.pool.query<{ seq: string; id: string; at: string; event: string }>(
      "SELECT seq, id, at, event FROM sla_log WHERE partition = -1 AND seq <= $1 ORDER BY seq",
      [upTo],
    );
    return r.rows.map((x) => ({ seq: Number(x.seq), id: x.id, partition: -1, at: Number(x.at), event: x.event }));
  }

  async progress(partitions: number[]): Promise<PartitionProgress[]> {
    const r = await this.pool.query<{ partition: number; cursor: string; now: string | null }>(
      "SELECT partition, cursor, now FROM sla_partitions WHERE partition = ANY($1::int[]) ORDER BY partition",
      [partitions],
    );
    return r.rows.map((x) => ({
      partition: x.partition,
      cursor: Number(x.cursor),
      now: x.now === null ? null : Number(x.now),
    }));
  }

  /** The lowest cursor over all partitions: every event up to it is applied somewhere. */
  async minCursor(): Promise<number> {
    const r = await this.pool.query<{ m: string }>("SELECT min(cursor) AS m FROM sla_partitions");
    return Number(r.rows[0].m);
  }

  async loadLeads(partitions: number[]): Promise<LeadRow[]> {
    if (!partitions.length) return [];
    const r = await this.pool.query<LeadRow>(
      "SELECT lead, partition, state FROM sla_leads WHERE partition = ANY($1::int[])",
      [partitions],
    );
    return r.rows;
  }

  async loadRotation(): Promise<Map<string, number>> {
    const r = await this.pool.query<{ team: string; next: number }>("SELECT team, next FROM sla_rotation");
    return new Map(r.rows.map((x) => [x.team, x.next]));
  }

  /**
   * One batch in one transaction, fenced: the held partitions' rows are
   * updated first (owner and epoch must still match, else LeaseLostError and
   * nothing is written). Returns the ids of records that were new (not
   * already written by an earlier run or another owner).
   */
  async commit(b: PgBatch): Promise<Set<string>> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await this.leases.fence(client, b.cursor);
      if (b.now !== null)
        await client.query(
          "UPDATE sla_partitions SET now = GREATEST(coalesce(now, $1), $1) WHERE partition = ANY($2::int[])",
          [b.now, [...this.leases.held.keys()]],
        );
      if (b.leads.length)
        await client.query(
          `INSERT INTO sla_leads (lead, partition, state)
           SELECT * FROM unnest($1::text[], $2::int[], $3::text[])
           ON CONFLICT (lead) DO UPDATE SET state = EXCLUDED.state, partition = EXCLUDED.partition`,
          [b.leads.map((l) => l.lead), b.leads.map((l) => l.partition), b.leads.map((l) => l.state)],
        );
      let fresh = new Set<string>();
      if (b.records.length) {
        const r = await client.query<{ id: string }>(
          `INSERT INTO sla_outbox (id, partition, record, deliver_to)
           SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[])
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [
            b.records.map((r) => r.id),
            b.records.map((r) => r.partition),
            b.records.map((r) => r.record),
            b.records.map((r) => r.deliverTo),
          ],
        );
        fresh = new Set(r.rows.map((x) => x.id));
      }
      for (const t of b.rotation) {
        if (t.after === t.before) continue;
        // locked for the rest of the transaction: concurrent batches merge their steps
        const cur = await client.query<{ next: number }>("SELECT next FROM sla_rotation WHERE team = $1 FOR UPDATE", [
          t.team,
        ]);
        const db = cur.rows.length ? cur.rows[0].next : 0;
        // unchanged by others since we read it: ours is exact; otherwise add our steps to theirs
        const next = db === t.before ? t.after : (db + ((t.after - t.before + t.size) % t.size)) % t.size;
        await client.query(
          "INSERT INTO sla_rotation (team, next) VALUES ($1, $2) ON CONFLICT (team) DO UPDATE SET next = EXCLUDED.next",
          [t.team, next],
        );
      }
      if (b.printed.length)
        await client.query("UPDATE sla_outbox SET printed = true WHERE id = ANY($1::text[])", [b.printed]);
      await client.query("COMMIT");
      return fresh;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  /** Records of these partitions committed but not yet printed (a crash between commit and print). */
  async unprinted(partitions: number[]): Promise<{ id: string; record: string }[]> {
    if (!partitions.length) return [];
    const r = await this.pool.query<{ id: string; record: string }>(
      "SELECT id, record FROM sla_outbox WHERE NOT printed AND partition = ANY($1::int[]) ORDER BY seq",
      [partitions],
    );
    return r.rows;
  }

  async markPrinted(ids: string[]): Promise<void> {
    if (ids.length) await this.pool.query("UPDATE sla_outbox SET printed = true WHERE id = ANY($1::text[])", [ids]);
  }

  // ---- delivery (at least once; SKIP LOCKED so two processes never hold the same row at once) ----

  /**
   * Claims up to `limit` records due for delivery: their next attempt is
   * pushed `claimMs` ahead in the same statement, so another process skips
   * them until then (a dead claimer's rows come back after `claimMs`).
   */
  async claimDue(
    limit: number,
    claimMs: number,
  ): Promise<{ id: string; record: string; to: string; attempts: number }[]> {
    const r = await this.pool.query<{ id: string; record: string; deliver_to: string; attempts: number }>(
      `WITH due AS (
         SELECT id FROM sla_outbox
         WHERE deliver_to IS NOT NULL AND delivered_at IS NULL AND next_at <= clock_timestamp()
         ORDER BY next_at, seq LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE sla_outbox o SET next_at = clock_timestamp() + $2::interval
       FROM due WHERE o.id = due.id
       RETURNING o.id, o.record, o.deliver_to, o.attempts`,
      [limit, `${claimMs} milliseconds`],
    );
    return r.rows.map((x) => ({ id: x.id, record: x.record, to: x.deliver_to, attempts: x.attempts }));
  }

  async markDelivered(id: string): Promise<void> {
    await this.pool.query("UPDATE sla_outbox SET delivered_at = clock_timestamp(), last_error = NULL WHERE id = $1", [
      id,
    ]);
  }

  async markFailed(id: string, error: string, retryInMs: number): Promise<void> {
    await this.pool.query(
      `UPDATE sla_outbox SET attempts = attempts + 1, last_error = $2,
         next_at = clock_timestamp() + $3::interval WHERE id = $1 AND delivered_at IS NULL`,
      [id, error, `${retryInMs} milliseconds`],
    );
  }

  async outboxDepth(): Promise<number> {
    const r = await this.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM sla_outbox WHERE deliver_to IS NOT NULL AND delivered_at IS NULL",
    );
    return Number(r.rows[0].n);
  }

  async close(release = true): Promise<void> {
    try {
      if (release) await this.leases.releaseAll();
    } finally {
      await this.pool.end();
    }
  }
}

function randomTag(): string {
  return Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, "0");
}
