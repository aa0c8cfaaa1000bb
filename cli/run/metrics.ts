// `GET /metrics` of `sla run`: Prometheus text exposition through prom-client
// (a registry of our own, not the global one, so tests can run several).
// Counters are bumped by the code that does the work; gauges that mirror the
// state (open clocks, outbox depth, event-time lag) are read at scrape time
// from the providers given here, so they can never drift from the store.
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { AttemptOutcome } from "./deliver.ts";

export interface MetricsSources {
  /** clocks currently open (running or paused) */
  openClocks(): number;
  /** outbox entries not yet delivered and not dead */
  outboxDepth(): Promise<number> | number;
  /** outbox entries given up on (dead letters); null when the store does not say */
  deadLetters?(): Promise<number | null> | number | null;
  /** the latest event time applied (epoch ms), null before the first event */
  lastEventAt(): number | null;
  now?(): number;
}

export class LiveMetrics {
  readonly registry = new Registry();
  readonly eventsApplied: Counter<never>;
  readonly eventsRejected: Counter<"code" | "source">;
  readonly eventsDuplicate: Counter<never>;
  readonly records: Counter<"kind">;
  readonly deliveryAttempts: Counter<"outcome">;
  readonly deliveryFailures: Counter<never>;
  readonly deliveryDeadLetters: Counter<never>;
  readonly deliverySeconds: Histogram<never>;
  readonly httpRequests: Counter<"route" | "status">;
  readonly reloads: Counter<"result">;
  private readonly specInfo: Gauge<"version">;

  constructor(sources: MetricsSources) {
    const r = [this.registry];
    const now = sources.now ?? Date.now;
    this.eventsApplied = new Counter({
      name: "sla_events_applied_total",
      help: "Events applied to the live state (committed).",
      registers: r,
    });
    this.eventsDuplicate = new Counter({
      name: "sla_events_duplicate_total",
      help: "Events seen again (same id, time and content): applied once, counted here.",
      registers: r,
    });
    this.eventsRejected = new Counter({
      name: "sla_events_rejected_total",
      help: "Events refused, by EV code and source (http, stdin).",
      labelNames: ["code", "source"],
      registers: r,
    });
    this.records = new Counter({
      name: "sla_records_emitted_total",
      help: "Records emitted (warnings, breaches, actions), by kind.",
      labelNames: ["kind"],
      registers: r,
    });
    new Gauge({
      name: "sla_open_clocks",
      help: "Obligation clocks currently open (running or paused).",
      registers: r,
      collect() {
        this.set(sources.openClocks());
      },
    });
    new Gauge({
      name: "sla_outbox_depth",
      help: "Notify records in the outbox not yet delivered (dead letters excluded).",
      registers: r,
      async collect() {
        this.set(await sources.outboxDepth());
      },
    });
    new Gauge({
      name: "sla_outbox_dead_letters",
      help: "Notify records given up on (after the last retry, or refused with a 4xx); see the log.",
      registers: r,
      async collect() {
        const n = sources.deadLetters ? await sources.deadLetters() : null;
        if (n !== null) this.set(n);
      },
    });
    new Gauge({
      name: "sla_event_time_lag_seconds",
      help: "Wall-clock time minus the latest applied event's time (how far behind the stream the state is).",
      registers: r,
      collect() {
        const last = sources.lastEventAt();
        if (last !== null) this.set((now() - last) / 1000);
      },
    });
    new Gauge({
      name: "sla_last_event_timestamp_seconds",
      help: "Time of the latest applied event (Unix seconds).",
      registers: r,
      collect() {
        const last = sources.lastEventAt();
        if (last !== null) this.set(last / 1000);
      },
    });
    this.deliveryAttempts = new Counter({
      name: "sla_delivery_attempts_total",
      help: "Notify delivery attempts, by outcome (delivered, retry, dead).",
      labelNames: ["outcome"],
      registers: r,
    });
    this.deliveryFailures = new Counter({
      name: "sla_delivery_failures_total",
      help: "Failed notify delivery attempts (non-2xx, timeout, connection error).",
      registers: r,
    });
    this.deliveryDeadLetters = new Counter({
      name: "sla_delivery_dead_letters_total",
      help: "Notify records dead-lettered by this process.",
      registers: r,
    });
    this.deliverySeconds = new Histogram({
      name: "sla_delivery_duration_seconds",
      help: "Duration of notify delivery attempts.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: r,
    });
    this.httpRequests = new Counter({
      name: "sla_http_requests_total",
      help: "HTTP requests served, by route and status.",
      labelNames: ["route", "status"],
      registers: r,
    });
    this.reloads = new Counter({
      name: "sla_spec_reloads_total",
      help: "Spec reloads, by result (applied, refused, unchanged).",
      labelNames: ["result"],
      registers: r,
    });
    this.specInfo = new Gauge({
      name: "sla_spec_info",
      help: "The spec version (SHA-256 of its text) judging new clocks: 1 for the current one.",
      labelNames: ["version"],
      registers: r,
    });
    // initialise the labelled series so they exist (at 0) before the first event
    for (const outcome of ["delivered", "retry", "dead"] satisfies AttemptOutcome[])
      this.deliveryAttempts.inc({ outcome }, 0);
    for (const result of ["applied", "refused", "unchanged"]) this.reloads.inc({ result }, 0);
    for (const kind of ["warning", "breach", "action"]) this.records.inc({ kind }, 0);
  }

  /** The delivery hook's view: one attempt and its outcome. */
  attempt(outcome: AttemptOutcome, seconds: number): void {
    this.deliveryAttempts.inc({ outcome });
    this.deliverySeconds.observe(seconds);
    if (outcome !== "delivered") this.deliveryFailures.inc();
    if (outcome === "dead") this.deliveryDeadLetters.inc();
  }

  specVersion(sha256: string): void {
    this.specInfo.reset();
    this.specInfo.set({ version: sha256 }, 1);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
