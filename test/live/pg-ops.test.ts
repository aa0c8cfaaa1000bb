// Two `sla run --state postgres://... --listen` processes on one database:
// a body POSTed to one of them reaches the owners of its leads through the
// shared log, and every notify action is delivered (the first attempt fails)
// with its record id, by whichever process claims it; /healthz and /metrics
// answer on both; SIGTERM stops both cleanly.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type PgCluster, postgresSkipReason, startPgCluster } from "./pg-cluster.ts";
import { Receiver } from "./receiver.ts";

const skip = postgresSkipReason();
if (skip) console.warn(`pg-ops: ${skip}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip !== null)("sla run on PostgreSQL with --listen", () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPgCluster();
  });
  afterAll(() => cluster?.stop());

  it("two serving processes: events over HTTP, every notify delivered with its id", { timeout: 180_000 }, async () => {
    const receiver = new Receiver((_id, attempt) => (attempt === 1 ? 503 : 200));
    const hook = await receiver.start();
    const dir = mkdtempSync(join(tmpdir(), "sla-pg-ops-"));
    const spec = join(dir, "n.sla");
    writeFileSync(
      spec,
      `sla "Notify"\ntimezone "UTC"\nfields { score: number }\nsegment everyone when score >= 0\n\nrespond to everyone within 1m\n  on breach notify "${hook}", tag "slow"\n`,
    );
    const url = cluster.createDatabase("ops");
    const ports = [await freePort(), await freePort()];
    const procs = ports.map((port) => {
      const child = spawn(
        process.execPath,
        [
          ...["cli/bin/sla.js", "run", spec, "--state", url, "--lease", "1s"],
          ...["--listen", `127.0.0.1:${port}`, "--notify-backoff", "100ms", "--no-watch"],
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      const p = { child, out: "", err: "", exited: new Promise<number | null>((r) => child.on("exit", r)) };
      child.stdout.setEncoding("utf8").on("data", (t: string) => {
        p.out += t;
      });
      child.stderr.setEncoding("utf8").on("data", (t: string) => {
        p.err += t;
      });
      return p;
    });
    try {
      const base = ports.map((p) => `http://127.0.0.1:${p}`);
      for (const b of base)
        for (let i = 0; ; i++) {
          const ok = await fetch(`${b}/healthz`).then(
            (r) => r.ok,
            () => false,
          );
          if (ok) break;
          if (i > 600) throw new Error(`not serving: ${procs.map((p) => p.err).join("\n")}`);
          await sleep(100);
        }
      const t0 = Date.parse("2027-01-04T09:00:00Z");
      const leads = 40;
      const lines = Array.from({ length: leads }, (_, i) =>
        JSON.stringify({
          id: `c${i}`,
          at: new Date(t0 + i * 1000).toISOString(),
          type: "lead.created",
          lead: `L${i}`,
          fields: { score: 1 },
          owner: "ana",
        }),
      );
      // a later event moves the events clock past every deadline
      lines.push(
        JSON.stringify({
          id: "late-1",
          at: new Date(t0 + 3_600_000).toISOString(),
          type: "lead.created",
          lead: "Lz",
          fields: { score: 1 },
        }),
      );
      const answer = await fetch(`${base[0]}/events`, { method: "POST", body: `${lines.join("\n")}\n` });
      expect(answer.status, await answer.clone().text()).toBe(200);
      // every breach's notify arrives, retried after the 503, with its record id
      for (let i = 0; receiver.delivered().size < leads; i++) {
        if (i > 1200) throw new Error(`delivered ${receiver.delivered().size} of ${leads}`);
        await sleep(100);
      }
      expect(receiver.delivered().size).toBe(leads);
      for (const a of receiver.arrivals) expect(JSON.parse(a.body).id).toBe(a.id);
      // the records were printed by the owners, once each across both processes
      const printed = procs.flatMap((p) =>
        p.out
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      );
      const actions = printed.filter((r) => r.kind === "action" && r.action.type === "notify");
      expect(new Set(actions.map((r) => r.id))).toEqual(receiver.delivered());
      // both answer health and metrics
      for (const b of base) {
        const h = await (await fetch(`${b}/healthz`)).json();
        expect(String(h.state)).toMatch(/^postgres:/);
        const m = await (await fetch(`${b}/metrics`)).text();
        expect(m).toMatch(/sla_/);
      }
    } finally {
      for (const p of procs) p.child.kill("SIGTERM");
      const codes = await Promise.all(procs.map((p) => p.exited));
      await receiver.stop();
      rmSync(dir, { recursive: true, force: true });
      expect(codes, procs.map((p) => p.err).join("\n")).toEqual([0, 0]);
    }
  });
});
