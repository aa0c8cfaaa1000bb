// Delivery of notify records: at least once, with the record id, through
// failures, a hanging receiver, dead letters.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { backoffMs, Deliverer } from "../../cli/run/deliver.ts";
import { FakeOutbox } from "./fake-outbox.ts";
import { Receiver } from "./receiver.ts";

const receivers: Receiver[] = [];
const deliverers: Deliverer[] = [];
afterEach(async () => {
  await Promise.all(deliverers.splice(0).map((d) => d.stop()));
  await Promise.all(receivers.splice(0).map((r) => r.stop()));
});

async function receiver(plan?: ConstructorParameters<typeof Receiver>[0]): Promise<Receiver> {
  const r = new Receiver(plan);
  receivers.push(r);
  await r.start();
  return r;
}

function deliverer(outbox: FakeOutbox, opts: ConstructorParameters<typeof Deliverer>[1], logs: string[] = []) {
  const d = new Deliverer(
    outbox,
    { backoffBaseMs: 20, backoffCapMs: 200, pollMs: 20, timeoutMs: 500, ...opts },
    { log: (l) => void logs.push(l) },
  );
  deliverers.push(d);
  d.start();
  return d;
}

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("notify delivery", () => {
  it("every record arrives at least once with its id through 500s and a hanging attempt", async () => {
    const hangId = "rec-7";
    // every record fails its first two attempts; rec-7 hangs on its third
    const rx = await receiver((id, attempt) => (attempt <= 2 ? 500 : id === hangId && attempt === 3 ? "hang" : 200));
    const outbox = new FakeOutbox();
    const records = Array.from({ length: 40 }, (_, i) => ({ id: `rec-${i}`, kind: "action", lead: `L${i}` }));
    for (const r of records) outbox.add(r.id, rx.url, r);
    const d = deliverer(outbox, { timeoutMs: 400, maxAttempts: 10, concurrency: 8 });
    await until(() => outbox.count("delivered") === records.length);
    await d.idle();
    expect(outbox.count("dead")).toBe(0);
    const delivered = rx.delivered();
    for (const r of records) expect(delivered.has(r.id)).toBe(true);
    // the body is the record, the header its id
    for (const a of rx.arrivals) expect(JSON.parse(a.body).id).toBe(a.id);
    // the hanging attempt was abandoned (timeout) and retried
    expect(rx.arrivals.filter((a) => a.id === hangId).map((a) => a.status)).toEqual(
      expect.arrayContaining([500, 500, "hang", 200]),
    );
    expect(outbox.rows.get(hangId)!.errors).toContain("timed out");
  });

  it("a hanging receiver does not hold up the others", async () => {
    const slow = await receiver(() => "hang");
    const fast = await receiver(() => 200);
    const outbox = new FakeOutbox();
    outbox.add("slow-1", slow.url, { id: "slow-1" });
    for (let i = 0; i < 20; i++) outbox.add(`fast-${i}`, fast.url, { id: `fast-${i}` });
    const started = Date.now();
    deliverer(outbox, { timeoutMs: 5_000, concurrency: 4 });
    await until(() => fast.delivered().size === 20);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(outbox.rows.get("slow-1")!.state).toBe("pending");
  });

  it("gives up after maxAttempts into a dead letter that is logged, never silently", async () => {
    const rx = await receiver(() => 503);
    const outbox = new FakeOutbox();
    outbox.add("doomed", rx.url, { id: "doomed" });
    const logs: string[] = [];
    deliverer(outbox, { maxAttempts: 3 }, logs);
    await until(() => outbox.count("dead") === 1);
    expect(rx.arrivals.length).toBe(3);
    expect(logs.join("\n")).toMatch(/dead letter doomed .* after 3 attempts: HTTP 503/);
  });

  it("a 4xx other than 408/429 is a refusal: dead at once, not retried", async () => {
    const rx = await receiver(() => 422);
    const outbox = new FakeOutbox();
    outbox.add("refused", rx.url, { id: "refused" });
    const logs: string[] = [];
    deliverer(outbox, { maxAttempts: 5 }, logs);
    await until(() => outbox.count("dead") === 1);
    expect(rx.arrivals.length).toBe(1);
    expect(logs.join("\n")).toMatch(/refused by the receiver: HTTP 422/);
  });

  it("a URL that is not http(s) is dead at once, with the reason logged", async () => {
    const outbox = new FakeOutbox();
    outbox.add("ftp", "ftp://example.com/x", { id: "ftp" });
    const logs: string[] = [];
    deliverer(outbox, { maxAttempts: 5 }, logs);
    await until(() => outbox.count("dead") === 1);
    expect(logs.join("\n")).toMatch(/dead letter ftp .*\(cannot be sent\): not an http\(s\) URL/);
  });

  it("connection refused is retried until the receiver comes up", async () => {
    const rx = await receiver(() => 200);
    const url = rx.url;
    await rx.stop();
    receivers.length = 0;
    const outbox = new FakeOutbox();
    outbox.add("late", url, { id: "late" });
    deliverer(outbox, { maxAttempts: 50 });
    await until(() => outbox.rows.get("late")!.attempts >= 2);
    expect(outbox.rows.get("late")!.state).toBe("pending");
    expect(outbox.rows.get("late")!.errors[0]).toMatch(/fetch failed|ECONNREFUSED/);
  });

  it("retries wait an exponential backoff with jitter, capped", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempts, r) => {
        const d = backoffMs(attempts, 1_000, 300_000, () => Math.min(r, 0.999999));
        const full = Math.min(300_000, 1_000 * 2 ** (attempts - 1));
        return d >= full / 2 && d <= full;
      }),
    );
    expect(backoffMs(1, 1_000, 300_000, () => 0.999999)).toBeLessThanOrEqual(1_000);
    expect(backoffMs(30, 1_000, 300_000, () => 0.999999)).toBeLessThanOrEqual(300_000);
  });
});

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
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { RunProcess } = await import("./run-process.ts");
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
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { RunProcess } = await import("./run-process.ts");
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
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { RunProcess } = await import("./run-process.ts");
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
