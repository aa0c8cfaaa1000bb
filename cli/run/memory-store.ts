// A LiveStore in memory: for tests (a "restart" is a new runner on the same
// object) and as the reference behaviour of the interface. A commit is atomic
// because it is synchronous; nothing survives the process.
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

interface Box {
  record: LiveRecord;
  attempts: number;
  nextAttemptAt: number;
  delivered: boolean;
  lastError: string | null;
}

export class MemoryStore implements LiveStore {
  private globals: string | null = null;
  private leads = new Map<string, string>();
  private applied = new Set<string>();
  private log: { seq: number; id: string; record: string }[] = [];
  private ids = new Set<string>();
  private printed = 0;
  private outbox = new Map<string, Box>();
  private specs = new Map<string, string>();
  commits = 0;

  async open(): Promise<void> {}

  async load(): Promise<StoredState> {
    return {
      globals: this.globals === null ? null : (JSON.parse(this.globals) as GlobalSnapshot),
      leads: [...this.leads.values()].map((s) => JSON.parse(s) as LeadSnapshot),
      specs: [...this.specs].map(([hash, text]) => ({ hash, text })),
    };
  }

  async isApplied(keys: string[]): Promise<Set<string>> {
    return new Set(keys.filter((k) => this.applied.has(k)));
  }

  async commit(b: CommitBatch): Promise<LoggedRecord[]> {
    this.commits++;
    for (const k of b.appliedKeys) this.applied.add(k);
    // stored as JSON text, like a database: nothing shared with the live objects
    for (const l of b.leads) this.leads.set(l.id, JSON.stringify(l));
    this.globals = JSON.stringify(b.globals);
    for (const s of b.specs ?? []) if (!this.specs.has(s.hash)) this.specs.set(s.hash, s.text);
    if (b.printedThrough !== undefined) this.printed = b.printedThrough;
    const logged: LoggedRecord[] = [];
    for (const r of b.records) {
      if (this.ids.has(r.id)) continue;
      this.ids.add(r.id);
      const seq = this.log.length + 1;
      this.log.push({ seq, id: r.id, record: JSON.stringify(r) });
      logged.push({ seq, record: r });
      if (isNotify(r))
        this.outbox.set(r.id, { record: r, attempts: 0, nextAttemptAt: 0, delivered: false, lastError: null });
    }
    return logged;
  }

  async unprinted(limit: number): Promise<LoggedRecord[]> {
    return this.log
      .slice(this.printed, this.printed + limit)
      .map((r) => ({ seq: r.seq, record: JSON.parse(r.record) as LiveRecord }));
  }

  async markPrinted(seq: number): Promise<void> {
    this.printed = seq;
  }

  async claimDue(limit: number, now: number, leaseMs: number): Promise<OutboxItem[]> {
    const out: OutboxItem[] = [];
    for (const [id, b] of this.outbox) {
      if (out.length >= limit) break;
      if (b.delivered || b.nextAttemptAt > now) continue;
      b.nextAttemptAt = now + leaseMs;
      out.push({ id, record: b.record, attempts: b.attempts, lastError: b.lastError });
    }
    return out;
  }

  async markDelivered(id: string): Promise<void> {
    const b = this.outbox.get(id);
    if (b) b.delivered = true;
  }

  async markFailed(id: string, error: string, nextAttemptAt: number): Promise<void> {
    const b = this.outbox.get(id);
    if (!b || b.delivered) return;
    b.attempts++;
    b.lastError = error;
    b.nextAttemptAt = nextAttemptAt;
  }

  async outboxDepth(): Promise<number> {
    let n = 0;
    for (const b of this.outbox.values()) if (!b.delivered) n++;
    return n;
  }

  async close(): Promise<void> {}
}
