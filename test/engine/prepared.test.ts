// The prepared form must replay to exactly the report of the streaming path.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JsonlFeed } from "../../engine/jsonl-feed.ts";
import { PreparedEvents, prepareEvents, replayPrepared } from "../../engine/prepared.ts";
import { Simulation } from "../../engine/simulate.ts";
import { generateJsonl } from "../../generate/index.ts";
import { compileSource } from "../../language/compile.ts";

const ir = compileSource(readFileSync("specs/examples/inbound/inbound.sla", "utf8")).ir!;

function streamed(text: string, opts: { until?: number; lenient?: boolean; reorderWindow?: number } = {}) {
  const sim = new Simulation(ir, { reorderWindow: 3_600_000, ...opts });
  const feed = new JsonlFeed(ir, sim, "events.jsonl", opts.lenient ?? false);
  for (let i = 0; i < text.length; i += 7919) feed.chunk(text.slice(i, i + 7919));
  feed.end();
  return sim.finish();
}

describe("prepared events", () => {
  const text = generateJsonl({ seed: 7, leads: 600, months: 2 });
  it("replay equals the streaming replay, also after a serialize round trip", async () => {
    const p = await prepareEvents(ir, [text], { file: "events.jsonl" });
    const expected = streamed(text);
    expect(replayPrepared(ir, p)).toEqual(expected);
    expect(replayPrepared(ir, PreparedEvents.deserialize(p.serialize()))).toEqual(expected);
  });
  it("respects --until", async () => {
    const until = Date.parse("2027-01-20T12:00:00Z");
    const p = await prepareEvents(ir, [text], { file: "events.jsonl" });
    expect(replayPrepared(ir, p, { until })).toEqual(streamed(text, { until }));
  });
  it("shuffled input prepares to the same replay", async () => {
    const lines = text.trim().split("\n");
    const shuffled = lines
      .map((l, i) => [((i * 7919) % 1009) + i / 1e6, l] as const)
      .sort((a, b) => a[0] - b[0])
      .map((x) => x[1])
      .join("\n");
    const a = replayPrepared(ir, await prepareEvents(ir, [text], { file: "x" }));
    const b = replayPrepared(ir, await prepareEvents(ir, [shuffled], { file: "x" }));
    expect(b).toEqual(a);
  });
  it("lenient preparation counts bad lines and unknown leads like the streaming path", async () => {
    const bad = text + '\n{"id":"zz","at":"2027-02-01T00:00:00Z","type":"touch","lead":"nobody"}\nnot json\n';
    const p = await prepareEvents(ir, [bad], { file: "events.jsonl", lenient: true });
    const r = replayPrepared(ir, p);
    expect(r.rejected.count).toBe(2);
    expect(r).toEqual(streamed(bad, { lenient: true, reorderWindow: Infinity }));
  });
  it("refuses a prepared form made for other field declarations", async () => {
    const p = await prepareEvents(ir, [text], { file: "x" });
    const other = { ...ir, fields: { ...ir.fields, extra: { type: "number" as const } } };
    expect(() => replayPrepared(other, p)).toThrow(/other field declarations/);
  });
});

describe("prepareDecoded", () => {
  it("refuses events naming undeclared fields (strict) or counts them (lenient)", async () => {
    const { prepareDecoded } = await import("../../engine/prepared.ts");
    const evs = [{ id: "e1", at: 0, type: "lead.created", lead: "L1", fields: { nope: 1 } }] as never[];
    expect(() => prepareDecoded(ir, evs, { file: "x", strictFields: true })).toThrow(/unknown field "nope"/);
    expect(prepareDecoded(ir, evs, { file: "x", lenient: true, strictFields: true }).meta.rejected).toHaveLength(1);
    // without --strict-fields the field is left out and counted
    const p = prepareDecoded(ir, evs, { file: "x" });
    expect(p.meta.rejected).toHaveLength(0);
    expect(p.meta.ingest.fields).toEqual([["nope", 1]]);
    expect(p.fieldValue).toEqual([]);
  });
});
