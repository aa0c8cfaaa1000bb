// `sla run --listen` under bad input, end to end: malformed JSON, an unknown
// lead, wrong types, a bad line in a JSONL body, a 50 MB body (declared and
// chunked). Each gets a clear 4xx naming the problem; the process keeps
// serving and its state is unchanged (/metrics counters and /healthz before
// and after); /metrics parses as Prometheus text with the named series.
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunProcess } from "./run-process.ts";

const SPEC = `sla "HTTP test"
fields {
  source: one of "demo", "trial"
  employees: number
}
segment hot when source = "demo"
respond to hot within 30m
  warn at 50%
  on breach notify "http://127.0.0.1:9/never"
`;

const ev = (o: Record<string, unknown>) => JSON.stringify(o);
const created = (id: string, lead: string, at: string) =>
  ev({ id, at, type: "lead.created", lead, fields: { source: "demo", employees: 10 } });

let run: RunProcess;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sla-http-"));
  writeFileSync(join(dir, "t.sla"), SPEC);
  run = new RunProcess([join(dir, "t.sla"), "--state", join(dir, "state"), "--listen", "127.0.0.1:0", "--no-watch"]);
  await run.listening();
  // two leads; L2 is held (the events clock keeps the newest instant back)
  expect((await run.post(created("e1", "L1", "2027-01-04T14:00:00Z"))).status).toBe(200);
  expect((await run.post(created("e2", "L2", "2027-01-04T14:01:00Z"))).status).toBe(200);
});

afterAll(async () => {
  expect(await run.stop()).toBe(0);
});

interface State {
  applied: number | null;
  rejected: string;
  health: Record<string, unknown>;
}

async function state(): Promise<State> {
  const health = (await (await fetch(`${run.url}/healthz`)).json()) as Record<string, unknown>;
  delete health.uptimeSeconds;
  const text = await (await fetch(`${run.url}/metrics`)).text();
  return {
    applied: await run.metric("sla_events_applied_total"),
    rejected: text
      .split("\n")
      .filter((l) => l.startsWith("sla_events_rejected_total"))
      .join("\n"),
    health,
  };
}

/** POSTs a body and checks: the status, the EV code, and that nothing changed. */
async function refused(body: string, status: number, code: string | null, message: RegExp) {
  const before = await state();
  const res = await run.post(body);
  expect(res.status, body.slice(0, 80)).toBe(status);
  const j = (await res.json()) as { error: { code?: string; message: string } };
  if (code) expect(j.error.code).toBe(code);
  expect(j.error.message).toMatch(message);
  const after = await state();
  expect(after.applied).toBe(before.applied);
  expect(after.health).toEqual(before.health);
  expect((await fetch(`${run.url}/healthz`)).status).toBe(200);
}

describe("sla run --listen: bad input", () => {
  it("malformed JSON is a 400 with EV002", async () => {
    await refused('{"id":"e9","at":', 400, "EV002", /invalid JSON/);
  });

  it("an event for an unknown lead is a 400 with EV201", async () => {
    await refused(ev({ id: "e9", at: "2027-01-04T14:02:00Z", type: "touch", lead: "NOPE" }), 400, "EV201", /NOPE/);
  });

  it("wrong types are a 400 naming the property", async () => {
    await refused(
      ev({ id: "e9", at: "2027-01-04T14:02:00Z", type: "lead.created", lead: "L9", fields: { employees: "many" } }),
      400,
      "EV109",
      /employees/,
    );
    await refused(ev({ id: "e9", at: "not a time", type: "touch", lead: "L1" }), 400, "EV106", /at/);
  });

  it("a JSONL body with one bad line changes nothing and names the line", async () => {
    const body = [
      created("e10", "L10", "2027-01-04T14:03:00Z"),
      ev({ id: "e11", at: "2027-01-04T14:04:00Z", type: "touch", lead: "L10" }),
      ev({ id: "e12", at: "2027-01-04T14:05:00Z", type: "touch", lead: ["L10"] }),
    ].join("\n");
    await refused(body, 400, "EV103", /^line 3: /);
  });

  it("an event older than the engine's clock is a 400 with EV601", async () => {
    await refused(created("e0", "L0", "2027-01-04T13:00:00Z"), 400, "EV601", /older than the engine's clock/);
  });

  it("a 50 MB body declared in Content-Length gets a 413 before it is sent", async () => {
    const before = await state();
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(run.url);
      const req = request({ host: url.hostname, port: url.port, method: "POST", path: "/events" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.setHeader("content-length", String(50 * 1024 * 1024));
      req.setHeader("expect", "100-continue"); // as curl sends it
      req.flushHeaders();
    });
    expect(status).toBe(413);
    expect(await state()).toEqual(before);
  });

  it("a 50 MB chunked body gets a 413 once it passes the limit, and the process keeps serving", async () => {
    const before = await state();
    const line = `${created("e99", "L99", "2027-01-04T14:06:00Z")}\n`;
    const status = await new Promise<number>((resolve) => {
      const url = new URL(run.url);
      const req = request({ host: url.hostname, port: url.port, method: "POST", path: "/events" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on("error", () => {}); // the server hangs up once it has answered
      const chunk = line.repeat(Math.ceil((256 * 1024) / line.length));
      let sent = 0;
      const pump = () => {
        while (sent < 50 * 1024 * 1024 && !req.destroyed && req.write(chunk)) sent += chunk.length;
        if (sent < 50 * 1024 * 1024 && !req.destroyed) req.once("drain", pump);
      };
      pump();
    });
    expect(status).toBe(413);
    expect(await state()).toEqual(before);
  });

  it("still accepts a good body afterwards", async () => {
    const before = await state();
    const res = await run.post(
      [created("e20", "L20", "2027-01-04T14:10:00Z"), created("e21", "L21", "2027-01-04T14:11:00Z")].join("\n"),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 2, duplicates: 0 });
    const after = await state();
    expect(after.applied).toBe((before.applied ?? 0) + 2); // L2 and L20 released; L21 held
    // the same body again: duplicates, nothing new
    const again = await run.post(created("e20", "L20", "2027-01-04T14:10:00Z"));
    expect(await again.json()).toMatchObject({ accepted: 1, duplicates: 1, applied: 0 });
  });

  it("/metrics parses as Prometheus text and has the named series", async () => {
    const res = await fetch(`${run.url}/metrics`);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const names = new Set<string>();
    for (const line of text.split("\n")) {
      if (line === "" || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
      // name{labels} value: the exposition format's sample line
      const m =
        /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(
          line,
        );
      expect(m, line).not.toBeNull();
      names.add(m![1]);
    }
    for (const n of [
      "sla_events_applied_total",
      "sla_events_rejected_total",
      "sla_records_emitted_total",
      "sla_open_clocks",
      "sla_outbox_depth",
      "sla_delivery_attempts_total",
      "sla_delivery_failures_total",
      "sla_event_time_lag_seconds",
      "sla_spec_info",
    ])
      expect(names, n).toContain(n);
    expect(await run.metric("sla_open_clocks")).toBeGreaterThanOrEqual(2);
    expect(await run.metric("sla_events_rejected_total", 'code="EV201",source="http"')).toBe(1);
  });

  it("/healthz says what is running", async () => {
    const res = await fetch(`${run.url}/healthz`);
    expect(res.status).toBe(200);
    const h = await res.json();
    expect(h).toMatchObject({
      status: "ok",
      state: expect.stringMatching(/^sqlite:/),
      clock: "events",
      spec: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      lastEventAt: expect.stringMatching(/^2027-01-04T14:/),
    });
  });
});

describe("sla run --listen --clock wall", () => {
  it("answers a body once it is committed (within the lateness), and a breach fires on real time", async () => {
    const d = mkdtempSync(join(tmpdir(), "sla-http-wall-"));
    writeFileSync(join(d, "t.sla"), SPEC.replace("within 30m", "within 2s"));
    const wall = new RunProcess([
      join(d, "t.sla"),
      "--state",
      join(d, "state"),
      "--listen",
      "127.0.0.1:0",
      "--no-watch",
      "--no-deliver",
      "--clock",
      "wall",
      "--lateness",
      "300ms",
    ]);
    try {
      await wall.listening();
      const now = new Date().toISOString();
      const started = Date.now();
      const res = await wall.post(
        JSON.stringify({ id: "w1", at: now, type: "lead.created", lead: "W1", fields: { source: "demo" } }),
      );
      expect(await res.json()).toMatchObject({ accepted: 1, applied: 1, held: 0 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(250); // held for the lateness, then committed
      expect(await wall.metric("sla_events_applied_total")).toBe(1);
      await wall.until(() => wall.records().some((r) => r.kind === "breach" && r.lead === "W1"), 20_000, "W1's breach");
      expect(await wall.metric("sla_records_emitted_total", 'kind="breach"')).toBe(1);
    } finally {
      expect(await wall.stop()).toBe(0);
    }
  });
});
