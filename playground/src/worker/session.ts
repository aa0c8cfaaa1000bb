// The analysis worker's state and answers: the latest SLA text (checked and
// compiled), the data it is replayed against, and the prepared events cache.
// One instance lives in the worker (analysis.worker.ts); tests call it directly.
// No DOM, no Monaco.
//
// Cancellation: `check` makes its text the current version; a replay of an
// older version gives the event loop a turn between chunks of events, sees it
// is stale and stops ("superseded"). Typing never waits for a replay: the page
// only renders results whose version is still the latest.
import { replayPreparedSteps } from "../../../engine/prepared.ts";
import type { SimReport } from "../../../engine/result.ts";
import { compileSource } from "../../../language/compile.ts";
import { format } from "../../../language/format.ts";
import type { IR } from "../../../language/ir.ts";
import * as service from "../../../language/service/index.ts";
import { type CompareResult, CompareState, type PinnedInfo, type PinResult } from "../compare/compare.ts";
import { type ExplainResult, explainLead, leadIds } from "../compare/explain-lead.ts";
import { type DataGuess, guessData, type LoadDataResult, loadData, useGenerated } from "../data/data-api.ts";
import type { NamedBlob } from "../data/file-text.ts";
import type { MappingChoice, UploadFile } from "../data/upload-source.ts";
import { type PlanViewData, planForSession, type StageChoice } from "../plan/plan-data.ts";
import { reportFile } from "../share/report-files.ts";
import { GeneratedSource, now, PLAYGROUND_DATA, PreparedCache } from "../simulator.ts";
import type { DataSource, PreparedForRun } from "./data-source.ts";
import { hoverTermCounts } from "./language.ts";
import type { CheckResult, DataInfo, FormatResultData, PlaygroundApi, SimulateResult } from "./protocol.ts";

/** Events replayed between two turns of the event loop (~10-20 ms of work). */
export const REPLAY_CHUNK = 32_768;

/** What a feature's code (compare, explain, plan, hover counts) reads from the session. */
export interface SessionContext {
  /** the current text and its IR (null when it has errors) */
  text: string;
  ir: IR | null;
  data: DataSource;
  /** the events prepared for `ir` by the current data (null before the first replay or with errors) */
  prepared: PreparedForRun | null;
  /** the last finished replay's report, and the IR that produced it */
  report: SimReport | null;
  reportIr: IR | null;
  /** prepared events of the current data for any SLA (cached by the data's key) */
  prepareFor(ir: IR): Promise<PreparedForRun>;
}

/** Gives the event loop a turn, so a message that arrived meanwhile is handled first. */
const yieldToEvents = (): Promise<void> => new Promise((ok) => setTimeout(ok, 0));

export class Session implements PlaygroundApi {
  private version = 0;
  private text = "";
  private ir: IR | null = null;
  private data: DataSource;
  private readonly cache = new PreparedCache(4);
  private lastPrepared: PreparedForRun | null = null;
  private lastReport: SimReport | null = null;
  private lastReportIr: IR | null = null;

  constructor(
    data: DataSource = new GeneratedSource(PLAYGROUND_DATA),
    /** events between two turns of the event loop */
    private readonly chunk = REPLAY_CHUNK,
  ) {
    this.data = data;
  }

  check(text: string, version: number): CheckResult {
    const t0 = now();
    const { diagnostics, ir } = compileSource(text);
    if (version >= this.version) {
      this.version = version;
      this.text = text;
      this.ir = ir;
    }
    return { version, diagnostics, ok: ir !== null, ms: now() - t0 };
  }

  async simulate(version: number): Promise<SimulateResult> {
    if (version !== this.version) return { status: "superseded", version };
    const ir = this.ir;
    if (ir === null) return { status: "failed", version, message: "the SLA has errors" };
    const t0 = now();
    let p: PreparedForRun;
    let prepared = false;
    try {
      const cached = this.cache.get(this.data.key(ir));
      prepared = cached === undefined;
      p = cached ?? (await this.prepareFor(ir));
    } catch (e) {
      return { status: "failed", version, message: `The data could not be read: ${messageOf(e)}` };
    }
    if (version !== this.version) return { status: "superseded", version };
    const t1 = now();
    let report: SimReport;
    try {
      const steps = replayPreparedSteps(ir, p.events, {}, this.chunk);
      for (;;) {
        const r = steps.next();
        if (r.done) {
          report = p.amend(r.value);
          break;
        }
        await yieldToEvents();
        if (version !== this.version) return { status: "superseded", version };
      }
    } catch (e) {
      return { status: "failed", version, message: `The replay failed: ${messageOf(e)}` };
    }
    const replayMs = now() - t1;
    this.lastPrepared = p;
    this.lastReport = report;
    this.lastReportIr = ir;
    return {
      status: "done",
      version,
      report,
      data: this.data.info(ir),
      replayMs,
      prepareMs: prepared ? t1 - t0 : 0,
      prepared,
      droppedValues: p.droppedValues,
      droppedFields: p.droppedFields,
    };
  }

  format(text: string): FormatResultData {
    const r = format(text);
    return r.ok ? { ok: true, text: r.text } : { ok: false };
  }

  dataInfo(): DataInfo {
    return this.data.info(this.ir);
  }

  // ---- language service (language/service/; term counts from the last replay: ./language.ts) ----
  complete(text: string, offset: number) {
    return service.complete(text, offset);
  }
  hover(text: string, offset: number) {
    return service.hover(text, offset, { termCounts: hoverTermCounts(this.context(), text) });
  }
  definition(text: string, offset: number) {
    return service.definition(text, offset);
  }
  references(text: string, offset: number) {
    return service.references(text, offset);
  }
  outline(text: string) {
    return service.outline(text);
  }

  // ---- Compare and Explain (playground/src/compare) ----
  private readonly baseline = new CompareState();
  pin(text: string): PinResult {
    return this.baseline.pin(text);
  }
  unpin(): void {
    this.baseline.unpin();
  }
  pinned(): PinnedInfo | null {
    return this.baseline.pinned();
  }
  compare(): Promise<CompareResult> {
    const v = this.version;
    return this.baseline.compare(this.context(), () => this.version !== v);
  }
  explain(leadId: string): Promise<ExplainResult> {
    return explainLead(this.context(), leadId);
  }
  leadIds(query: string): Promise<string[]> {
    return leadIds(this.context(), query);
  }

  // share and keep (playground/src/share/report-files.ts)
  reportHtml(): Promise<string | null> {
    return reportFile(this.context(), "html");
  }
  reportMarkdown(): Promise<string | null> {
    return reportFile(this.context(), "md");
  }

  // plan (playground/src/plan/plan-data.ts)
  plan(stages?: StageChoice): Promise<PlanViewData> {
    return planForSession(this.context(), stages);
  }

  // ---- the user's own data (playground/src/data/data-api.ts) ----
  guessData(files: NamedBlob[]): Promise<DataGuess> {
    return guessData(files);
  }
  loadData(files: UploadFile[], mapping: MappingChoice | null): Promise<LoadDataResult> {
    return loadData(this, files, mapping);
  }
  useGenerated(): DataInfo {
    return useGenerated(this);
  }

  // ---- for the features' code in the worker (not requests: see API_METHODS) ----

  /** Replaces the data (an upload, or back to the generated quarter); the next replay prepares it. */
  setData(data: DataSource): void {
    this.data = data;
    this.cache.clear();
    this.lastPrepared = null;
    this.lastReport = null;
    this.lastReportIr = null;
  }

  async prepareFor(ir: IR): Promise<PreparedForRun> {
    const key = this.data.key(ir);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const p = await this.data.prepare(ir);
    this.cache.set(key, p);
    return p;
  }

  context(): SessionContext {
    const ir = this.ir;
    const fresh = ir !== null && this.lastReportIr === ir;
    return {
      text: this.text,
      ir,
      data: this.data,
      prepared: fresh ? this.lastPrepared : null,
      report: this.lastReport,
      reportIr: this.lastReportIr,
      prepareFor: (x) => this.prepareFor(x),
    };
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
