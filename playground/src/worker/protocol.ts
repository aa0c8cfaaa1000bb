// What the page can ask the analysis worker (playground/src/worker/session.ts
// answers). Arguments and results are plain data: they cross by structured clone.
// A new request: add its signature to PlaygroundApi and its name to
// API_METHODS (the type checker insists on both), then the Session method.
import type { SimReport } from "../../../engine/result.ts";
import type { Diagnostic } from "../../../language/diagnostics.ts";
import type { CompletionItemData, HoverData, LocationData, OutlineItem } from "../../../language/service/types.ts";
import type { CompareResult, PinnedInfo, PinResult } from "../compare/compare.ts";
import type { ExplainResult } from "../compare/explain-lead.ts";
import type { DataGuess, LoadDataResult } from "../data/data-api.ts";
import type { NamedBlob } from "../data/file-text.ts";
import type { MappingChoice, UploadFile, UploadSummary } from "../data/upload-source.ts";
import type { PlanViewData, StageChoice } from "../plan/plan-data.ts";

/** `check`: the SLA's diagnostics for one version of the text. */
export interface CheckResult {
  version: number;
  diagnostics: Diagnostic[];
  /** no errors: the SLA compiled and can be replayed */
  ok: boolean;
  /** parse + check + compile time in the worker, ms */
  ms: number;
}

/** What the last replay ran on (shown above the results). */
export interface DataInfo {
  kind: "generated" | "upload";
  /** "a generated quarter of inbound leads (seed 42)", "leads.csv + activities.csv (Salesforce)" */
  label: string;
  /** an upload's files and counts, once read (playground/src/data/) */
  upload?: UploadSummary;
}

/** A replay that ran to the end. */
export interface SimulateDone {
  status: "done";
  version: number;
  report: SimReport;
  data: DataInfo;
  /** replay time, ms */
  replayMs: number;
  /** time spent generating / reading and preparing in this run (0 when the cache was hit), ms */
  prepareMs: number;
  /** this run had to (re)prepare the events (new field declarations, new data) */
  prepared: boolean;
  /** field values the SLA does not declare (or declares with another type), left out of the replay */
  droppedValues: number;
  droppedFields: string[];
}

export type SimulateResult =
  | SimulateDone
  /** a newer `check` arrived: this replay was dropped part-way */
  | { status: "superseded"; version: number }
  /** the SLA has errors (nothing to replay), or the data could not be read */
  | { status: "failed"; version: number; message: string };

export type FormatResultData = { ok: true; text: string } | { ok: false };

export interface PlaygroundApi {
  /** Parse, check and compile `text`; it becomes the current version (a replay of an older one stops). */
  check(text: string, version: number): CheckResult;
  /** Replay the current data against the current version's SLA. */
  simulate(version: number): Promise<SimulateResult>;
  /** The canonical layout of `text` (sla fmt). */
  format(text: string): FormatResultData;
  /** What the current data is. */
  dataInfo(): DataInfo;

  // ---- language service (language/service/): completion, hover, definition, outline ----
  /** Completions at `offset` of `text` (offsets are UTF-16 indexes, as Monaco's getOffsetAt). */
  complete(text: string, offset: number): CompletionItemData[];
  /** What the name (or keyword) at `offset` means; a term also says how many leads of the last replay matched it. */
  hover(text: string, offset: number): HoverData | null;
  /** Where the name at `offset` is declared. */
  definition(text: string, offset: number): LocationData[];
  /** Every mention of the name at `offset` (the editor highlights them). */
  references(text: string, offset: number): LocationData[];
  /** The spec's statements as a tree. */
  outline(text: string): OutlineItem[];

  // ---- Compare and Explain (playground/src/compare) ----
  /** Compile `text` and pin it as the baseline; refused, with a message, when it has errors. */
  pin(text: string): PinResult;
  unpin(): void;
  /** The pinned baseline, if any. */
  pinned(): PinnedInfo | null;
  /** The current version against the baseline on the current data: what `sla diff --events` computes. */
  compare(): Promise<CompareResult>;
  /** One lead's story under the current version, as `sla explain` prints it (did-you-mean for unknown ids). */
  explain(leadId: string): Promise<ExplainResult>;
  /** Lead ids of the current data matching `query` (for the Explain tab's search box). */
  leadIds(query: string): Promise<string[]>;
  // ---- share and keep (playground/src/share): the report as files ----
  /** The last replay's report as a standalone HTML page (as `sla simulate --format html`); null before any. */
  reportHtml(): Promise<string | null>;
  /** The last replay's report as Markdown (as `sla simulate --format md`); null before any. */
  reportMarkdown(): Promise<string | null>;

  // ---- plan (playground/src/plan): the "Plan" tab ----
  /** The plan's funnel, the commitments and plan vs actual over the current data (`stages`: as `--stage`). */
  plan(stages?: StageChoice): Promise<PlanViewData>;

  // ---- the user's own data (playground/src/data/, the Data tab) ----
  /** What each file seems to be (role from its name and header) and the preset the headers fit. */
  guessData(files: NamedBlob[]): Promise<DataGuess>;
  /** Reads the files (Files, read in the worker) and makes them the data; on an error the data is unchanged. */
  loadData(files: UploadFile[], mapping: MappingChoice | null): Promise<LoadDataResult>;
  /** Back to the generated sample (for a pasted spec: generated for that spec). */
  useGenerated(): DataInfo;
}

/** The methods the worker answers (and no other: not `constructor`, not internals). */
export const API_METHODS: Readonly<Record<keyof PlaygroundApi, true>> = Object.freeze({
  check: true,
  simulate: true,
  format: true,
  dataInfo: true,
  complete: true,
  hover: true,
  definition: true,
  references: true,
  outline: true,
  // Compare and Explain
  pin: true,
  unpin: true,
  pinned: true,
  compare: true,
  explain: true,
  leadIds: true,
  reportHtml: true,
  reportMarkdown: true,
  plan: true,
  // the user's own data
  guessData: true,
  loadData: true,
  useGenerated: true,
});
