// sla run SPEC --state DIR [--clock events|wall] [--lateness D] [--batch N] [--until TIME]
// Enforces an SLA live over JSONL events read from stdin (see cli/run/runner.ts).
import { createHash } from "node:crypto";
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { SlaEvent } from "../../engine/events.ts";
import { makeEventDecoder } from "../../engine/ingest/decode.ts";
import { decodeLine } from "../../engine/ingest/jsonl.ts";
import { LineSplitter } from "../../engine/ingest/lines.ts";
import { Failure } from "../../engine/problems.ts";
import { compileSource } from "../../language/compile.ts";
import { oneOf, parseArgs } from "../args.ts";
import { type CliIO, EXIT, processIO, UsageError } from "../io.ts";
import { InputError, openText } from "../read.ts";
import { postgresCommand, runOnPostgres } from "../run/pg-command.ts";
import { isPostgresUrl } from "../run/pg-run.ts";
import { type InputItem, LiveRunner, type Output, type RunOptions } from "../run/runner.ts";
import { SqliteStore, StoreError } from "../run/sqlite-store.ts";
import { makeLiveHost, Settlement } from "../run/live-host.ts";
import { parseListen, startOperations } from "../run/operations.ts";
import { loadSpec } from "../spec.ts";
import { specVersion } from "../spec-version.ts";
import { parseUntil } from "./simulate.ts";

const HELP = `usage: sla run SPEC --state DIR [options] < events.jsonl

Enforces an SLA live: reads events (JSONL, one per line) from stdin, keeps
lead state and clocks in DIR/state.db (SQLite), and writes every warning,
breach and breach action as one JSON line on stdout, after it is committed.

  --state DIR          where state is kept (created if missing); a restart on
                       the same DIR resumes, and re-reading input from the
                       start skips events already applied
  --clock events|wall  events (default): time advances with event timestamps;
                       at the end of input, deadlines up to the last event
                       (or --until) fire. wall: deadlines fire on real time,
                       and the engine keeps running after the end of input
                       until stopped (SIGINT/SIGTERM)
  --lateness DURATION  hold events back this long to apply out-of-order ones in
                       order (e.g. 0s, 30s, 5m, 1h; default 0s with the events
                       clock, 5s with the wall clock); a later event is reported
                       as a "late" record (EV601), not applied
  --batch N            events per commit (default 1000): larger is faster, a
                       crash redoes at most one batch (from the replayed input)
  --until TIME         events clock: at the end of input fire deadlines up to TIME

Several processes on one database (PostgreSQL):
  --state postgres://USER@HOST/DB
                       state in PostgreSQL, shared by every sla run on it: each
                       reads its input (or serves --listen) into a shared event
                       log; leads are split into 64 partitions by id, each owned
                       by one live process at a time; the partitions of a process
                       that dies are taken over within the lease (plus a third)
  --lease DURATION     how long a process owns its partitions without renewing
                       them (default 10s; renewed every third of it)

Serving (instead of reading stdin):
  --listen HOST:PORT   serve POST /events (one JSON event, or JSONL), GET /healthz
                       and GET /metrics (Prometheus) on HOST:PORT (':PORT' is
                       127.0.0.1:PORT); runs until SIGTERM/SIGINT. A body is taken
                       whole or not at all: a bad line, an unknown lead or an event
                       older than the engine's clock is a 400 naming the line and
                       its EV code, and nothing is applied. With the wall clock the
                       answer comes after the commit (within --lateness)
  --max-body SIZE      largest body taken (default 10MB; larger: 413)

Notify actions are POSTed to their URL from an outbox in DIR (at least once;
header Idempotency-Key = the record id, body = the record), retried on 5xx,
408, 429, timeouts and connection errors with exponential backoff and jitter:
  --notify-timeout D   per attempt (default 10s)
  --notify-attempts N  attempts before a record is dead-lettered (default 12);
                       a 4xx is a refusal: dead-lettered at once. Dead letters
                       are logged on stderr and counted in /metrics
  --notify-backoff D   first retry delay (default 1s; doubles, up to 5m)
  --deliver            send notify records (the default with --listen or the wall
                       clock; with the events clock from stdin, a replay or a
                       backlog, they stay in the outbox, printed on stdout, and
                       a later serving run on DIR sends them)
  --no-deliver         never send them (tests, dry runs)

The spec is reloaded on SIGHUP and when its file changes (--no-watch: SIGHUP
only). A spec that does not check clean is refused with its diagnostics and the
running one kept; open clocks finish under the version that started them, and
every record names the spec version that judged it (specVersion).

Output (stdout, JSONL): records {"id","kind":"warning"|"breach"|"action",
"lead","obligation","clockStart","at","due","owner","specVersion",...} and
notices {"id","kind":"late"|"rejected","code","where","event","reason"}.
Delivery is at least once: after a crash, records committed but not yet
printed are printed again, with the same id.

Exit status: 0 at the end of input, 1 when the state cannot be used, 2 on usage errors.
`;

const DEFAULT_BATCH = 1000;

export async function run(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, {
    values: [
      "state",
      "clock",
      "lateness",
      "batch",
      "until",
      "listen",
      "max-body",
      "notify-timeout",
      "notify-attempts",
      "notify-backoff",
      "lease",
    ],
    flags: ["help", "no-watch", "deliver", "no-deliver"],
  });
  if (a.flags.has("help")) {
    io.out(HELP);
    return EXIT.ok;
  }
  if (a.positional.length !== 1) throw new UsageError("give exactly one .sla file\n\n" + HELP);
  const stateDir = a.values.get("state");
  if (!stateDir) throw new UsageError("give --state DIR (where the engine keeps its state)");
  const clock = oneOf("clock", a.values.get("clock"), ["events", "wall"] as const, "events");
  const lateness = parseDuration(a.values.get("lateness") ?? (clock === "wall" ? "5s" : "0s"), "--lateness");
  const batch = a.values.has("batch") ? Number(a.values.get("batch")) : DEFAULT_BATCH;
  if (!Number.isInteger(batch) || batch < 1 || batch > 1_000_000)
    throw new UsageError("--batch must be a whole number from 1 to 1000000");

  const spec = loadSpec(a.positional[0], io);
  if (!spec) return EXIT.failed;
  const until = a.values.has("until") ? parseUntil(a.values.get("until")!, spec.ir.timezone) : undefined;
  if (until !== undefined && clock !== "events") throw new UsageError("--until works with --clock events");
  const opts: RunOptions = { clock, lateness, until };
  const ops = operationsOptions(a.values, a.flags, clock);
  // several processes on one PostgreSQL database (cli/run/pg-run.ts)
  if (isPostgresUrl(stateDir))
    return runOnPostgres(postgresCommand(stateDir, a.positional[0], spec, opts, batch, a.values.get("lease"), ops), io);
  if (a.values.has("lease")) throw new UsageError("--lease works with --state postgres://...");

  try {
    mkdirSync(stateDir, { recursive: true });
    if (!statSync(stateDir).isDirectory()) throw new Error("not a directory");
  } catch (e) {
    throw new UsageError(`--state ${stateDir}: cannot use it as a directory (${e instanceof Error ? e.message : e})`);
  }
  const store = new SqliteStore(join(stateDir, "state.db"));
  const hash = createHash("sha256").update(spec.text, "utf8").digest("hex");
  // watched on their way through: commits feed the metrics and delivery, and
  // tell an HTTP body when its events are applied (cli/run/live-host.ts)
  const settlement = new Settlement();
  let runner: LiveRunner;
  try {
    await store.open();
    const out = settlement.output(output(io));
    runner = await LiveRunner.open(
      settlement.store(store),
      { ir: spec.ir, hash, text: spec.text },
      out,
      opts,
      (text) => {
        return compileSource(text).ir ?? null;
      },
    );
  } catch (e) {
    await store.close();
    if (e instanceof StoreError || e instanceof Error) {
      io.err(`sla run: ${stateDir}: ${e.message}\n`);
      return EXIT.failed;
    }
    throw e;
  }

  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  const schedule = () => {
    if (clock !== "wall" || stopping) return;
    clearTimeout(timer);
    const wake = runner.nextWake();
    // re-checked at least once a minute (and the process stays alive waiting)
    const delay = Math.max(0, Math.min(60_000, (wake ?? Date.now() + 60_000) - Date.now()));
    timer = setTimeout(() => {
      runner.tick().then(schedule, fatal);
    }, delay);
  };
  let failed: unknown = null;
  const fatal = (e: unknown) => {
    failed = e;
    stopping = true;
    clearTimeout(timer);
  };

  const host = makeLiveHost({
    runner,
    store,
    settlement,
    stateLabel: `sqlite:${stateDir}`,
    specPath: a.positional[0],
    specGit: specVersion(a.positional[0], spec.text, { cwd: io.cwd }).git,
    reschedule: schedule,
    answerWaitMs: lateness + 10_000,
  });
  const operations = await startOperations(host, { ...ops, cwd: io.cwd, err: (t) => io.err(t) });
  let duplicates = runner.stats.duplicates;
  settlement.onCommit = (logged, applied) => {
    operations.eventsApplied(applied, runner.stats.duplicates - duplicates);
    duplicates = runner.stats.duplicates;
    operations.committed(logged.map((l) => l.record));
  };
  settlement.onNotice = (code, source) => operations.eventRejected(code, source);
  if (ops.listen) {
    // events come over HTTP: serve until SIGTERM/SIGINT, then stop taking
    // bodies, let the current commit finish, stop delivery, close the store
    schedule();
    await untilSignal();
    io.err("sla run: stopping (finishing the current commit)\n");
    await operations.stopIntake();
    stopping = true;
    clearTimeout(timer);
    await runner.flush();
    await operations.stop();
    await store.close();
    return failed ? EXIT.failed : EXIT.ok;
  }

  const reader = new StdinEvents(spec.ir, "<stdin>", batch);
  try {
    schedule();
    for await (const chunk of openText("-")) {
      for (const items of reader.chunk(chunk)) await runner.ingest(items);
      if (clock === "wall") {
        await runner.ingest(reader.take());
        await runner.tick();
        schedule();
      }
      if (failed) throw failed;
    }
    await runner.ingest(reader.end());
    if (clock === "events") {
      await runner.end();
      if (ops.deliver) {
        // what is due now goes out before the exit (bounded: a receiver that
        // hangs or keeps failing does not hold the exit); the rest stays in
        // the outbox for the next run on this state
        const wait = 2 * (ops.delivery.timeoutMs ?? 10_000) + 1_000;
        await Promise.race([operations.deliverer.idle(), new Promise((r) => setTimeout(r, wait).unref())]);
        const left = await store.outboxDepth();
        if (left > 0)
          io.err(
            `sla run: ${left} notify record(s) not delivered yet: kept in the outbox, sent by the next run on ${stateDir}\n`,
          );
      }
    } else {
      await runner.tick();
      schedule();
      await untilSignal();
      stopping = true;
      clearTimeout(timer);
      await runner.flush();
    }
    await operations.stop();
  } catch (e) {
    clearTimeout(timer);
    await operations.stop();
    await store.close();
    if (e instanceof InputError) {
      io.err(`sla run: ${e.message}\n`);
      return EXIT.failed;
    }
    throw e;
  }
  await store.close();
  return EXIT.ok;
}

/** The operations options (HTTP, delivery, reload) from the command line. */
function operationsOptions(values: Map<string, string>, flags: Set<string>, clock: "events" | "wall") {
  const listenArg = values.get("listen");
  const listen = listenArg === undefined ? null : parseListen(listenArg);
  if (listenArg !== undefined && !listen)
    throw new UsageError(`--listen: '${listenArg}' is not HOST:PORT (e.g. 127.0.0.1:8080, or :8080 for 127.0.0.1)`);
  const maxBody = values.has("max-body") ? parseSize(values.get("max-body")!, "--max-body") : undefined;
  const timeoutMs = values.has("notify-timeout")
    ? parseDuration(values.get("notify-timeout")!, "--notify-timeout")
    : undefined;
  if (timeoutMs !== undefined && timeoutMs < 1) throw new UsageError("--notify-timeout must be more than 0");
  const attempts = values.has("notify-attempts") ? Number(values.get("notify-attempts")) : undefined;
  if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 1 || attempts > 1000))
    throw new UsageError("--notify-attempts must be a whole number from 1 to 1000");
  if (flags.has("deliver") && flags.has("no-deliver")) throw new UsageError("give --deliver or --no-deliver, not both");
  const backoff = values.has("notify-backoff")
    ? parseDuration(values.get("notify-backoff")!, "--notify-backoff")
    : undefined;
  if (backoff !== undefined && backoff < 1) throw new UsageError("--notify-backoff must be more than 0");
  return {
    listen,
    maxBody,
    delivery: {
      timeoutMs,
      maxAttempts: attempts,
      backoffBaseMs: backoff,
      backoffCapMs: backoff === undefined ? undefined : Math.max(backoff, 300_000),
    },
    reload: { signal: true, watchFile: !flags.has("no-watch") },
    deliver: flags.has("deliver") || (!flags.has("no-deliver") && (listen !== null || clock === "wall")),
  };
}

/** A size like 10MB, 512KB, 1048576 (bytes). */
function parseSize(s: string, option: string): number {
  const m = /^(\d+)\s*(B|KB|MB|GB|KiB|MiB|GiB)?$/i.exec(s.trim());
  if (!m) throw new UsageError(`${option}: '${s}' is not a size (e.g. 10MB, 512KB)`);
  const unit = (m[2] ?? "B").toUpperCase().replace("IB", "B");
  const n = Number(m[1]) * ({ B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 } as Record<string, number>)[unit];
  if (n < 1024 || n > 1024 ** 3) throw new UsageError(`${option}: give a size from 1KB to 1GB`);
  return n;
}

/** Resolves on SIGINT or SIGTERM. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    process.on("SIGINT", done);
    process.on("SIGTERM", done);
  });
}

/** Records to stdout: written before the promise resolves (a full pipe waits for 'drain'). */
function output(io: CliIO): Output {
  if (io.out !== processIO.out) return (text) => io.out(text);
  return (text) =>
    new Promise<void>((resolve, reject) => {
      process.stdout.write(text, (e) => (e ? reject(e) : resolve()));
    });
}

/** JSONL lines from stdin into batches of input items (events and bad lines). */
export class StdinEvents {
  private splitter = new LineSplitter();
  private decode;
  private items: InputItem[] = [];
  private ready: InputItem[][] = [];
  private onLine = (text: string | Failure, line: number): void => {
    const r = decodeLine(this.decode, text);
    if (r === null) return;
    const where = `${this.file}:${line}`;
    this.items.push(r instanceof Failure ? { failure: r, where } : { event: r as SlaEvent, where });
    if (this.items.length >= this.batch) {
      this.ready.push(this.items);
      this.items = [];
    }
  };

  constructor(
    ir: Parameters<typeof makeEventDecoder>[0],
    private file: string,
    private batch: number,
  ) {
    this.decode = makeEventDecoder(ir);
  }

  /** Full batches completed by this chunk. */
  chunk(text: string): InputItem[][] {
    this.splitter.feed(text, this.onLine);
    const out = this.ready;
    this.ready = [];
    return out;
  }

  /** The partial batch so far. */
  take(): InputItem[] {
    const out = this.items;
    this.items = [];
    return out;
  }

  /** End of input: the rest. */
  end(): InputItem[] {
    this.splitter.finish(this.onLine);
    return [...this.ready.flat(), ...this.take()];
  }
}

/** A duration like 0s, 250ms, 30s, 5m, 2h, 1d, in ms. */
export function parseDuration(s: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(s.trim());
  if (!m) throw new UsageError(`${option}: '${s}' is not a duration (e.g. 0s, 30s, 5m, 1h)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "ms" | "s" | "m" | "h" | "d"];
  const ms = Math.round(Number(m[1]) * unit);
  if (ms > 365 * 86_400_000) throw new UsageError(`${option}: '${s}' is more than a year`);
  return ms;
}
