// Delivery of `notify` records: POST each outbox entry to its URL, at least
// once, concurrently with ingest. The outbox (in the store) is the queue, so a
// record committed before a crash is retried after the restart; the receiver
// de-duplicates on the record id (header `Idempotency-Key`).
//
// Outcomes of one attempt:
// - 2xx: delivered (markDelivered)
// - 5xx, 408, 429, a timeout or a connection error: retried after an
//   exponential backoff with jitter (base .. cap), until maxAttempts
// - any other status (a 4xx: the receiver refuses the record itself, so
//   sending it again cannot help), or the last allowed attempt failing:
//   dead-lettered (markFailed with no next attempt), logged and counted
// Nothing is dropped silently: every dead letter is a log line and a metric.
import { setMaxListeners } from "node:events";
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { LiveStore } from "./store.ts";

export interface OutboxEntry {
  /** the record's stable id: the receiver's de-duplication key */
  id: string;
  url: string;
  /** the record as JSON: the request body */
  body: string;
  /** attempts already made (0 for a fresh entry) */
  attempts: number;
}

/** What the deliverer needs from the store (LiveStore implements it). */
export interface DeliveryOutbox {
  /**
   * Up to `limit` entries due at `now` (epoch ms), not delivered and not
   * dead, leased: not handed out again until marked or the lease runs out
   */
  claimDue(limit: number, now: number): Promise<OutboxEntry[]>;
  markDelivered(id: string): Promise<void>;
  /** a failed attempt: retry at `nextAttemptAt`, or never (null: dead letter) */
  markFailed(id: string, error: string, nextAttemptAt: number | null): Promise<void>;
}

export type AttemptOutcome = "delivered" | "retry" | "dead";

export interface DeliveryHooks {
  /** after every attempt, with how long it took */
  attempt?(entry: OutboxEntry, outcome: AttemptOutcome, error: string | null, seconds: number): void;
  /** a log line (stderr in `sla run`) */
  log?(line: string): void;
}

export interface DeliveryOptions {
  /** per attempt, connection to last byte (default 10 s) */
  timeoutMs?: number;
  /** attempts before an entry is dead-lettered (default 12: about 30 minutes of retries) */
  maxAttempts?: number;
  /** first retry delay (default 1 s); doubles per attempt */
  backoffBaseMs?: number;
  /** longest retry delay (default 5 min) */
  backoffCapMs?: number;
  /** requests in flight at once (default 16) */
  concurrency?: number;
  /** how often the outbox is polled when nothing woke the deliverer (default 500 ms) */
  pollMs?: number;
  /** injectable for tests */
  random?: () => number;
  now?: () => number;
}

const DEFAULTS = {
  timeoutMs: 10_000,
  maxAttempts: 12,
  backoffBaseMs: 1_000,
  backoffCapMs: 300_000,
  concurrency: 16,
  pollMs: 500,
};

/**
 * The wait before attempt `attempts + 1`, after `attempts` failed ones:
 * base * 2^(attempts-1), capped, with "equal jitter" (uniform in [d/2, d]) so
 * retries from many records spread out instead of arriving in waves.
 */
export function backoffMs(attempts: number, base: number, cap: number, random: () => number = Math.random): number {
  const d = Math.min(cap, base * 2 ** Math.min(Math.max(attempts - 1, 0), 40));
  return Math.round(d / 2 + (random() * d) / 2);
}

/** Statuses worth retrying: the receiver may accept the same request later. */
export function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export class Deliverer {
  private readonly o: Required<Omit<DeliveryOptions, "random" | "now">>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly inFlight = new Map<string, Promise<void>>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private kicked = false;
  private idleWaiters: (() => void)[] = [];
  private readonly batch: number;
  /** aborts the requests in flight on stop() */
  private stopping = new AbortController();
  /** keep-alive connections, reused across records to the same receiver */
  private readonly agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
  };

  constructor(
    private readonly outbox: DeliveryOutbox,
    options: DeliveryOptions = {},
    private readonly hooks: DeliveryHooks = {},
  ) {
    this.o = { ...DEFAULTS, ...stripUndefined(options) } as Required<Omit<DeliveryOptions, "random" | "now">>;
    this.random = options.random ?? Math.random;
    this.batch = Math.max(1, this.o.concurrency >> 2);
    // every request in flight listens for stop(): as many as the concurrency
    setMaxListeners(Math.max(10, this.o.concurrency + 1), this.stopping.signal);
    this.now = options.now ?? Date.now;
  }

  get pending(): number {
    return this.inFlight.size;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New entries were committed: look at the outbox now rather than at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /**
   * Stop claiming and abandon the requests in flight: their entries stay due
   * in the outbox and are sent again on the next start (at least once).
   */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight.values()]);
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** Resolves once nothing is in flight and the outbox has nothing due now (tests, shutdown); at once when stopped. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve(); // not delivering (--no-deliver, or stopped)
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.kick();
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      const free = this.o.concurrency - this.inFlight.size;
      let claimed = 0;
      this.kicked = false;
      // claim in batches (a quarter of the slots at a time, or whatever is
      // free when nothing is in flight): one outbox query per batch, not per record
      if (free > 0 && (free >= this.batch || this.inFlight.size === 0)) {
        let entries: OutboxEntry[] = [];
        try {
          // exactly the free slots: a claim leases its entries (a claimed
          // entry not sent would wait out the lease)
          entries = await this.outbox.claimDue(free, this.now());
        } catch (e) {
          this.hooks.log?.(`delivery: reading the outbox failed: ${message(e)}`);
        }
        if (entries.length === 0 && this.inFlight.size === 0) {
          for (const w of this.idleWaiters.splice(0)) w();
        }
        for (const entry of entries) {
          if (!this.running || this.inFlight.size >= this.o.concurrency) break;
          if (this.inFlight.has(entry.id)) continue;
          claimed++;
          const p = this.attempt(entry).finally(() => {
            this.inFlight.delete(entry.id);
            this.kick(); // a free slot: look again (also when it frees up while the loop is claiming)
          });
          this.inFlight.set(entry.id, p);
        }
      }
      // a full batch may mean more is due: go again at once; otherwise wait
      // for a kick, a finished request or the poll interval
      if (claimed > 0 && this.o.concurrency - this.inFlight.size >= this.batch) continue;
      if (this.running && !this.kicked) await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = null;
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        resolve();
      };
      this.timer = setTimeout(() => this.wake?.(), this.o.pollMs);
    });
  }

  private async attempt(entry: OutboxEntry): Promise<void> {
    const attempt = entry.attempts + 1;
    const started = performance.now();
    let status = 0;
    let error: string | null = null;
    let permanent = false;
    try {
      status = await post(entry, attempt, this.o.timeoutMs, this.stopping.signal, this.agents);
      if (status < 200 || status > 299) error = `HTTP ${status}`;
    } catch (e) {
      // abandoned by stop(): not an attempt the receiver answered; left due
      if (this.stopping.signal.aborted) return;
      error = message(e);
      permanent = e instanceof Permanent;
    }
    const seconds = (performance.now() - started) / 1000;
    let outcome: AttemptOutcome;
    try {
      if (error === null) {
        outcome = "delivered";
        await this.outbox.markDelivered(entry.id);
      } else if (!permanent && (status === 0 || retryable(status)) && attempt < this.o.maxAttempts) {
        outcome = "retry";
        const next = this.now() + backoffMs(attempt, this.o.backoffBaseMs, this.o.backoffCapMs, this.random);
        await this.outbox.markFailed(entry.id, error, next);
      } else {
        outcome = "dead";
        await this.outbox.markFailed(entry.id, error, null);
        const why = permanent
          ? "(cannot be sent)"
          : status !== 0 && !retryable(status)
            ? "refused by the receiver"
            : `after ${attempt} attempts`;
        this.hooks.log?.(`delivery: dead letter ${entry.id} to ${entry.url} ${why}: ${error}`);
      }
    } catch (e) {
      // the outcome could not be recorded: the entry stays due and is sent
      // again (at least once), so say so and let the next round retry
      this.hooks.log?.(`delivery: recording the attempt for ${entry.id} failed: ${message(e)}`);
      return;
    }
    this.hooks.attempt?.(entry, outcome, error, seconds);
  }
}

/** A problem sending again cannot fix (a URL that is not http or https). */
class Permanent extends Error {}

/**
 * One POST; resolves with the status, rejects on a timeout (connection to
 * last byte) or a connection error. Node's http client with keep-alive
 * agents: a quarter of fetch's CPU per request, measured here.
 */
function post(
  entry: OutboxEntry,
  attempt: number,
  timeoutMs: number,
  stop: AbortSignal,
  agents: { http: HttpAgent; https: HttpsAgent },
): Promise<number> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(entry.url);
    } catch {
      return reject(new Permanent(`not a URL: ${entry.url}`));
    }
    const secure = url.protocol === "https:";
    if (!secure && url.protocol !== "http:") return reject(new Permanent(`not an http(s) URL: ${entry.url}`));
    const body = Buffer.from(entry.body, "utf8");
    const options = {
      method: "POST",
      signal: stop,
      headers: {
        "content-type": "application/json",
        "content-length": body.length,
        "idempotency-key": entry.id,
        "x-sla-record-id": entry.id,
        "x-sla-attempt": String(attempt),
        "user-agent": "slacode-sla-run",
      },
    };
    const done = (res: IncomingMessage) => {
      // read (and drop) the answer so the connection can be reused
      res.resume();
      res.on("end", () => {
        clearTimeout(timer);
        resolve(res.statusCode ?? 0);
      });
      res.on("error", fail);
    };
    const req = secure
      ? httpsRequest(url, { ...options, agent: agents.https }, done)
      : httpRequest(url, { ...options, agent: agents.http }, done);
    const timer = setTimeout(() => req.destroy(new TimedOut("timed out")), timeoutMs);
    function fail(e: Error) {
      clearTimeout(timer);
      reject(e);
    }
    req.on("error", fail);
    req.end(body);
  });
}

class TimedOut extends Error {}

function message(e: unknown): string {
  if (e instanceof Error) {
    if (e instanceof TimedOut) return "timed out";
    const cause = (e as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) return `${e.message} (${cause.message})`;
    return e.message;
  }
  return String(e);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Stores may keep dead letters apart (markDead, deadLetters); one that does
 * not gets a failed attempt with a next attempt so far out it never comes:
 * still visible in the outbox, never retried, logged and counted here.
 */
export interface DeadLetterStore {
  markDead?(id: string, error: string): Promise<void>;
  deadLetters?(): Promise<number>;
}

/** Never, as an epoch-ms instant a database column holds exactly. */
const NEVER = Number.MAX_SAFE_INTEGER;

/** The deliverer's view of a LiveStore's outbox: the URL from the notify action, the record as the body. */
export function storeOutbox(store: LiveStore & DeadLetterStore, leaseMs: number): DeliveryOutbox {
  return {
    async claimDue(limit, now) {
      const items = await store.claimDue(limit, now, leaseMs);
      const out: OutboxEntry[] = [];
      for (const i of items) {
        const action = i.record.action;
        if (action?.type !== "notify") {
          // the store queues notify actions only; anything else has nowhere to go
          await store.markDelivered(i.id);
          continue;
        }
        out.push({ id: i.id, url: action.url, body: JSON.stringify(i.record), attempts: i.attempts });
      }
      return out;
    },
    markDelivered: (id) => store.markDelivered(id),
    markFailed: (id, error, next) =>
      next !== null
        ? store.markFailed(id, error, next)
        : store.markDead
          ? store.markDead(id, error)
          : store.markFailed(id, error, NEVER),
  };
}
