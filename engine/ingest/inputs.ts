// The input assembly of a replay, as `sla simulate` does it: JSONL events and
// CRM exports (leads + activities [+ field history] CSV with a mapping) read
// into one sink. It takes text chunks, not paths, so the CLI (files on disk)
// and the playground (File objects in its worker) read the same way:
//   - the CLI's sink is the Simulation itself (readInputs(..., sim, ...));
//   - the playground's is a ReadInputs, whose events and findings are
//     prepared once (prepareInputs) and replayed on every edit, with the same
//     report as `sla simulate --lenient` on the same files.
// Browser-safe: no Node imports.
import type { IR } from "../../language/ir.ts";
import type { SlaEvent } from "../events.ts";
import { JsonlFeed } from "../jsonl-feed.ts";
import { type PreparedEvents, type PrepareOptions, prepareRead, type ReadFindings } from "../prepared.ts";
import { type EvCode, IngestError } from "../problems.ts";
import type { DataFitWarning } from "../result.ts";
import { historyFieldsFit, missingColumnFit } from "./crm-fit.ts";
import type { Rejected } from "./errors.ts";
import { type FieldHistory, readFieldHistory } from "./history.ts";
import { LeadIds } from "./lead-ids.ts";
import {
  csvActivityEvents,
  csvLeadEvents,
  loadMapping,
  type Mapping,
  type MissingColumn,
  mappingError,
  PRESETS,
} from "./mapping.ts";
import { IngestTally } from "./tally.ts";

type Chunks = AsyncIterable<string> | Iterable<string>;

export type CsvRole = "csv-leads" | "csv-activities" | "csv-history";

/** One input file: its name (in messages, rejected rows and event ids) and its text. */
export type ReplayInput =
  | { kind: "jsonl"; file: string; chunks: Chunks }
  | { kind: CsvRole; file: string; chunks: Chunks; mapping: Mapping; delimiter?: string };

/** Where a replay's input goes: a Simulation, or a ReadInputs (to prepare once). */
export interface InputSink {
  readonly strictFields: boolean;
  /** what tolerant readers skip is counted here */
  readonly tally: IngestTally;
  push(e: SlaEvent, file: string, line: number): void;
  reject(r: Rejected): void;
  ignore(code: EvCode): void;
  addDataFit(w: DataFitWarning): void;
}

export interface ReadInputsOptions {
  lenient: boolean;
  /** the name the leads file's ids are known by in messages (default: the leads input's file) */
  leadIdsFile?: string;
  /** stop with EV115 when one input is longer than this many characters (the page's memory; default: no limit) */
  maxChars?: number;
}

/** What one input gave: events pushed, rows rejected, characters read. */
export interface InputStats {
  kind: ReplayInput["kind"];
  file: string;
  events: number;
  rejected: number;
  chars: number;
}

/** The order in which inputs are read: a field history before its leads (each lead's changes replay with it). */
const READ_ORDER: Record<ReplayInput["kind"], number> = {
  jsonl: 0,
  "csv-history": 1,
  "csv-leads": 2,
  "csv-activities": 3,
};

export function readOrder<T extends { kind: ReplayInput["kind"] }>(inputs: readonly T[]): T[] {
  return [...inputs].sort((a, b) => READ_ORDER[a.kind] - READ_ORDER[b.kind]);
}

/**
 * Reads the inputs into `sink` (in readOrder), as `sla simulate` does: JSONL
 * through the replay's hot path, CSV through the mapping's readers with their
 * data-fit findings, rejected rows (lenient) and ignored rows. Strict: the
 * first bad row throws IngestError; a file that cannot be read at all (an
 * empty CSV, a missing column, a bad mapping) throws in either mode.
 */
export async function readInputs(
  ir: Pick<IR, "fields" | "timezone">,
  inputs: readonly ReplayInput[],
  sink: InputSink,
  opts: ReadInputsOptions,
): Promise<InputStats[]> {
  const ordered = readOrder(inputs);
  const leadsInput = ordered.find((i) => i.kind === "csv-leads");
  const leadIds = new LeadIds(opts.leadIdsFile ?? leadsInput?.file ?? "the leads file");
  let history: FieldHistory | undefined;
  const stats: InputStats[] = [];
  for (const input of ordered) {
    const file = input.file;
    const stat: InputStats = { kind: input.kind, file, events: 0, rejected: 0, chars: 0 };
    stats.push(stat);
    const chunks = counted(input.chunks, stat, opts.maxChars ?? Number.POSITIVE_INFINITY);
    const onReject = (r: Rejected) => {
      stat.rejected++;
      sink.reject(r);
    };
    if (input.kind === "jsonl") {
      const feed = new JsonlFeed(
        ir,
        {
          strictFields: sink.strictFields,
          tally: sink.tally,
          push: (e, f, line) => {
            stat.events++;
            sink.push(e, f ?? file, line ?? 0);
          },
          reject: onReject,
        },
        file,
        opts.lenient,
      );
      for await (const chunk of chunks) feed.chunk(chunk);
      feed.end();
      continue;
    }
    const common = {
      file,
      mapping: input.mapping,
      ir,
      lenient: opts.lenient,
      onReject,
      onIgnore: (code: EvCode) => sink.ignore(code),
      timezone: ir.timezone,
      delimiter: input.delimiter,
      onMissingColumn: (m: MissingColumn) => sink.addDataFit(missingColumnFit(m)),
      onDataFit: (w: DataFitWarning) => sink.addDataFit(w),
      onUnlisted: sink.strictFields
        ? undefined
        : (field: string, value: string) => sink.tally.unlistedValue(field, value),
    };
    if (input.kind === "csv-history") {
      history = await readFieldHistory(chunks, common);
      stat.events = history.rows - stat.rejected;
      const fit = historyFieldsFit(history, ir);
      if (fit !== null) sink.addDataFit(fit);
      continue;
    }
    const gen = input.kind === "csv-leads" ? csvLeadEvents : csvActivityEvents;
    let row = 0;
    let rowFile = file;
    for await (const ev of gen(chunks, {
      ...common,
      leadIds,
      history,
      onRow: (line, from) => {
        row = line;
        rowFile = from ?? file;
      },
    })) {
      stat.events++;
      sink.push(ev, rowFile, row);
    }
  }
  return stats;
}

/** The chunks, with their characters counted into `stat` as they are read (EV115 past `max`). */
async function* counted(chunks: Chunks, stat: InputStats, max: number): AsyncGenerator<string> {
  for await (const c of chunks) {
    stat.chars += c.length;
    if (stat.chars > max) throw tooLarge(stat.file, max);
    yield c;
  }
}

function tooLarge(file: string, max: number): IngestError {
  const mb = (n: number) => (n >= 1e6 ? `${Math.round(n / 1e6).toLocaleString("en-US")} MB` : `${n} characters`);
  return new IngestError(
    "EV115",
    file,
    0,
    `larger than ${mb(max)}, more than this reader holds in memory: replay it with \`sla simulate\` (it streams), or upload a shorter period`,
  );
}

/** A preset's mapping (salesforce, hubspot), or null for another name. */
export function presetMapping(name: string): Mapping | null {
  return Object.hasOwn(PRESETS, name) ? loadMapping({ extends: name }, PRESETS, name) : null;
}

/** A mapping file's text (JSON, see specs/mappings/README.md); `name` locates it in messages (EV401, EV402). */
export function mappingFromText(text: string, name: string): Mapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw mappingError(`${name}: invalid JSON (${e instanceof Error ? e.message : String(e)})`, "EV401");
  }
  return loadMapping(json, PRESETS, name);
}

/**
 * A sink that keeps what was read as data: the events at their file and
 * line, and the findings (rejected rows, ignored counts, data-fit notices).
 * prepareInputs turns it into the prepared form for a given SLA's fields.
 */
export class ReadInputs implements InputSink, ReadFindings {
  readonly events: { event: SlaEvent; file: string; line: number }[] = [];
  readonly rejected: Rejected[] = [];
  readonly tally = new IngestTally();
  readonly ignoredRows = new Map<EvCode, number>();
  readonly dataFit: DataFitWarning[] = [];

  constructor(readonly strictFields = false) {}

  push(event: SlaEvent, file: string, line: number): void {
    this.events.push({ event, file, line });
  }
  reject(r: Rejected): void {
    this.rejected.push(r);
  }
  ignore(code: EvCode): void {
    this.ignoredRows.set(code, (this.ignoredRows.get(code) ?? 0) + 1);
  }
  addDataFit(w: DataFitWarning): void {
    this.dataFit.push(w);
  }
}

/**
 * Reads the inputs and prepares them for replays against SLAs with `ir`'s
 * field declarations and zone (what the readers depend on): replayPrepared
 * then gives the report `sla simulate --lenient` gives on the same files.
 * `read` keeps the decoded events in input order, at their file and line.
 */
export async function prepareInputs(
  ir: Pick<IR, "fields" | "timezone">,
  inputs: readonly ReplayInput[],
  opts: Omit<PrepareOptions, "file"> & { lenient: boolean; maxChars?: number },
): Promise<{ prepared: PreparedEvents; stats: InputStats[]; read: ReadInputs }> {
  const read = new ReadInputs(opts.strictFields === true);
  const stats = await readInputs(ir, inputs, read, { lenient: opts.lenient, maxChars: opts.maxChars });
  const prepared = prepareRead(ir, read.events, read, { ...opts, file: inputs[0]?.file ?? "events" });
  return { prepared, stats, read };
}

/**
 * A file that gave no events (empty, only a header, or every row rejected):
 * an error the page shows rather than a silent zero; null when each input
 * gave something. The CLI replays such data and reports it (EV507).
 */
export function emptyInputError(stats: readonly InputStats[], rejected: readonly Rejected[]): IngestError | null {
  for (const s of stats) {
    if (s.events > 0) continue;
    const what = s.kind === "jsonl" ? "events" : "rows";
    if (s.rejected > 0) {
      const first = rejected.find((r) => r.file === s.file);
      const where = first ? `line ${first.line}: ${first.code} ${first.reason}` : "";
      const unit = s.kind === "jsonl" ? "line" : "row";
      const all =
        s.rejected === 1
          ? `its only ${unit} was rejected${where && ` (${where})`}`
          : `all ${s.rejected} ${unit}s were rejected${where && ` (the first, ${where})`}`;
      return new IngestError("EV114", s.file, 0, `no ${what}: ${all}`);
    }
    const why = s.chars === 0 ? "the file is empty" : s.kind === "jsonl" ? "only blank lines" : "only a header row";
    return new IngestError("EV114", s.file, 0, `no ${what} (${why})`);
  }
  return null;
}
