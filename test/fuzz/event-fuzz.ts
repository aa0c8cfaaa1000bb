// The event fuzzer: bundled events (JSONL) and CRM exports (CSV) mutated line
// by line and value by value, then read and replayed in strict and lenient
// mode. Allowed outcomes: a report, or the one documented exception for bad
// input, IngestError with a known EV code (strict mode; in lenient mode only
// for a whole file that can't be read, e.g. a CSV header the mapping cannot
// use). Lenient reads must account for every line.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { SlaEvent } from "../../engine/events.ts";
import { parseCsvText } from "../../engine/ingest/csv.ts";
import type { Rejected } from "../../engine/ingest/errors.ts";
import { csvActivityEvents, csvLeadEvents, loadMapping, PRESETS } from "../../engine/ingest/mapping.ts";
import { JsonlFeed } from "../../engine/jsonl-feed.ts";
import { prepareEvents, replayPrepared } from "../../engine/prepared.ts";
import { EV_CODES, IngestError } from "../../engine/problems.ts";
import { renderHtml } from "../../engine/render/html.ts";
import { renderMarkdown } from "../../engine/render/markdown.ts";
import { renderTable } from "../../engine/render/table.ts";
import type { SimReport } from "../../engine/result.ts";
import { Simulation } from "../../engine/simulate.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";
import { HUGE_NUMBERS, PROTOTYPE_NAMES, pick, type Rng, randomChars } from "./mutate.ts";
import { type Failure, nanPaths } from "./spec-fuzz.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const read = (p: string) => readFileSync(ROOT + p, "utf8");

// ---------------------------------------------------------------------------
// JSONL

let jsonlBase: { ir: IR; lines: string[] } | undefined;
/** inbound.sla and the first lines of its bundled quarter of events. */
export function jsonlCorpus(): { ir: IR; lines: string[] } {
  if (!jsonlBase) {
    const ir = compileSource(read("specs/examples/inbound/inbound.sla")).ir!;
    const lines = read("specs/examples/inbound/events.jsonl").split("\n").slice(0, 4000);
    jsonlBase = { ir, lines };
  }
  return jsonlBase;
}

const BAD_TIMES: readonly unknown[] = [
  "2027-02-30T00:00:00Z",
  "2027-01-01T25:00:00Z",
  "2027-01-01T00:00:00+25:00",
  "2027-01-01",
  "2027-01-01 10:00",
  "0999-06-01T00:00:00Z",
  "0001-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "+275760-09-13T00:00:01Z",
  "-000001-01-01T00:00:00Z",
  "",
  " ",
  0,
  -1,
  1e20,
  1797000000000,
  null,
  true,
  [],
  {},
];

const VALUES: readonly unknown[] = [null, true, false, 0, -1, 1.5, "", "x", [], {}, [1, 2], { a: 1 }, "L1", "touch"];

type JsonMutator = (lines: string[], rng: Rng) => void;

const lineAt = (lines: string[], rng: Rng) => rng.int(Math.max(1, lines.length));

/** Parses line i (null when it is not an object) and writes back what `edit` returns. */
function editLine(lines: string[], rng: Rng, edit: (o: Record<string, unknown>) => string | undefined): void {
  const i = lineAt(lines, rng);
  let o: unknown;
  try {
    o = JSON.parse(lines[i] ?? "");
  } catch {
    return;
  }
  if (!o || typeof o !== "object" || Array.isArray(o)) return;
  let text: string | undefined;
  try {
    text = edit(o as Record<string, unknown>);
  } catch {
    return; // a line nested too deeply for JSON.stringify (an earlier mutation): left as it is
  }
  if (text !== undefined) lines[i] = text;
}

/** A key of the event or of its fields, as a path. */
function someKey(o: Record<string, unknown>, rng: Rng): string[] {
  const f = o.fields;
  if (f && typeof f === "object" && !Array.isArray(f) && rng.chance(0.4)) {
    const keys = Object.keys(f);
    if (keys.length) return ["fields", pick(rng, keys)];
  }
  return [pick(rng, Object.keys(o).length ? Object.keys(o) : ["id"])];
}

function setPath(o: Record<string, unknown>, path: string[], v: unknown): void {
  let t = o;
  for (const k of path.slice(0, -1)) t = t[k] as Record<string, unknown>;
  t[path[path.length - 1]] = v;
}

/** JSON text of `o` with the value at `path` set to `v`. */
function withValue(o: Record<string, unknown>, path: string[], v: unknown): string {
  setPath(o, path, v);
  return JSON.stringify(o);
}

/** JSON text with `marker` replaced by raw JSON text (for numbers JSON.stringify cannot write). */
function withRaw(o: Record<string, unknown>, path: string[], raw: string): string {
  const marker = "\u0000RAW\u0000";
  setPath(o, path, marker);
  return JSON.stringify(o).replace(JSON.stringify(marker), raw);
}

const JSONL_MUTATORS: Record<string, JsonMutator> = {
  truncateLine: (l, r) => {
    const i = lineAt(l, r);
    l[i] = (l[i] ?? "").slice(0, r.int((l[i] ?? "").length + 1));
  },
  truncateFile: (l, r) => {
    const n = r.int(l.length + 1);
    l.length = n;
    const last = l[n - 1] ?? "";
    if (n > 0) l[n - 1] = last.slice(0, r.int(last.length + 1));
  },
  typeSwap: (l, r) => editLine(l, r, (o) => withValue(o, someKey(o, r), pick(r, VALUES))),
  hugeValue: (l, r) =>
    editLine(l, r, (o) =>
      r.chance(0.3)
        ? withValue(o, someKey(o, r), "x".repeat(r.chance(0.05) ? 1_000_000 : pick(r, [1000, 30_000])))
        : withRaw(o, someKey(o, r), pick(r, HUGE_NUMBERS)),
    ),
  deepNesting: (l, r) =>
    editLine(l, r, (o) => {
      const depth = pick(r, [10, 100, 1000, 5000, 20000]);
      const [open, close] = r.chance(0.5) ? ["[", "]"] : ['{"a":', "}"];
      return withRaw(o, someKey(o, r), open.repeat(depth) + "1" + close.repeat(depth));
    }),
  invalidDate: (l, r) =>
    editLine(l, r, (o) => {
      setPath(o, [r.chance(0.8) || o.until === undefined ? "at" : "until"], pick(r, BAD_TIMES));
      return JSON.stringify(o);
    }),
  prototypeKey: (l, r) =>
    editLine(l, r, (o) => {
      const name = pick(r, PROTOTYPE_NAMES);
      const where = r.int(4);
      if (where === 0) return JSON.stringify(o).replace(/^\{/, `{"${name}":${JSON.stringify(pick(r, VALUES))},`);
      if (where === 1 && o.fields && typeof o.fields === "object")
        return JSON.stringify(o).replace(/"fields":\{/, `"fields":{"${name}":${JSON.stringify(pick(r, VALUES))},`);
      setPath(o, [pick(r, ["lead", "type", "id", "by", "owner", "channel", "rep"])], name);
      return JSON.stringify(o);
    }),
  bom: (l) => void (l[0] = "\ufeff" + (l[0] ?? "")),
  crlf: (l, r) => {
    const all = r.chance(0.5);
    for (let i = 0; i < l.length; i++) if (all || r.chance(0.2)) l[i] += "\r";
  },
  duplicate: (l, r) => {
    const i = lineAt(l, r);
    l.splice(i + r.int(3), 0, l[i] ?? "");
  },
  conflictingDuplicate: (l, r) =>
    editLine(l, r, (o) => {
      const copy: Record<string, unknown> = { ...o, lead: r.chance(0.5) ? o.lead : "L999999" };
      if (copy.type === "touch") copy.by = "someone-else";
      return `${JSON.stringify(o)}\n${JSON.stringify(copy)}`;
    }),
  swapLines: (l, r) => {
    const i = lineAt(l, r),
      j = lineAt(l, r);
    if (i < l.length && j < l.length) [l[i], l[j]] = [l[j], l[i]];
  },
  removeKey: (l, r) =>
    editLine(l, r, (o) => {
      const path = someKey(o, r);
      let t = o;
      for (const k of path.slice(0, -1)) t = t[k] as Record<string, unknown>;
      delete t[path[path.length - 1]];
      return JSON.stringify(o);
    }),
  unknownType: (l, r) =>
    editLine(l, r, (o) => {
      o.type = pick(r, ["Touch", "lead.deleted", "x.y", "a..b", ".x", "lead.created.", "🙂", "custom_thing"]);
      return JSON.stringify(o);
    }),
  randomBytes: (l, r) => {
    const i = lineAt(l, r);
    const s = l[i] ?? "";
    const at = r.int(s.length + 1);
    l[i] = s.slice(0, at) + randomChars(r, 1 + r.int(6)) + s.slice(at);
  },
  blankLines: (l, r) => void l.splice(lineAt(l, r), 0, pick(r, ["", " ", "\t", "\r", "  \t "])),
  notAnObject: (l, r) => void (l[lineAt(l, r)] = pick(r, ["[]", "1", '"x"', "null", "true", "{}", "[{}]"])),
};
export const JSONL_MUTATORS_NAMES = Object.keys(JSONL_MUTATORS);

/** A mutated JSONL text: a window of the bundled events, 1-4 mutations. */
export function mutateJsonl(rng: Rng): { text: string; mutations: string[]; chunk: number } {
  const { lines } = jsonlCorpus();
  const n = 5 + rng.int(rng.chance(0.2) ? 400 : 60);
  const from = rng.chance(0.5) ? 0 : rng.int(lines.length - n);
  const l = lines.slice(from, from + n);
  const mutations: string[] = [];
  for (let k = 1 + rng.int(4); k > 0; k--) {
    const m = pick(rng, JSONL_MUTATORS_NAMES);
    mutations.push(m);
    JSONL_MUTATORS[m](l, rng);
  }
  // the size of the chunks the text is read in (lines cross chunk boundaries)
  const chunk = 1 + rng.int(rng.chance(0.5) ? 64 : 8192);
  return { text: l.join("\n") + (rng.chance(0.8) ? "\n" : ""), mutations, chunk };
}

/** The documented exception: an IngestError with a code of the table (specs/errors.md). */
function documented(e: unknown): boolean {
  return e instanceof IngestError && e.code in EV_CODES && e.line >= 0;
}

function thrown(stage: string, e: unknown): Failure {
  return e instanceof Error
    ? { stage, message: `${e.name}: ${e.message.slice(0, 300)}`, stack: e.stack }
    : { stage, message: `threw ${String(e)}` };
}

/** Problems in a finished report: NaN anywhere, or a renderer that fails. */
function checkReport(stage: string, r: SimReport): Failure[] {
  const out: Failure[] = [];
  const nan = nanPaths(r);
  if (nan.length) out.push({ stage, message: `NaN in the report at ${nan.slice(0, 3).join(", ")}` });
  for (const [name, render] of [
    ["table", renderTable],
    ["markdown", renderMarkdown],
    ["html", renderHtml],
  ] as const) {
    try {
      const s = render(r);
      if (/NaN|Invalid Date|undefined/.test(s.replace(/undefined-behaviour/g, "")))
        out.push({ stage: `${stage} render ${name}`, message: "NaN, Invalid Date or undefined in the output" });
    } catch (e) {
      out.push(thrown(`${stage} render ${name}`, e));
    }
  }
  return out;
}

const isBlank = (s: string) => /^[ \t\r]*$/.test(s);

/** Streaming replay (the CLI's path) in random chunk sizes. */
function streamed(ir: IR, text: string, lenient: boolean, size: number) {
  const sim = new Simulation(ir, { lenient });
  let accepted = 0;
  let rejected = 0;
  const push = sim.push.bind(sim);
  sim.push = (e, file, line) => {
    accepted++;
    push(e, file, line);
  };
  const reject = sim.reject.bind(sim);
  sim.reject = (row) => {
    rejected++;
    reject(row);
  };
  const feed = new JsonlFeed(ir, sim, "events.jsonl", lenient);
  for (let i = 0; i < text.length; i += size) feed.chunk(text.slice(i, i + size));
  feed.end();
  return { report: sim.finish(), accepted, rejected };
}

/** Reads and replays one JSONL text both ways, strict and lenient; the problems found. */
export async function checkJsonl(text: string, chunk: number): Promise<Failure[]> {
  const { ir } = jsonlCorpus();
  const failures: Failure[] = [];
  // strict: a report or a located error
  try {
    failures.push(...checkReport("strict", streamed(ir, text, false, chunk).report));
  } catch (e) {
    if (!documented(e)) failures.push(thrown("strict replay", e));
  }
  // lenient: always a report, every line accounted for
  let lenient: ReturnType<typeof streamed> | undefined;
  try {
    lenient = streamed(ir, text, true, chunk);
  } catch (e) {
    failures.push(thrown("lenient replay", e));
  }
  if (lenient) {
    failures.push(...checkReport("lenient", lenient.report));
    // a leading BOM is not part of the first line (every reader drops it)
    const lines = (text.startsWith("\ufeff") ? text.slice(1) : text).split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    const nonBlank = lines.filter((l) => !isBlank(l)).length;
    if (lenient.accepted + lenient.rejected !== nonBlank)
      failures.push({
        stage: "lenient accounting",
        message: `accepted ${lenient.accepted} + rejected ${lenient.rejected} != ${nonBlank} non-blank lines`,
      });
  }
  // the prepared form (--cache) reads the same text to the same report
  try {
    const p = await prepareEvents(ir, [text], { file: "events.jsonl", lenient: true });
    const r = replayPrepared(ir, p);
    if (lenient && JSON.stringify(r) !== JSON.stringify(lenient.report))
      failures.push({ stage: "prepared vs streaming", message: "lenient reports differ" });
  } catch (e) {
    failures.push(thrown("prepared lenient", e));
  }
  try {
    await prepareEvents(ir, [text], { file: "events.jsonl", lenient: false });
  } catch (e) {
    if (!documented(e)) failures.push(thrown("prepared strict", e));
  }
  return failures;
}

// ---------------------------------------------------------------------------
// CSV

const CSV_IR: Pick<IR, "fields"> = {
  fields: {
    source: { type: "enum", values: ["demo", "trial", "webinar", "whitepaper"] },
    employees: { type: "number" },
    title: { type: "text" },
    arr: { type: "money" },
    status: { type: "text" },
  },
};

let csvBase: { leads: string; activities: string; mapping: ReturnType<typeof loadMapping> } | undefined;
export function csvCorpus() {
  csvBase ??= {
    leads: read("test/fixtures/ingest/leads.csv"),
    activities: read("test/fixtures/ingest/activities.csv"),
    mapping: loadMapping(JSON.parse(read("test/fixtures/ingest/map.json")), PRESETS, "map.json"),
  };
  return csvBase;
}

const CELLS: readonly string[] = [
  "",
  '"',
  '""',
  '"a""b"',
  "1/32/2027, 9:00 AM",
  "13/1/2027, 9:00 AM",
  "2027-02-30 10:00",
  "0999-01-01",
  "9999-12-31 23:59",
  "1e309",
  "-1",
  "NaN",
  "Infinity",
  "$1,000,000,000,000,000,000",
  "1,2,3",
  "x".repeat(100_000),
  "\u0000",
  "\ufeff",
  "\r",
  "\n",
  "😀",
];

type CsvMutator = (rows: string[], rng: Rng) => void;
const rowAt = (rows: string[], rng: Rng) => rng.int(Math.max(1, rows.length));

const CSV_MUTATORS: Record<string, CsvMutator> = {
  truncate: (rows, r) => {
    const i = rowAt(rows, r);
    rows.length = i + 1;
    rows[i] = (rows[i] ?? "").slice(0, r.int((rows[i] ?? "").length + 1));
  },
  cell: (rows, r) => {
    const i = 1 + rowAt(rows.slice(1), r);
    const cells = (rows[i] ?? "").split(",");
    const v = r.chance(0.3) ? pick(r, PROTOTYPE_NAMES) : pick(r, CELLS);
    cells[r.int(cells.length)] = r.chance(0.5) ? `"${v.replace(/"/g, '""')}"` : v;
    rows[i] = cells.join(",");
  },
  header: (rows, r) => {
    const cells = (rows[0] ?? "").split(",");
    const i = r.int(cells.length);
    const k = r.int(4);
    if (k === 0) cells.splice(i, 1);
    else if (k === 1) cells.splice(i, 0, cells[i]);
    else if (k === 2) cells[i] = pick(r, PROTOTYPE_NAMES);
    else cells[i] = cells[i].toUpperCase();
    rows[0] = cells.join(",");
  },
  duplicateRow: (rows, r) => {
    const i = rowAt(rows, r);
    rows.splice(i, 0, rows[i] ?? "");
  },
  extraColumns: (rows, r) => void (rows[rowAt(rows, r)] += ",".repeat(1 + r.int(5)) + "x"),
  missingColumns: (rows, r) => {
    const i = rowAt(rows, r);
    rows[i] = (rows[i] ?? "").split(",").slice(0, r.int(3)).join(",");
  },
  bom: (rows) => void (rows[0] = "\ufeff" + (rows[0] ?? "")),
  crlf: (rows) => {
    for (let i = 0; i < rows.length; i++) rows[i] += "\r";
  },
  randomBytes: (rows, r) => {
    const i = rowAt(rows, r);
    const s = rows[i] ?? "";
    const at = r.int(s.length + 1);
    rows[i] = s.slice(0, at) + randomChars(r, 1 + r.int(5)) + s.slice(at);
  },
  blank: (rows, r) => void rows.splice(rowAt(rows, r), 0, pick(r, ["", ",,,", " "])),
  manyRows: (rows, r) => {
    const body = rows.slice(1);
    for (let k = r.int(200); k > 0; k--) rows.push(pick(r, body.length ? body : [""]));
  },
};
export const CSV_MUTATOR_NAMES = Object.keys(CSV_MUTATORS);

export type CsvKind = "leads" | "activities";

export function mutateCsv(rng: Rng): { kind: CsvKind; text: string; mutations: string[] } {
  const c = csvCorpus();
  const kind: CsvKind = rng.chance(0.5) ? "leads" : "activities";
  const rows = (kind === "leads" ? c.leads : c.activities).replace(/\n$/, "").split("\n");
  const mutations: string[] = [];
  for (let k = 1 + rng.int(3); k > 0; k--) {
    const m = pick(rng, CSV_MUTATOR_NAMES);
    mutations.push(m);
    CSV_MUTATORS[m](rows, rng);
  }
  return { kind, text: rows.join("\n") + "\n", mutations };
}

/** Reads one CSV export strict and lenient, replays what it gives; the problems found. */
export async function checkCsv(kind: CsvKind, text: string): Promise<Failure[]> {
  const { mapping } = csvCorpus();
  const failures: Failure[] = [];
  const read = kind === "leads" ? csvLeadEvents : csvActivityEvents;
  const file = `${kind}.csv`;
  try {
    for await (const _ of read([text], { file, mapping, ir: CSV_IR, lenient: false }));
  } catch (e) {
    if (!documented(e)) failures.push(thrown(`${kind} strict`, e));
  }
  const rejected: Rejected[] = [];
  const stats = { rows: 0, events: 0, ignored: 0 };
  const events: SlaEvent[] = [];
  try {
    for await (const e of read([text], {
      file,
      mapping,
      ir: CSV_IR,
      lenient: true,
      stats,
      onReject: (r) => void rejected.push(r),
    }))
      events.push(e);
  } catch (e) {
    // a file that can't be read at all (no header, a missing column, an unterminated
    // quote) stops even a lenient read, with a located message
    if (!documented(e)) failures.push(thrown(`${kind} lenient`, e));
    return failures;
  }
  if (events.length !== stats.events)
    failures.push({
      stage: `${kind} accounting`,
      message: `${events.length} events yielded, stats say ${stats.events}`,
    });
  let records: number | undefined;
  try {
    records = parseCsvText(text).filter((r) => !(r.cells.length === 1 && r.cells[0] === "")).length - 1;
  } catch {
    // the reader reported the syntax error itself
  }
  // rows of the wrong width are rejected before conversion (and not counted in stats.rows)
  const wrongWidth = rejected.filter((r) => r.code === "EV302").length;
  if (records !== undefined && records >= 0 && stats.rows + wrongWidth !== records)
    failures.push({
      stage: `${kind} accounting`,
      message: `read ${stats.rows} rows + ${wrongWidth} of the wrong width, the file has ${records}`,
    });
  const converted = stats.rows - (rejected.length - wrongWidth);
  if (converted < 0 || stats.ignored > converted)
    failures.push({
      stage: `${kind} accounting`,
      message: `rows ${stats.rows}, rejected ${rejected.length} (${wrongWidth} for their width), ignored ${stats.ignored}`,
    });
  for (const e of events)
    if (!Number.isFinite(e.at)) failures.push({ stage: `${kind} values`, message: `event ${e.id} at ${e.at}` });
  return failures;
}
