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
import { hostname } from "node:os";
import pg from "pg";
import type { LiveNotice, LiveRecord } from "../../engine/live/record.ts";
import type { GlobalSnapshot, LeadSnapshot } from "../../engine/live/snapshot.ts";
import {
  DEFAULT_LEASE_MS,
  DEFAULT_PARTITIONS,
  ensurePartitions,
  LEASE_SCHEMA,
  Leases,
  partitionOf,
} from "./partitions.ts";
import type { DeadLetterStore } from "./deliver.ts";
import {
  type CommitBatch,
  isNotify,
  type LiveStore,
  type LoggedRecord,
  type OutboxItem,
  type StoredSpec,
  type StoredState,
} from "./store.ts";

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
  -- notify actions: waiting for delivery until delivered_at is set
  notify        boolean NOT NULL DEFAULT false,
  delivered_at  bigint,
  attempts      integer NOT NULL DEFAULT 0,
  next_at       bigint NOT NULL DEFAULT 0,
  last_error    text,
  -- dead-lettered: delivery gave up (kept and counted, never retried)
  dead_at       bigint
);
CREATE INDEX IF NOT EXISTS sla_outbox_unprinted ON sla_outbox (partition, seq) WHERE NOT printed;
CREATE INDEX IF NOT EXISTS sla_outbox_due ON sla_outbox (next_at) WHERE notify AND delivered_at IS NULL;
-- event keys applied through LiveStore.commit (the multi-process runner's cursor covers the log)
CREATE TABLE IF NOT EXISTS sla_applied (key text PRIMARY KEY);
CREATE TABLE IF NOT EXISTS sla_globals (id integer PRIMARY KEY CHECK (id = 1), globals text NOT NULL);
CREATE TABLE IF NOT EXISTS sla_specs (hash text PRIMARY KEY, text text NOT NULL);
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

export interface PartitionProgress {
  partition: number;
  cursor: number;
  now: number | null;
}

/** What the multi-process runner adds to a commit. */
export interface PgCommitExtra {
  /** log position every held partition has now applied */
  cursor: number;
  /** engine clock at `cursor` */
  now: number | null;
  /** notices (late or refused events) to log with the records */
  notices?: LiveNotice[];
}

/** Serialises log appends (so seqs commit in order): an arbitrary fixed advisory lock key. */
const LOG_LOCK = 0x51a_106;
/** Outbox partition of records about no lead (notices about rep.away): printed by any process. */
const NO_PARTITION = -1;

export class PgStore implements LiveStore, DeadLetterStore {
  /** set by open() */
  leases!: Leases;
  partitions = 0;
  private pool: pg.Pool;
  /** round-robin positions as last loaded or committed: commits merge their steps with other processes' */
  private rotationBase = new Map<string, number>();
  /** team -> members, to merge round-robin steps modulo the team (set by the runner) */
  teamSizes = new Map<string, number>();

  constructor(
    url: string,
    private readonly opts: PgOptions = {},
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, application_name: "sla run" });
    this.pool.on("error", () => {}); // an idle client's error surfaces on the next query instead
  }

  async open(): Promise<void> {
    try {
      // the schema is created once, by the first process (no DDL afterwards:
      // DDL takes table locks that would deadlock with running processes' commits)
      if (!(await this.schemaExists(this.pool)))
        await this.tx(async (client) => {
          await client.query("SELECT pg_advisory_xact_lock($1)", [LOG_LOCK + 1]);
          if (await this.schemaExists(client)) return; // another process was first
          await client.query(LEASE_SCHEMA);
          await client.query(SCHEMA);
          const want = this.opts.partitions ?? DEFAULT_PARTITIONS;
          await client.query("INSERT INTO sla_meta (key, value) VALUES ('partitions', $1), ('schema', $2)", [
            String(want),
            SCHEMA_VERSION,
          ]);
          await ensurePartitions(client, want);
        });
      const rows = (await this.pool.query<{ key: string; value: string }>("SELECT key, value FROM sla_meta")).rows;
      const meta = new Map(rows.map((r) => [r.key, r.value]));
      if (meta.get("schema") !== SCHEMA_VERSION)
        throw new PgStateError(`database schema version ${meta.get("schema")} is not ${SCHEMA_VERSION}`);
      this.partitions = Number(meta.get("partitions"));
      if (this.opts.partitions !== undefined && this.partitions !== this.opts.partitions)
        throw new PgStateError(
          `the database is split into ${this.partitions} partitions; it cannot be opened with ${this.opts.partitions}`,
        );
    } catch (e) {
      await this.pool.end().catch(() => {});
      if (e instanceof PgStateError) throw e;
      throw new PgStateError(`cannot open the PostgreSQL state: ${(e as Error).message}`);
    }
    const owner = this.opts.owner ?? `${hostname()}:${process.pid}:${randomTag()}`;
    this.leases = new Leases(this.pool, owner, this.partitions, this.opts.leaseMs ?? DEFAULT_LEASE_MS);
  }

  private async schemaExists(db: pg.Pool | pg.PoolClient): Promise<boolean> {
    const r = await db.query<{ t: string | null }>("SELECT to_regclass('sla_meta')::text AS t");
    return r.rows[0].t !== null;
  }

  // ---- LiveStore ----

  async load(partitions?: number[]): Promise<StoredState> {
    const g = await this.pool.query<{ globals: string }>("SELECT globals FROM sla_globals WHERE id = 1");
    const rotation = await this.loadRotation();
    this.rotationBase = rotation;
    let globals: GlobalSnapshot | null = g.rows.length ? (JSON.parse(g.rows[0].globals) as GlobalSnapshot) : null;
    // round robin lives in its own rows (shared by all processes, merged per commit)
    if (globals) globals = { ...globals, rotation: { ...globals.rotation, ...Object.fromEntries(rotation) } };
    const leads = (
      partitions
        ? await this.pool.query<{ state: string }>("SELECT state FROM sla_leads WHERE partition = ANY($1::int[])", [
            partitions,
          ])
        : await this.pool.query<{ state: string }>("SELECT state FROM sla_leads")
    ).rows.map((r) => JSON.parse(r.state) as LeadSnapshot);
    const specs = (await this.pool.query<StoredSpec>("SELECT hash, text FROM sla_specs")).rows;
    return { globals, leads, specs };
  }

  async isApplied(keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    // committed through commit(), or in the log at or before its partition's cursor
    const r = await this.pool.query<{ key: string }>(
      `SELECT key FROM sla_applied WHERE key = ANY($1::text[])
       UNION
       SELECT l.id FROM sla_log l JOIN sla_partitions p ON p.partition = l.partition
       WHERE l.id = ANY($1::text[]) AND l.seq <= p.cursor`,
      [keys],
    );
    return new Set(r.rows.map((x) => x.key));
  }

  /**
   * One batch in one transaction. When this process holds leases the commit
   * is fenced: the held partitions' rows are updated first (owner and epoch
   * must still match, else LeaseLostError and nothing is written). Returns
   * the records that were new (not already logged by an earlier run or
   * another owner), with their sequence numbers, in emission order.
   */
  async commit(b: CommitBatch, extra?: PgCommitExtra): Promise<LoggedRecord[]> {
    const parts = this.partitions;
    const after = new Map(Object.entries(b.globals.rotation));
    const logged = await this.tx(async (client) => {
      if (this.leases.held.size) {
        await this.leases.fence(client, extra?.cursor ?? 0);
        if (extra && extra.now !== null)
          await client.query("UPDATE sla_partitions SET now = GREATEST(now, $1) WHERE partition = ANY($2::int[])", [
            extra.now,
            [...this.leases.held.keys()],
          ]);
      }
      if (b.appliedKeys.length)
        await client.query("INSERT INTO sla_applied (key) SELECT * FROM unnest($1::text[]) ON CONFLICT DO NOTHING", [
          b.appliedKeys,
        ]);
      if (b.leads.length)
        await client.query(
          `INSERT INTO sla_leads (lead, partition, state)
           SELECT * FROM unnest($1::text[], $2::int[], $3::text[])
           ON CONFLICT (lead) DO UPDATE SET state = EXCLUDED.state, partition = EXCLUDED.partition`,
          [
            b.leads.map((l) => l.id),
            b.leads.map((l) => partitionOf(l.id, parts)),
            b.leads.map((l) => JSON.stringify(l)),
          ],
        );
      await client.query(
        `INSERT INTO sla_globals (id, globals) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET globals = EXCLUDED.globals`,
        [JSON.stringify(b.globals)],
      );
      await this.mergeRotation(client, after);
      if (b.specs?.length)
        await client.query(
          "INSERT INTO sla_specs (hash, text) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING",
          [b.specs.map((s) => s.hash), b.specs.map((s) => s.text)],
        );
      if (b.printedThrough !== undefined) await this.markPrintedIn(client, b.printedThrough);
      const outputs: (LiveRecord | LiveNotice)[] = [...b.records, ...(extra?.notices ?? [])];
      if (!outputs.length) return [];
      const unique = new Map(outputs.map((r) => [r.id, r]));
      const list = [...unique.values()];
      const r = await client.query<{ id: string; seq: string }>(
        `INSERT INTO sla_outbox (id, partition, record, notify)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::boolean[])
         ON CONFLICT (id) DO NOTHING RETURNING id, seq`,
        [
          list.map((x) => x.id),
          list.map((x) => ("lead" in x ? partitionOf(x.lead, parts) : NO_PARTITION)),
          list.map((x) => JSON.stringify(x)),
          list.map((x) => "lead" in x && isNotify(x)),
        ],
      );
      const seqs = new Map(r.rows.map((x) => [x.id, Number(x.seq)]));
      return list
        .filter((x) => seqs.has(x.id))
        .map((x) => ({ seq: seqs.get(x.id)!, record: x as LiveRecord }))
        .sort((x, y) => x.seq - y.seq);
    });
    this.rotationBase = after;
    return logged;
  }

  async unprinted(limit: number): Promise<LoggedRecord[]> {
    const held = [...this.leases.held.keys()];
    const r = held.length
      ? await this.pool.query<{ seq: string; record: string }>(
          `SELECT seq, record FROM sla_outbox WHERE NOT printed AND (partition = ANY($2::int[]) OR partition = $3)
           ORDER BY seq LIMIT $1`,
          [limit, held, NO_PARTITION],
        )
      : await this.pool.query<{ seq: string; record: string }>(
          "SELECT seq, record FROM sla_outbox WHERE NOT printed ORDER BY seq LIMIT $1",
          [limit],
        );
    return r.rows.map((x) => ({ seq: Number(x.seq), record: JSON.parse(x.record) as LiveRecord }));
  }

  async markPrinted(seq: number): Promise<void> {
    await this.markPrintedIn(this.pool, seq);
  }

  /** Records up to `seq` were printed: this process's partitions only (others print their own). */
  private async markPrintedIn(db: pg.Pool | pg.PoolClient, seq: number): Promise<void> {
    const held = [...(this.leases?.held.keys() ?? [])];
    if (held.length)
      await db.query(
        `UPDATE sla_outbox SET printed = true
         WHERE seq <= $1 AND NOT printed AND (partition = ANY($2::int[]) OR partition = $3)`,
        [seq, held, NO_PARTITION],
      );
    else await db.query("UPDATE sla_outbox SET printed = true WHERE seq <= $1 AND NOT printed", [seq]);
  }

  /**
   * Claims up to `limit` notify actions due at `now`: their next attempt is
   * pushed to now + leaseMs in the same statement, and rows another
   * transaction is claiming are skipped (SKIP LOCKED), so two processes never
   * hold the same row; a dead claimer's rows come back after its claim.
   */
  async claimDue(limit: number, now: number, leaseMs: number): Promise<OutboxItem[]> {
    const r = await this.pool.query<{ id: string; record: string; attempts: number; last_error: string | null }>(
      `WITH due AS (
         SELECT id FROM sla_outbox
         WHERE notify AND delivered_at IS NULL AND dead_at IS NULL AND next_at <= $2
         ORDER BY next_at, seq LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE sla_outbox o SET next_at = $2::bigint + $3::bigint
       FROM due WHERE o.id = due.id
       RETURNING o.id, o.record, o.attempts, o.last_error, o.seq`,
      [limit, now, leaseMs],
    );
    return r.rows.map((x) => ({
      id: x.id,
      record: JSON.parse(x.record) as LiveRecord,
      attempts: x.attempts,
      lastError: x.last_error,
    }));
  }

  async markDelivered(id: string): Promise<void> {
    await this.pool.query("UPDATE sla_outbox SET delivered_at = $2 WHERE id = $1 AND delivered_at IS NULL", [
      id,
      Date.now(),
    ]);
  }

  async markFailed(id: string, error: string, nextAttemptAt: number): Promise<void> {
    await this.pool.query(
      `UPDATE sla_outbox SET attempts = attempts + 1, last_error = $2, next_at = $3
       WHERE id = $1 AND delivered_at IS NULL`,
      [id, error, nextAttemptAt],
    );
  }

  async outboxDepth(): Promise<number> {
    const r = await this.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM sla_outbox WHERE notify AND delivered_at IS NULL AND dead_at IS NULL",
    );
    return Number(r.rows[0].n);
  }

  /** Delivery gave up on a notify action (refused, or out of attempts): kept, counted, never retried. */
  async markDead(id: string, error: string): Promise<void> {
    await this.pool.query(
      "UPDATE sla_outbox SET dead_at = $3, last_error = $2 WHERE id = $1 AND delivered_at IS NULL AND dead_at IS NULL",
      [id, error, Date.now()],
    );
  }

  async deadLetters(): Promise<number> {
    const r = await this.pool.query<{ n: string }>("SELECT count(*) AS n FROM sla_outbox WHERE dead_at IS NOT NULL");
    return Number(r.rows[0].n);
  }

  /** Gives every held partition back (so another process need not wait for expiry) and disconnects. */
  async close(): Promise<void> {
    try {
      if (this.leases) await this.leases.releaseAll();
    } finally {
      await this.pool.end();
    }
  }

  /** Disconnects without giving leases back (they expire): a process that failed. */
  async abandon(): Promise<void> {
    await this.pool.end().catch(() => {});
  }

  // ---- the shared log and partitions (multi-process runner) ----

  /** Append events to the shared log; identities already there are skipped. Returns how many were new. */
  async ingest(rows: IngestRow[]): Promise<number> {
    if (!rows.length) return 0;
    // a restarted process re-reads its input from the start: look up first,
    // without the lock (cheap), and insert only what the log does not have
    const known = await this.pool.query<{ id: string }>("SELECT id FROM sla_log WHERE id = ANY($1::text[])", [
      rows.map((r) => r.id),
    ]);
    if (known.rows.length) {
      const have = new Set(known.rows.map((r) => r.id));
      rows = rows.filter((r) => !have.has(r.id));
      if (!rows.length) return 0;
    }
    return this.tx(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock($1)", [LOG_LOCK]);
      const r = await client.query(
        `INSERT INTO sla_log (id, partition, at, event)
         SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[])
         ON CONFLICT (id) DO NOTHING`,
        [rows.map((r) => r.id), rows.map((r) => r.partition), rows.map((r) => r.at), rows.map((r) => r.event)],
      );
      return r.rowCount ?? 0;
    });
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

  /** Global (rep.away) log rows up to `seq`: state a rebuilt engine needs. */
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

  /** The lowest cursor over all partitions: every log row up to it is applied by its owner. */
  async minCursor(): Promise<number> {
    const r = await this.pool.query<{ m: string }>("SELECT min(cursor) AS m FROM sla_partitions");
    return Number(r.rows[0].m);
  }

  async loadRotation(): Promise<Map<string, number>> {
    const r = await this.pool.query<{ team: string; next: number }>("SELECT team, next FROM sla_rotation");
    return new Map(r.rows.map((x) => [x.team, x.next]));
  }

  /** Run `f` in one transaction on one connection. */
  async tx<T>(f: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const out = await f(client);
      await client.query("COMMIT");
      return out;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  /**
   * Round robin shared by all processes: the team's row is locked for the
   * rest of the transaction. When nobody else moved it since this process
   * read it, this process's position is exact (always so with one process);
   * otherwise this batch's steps are added to the others'.
   */
  private async mergeRotation(client: pg.PoolClient, after: Map<string, number>): Promise<void> {
    for (const [team, next] of after) {
      const before = this.rotationBase.get(team) ?? 0;
      if (next === before) continue;
      const cur = await client.query<{ next: number }>("SELECT next FROM sla_rotation WHERE team = $1 FOR UPDATE", [
        team,
      ]);
      const db = cur.rows.length ? cur.rows[0].next : before;
      const size = this.teamSizes.get(team);
      const merged = db === before || !size ? next : (db + ((next - before + size) % size)) % size;
      await client.query(
        "INSERT INTO sla_rotation (team, next) VALUES ($1, $2) ON CONFLICT (team) DO UPDATE SET next = EXCLUDED.next",
        [team, merged],
      );
    }
  }
}

function randomTag(): string {
  return Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, "0");
}
