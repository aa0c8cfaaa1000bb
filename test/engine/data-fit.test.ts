// Data-fit warnings (issue 9, part 2): one fixture per warning
// (test/fixtures/data-fit/), replayed through every path (streamed JSONL, the
// prepared/cached form) and shown by every renderer.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JsonlFeed } from "../../engine/jsonl-feed.ts";
import { PreparedEvents, prepareEvents, replayPrepared } from "../../engine/prepared.ts";
import { renderHtml } from "../../engine/render/html.ts";
import { renderMarkdown } from "../../engine/render/markdown.ts";
import { renderTable } from "../../engine/render/table.ts";
import type { SimReport } from "../../engine/result.ts";
import { Simulation } from "../../engine/simulate.ts";
import { compileSource } from "../../language/compile.ts";

const DIR = new URL("../fixtures/data-fit/", import.meta.url);
const ir = compileSource(readFileSync(new URL("spec.sla", DIR), "utf8")).ir!;
const text = (name: string) => readFileSync(new URL(name, DIR), "utf8");

function replay(name: string, extra?: (sim: Simulation) => void): SimReport {
  const sim = new Simulation(ir, { reorderWindow: Infinity });
  extra?.(sim);
  const feed = new JsonlFeed(ir, sim, name, false);
  feed.chunk(text(name));
  feed.end();
  return sim.finish();
}

const notices = (r: SimReport, code: string) => (r.dataFit ?? []).filter((w) => w.code === code);

/** fixture -> the warning it exists for (code, message, counts) */
const CASES: [string, string, string, { name: string; count: number }[]][] = [
  [
    "ev501-typo.jsonl",
    "EV501",
    'ignored field "employes" (1 event) looks like "employees", which the SLA declares',
    [{ name: "employes", count: 1 }],
  ],
  ["ev502-never-set.jsonl", "EV502", 'field "employees" was never set on any lead', []],
  ["ev503-segment.jsonl", "EV503", 'no lead entered segment "big_trials"', []],
  [
    "ev504-obligation.jsonl",
    "EV504",
    'no lead was in scope of expect demo.held after demo.started (no "demo.started" event started its clock)',
    [],
  ],
  [
    "ev505-unlisted.jsonl",
    "EV505",
    'field "source": 3 events with values the SLA does not list: "referral" (2), "Demo" (1)',
    [
      { name: "referral", count: 2 },
      { name: "Demo", count: 1 },
    ],
  ],
  [
    "ev506-owner.jsonl",
    "EV506",
    '3 leads are owned by someone in no team: "Jen Park" (2), "jen@acme.com" (1)',
    [
      { name: "Jen Park", count: 2 },
      { name: "jen@acme.com", count: 1 },
    ],
  ],
  [
    "ev507-no-scope.jsonl",
    "EV507",
    'No lead entered any segment: field "source" was never set; the data carries fields the SLA does not declare: "Original Source" (2 events)',
    [],
  ],
  [
    "ev507-no-leads.jsonl",
    "EV507",
    'No lead in scope: the data has no lead.created events (0 events replayed; event types the SLA does not use were ignored: "activity" (2))',
    [],
  ],
];

describe("data-fit warnings", () => {
  for (const [file, code, message, counts] of CASES)
    it(`${file} triggers ${code}`, async () => {
      const r = replay(file);
      expect(notices(r, code).map((w) => ({ message: w.message, counts: w.counts }))).toContainEqual({
        message,
        counts,
      });
      // the prepared form (sla simulate --cache, sla diff, the playground) says the same
      const p = await prepareEvents(ir, [text(file)], { file, lenient: true });
      expect(replayPrepared(ir, PreparedEvents.deserialize(p.serialize()))).toEqual(r);
      // and every output format shows it
      const plain = message.replaceAll('"', "");
      expect(renderTable(r).replaceAll('"', "")).toContain(`${code} ${plain}`);
      expect(renderMarkdown(r).replaceAll('"', "").replaceAll("\\", "")).toContain(code);
      expect(renderHtml(r)).toContain(`${code} `);
    });

  it("a report with no lead in scope says why in its first lines", () => {
    const r = replay("ev507-no-scope.jsonl");
    expect(r.dataFit?.[0].code).toBe("EV507");
    const lines = renderTable(r).split("\n");
    expect(lines.slice(0, 6).join("\n")).toContain('EV507 No lead entered any segment: field "source" was never set');
    expect(renderMarkdown(r).split("\n").slice(0, 6).join("\n")).toContain("EV507 No lead entered any segment");
  });

  it("a data fit is silent: no notices, no ignored line", () => {
    const r = replay("ev504-obligation.jsonl".replace("ev504-obligation", "ev503-segment"));
    expect(notices(r, "EV507")).toEqual([]);
    const fine = new Simulation(ir, { reorderWindow: Infinity });
    const feed = new JsonlFeed(ir, fine, "fine.jsonl", false);
    feed.chunk(
      [
        '{"id":"e1","at":"2027-01-04T09:00:00Z","type":"lead.created","lead":"L1","fields":{"source":"demo","employees":10,"country":"US"},"owner":"ana"}',
        '{"id":"e2","at":"2027-01-04T09:00:00Z","type":"lead.created","lead":"L2","fields":{"source":"trial","employees":500,"country":"US"},"owner":"ben"}',
        '{"id":"e3","at":"2027-01-04T09:00:00Z","type":"lead.created","lead":"L3","fields":{"source":"webinar","employees":5,"country":"US"},"owner":"maria"}',
        '{"id":"e4","at":"2027-01-04T09:10:00Z","type":"demo.started","lead":"L1"}',
      ].join("\n"),
    );
    feed.end();
    const ok = fine.finish();
    expect(ok.dataFit).toEqual([]);
    expect(ok.ignored).toEqual({ fields: [], properties: [], eventTypes: [] });
    expect(renderTable(ok)).not.toMatch(/ignored:|EV5\d\d/);
  });

  it("other sources add entries (the CSV side: a mapping column missing from the header) and explain a field", () => {
    const r = replay("ev507-no-scope.jsonl", (sim) =>
      sim.addDataFit({
        code: "EV502",
        message: "the mapping's column 'Original Source' is not in leads.csv",
        counts: [],
        field: "source",
      }),
    );
    expect(r.dataFit?.[0].message).toBe(
      'No lead entered any segment: field "source" was never set (the mapping\'s column \'Original Source\' is not in leads.csv); the data carries fields the SLA does not declare: "Original Source" (2 events)',
    );
    expect(r.dataFit?.some((w) => w.message === "the mapping's column 'Original Source' is not in leads.csv")).toBe(
      true,
    );
  });

  it("--strict-fields: an unlisted value is an error again (EV109)", () => {
    const sim = new Simulation(ir, { reorderWindow: Infinity, strictFields: true });
    const feed = new JsonlFeed(ir, sim, "ev505-unlisted.jsonl", false);
    expect(() => {
      feed.chunk(text("ev505-unlisted.jsonl"));
      feed.end();
    }).toThrow(/ev505-unlisted\.jsonl:1: field "source": "Demo" is not one of "demo", "trial", "webinar"/);
  });
});
