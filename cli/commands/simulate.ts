// sla simulate SPEC --events FILE [--leads CSV --activities CSV --history CSV --map M --delimiter D]
//   [--until TIME] [--format table|json|md|html] [--out FILE] [--lenient]
import { statSync } from "node:fs";
import { DateTime } from "luxon";
import { mappingFromText, presetMapping, type ReplayInput, readInputs } from "../../engine/ingest/inputs.ts";
import { type Mapping, PRESETS } from "../../engine/ingest/mapping.ts";
import { inSupportedRange } from "../../engine/ingest/timestamp.ts";
import { commitmentPacing } from "../../engine/pacing.ts";
import { planActual } from "../../engine/plan-actual.ts";
import { replayPrepared } from "../../engine/prepared.ts";
import { type EvCode, IngestError, isRowLevel } from "../../engine/problems.ts";
import { cleanText, escapeHtml, escapeMarkdown, jsonText } from "../../engine/render/escape.ts";
import { renderHtml } from "../../engine/render/html.ts";
import { renderMarkdown } from "../../engine/render/markdown.ts";
import { renderTable } from "../../engine/render/table.ts";
import { localizeReport } from "../../engine/report.ts";
import type { SimReport } from "../../engine/result.ts";
import { Simulation } from "../../engine/simulate.ts";
import type { IR } from "../../language/ir.ts";
import { oneOf, parseArgs } from "../args.ts";
import { withPrepared } from "../cache.ts";
import { readEventsFile } from "../events-file.ts";
import { type CliIO, EXIT, UsageError } from "../io.ts";
import { Progress } from "../progress.ts";
import { InputError, openText, readText } from "../read.ts";
import { loadSpec } from "../spec.ts";
import { type SpecVersion, specVersion, versionText } from "../spec-version.ts";
import { writeFileAtomic } from "../write-file.ts";
import { planBy, stageOverrides } from "./plan.ts";

const HELP = `usage: sla simulate SPEC --events FILE [options]
       sla simulate SPEC --leads LEADS.csv --activities ACTIVITIES.csv [--history HISTORY.csv]
                    --map salesforce|hubspot|MAP.json [options]

Replays lead history against an SLA and reports compliance, breaches,
warnings, commitments and anomalies.

  --events FILE        JSONL events (one JSON object per line; '-' for stdin; .gz ok)
  --leads FILE         CRM leads export (CSV), with --activities and --map
  --activities FILE    CRM activities export (CSV)
  --history FILE       CRM field-history export (CSV: Salesforce Lead History, HubSpot
                       property history): each change replayed at its time
  --delimiter D        CSV delimiter: , ; tab or | (default: detected from the header row)
  --map NAME|FILE      column mapping: a preset (salesforce, hubspot) or a JSON file
                       (see specs/mappings/README.md)
  --until TIME         stop the replay at TIME (ISO-8601, e.g. 2027-03-31T23:59:59Z or 2027-04-01)
  --format FMT         table (default), json, md, html
  --out FILE           write the report to FILE instead of stdout
  --lenient            skip malformed rows/events (they are counted and listed in the report)
  --strict-fields      fields the SLA does not declare, properties an event's type does not
                       have, event types that are not dotted names and enum values the SLA
                       does not list are errors (default: ignored and counted in the report)
  --cache              keep the parsed events next to the JSONL file (FILE.slaprep) and reuse
                       them while the file is unchanged: later replays skip parsing entirely
                       (the file's content is hashed every run; a cache that does not verify
                       is rebuilt with a notice)
  --max-breaches N     breaches listed in table/md output (default 20)
  --plan-actual        add the plan vs actual section (as 'sla plan --events'; a JSONL --events
                       file), with --stage STAGE=TYPE,... and --by FIELD as there

Exit status: 0 on success, 1 on bad input (FILE:LINE: reason), 2 on usage errors.
`;

/** How far out of time order a JSONL file may be before we fall back to a full sort. */
const STREAM_REORDER_WINDOW = 3_600_000;

/**
 * Streaming-replay failures a full sort may settle: an event out of time
 * order beyond the window (EV202), one for a lead created later in the file
 * (EV201), or a conflict whose survivor was already replayed (EV202 too).
 */
const SORT_MAY_SETTLE: ReadonlySet<EvCode> = new Set<EvCode>(["EV201", "EV202"]);

/** What --strict-fields turns from ignored data into errors. */
const STRICT_FIELDS_CODES: ReadonlySet<EvCode> = new Set<EvCode>(["EV104", "EV105", "EV108"]);

export async function run(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, {
    values: [
      "events",
      "leads",
      "activities",
      "history",
      "delimiter",
      "map",
      "until",
      "format",
      "out",
      "max-breaches",
      "stage",
      "by",
    ],
    flags: ["help", "lenient", "strict-fields", "color", "no-color", "no-progress", "cache", "plan-actual"],
  });
  if (a.flags.has("help")) {
    io.out(HELP);
    return EXIT.ok;
  }
  const format = oneOf("format", a.values.get("format"), ["table", "json", "md", "html"] as const, "table");
  if (a.positional.length !== 1) throw new UsageError("give exactly one .sla file\n\n" + HELP);
  const events = a.values.get("events");
  const leads = a.values.get("leads");
  const activities = a.values.get("activities");
  const map = a.values.get("map");
  if (!events && !leads) throw new UsageError("give --events FILE, or --leads and --activities with --map");
  if (leads && !map) throw new UsageError("--leads needs --map (salesforce, hubspot or a mapping file)");
  if (activities && !leads) throw new UsageError("--activities needs --leads");
  const history = a.values.get("history");
  if (history && !leads) throw new UsageError("--history needs --leads");
  const delimiter = parseDelimiter(a.values.get("delimiter"));
  const maxBreaches = a.values.has("max-breaches") ? Number(a.values.get("max-breaches")) : 20;
  if (!Number.isInteger(maxBreaches) || maxBreaches < 0) throw new UsageError("--max-breaches must be a whole number");
  const lenient = a.flags.has("lenient");
  const strictFields = a.flags.has("strict-fields");

  const spec = loadSpec(a.positional[0], io);
  if (!spec) return EXIT.failed;
  const ir = spec.ir;
  const until = a.values.has("until") ? parseUntil(a.values.get("until")!, ir.timezone) : undefined;
  // --plan-actual: the plan's funnel next to the events' (engine/plan-actual.ts)
  let extras: Pick<SimReport, "planActual"> = {};
  if (a.flags.has("plan-actual")) {
    if (!ir.plan) throw new UsageError("--plan-actual: this SLA has no 'plan { ... }'");
    if (!events || events === "-") throw new UsageError("--plan-actual needs --events FILE (a JSONL file)");
    const list = await readEventsFile(events, ir, lenient, io);
    if (!list) return EXIT.failed;
    const report = planActual(
      ir,
      list.filter((e) => until === undefined || e.at <= until),
      { overrides: stageOverrides(a.values.get("stage"), ir), by: planBy(a.values.get("by"), ir) },
    );
    if (report) extras = { planActual: report };
  } else if (a.values.has("stage") || a.values.has("by")) throw new UsageError("--stage and --by need --plan-actual");

  const progress = new Progress(io, !a.flags.has("no-progress") && format !== "json" ? undefined : false);
  let report: SimReport;
  try {
    const inputs: Input[] = [];
    if (events) inputs.push({ kind: "jsonl", path: events });
    if (leads) {
      const mapping = await resolveMapping(map!);
      // the history is read first: each lead's changes are replayed with it
      if (history) inputs.push({ kind: "csv-history", path: history, mapping, delimiter });
      inputs.push({ kind: "csv-leads", path: leads, mapping, delimiter });
      if (activities) inputs.push({ kind: "csv-activities", path: activities, mapping, delimiter });
    }
    const size = inputs.reduce((s, i) => s + fileSize(i.path), 0);
    progress.start(size);
    if (a.flags.has("cache")) {
      if (inputs.length !== 1 || inputs[0].kind !== "jsonl" || inputs[0].path === "-")
        throw new UsageError("--cache works with one --events file (not stdin or CSV)");
      report = await withPrepared(
        ir,
        inputs[0].path,
        { lenient, strictFields, progress, io, command: "sla simulate" },
        (p) => replayPrepared(ir, p, { until }),
      );
      progress.done();
      return output(
        { ...report, ...extras },
        specVersion(a.positional[0], spec.text, { cwd: io.cwd }),
        a,
        format,
        maxBreaches,
        io,
      );
    }
    // JSONL streams with a bounded reorder window; CSV exports come in two
    // independently ordered files, so they are sorted in memory.
    const streaming = inputs.every((i) => i.kind === "jsonl" && i.path !== "-");
    try {
      report = await replay(
        ir,
        inputs,
        { until, lenient, strictFields, reorderWindow: streaming ? STREAM_REORDER_WINDOW : Infinity },
        progress,
      );
    } catch (e) {
      // An event for a lead not created yet may also mean the file is out of
      // order; a full sort settles it (and reports the event if it persists).
      if (!streaming || !(e instanceof IngestError && SORT_MAY_SETTLE.has(e.code))) throw e;
      if (e.code === "EV202") progress.note(`${e.file}: events are not in time order; re-reading with a full sort`);
      progress.start(size);
      report = await replay(ir, inputs, { until, lenient, strictFields, reorderWindow: Infinity }, progress);
    }
  } catch (e) {
    progress.done();
    if (e instanceof IngestError || e instanceof InputError) {
      io.err(`${e.message}\n`);
      if (e instanceof IngestError && strictFields && STRICT_FIELDS_CODES.has(e.code))
        io.err("(without --strict-fields, data the SLA does not use is ignored and counted in the report)\n");
      else if (e instanceof IngestError && isRowLevel(e.code))
        io.err("(use --lenient to skip bad rows and count them in the report)\n");
      return EXIT.failed;
    }
    throw e;
  }
  progress.done();
  const version = specVersion(a.positional[0], spec.text, { cwd: io.cwd });
  return output({ ...report, ...extras }, version, a, format, maxBreaches, io);
}

function output(
  reportIn: SimReport,
  version: SpecVersion,
  a: ReturnType<typeof parseArgs>,
  format: "table" | "json" | "md" | "html",
  maxBreaches: number,
  io: CliIO,
): number {
  const color =
    a.flags.has("color") ||
    (!a.flags.has("no-color") && !process.env.NO_COLOR && Boolean(process.stdout.isTTY) && !a.values.has("out"));
  // With --until part-way through a period: where each commitment is heading.
  const until = a.values.has("until") ? parseUntil(a.values.get("until")!, reportIn.timezone) : undefined;
  const pacing = until === undefined ? [] : commitmentPacing(reportIn.commitments, until, reportIn.timezone);
  const report = pacing.length ? { ...reportIn, pacing } : reportIn;
  // Every report names the spec version that judged it (JSON: `specVersion`).
  const judged = `Judged by ${version.file} (${versionText(version)})`;
  const text =
    format === "json"
      ? jsonText({ ...localizeReport(report), specVersion: version }) + "\n"
      : format === "md"
        ? `${renderMarkdown(report, { maxBreaches })}\n_${escapeMarkdown(judged)}_\n`
        : format === "html"
          ? renderHtml(report).replace("</body>", `<p class="version">${escapeHtml(judged)}</p>\n</body>`)
          : `${renderTable(report, {
              color,
              maxBreaches,
              width: process.stdout.isTTY && !a.values.has("out") ? process.stdout.columns : undefined,
            })}\n${cleanText(judged)}\n`;
  const out = a.values.get("out");
  if (out) writeFileAtomic(out, text);
  else io.out(text);
  if (report.rejected.count > 0)
    io.err(
      `sla simulate: skipped ${report.rejected.count} bad row${report.rejected.count === 1 ? "" : "s"} (listed in the report)\n`,
    );
  return EXIT.ok;
}

type Input =
  | { kind: "jsonl"; path: string }
  | {
      kind: "csv-leads" | "csv-activities" | "csv-history";
      path: string;
      mapping: Mapping;
      delimiter: string | undefined;
    };

/** One replay of the input files (engine/ingest/inputs.ts reads them, as the playground does). */
async function replay(
  ir: IR,
  inputs: Input[],
  opts: { until?: number; lenient: boolean; strictFields: boolean; reorderWindow: number },
  progress: Progress,
): Promise<SimReport> {
  const sim = new Simulation(ir, opts);
  const texts = inputs.map(
    (i): ReplayInput => ({
      ...i,
      file: i.path === "-" ? "<stdin>" : i.path,
      chunks: progress.track(openText(i.path)),
    }),
  );
  const leadIdsFile = inputs.find((i) => i.kind === "csv-leads")?.path;
  await readInputs(ir, texts, sim, { lenient: opts.lenient, leadIdsFile });
  return sim.finish();
}

async function resolveMapping(map: string): Promise<Mapping> {
  const preset = presetMapping(map);
  if (preset !== null) return preset;
  let text: string;
  try {
    text = await readText(map);
  } catch (e) {
    if (e instanceof InputError)
      throw new UsageError(`--map: ${e.message} (presets: ${Object.keys(PRESETS).join(", ")})`);
    throw e;
  }
  return mappingFromText(text, map);
}

/** --delimiter: one of , ; | or tab (written "tab" or "\t"); undefined: detect. */
function parseDelimiter(d: string | undefined): string | undefined {
  if (d === undefined) return undefined;
  const named: Record<string, string> = { tab: "\t", "\\t": "\t", "\t": "\t", ",": ",", ";": ";", "|": "|" };
  const v = Object.hasOwn(named, d.toLowerCase()) ? named[d.toLowerCase()] : undefined;
  if (v === undefined) throw new UsageError(`--delimiter: '${d}' is not a CSV delimiter (use , ; tab or |)`);
  return v;
}

function fileSize(path: string): number {
  if (path === "-") return 0;
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** An instant; a bare date or a time without offset is read in the SLA's zone. */
export function parseUntil(s: string, zone: string): number {
  const hasZone = /[zZ]$|[+-]\d{2}:?\d{2}$/.test(s);
  const dt = DateTime.fromISO(s, hasZone ? { setZone: true } : { zone });
  if (!dt.isValid)
    throw new UsageError(`--until: '${s}' is not a time (ISO-8601, e.g. 2027-04-01 or 2027-03-31T18:00:00Z)`);
  if (!inSupportedRange(dt.toMillis()))
    throw new UsageError(`--until: '${s}' is outside the supported years 1970-2199`);
  return dt.toMillis();
}
