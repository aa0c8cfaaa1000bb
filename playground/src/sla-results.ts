// The report tab: what the SLA would have done to the data (generated or uploaded).
// A compact summary (obligations, commitments, first breaches) built from the
// SimReport, with the change since the previous run; and the full HTML report
// of `sla simulate --format html` in a sandboxed iframe.
import { css, html, LitElement, nothing, type TemplateResult } from "lit";
import {
  DASH,
  describeActions,
  describeCommitment,
  formatAmount,
  formatCompliance,
  formatInt,
  formatOfGoal,
  formatTarget,
  formatTime,
  formatWindow,
  headlineTimes,
  plural,
  timesIn,
  verdict,
} from "../../engine/render/format.ts";
import { renderHtml } from "../../engine/render/html.ts";
import type { CommitmentReport, ObligationReport, SimReport } from "../../engine/result.ts";
import { explainLeadEvent } from "./compare/events.ts";
import { dataFitItems } from "./data-fit-view.ts";
import { bannerStyles, tableStyles } from "./view-styles.ts";

export const FIRST_BREACHES = 25;

type Tab = "summary" | "report";

export class SlaResults extends LitElement {
  static override properties = {
    report: { attribute: false },
    previous: { attribute: false },
    stale: { type: Boolean, reflect: true },
    errors: { type: Number },
    message: { type: String },
    data: { type: String },
    tab: { state: true },
  };

  declare report: SimReport | null;
  /** the report of the run before, for the deltas */
  declare previous: SimReport | null;
  /** the SLA currently has errors: the report is the last valid one */
  declare stale: boolean;
  declare errors: number;
  /** shown instead of (or above) the report: loading, or a replay failure */
  declare message: string;
  /** what was replayed: "a generated quarter of inbound leads (seed 42)", an upload's file names */
  declare data: string;
  declare tab: Tab;

  private htmlFor: SimReport | null = null;
  private htmlCache = "";

  constructor() {
    super();
    this.report = null;
    this.previous = null;
    this.stale = false;
    this.errors = 0;
    this.message = "";
    this.data = "";
    this.tab = "summary";
  }

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      min-width: 0;
      font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
      color: var(--fg);
      background: var(--bg);
    }
    nav {
      display: flex;
      gap: 2px;
      padding: 6px 12px 0;
      border-bottom: 1px solid var(--border);
      background: var(--panel);
    }
    nav button {
      font: inherit;
      border: 1px solid transparent;
      border-bottom: none;
      background: none;
      color: var(--muted);
      padding: 5px 12px;
      border-radius: 6px 6px 0 0;
      cursor: pointer;
    }
    nav button[aria-selected="true"] {
      color: var(--fg);
      background: var(--bg);
      border-color: var(--border);
      margin-bottom: -1px;
      font-weight: 600;
    }
    .body {
      flex: 1;
      overflow: auto;
      padding: 12px 16px 24px;
      min-height: 0;
    }
    .frame {
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
    }
    .frame .banner {
      margin: 8px 12px;
    }
    iframe {
      flex: 1;
      border: 0;
      width: 100%;
      background: #fff;
    }
    ${bannerStyles}
    /* stale: greyed, not faded (faded text would fail AA contrast); the banner says why */
    :host([stale]) .report {
      filter: grayscale(0.85);
    }
    h2 {
      font-size: 17px;
      margin: 0 8px 0 0;
      display: inline;
    }
    h3 {
      font-size: 14px;
      margin: 20px 0 6px;
      padding-bottom: 3px;
      border-bottom: 1px solid var(--border);
    }
    .title {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 6px;
      margin-bottom: 8px;
    }
    .badge {
      display: inline-block;
      padding: 1px 9px;
      border-radius: 999px;
      font-size: 12px;
      font-weight: 600;
      /* AA contrast in both schemes: white on the light colours, near-black on the dark ones */
      color: var(--on-accent);
      background: var(--muted);
    }
    /* (.ok and .bad below colour text; on a badge the text stays --on-accent) */
    .badge.ok {
      color: var(--on-accent);
      background: var(--ok);
    }
    .badge.bad {
      color: var(--on-accent);
      background: var(--bad);
    }
    .kpis {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(110px, 1fr));
      gap: 6px;
    }
    .kpis div {
      border: 1px solid var(--border);
      background: var(--panel);
      border-radius: 6px;
      padding: 4px 9px;
    }
    .kpis dt {
      color: var(--muted);
      font-size: 11px;
    }
    .kpis dd {
      margin: 0;
      font-size: 16px;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    ${tableStyles}
    td.name {
      overflow-wrap: anywhere;
    }
    .ok {
      color: var(--ok);
    }
    .bad {
      color: var(--bad);
    }
    .muted,
    .empty {
      color: var(--muted);
    }
    ul.data-fit {
      margin: 6px 0 10px;
      padding-left: 18px;
      font-size: 12px;
    }
    ul.data-fit li.why {
      color: var(--bad);
      font-weight: 600;
    }
    ul.data-fit li.ignored {
      color: var(--muted);
      list-style: none;
    }
    /* rows an upload's reading rejected (data-fit-view.ts) */
    ul.data-fit li.rejected code {
      color: var(--bad);
    }
    .delta {
      font-size: 11px;
      margin-left: 4px;
      font-weight: 600;
    }
    .meter {
      display: inline-block;
      vertical-align: middle;
      width: 54px;
      height: 7px;
      margin-left: 6px;
      border-radius: 4px;
      background: var(--border);
      overflow: hidden;
    }
    .meter span {
      display: block;
      height: 100%;
      background: var(--ok);
    }
    .meter span.short {
      background: var(--bad);
    }
    code,
    .mono {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 12px;
    }
    .wrap {
      overflow-x: auto;
    }
    button.lead {
      font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      color: var(--accent);
      background: none;
      border: 1px solid transparent;
      border-radius: 4px;
      padding: 0 4px;
      text-decoration: underline;
      cursor: pointer;
    }
    button.lead:hover {
      background: var(--hover);
    }
    button.lead:focus-visible {
      outline: 2px solid var(--accent);
    }
  `;

  override render(): TemplateResult {
    return html`
      <nav role="tablist">
        ${this.tabButton("summary", "Summary")} ${this.tabButton("report", "Full report")}
      </nav>
      ${this.tab === "report" && this.report ? this.renderFrame(this.report) : html`<div class="body" data-testid="results" tabindex="0" role="region" aria-label="Report summary">${this.renderSummary()}</div>`}
    `;
  }

  private tabButton(tab: Tab, label: string): TemplateResult {
    return html`<button role="tab" aria-selected=${this.tab === tab ? "true" : "false"} @click=${() => (this.tab = tab)}>${label}</button>`;
  }

  private renderFrame(r: SimReport): TemplateResult {
    if (this.htmlFor !== r) {
      this.htmlFor = r;
      this.htmlCache = renderHtml(r, { maxBreaches: 200 });
    }
    return html`<div class="frame">${this.banner()}<iframe title="Full simulation report" sandbox="" srcdoc=${this.htmlCache}></iframe></div>`;
  }

  private banner(): TemplateResult | typeof nothing {
    if (this.message)
      return html`<p class="banner ${this.report ? "" : "error"}" data-testid="results-message">${this.message}</p>`;
    if (this.stale && this.report)
      return html`<p class="banner" data-testid="stale">Showing the last valid run. Fix ${plural(this.errors, "error")} to re-simulate.</p>`;
    return nothing;
  }

  private renderSummary(): TemplateResult {
    const r = this.report;
    if (!r) return html`${this.banner()}`;
    const prev = this.previous;
    const v = verdict(r.obligations);
    return html`
      ${this.banner()}
      <div class="report">
        <div class="title">
          <h2>${r.sla}</h2>
          <span class="badge ${v.ok === null ? "" : v.ok ? "ok" : "bad"}">${v.text}</span>
        </div>
        <dl class="kpis">
          ${kpi("Leads", r.leads)} ${kpi("Events", r.events)} ${kpi("Breaches", r.breaches.length, prev?.breaches.length, "breaches")}
          ${kpi("Warnings", r.warnings.length, prev?.warnings.length)}
        </dl>
        <p class="muted">${r.from?.slice(0, 10) ?? "?"} → ${r.to?.slice(0, 10) ?? "?"} · ${this.data || "generated data"} · ${timesIn(r.timezone)}</p>
        ${this.dataFit(r)}

        <h3>Obligations</h3>
        ${r.obligations.length ? this.obligations(r.obligations, prev) : html`<p class="empty">The SLA has no respond, cadence or expect rules.</p>`}

        <h3>Commitments</h3>
        ${r.commitments.length ? this.commitments(r.commitments) : html`<p class="empty">No <code>marketing delivers</code> commitments.</p>`}

        <h3>First breaches ${r.breaches.length > FIRST_BREACHES ? html`<span class="muted">(${FIRST_BREACHES} of ${formatInt(r.breaches.length)})</span>` : nothing}</h3>
        ${this.breaches(r)}
      </div>
    `;
  }

  /** How the sample data does not fit this SLA (first, so a zero is never silent). */
  private dataFit(r: SimReport): TemplateResult | typeof nothing {
    const items = dataFitItems(r);
    if (items.length === 0) return nothing;
    return html`<ul class="data-fit" data-testid="data-fit">
      ${items.map((i) => html`<li class=${i.tone}>${i.code ? html`<code>${i.code}</code> ` : nothing}${i.text}</li>`)}
    </ul>`;
  }

  private obligations(obs: ObligationReport[], prev: SimReport | null): TemplateResult {
    return html`<div class="wrap">
      <table data-testid="obligations">
        <thead>
          <tr>
            <th>Obligation</th>
            <th>Window</th>
            <th class="n">Met</th>
            <th class="n">Breached</th>
            <th class="n">Pending</th>
            <th class="n">p90</th>
            <th class="n">Compliance</th>
            <th class="n">Target</th>
          </tr>
        </thead>
        <tbody>
          ${obs.map((o) => {
            const before = prev?.obligations.find((p) => p.name === o.name);
            const cls = o.held === null ? "" : o.held ? "ok" : "bad";
            const t = headlineTimes(o);
            return html`<tr>
              <td class="name">${o.name}</td>
              <td>${formatWindow(o)}</td>
              <td class="n">${formatInt(o.met)}</td>
              <td class="n">${formatInt(o.breached)}${delta(o.breached, before?.breached, true)}</td>
              <td class="n">${formatInt(o.pending)}</td>
              <td class="n">${t.p90}</td>
              <td class="n ${cls}">${formatCompliance(o.compliance, o.target)} ${o.held === null ? "" : o.held ? "✓" : "✗"}</td>
              <td class="n">${formatTarget(o.target)}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private commitments(cs: CommitmentReport[]): TemplateResult {
    return html`<div class="wrap">
      <table data-testid="commitments">
        <thead>
          <tr>
            <th>Commitment</th>
            <th>Period</th>
            <th class="n">Actual</th>
            <th>Of goal</th>
          </tr>
        </thead>
        <tbody>
          ${cs.flatMap((c) =>
            c.periods.length === 0
              ? [
                  html`<tr><td>${describeCommitment(c)}</td><td colspan="3" class="empty">no periods in the data</td></tr>`,
                ]
              : c.periods.map((p, i) => {
                  const share = c.goal > 0 ? Math.min(1, p.actual / c.goal) : 1;
                  return html`<tr>
                    <td>${i === 0 ? describeCommitment(c) : ""}</td>
                    <td>${p.period}${p.partial ? html` <span class="muted">(partial)</span>` : nothing}</td>
                    <td class="n">${formatAmount(c.kind, p.actual)}</td>
                    <td class="${p.held ? "ok" : "bad"}">
                      ${formatOfGoal(p.actual, c.goal)}<span class="meter"><span class=${p.held ? "" : "short"} style="width:${(share * 100).toFixed(1)}%"></span></span>
                      ${p.held ? "held" : p.partial ? "short" : "missed"}
                    </td>
                  </tr>`;
                }),
          )}
        </tbody>
      </table>
    </div>`;
  }

  private breaches(r: SimReport): TemplateResult {
    if (r.breaches.length === 0) return html`<p class="empty">No breaches.</p>`;
    return html`<div class="wrap">
      <table data-testid="breaches">
        <thead>
          <tr>
            <th>Lead</th>
            <th>Obligation</th>
            <th>Clock started</th>
            <th>Owner</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          ${r.breaches.slice(0, FIRST_BREACHES).map(
            (b) => html`<tr>
              <td><button class="lead" aria-label=${`Explain lead ${b.lead}`} @click=${() => this.dispatchEvent(explainLeadEvent(b.lead))}>${b.lead}</button></td>
              <td class="name">${b.name}</td>
              <td class="mono">${formatTime(b.start, r.timezone)}</td>
              <td>${b.owner ?? DASH}</td>
              <td>${describeActions(b.actions)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

function kpi(label: string, n: number, before?: number, testid?: string): TemplateResult {
  return html`<div><dt>${label}</dt><dd data-testid=${testid ?? nothing}>${formatInt(n)}${delta(n, before, true)}</dd></div>`;
}

/** "+12" / "−12" next to a count that changed since the previous run; more is bad when `moreIsBad`. */
function delta(now: number, before: number | undefined, moreIsBad: boolean): TemplateResult | typeof nothing {
  if (before === undefined || before === now) return nothing;
  const up = now > before;
  const cls = up === moreIsBad ? "bad" : "ok";
  return html`<span class="delta ${cls}" title="change since the previous run">${up ? "+" : "−"}${formatInt(Math.abs(now - before))}</span>`;
}

customElements.define("sla-results", SlaResults);

declare global {
  interface HTMLElementTagNameMap {
    "sla-results": SlaResults;
  }
}
