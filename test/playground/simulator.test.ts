// The playground's browser-free parts, in Node: diagnostics -> markers, quick
// fixes, adapting the generated events to edited field declarations, and the
// prepare-once / replay-on-every-edit simulator.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";
import { dataFitItems } from "../../playground/src/data-fit-view.ts";
import { countDiagnostics, MarkerSeverity, quickFix, quickFixes, toMarkers } from "../../playground/src/markers.ts";
import { adaptEvents, Simulator } from "../../playground/src/simulator.ts";

const SKETCH = readFileSync(new URL("../../specs/examples/inbound/inbound.sla", import.meta.url), "utf8");

function ir(text: string): IR {
  const r = compileSource(text);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.ir!;
}

describe("markers", () => {
  it("places an SLA302 marker on the misspelt value, with its help and a quick fix", () => {
    const text = SKETCH.replace(
      'segment hand_raisers when VQL and source = "demo"',
      'segment hand_raisers when VQL and source = "demmo"',
    );
    const { diagnostics } = compileSource(text);
    expect(countDiagnostics(diagnostics)).toEqual({ errors: 1, warnings: 0 });
    const [m] = toMarkers(text, diagnostics);
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes('"demmo"')) + 1;
    expect(m).toMatchObject({
      code: "SLA302",
      severity: MarkerSeverity.Error,
      source: "sla",
      startLineNumber: line,
      endLineNumber: line,
    });
    expect(lines[line - 1].slice(m.startColumn - 1, m.endColumn - 1)).toBe('"demmo"');
    expect(m.message).toBe(`"demmo" is not a value of 'source'\nhelp: did you mean "demo"?`);
    expect(quickFix(diagnostics[0])).toBe('"demo"');
  });

  it("proposes names without quotes, and nothing for other help", () => {
    const text = SKETCH.replace("marketing delivers 300 VQL per quarter", "marketing delivers 300 VQL per quater");
    const { diagnostics } = compileSource(text);
    expect(diagnostics.map((d) => d.code)).toEqual(["SLA441"]);
    expect(quickFix(diagnostics[0])).toBe("quarter");
    expect(quickFix({ ...diagnostics[0], fixes: undefined })).toBeNull();
    // the fix comes from the diagnostic's structured fixes, not from its help text
    expect(quickFix({ ...diagnostics[0], help: undefined })).toBe("quarter");
    const [fix] = quickFixes(text, diagnostics[0]);
    const line = text.split("\n").findIndex((l) => l.includes("per quater")) + 1;
    expect(fix).toMatchObject({ title: "Replace with quarter", preferred: true });
    expect(fix.edits).toHaveLength(1);
    expect(fix.edits[0].text).toBe("quarter");
    expect(fix.edits[0].range.startLineNumber).toBe(line);
    expect(fix.edits[0].range.endLineNumber).toBe(line);
    const l = text.split("\n")[line - 1];
    expect(l.slice(fix.edits[0].range.startColumn - 1, fix.edits[0].range.endColumn - 1)).toBe("quater");
  });

  it("gives an empty span (end of file) a visible width and keeps every marker inside the text", () => {
    const text = 'sla "x"\nfields {\n  a: number\n';
    const { diagnostics } = compileSource(text);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const m of toMarkers(text, diagnostics)) {
      expect(m.startLineNumber).toBeGreaterThanOrEqual(1);
      expect(m.endLineNumber).toBeLessThanOrEqual(4);
      expect(m.endLineNumber > m.startLineNumber || m.endColumn >= m.startColumn).toBe(true);
    }
  });

  it("marks warnings as warnings", () => {
    const text = SKETCH.replace(
      'segment trials when VQL and source = "trial"',
      'segment trials when VQL and source = "trial"\nsegment again when VQL and source = "trial"',
    );
    const { diagnostics } = compileSource(text);
    expect(countDiagnostics(diagnostics)).toEqual({ errors: 0, warnings: 1 });
    expect(toMarkers(text, diagnostics)[0].severity).toBe(MarkerSeverity.Warning);
  });
});

describe("adaptEvents", () => {
  const created = (fields: Record<string, string | number>): SlaEvent => ({
    id: "e1",
    at: 0,
    type: "lead.created",
    lead: "L1",
    fields,
  });

  it("keeps declared, well-typed values and leaves the others out", () => {
    const fields = ir(
      SKETCH.replace("  country: text\n", "")
        .replace(' and country in ("US", "CA", "GB")', "")
        .replace("  score: number\n", "  score: text\n")
        .replace("score >= 60", 'score = "60"'),
    ).fields;
    const r = adaptEvents(
      [
        created({ source: "demo", employees: 12, country: "US", score: 70 }),
        { id: "e2", at: 1, type: "touch", lead: "L1" },
      ],
      fields,
    );
    expect(r.events[0]).toMatchObject({ fields: { source: "demo", employees: 12 } });
    expect(Object.keys((r.events[0] as { fields: object }).fields)).toEqual(["source", "employees"]);
    expect(r.events[1]).toEqual({ id: "e2", at: 1, type: "touch", lead: "L1" });
    expect(r.droppedValues).toBe(2);
    expect(r.droppedFields).toEqual(["country", "score"]);
  });

  it("drops enum values the SLA does not list", () => {
    const fields = ir(SKETCH).fields;
    const r = adaptEvents([created({ source: "podcast" })], fields);
    expect(r.events[0]).toMatchObject({ fields: {} });
    expect(r.droppedFields).toEqual(["source"]);
  });
});

describe("Simulator", () => {
  // a smaller quarter than the page's, to keep the unit test quick
  const sim = new Simulator({ seed: 42, leads: 300, start: "2027-01-01", months: 3 }, 2);

  it("prepares once per field declarations and replays on every edit", () => {
    const a = sim.run(ir(SKETCH));
    expect(a.prepared).toBe(true);
    expect(a.droppedValues).toBe(0);
    expect(a.report.leads).toBe(300);
    const b = sim.run(ir(SKETCH.replace("within 5m", "within 1h")));
    expect(b.prepared).toBe(false);
    expect(b.prepareMs).toBe(0);
    expect(b.report.events).toBe(a.report.events);
    const hr = (r: typeof a) => r.report.obligations.find((o) => o.name === "respond hand_raisers")!;
    expect(hr(b).breached).toBeLessThan(hr(a).breached);
    expect(b.report.breaches.length).toBeLessThan(a.report.breaches.length);
    // the same run twice is the same report
    expect(sim.run(ir(SKETCH)).report).toEqual(a.report);
  });

  it("re-prepares for new field declarations and keeps a bounded cache", () => {
    const noCountry = SKETCH.replace("  country: text\n", "").replace(' and country in ("US", "CA", "GB")', "");
    const r = sim.run(ir(noCountry));
    expect(r.prepared).toBe(true);
    expect(r.droppedFields).toEqual(["country"]);
    expect(r.report.leads).toBe(300);
    sim.run(ir(SKETCH.replace("  title: text\n", "  title: text\n  arr: money\n")));
    expect(sim.cachedSignatures).toBe(2);
  });
});

describe("the results panel's data-fit list", () => {
  const sim = new Simulator({ seed: 42, leads: 300, start: "2027-01-01", months: 3 }, 2);

  it("a pasted SLA whose values do not fit the sample data says why, first, instead of a green zero", () => {
    // the sketch's own field names (so the inbound quarter is replayed), but a
    // segment on a value its data never has
    const pasted = ir(`sla "Pasted"
fields {
  source: one of "demo", "trial", "webinar", "whitepaper"
  employees: number
}
segment giants when employees >= 1000000000
respond to giants within 1h
`);
    const { report, data } = sim.run(pasted);
    expect(data).toBe("inbound");
    expect(report.breaches).toEqual([]);
    const items = dataFitItems(report);
    expect(items.slice(0, 2)).toEqual([
      {
        code: "EV507",
        text: 'No lead entered any segment: none of 300 leads matched the conditions of "giants"',
        tone: "why",
      },
      { code: "EV503", text: 'no lead entered segment "giants"', tone: "notice" },
    ]);
  });

  it("the sketch on its own data lists only what really does not fit (owners in no team)", () => {
    const items = dataFitItems(sim.run(ir(SKETCH)).report);
    expect(items.map((i) => i.code)).toEqual(["EV506"]);
    expect(items[0].text).toMatch(/^\d+ leads are owned by someone in no team: "(dave|erin)"/);
  });

  it("ignored data is one muted line after the notices", () => {
    expect(
      dataFitItems({
        dataFit: [],
        ignored: {
          fields: [{ name: "industry", events: 2310 }],
          properties: [],
          eventTypes: [{ name: "activity", events: 48000 }],
        },
      }),
    ).toEqual([
      {
        code: "",
        text: "ignored: fields industry (2,310 events); event types activity (48,000 events)",
        tone: "ignored",
      },
    ]);
  });
});

describe("Simulator: a pasted spec gets data of its own", () => {
  const sim = new Simulator({ seed: 42, leads: 300, start: "2027-01-01", months: 3 }, 4);
  const MADKUDU = readFileSync(new URL("../../specs/seeds/madkudu.sla", import.meta.url), "utf8");

  it("the example (and its edits) replay the inbound quarter", () => {
    expect(sim.run(ir(SKETCH)).data).toBe("inbound");
    expect(sim.run(ir(SKETCH.replace("within 5m", "within 1h"))).data).toBe("inbound");
  });

  it("a spec with other fields, people and events replays a quarter generated for it: breaches, not zeros", () => {
    const r = sim.run(ir(MADKUDU));
    expect(r.data).toBe("spec");
    expect(r.prepared).toBe(true);
    expect(r.droppedValues).toBe(0);
    expect(r.report.leads).toBe(300);
    expect(r.report.breaches.length).toBeGreaterThan(0);
    for (const o of r.report.obligations) expect([o.name, o.inScope > 0]).toEqual([o.name, true]);
    // the same spec again is served from the cache, with the same report
    const again = sim.run(ir(MADKUDU));
    expect(again.prepared).toBe(false);
    expect(again.report).toEqual(r.report);
  });
});
