// Webhooks end to end: `sla run --listen` posting notify records from its
// SQLite outbox to a local receiver on 127.0.0.1 that fails the first
// attempts (500, 503) and hangs once (longer than --notify-timeout): every
// notify arrives at least once with its id; the outbox survives kill -9;
// dead letters show in the log and /metrics. (The deliverer alone, on an
// in-memory outbox: deliver.test.ts.)
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Receiver } from "./receiver.ts";
import { RunProcess } from "./run-process.ts";

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.stop()));
});

async function receiver(plan?: ConstructorParameters<typeof Receiver>[0]): Promise<Receiver> {
  const r = new Receiver(plan);
  receivers.push(r);
  await r.start();
  return r;
}

describe("sla run: notify end to end", () => {
  const SPEC = (url: string) => `sla "Webhooks"
fields {
  source: one of "demo", "trial"
}
segment hot when source = "demo"
respond to hot within 5m
  on breach notify "${url}"
`;

  /** n leads a minute apart, never touched, then later ones that move the events clock past every due time. */
  function stream(n: number): string {
    const lines: string[] = [];
    const t0 = Date.parse("2027-01-04T14:00:00Z");
    for (let i = 0; i < n; i++)
      lines.push(
        JSON.stringify({
          id: `e${i}`,
          at: new Date(t0 + i * 60_000).toISOString(),
          type: "lead.created",
          lead: `L${i}`,
          fields: { source: "demo" },
        }),
      );
    // two: the events clock holds the newest instant back until the stream moves on
    for (const k of [1, 2])
      lines.push(
        JSON.stringify({
          id: `end${k}`,
          at: new Date(t0 + k * 3_600_000 + n * 60_000).toISOString(),
          type: "lead.created",
          lead: `LAST${k}`,
          fields: { source: "trial" },
        }),
      );
    return `${lines.join("\n")}\n`;
  }

  it("every notify arrives at least once with its id through 500s and a hang, and the outbox empties", async () => {
    let hung: string | null = null;
    const rx = await receiver((id, attempt) => {
      if (attempt === 1) return 500;
      if (attempt === 2) return 503;
      if (attempt === 3 && (hung === null || hung === id)) {
        hung = id;
        return "hang";
      }
      return 200;
    });
    const dir = mkdtempSync(join(tmpdir(), "sla-hooks-"));
    writeFileSync(join(dir, "t.sla"), SPEC(rx.url));
    const run = new RunProcess([
      join(dir, "t.sla"),
      "--state",
      join(dir, "state"),
      "--listen",
      "127.0.0.1:0",
      "--no-watch",
      "--notify-timeout",
      "1500ms",
      "--notify-backoff",
      "50ms",
    ]);
    try {
      await run.listening();
      expect((await run.post(stream(20))).status).toBe(200);
      await run.until(() => run.records().filter((r) => r.kind === "action").length === 20, 30_000, "20 actions");
      const ids = new Set(
        run
          .records()
          .filter((r) => r.kind === "action")
          .map((r) => r.id as string),
      );
      await run.until(() => [...ids].every((id) => rx.delivered().has(id)), 30_000, "every notify delivered");
      for (const a of rx.arrivals) {
        expect(ids.has(a.id)).toBe(true);
        expect(JSON.parse(a.body)).toMatchObject({ id: a.id, kind: "action", action: { type: "notify", url: rx.url } });
      }
      // (a loaded machine may time out an answered attempt too: sent again, at least once)
      expect(rx.arrivals.filter((a) => a.id === hung).map((a) => a.status)).toEqual(
        expect.arrayContaining([500, 503, "hang", 200]),
      );
      expect(await run.metric("sla_outbox_depth")).toBe(0);
      expect(await run.metric("sla_delivery_attempts_total", 'outcome="delivered"')).toBe(20);
      const retries = await run.metric("sla_delivery_attempts_total", 'outcome="retry"');
      expect(retries).toBeGreaterThanOrEqual(41); // 2 per record and the hang
      expect(await run.metric("sla_delivery_failures_total")).toBe(retries);
      expect(await run.metric("sla_delivery_attempts_total", 'outcome="dead"')).toBe(0);
    } finally {
      expect(await run.stop()).toBe(0);
    }
  });

  it("records in the outbox survive a kill -9 and are delivered after the restart", async () => {
    let up = false;
    const rx = await receiver(() => (up ? 200 : 500));
    const dir = mkdtempSync(join(tmpdir(), "sla-hooks-"));
    writeFileSync(join(dir, "t.sla"), SPEC(rx.url));
    const args = [join(dir, "t.sla"), "--state", join(dir, "state"), "--listen", "127.0.0.1:0", "--no-watch"];
    const first = new RunProcess([...args, "--notify-backoff", "50ms", "--notify-timeout", "1s"]);
    await first.listening();
    expect((await first.post(stream(10))).status).toBe(200);
    await first.until(() => rx.arrivals.length >= 10, 30_000, "first attempts");
    first.signal("SIGKILL");
    await first.wait();
    up = true;
    const second = new RunProcess(args);
    try {
      await second.listening();
      await second.until(() => rx.delivered().size === 10, 30_000, "delivery after the restart");
      expect(await second.metric("sla_outbox_depth")).toBe(0);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it("a dead letter shows in /metrics and the log, and stays in the store", async () => {
    let refusedId = "";
    const rx = await receiver((id) => (id === refusedId ? 422 : 503));
    const dir = mkdtempSync(join(tmpdir(), "sla-hooks-"));
    writeFileSync(join(dir, "t.sla"), SPEC(rx.url));
    const args = [join(dir, "t.sla"), "--state", join(dir, "state"), "--listen", "127.0.0.1:0", "--no-watch"];
    const run = new RunProcess([...args, "--notify-backoff", "20ms", "--notify-attempts", "3"]);
    try {
      await run.listening();
      expect((await run.post(stream(2))).status).toBe(200);
      await run.until(() => run.records().filter((r) => r.kind === "action").length === 2, 30_000, "2 actions");
      refusedId = run.records().find((r) => r.kind === "action")!.id as string;
      await run.until(() => (run.stderr.match(/dead letter/g) ?? []).length === 2, 30_000, "two dead letters");
      expect(run.stderr).toMatch(new RegExp(`dead letter ${refusedId} to \\S+ refused by the receiver: HTTP 422`));
      expect(run.stderr).toMatch(/dead letter \w+ to \S+ after 3 attempts: HTTP 503/);
      expect(await run.metric("sla_outbox_dead_letters")).toBe(2);
      expect(await run.metric("sla_outbox_depth")).toBe(0);
      expect(await run.metric("sla_delivery_dead_letters_total")).toBe(2);
    } finally {
      expect(await run.stop()).toBe(0);
    }
    // after a restart the dead letters are still counted, and not sent again
    const sent = rx.arrivals.length;
    const again = new RunProcess(args);
    try {
      await again.listening();
      expect(await again.metric("sla_outbox_dead_letters")).toBe(2);
      await new Promise((r) => setTimeout(r, 500));
      expect(rx.arrivals.length).toBe(sent);
    } finally {
      expect(await again.stop()).toBe(0);
    }
  });
});
