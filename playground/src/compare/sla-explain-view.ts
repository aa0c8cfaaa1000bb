// The Explain tab: one lead's story as `sla explain` prints it (the worker's
// explain(): engine/explain.ts + engine/render/explain.ts), for the current
// spec over the current data: its events with the segment, terms and value
// after each, then every clock with its start, pauses, due instant (the SLA's
// zone, UTC in brackets) and why it was met or breached. A lead id comes from
// the search box (suggestions from the data's lead ids) or from a click on a
// breach anywhere (`explain-lead`: the shell sets `lead`).
import { html, LitElement, nothing, type TemplateResult } from "lit";
import type { SimReport } from "../../../engine/result.ts";
import { type AnalysisApi, analysis } from "../worker/client.ts";
import { leadExplainedEvent } from "./events.ts";
import type { ExplainResult } from "./explain-lead.ts";
import { viewStyles } from "./view-styles.ts";

export class SlaExplainView extends LitElement {
  static override properties = {
    report: { attribute: false },
    lead: { type: String },
    query: { state: true },
    suggestions: { state: true },
    result: { state: true },
    busy: { state: true },
  };
  static override styles = viewStyles;

  /**
   * The analysis worker (the page's one). Not a Lit binding: the RPC handle is
   * a Proxy that answers every property name, and Lit would take it for a directive.
   */
  api: AnalysisApi = analysis();
  /** the shell's latest report: a new one means a new version of the spec (the story is told again) */
  declare report: SimReport | null;
  /** the lead to explain (set by the shell on `explain-lead`) */
  declare lead: string;
  declare query: string;
  declare suggestions: string[];
  declare result: ExplainResult | null;
  declare busy: boolean;

  private seq = 0;
  private suggestSeq = 0;

  constructor() {
    super();
    this.report = null;
    this.lead = "";
    this.query = "";
    this.suggestions = [];
    this.result = null;
    this.busy = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.seq++;
    this.suggestSeq++;
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has("lead") && this.lead) {
      this.query = this.lead;
      void this.explain(this.lead);
    } else if (changed.has("report") && changed.get("report") !== undefined && this.result?.status === "done")
      void this.explain(this.result.lead, false);
  }

  /** Tells `id`'s story; only the latest answer is shown. */
  async explain(id: string, announce = true): Promise<void> {
    const api = this.api;
    const seq = ++this.seq;
    this.busy = true;
    let r: ExplainResult;
    try {
      r = await api.explain(id);
    } catch (e) {
      r = {
        status: "failed",
        lead: id,
        message: `The explanation failed: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    if (seq !== this.seq) return;
    this.busy = false;
    this.result = r;
    if (r.status === "done" && announce) this.dispatchEvent(leadExplainedEvent(r.lead));
  }

  private async suggest(query: string): Promise<void> {
    const api = this.api;
    const seq = ++this.suggestSeq;
    const ids = query.trim() === "" ? [] : await api.leadIds(query).catch(() => []);
    if (seq === this.suggestSeq) this.suggestions = ids;
  }

  private onInput(e: Event): void {
    this.query = (e.target as HTMLInputElement).value;
    void this.suggest(this.query);
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    const id = this.query.trim();
    if (id) void this.explain(id);
    else {
      // nothing to look up: the previous answer (a "No lead ..." after a typo) must not stay as if it were this one's
      this.seq++;
      this.busy = false;
      this.result = { status: "failed", lead: "", message: "Type a lead id." };
    }
  }

  override render(): TemplateResult {
    return html`
      <h2>Explain a lead</h2>
      <form class="bar" role="search" aria-label="Explain a lead" @submit=${(e: Event) => this.onSubmit(e)}>
        <label for="lead-id">Lead id</label>
        <input
          id="lead-id"
          data-testid="lead-id"
          list="lead-ids"
          autocomplete="off"
          spellcheck="false"
          placeholder="e.g. L23"
          .value=${this.query}
          @input=${(e: Event) => this.onInput(e)}
        />
        <datalist id="lead-ids">${this.suggestions.map((id) => html`<option value=${id}></option>`)}</datalist>
        <button class="primary" type="submit" data-testid="explain">Explain</button>
      </form>
      <div aria-live="polite" aria-busy=${this.busy ? "true" : "false"}>${this.body()}</div>
    `;
  }

  private body(): TemplateResult | typeof nothing {
    const r = this.result;
    if (!r)
      return html`<p class="muted">
        Type a lead id, or click a lead in the report's breaches or in Compare: its events, the segment and terms after
        each, and every clock with its due time and why it was met or breached, as <code>sla explain</code> prints it.
      </p>`;
    switch (r.status) {
      case "failed":
        return html`<p class="banner error" role="alert" data-testid="explain-message">${r.message}</p>`;
      case "unknown":
        return html`<p class="banner" role="alert" data-testid="explain-message">${r.message}</p>
          ${r.suggestion ? html`<button data-testid="did-you-mean" @click=${() => this.useSuggestion(r.suggestion!)}>Explain ${r.suggestion}</button>` : nothing}`;
      case "done":
        return html`${r.stale ? html`<p class="banner" data-testid="explain-stale">The SLA has errors: this is the story under the last version without errors.</p>` : nothing}
          ${r.note ? html`<p class="muted" data-testid="explain-note">${r.note}</p>` : nothing}
          <pre tabindex="0" role="region" aria-label=${`Timeline of lead ${r.lead}`} data-testid="timeline">${r.text}</pre>`;
    }
  }

  private useSuggestion(id: string): void {
    this.query = id;
    void this.explain(id);
  }
}

customElements.define("sla-explain-view", SlaExplainView);

declare global {
  interface HTMLElementTagNameMap {
    "sla-explain-view": SlaExplainView;
  }
}
