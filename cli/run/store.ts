// Where `sla run` keeps its state: the LiveStore interface. Async so that a
// networked database (PostgreSQL) fits the same shape as embedded SQLite.
//
// One commit = one transaction: the events applied since the last commit
// (their keys, see appliedKey in engine/live/core.ts), the snapshots of the
// leads they changed, the globals, and the records they caused. Either all of
// it is durable or none of it is, so after a crash the engine resumes from a
// state that matches exactly the events marked applied, and replaying the
// input from the start skips those and redoes the rest.
//
// Records are delivered twice over, both at least once:
// - stdout (every record): committed records get a sequence number; the
//   runner prints them after the commit and then moves the printed cursor.
//   After a crash, records past the cursor are printed again (same ids).
// - notify actions: an outbox row per notify action, claimed by the delivery
//   loop, retried with backoff until markDelivered.
import type { LiveRecord } from "../../engine/live/record.ts";
import type { GlobalSnapshot, LeadSnapshot } from "../../engine/live/snapshot.ts";

/** A spec version stored so that clocks started under it can finish under it after a restart. */
export interface StoredSpec {
  /** content hash (hex SHA-256 of the text) */
  hash: string;
  text: string;
}

export interface StoredState {
  /** null: a new, empty store */
  globals: GlobalSnapshot | null;
  leads: LeadSnapshot[];
  specs: StoredSpec[];
}

export interface CommitBatch {
  /** keys of the events applied (appliedKey) */
  appliedKeys: string[];
  /** snapshots of the leads changed (replacing the stored ones) */
  leads: LeadSnapshot[];
  globals: GlobalSnapshot;
  /** records caused, in emission order */
  records: LiveRecord[];
  /** spec versions first used in this batch */
  specs?: StoredSpec[];
  /** move the printed cursor (records up to this seq were written to stdout) in the same transaction */
  printedThrough?: number;
}

/** A record committed to the output log, with its position. */
export interface LoggedRecord {
  seq: number;
  record: LiveRecord;
}

/** A notify action waiting for delivery. */
export interface OutboxItem {
  /** the action record's id (the receiver de-duplicates on it) */
  id: string;
  record: LiveRecord;
  /** delivery attempts so far */
  attempts: number;
  lastError: string | null;
}

export interface LiveStore {
  /** Create or open the store (schema, pragmas). */
  open(): Promise<void>;
  /** The stored state; `partitions` limits leads to those partitions (stores that partition leads). */
  load(partitions?: number[]): Promise<StoredState>;
  /** Which of these event keys were applied (committed) before. */
  isApplied(keys: string[]): Promise<Set<string>>;
  /** One transaction; returns the records as logged (with sequence numbers), duplicates by id dropped. */
  commit(batch: CommitBatch): Promise<LoggedRecord[]>;
  /** Records committed but not yet printed (past the printed cursor), oldest first. */
  unprinted(limit: number): Promise<LoggedRecord[]>;
  /** Everything up to `seq` has been written to stdout. */
  markPrinted(seq: number): Promise<void>;
  /**
   * Up to `limit` notify actions due at `now` (epoch ms), claimed for
   * `leaseMs`: not handed out again before now + leaseMs unless marked
   * failed (a crashed deliverer's claims come back after the lease).
   */
  claimDue(limit: number, now: number, leaseMs: number): Promise<OutboxItem[]>;
  markDelivered(id: string): Promise<void>;
  /** A failed attempt: counted, retried at nextAttemptAt (epoch ms). */
  markFailed(id: string, error: string, nextAttemptAt: number): Promise<void>;
  /** Notify actions not yet delivered. */
  outboxDepth(): Promise<number>;
  close(): Promise<void>;
}

/** The records that go to the notify outbox. */
export function isNotify(r: LiveRecord): boolean {
  return r.kind === "action" && r.action?.type === "notify";
}
