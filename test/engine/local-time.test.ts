// Local time in every report (issue 9, part 7): times are shown in the SLA's
// zone with their offset, each report names its zone, JSON keeps UTC and adds
// a local twin. The golden spec is in New York across the spring-forward
// change of 2027-03-14 (-05:00 before, -04:00 after).
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { diffReports } from "../../engine/diff.ts";
import { Explainer } from "../../engine/explain.ts";
import { formatOffset, localTimes } from "../../engine/local-time.ts";
import { renderDiff } from "../../engine/render/diff.ts";
import { jsonText } from "../../engine/render/escape.ts";
import { renderExplanation } from "../../engine/render/explain.ts";
import { renderHtml } from "../../engine/render/html.ts";
import { renderMarkdown } from "../../engine/render/markdown.ts";
import { renderTable } from "../../engine/render/table.ts";
import { localizeReport } from "../../engine/report.ts";
import { simulate } from "../../engine/simulate.ts";
import type { SlaEvent } from "../../engine/events.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";
import { expectGolden } from "../golden.ts";

const DIR = new URL("../fixtures/local-time/", import.meta.url).pathname;

function compile(text: string): IR {
  const r = compileSource(text);
  if (!r.ir) throw new Error(JSON.stringify(r.diagnostics));
  return r.ir;
}

const spec = (zone: string | null, window = "2h") => `sla "Spring forward"
${zone ? `timezone "${zone}"\n` : ""}
fields {
  source: one of "demo", "web"
}

segment demos when source = "demo"
segment others otherwise

respond to demos within ${window}
  target 90%
  warn at 50%
`;

const ms = (s: string) => Date.parse(s);
/** Three demo leads: before the change (breached), across it (breached), after it (met). */
const EVENTS: SlaEvent[] = [
  { id: "1", at: ms("2027-03-13T21:30:00Z"), type: "lead.created", lead: "before", fields: { source: "demo" } },
  { id: "2", at: ms("2027-03-14T06:30:00Z"), type: "lead.created", lead: "across", fields: { source: "demo" } },
  { id: "3", at: ms("2027-03-14T14:00:00Z"), type: "lead.created", lead: "after", fields: { source: "demo" } },
  { id: "4", at: ms("2027-03-14T14:45:10Z"), type: "touch", lead: "after" },
  { id: "5", at: ms("2027-03-14T18:00:00Z"), type: "lead.created", lead: "web", fields: { source: "web" } },
];

describe("local times: the formatter", () => {
  const ny = localTimes("America/New_York");
  it("shows the wall clock with the offset on both sides of a DST change", () => {
    expect(ny.show(ms("2027-03-14T06:59:59Z"))).toBe("2027-03-14 01:59:59 -05:00");
    expect(ny.show(ms("2027-03-14T07:00:00Z"))).toBe("2027-03-14 03:00:00 -04:00");
    // fall back: 01:30 happens twice, told apart by the offset
    expect(ny.show(ms("2027-11-07T05:30:00Z"))).toBe("2027-11-07 01:30:00 -04:00");
    expect(ny.show(ms("2027-11-07T06:30:00Z"))).toBe("2027-11-07 01:30:00 -05:00");
    expect(ny.iso(ms("2027-01-04T14:08:00Z"))).toBe("2027-01-04T09:08:00-05:00");
    expect(ny.show(ms("2027-01-04T14:08:00.250Z"))).toBe("2027-01-04 09:08:00.250 -05:00");
    expect(localTimes("UTC").show(ms("2027-01-04T14:08:00Z"))).toBe("2027-01-04 14:08:00 +00:00");
    expect(localTimes("Asia/Kolkata").iso(ms("2027-01-04T14:08:00Z"))).toBe("2027-01-04T19:38:00+05:30");
    expect(formatOffset(-(3 * 60 + 30) * 60_000)).toBe("-03:30");
    expect(ny.caption).toBe("Times in America/New_York");
    expect(localTimes("UTC").caption).toBe("Times in UTC");
  });

  it("agrees with luxon for any instant in 1970-2199 in zones with odd offsets and changes", () => {
    const zones = [
      "America/New_York",
      "Europe/Dublin",
      "Australia/Lord_Howe",
      "America/St_Johns",
      "Asia/Kathmandu",
      "Pacific/Apia",
      "Europe/Moscow",
      "UTC",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: Date.UTC(2199, 11, 31) / 1000 }),
        (zone, sec) => {
          const t = sec * 1000;
          const dt = DateTime.fromMillis(t, { zone });
          expect(localTimes(zone).iso(t)).toBe(dt.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"));
          expect(localTimes(zone).show(t)).toBe(dt.toFormat("yyyy-MM-dd HH:mm:ss ZZ"));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("local times: reports across a DST change (goldens)", () => {
  const ir = compile(spec("America/New_York"));
  const report = simulate(ir, EVENTS);

  it("table, markdown and HTML name the zone and show -05:00 before the change, -04:00 after", () => {
    const table = renderTable(report);
    expect(table.split("\n")[0]).toBe(
      "Spring forward  2027-03-13 16:30:00 -05:00 → 2027-03-14 14:00:00 -04:00  · Times in America/New_York",
    );
    expect(table).toMatch(/before\s+respond demos\s+2027-03-13 18:30:00 -05:00/);
    // 01:30 EST + 2 hours is 04:30 EDT (02:00-03:00 does not exist that night)
    expect(table).toMatch(/across\s+respond demos\s+2027-03-14 04:30:00 -04:00/);
    expectGolden(`${DIR}dst.txt`, table);
    const md = renderMarkdown(report);
    expect(md).toContain("(Times in America/New_York)");
    expect(md).toContain("| 2027-03-14 04:30:00 -04:00 |");
    expectGolden(`${DIR}dst.md`, md);
    const html = renderHtml(report);
    expect(html).toContain("<dt>Times in</dt><dd>America/New_York</dd>");
    expect(html).toContain("2027-03-13 16:30:00 -05:00");
    expect(html).toContain("2027-03-14 04:30:00 -04:00");
  });

  it("JSON keeps UTC and adds the local twin next to each time, with the zone at the top", () => {
    const j = localizeReport(report);
    expect(j.timezone).toBe("America/New_York");
    expect([j.from, j.fromLocal, j.to, j.toLocal]).toEqual([
      "2027-03-13T21:30:00Z",
      "2027-03-13T16:30:00-05:00",
      "2027-03-14T18:00:00Z",
      "2027-03-14T14:00:00-04:00",
    ]);
    const across = j.breaches.find((b) => b.lead === "across")!;
    expect(Object.keys(across)).toEqual([
      "lead",
      "kind",
      "segment",
      "name",
      "start",
      "startLocal",
      "due",
      "dueLocal",
      "owner",
      "actions",
    ]);
    expect([across.start, across.startLocal, across.due, across.dueLocal]).toEqual([
      "2027-03-14T06:30:00Z",
      "2027-03-14T01:30:00-05:00",
      "2027-03-14T08:30:00Z",
      "2027-03-14T04:30:00-04:00",
    ]);
    const w = j.warnings.find((x) => x.lead === "across")!;
    expect([w.at, w.atLocal, w.dueLocal]).toEqual([
      "2027-03-14T07:30:00Z",
      "2027-03-14T03:30:00-04:00",
      "2027-03-14T04:30:00-04:00",
    ]);
    // the replay's own report is unchanged (UTC only): local fields are added at output time
    expect(Object.keys(report.breaches[0])).not.toContain("dueLocal");
    expectGolden(`${DIR}dst.json`, jsonText(j) + "\n");
  });

  it("sla explain shows the zone, local times with offsets and UTC", () => {
    const ex = new Explainer(ir, "across");
    for (const [i, e] of EVENTS.entries()) ex.push(e, "events.jsonl", i + 1);
    const x = ex.finish()!;
    expect(x.clocks[0].start).toEqual({ utc: "2027-03-14T06:30:00Z", local: "2027-03-14T01:30:00-05:00" });
    const text = renderExplanation(x);
    expect(text).toContain("Times in America/New_York (UTC in brackets)");
    expect(text).toContain("      due     2027-03-14 04:30:00 -04:00 (2027-03-14T08:30:00Z)");
    expect(text).toContain("no touch by the due instant 2027-03-14 04:30:00 -04:00");
    expectGolden(`${DIR}dst-explain.txt`, text);
  });

  it("sla diff shows breach times in the new SLA's zone and names it", () => {
    const tighter = simulate(compile(spec("America/New_York", "30m")), EVENTS);
    const d = diffReports(report, tighter);
    const text = renderDiff(d, "table");
    expect(text).toContain("· Times in America/New_York");
    expect(text).toContain("after  respond demos  due 2027-03-14 10:30:00 -04:00");
    expect(renderDiff(d, "md")).toContain("· Times in America/New_York)");
  });

  it("an SLA without a zone keeps UTC and says so", () => {
    const utc = simulate(compile(spec(null)), EVENTS);
    expect(utc.timezone).toBe("UTC");
    const table = renderTable(utc);
    expect(table.split("\n")[0]).toContain("· Times in UTC");
    expect(table).toContain("2027-03-14 08:30:00 +00:00");
    expect(localizeReport(utc).breaches[0].dueLocal).toMatch(/\+00:00$/);
  });
});
