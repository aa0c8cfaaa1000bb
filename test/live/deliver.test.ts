// The deliverer alone (cli/run/deliver.ts) on an in-memory outbox: at least
// once, with the record id, through failures, a hanging receiver, dead
// letters. Through `sla run` and its SQLite outbox: webhooks.test.ts.
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
