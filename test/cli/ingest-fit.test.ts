// sla simulate on data that carries more than the SLA uses, or does not fit
// it (issue 9, parts 1, 2 and 6): ignored data counted in every format,
// --strict-fields, --cache giving the same report (counts included), and rows
// that fail during the replay located at their file and line (never :0), with
// "precedes lead X's creation" (EV113) instead of "unknown lead".
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JsonlFeed } from "../../engine/jsonl-feed.ts";
import { prepareEvents } from "../../engine/prepared.ts";
import { IngestError } from "../../engine/problems.ts";
import type { SimReport } from "../../engine/result.ts";
import { Simulation } from "../../engine/simulate.ts";
import { compileSource } from "../../language/compile.ts";
import { sla } from "../run-sla.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "sla-fit-"));
const SPEC = "test/fixtures/data-fit/spec.sla";
const ir = compileSource(readFileSync(SPEC, "utf8")).ir!;

const at = (hhmm: string, day = "04") => `2027-01-${day}T${hhmm}:00Z`;
const created = (id: string, lead: string, t: string, extra = "") =>
  `{"id":"${id}","at":"${t}","type":"lead.created","lead":"${lead}","fields":{"source":"demo","employees":10,"country":"US"${extra}},"owner":"ana"}`;
const touch = (id: string, lead: string, t: string, extra = "") =>
  `{"id":"${id}","at":"${t}","type":"touch","lead":"${lead}"${extra}}`;

function write(lines: string[]): string {
  const f = join(tmp(), "events.jsonl");
  writeFileSync(f, lines.join("\n") + "\n");
  return f;
}

/** 5 ignored fields on every lead, an extra property on every touch, activity events. */
function noisyLines(leads: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < leads; i++) {
    const t = new Date(Date.parse(at("09:00")) + i * 60_000).toISOString().replace(".000Z", "Z");
    const t2 = new Date(Date.parse(t) + 20 * 60_000).toISOString().replace(".000Z", "Z");
    out.push(
      created(
        `c${i}`,
        `L${i}`,
        t,
        `,"industry":"tech","region":"EU","lifecycle":"mql","rating":"Hot","annual_revenue":1000`,
      ),
    );
    out.push(touch(`t${i}`, `L${i}`, t2, `,"subject":"Call"`));
    out.push(`{"id":"a${i}","at":"${t2}","type":"activity","lead":"L${i}","kind":"email"}`);
  }
  return out;
}

describe("sla simulate: data the SLA does not use", () => {
  const file = write(noisyLines(30));

  it("is ignored and counted in the header of every format", async () => {
    const table = await sla("simulate", SPEC, "--events", file, "--no-progress");
    expect(table.code).toBe(0);
    expect(table.err).toBe("");
    const header = table.out.split("\n").slice(0, 8).join("\n");
    expect(header).toContain(
      "ignored: fields annual_revenue (30 events), industry (30), lifecycle (30), rating (30), region (30); properties kind (30 events), subject (30); event types activity (30 events)",
    );
    const md = await sla("simulate", SPEC, "--events", file, "--format", "md");
    expect(md.out).toContain("**Ignored:** fields annual_revenue (30 events)");
    const html = await sla("simulate", SPEC, "--events", file, "--format", "html");
    expect(html.out).toContain('<p class="muted" id="ignored">ignored: fields annual_revenue (30 events)');
    const json = JSON.parse((await sla("simulate", SPEC, "--events", file, "--format", "json")).out) as SimReport;
    expect(json.ignored?.eventTypes).toEqual([{ name: "activity", events: 30 }]);
    expect(json.ignored?.fields.map((f) => f.name)).toEqual([
      "annual_revenue",
      "industry",
      "lifecycle",
      "rating",
      "region",
    ]);
    expect(json.events).toBe(60);
  });

  it("--cache gives the identical report, ignored counts included, fresh and reused", async () => {
    const plain = await sla("simulate", SPEC, "--events", file, "--format", "json");
    const first = await sla("simulate", SPEC, "--events", file, "--format", "json", "--cache");
    const again = await sla("simulate", SPEC, "--events", file, "--format", "json", "--cache");
    expect(first.out).toBe(plain.out);
    expect(again.out).toBe(plain.out);
    expect(again.err).toBe("");
    // a cache prepared without --strict-fields is not used with it (and the reverse)
    const strict = await sla("simulate", SPEC, "--events", file, "--cache", "--strict-fields");
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(/was prepared without --strict-fields; rebuilding it/);
    expect(strict.err).toMatch(/events\.jsonl:1: unknown field "industry"/);
  });

  it("--strict-fields restores the strict reading: the first one is a located error", async () => {
    const r = await sla("simulate", SPEC, "--events", file, "--strict-fields");
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^.*events\.jsonl:1: unknown field "industry"/);
    expect(r.err).toContain("without --strict-fields, data the SLA does not use is ignored and counted");
    const lenient = await sla("simulate", SPEC, "--events", file, "--strict-fields", "--lenient", "--format", "json");
    expect(lenient.code).toBe(0);
    const rep = JSON.parse(lenient.out) as SimReport;
    expect(rep.rejected.byCode).toEqual({ EV104: 30, EV105: 30, EV108: 30 });
    expect((await sla("simulate", "--help")).out).toContain("--strict-fields");
  });

  it("CSV exports too: a value the SLA does not list is kept and counted (EV505), an error only with --strict-fields", async () => {
    const dir = tmp();
    const spec = join(dir, "enum.sla");
    writeFileSync(
      spec,
      'sla "Enum fit"\ntimezone "America/New_York"\nfields {\n  source: one of "demo", "trial"\n}\nsegment demos when source = "demo"\nrespond to demos within 1h\n',
    );
    const leads = join(dir, "leads.csv");
    writeFileSync(
      leads,
      "Lead ID,Create Date,Lead Source\n00Q1,2027-01-04 09:00,demo\n00Q2,2027-01-04 09:00,webinar\n00Q3,2027-01-04 09:05,webinar\n",
    );
    const r = await sla("simulate", spec, "--leads", leads, "--map", "salesforce", "--format", "json");
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as SimReport;
    expect(rep.leads).toBe(3);
    expect(rep.rejected.count).toBe(0);
    expect(rep.dataFit?.find((w) => w.code === "EV505")?.counts).toEqual([{ name: "webinar", count: 2 }]);
    const strict = await sla("simulate", spec, "--leads", leads, "--map", "salesforce", "--strict-fields");
    expect(strict.code).toBe(1);
    expect(strict.err).toContain(
      'leads.csv:3: field "source" (column "Lead Source"): "webinar" is not one of "demo", "trial"',
    );
  });

  it("a run with no lead in scope says why in its first lines (exit 0, never silent zeros)", async () => {
    const f = write([
      `{"id":"e1","at":"${at("09:00")}","type":"lead.created","lead":"L1","fields":{"Original Source":"demo"}}`,
    ]);
    const r = await sla("simulate", SPEC, "--events", f);
    expect(r.code).toBe(0);
    expect(r.out.split("\n").slice(0, 5).join("\n")).toContain(
      '! EV507 No lead entered any segment: field "source" was never set, field "employees" was never set; the data carries fields the SLA does not declare: "Original Source" (1 event)',
    );
  });
});

describe("rows that fail during the replay are located", () => {
  it("an event before its lead's creation: EV113 with both times and the creation's line, streaming or not", async () => {
    // the creation comes more than an hour later than the touch: beyond the streaming window
    const f = write([
      touch("t1", "1001", at("08:30")),
      touch("t0", "9", at("08:40")),
      created("c1", "1001", at("10:00")),
    ]);
    const r = await sla("simulate", SPEC, "--events", f);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `events.jsonl:1: touch at 2027-01-04T08:30:00Z precedes lead "1001"'s creation at 2027-01-04T10:00:00Z (line 3)`,
    );
    const lenient = JSON.parse((await sla("simulate", SPEC, "--events", f, "--lenient", "--format", "json")).out);
    expect(lenient.rejected.rows.map((x: { code: string; line: number }) => [x.code, x.line])).toEqual([
      ["EV113", 1],
      ["EV201", 2],
    ]);
    expect(lenient.rejected.rows[1].reason).toBe('touch for unknown lead "9" (no lead.created before it)');
    // the cached replay says the same
    const cached = JSON.parse(
      (await sla("simulate", SPEC, "--events", f, "--lenient", "--format", "json", "--cache")).out,
    );
    expect(cached.rejected).toEqual(lenient.rejected);
    const strictCached = await sla("simulate", SPEC, "--events", f, "--cache");
    expect(strictCached.err).toContain(`events.jsonl:1: touch at 2027-01-04T08:30:00Z precedes lead "1001"'s creation`);
  });

  it("the creation within the streaming window, and lenient streaming, say EV113 too", () => {
    const text = [
      touch("t1", "1001", at("08:30")),
      created("c1", "1001", at("09:00")),
      touch("t2", "1001", at("09:10")),
    ];
    const run = (lenient: boolean, window: number): Simulation => {
      const sim = new Simulation(ir, { lenient, reorderWindow: window });
      const feed = new JsonlFeed(ir, sim, "ev.jsonl", lenient);
      feed.chunk(text.join("\n"));
      feed.end();
      return sim;
    };
    let err: unknown;
    try {
      run(false, 3_600_000).finish();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IngestError);
    expect([(err as IngestError).code, (err as IngestError).line]).toEqual(["EV113", 1]);
    // lenient with a window shorter than the gap: rejected as it streams by, then told when the lead appears
    const r = run(true, 60_000).finish();
    expect(r.rejected.rows).toEqual([
      {
        code: "EV113",
        file: "ev.jsonl",
        line: 1,
        reason: `touch at 2027-01-04T08:30:00Z precedes lead "1001"'s creation at 2027-01-04T09:00:00Z (line 2)`,
      },
    ]);
    expect(r.events).toBe(2);
  });

  it("CSV activity rows before their lead's row: the activities file's line and the leads file's line", async () => {
    const d = tmp();
    writeFileSync(
      join(d, "leads.csv"),
      'Lead ID,Create Date,Lead Owner,Lead Source\n00Q1,"1/4/2027, 9:03 AM",Ana Lopez,demo\n',
    );
    writeFileSync(
      join(d, "acts.csv"),
      'Activity ID,Lead ID,Created Date,Assigned,Task Subtype,Type,Subject\nT0,00Q1,"1/4/2027, 9:30 AM",Ana Lopez,Call,,Call\nT1,00Q1,"1/4/2027, 8:05 AM",Ana Lopez,Call,,Call\n',
    );
    const r = await sla(
      "simulate",
      SPEC,
      "--leads",
      join(d, "leads.csv"),
      "--activities",
      join(d, "acts.csv"),
      "--map",
      "salesforce",
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /acts\.csv:3: touch at 2027-01-04T08:05:00Z precedes lead "00Q1"'s creation at 2027-01-04T09:03:00Z \(.*leads\.csv:2\)/,
    );
    expect(r.err).not.toMatch(/:0:/);
  });

  it("the prepared form locates them too (sla diff, the playground)", async () => {
    const text = [touch("t1", "1001", at("08:30")), created("c1", "1001", at("09:00"))].join("\n");
    const p = await prepareEvents(ir, [text], { file: "ev.jsonl", lenient: true });
    expect(p.meta.rejected).toEqual([
      {
        code: "EV113",
        file: "ev.jsonl",
        line: 1,
        reason: `touch at 2027-01-04T08:30:00Z precedes lead "1001"'s creation at 2027-01-04T09:00:00Z (line 2)`,
      },
    ]);
  });
});
