// Term match counts (engine/term-counts.ts): exact on a hand-made history, and
// equal to what the runtime itself observes on a generated quarter.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import { JsonlFeed } from "../../engine/jsonl-feed.ts";
import { compileClassifier } from "../../engine/predicates.ts";
import { prepareDecoded, prepareEvents, replayPrepared } from "../../engine/prepared.ts";
import { Simulation } from "../../engine/simulate.ts";
import { termCounts } from "../../engine/term-counts.ts";
import { generateJsonl } from "../../generate/index.ts";
import { compileSource } from "../../language/compile.ts";

const ir = compileSource(readFileSync("specs/examples/inbound/inbound.sla", "utf8")).ir!;
const T0 = Date.parse("2027-01-04T14:00:00Z");
const min = (n: number) => T0 + n * 60_000;

// MQL: score >= 60 or source = "demo"; VQL: MQL and employees >= 50 and country in ("US", "CA", "GB")
const events: SlaEvent[] = [
  // a: an MQL that stops being one (its score drops)
  { id: "1", type: "lead.created", at: min(0), lead: "a", fields: { score: 70, source: "trial" } },
  { id: "2", type: "lead.updated", at: min(30), lead: "a", fields: { score: 10 } },
  // b: a VQL from the start
  {
    id: "3",
    type: "lead.created",
    at: min(1),
    lead: "b",
    fields: { source: "demo", employees: 120, country: "US" },
  },
  // c: becomes a VQL only later, then its country is cleared (null = unset)
  { id: "4", type: "lead.created", at: min(2), lead: "c", fields: { score: 65, employees: 80 } },
  { id: "5", type: "lead.updated", at: min(40), lead: "c", fields: { country: "GB" } },
  { id: "6", type: "lead.updated", at: min(50), lead: "c", fields: { country: null } },
  // d: never anything; touches and rep.away carry no fields
  { id: "7", type: "lead.created", at: min(3), lead: "d", fields: { score: 5 } },
  { id: "8", type: "touch", at: min(4), lead: "d", by: "ana" },
  { id: "9", type: "rep.away", at: min(5), rep: "ben", until: min(500) },
];

const counts = (until?: number) => termCounts(ir, prepareDecoded(ir, events, { file: "x" }), { until });

describe("term counts", () => {
  it("counts leads that matched at some point, and at the end", () => {
    expect(counts()).toEqual({
      leads: 4,
      terms: [
        { name: "MQL", ever: 3, atEnd: 2 },
        { name: "VQL", ever: 2, atEnd: 1 },
      ],
    });
  });

  it("stops at `until` like the replay", () => {
    // at minute 35: a has dropped out of MQL, c is not yet a VQL
    expect(counts(min(35))).toEqual({
      leads: 4,
      terms: [
        { name: "MQL", ever: 3, atEnd: 2 },
        { name: "VQL", ever: 1, atEnd: 1 },
      ],
    });
    expect(counts(min(1))).toMatchObject({ leads: 2 });
  });

  it("no events: no leads", () => {
    expect(termCounts(ir, prepareDecoded(ir, [], { file: "x" }))).toEqual({
      leads: 0,
      terms: [
        { name: "MQL", ever: 0, atEnd: 0 },
        { name: "VQL", ever: 0, atEnd: 0 },
      ],
    });
  });

  it("agrees with the runtime on a generated quarter: its lead states and the count commitment", async () => {
    const text = generateJsonl({ seed: 11, leads: 800, months: 3 });
    const p = await prepareEvents(ir, [text], { file: "events.jsonl" });
    const got = termCounts(ir, p);

    // the runtime's own view: `matched` bits (ever) and each lead's last fields (at end)
    const sim = new Simulation(ir, { reorderWindow: 3_600_000 });
    const feed = new JsonlFeed(ir, sim, "events.jsonl", false);
    feed.chunk(text);
    feed.end();
    const report = sim.finish();
    const classifier = compileClassifier(ir);
    const bits = new Uint8Array(ir.terms.length);
    const expected = ir.terms.map((t, i) => {
      let ever = 0;
      let atEnd = 0;
      for (const lead of sim.runtime.leadStates) {
        if (lead.matched & (1 << i)) ever++;
        classifier.evalTerms(lead.fields, bits);
        atEnd += bits[i];
      }
      return { name: t.name, ever, atEnd };
    });
    expect(got).toEqual({ leads: report.leads, terms: expected });
    expect(got.terms.every((t) => t.ever > 0 && t.ever <= got.leads && t.atEnd <= got.leads)).toBe(true);

    // `marketing delivers 300 VQL per quarter` counts the leads first matching VQL
    const commitment = replayPrepared(ir, p).commitments.find((c) => c.kind === "count" && c.term === "VQL")!;
    const delivered = commitment.periods.reduce((s, x) => s + x.actual, 0);
    expect(got.terms.find((t) => t.name === "VQL")!.ever).toBe(delivered);
  });

  it("a field called __proto__ is an ordinary field", () => {
    const odd = compileSource('sla "x"\nfields {\n  __proto__: number\n}\ndefine Big when __proto__ > 5\n').ir!;
    const p = prepareDecoded(
      odd,
      [
        { id: "1", type: "lead.created", at: min(0), lead: "a", fields: JSON.parse('{"__proto__": 9}') },
        { id: "2", type: "lead.created", at: min(1), lead: "b", fields: {} },
      ],
      { file: "x" },
    );
    expect(termCounts(odd, p)).toEqual({ leads: 2, terms: [{ name: "Big", ever: 1, atEnd: 1 }] });
  });
});
