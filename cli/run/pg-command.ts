// The PostgreSQL branch of `sla run` (cli/commands/run.ts hands over when
// --state is a postgres:// URL): the multi-process runner (pg-run.ts) with the
// same operations side as the SQLite branch: POST /events into the shared
// log, /healthz, /metrics, notify delivery from the shared outbox (claims
// with SKIP LOCKED: two processes never hold one notify at once), reloads.
import { createHash } from "node:crypto";
import { makeEventDecoder } from "../../engine/ingest/decode.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";
import { parseDuration } from "../commands/run.ts";
import { type CliIO, EXIT, processIO, UsageError } from "../io.ts";
import { InputError, openText } from "../read.ts";
import { specVersion } from "../spec-version.ts";
import { type LiveHost, type OperationsOptions, startOperations } from "./operations.ts";
import { openPgStore, PgRunner } from "./pg-run.ts";
import { PgStateError } from "./pg-store.ts";

/** What `sla run SPEC --state postgres://...` hands over (options already checked). */
export interface PgCommand {
  url: string;
  specPath: string;
  spec: { ir: IR; text: string; hash: string };
  clock: "events" | "wall";
  lateness: number;
  until?: number;
  batch: number;
  leaseMs: number;
  ops: Omit<OperationsOptions, "cwd" | "err">;
}

/** The PostgreSQL branch's options from `sla run`'s (checked: usage errors thrown). */
export function postgresCommand(
  url: string,
  specPath: string,
  spec: { ir: IR; text: string },
  opts: { clock: "events" | "wall"; lateness: number; until?: number },
  batch: number,
  lease: string | undefined,
  ops: Omit<OperationsOptions, "cwd" | "err">,
): PgCommand {
  const leaseMs = parseDuration(lease ?? "10s", "--lease");
  if (leaseMs < 300) throw new UsageError("--lease must be at least 300ms");
  const hash = createHash("sha256").update(spec.text, "utf8").digest("hex");
  return { url, specPath, spec: { ir: spec.ir, text: spec.text, hash }, ...opts, batch, leaseMs, ops };
}

/**
 * Runs one process of a PostgreSQL deployment until the input is over and
 * every partition has applied it (events clock, stdin), or until SIGTERM /
 * SIGINT (wall clock, or serving HTTP). Problems with the database are one
 * line on stderr and exit status 1.
 */
export async function runOnPostgres(c: PgCommand, io: CliIO): Promise<number> {
  const serving = c.ops.listen !== null;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  const untilSignal = c.clock === "wall" || serving;
  if (untilSignal) {
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }
  const label = redact(c.url);
  try {
    const store = await openPgStore({ url: c.url, leaseMs: c.leaseMs, ir: c.spec.ir });
    const runner = new PgRunner(store, {
      url: c.url,
      ir: c.spec.ir,
      specVersion: c.spec.hash,
      specText: c.spec.text,
      input: serving ? noInput() : openText("-"),
      inputName: "<stdin>",
      out: output(io),
      err: io.err,
      clock: c.clock,
      lateMs: c.lateness,
      until: c.until,
      batch: c.batch,
      leaseMs: c.leaseMs,
      follow: untilSignal,
      signal: stop.signal,
      compileSpec: (text) => compileSource(text).ir ?? null,
    });
    let spec = { sha256: c.spec.hash, git: specVersion(c.specPath, c.spec.text, { cwd: io.cwd }).git };
    let decoder = makeEventDecoder(c.spec.ir);
    const host: LiveHost = {
      store,
      stateLabel: `postgres:${label}`,
      clockMode: c.clock,
      specPath: c.specPath,
      specVersion: () => spec,
      decoder: () => decoder,
      openClocks: () => runner.core.openClocks(),
      leads: () => runner.core.leadCount,
      lastEventAt: () => runner.core.exportGlobals().last?.at ?? null,
      engineNow: () => runner.core.now,
      // a body goes to the shared log, durably, and is applied by the owner of each lead
      async submit(events) {
        const { added } = await runner.submit(events.map((b) => b.event));
        return {
          ok: true,
          accepted: events.length,
          applied: 0,
          duplicates: events.length - added,
          held: added,
          late: [],
        };
      },
      async reload(s) {
        runner.reload(s.ir, s.version.sha256, s.text);
        spec = { sha256: s.version.sha256, git: s.version.git };
        decoder = makeEventDecoder(s.ir);
      },
    };
    const operations = await startOperations(host, { ...c.ops, cwd: io.cwd, err: (t) => io.err(t) });
    runner.onCommit = (logged, applied) => {
      operations.eventsApplied(applied, 0);
      operations.committed(logged.map((l) => l.record));
    };
    try {
      await runner.run();
      await operations.stopIntake();
      if (!untilSignal && c.ops.deliver) {
        // events clock with --deliver: what is due now is sent before exiting
        // (bounded, as on SQLite: cli/commands/run.ts)
        const wait = 2 * (c.ops.delivery.timeoutMs ?? 10_000) + 1_000;
        await Promise.race([operations.deliverer.idle(), new Promise((r) => setTimeout(r, wait).unref())]);
        const left = await store.outboxDepth();
        if (left > 0)
          io.err(
            `sla run: ${left} notify record(s) not delivered yet: kept in the shared outbox, sent by a running process\n`,
          );
      }
    } finally {
      await operations.stop();
    }
    await store.close();
    return EXIT.ok;
  } catch (e) {
    if (e instanceof PgStateError || e instanceof InputError) {
      io.err(`sla run: ${label}: ${e.message}\n`);
      return EXIT.failed;
    }
    if (e instanceof Error && isPgError(e)) {
      io.err(`sla run: ${label}: PostgreSQL: ${e.message}\n`);
      return EXIT.failed;
    }
    throw e;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    // stopped by a signal with stdin still open: let the process exit
    if (untilSignal && !serving && io.out === processIO.out) process.stdin.destroy();
  }
}

async function* noInput(): AsyncGenerator<string> {}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/, "$1:***@");
}

/** Errors from the server or the connection (pg's DatabaseError, refused sockets, ...). */
function isPgError(e: Error): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" || e.name === "DatabaseError";
}

/** Records to stdout: written before the promise resolves (a full pipe waits for 'drain'). */
function output(io: CliIO): (text: string) => void | Promise<void> {
  if (io.out !== processIO.out) return (text) => io.out(text);
  return (text) =>
    new Promise<void>((resolve, reject) => {
      process.stdout.write(text, (e) => (e ? reject(e) : resolve()));
    });
}
