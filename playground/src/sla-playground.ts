// The playground: Monaco on the left (checked on every change), the replay of
// a generated quarter on the right (re-simulated on every valid change), and a
// status line. Rendered into light DOM: Monaco's CSS lives in the document and
// would not reach a shadow root.
import { html, LitElement, nothing, type TemplateResult } from "lit";
import { formatInt, plural } from "../../engine/render/format.ts";
import type { SimReport } from "../../engine/result.ts";
import { compileSource } from "../../language/compile.ts";
import type { Diagnostic } from "../../language/diagnostics.ts";
import { format } from "../../language/format.ts";
import { countDiagnostics, MARKER_OWNER, toMarkers } from "./markers.ts";
import { monaco } from "./monaco.ts";
import { PLAYGROUND_DATA, type SimRun, Simulator } from "./simulator.ts";
import { LANGUAGE_ID, registerSlaLanguage } from "./sla-language.ts";
import type { ApplyFixDetail, RevealDetail } from "./sla-problems.ts";
import "./sla-problems.ts";
import "./sla-results.ts";
import sketch from "../../specs/examples/inbound/inbound.sla?raw";

export const SKETCH: string = sketch;
export const DEBOUNCE_MS = 150;
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
  /** the SLA has errors: the report shown is an older one */
  stale: boolean;
  status: string;
  simError: string;
}

export interface PlaygroundHook {
  monaco: typeof monaco;
  editor: monaco.editor.IStandaloneCodeEditor;
  state(): PlaygroundState;
  format(): string;
  reset(): void;
}

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
  };

  declare diagnostics: Diagnostic[];
  declare text: string;
  declare report: SimReport | null;
  declare previous: SimReport | null;
  declare lastRun: SimRun | null;
  declare runs: number;
  declare simError: string;
  /** transient note next to the Format button */
  declare note: string;
  declare loading: boolean;

  private editor: monaco.editor.IStandaloneCodeEditor | null = null;
  private model: monaco.editor.ITextModel | null = null;
  private sim = new Simulator(PLAYGROUND_DATA);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private noteTimer: ReturnType<typeof setTimeout> | undefined;
  private disposables: monaco.IDisposable[] = [];
  private dark = matchMedia("(prefers-color-scheme: dark)");
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
        <span class="status ${errors ? "has-errors" : ""}" data-testid="status" role="status">${this.status()}</span>
      </header>
      <main class="panes">
        <section class="left">
          <div class="editor" id="editor" data-testid="editor"></div>
          <sla-problems class="problems" .diagnostics=${this.diagnostics} .text=${this.text} @reveal=${(e: CustomEvent<RevealDetail>) => this.reveal(e.detail)} @apply-fix=${(e: CustomEvent<ApplyFixDetail>) => this.applyFix(e.detail)}></sla-problems>
        </section>
        <sla-results
          class="right"
          .report=${this.report}
          .previous=${this.previous}
          ?stale=${errors > 0}
          .errors=${errors}
          .message=${this.loading ? "Generating a quarter of inbound leads…" : this.simError}
        ></sla-results>
      </main>
    `;
  }

  /** "N errors, M warnings · simulated X events in Y ms" */
  status(): string {
    if (this.runs === 0) return "checking…";
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
    registerSlaLanguage();
    let initial = SKETCH;
    try {
      initial = localStorage.getItem(STORAGE_KEY) ?? SKETCH;
    } catch {
      // storage may be disabled; the sketch it is
    }
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
      padding: { top: 8 },
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
      state: () => this.state(),
      format: () => this.formatDocument(),
      reset: () => this.reset(),
    };
    // Check at once (markers), then let the page paint before generating the quarter.
    // (Both after this update has finished: state set here would re-render twice.)
    setTimeout(() => this.analyze(false), 0);
    setTimeout(() => this.analyze(true), 30);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    clearTimeout(this.noteTimer);
    this.dark.removeEventListener("change", this.onScheme);
    for (const d of this.disposables) d.dispose();
    this.editor?.dispose();
    this.model?.dispose();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.analyze(true), DEBOUNCE_MS);
  }

  /** Check the SLA (markers, problems) and, when it is valid, replay the quarter. */
  private analyze(simulate: boolean): void {
    const model = this.model;
    if (!model) return;
    const text = model.getValue();
    const { diagnostics, ir } = compileSource(text);
    monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(text, diagnostics));
    this.diagnostics = diagnostics;
    this.text = text;
    if (simulate) {
      this.loading = false;
      try {
        localStorage.setItem(STORAGE_KEY, text);
      } catch {
        // not persisted; fine
      }
      if (ir) {
        try {
          const run = this.sim.run(ir);
          this.previous = this.report;
          this.report = run.report;
          this.lastRun = run;
          this.simError = "";
        } catch (e) {
          this.simError = `The replay failed: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
      this.runs++;
    }
  }

  /** Replaces the text with its canonical layout (one undo step). Returns the note shown. */
  formatDocument(): string {
    const editor = this.editor;
    const model = this.model;
    if (!editor || !model) return "";
    const text = model.getValue();
    const r = format(text);
    let note: string;
    if (!r.ok) note = "Fix the syntax errors first";
    else if (r.text === text) note = "Already formatted";
    else {
      const pos = editor.getPosition();
      editor.pushUndoStop();
      editor.executeEdits("format", [{ range: model.getFullModelRange(), text: r.text }]);
      editor.pushUndoStop();
      if (pos) editor.setPosition(model.validatePosition(pos));
      note = "Formatted";
    }
    this.flash(note);
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
  }

  private flash(note: string): void {
    this.note = note;
    clearTimeout(this.noteTimer);
    this.noteTimer = setTimeout(() => (this.note = ""), 2500);
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
      stale: errors > 0,
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
