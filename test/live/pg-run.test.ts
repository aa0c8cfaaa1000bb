// sla run on PostgreSQL: one process gives exactly the uninterrupted engine's
// records (whole records, round-robin targets included) and a rerun on the
// same input adds nothing; with two processes, a killed one's partitions are
// taken over within the lease (the takeover time is measured here).
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPg } from "../../cli/run/pg-run.ts";
import { generateJsonl } from "../../generate/index.ts";
import { compileSource } from "../../language/compile.ts";
import { type PgCluster, postgresSkipReason, startPgCluster } from "./pg-cluster.ts";
import { parseRecords, referenceRecords } from "./pg-reference.ts";

const skip = postgresSkipReason();
if (skip) console.warn(`pg-run: ${skip}`);

const SPEC = "specs/examples/inbound/inbound.sla";
const text = readFileSync(SPEC, "utf8");
const ir = compileSource(text).ir!;
const version = createHash("sha256").update(text).digest("hex");

async function* chunks(s: string, size = 64 * 1024): AsyncGenerator<string> {
  for (let i = 0; i < s.length; i += size) yield s.slice(i, i + size);
}

async function runOnce(url: string, jsonl: string) {
  let out = "";
  const stats = await runPg({
    url,
    ir,
    specVersion: version,
    input: chunks(jsonl),
    inputName: "<stdin>",
    out: (s) => {
      out += s;
    },
    err: () => {},
    clock: "events",
    leaseMs: 2000,
  });
  return { out, stats };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip !== null)("sla run on PostgreSQL", () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPgCluster();
  });
  afterAll(() => cluster?.stop());

  it("one process: exactly the uninterrupted engine's records; a rerun adds none", { timeout: 120_000 }, async () => {
    const jsonl = generateJsonl({ seed: 5, leads: 3000, months: 3 });
    const reference = referenceRecords(ir, version, jsonl);
    const url = cluster.createDatabase("single");
    const first = await runOnce(url, jsonl);
    const got = parseRecords(first.out);
    expect(got.length).toBe(reference.size); // each printed once
    for (const r of got) expect(r).toEqual(reference.get(r.id));
    // the same input again: every event is already in the log and applied
    const again = await runOnce(url, jsonl);
    expect(again.stats.ingested).toBe(0);
    expect(parseRecords(again.out)).toEqual([]);
  });

  it("two processes: the survivor owns a killed process's partitions within the lease", {
    timeout: 120_000,
  }, async () => {
    const LEASE = 1000;
    const jsonl = generateJsonl({ seed: 9, leads: 3000, months: 3 });
    const lines = jsonl.split("\n").filter(Boolean);
    const half = `${lines.slice(0, lines.length / 2).join("\n")}\n`;
    const rest = `${lines.slice(lines.length / 2).join("\n")}\n`;
    const url = cluster.createDatabase("takeover");
    const start = () => {
      const child = spawn(process.execPath, ["cli/bin/sla.js", "run", SPEC, "--state", url, "--lease", `${LEASE}ms`], {
        stdio: ["pipe", "pipe", "pipe"],
      });
      const p = { child, out: "", err: "", exited: new Promise<number | null>((r) => child.on("exit", r)) };
      child.stdin.on("error", () => {}); // EPIPE: input still being written when the process is killed
      child.stdout.setEncoding("utf8").on("data", (s: string) => {
        p.out += s;
      });
      child.stderr.setEncoding("utf8").on("data", (s: string) => {
        p.err += s;
      });
      return p;
    };
    const a = start();
    const b = start();
    // both read the first half; input stays open, so both keep running
    a.child.stdin.write(half);
    b.child.stdin.write(half);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const owners = async () =>
      (
        await db.query<{ owner: string | null; n: number }>(
          "SELECT owner, count(*)::int AS n FROM sla_partitions WHERE expires_at > clock_timestamp() GROUP BY owner",
        )
      ).rows;
    const pidOf = (o: string | null) => Number(o?.split(":")[1]);
    try {
      // wait for an even split: 32 partitions each
      const deadline = Date.now() + 60_000;
      for (;;) {
        const rows = await owners().catch(() => []);
        if (rows.length === 2 && rows.every((r) => r.n === 32 && r.owner !== null)) break;
        if (Date.now() > deadline) throw new Error(`no even split: ${JSON.stringify(rows)}\n${a.err}\n${b.err}`);
        await sleep(50);
      }
      a.child.kill("SIGKILL");
      const killed = Date.now();
      await a.exited;
      let takeover = 0;
      for (;;) {
        const rows = await owners();
        if (rows.length === 1 && pidOf(rows[0].owner) === b.child.pid && rows[0].n === 64) {
          takeover = Date.now() - killed;
          break;
        }
        if (Date.now() - killed > 30_000) throw new Error(`no takeover: ${JSON.stringify(rows)}`);
        await sleep(10);
      }
      console.log(`pg-run: takeover of 32 partitions after SIGKILL: ${takeover} ms (lease ${LEASE} ms)`);
      // the lease, plus at most one heartbeat period (a third of it), plus scheduling slack
      expect(takeover).toBeLessThan(LEASE + LEASE / 3 + 1000);

      // the survivor finishes the stream alone: every record, none twice
      b.child.stdin.end(rest);
      expect(await b.exited, b.err).toBe(0);
      const reference = referenceRecords(ir, version, jsonl);
      const printed = new Map<string, string>();
      for (const r of [...parseRecords(a.out), ...parseRecords(b.out)]) printed.set(r.id, r.kind);
      expect(new Set(printed.keys())).toEqual(new Set(reference.keys()));
    } finally {
      await db.end();
      for (const p of [a, b] as { child: ChildProcess }[]) if (p.child.exitCode === null) p.child.kill("SIGKILL");
    }
  });

  it("wall clock: deadlines fire on real time; SIGTERM gives the partitions back", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "sla-pg-wall-"));
    const spec = join(dir, "w.sla");
    writeFileSync(
      spec,
      'sla "Wall"\ntimezone "UTC"\nfields { score: number }\nsegment everyone when score >= 0\n\nrespond to everyone within 2s\n  warn at 50%\n  on breach tag "slow"\n',
    );
    const url = cluster.createDatabase("wall");
    const child = spawn(
      process.execPath,
      ["cli/bin/sla.js", "run", spec, "--state", url, "--clock", "wall", "--lateness", "500ms", "--lease", "2s"],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (t: string) => {
      out += t;
    });
    child.stderr.setEncoding("utf8").on("data", (t: string) => {
      err += t;
    });
    const exited = new Promise<number | null>((r) => child.on("exit", r));
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      // ready when it holds its partitions
      const deadline = Date.now() + 60_000;
      for (;;) {
        // (the table appears when the process has opened the database)
        const n = await db
          .query("SELECT count(owner)::int AS n FROM sla_partitions")
          .then((r) => r.rows[0].n as number)
          .catch(() => 0);
        if (n === 64) break;
        if (Date.now() > deadline) throw new Error(`not ready: ${err}`);
        await sleep(100);
      }
      const at = new Date().toISOString();
      child.stdin.write(
        `{"id":"e1","at":"${at}","type":"lead.created","lead":"L1","fields":{"score":5},"owner":"ana"}\n`,
      );
      for (const until = Date.now() + 30_000; Date.now() < until; ) {
        if (parseRecords(out).length === 3) break;
        await sleep(100);
      }
      const kinds = parseRecords(out).map((r) => [r.kind, r.at]);
      const t0 = Date.parse(at);
      expect(kinds).toEqual([
        ["warning", new Date(t0 + 1000).toISOString()],
        ["breach", new Date(t0 + 2000).toISOString()],
        ["action", new Date(t0 + 2000).toISOString()],
      ]);
      child.kill("SIGTERM");
      expect(await exited, err).toBe(0);
      const owners = await db.query("SELECT count(owner)::int AS n FROM sla_partitions");
      expect(owners.rows[0].n).toBe(0);
    } finally {
      await db.end().catch(() => {});
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
