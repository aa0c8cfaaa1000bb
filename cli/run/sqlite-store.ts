// The embedded LiveStore: one SQLite database, DIR/state.db, in WAL mode.
//
// Durability: synchronous=NORMAL. A commit is in the WAL (the OS's page
// cache) when commit() returns, so killing the process at any instant (kill
// -9, OOM) loses nothing committed. A power loss or kernel crash may roll back
// the last few commits; the database stays consistent (state and applied
// event keys move together), and since records are recomputed from the input
// with the same ids when it is replayed, nothing is lost either, only printed
// again. FULL would fsync the WAL on every commit for no gain under this
// at-least-once, replay-the-input contract (`SLA_SQLITE_SYNC=FULL` sets it
// anyway, for inputs that cannot be replayed).
import Database from "better-sqlite3";
import type { LiveRecord } from "../../engine/live/record.ts";
import type { GlobalSnapshot, LeadSnapshot } from "../../engine/live/snapshot.ts";
import {
  type CommitBatch,
  isNotify,
  type LiveStore,
  type LoggedRecord,
  type OutboxItem,
  type StoredState,
} from "./store.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS leads (id TEXT PRIMARY KEY, snapshot TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS applied (key TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS records (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
  id TEXT PRIMARY KEY,
  record TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  delivered_at INTEGER,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL;
-- claimDue's order (due time, then id) straight from an index: no sort of every due row per claim
CREATE INDEX IF NOT EXISTS outbox_due_id ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL;
CREATE TABLE IF NOT EXISTS specs (hash TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID;
`;

/** Bumped when the schema changes incompatibly (a store of another version is refused). */
const SCHEMA_VERSION = "1";

export class StoreError extends Error {}

/** next_attempt_at of a dead letter: never (the largest integer a JS number holds exactly). */
const DEAD = Number.MAX_SAFE_INTEGER;

export class SqliteStore implements LiveStore {
  private db: Database.Database | null = null;
  private stmts!: ReturnType<SqliteStore["prepare"]>;
  private commitTx!: (b: CommitBatch) => LoggedRecord[];

  /** `path`: the database file (DIR/state.db), or ":memory:" for tests. */
  constructor(readonly path: string) {}

  async open(): Promise<void> {
    let db: Database.Database;
    try {
      db = new Database(this.path);
    } catch (e) {
      throw new StoreError(`cannot open ${this.path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.db = db;
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${process.env.SLA_SQLITE_SYNC === "FULL" ? "FULL" : "NORMAL"}`);
    db.pragma("busy_timeout = 5000");
    db.exec(SCHEMA);
    const version = db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get() as string | undefined;
    if (version === undefined) db.prepare("INSERT INTO meta (key, value) VALUES ('schema', ?)").run(SCHEMA_VERSION);
    else if (version !== SCHEMA_VERSION)
      throw new StoreError(`${this.path} has state schema ${version}; this sla run reads schema ${SCHEMA_VERSION}`);
    this.stmts = this.prepare(db);
    this.commitTx = db.transaction((b: CommitBatch) => this.commitIn(b));
  }

  private prepare(db: Database.Database) {
    return {
      isApplied: db.prepare("SELECT 1 FROM applied WHERE key = ?").pluck(),
      apply: db.prepare("INSERT OR IGNORE INTO applied (key) VALUES (?)"),
      putLead: db.prepare(
        "INSERT INTO leads (id, snapshot) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot",
      ),
      putMeta: db.prepare(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ),
      getMeta: db.prepare("SELECT value FROM meta WHERE key = ?").pluck(),
      putRecord: db.prepare("INSERT OR IGNORE INTO records (id, record) VALUES (?, ?)"),
      putOutbox: db.prepare("INSERT OR IGNORE INTO outbox (id, record, next_attempt_at) VALUES (?, ?, 0)"),
      putSpec: db.prepare("INSERT OR IGNORE INTO specs (hash, text) VALUES (?, ?)"),
      unprinted: db.prepare("SELECT seq, record FROM records WHERE seq > ? ORDER BY seq LIMIT ?"),
      due: db.prepare(
        "SELECT id, record, attempts, last_error FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
      ),
      lease: db.prepare("UPDATE outbox SET next_attempt_at = ? WHERE id = ?"),
      delivered: db.prepare("UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL"),
      failed: db.prepare(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND delivered_at IS NULL",
      ),
      // dead letters (ops hook, cli/run/deliver.ts): never due again, kept and counted apart
      depth: db.prepare(`SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND next_attempt_at < ${DEAD}`).pluck(),
      dead: db.prepare(
        `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ${DEAD} WHERE id = ? AND delivered_at IS NULL`,
      ),
      deadCount: db
        .prepare(`SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND next_attempt_at >= ${DEAD}`)
        .pluck(),
    };
  }

  private get open_(): Database.Database {
    if (!this.db) throw new Error("store is not open");
    return this.db;
  }

  async load(): Promise<StoredState> {
    const db = this.open_;
    const g = this.stmts.getMeta.get("globals") as string | undefined;
    const leads = (db.prepare("SELECT snapshot FROM leads").pluck().all() as string[]).map(
      (s) => JSON.parse(s) as LeadSnapshot,
    );
    const specs = db.prepare("SELECT hash, text FROM specs").all() as { hash: string; text: string }[];
    return { globals: g === undefined ? null : (JSON.parse(g) as GlobalSnapshot), leads, specs };
  }

  async isApplied(keys: string[]): Promise<Set<string>> {
    this.open_;
    const out = new Set<string>();
    for (const k of keys) if (this.stmts.isApplied.get(k) !== undefined) out.add(k);
    return out;
  }

  async commit(b: CommitBatch): Promise<LoggedRecord[]> {
    this.open_;
    return this.commitTx(b);
  }

  private commitIn(b: CommitBatch): LoggedRecord[] {
    const s = this.stmts;
    for (const k of b.appliedKeys) s.apply.run(k);
    for (const l of b.leads) s.putLead.run(l.id, JSON.stringify(l));
    s.putMeta.run("globals", JSON.stringify(b.globals));
    if (b.specs) for (const sp of b.specs) s.putSpec.run(sp.hash, sp.text);
    if (b.printedThrough !== undefined) s.putMeta.run("printed", String(b.printedThrough));
    const logged: LoggedRecord[] = [];
    for (const r of b.records) {
      const text = JSON.stringify(r);
      const res = s.putRecord.run(r.id, text);
      if (res.changes === 0) continue; // the same record again: logged once
      logged.push({ seq: Number(res.lastInsertRowid), record: r });
      if (isNotify(r)) s.putOutbox.run(r.id, text);
    }
    return logged;
  }

  async unprinted(limit: number): Promise<LoggedRecord[]> {
    const from = Number((this.stmts.getMeta.get("printed") as string | undefined) ?? 0);
    return (this.stmts.unprinted.all(from, limit) as { seq: number; record: string }[]).map((r) => ({
      seq: r.seq,
      record: JSON.parse(r.record) as LiveRecord,
    }));
  }

  async markPrinted(seq: number): Promise<void> {
    this.stmts.putMeta.run("printed", String(seq));
  }

  async claimDue(limit: number, now: number, leaseMs: number): Promise<OutboxItem[]> {
    const db = this.open_;
    return db.transaction(() => {
      const rows = this.stmts.due.all(now, limit) as {
        id: string;
        record: string;
        attempts: number;
        last_error: string | null;
      }[];
      for (const r of rows) this.stmts.lease.run(now + leaseMs, r.id);
      return rows.map((r) => ({
        id: r.id,
        record: JSON.parse(r.record) as LiveRecord,
        attempts: r.attempts,
        lastError: r.last_error,
      }));
    })();
  }

  async markDelivered(id: string): Promise<void> {
    this.stmts.delivered.run(Date.now(), id);
  }

  async markFailed(id: string, error: string, nextAttemptAt: number): Promise<void> {
    this.stmts.failed.run(error, nextAttemptAt, id);
  }

  /** Notify actions not yet delivered, dead letters excluded. */
  async outboxDepth(): Promise<number> {
    return this.stmts.depth.get() as number;
  }

  /** Given up on (ops hook, DeadLetterStore in cli/run/deliver.ts): kept, never due again. */
  async markDead(id: string, error: string): Promise<void> {
    this.stmts.dead.run(error, id);
  }

  async deadLetters(): Promise<number> {
    return this.stmts.deadCount.get() as number;
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = null;
  }
}
