// The operations side of `sla run`, started next to the engine loop: the
// HTTP endpoint (events in, /healthz, /metrics), notify delivery from the
// store's outbox, and spec reload (SIGHUP, a changed file). The engine loop
// (cli/commands/run.ts) hands over a LiveHost: its one serialized writer and
// what it knows; everything here only reads state or goes through it.
import type { LiveStore } from "./store.ts";
import { type DeadLetterStore, Deliverer, type DeliveryOptions, storeOutbox } from "./deliver.ts";
import { type BodyEvent, HttpEndpoint, type IngestAnswer } from "./http.ts";
import { LiveMetrics } from "./metrics.ts";
import { type LoadedSpec, SpecReloader } from "./reload.ts";
import type { EventDecoder } from "../../engine/ingest/decode.ts";
import { iso as isoTime } from "../../engine/report.ts";

/** What the engine loop offers the operations side. */
export interface LiveHost {
  store: LiveStore & DeadLetterStore;
  /** e.g. "sqlite:/var/lib/sla" (never a password) */
  stateLabel: string;
  clockMode: "wall" | "events";
  specPath: string;
  specVersion(): { sha256: string; git: string | null };
  decoder(): EventDecoder;
  openClocks(): number;
  leads(): number;
  /** the latest event time applied (epoch ms) */
  lastEventAt(): number | null;
  /** the engine clock (epoch ms) */
  engineNow(): number | null;
  /** apply a body whole or not at all, serialized with every other write; resolves after the commit */
  submit(events: BodyEvent[]): Promise<IngestAnswer>;
  /** switch specs, serialized with the writes */
  reload(spec: LoadedSpec): Promise<void>;
}

export interface OperationsOptions {
  /** HOST:PORT to serve on; null: no HTTP endpoint */
  listen: { host: string; port: number } | null;
  maxBody?: number;
  delivery: DeliveryOptions;
  /** reload on SIGHUP and when the spec file changes */
  reload: { signal: boolean; watchFile: boolean };
  /** false: notify records stay in the outbox (--no-deliver) */
  deliver: boolean;
  cwd: string;
  /** stderr */
  err(text: string): void;
}

export interface Operations {
  metrics: LiveMetrics;
  deliverer: Deliverer;
  /** the HTTP address, when listening */
  address: string | null;
  /** new records were committed: deliver now */
  committed(records: { kind: string }[]): void;
  eventsApplied(n: number, duplicates: number): void;
  eventRejected(code: string, source: "http" | "stdin"): void;
  /** stop accepting; then the engine finishes its commit and closes the store */
  stopIntake(): Promise<void>;
  /** stop delivery and reloads (after stopIntake and the last commit) */
  stop(): Promise<void>;
}

const startedAt = Date.now();

export async function startOperations(host: LiveHost, o: OperationsOptions): Promise<Operations> {
  const metrics = new LiveMetrics({
    openClocks: () => host.openClocks(),
    outboxDepth: () => host.store.outboxDepth(),
    deadLetters: () => (host.store.deadLetters ? host.store.deadLetters() : null),
    lastEventAt: () => host.lastEventAt(),
  });
  metrics.specVersion(host.specVersion().sha256);
  const log = (line: string) => o.err(`sla run: ${line}\n`);

  const timeout = o.delivery.timeoutMs ?? 10_000;
  const deliverer = new Deliverer(storeOutbox(host.store, timeout + 2_000), o.delivery, {
    attempt: (_e, outcome, _error, seconds) => metrics.attempt(outcome, seconds),
    log,
  });
  if (o.deliver) deliverer.start();

  const reloader = new SpecReloader(host.specPath, o.cwd, {
    current: () => host.specVersion().sha256,
    apply: async (spec) => {
      await host.reload(spec);
      metrics.specVersion(spec.version.sha256);
    },
    err: o.err,
    reloaded: (result) => metrics.reloads.inc({ result }),
  });
  reloader.start(o.reload);

  let endpoint: HttpEndpoint | null = null;
  let address: string | null = null;
  if (o.listen) {
    endpoint = new HttpEndpoint(
      {
        decoder: () => host.decoder(),
        ingest: async (events) => {
          const answer = await host.submit(events);
          if (!answer.ok) for (const p of answer.problems) metrics.eventsRejected.inc({ code: p.code, source: "http" });
          return answer;
        },
        health: async () => ({
          spec: { file: host.specPath, ...host.specVersion() },
          state: host.stateLabel,
          clock: host.clockMode,
          lastEventAt: iso(host.lastEventAt()),
          engineTime: iso(host.engineNow()),
          leads: host.leads(),
          openClocks: host.openClocks(),
          outboxDepth: await host.store.outboxDepth(),
          uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        }),
        metrics: async () => ({ contentType: metrics.contentType, text: await metrics.text() }),
        served: (route, status) => metrics.httpRequests.inc({ route, status: String(status) }),
        log,
      },
      { host: o.listen.host, port: o.listen.port, maxBody: o.maxBody },
    );
    const a = await endpoint.listen();
    address = `http://${a.family === "IPv6" ? `[${a.address}]` : a.address}:${a.port}`;
    log(`listening on ${address} (POST /events, GET /healthz, GET /metrics)`);
  }

  return {
    metrics,
    deliverer,
    address,
    committed(records) {
      for (const r of records) metrics.records.inc({ kind: r.kind });
      if (records.length > 0) deliverer.kick();
    },
    eventsApplied(n, duplicates) {
      metrics.eventsApplied.inc(n);
      if (duplicates > 0) metrics.eventsDuplicate.inc(duplicates);
    },
    eventRejected(code, source) {
      metrics.eventsRejected.inc({ code, source });
    },
    async stopIntake() {
      reloader.stop();
      await endpoint?.close();
    },
    async stop() {
      reloader.stop();
      await deliverer.stop();
    },
  };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : isoTime(ms);
}

/** `--listen HOST:PORT` (or `:PORT`, or `PORT`: 127.0.0.1); null when it does not parse. */
export function parseListen(value: string): { host: string; port: number } | null {
  const m = /^(?:(\[[0-9a-fA-F:.]+\]|[^:\s]*):)?(\d{1,5})$/.exec(value);
  if (!m) return null;
  const port = Number(m[2]);
  if (port > 65_535) return null;
  const host = m[1] ? m[1].replace(/^\[|\]$/g, "") : "127.0.0.1";
  return { host, port };
}
