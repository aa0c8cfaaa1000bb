// The crash test against PostgreSQL with two processes: both read the same
// stream of >100,000 events into one database; one of them is killed with
// SIGKILL at random points, several times, and restarted on the same input.
// The records printed by every run, de-duplicated by id, must equal an
// uninterrupted single-engine run's: none missing, none extra. With two
// processes the round-robin order follows commit order, so records are
// compared by id and kind (ids do not include a reassign target); the
// single-process test (pg-run.test.ts) compares whole records.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeededRandom } from "../../engine/staffing/random.ts";
import { generateJsonl } from "../../generate/index.ts";
import { compileSource } from "../../language/compile.ts";
import { type PgCluster, postgresSkipReason, startPgCluster } from "./pg-cluster.ts";
import { parseRecords, referenceRecords } from "./pg-reference.ts";

const skip = postgresSkipReason();
if (skip) console.warn(`pg-crash: ${skip}`);

const SPEC = "specs/examples/inbound/inbound.sla";
const LEASE_MS = 1000;
const KILLS = Number(process.env.SLA_PG_KILLS ?? 6);

/** The kill points: the staffing simulation's seeded PRNG (mulberry32), so a failure can be re-run. */
function rng(seed: number): () => number {
  const r = new SeededRandom(seed);
  return () => r.next();
}

interface Proc {
  child: ChildProcess;
  out: string;
  err: string;
  exited: Promise<number | null>;
}

function start(url: string, eventsFile: string): Proc {
  const child = spawn(process.execPath, ["cli/bin/sla.js", "run", SPEC, "--state", url, "--lease", `${LEASE_MS}ms`], {
    stdio: [openSync(eventsFile, "r"), "pipe", "pipe"],
  });
  const p: Proc = {
    child,
    out: "",
    err: "",
    exited: new Promise((res) => child.on("exit", (code) => res(code))),
  };
  child.stdout?.setEncoding("utf8").on("data", (s: string) => {
    p.out += s;
  });
  child.stderr?.setEncoding("utf8").on("data", (s: string) => {
    p.err += s;
  });
  return p;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip !== null)("sla run on PostgreSQL, two processes, SIGKILL", () => {
  let cluster: PgCluster;
  let dir: string;
  beforeAll(async () => {
    cluster = await startPgCluster();
    dir = mkdtempSync(join(tmpdir(), "sla-pg-crash-"));
  });
  afterAll(() => {
    cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("loses no record and adds none when one of two processes is killed repeatedly", { timeout: 300_000 }, async () => {
    const text = readFileSync(SPEC, "utf8");
    const ir = compileSource(text).ir!;
    const version = createHash("sha256").update(text).digest("hex");
    const jsonl = generateJsonl({ seed: 11, leads: 16_000, months: 3 });
    const eventsFile = join(dir, "events.jsonl");
    writeFileSync(eventsFile, jsonl);
    const lines = jsonl.split("\n").filter(Boolean).length;
    expect(lines).toBeGreaterThanOrEqual(100_000);
    const reference = referenceRecords(ir, version, jsonl);
    expect(reference.size).toBeGreaterThan(1000);

    const url = cluster.createDatabase("crash");
    const seed = Number(process.env.SLA_PG_SEED ?? Date.now() % 100_000);
    const random = rng(seed);
    console.log(`pg-crash: ${lines} events, ${reference.size} records expected, kill seed ${seed}`);

    const t0 = Date.now();
    const runs: Proc[] = [];
    const procs = [start(url, eventsFile), start(url, eventsFile)];
    runs.push(...procs);
    let kills = 0;
    while (kills < KILLS) {
      await sleep(500 + random() * 2500);
      const i = random() < 0.5 ? 0 : 1;
      const victim = procs[i];
      if (victim.child.exitCode !== null) break; // the run finished before all kills: enough
      victim.child.kill("SIGKILL");
      await victim.exited;
      kills++;
      procs[i] = start(url, eventsFile);
      runs.push(procs[i]);
    }
    const codes = await Promise.all(procs.map((p) => p.exited));
    const elapsed = Date.now() - t0;
    expect(codes, runs.map((r) => r.err).join("\n")).toEqual([0, 0]);
    console.log(`pg-crash: ${kills} kills, ${runs.length} runs, ${elapsed} ms`);
    expect(kills).toBeGreaterThanOrEqual(3);

    // every record printed by any run, de-duplicated by id
    const printed = new Map<string, string>();
    for (const r of runs) for (const rec of parseRecords(r.out)) printed.set(rec.id, rec.kind);
    const missing = [...reference.keys()].filter((id) => !printed.has(id));
    const extra = [...printed.keys()].filter((id) => !reference.has(id));
    expect(missing.length, `missing ${missing.slice(0, 5).join(", ")}`).toBe(0);
    expect(extra.length, `extra ${extra.slice(0, 5).join(", ")}`).toBe(0);
    for (const [id, kind] of printed) expect(kind).toBe(reference.get(id)!.kind);

    // and the database holds each exactly once
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const rows = (await db.query<{ id: string }>("SELECT id FROM sla_outbox WHERE record::jsonb ? 'obligation'"))
        .rows;
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(reference.keys()));
      const unprinted = await db.query("SELECT count(*)::int AS n FROM sla_outbox WHERE NOT printed");
      expect(unprinted.rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
  });
});
