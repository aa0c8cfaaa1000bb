// The Data tab's worker side, called as the worker does (Session methods with
// File objects): an upload gives `sla simulate`'s report, roles and presets are
// guessed from names and headers, and every problem comes back located with
// its code (never a silent zero, never a hang).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { presetMapping } from "../../engine/ingest/inputs.ts";
import { jsonText } from "../../engine/render/escape.ts";
import { localizeReport } from "../../engine/report.ts";
import type { SimReport } from "../../engine/result.ts";
import { compileSource } from "../../language/compile.ts";
import type { LoadDataResult } from "../../playground/src/data/data-api.ts";
import { fileChunks, fileHead } from "../../playground/src/data/file-text.ts";
import type { UploadFile } from "../../playground/src/data/upload-source.ts";
import { UploadSource } from "../../playground/src/data/upload-source.ts";
import { dataFitItems } from "../../playground/src/data-fit-view.ts";
import { GeneratedSource } from "../../playground/src/simulator.ts";
import { Session } from "../../playground/src/worker/session.ts";
import { sla } from "../run-sla.ts";

const rel = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const SF = rel("fixtures/crm/salesforce/");
const HS = rel("fixtures/crm/hubspot/");
const FIT = rel("fixtures/data-fit/");
const DATA = { seed: 42, leads: 300, start: "2027-01-01", months: 3 };

/** A File as the page has it: the name only (no path), the bytes of the fixture. */
const file = (path: string, name = path.split("/").pop()!) => new File([readFileSync(path)], name);
const text = (content: string, name: string) => new File([content], name);

async function session(spec: string): Promise<Session> {
  const s = new Session(new GeneratedSource(DATA));
  expect(s.check(readFileSync(spec, "utf8"), 1).ok).toBe(true);
  return s;
}

async function report(s: Session, version = 1): Promise<SimReport> {
  const r = await s.simulate(version);
  if (r.status !== "done") throw new Error(JSON.stringify(r));
  return r.report;
}

function loaded(r: LoadDataResult) {
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

function failed(r: LoadDataResult) {
  if (r.ok) throw new Error(`loaded: ${r.data.label}`);
  return r.error;
}

/** `sla simulate` on the files of `dir`, named as the page names them (without the folder). */
async function cli(dir: string, ...args: string[]): Promise<unknown> {
  const abs = args.map((a) => (/\.(sla|csv|json|jsonl)$/.test(a) ? `${dir}${a}` : a));
  const r = await sla("simulate", ...abs, "--lenient", "--format", "json", "--no-progress");
  expect(r.code, r.err).toBe(0);
  const { specVersion: _, ...rest } = JSON.parse(r.out.replaceAll(JSON.stringify(dir).slice(1, -1), ""));
  return rest;
}

const asJson = (r: SimReport) => JSON.parse(jsonText(localizeReport(r)));

const salesforceFiles = (): UploadFile[] => [
  { role: "leads", file: file(`${SF}leads.csv`) },
  { role: "activities", file: file(`${SF}activities.csv`) },
  { role: "history", file: file(`${SF}history.csv`) },
];

describe("an upload replays as sla simulate does", () => {
  it("Salesforce export with the mapping file: the CLI's report, and the summary's counts", async () => {
    const s = await session(`${SF}inbound.sla`);
    const info = loaded(await s.loadData(salesforceFiles(), { file: file(`${SF}map.json`) }));
    expect(info.kind).toBe("upload");
    expect(info.label).toBe("leads.csv + activities.csv + history.csv (map.json)");
    const r = await report(s);
    const expected = await cli(
      SF,
      "inbound.sla",
      "--leads",
      "leads.csv",
      "--activities",
      "activities.csv",
      "--history",
      "history.csv",
      "--map",
      "map.json",
    );
    expect(asJson(r)).toEqual(expected);
    expect(r.breaches.length).toBeGreaterThan(0);
    const up = s.dataInfo().upload!;
    expect(up.leads).toBe(r.leads);
    expect(up.files.map((f) => [f.name, f.role])).toEqual([
      ["leads.csv", "leads"],
      ["activities.csv", "activities"],
      ["history.csv", "history"],
    ]);
    expect(up.files.every((f) => f.events > 0)).toBe(true);
    // rows the export has that no mapping rule uses are said, with the results
    expect(
      dataFitItems(r)
        .filter((i) => i.tone === "ignored")
        .map((i) => i.code),
    ).toEqual(["EV306", "EV308"]);
  });

  it("HubSpot export with the preset, and a JSONL file (gzipped too)", async () => {
    const h = await session(`${HS}inbound.sla`);
    loaded(
      await h.loadData(
        [
          { role: "leads", file: file(`${HS}contacts.csv`) },
          { role: "activities", file: file(`${HS}activities.csv`) },
          { role: "history", file: file(`${HS}property-history.csv`) },
        ],
        { preset: "hubspot" },
      ),
    );
    expect(h.dataInfo().label).toBe("contacts.csv + activities.csv + property-history.csv (HubSpot)");
    expect(asJson(await report(h))).toEqual(
      await cli(
        HS,
        "inbound.sla",
        "--leads",
        "contacts.csv",
        "--activities",
        "activities.csv",
        "--history",
        "property-history.csv",
        "--map",
        "hubspot",
      ),
    );

    const j = await session(`${FIT}spec.sla`);
    loaded(await j.loadData([{ role: "events", file: file(`${FIT}ev505-unlisted.jsonl`) }], null));
    const expected = await cli(FIT, "spec.sla", "--events", "ev505-unlisted.jsonl");
    expect(asJson(await report(j))).toEqual(expected);
    const gz = new File([gzipSync(readFileSync(`${FIT}ev505-unlisted.jsonl`))], "ev505-unlisted.jsonl.gz");
    loaded(await j.loadData([{ role: "events", file: gz }], null));
    const fromGz = asJson(await report(j));
    expect(fromGz.rejected).toEqual((expected as SimReport).rejected);
    expect(fromGz.breaches).toEqual((expected as SimReport).breaches);
  });

  it("prepares once per field declarations: an edit of a window replays the cached events", async () => {
    const s = await session(`${SF}inbound.sla`);
    loaded(await s.loadData(salesforceFiles(), { preset: "salesforce" }));
    const first = await s.simulate(1);
    expect(first.status === "done" && first.prepared).toBe(false); // prepared by loadData
    const spec = readFileSync(`${SF}inbound.sla`, "utf8");
    const edited = spec.replace(/within (\d+)([mh])/, (_, n, u) => `within ${Number(n) * 2}${u}`);
    expect(edited).not.toBe(spec);
    s.check(edited, 2);
    const second = await s.simulate(2);
    expect(second.status === "done" && second.prepared).toBe(false);
  });

  it("one reading per field declarations, even when asked twice at once; a failed reading is not kept", async () => {
    const ir = compileSource(readFileSync(`${SF}inbound.sla`, "utf8")).ir!;
    const src = new UploadSource(
      [
        { role: "leads", file: file(`${SF}leads.csv`) },
        { role: "activities", file: file(`${SF}activities.csv`) },
      ],
      { mapping: presetMapping("salesforce")!, label: "Salesforce" },
    );
    const [a, b] = await Promise.all([src.prepare(ir), src.prepare(ir)]);
    expect(a).toBe(b);
    const bad = new UploadSource([{ role: "events", file: text("", "e.jsonl") }], null);
    await expect(bad.prepare(ir)).rejects.toMatchObject({ code: "EV114" });
    await expect(bad.prepare(ir)).rejects.toMatchObject({ code: "EV114" });
  });

  it("loaded while the SLA has errors: read when it compiles again (problems then come with the replay)", async () => {
    const s = new Session(new GeneratedSource(DATA));
    expect(s.check('sla "x" {', 1).ok).toBe(false);
    const info = loaded(await s.loadData(salesforceFiles(), { preset: "salesforce" }));
    expect([info.kind, info.upload]).toEqual(["upload", undefined]);
    s.check(readFileSync(`${SF}inbound.sla`, "utf8"), 2);
    const r = await s.simulate(2);
    expect(r.status === "done" && [r.data.kind, r.report.leads]).toEqual(["upload", 6]);
    expect(s.dataInfo().upload?.leads).toBe(6);
  });

  it("use the generated sample again", async () => {
    const s = await session(`${SF}inbound.sla`);
    loaded(await s.loadData(salesforceFiles(), { preset: "salesforce" }));
    expect(s.useGenerated().kind).toBe("generated");
    const r = await s.simulate(1);
    expect(r.status === "done" && r.data.kind).toBe("generated");
  });
});

describe("data that does not fit, or bad rows: shown with the results", () => {
  it("a spec that does not fit the export: the data-fit notices reach the results list", async () => {
    const s = await session(`${HS}inbound.sla`);
    loaded(await s.loadData([{ role: "leads", file: file(`${HS}contacts-other-columns.csv`) }], { preset: "hubspot" }));
    const items = dataFitItems(await report(s));
    expect(items[0]).toMatchObject({ code: "EV507", tone: "why" });
    expect(items.map((i) => i.code)).toContain("EV550");
  });

  it("bad rows are listed with file:line, code and reason; the rest replays", async () => {
    const lines = readFileSync(`${SF}leads.csv`, "utf8").split("\n");
    lines[2] = lines[2].replace(/\d+\/\d+\/\d{4}/, "31/31/2026");
    const s = await session(`${SF}inbound.sla`);
    loaded(await s.loadData([{ role: "leads", file: text(lines.join("\n"), "leads.csv") }], { preset: "salesforce" }));
    const r = await report(s);
    expect(r.rejected.rows[0]).toMatchObject({ code: "EV106", file: "leads.csv", line: 3 });
    expect(s.dataInfo().upload!.rejected.rows[0]).toMatchObject({ code: "EV106", line: 3 });
    const items = dataFitItems(r).filter((i) => i.tone === "rejected");
    expect(items[0].text).toBe("1 row rejected (EV106 1), not replayed:");
    expect(items[1]).toMatchObject({ code: "EV106", text: expect.stringMatching(/^leads\.csv:3: /) });
  });
});

describe("problems come back located, and the data stays as it was", () => {
  it("a HubSpot export read with the Salesforce preset: the missing column, at file:line", async () => {
    const s = await session(`${HS}inbound.sla`);
    const e = failed(await s.loadData([{ role: "leads", file: file(`${HS}contacts.csv`) }], { preset: "salesforce" }));
    expect(e).toMatchObject({ code: "EV304", file: "contacts.csv", line: 1 });
    expect(e.message).toMatch(/^contacts\.csv:1: none of the columns "Lead ID"/);
    expect(s.dataInfo().kind).toBe("generated");
  });

  it("a mapping file that is not JSON (EV401) or not a mapping (EV402)", async () => {
    const s = await session(`${SF}inbound.sla`);
    expect(failed(await s.loadData(salesforceFiles(), { file: text("{", "map.json") })).code).toBe("EV401");
    expect(
      failed(await s.loadData(salesforceFiles(), { file: text('{"extends":"salesfroce"}', "map.json") })).code,
    ).toBe("EV402");
  });

  it("an empty file, a JSONL file whose every line is bad, a CSV with only its header (EV114, EV303)", async () => {
    const s = await session(`${FIT}spec.sla`);
    expect(failed(await s.loadData([{ role: "events", file: text("", "e.jsonl") }], null)).message).toBe(
      "e.jsonl: no events (the file is empty)",
    );
    const bad = failed(await s.loadData([{ role: "events", file: text("{oops\nnope\n", "e.jsonl") }], null));
    expect(bad.code).toBe("EV114");
    expect(bad.message).toMatch(/^e\.jsonl: no events: all 2 lines were rejected \(the first, line 1: EV002 /);
    const sf = await session(`${SF}inbound.sla`);
    const header = readFileSync(`${SF}leads.csv`, "utf8").split("\n")[0];
    expect(
      failed(await sf.loadData([{ role: "leads", file: text(`${header}\n`, "leads.csv") }], { preset: "salesforce" }))
        .code,
    ).toBe("EV114");
    expect(
      failed(await sf.loadData([{ role: "leads", file: text("", "leads.csv") }], { preset: "salesforce" })).code,
    ).toBe("EV303");
  });

  it("a file larger than the page holds: EV115 before reading (and while reading a .gz)", async () => {
    const ir = compileSource(readFileSync(`${FIT}spec.sla`, "utf8")).ir!;
    const big = file(`${FIT}ev505-unlisted.jsonl`);
    const err = await new UploadSource([{ role: "events", file: big }], null, 100).prepare(ir).catch((e) => e);
    expect([err.code, err.file]).toEqual(["EV115", "ev505-unlisted.jsonl"]);
    const gz = new File([gzipSync(readFileSync(`${FIT}ev505-unlisted.jsonl`))], "x.jsonl.gz");
    const err2 = await new UploadSource([{ role: "events", file: gz }], null, 100).prepare(ir).catch((e) => e);
    expect([err2.code, err2.file]).toEqual(["EV115", "x.jsonl.gz"]);
  });

  it("a choice of files that cannot work says what to do", async () => {
    const s = await session(`${SF}inbound.sla`);
    expect(failed(await s.loadData([], null)).message).toMatch(/^Choose a file/);
    expect(
      failed(await s.loadData([{ role: "activities", file: file(`${SF}activities.csv`) }], { preset: "salesforce" }))
        .message,
    ).toMatch(/activities\.csv needs the export's leads file/);
    expect(failed(await s.loadData([{ role: "leads", file: file(`${SF}leads.csv`) }], null)).message).toMatch(
      /needs a mapping/,
    );
    expect(
      failed(
        await s.loadData(
          [
            { role: "leads", file: file(`${SF}leads.csv`) },
            { role: "leads", file: file(`${SF}history.csv`) },
          ],
          { preset: "salesforce" },
        ),
      ).message,
    ).toMatch(/are both "leads"/);
  });
});

describe("guessing what the files are", () => {
  it("Salesforce and HubSpot exports by their headers; JSONL by its first line", async () => {
    const s = new Session();
    const sf = await s.guessData([file(`${SF}history.csv`), file(`${SF}activities.csv`), file(`${SF}leads.csv`)]);
    expect(sf.files.map((f) => f.role)).toEqual(["history", "activities", "leads"]);
    expect(sf.preset).toBe("salesforce");
    const hs = await s.guessData([
      file(`${HS}contacts.csv`),
      file(`${HS}activities.csv`),
      file(`${HS}property-history.csv`),
    ]);
    expect(hs.files.map((f) => f.role)).toEqual(["leads", "activities", "history"]);
    expect(hs.preset).toBe("hubspot");
    const semi = await s.guessData([file(rel("fixtures/crm/salesforce-semicolon/leads.csv"), "export.csv")]);
    expect(semi.files[0]).toMatchObject({ role: "leads", because: "Salesforce columns" });
    const j = await s.guessData([text('{"id":"a"}\n', "export.txt")]);
    expect(j.files[0]).toMatchObject({ role: "events", because: "JSON lines" });
    expect(j.preset).toBeNull();
  });

  it("unknown headers: the file name decides, else leads", async () => {
    const s = new Session();
    const g = await s.guessData([
      text("a,b\n", "Task export.csv"),
      text("a,b\n", "whatever.csv"),
      text('"unterminated\n', "x.csv"),
    ]);
    expect(g.files.map((f) => [f.role, f.because])).toEqual([
      ["activities", "file name"],
      ["leads", "default"],
      ["leads", "default"],
    ]);
  });
});

describe("file text", () => {
  it("chunks decode UTF-8 split anywhere; the head of a .gz is its text", async () => {
    const s = "é€😀\n".repeat(50_000);
    let out = "";
    for await (const c of fileChunks(text(s, "a.jsonl"))) out += c;
    expect(out).toBe(s);
    expect(await fileHead(new File([gzipSync(Buffer.from(s))], "a.jsonl.gz"), 10)).toBe(s.slice(0, 10));
  });
});
