// The right pane's "Data" tab: the user's own data instead of the generated
// sample. Drop or pick a JSONL file or a CRM export (leads + activities
// [+ field history] CSV), check the roles guessed from names and headers,
// choose the mapping (Salesforce, HubSpot, or a mapping JSON file) and load.
// The files are read in the analysis worker (File objects are cloned into it),
// never uploaded. On success it dispatches `data-changed` (bubbles, composed):
// the shell re-simulates. Problems come back located (file:line and code).
import { css, html, LitElement, nothing, type TemplateResult } from "lit";
import { formatInt } from "../../../engine/render/format.ts";
import { paneStyles } from "../view-styles.ts";
import { type AnalysisApi, analysis } from "../worker/client.ts";
import type { DataInfo } from "../worker/protocol.ts";
import type { DataGuess } from "./data-api.ts";
import { DATA_ROLES, type DataRole, type PresetName } from "./kinds.ts";
import type { DataError, MappingChoice } from "./upload-source.ts";

interface Picked {
  file: File;
  role: DataRole;
  because: string;
}

type MappingKind = PresetName | "file";

const ROLE_LABEL: Record<DataRole, string> = {
  events: "events (JSONL)",
  leads: "leads / contacts",
  activities: "activities",
  history: "field history",
};

const size = (bytes: number): string =>
  bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : bytes >= 1e3 ? `${Math.round(bytes / 1e3)} KB` : `${bytes} B`;

/** What the tab shows across its re-creation (the shell renders only the open tab). */
interface Kept {
  picked: Picked[];
  mapping: MappingKind;
  mappingFile: File | null;
  error: DataError | null;
}
let kept: Kept = { picked: [], mapping: "salesforce", mappingFile: null, error: null };

export class SlaDataPanel extends LitElement {
  static override properties = {
    info: { state: true },
    picked: { state: true },
    mapping: { state: true },
    mappingFile: { state: true },
    busy: { state: true },
    error: { state: true },
    dragging: { state: true },
  };

  /** the worker (not a bound property: Lit would take the RPC proxy for a directive) */
  api: AnalysisApi = analysis();
  declare info: DataInfo | null;
  declare picked: Picked[];
  declare mapping: MappingKind;
  declare mappingFile: File | null;
  declare busy: string;
  declare error: DataError | null;
  declare dragging: boolean;

  constructor() {
    super();
    this.info = null;
    this.picked = kept.picked;
    this.mapping = kept.mapping;
    this.mappingFile = kept.mappingFile;
    this.busy = "";
    this.error = kept.error;
    this.dragging = false;
  }

  protected override updated(): void {
    kept = { picked: this.picked, mapping: this.mapping, mappingFile: this.mappingFile, error: this.error };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    this.info = await this.api.dataInfo();
  }

  static override styles = css`
    ${paneStyles}
    h2 {
      font-size: 15px;
      margin: 0 0 4px;
    }
    h3 {
      font-size: 13px;
      margin: 16px 0 6px;
    }
    p {
      margin: 4px 0 8px;
    }
    .muted {
      color: var(--muted);
    }
    .drop {
      border: 2px dashed var(--border);
      border-radius: 8px;
      padding: 16px;
      margin: 10px 0;
      background: var(--panel);
    }
    .drop.over {
      border-color: var(--accent);
    }
    .drop label {
      font-weight: 600;
      margin-right: 8px;
    }
    table {
      border-collapse: collapse;
      width: 100%;
      margin: 6px 0;
    }
    th,
    td {
      text-align: left;
      padding: 4px 6px;
      border-bottom: 1px solid var(--border);
      vertical-align: middle;
    }
    th {
      font-size: 11px;
      color: var(--muted);
      font-weight: 600;
    }
    td.n {
      text-align: right;
      white-space: nowrap;
    }
    td.name {
      overflow-wrap: anywhere;
    }
    fieldset {
      border: 1px solid var(--border);
      border-radius: 6px;
      margin: 10px 0;
      padding: 6px 12px 10px;
    }
    legend {
      font-weight: 600;
      padding: 0 4px;
    }
    fieldset label {
      margin-right: 14px;
      white-space: nowrap;
    }
    button,
    select,
    input {
      font: inherit;
      color: inherit;
    }
    select {
      background: var(--bg);
      border: 1px solid var(--border);
      border-radius: 4px;
      padding: 2px 4px;
    }
    button {
      border: 1px solid var(--border);
      background: var(--panel);
      border-radius: 6px;
      padding: 4px 12px;
      cursor: pointer;
    }
    button.primary {
      background: var(--accent);
      border-color: var(--accent);
      color: var(--on-accent, #fff);
      font-weight: 600;
    }
    button:disabled {
      opacity: 0.6;
      cursor: default;
    }
    button:focus-visible,
    select:focus-visible,
    input:focus-visible {
      outline: 2px solid var(--accent);
      outline-offset: 1px;
    }
    .actions {
      display: flex;
      gap: 8px;
      align-items: center;
      flex-wrap: wrap;
      margin: 10px 0;
    }
    .error {
      color: var(--bad);
      background: var(--bad-bg);
      border-radius: 6px;
      padding: 8px 12px;
      overflow-wrap: anywhere;
    }
    .error code,
    li code {
      font-weight: 600;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 2px 12px;
      margin: 6px 0;
    }
    dt {
      color: var(--muted);
    }
    dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }
    ul.rejected {
      font-size: 12px;
      padding-left: 18px;
      margin: 4px 0;
    }
  `;

  override render(): TemplateResult {
    const info = this.info;
    return html`
      <h2>Data</h2>
      <p data-testid="data-label">Replaying: <b>${info?.label ?? "…"}</b></p>
      <p class="muted">
        Your files are read in this page (in its worker), never uploaded anywhere. A JSONL file of events, or a CRM
        export: the leads (or contacts) CSV, its activities and, optionally, its field history.
      </p>
      <div
        class="drop ${this.dragging ? "over" : ""}"
        data-testid="data-drop"
        @dragover=${(e: DragEvent) => this.dragOver(e)}
        @dragleave=${() => (this.dragging = false)}
        @drop=${(e: DragEvent) => this.drop(e)}
      >
        <label for="data-files">Drop files here, or choose them:</label>
        <input
          id="data-files"
          data-testid="data-files"
          type="file"
          multiple
          accept=".jsonl,.ndjson,.gz,.csv,.tsv,.txt,text/csv,application/json"
          @change=${(e: Event) => this.chosen(e)}
        />
      </div>
      ${this.picked.length ? this.renderPicked() : nothing}
      <div class="actions">
        <button
          class="primary"
          data-testid="data-load"
          ?disabled=${this.picked.length === 0 || this.busy !== ""}
          @click=${() => void this.load()}
        >Load</button>
        <button data-testid="data-generated" ?disabled=${this.busy !== ""} @click=${() => void this.useGenerated()}>
          Use generated sample
        </button>
        ${this.busy ? html`<span role="status" class="muted" data-testid="data-busy">${this.busy}</span>` : nothing}
      </div>
      ${this.error ? this.renderError(this.error) : nothing}
      ${info?.upload ? this.renderSummary(info) : nothing}
    `;
  }

  private renderPicked(): TemplateResult {
    const csv = this.picked.some((p) => p.role !== "events");
    return html`
      <table data-testid="data-picked">
        <thead>
          <tr><th>File</th><th class="n">Size</th><th>What it is</th><th><span class="muted">guessed from</span></th><th></th></tr>
        </thead>
        <tbody>
          ${this.picked.map(
            (p, i) => html`<tr>
              <td class="name">${p.file.name}</td>
              <td class="n">${size(p.file.size)}</td>
              <td>
                <select
                  aria-label="What ${p.file.name} is"
                  data-testid="data-role"
                  @change=${(e: Event) => this.setRole(i, (e.target as HTMLSelectElement).value as DataRole)}
                >
                  ${DATA_ROLES.map((r) => html`<option value=${r} ?selected=${r === p.role}>${ROLE_LABEL[r]}</option>`)}
                </select>
              </td>
              <td class="muted">${p.because}</td>
              <td><button aria-label="Remove ${p.file.name}" @click=${() => this.removeFile(i)}>Remove</button></td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${csv ? this.renderMapping() : nothing}
    `;
  }

  private renderMapping(): TemplateResult {
    const radio = (kind: MappingKind, label: string) =>
      html`<label><input
          type="radio"
          name="mapping"
          value=${kind}
          data-testid="data-mapping-${kind}"
          .checked=${this.mapping === kind}
          @change=${() => (this.mapping = kind)}
        />
        ${label}</label>`;
    return html`<fieldset data-testid="data-mapping">
      <legend>Mapping (CRM columns to the SLA's fields)</legend>
      ${radio("salesforce", "Salesforce")} ${radio("hubspot", "HubSpot")} ${radio("file", "Mapping JSON file")}
      ${
        this.mapping !== "file"
          ? nothing
          : this.mappingFile
            ? // the chosen file stays on screen (a file input re-created empty would hide it)
              html`<div>
              Mapping file: <b data-testid="data-map-file-name">${this.mappingFile.name}</b>
              <button aria-label="Remove the mapping file ${this.mappingFile.name}" data-testid="data-map-file-remove" @click=${() => (this.mappingFile = null)}>Remove</button>
            </div>`
            : html`<div>
            <label for="data-map-file">Mapping file:</label>
            <input id="data-map-file" data-testid="data-map-file" type="file" accept=".json,application/json" @change=${(e: Event) => (this.mappingFile = (e.target as HTMLInputElement).files?.[0] ?? null)} />
          </div>`
      }
    </fieldset>`;
  }

  private renderError(e: DataError): TemplateResult {
    return html`<p class="error" role="alert" data-testid="data-error">
      ${e.code ? html`<code>${e.code}</code> ` : nothing}${e.message}
      <br /><span class="muted">Nothing was loaded: the report still replays the data named above.</span>
    </p>`;
  }

  private renderSummary(info: DataInfo): TemplateResult {
    const u = info.upload!;
    return html`<section data-testid="data-summary" aria-label="Loaded data">
      <h3>Loaded</h3>
      <dl>
        <dt>Leads</dt><dd data-testid="data-leads">${formatInt(u.leads)}</dd>
        <dt>Events</dt><dd data-testid="data-events">${formatInt(u.events)}</dd>
        ${u.mapping ? html`<dt>Mapping</dt><dd>${u.mapping}</dd>` : nothing}
        <dt>Rows rejected</dt><dd data-testid="data-rejected">${formatInt(u.rejected.count)}</dd>
        ${u.ignoredRows ? html`<dt>Rows ignored</dt><dd>${formatInt(u.ignoredRows)} <span class="muted">(rows no mapping rule uses)</span></dd>` : nothing}
        ${u.duplicates ? html`<dt>Duplicates</dt><dd>${formatInt(u.duplicates)}</dd>` : nothing}
        <dt>Read and prepared in</dt><dd>${formatInt(Math.round(u.prepareMs))} ms</dd>
      </dl>
      <table>
        <thead><tr><th>File</th><th>As</th><th class="n">Size</th><th class="n">Events / rows</th><th class="n">Rejected</th></tr></thead>
        <tbody>
          ${u.files.map(
            (f) => html`<tr>
              <td class="name">${f.name}</td><td>${ROLE_LABEL[f.role]}</td><td class="n">${size(f.size)}</td>
              <td class="n">${formatInt(f.events)}</td><td class="n">${formatInt(f.rejected)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${
        u.rejected.count
          ? html`<h3>Rejected rows ${u.rejected.count > u.rejected.rows.length ? html`<span class="muted">(first ${u.rejected.rows.length} of ${formatInt(u.rejected.count)}; the report lists them all)</span>` : nothing}</h3>
            <ul class="rejected" data-testid="data-rejected-rows">
              ${u.rejected.rows.map((r) => html`<li><code>${r.code}</code> ${r.file}:${r.line}: ${r.reason}</li>`)}
            </ul>`
          : nothing
      }
      <p class="muted">The Report tab shows what the SLA does on this data, with how the data fits it.</p>
    </section>`;
  }

  private dragOver(e: DragEvent): void {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    this.dragging = true;
  }

  private drop(e: DragEvent): void {
    e.preventDefault();
    this.dragging = false;
    void this.add([...(e.dataTransfer?.files ?? [])]);
  }

  private chosen(e: Event): void {
    const input = e.target as HTMLInputElement;
    void this.add([...(input.files ?? [])]);
    input.value = ""; // choosing the same file again fires change again
  }

  /** Adds files (a file of the same name replaces the earlier one) and guesses what they are, in the worker. */
  private async add(files: File[]): Promise<void> {
    if (files.length === 0) return;
    this.error = null;
    const kept = this.picked.filter((p) => !files.some((f) => f.name === p.file.name));
    let guess: DataGuess;
    try {
      guess = await this.api.guessData(files);
    } catch (e) {
      this.error = {
        code: "",
        file: "",
        line: 0,
        message: `Could not read the files: ${e instanceof Error ? e.message : String(e)}`,
      };
      return;
    }
    this.picked = [
      ...kept,
      ...files.map((file, i) => ({ file, role: guess.files[i].role, because: guess.files[i].because })),
    ];
    if (guess.preset && this.mapping !== "file") this.mapping = guess.preset;
    // a JSONL file, or an export whose files and preset were all recognised: load at once
    // (the roles and the mapping stay on screen: change them and load again)
    if (this.sure(guess)) await this.load();
  }

  /** Whether the guess leaves nothing to choose: every file recognised, and the mapping known for CSV. */
  private sure(guess: DataGuess): boolean {
    if (this.picked.some((p) => p.because === "default")) return false;
    const csv = this.picked.some((p) => p.role !== "events");
    if (!csv) return true;
    const mappingKnown =
      this.mapping === "file"
        ? this.mappingFile !== null
        : guess.preset !== null && this.picked.every((p) => p.role === "events" || p.because.endsWith(" columns"));
    return mappingKnown && this.picked.some((p) => p.role === "leads");
  }

  private setRole(i: number, role: DataRole): void {
    this.picked = this.picked.map((p, j) => (j === i ? { ...p, role, because: "your choice" } : p));
  }

  private removeFile(i: number): void {
    this.picked = this.picked.filter((_, j) => j !== i);
  }

  private mappingChoice(): MappingChoice | null {
    if (!this.picked.some((p) => p.role !== "events")) return null;
    if (this.mapping !== "file") return { preset: this.mapping };
    return this.mappingFile ? { file: this.mappingFile } : null;
  }

  private async load(): Promise<void> {
    this.error = null;
    const total = this.picked.reduce((s, p) => s + p.file.size, 0);
    this.busy = `Reading ${size(total)}…`;
    try {
      const r = await this.api.loadData(
        this.picked.map((p) => ({ role: p.role, file: p.file })),
        this.mappingChoice(),
      );
      if (!r.ok) {
        this.error = r.error;
        return;
      }
      this.info = r.data;
      this.changed();
    } catch (e) {
      this.error = {
        code: "",
        file: "",
        line: 0,
        message: `Could not load the data: ${e instanceof Error ? e.message : String(e)}`,
      };
    } finally {
      this.busy = "";
    }
  }

  private async useGenerated(): Promise<void> {
    this.error = null;
    this.info = await this.api.useGenerated();
    this.picked = [];
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new CustomEvent("data-changed", { bubbles: true, composed: true, detail: { data: this.info } }));
  }
}

customElements.define("sla-data-panel", SlaDataPanel);

declare global {
  interface HTMLElementTagNameMap {
    "sla-data-panel": SlaDataPanel;
  }
}
