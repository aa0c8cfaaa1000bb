// The playground: Monaco on the left (checked on every change), the replay on
// the right (re-simulated on every valid change) in tabs, and a status line.
// Checking and replaying happen in the analysis worker (worker/session.ts):
// this thread only edits, draws markers and renders results, and renders only
// results for the latest version of the text.
// Rendered into light DOM: Monaco's CSS lives in the document and would not
// reach a shadow root.
import { html, LitElement, nothing, type TemplateResult } from "lit";
import { formatInt, plural } from "../../engine/render/format.ts";
import type { SimReport } from "../../engine/result.ts";
import type { Diagnostic } from "../../language/diagnostics.ts";
import { registerLanguageService } from "./language-service.ts";
import { countDiagnostics, MARKER_OWNER, toMarkers } from "./markers.ts";
import { monaco } from "./monaco.ts";
import { LANGUAGE_ID, registerSlaLanguage } from "./sla-language.ts";
import type { ApplyFixDetail, RevealDetail } from "./sla-problems.ts";
import { type AnalysisApi, analysis } from "./worker/client.ts";
import type { SimulateDone } from "./worker/protocol.ts";
import "./sla-problems.ts";
import "./sla-results.ts";
import type { ExplainLeadDetail, LeadExplainedDetail, PinChangedDetail } from "./compare/events.ts";
import "./compare/sla-compare-view.ts";
import "./compare/sla-explain-view.ts";
// share and keep: the URL hash, the header's Copy link / Download (playground/src/share)
import { HashSync } from "./share/hash-sync.ts";
import type { ShareSource, SlaShareMenu } from "./share/sla-share-menu.ts";
import "./share/sla-share-menu.ts";
import type { SharedState } from "./share/url-state.ts";
// the Plan tab (playground/src/plan)
import "./plan/sla-plan-view.ts";
import "./data/sla-data-panel.ts";
import sketch from "../../specs/examples/inbound/inbound.sla?raw";

export const SKETCH: string = sketch;
/**
 * Wait after a keystroke before the text is checked (and then replayed): none,
 * beyond coalescing the edits of one task (a paste, a format). The worker
 * checks the sketch in ~2 ms and drops a replay a newer edit made stale.
 */
export const DEBOUNCE_MS = 0;
const STORAGE_KEY = "slacode.playground.source";

/** What the tests (and the curious, from the console) can read: `window.slaPlayground.state()`. */
export interface PlaygroundState {
  /** analyses done so far (one per debounced change) */
  runs: number;
  errors: number;
  warnings: number;
  codes: string[];
  /** the last successful replay; null before the first */
  breaches: number | null;
  events: number | null;
  replayMs: number | null;
  /** the last edit: keystroke to markers drawn, and keystroke to results rendered (ms; null before any) */
  markerMs: number | null;
  resultMs: number | null;
  /** what the last replay ran on */
  data: string;
  /** the SLA has errors: the report shown is an older one */
  stale: boolean;
  status: string;
  simError: string;
}

export interface PlaygroundHook {
  monaco: typeof monaco;
  editor: monaco.editor.IStandaloneCodeEditor;
  /** the analysis worker, for tests and the console */
  api: AnalysisApi;
  state(): PlaygroundState;
  format(): Promise<string>;
  reset(): void;
  /** opens a tab of the right pane */
  showTab(tab: TabId): void;
}

/** The right pane's tabs, in order. */
export const TABS = [
  { id: "report", label: "Report" },
  { id: "compare", label: "Compare" },
  { id: "explain", label: "Explain" },
  { id: "plan", label: "Plan" },
  { id: "data", label: "Data" },
] as const;
export type TabId = (typeof TABS)[number]["id"];

declare global {
  interface Window {
    slaPlayground?: PlaygroundHook;
  }
}

export class SlaPlayground extends LitElement {
  static override properties = {
    diagnostics: { state: true },
    text: { state: true },
    report: { state: true },
    previous: { state: true },
    lastRun: { state: true },
    runs: { state: true },
    simError: { state: true },
    note: { state: true },
    loading: { state: true },
    tab: { state: true },
    version: { state: true },
    explainLead: { state: true },
    shareError: { state: true },
  };

  declare diagnostics: Diagnostic[];
  declare text: string;
  declare report: SimReport | null;
  declare previous: SimReport | null;
  declare lastRun: SimulateDone | null;
  declare runs: number;
  declare simError: string;
  /** transient note next to the Format button */
  declare note: string;
  declare loading: boolean;
  declare tab: TabId;
  /** the version of the text last checked (every edit gets the next number) */
  declare version: number;
  /** the lead the Explain tab shows (set by `explain-lead`) */
  declare explainLead: string;
  /** a shared link that could not be read (shown above the panes until dismissed) */
  declare shareError: string;

  readonly api: AnalysisApi = analysis();
  private editor: monaco.editor.IStandaloneCodeEditor | null = null;
  private model: monaco.editor.ITextModel | null = null;
  /** when the edit being analysed was typed (performance.now()) */
  private editedAt = 0;
  private markerMs: number | null = null;
  /** bumped when the data changes; the report's deltas need both runs on the same data */
  private dataEpoch = 0;
  private reportEpoch = 0;
  private resultMs: number | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private noteTimer: ReturnType<typeof setTimeout> | undefined;
  private disposables: monaco.IDisposable[] = [];
  private dark = matchMedia("(prefers-color-scheme: dark)");
  // share and keep: the hash follows what is on screen (see keepState)
  private readonly hash = new HashSync();
  /** the pinned baseline's text and the explained lead, for the link */
  private sharedBaseline: string | undefined;
  private sharedLead: string | undefined;
  /** a link that could not be read stays in the address bar until the first edit */
  private holdHash = false;
  private onScheme = () => monaco.editor.setTheme(this.dark.matches ? "sla-dark" : "sla-light");

  constructor() {
    super();
    this.diagnostics = [];
    this.text = "";
    this.report = null;
    this.previous = null;
    this.lastRun = null;
    this.runs = 0;
    this.simError = "";
    this.note = "";
    this.loading = true;
    this.tab = "report";
    this.version = 0;
    this.explainLead = "";
    this.shareError = "";
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render(): TemplateResult {
    const { errors } = countDiagnostics(this.diagnostics);
    return html`
      <header class="bar">
        <div class="brand"><b>slacode</b> playground</div>
        <button class="btn" data-testid="format" title="Format the SLA (Ctrl+S, Shift+Alt+F)" @click=${() => this.formatDocument()}>Format</button>
        <button class="btn ghost" data-testid="reset" title="Back to the sketch's inbound SLA" @click=${() => this.reset()}>Reset</button>
        ${this.note ? html`<span class="note" data-testid="note">${this.note}</span>` : nothing}
        <sla-share-menu .text=${this.text} ?pinned=${this.sharedBaseline !== undefined} ?has-report=${this.report !== null} ?uploaded=${this.lastRun?.data.kind === "upload"} .source=${this.shareSource()} .link=${() => this.shareLink()}></sla-share-menu>
        <span class="status ${errors || this.simError ? "has-errors" : ""}" data-testid="status" role="status">${this.status()}</span>
      </header>
      ${
        this.shareError
          ? html`<div class="share-error" role="alert" data-testid="share-error"><span>${this.shareError}</span><button class="btn ghost" type="button" @click=${() => (this.shareError = "")}>Dismiss</button></div>`
          : nothing
      }
      <main class="panes">
        <section class="left" aria-label="SLA editor">
          <div class="editor" id="editor" data-testid="editor"></div>
          <sla-problems class="problems" .diagnostics=${this.diagnostics} .text=${this.text} @reveal=${(e: CustomEvent<RevealDetail>) => this.reveal(e.detail)} @apply-fix=${(e: CustomEvent<ApplyFixDetail>) => this.applyFix(e.detail)}></sla-problems>
        </section>
        <section
          class="right"
          aria-label="Results"
          @explain-lead=${(e: CustomEvent<ExplainLeadDetail>) => this.openExplain(e.detail.id)}
          @pin-changed=${(e: CustomEvent<PinChangedDetail>) => this.pinChanged(e.detail.baseline)}
          @lead-explained=${(e: CustomEvent<LeadExplainedDetail>) => this.leadShown(e.detail.id)}
        >
          <div class="tabs" role="tablist" aria-label="Views" @keydown=${(e: KeyboardEvent) => this.tabKey(e)}>
            ${TABS.map(
              (t) => html`<button
                role="tab"
                id="tab-${t.id}"
                data-testid="tab-${t.id}"
                aria-selected=${this.tab === t.id ? "true" : "false"}
                aria-controls="panel-${t.id}"
                tabindex=${this.tab === t.id ? 0 : -1}
                @click=${() => this.showTab(t.id)}
              >${t.label}</button>`,
            )}
          </div>
          ${TABS.map(
            (
              t,
            ) => html`<div class="tab-panel" role="tabpanel" id="panel-${t.id}" aria-labelledby="tab-${t.id}" ?hidden=${this.tab !== t.id}>
              ${this.tab === t.id ? this.renderTab(t.id, errors) : nothing}
            </div>`,
          )}
        </section>
      </main>
    `;
  }

  private renderTab(tab: TabId, errors: number): TemplateResult {
    switch (tab) {
      case "report":
        return html`<sla-results
          .report=${this.report}
          .previous=${this.previous}
          .data=${this.lastRun?.data.label ?? ""}
          ?stale=${errors > 0 || this.simError !== ""}
          .errors=${errors}
          .message=${this.loading ? "Generating a quarter of inbound leads…" : this.simError && this.report ? `${this.simError} The report below is the last run that succeeded (an earlier SLA or data).` : this.simError}
        ></sla-results>`;
      case "compare":
        return html`<sla-compare-view .report=${this.report} .text=${this.text} .errors=${errors} .baseline=${this.sharedBaseline}></sla-compare-view>`;
      case "explain":
        return html`<sla-explain-view .report=${this.report} .lead=${this.explainLead}></sla-explain-view>`;
      case "plan":
        return html`<sla-plan-view .api=${this.api} .report=${this.report} .version=${this.version} ?stale=${errors > 0}></sla-plan-view>`;
      case "data": // the user's own data (playground/src/data/): a new one re-simulates
        return html`<sla-data-panel @data-changed=${() => this.reanalyze()}></sla-data-panel>`;
    }
  }

  showTab(tab: TabId): void {
    this.tab = tab;
    this.keepState();
  }

  /** A click on a lead anywhere (`explain-lead`): its story in the Explain tab. */
  openExplain(id: string): void {
    this.explainLead = id;
    this.leadShown(id);
    this.showTab("explain");
  }

  /** Arrow keys, Home and End move between tabs (the ARIA tabs pattern). */
  private tabKey(e: KeyboardEvent): void {
    const i = TABS.findIndex((t) => t.id === this.tab);
    const n = TABS.length;
    const next =
      e.key === "ArrowRight"
        ? (i + 1) % n
        : e.key === "ArrowLeft"
          ? (i + n - 1) % n
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? n - 1
              : -1;
    if (next < 0) return;
    e.preventDefault();
    this.showTab(TABS[next].id);
    void this.updateComplete.then(() => this.querySelector<HTMLElement>(`#tab-${TABS[next].id}`)?.focus());
  }

  /** "N errors, M warnings · simulated X events in Y ms" */
  status(): string {
    if (this.runs === 0) return this.simError || "checking…";
    const { errors, warnings } = countDiagnostics(this.diagnostics);
    const head = `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
    const run = this.lastRun;
    if (this.simError) return `${head} · simulation failed`;
    if (!run) return `${head} · not simulated (fix the errors)`;
    const sim = `${formatInt(run.report.events)} events in ${ms(run.replayMs)} ms`;
    if (errors) return `${head} · not re-simulated (last run: ${sim})`;
    return `${head} · simulated ${sim}` + (run.prepared ? ` (events prepared in ${ms(run.prepareMs)} ms)` : "");
  }

  protected override firstUpdated(): void {
    registerSlaLanguage({
      diagnostics: () => ({ text: this.text, diagnostics: this.diagnostics }),
      format: (text) => this.api.format(text),
    });
    registerLanguageService(this.api);
    let initial = SKETCH;
    try {
      initial = localStorage.getItem(STORAGE_KEY) ?? SKETCH;
    } catch {
      // storage may be disabled; the sketch it is
    }
    // a shared link wins over the copy kept in this browser
    const shared = this.restoreShared();
    if (shared) initial = shared.spec;
    this.model = monaco.editor.createModel(initial, LANGUAGE_ID, monaco.Uri.parse("inmemory://playground/inbound.sla"));
    this.editor = monaco.editor.create(this.querySelector<HTMLElement>("#editor")!, {
      model: this.model,
      theme: this.dark.matches ? "sla-dark" : "sla-light",
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13.5,
      lineHeight: 20,
      tabSize: 2,
      insertSpaces: true,
      renderWhitespace: "none",
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.OnCode },
      // completion comes from the language service only, not from words elsewhere in the text
      wordBasedSuggestions: "off",
      padding: { top: 8 },
      // Tab indents in the editor; Ctrl+M (Monaco's tab trap toggle) makes Tab move the focus instead
      ariaLabel: "SLA editor. Press Ctrl+M to let Tab move the focus out of the editor (and again to indent with Tab)",
    });
    this.dark.addEventListener("change", this.onScheme);
    this.disposables.push(
      this.model.onDidChangeContent(() => this.schedule()),
      this.editor.addAction({
        id: "sla.format",
        label: "Format SLA",
        keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS],
        run: () => void this.formatDocument(),
      }),
    );
    window.slaPlayground = {
      monaco,
      editor: this.editor,
      api: this.api,
      state: () => this.state(),
      format: () => this.formatDocument(),
      reset: () => this.reset(),
      showTab: (tab) => this.showTab(tab),
    };
    // After this update has finished (state set here would re-render twice).
    setTimeout(() => void this.analyze(), 0);
    if (shared) void this.applyShared(shared);
    this.hash.watch(() => location.reload());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    clearTimeout(this.noteTimer);
    this.dark.removeEventListener("change", this.onScheme);
    this.hash.unwatch();
    for (const d of this.disposables) d.dispose();
    this.editor?.dispose();
    this.model?.dispose();
  }

  private schedule(): void {
    this.holdHash = false;
    this.editedAt = performance.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.analyze(), DEBOUNCE_MS);
  }

  /**
   * Checks the text in the worker (markers, problems) and, when it is valid,
   * replays the data against it. Only the latest version's answers are drawn:
   * an older check or replay that returns late is dropped.
   */
  async analyze(): Promise<void> {
    const model = this.model;
    if (!model) return;
    const text = model.getValue();
    const version = ++this.version;
    const editedAt = this.editedAt || performance.now();
    let checked: Awaited<ReturnType<AnalysisApi["check"]>>;
    try {
      checked = await this.api.check(text, version);
    } catch (e) {
      this.loading = false;
      this.simError = `The checker failed: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    if (version !== this.version) return;
    monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(text, checked.diagnostics));
    this.markerMs = performance.now() - editedAt;
    this.diagnostics = checked.diagnostics;
    this.text = text;
    try {
      localStorage.setItem(STORAGE_KEY, text);
    } catch {
      // not persisted; fine
    }
    if (checked.ok) {
      const r = await this.api.simulate(version).catch((e: unknown) => ({
        status: "failed" as const,
        version,
        message: `The replay failed: ${e instanceof Error ? e.message : String(e)}`,
      }));
      if (version !== this.version || r.status === "superseded") return;
      this.loading = false;
      if (r.status === "failed") this.simError = r.message;
      else {
        // the deltas compare two runs on the same data only (not across an upload)
        this.previous = this.reportEpoch === this.dataEpoch ? this.report : null;
        this.reportEpoch = this.dataEpoch;
        this.report = r.report;
        this.lastRun = r;
        this.simError = "";
      }
      await this.updateComplete;
      this.resultMs = performance.now() - editedAt;
    }
    this.runs++;
    this.keepState();
    this.dispatchEvent(new CustomEvent("analyzed", { detail: { version } }));
  }

  /** Re-replays the current text (after the data changed). */
  reanalyze(): void {
    this.dataEpoch++;
    this.editedAt = performance.now();
    void this.analyze();
  }

  /** Replaces the text with its canonical layout (one undo step). Returns the note shown. */
  async formatDocument(): Promise<string> {
    const editor = this.editor;
    const model = this.model;
    if (!editor || !model) return "";
    const text = model.getValue();
    const r = await this.api.format(text);
    let note: string;
    if (model.getValue() !== text) note = "";
    else if (!r.ok) note = "Fix the syntax errors first";
    else if (r.text === text) note = "Already formatted";
    else {
      const pos = editor.getPosition();
      editor.pushUndoStop();
      editor.executeEdits("format", [{ range: model.getFullModelRange(), text: r.text }]);
      editor.pushUndoStop();
      if (pos) editor.setPosition(model.validatePosition(pos));
      note = "Formatted";
    }
    if (note) this.flash(note);
    return note;
  }

  reset(): void {
    const editor = this.editor;
    const model = this.model;
    if (!editor || !model || model.getValue() === SKETCH) return;
    editor.pushUndoStop();
    editor.executeEdits("reset", [{ range: model.getFullModelRange(), text: SKETCH }]);
    editor.pushUndoStop();
    editor.setPosition({ lineNumber: 1, column: 1 });
    editor.revealLine(1);
    this.flash("Back to the example: Ctrl+Z brings your SLA back", 6000);
  }

  private flash(note: string, ms = 2500): void {
    this.note = note;
    clearTimeout(this.noteTimer);
    this.noteTimer = setTimeout(() => (this.note = ""), ms);
  }

  /** A fix from the problems list, as one undoable edit. */
  private applyFix(fix: ApplyFixDetail): void {
    const editor = this.editor;
    if (!editor) return;
    editor.pushUndoStop();
    editor.executeEdits(
      "quick-fix",
      fix.edits.map((e) => ({ range: e.range, text: e.text })),
    );
    editor.pushUndoStop();
    editor.focus();
  }

  private reveal(d: RevealDetail): void {
    const editor = this.editor;
    const model = this.model;
    if (!editor || !model) return;
    const s = model.getPositionAt(d.offset);
    const e = model.getPositionAt(d.end);
    editor.setSelection(new monaco.Range(s.lineNumber, s.column, e.lineNumber, e.column));
    editor.revealRangeInCenterIfOutsideViewport(new monaco.Range(s.lineNumber, s.column, e.lineNumber, e.column));
    editor.focus();
  }

  // ---- share and keep (playground/src/share) ----

  /** What a link carries now: the spec, the pinned baseline, the open tab, the explained lead. */
  private sharedState(): SharedState {
    const s: SharedState = { spec: this.model?.getValue() ?? this.text };
    if (this.sharedBaseline !== undefined) s.baseline = this.sharedBaseline;
    if (this.tab !== "report") s.tab = this.tab;
    if (this.sharedLead !== undefined) s.lead = this.sharedLead;
    return s;
  }

  /** Writes the state into the URL hash (debounced; no history entry). */
  private keepState(): void {
    if (!this.holdHash && this.model) this.hash.schedule(this.sharedState());
  }

  /** The link to share, up to date. */
  shareLink(): string {
    this.holdHash = false;
    this.keepState();
    return this.hash.flush();
  }

  /** Reads the hash at load: the shared state, or null (a link that cannot be read shows why). */
  private restoreShared(): SharedState | null {
    const r = this.hash.initial();
    if (r.kind === "error") {
      this.shareError = `This link could not be opened: ${r.message} Showing the spec kept in this browser instead.`;
      this.holdHash = true;
      return null;
    }
    if (r.kind === "none") return null;
    const s = r.state;
    this.sharedBaseline = s.baseline;
    this.sharedLead = s.lead;
    const tab = TABS.find((t) => t.id === s.tab);
    if (tab) this.tab = tab.id;
    return s;
  }

  /**
   * Pins the link's baseline in the worker (the Compare tab reads it from there),
   * and opens its lead in the Explain tab once the spec has been replayed.
   */
  private async applyShared(s: SharedState): Promise<void> {
    if (s.baseline !== undefined) {
      const r = await this.api.pin(s.baseline).catch((e: unknown) => ({
        ok: false as const,
        message: e instanceof Error ? e.message : String(e),
      }));
      if (!r.ok) {
        this.sharedBaseline = undefined;
        this.shareError = `The link's baseline could not be pinned: ${r.message}`;
      }
      this.requestUpdate();
    }
    const lead = s.lead;
    if (lead !== undefined) {
      if (this.runs === 0) await new Promise((ok) => this.addEventListener("analyzed", ok, { once: true }));
      this.explainLead = lead;
    }
  }

  /** `pin-changed` from the Compare tab: the baseline goes into the link (or out of it). */
  private pinChanged(baseline: string | null): void {
    this.sharedBaseline = baseline ?? undefined;
    this.requestUpdate();
    this.keepState();
  }

  /** `lead-explained` from the Explain tab: the lead goes into the link. */
  private leadShown(id: string): void {
    this.sharedLead = id || undefined;
    this.keepState();
  }

  /** The header menu's downloads, made by the worker. */
  private shareSource(): ShareSource {
    return {
      reportHtml: () => this.api.reportHtml(),
      reportMarkdown: () => this.api.reportMarkdown(),
      compare: async () => {
        const r = await this.api.compare();
        return r.status === "done" || r.status === "no-impact" ? r.markdown : null;
      },
    };
  }

  /** The share menu (tests and the console). */
  get shareMenu(): SlaShareMenu | null {
    return this.querySelector("sla-share-menu");
  }

  state(): PlaygroundState {
    const { errors, warnings } = countDiagnostics(this.diagnostics);
    return {
      runs: this.runs,
      errors,
      warnings,
      codes: this.diagnostics.map((d) => d.code),
      breaches: this.report ? this.report.breaches.length : null,
      events: this.report ? this.report.events : null,
      replayMs: this.lastRun ? this.lastRun.replayMs : null,
      markerMs: this.markerMs,
      resultMs: this.resultMs,
      data: this.lastRun?.data.label ?? "",
      stale: errors > 0 || this.simError !== "",
      status: this.status(),
      simError: this.simError,
    };
  }
}

function ms(x: number): string {
  return x < 10 ? x.toFixed(1) : String(Math.round(x));
}

customElements.define("sla-playground", SlaPlayground);

declare global {
  interface HTMLElementTagNameMap {
    "sla-playground": SlaPlayground;
  }
}
