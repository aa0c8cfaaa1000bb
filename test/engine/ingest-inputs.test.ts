// engine/ingest/inputs.ts: the input assembly `sla simulate` and the
// playground share. The playground's path (read once into a ReadInputs,
// prepare, replay the prepared form) must give the very report `sla simulate
// --lenient` gives on the same files: CRM exports with each mapping, JSONL,
// data that does not fit the SLA, and files with bad rows.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  emptyInputError,
  mappingFromText,
  prepareInputs,
  presetMapping,
  type ReplayInput,
  readInputs,
  readOrder,
  ReadInputs,
} from "../../engine/ingest/inputs.ts";
import { PreparedEvents, replayPrepared } from "../../engine/prepared.ts";
import { IngestError } from "../../engine/problems.ts";
import { jsonText } from "../../engine/render/escape.ts";
import { localizeReport } from "../../engine/report.ts";
import type { SimReport } from "../../engine/result.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";
import { sla } from "../run-sla.ts";

const rel = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const SF = rel("fixtures/crm/salesforce/");
const SEMI = rel("fixtures/crm/salesforce-semicolon/");
const HS = rel("fixtures/crm/hubspot/");
const FIT = rel("fixtures/data-fit/");
const EXAMPLE = rel("../specs/examples/inbound/");

const tmp = mkdtempSync(join(tmpdir(), "slacode-inputs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const irOf = (spec: string): IR => {
  const c = compileSource(readFileSync(spec, "utf8"));
  if (!c.ir) throw new Error(`${spec} does not compile`);
  return c.ir;
};

/** A file's text in small chunks (as a browser stream gives it: characters split anywhere). */
function* chunked(path: string, size = 777): Iterable<string> {
  const text = readFileSync(path, "utf8");
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

interface Case {
  spec: string;
  events?: string;
  leads?: string;
  activities?: string;
  history?: string;
  map?: string;
}

/** `sla simulate CASE --lenient --format json`, without the spec version the CLI adds. */
async function cliReport(c: Case): Promise<unknown> {
  const args = [c.spec];
  if (c.events) args.push("--events", c.events);
  if (c.leads) args.push("--leads", c.leads);
  if (c.activities) args.push("--activities", c.activities);
  if (c.history) args.push("--history", c.history);
  if (c.map) args.push("--map", c.map);
  const r = await sla("simulate", ...args, "--lenient", "--format", "json", "--no-progress");
  expect(r.code, r.err).toBe(0);
  const { specVersion: _, ...report } = JSON.parse(r.out);
  return report;
}

function mappingOf(map: string) {
  return presetMapping(map) ?? mappingFromText(readFileSync(map, "utf8"), map);
}

/** The playground's path: read once, prepare, replay the prepared form. */
async function pagePath(c: Case): Promise<SimReport> {
  const ir = irOf(c.spec);
  const inputs: ReplayInput[] = [];
  if (c.events) inputs.push({ kind: "jsonl", file: c.events, chunks: chunked(c.events) });
  const mapping = c.map ? mappingOf(c.map) : null;
  // given in another order than the CLI's: readInputs reads in readOrder
  if (c.activities)
    inputs.push({ kind: "csv-activities", file: c.activities, chunks: chunked(c.activities), mapping: mapping! });
  if (c.leads) inputs.push({ kind: "csv-leads", file: c.leads, chunks: chunked(c.leads), mapping: mapping! });
  if (c.history) inputs.push({ kind: "csv-history", file: c.history, chunks: chunked(c.history), mapping: mapping! });
  const { prepared } = await prepareInputs(ir, inputs, { lenient: true });
  return replayPrepared(ir, prepared);
}

const asJson = (r: SimReport): unknown => JSON.parse(jsonText(localizeReport(r)));

async function expectSameReport(c: Case): Promise<SimReport> {
  const page = await pagePath(c);
  expect(asJson(page)).toEqual(await cliReport(c));
  return page;
}

const salesforce = (dir: string, history = true): Case => ({
  spec: `${SF}inbound.sla`,
  leads: `${dir}leads.csv`,
  activities: `${dir}activities.csv`,
  ...(history ? { history: `${dir}history.csv` } : {}),
  map: `${dir}map.json`,
});

describe("the playground's path gives sla simulate's report", () => {
  it("Salesforce: leads, activities and field history", async () => {
    const r = await expectSameReport(salesforce(SF));
    expect(r.breaches.length).toBeGreaterThan(0);
    expect(r.leads).toBeGreaterThan(0);
  });

  it("Salesforce without the history, and with the bare preset", async () => {
    await expectSameReport(salesforce(SF, false));
    await expectSameReport({ ...salesforce(SF), map: "salesforce" });
  });

  it("Salesforce re-saved with semicolons (delimiter detected, day-first dates, decimal commas)", async () => {
    await expectSameReport(salesforce(SEMI));
  });

  it("HubSpot: contacts, activities and property history, with a mapping file and the preset", async () => {
    const c: Case = {
      spec: `${HS}inbound.sla`,
      leads: `${HS}contacts.csv`,
      activities: `${HS}activities.csv`,
      history: `${HS}property-history.csv`,
      map: `${HS}map.json`,
    };
    await expectSameReport(c);
    await expectSameReport({ ...c, map: "hubspot" });
    await expectSameReport({ ...c, spec: `${HS}inbound-aliases.sla`, map: `${HS}map-owner-ids.json` });
  });

  it("a HubSpot export that does not fit the SLA: the same data-fit notices (EV507 first, EV550)", async () => {
    const r = await expectSameReport({
      spec: `${HS}inbound.sla`,
      leads: `${HS}contacts-other-columns.csv`,
      map: "hubspot",
    });
    const codes = (r.dataFit ?? []).map((w) => w.code);
    expect(codes[0]).toBe("EV507");
    expect(codes).toContain("EV550");
  });

  it("JSONL: the bundled example quarter", async () => {
    await expectSameReport({ spec: `${EXAMPLE}inbound.sla`, events: `${EXAMPLE}events.jsonl` });
  });

  it("JSONL: each data-fit fixture (typos, fields never set, unlisted values, owners in no team, no scope)", async () => {
    for (const f of [
      "ev501-typo",
      "ev502-never-set",
      "ev503-segment",
      "ev504-obligation",
      "ev505-unlisted",
      "ev506-owner",
      "ev507-no-leads",
      "ev507-no-scope",
    ])
      await expectSameReport({ spec: `${FIT}spec.sla`, events: `${FIT}${f}.jsonl` });
  });

  it("JSONL with bad lines, a conflict, duplicates, an event before its lead's creation and one for no lead", async () => {
    const ev = (o: object) => JSON.stringify(o);
    const T = (m: number) => new Date(Date.UTC(2027, 0, 4, 14, m)).toISOString();
    const lines = [
      ev({ id: "t0", at: T(1), type: "touch", lead: "L1" }), // before L1's creation: EV113
      ev({ id: "c1", at: T(2), type: "lead.created", lead: "L1", fields: { source: "demo" } }),
      "not json",
      ev({ id: "c2", at: T(3), type: "lead.created", lead: "L2", fields: { source: "demo", mood: "x" } }),
      ev({ id: "x1", at: T(4), type: "touch", lead: "L1" }),
      ev({ id: "x1", at: T(4), type: "touch", lead: "L1" }), // duplicate
      ev({ id: "x2", at: T(5), type: "touch", lead: "L2" }),
      ev({ id: "x2", at: T(5), type: "touch", lead: "L1" }), // conflict: EV203
      ev({ id: "x3", at: "yesterday", type: "touch", lead: "L1" }),
      ev({ id: "x4", at: T(6), type: "touch", lead: "L9" }), // no such lead: EV201
      ev({ id: "x5", at: T(7), type: "demo.booked", lead: "L1" }), // a type no rule names: ignored
    ];
    const events = join(tmp, "bad.jsonl");
    writeFileSync(events, `${lines.join("\n")}\n`);
    const r = await expectSameReport({ spec: `${FIT}spec.sla`, events });
    expect(Object.keys(r.rejected.byCode).sort()).toEqual(["EV002", "EV106", "EV113", "EV201", "EV203"]);
  });

  it("CSV with bad rows (a bad date, an empty id, a wrong number of cells): the same rejected rows", async () => {
    const lines = readFileSync(`${SF}leads.csv`, "utf8").split(/\r?\n/);
    const bad = [...lines];
    bad[2] = bad[2].replace(/\d+\/\d+\/\d{4}/, "31/31/2026");
    bad[3] = bad[3].replace(/^[^,]+/, "");
    bad.splice(4, 0, "just,three,cells");
    const leads = join(tmp, "leads-bad.csv");
    writeFileSync(leads, bad.join("\n"));
    const r = await expectSameReport({ ...salesforce(SF), leads });
    expect(r.rejected.count).toBeGreaterThanOrEqual(2);
    // (the rejected leads' activities are then events for no lead: rejected in the activities file)
    const inLeads = r.rejected.rows.filter((row) => row.file === leads);
    expect(inLeads.map((row) => row.code).sort()).toEqual(["EV106", "EV302", "EV305"]);
  });
});

describe("readInputs", () => {
  it("reads a field history before its leads whatever the order given", () => {
    const kinds = readOrder([
      { kind: "csv-activities" },
      { kind: "csv-leads" },
      { kind: "csv-history" },
      { kind: "jsonl" },
    ] as const);
    expect(kinds.map((k) => k.kind)).toEqual(["jsonl", "csv-history", "csv-leads", "csv-activities"]);
  });

  it("strict: the first bad row stops the read with its file, line and code", async () => {
    const ir = irOf(`${FIT}spec.sla`);
    const chunks = [`{"id":"a","at":"2027-01-04T14:00:00Z","type":"lead.created","lead":"L1"}\nnot json\n`];
    const err = await readInputs(ir, [{ kind: "jsonl", file: "up.jsonl", chunks }], new ReadInputs(), {
      lenient: false,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect([err.code, err.message]).toEqual(["EV002", expect.stringMatching(/^up\.jsonl:2: /)]);
  });

  it("a wrong mapping for the files is a located error, not a silent zero (a HubSpot export read as Salesforce)", async () => {
    const ir = irOf(`${HS}inbound.sla`);
    const err = await prepareInputs(
      ir,
      [
        {
          kind: "csv-leads",
          file: "contacts.csv",
          chunks: chunked(`${HS}contacts.csv`),
          mapping: presetMapping("salesforce")!,
        },
      ],
      { lenient: true },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(err.code).toBe("EV304");
    expect(err.message).toMatch(/^contacts\.csv:1: none of the columns/);
  });

  it("a mapping file that is not JSON or not a mapping: EV401, EV402", () => {
    expect(() => mappingFromText("{", "m.json")).toThrow(expect.objectContaining({ code: "EV401" }));
    expect(() => mappingFromText('{"extends":"salesfroce"}', "m.json")).toThrow(
      expect.objectContaining({ code: "EV402" }),
    );
    expect(presetMapping("pipedrive")).toBeNull();
  });

  it("a file past maxChars stops with EV115 as soon as the limit is passed", async () => {
    const ir = irOf(`${FIT}spec.sla`);
    let served = 0;
    function* endless(): Iterable<string> {
      for (;;) {
        served++;
        yield `{"id":"a${served}","at":"2027-01-04T14:00:00Z","type":"lead.created","lead":"L${served}"}\n`;
      }
    }
    const err = await prepareInputs(ir, [{ kind: "jsonl", file: "big.jsonl", chunks: endless() }], {
      lenient: true,
      maxChars: 10_000,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect([err.code, err.file]).toEqual(["EV115", "big.jsonl"]);
    expect(served).toBeLessThan(200);
  });
});

describe("emptyInputError: no silent zero from an upload", () => {
  const ir = irOf(`${FIT}spec.sla`);
  const read = async (inputs: ReplayInput[]) => {
    const { prepared, stats } = await prepareInputs(ir, inputs, { lenient: true });
    return emptyInputError(stats, prepared.meta.rejected);
  };

  it("an empty JSONL file, one of blank lines", async () => {
    expect((await read([{ kind: "jsonl", file: "e.jsonl", chunks: [] }]))?.message).toBe(
      "e.jsonl: no events (the file is empty)",
    );
    expect((await read([{ kind: "jsonl", file: "e.jsonl", chunks: ["\n\n"] }]))?.message).toBe(
      "e.jsonl: no events (only blank lines)",
    );
  });

  it("every line rejected: says how many and shows the first", async () => {
    const e = await read([{ kind: "jsonl", file: "e.jsonl", chunks: ["nope\n{}\n"] }]);
    expect(e?.code).toBe("EV114");
    expect(e?.message).toMatch(/^e\.jsonl: no events: all 2 lines were rejected \(the first, line 1: EV002 /);
  });

  it("a leads CSV with only its header; an empty CSV is EV303 already", async () => {
    const mapping = presetMapping("salesforce")!;
    const header = readFileSync(`${SF}leads.csv`, "utf8").split("\n")[0];
    const sfIr = irOf(`${SF}inbound.sla`);
    const r = await prepareInputs(sfIr, [{ kind: "csv-leads", file: "l.csv", chunks: [`${header}\n`], mapping }], {
      lenient: true,
    });
    expect(emptyInputError(r.stats, r.prepared.meta.rejected)?.message).toBe("l.csv: no rows (only a header row)");
    const empty = await prepareInputs(sfIr, [{ kind: "csv-leads", file: "l.csv", chunks: [""], mapping }], {
      lenient: true,
    }).catch((e) => e);
    expect(empty.code).toBe("EV303");
  });

  it("data that gives events: no error", async () => {
    const e = await read([{ kind: "jsonl", file: "ok.jsonl", chunks: chunked(`${FIT}ev502-never-set.jsonl`) }]);
    expect(e).toBeNull();
  });
});

describe("the prepared form keeps the reading's findings", () => {
  it("serializes and deserializes them (ignored rows, data-fit findings, rejected rows at their files)", async () => {
    const c = salesforce(SF);
    const ir = irOf(c.spec);
    const mapping = mappingOf(c.map!);
    const { prepared } = await prepareInputs(
      ir,
      [
        { kind: "csv-history", file: "history.csv", chunks: chunked(c.history!), mapping },
        { kind: "csv-leads", file: "leads.csv", chunks: chunked(c.leads!), mapping },
        { kind: "csv-activities", file: "activities.csv", chunks: chunked(c.activities!), mapping },
      ],
      { lenient: true },
    );
    expect(prepared.meta.dataFit?.map((w) => w.code)).toContain("EV551");
    const again = PreparedEvents.deserialize(prepared.serialize());
    expect(asJson(replayPrepared(ir, again))).toEqual(asJson(replayPrepared(ir, prepared)));
  });
});
