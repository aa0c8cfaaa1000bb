// An in-memory outbox with the store's delivery contract, for the deliverer's
// unit tests (the SQLite and PostgreSQL stores are tested against the same).
import type { DeliveryOutbox, OutboxEntry } from "../../cli/run/deliver.ts";

interface Row extends OutboxEntry {
  due: number;
  state: "pending" | "delivered" | "dead";
  errors: string[];
}

export class FakeOutbox implements DeliveryOutbox {
  readonly rows = new Map<string, Row>();

  constructor(readonly leaseMs = 60_000) {}

  add(id: string, url: string, record: unknown, due = 0): void {
    this.rows.set(id, { id, url, body: JSON.stringify(record), attempts: 0, due, state: "pending", errors: [] });
  }

  async claimDue(limit: number, now: number): Promise<OutboxEntry[]> {
    const out: OutboxEntry[] = [];
    for (const r of this.rows.values()) {
      if (out.length >= limit) break;
      if (r.state === "pending" && r.due <= now) {
        r.due = now + this.leaseMs; // leased, as the stores do
        out.push({ id: r.id, url: r.url, body: r.body, attempts: r.attempts });
      }
    }
    return out;
  }

  async markDelivered(id: string): Promise<void> {
    const r = this.rows.get(id)!;
    r.attempts++;
    r.state = "delivered";
  }

  async markFailed(id: string, error: string, nextAttemptAt: number | null): Promise<void> {
    const r = this.rows.get(id)!;
    r.attempts++;
    r.errors.push(error);
    if (nextAttemptAt === null) r.state = "dead";
    else r.due = nextAttemptAt;
  }

  count(state: Row["state"]): number {
    let n = 0;
    for (const r of this.rows.values()) if (r.state === state) n++;
    return n;
  }
}
