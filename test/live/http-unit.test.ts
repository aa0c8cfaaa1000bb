// The HTTP endpoint alone (cli/run/http.ts), with an in-memory ingest: body
// decoding (one event, pretty-printed, JSONL), refusals with EV codes and
// lines, the body limit, routes. The end-to-end tests against `sla run` are
// in http.test.ts.
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { type BodyEvent, decodeBody, HttpEndpoint, type IngestAnswer } from "../../cli/run/http.ts";
import { makeEventDecoder } from "../../engine/ingest/decode.ts";
import { compileSource } from "../../language/compile.ts";

const ir = compileSource(`sla "T"
fields {
  source: one of "demo", "trial"
  employees: number
}
segment hot when source = "demo"
respond to hot within 30m
`).ir!;
const decode = makeEventDecoder(ir);
const created = (id: string, lead: string) =>
  JSON.stringify({
    id,
    at: "2027-01-04T14:00:00Z",
    type: "lead.created",
    lead,
    fields: { source: "demo", employees: 5 },
  });

const endpoints: HttpEndpoint[] = [];
afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

async function start(maxBody?: number) {
  const applied: BodyEvent[][] = [];
  const known = new Set<string>();
  const ep = new HttpEndpoint(
    {
      decoder: () => decode,
      async ingest(events): Promise<IngestAnswer> {
        const problems = [];
        const leads = new Set(known);
        for (const { event, line } of events) {
          if (event.type === "lead.created") leads.add(event.lead);
          else if (event.type !== "rep.away" && !leads.has(event.lead))
            problems.push({ line, code: "EV201" as const, message: `event for an unknown lead "${event.lead}"` });
        }
        if (problems.length) return { ok: false, problems };
        for (const l of leads) known.add(l);
        applied.push(events);
        return { ok: true, accepted: events.length, applied: events.length, duplicates: 0, held: 0, late: [] };
      },
      health: () => ({ spec: "abc" }),
      metrics: async () => ({ contentType: "text/plain", text: `applied ${applied.length}\n` }),
    },
    { host: "127.0.0.1", port: 0, maxBody },
  );
  endpoints.push(ep);
  const addr = await ep.listen();
  return { base: `http://127.0.0.1:${addr.port}`, applied, port: addr.port };
}

describe("decodeBody", () => {
  it("reads one event, a pretty-printed event and JSONL", () => {
    expect(decodeBody(created("e1", "L1"), decode).events).toHaveLength(1);
    const pretty = JSON.stringify(JSON.parse(created("e1", "L1")), null, 2);
    expect(decodeBody(pretty, decode)).toMatchObject({ problems: [], lines: 1 });
    const jsonl = `${created("e1", "L1")}\n\n${created("e2", "L2")}\r\n`;
    const r = decodeBody(jsonl, decode);
    expect(r.events.map((e) => e.line)).toEqual([1, 3]);
  });

  it("lists every refused line with its code", () => {
    const r = decodeBody(`${created("e1", "L1")}\n{"id":\n{"id":"e3","at":"x","type":"touch","lead":"L1"}\n`, decode);
    expect(r.problems.map((p) => [p.line, p.code])).toEqual([
      [2, "EV002"],
      [3, "EV106"],
    ]);
  });
});

describe("HTTP endpoint", () => {
  it("accepts a body after ingest and answers with the counts", async () => {
    const s = await start();
    const res = await fetch(`${s.base}/events`, { method: "POST", body: created("e1", "L1") });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, applied: 1, duplicates: 0, held: 0, late: [] });
    expect(s.applied).toHaveLength(1);
  });

  it("refuses a JSONL body whole, naming the line and code", async () => {
    const s = await start();
    const body = `${created("e1", "L1")}\n{"id":"e2","at":"2027-01-04T14:01:00Z","type":"touch","lead":"L9"}\n`;
    const res = await fetch(`${s.base}/events`, { method: "POST", body });
    expect(res.status).toBe(400);
    const j = await res.json();
    expect(j.error).toMatchObject({ code: "EV201", line: 2, refused: 1 });
    expect(j.error.message).toMatch(/^line 2: event for an unknown lead/);
    expect(s.applied).toHaveLength(0);
  });

  it("wrong types and unknown fields are 400 with their EV code", async () => {
    const s = await start();
    const bad = [
      [
        '{"id":"e1","at":"2027-01-04T14:00:00Z","type":"lead.created","lead":"L1","fields":{"employees":"many"}}',
        "EV109",
      ],
      ['{"id":"e1","at":"2027-01-04T14:00:00Z","type":"lead.created","lead":true,"fields":{}}', "EV103"],
      ["not json", "EV002"],
      ["[1,2]", "EV101"],
    ];
    for (const [body, code] of bad) {
      const res = await fetch(`${s.base}/events`, { method: "POST", body });
      expect(res.status, body).toBe(400);
      expect((await res.json()).error.code, body).toBe(code);
    }
    expect(s.applied).toHaveLength(0);
  });

  it("refuses an oversized body with 413 from its Content-Length, before reading it", async () => {
    const s = await start(1024);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: s.port, method: "POST", path: "/events" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.setHeader("content-length", String(50 * 1024 * 1024));
      req.write("x".repeat(100)); // and never the rest
    });
    expect(status).toBe(413);
    const ok = await fetch(`${s.base}/events`, { method: "POST", body: created("e1", "L1") });
    expect(ok.status).toBe(200);
  });

  it("refuses an oversized chunked body with 413 as soon as it passes the limit", async () => {
    const s = await start(64 * 1024);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: s.port, method: "POST", path: "/events" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", () => {}); // the server hangs up once it has answered
      const chunk = "y".repeat(16 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 50 * 1024 * 1024 && req.write(chunk)) sent += chunk.length;
        if (sent < 50 * 1024 * 1024) req.once("drain", pump);
      };
      req.on("response", () => req.destroy());
      pump();
      setTimeout(() => reject(new Error("no answer")), 20_000);
    });
    expect(status).toBe(413);
    expect(s.applied).toHaveLength(0);
  });

  it("serves healthz and metrics; unknown paths 404, wrong methods 405", async () => {
    const s = await start();
    const h = await fetch(`${s.base}/healthz`);
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ status: "ok", spec: "abc" });
    expect((await fetch(`${s.base}/metrics`)).status).toBe(200);
    expect((await fetch(`${s.base}/nope`)).status).toBe(404);
    const m = await fetch(`${s.base}/events`);
    expect(m.status).toBe(405);
    expect(m.headers.get("allow")).toBe("POST");
  });
});
