// The user's own data as a DataSource: a JSONL file, or a CRM export (leads +
// activities [+ field history] CSV) with a mapping (Salesforce, HubSpot, or a
// mapping JSON file). Read in the worker from the File objects with the CLI's
// ingest code (engine/ingest/inputs.ts), prepared once per field declarations
// and zone (what the readers depend on), and replayed on every edit with the
// report `sla simulate --lenient` gives on the same files. Nothing is sent
// anywhere. No DOM: runs in the worker and under vitest.
import {
  emptyInputError,
  type InputStats,
  mappingFromText,
  prepareInputs,
  presetMapping,
  type ReplayInput,
} from "../../../engine/ingest/inputs.ts";
import type { Mapping } from "../../../engine/ingest/mapping-load.ts";
import { fieldsSignature } from "../../../engine/prepared.ts";
import { IngestError } from "../../../engine/problems.ts";
import type { RejectedRow } from "../../../engine/result.ts";
import type { IR } from "../../../language/ir.ts";
import type { DataSource, PreparedForRun } from "../worker/data-source.ts";
import type { DataInfo } from "../worker/protocol.ts";
import { fileChunks, type NamedBlob } from "./file-text.ts";
import { type DataRole, PRESET_NAMES, type PresetName } from "./kinds.ts";

/**
 * The most text one upload may hold (checked per file while reading, and on
 * all files' sizes before): the page keeps every event in memory, decoded
 * once and prepared per field declarations. 1M events of JSONL are 124 MB
 * and hold about 230 MB of heap once prepared (bench/playground-upload.ts),
 * more while preparing; past this limit (about 3M events) the page says so
 * (EV115) instead of running the tab out of memory: `sla simulate` streams.
 */
export const MAX_UPLOAD_CHARS = 400_000_000;

/** One file of an upload and what it is. */
export interface UploadFile {
  role: DataRole;
  file: NamedBlob;
}

/** The mapping of a CRM export: a preset, or a mapping JSON file. */
export type MappingChoice = { preset: PresetName } | { file: NamedBlob };

/** A problem with an upload, located: `file:line: reason` with its code (EV###), or a usage problem (no code). */
export interface DataError {
  code: string;
  file: string;
  line: number;
  /** the whole message, as the CLI prints it (`leads.csv:4: ...`) */
  message: string;
}

/** What the Data tab shows about the loaded data (plain data). */
export interface UploadSummary {
  files: { name: string; role: DataRole; size: number; events: number; rejected: number }[];
  /** the mapping: "Salesforce", "HubSpot" or the mapping file's name; null for JSONL */
  mapping: string | null;
  leads: number;
  events: number;
  duplicates: number;
  /** rows rejected while reading (each at file:line with its code); the replay adds its own to the report */
  rejected: { count: number; rows: RejectedRow[] };
  /** rows ignored by design (activities no rule matches, history of fields the mapping does not use) */
  ignoredRows: number;
  /** read + prepare time of the last preparation, ms */
  prepareMs: number;
}

/** Rejected rows the summary lists (the report has them all). */
export const SUMMARY_ROWS = 20;

const ROLE_KIND: Record<DataRole, ReplayInput["kind"]> = {
  events: "jsonl",
  leads: "csv-leads",
  activities: "csv-activities",
  history: "csv-history",
};

const PRESET_LABEL: Record<PresetName, string> = { salesforce: "Salesforce", hubspot: "HubSpot" };

const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/** The problem with this choice of files and roles (before reading them), or null. */
export function uploadProblem(files: readonly UploadFile[], mapping: MappingChoice | null): string | null {
  if (files.length === 0) return "Choose a file: JSONL events, or a CRM export's leads (and activities) CSV.";
  for (const role of ["events", "leads", "activities", "history"] as const) {
    const same = files.filter((f) => f.role === role);
    if (same.length > 1)
      return `${same.map((f) => f.file.name).join(" and ")} are both "${role}": give one file per role.`;
  }
  const csv = files.filter((f) => f.role !== "events");
  if (csv.length > 0 && !files.some((f) => f.role === "leads"))
    return `${csv.map((f) => f.file.name).join(" and ")} need${csv.length === 1 ? "s" : ""} the export's leads file (its ids and creation times): add it, or change a role to "leads".`;
  if (csv.length > 0 && mapping === null)
    return "A CRM export needs a mapping: choose Salesforce, HubSpot or a mapping JSON file.";
  return null;
}

/** The mapping chosen, with its name for the page (a mapping file's text is read from its File). Throws IngestError (EV401, EV402). */
export async function resolveMapping(choice: MappingChoice): Promise<{ mapping: Mapping; label: string }> {
  if ("preset" in choice) {
    const m = PRESET_NAMES.includes(choice.preset) ? presetMapping(choice.preset) : null;
    if (m === null) throw new IngestError("EV402", "", 0, `no mapping preset "${choice.preset}" (salesforce, hubspot)`);
    return { mapping: m, label: PRESET_LABEL[choice.preset] };
  }
  return { mapping: mappingFromText(await choice.file.text(), choice.file.name), label: choice.file.name };
}

/** A thrown problem as the page shows it: located IngestErrors keep their code, file and line. */
export function dataError(e: unknown): DataError {
  if (e instanceof IngestError) return { code: e.code, file: e.file, line: e.line, message: e.message };
  return { code: "", file: "", line: 0, message: e instanceof Error ? e.message : String(e) };
}

export class UploadSource implements DataSource {
  readonly label: string;
  private summary: UploadSummary | null = null;
  /** the last preparation (loadData prepares before the session asks) */
  private memo: { key: string; run: Promise<PreparedForRun> } | null = null;

  constructor(
    private readonly files: readonly UploadFile[],
    /** the CRM export's mapping (null: JSONL only) and how the page names it ("Salesforce", "my-map.json") */
    private readonly mapping: { mapping: Mapping; label: string } | null,
    private readonly maxChars = MAX_UPLOAD_CHARS,
  ) {
    const names = files.map((f) => f.file.name).join(" + ");
    this.label = mapping ? `${names} (${mapping.label})` : names;
  }

  info(_ir: IR | null): DataInfo {
    return { kind: "upload", label: this.label, ...(this.summary ? { upload: this.summary } : {}) };
  }

  /** What the readers depend on: the SLA's field declarations and its zone (for times without an offset). */
  key(ir: IR): string {
    return `upload:${ir.timezone}:${fieldsSignature(ir.fields)}`;
  }

  /** Reads the files (EV115 past the size limit, EV114 for a file that gives nothing) and prepares them for `ir`. */
  prepare(ir: IR): Promise<PreparedForRun> {
    const key = this.key(ir);
    // one reading per key, even when asked again while it runs; a failed one is not kept
    if (this.memo?.key !== key) {
      const run = this.read(ir, key);
      this.memo = { key, run };
      run.catch(() => {
        if (this.memo?.run === run) this.memo = null;
      });
    }
    return this.memo!.run;
  }

  private async read(ir: IR, key: string): Promise<PreparedForRun> {
    const t0 = now();
    // Too large: said before reading from the files' sizes (bytes, at least their characters),
    // and while reading, per file, from the text (a .gz file's size says little)
    const plain = this.files.filter((f) => !/\.gz$/i.test(f.file.name));
    const total = plain.reduce((s, f) => s + f.file.size, 0);
    if (total > this.maxChars) {
      const big = plain.reduce((a, b) => (b.file.size > a.file.size ? b : a));
      throw new IngestError("EV115", big.file.name, 0, tooLargeReason(total, this.maxChars));
    }
    const inputs = this.files.map((f): ReplayInput => {
      const kind = ROLE_KIND[f.role];
      const chunks = fileChunks(f.file);
      return kind === "jsonl"
        ? { kind, file: f.file.name, chunks }
        : { kind, file: f.file.name, chunks, mapping: this.mapping!.mapping };
    });
    const { prepared, stats, read } = await prepareInputs(ir, inputs, { lenient: true, maxChars: this.maxChars });
    const empty = emptyInputError(stats, prepared.meta.rejected);
    if (empty) throw empty;
    this.summary = summarize(this.files, this.mapping, stats, prepared, read.ignoredRows, now() - t0);
    const events = read.events;
    return {
      key,
      events: prepared,
      list: () => events,
      droppedValues: 0,
      droppedFields: [],
      // the reading's rejected rows, ignored rows and data-fit findings are in the prepared form already
      amend: (report) => report,
    };
  }
}

function tooLargeReason(total: number, max: number): string {
  return `the upload's ${Math.round(total / 1e6)} MB is larger than ${Math.round(max / 1e6)} MB, more than this page holds in memory: replay it with \`sla simulate\` (it streams), or upload a shorter period`;
}

function summarize(
  files: readonly UploadFile[],
  mapping: { label: string } | null,
  stats: readonly InputStats[],
  prepared: PreparedForRun["events"],
  ignoredRows: ReadonlyMap<string, number>,
  ms: number,
): UploadSummary {
  const rejected = prepared.meta.rejected;
  return {
    files: files.map((f) => {
      const s = stats.find((x) => x.file === f.file.name && x.kind === ROLE_KIND[f.role]);
      return { name: f.file.name, role: f.role, size: f.file.size, events: s?.events ?? 0, rejected: s?.rejected ?? 0 };
    }),
    mapping: mapping?.label ?? null,
    leads: prepared.leadIds.length,
    events: prepared.n,
    duplicates: prepared.meta.duplicates,
    rejected: { count: rejected.length, rows: rejected.slice(0, SUMMARY_ROWS) },
    ignoredRows: [...ignoredRows.values()].reduce((a, b) => a + b, 0),
    prepareMs: ms,
  };
}
