// The "Plan" tab: the plan's funnel (as `sla plan`), Marketing's commitments
// next to the stages they deliver, and plan vs actual over the current data
// (as `sla plan --events`) with the step that breaks the plan highlighted.
// The numbers come from the worker (api.plan, plan-data.ts); this element only
// draws them. A stage the data does not count by itself can be counted from an
// event type of the data (the CLI's `--stage STAGE=TYPE`).
import { planReference } from "virtual:sla-reference-plan";
import { css, html, LitElement, nothing, type TemplateResult } from "lit";
import type { PlanActualReport, StageSource } from "../../../engine/plan-actual.ts";
import { DASH, formatInt, formatMoney, formatPercent } from "../../../engine/render/format.ts";
import { stageSourceText } from "../../../engine/render/plan-actual.ts";
import type { SimReport } from "../../../engine/result.ts";
import { paneStyles } from "../view-styles.ts";
import type { PlanCommitment, PlanViewData, StageChoice } from "./plan-data.ts";

/** What the view needs from the worker. */
export interface PlanSource {
  plan(stages?: StageChoice): Promise<PlanViewData>;
}

type Ok = Extract<PlanViewData, { status: "ok" }>;

export const PLAN_EXAMPLE = `plan {
  revenue $1,000,000 per year
  average deal $10,000
  lead to opportunity 70%
  opportunity to customer 50%
}`;

export class SlaPlanView extends LitElement {
  static override properties = {
    report: { attribute: false },
    version: { type: Number },
    stale: { type: Boolean },
    data: { state: true },
    last: { state: true },
    stages: { state: true },
    error: { state: true },
  };

  /** the last report: a new one (a replay of an edit, new data) asks the worker again */
  declare report: SimReport | null;
  declare version: number;
  /** the SLA has errors: the plan shown is the last valid one */
  declare stale: boolean;
  declare data: PlanViewData | null;
  /** the last plan that was ok (shown, marked stale, while the SLA has errors) */
  declare last: Ok | null;
  /** stage -> event type chosen in the "counted from" selects */
  declare stages: StageChoice;
  declare error: string;
  /** set by the shell: the worker */
  api: PlanSource | null = null;
  private asked = 0;

  constructor() {
    super();
    this.report = null;
    this.version = 0;
    this.stale = false;
    this.data = null;
    this.last = null;
    this.stages = {};
    this.error = "";
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has("report") || changed.has("version") || changed.has("stages")) void this.refresh();
  }

  /** Asks the worker for the current plan; a late answer to an older question is dropped. */
  async refresh(): Promise<void> {
    if (!this.api) return;
    const n = ++this.asked;
    try {
      const d = await this.api.plan(this.stages);
      if (n !== this.asked) return;
      this.data = d;
      this.error = "";
      if (d.status === "ok") this.last = d;
    } catch (e) {
      if (n === this.asked) this.error = e instanceof Error ? e.message : String(e);
    }
    this.dispatchEvent(new CustomEvent("plan-rendered", { bubbles: true, composed: true }));
  }

  static override styles = css`
    ${paneStyles}
    h2 {
      font-size: 15px;
      margin: 18px 0 6px;
    }
    section:first-of-type > h2:first-child,
    :host > div > h2:first-child {
      margin-top: 0;
    }
    p {
      margin: 4px 0 8px;
    }
    .muted {
      color: var(--muted);
    }
    .note {
      padding: 6px 10px;
      border: 1px solid var(--warn-border);
      background: var(--warn-bg);
      border-radius: 6px;
    }
    table {
      border-collapse: collapse;
      width: 100%;
      font-variant-numeric: tabular-nums;
    }
    th,
    td {
      padding: 4px 8px;
      border-bottom: 1px solid var(--border);
      text-align: left;
      vertical-align: middle;
    }
    th {
      font-size: 12px;
      color: var(--muted);
      font-weight: 600;
    }
    .n {
      text-align: right;
    }
    .wrap {
      overflow-x: auto;
    }
    .funnel .bar {
      display: block;
      height: 10px;
      border-radius: 3px;
      background: var(--accent);
      min-width: 2px;
    }
    .funnel td.barcell {
      width: 35%;
    }
    .rate {
      color: var(--muted);
      font-size: 12px;
    }
    ul.commitments {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    ul.commitments li {
      padding: 6px 0;
      border-bottom: 1px solid var(--border);
    }
    .tag {
      display: inline-block;
      padding: 0 8px;
      border-radius: 999px;
      font-size: 12px;
      font-weight: 600;
      border: 1px solid currentColor;
      margin-left: 6px;
    }
    .ok {
      color: var(--ok);
    }
    .bad {
      color: var(--bad);
    }
    tr.breaks td {
      background: var(--bad-bg);
    }
    tr.breaks th,
    tr.breaks td:first-child {
      box-shadow: inset 3px 0 0 var(--bad);
    }
    .verdict {
      margin: 8px 0;
      font-weight: 600;
    }
    select {
      font: inherit;
      font-size: 12px;
      color: var(--fg);
      background: var(--bg);
      border: 1px solid var(--border);
      border-radius: 4px;
      padding: 1px 4px;
      max-width: 18em;
    }
    pre,
    code {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 12px;
    }
    pre {
      background: var(--panel);
      border: 1px solid var(--border);
      border-radius: 6px;
      padding: 8px 10px;
      overflow-x: auto;
      white-space: pre-wrap;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    details summary {
      cursor: pointer;
      color: var(--accent);
    }
  `;

  override render(): TemplateResult {
    if (this.error) return html`<p class="note" role="alert">The plan could not be computed: ${this.error}</p>`;
    const d = this.data;
    if (d === null) return html`<p class="muted">Computing the plan…</p>`;
    if (d.status === "no-plan") return this.renderEmpty();
    const ok = d.status === "ok" ? d : this.last;
    if (ok === null) return html`<p class="muted">Fix the errors in the SLA to see its plan.</p>`;
    return html`
      ${d.status !== "ok" || this.stale ? html`<p class="note" role="status">The SLA has errors: this is the plan of the last valid version.</p>` : nothing}
      ${this.renderFunnel(ok)} ${this.renderCommitments(ok)} ${this.renderActual(ok)}
    `;
  }

  private renderEmpty(): TemplateResult {
    return html`<div data-testid="plan-empty">
      <h2>No plan in this SLA</h2>
      <p>
        A <code>plan { … }</code> block states the funnel math behind the commitments: from a revenue goal (or a
        top-of-funnel volume) and the conversion rate of each stage, how many leads each stage needs per month,
        quarter and year. With one, this tab shows that funnel next to Marketing's commitments, and the stage where
        the loaded data breaks the plan's rates. Add one at the end of the SLA, for example:
      </p>
      <pre aria-label="Example plan block">${PLAN_EXAMPLE}</pre>
      <p>
        A stage named like a defined term (<code>MQL to SQL 10%</code>) ties the plan to the commitments: the checker
        warns (SLA480) when <code>marketing delivers</code> is below what the plan needs.
      </p>
      <details>
        <summary>The language reference on plans (sections 3.10 and 9)</summary>
        ${planReference.map((s) => html`<pre>${s}</pre>`)}
      </details>
    </div>`;
  }

  private renderFunnel(d: Ok): TemplateResult {
    const p = d.plan;
    const head =
      p.direction === "from-revenue"
        ? html`A revenue goal of <b>${formatMoney(p.revenuePerYear!)}</b> a year at ${formatMoney(p.averageDeal!)} a deal needs:`
        : html`A volume of <b>${formatInt(p.stages[0]?.perYear ?? 0)}</b> a year yields${p.revenuePerYear !== null ? html` <b>${formatMoney(p.revenuePerYear)}</b> of revenue a year` : nothing}:`;
    const top = Math.max(1, ...p.stages.map((s) => s.perYear));
    return html`<section aria-labelledby="plan-funnel">
      <h2 id="plan-funnel">Funnel</h2>
      <p>${head}</p>
      <div class="wrap">
        <table class="funnel" data-testid="plan-funnel">
          <thead>
            <tr><th scope="col">stage</th><th scope="col" class="n">per year</th><th scope="col" class="n">per quarter</th><th scope="col" class="n">per month</th><th scope="col"><span class="visually-hidden">share of the top stage</span></th></tr>
          </thead>
          <tbody>
            ${p.stages.map(
              (s, i) => html`<tr>
                <th scope="row">${s.name}${i > 0 ? html` <span class="rate" title="conversion from ${d.rates[i - 1].from}">(${formatPercent(d.rates[i - 1].rate, 0)} of ${d.rates[i - 1].from})</span>` : nothing}</th>
                <td class="n">${formatInt(s.perYear)}</td>
                <td class="n">${formatInt(s.perQuarter)}</td>
                <td class="n">${formatInt(s.perMonth)}</td>
                <td class="barcell" aria-hidden="true"><span class="bar" style="width:${Math.max(0.5, (s.perYear / top) * 100).toFixed(1)}%"></span></td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  private renderCommitments(d: Ok): TemplateResult {
    return html`<section aria-labelledby="plan-commitments">
      <h2 id="plan-commitments">Commitments</h2>
      ${
        d.commitments.length === 0
          ? html`<p class="muted">The SLA has no <code>marketing delivers</code> commitment.</p>`
          : html`<ul class="commitments" data-testid="plan-commitments">
            ${d.commitments.map((c) => html`<li>Marketing delivers <b>${c.text}</b> ${this.commitmentVerdict(c)}${this.held(c)}</li>`)}
          </ul>`
      }
    </section>`;
  }

  private commitmentVerdict(c: PlanCommitment): TemplateResult {
    switch (c.verdict) {
      case "carries":
        return html`<span class="tag ok">carries the plan</span> <span class="muted">(the plan needs ${formatInt(c.needed!)} ${c.stage} a ${c.per})</span>`;
      case "short":
        return html`<span class="tag bad">short of the plan</span> <span>the plan needs <b>${formatInt(c.needed!)}</b> ${c.stage} a ${c.per} to reach its revenue goal (SLA480)</span>`;
      case "forecast":
        return html`<span class="muted">— the plan starts from a volume: a forecast, no floor</span>`;
      case "unrelated":
        return html`<span class="muted">— ${c.stage === null ? html`<code>${c.term}</code> is not a plan stage` : "a value in dollars, not a count of the stage"}</span>`;
    }
  }

  private held(c: PlanCommitment): TemplateResult | typeof nothing {
    if (!c.held || c.held.periods === 0) return nothing;
    const all = c.held.held === c.held.periods;
    return html`<div class="muted">On the current data: held <span class=${all ? "ok" : "bad"}>${c.held.held} of ${c.held.periods}</span> ${c.per}s.</div>`;
  }

  private renderActual(d: Ok): TemplateResult {
    const a = d.actual;
    const title = html`<h2 id="plan-actual">Plan vs actual${d.dataLabel ? html` <span class="muted">on ${d.dataLabel}</span>` : nothing}</h2>`;
    if (!a)
      return html`<section aria-labelledby="plan-actual">${title}<p class="muted">${d.actualNote ?? "No data."}</p></section>`;
    return html`<section aria-labelledby="plan-actual" data-testid="plan-actual">
      ${title}
      <p class="muted">Leads reaching each stage per month (each lead counted once per stage, the first time).</p>
      ${this.renderStages(d, a)}
      <h2 id="plan-conversion">Conversion</h2>
      <p class="muted">Leads reaching the later stage / the earlier stage, in the same month.</p>
      ${this.renderSteps(a)}
      <p class="verdict" data-testid="plan-verdict" role="status">${this.verdictText(a)}</p>
    </section>`;
  }

  private renderStages(d: Ok, a: PlanActualReport): TemplateResult {
    return html`<div class="wrap"><table data-testid="plan-stages">
      <thead><tr><th scope="col">stage</th><th scope="col">counted from</th><th scope="col" class="n">plan / month</th>${a.months.map((m) => html`<th scope="col" class="n">${m}</th>`)}</tr></thead>
      <tbody>
        ${a.stages.map(
          (s) => html`<tr>
            <th scope="row">${s.stage}</th>
            <td>${this.sourceChooser(d, s.stage, s.source)}</td>
            <td class="n">${formatInt(s.planPerMonth)}</td>
            ${a.months.map((m) => html`<td class="n">${s.source.kind === "none" ? DASH : formatInt(s.months[m])}</td>`)}
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  /** How the stage is counted, and a choice of the data's event types to count it from instead. */
  private sourceChooser(d: Ok, stage: string, source: StageSource): TemplateResult {
    const chosen = d.stages[stage] ?? "";
    const auto = chosen ? "automatic" : `automatic: ${stageSourceText(source)}`;
    return html`<select
      aria-label="count the stage ${stage} from"
      data-testid="plan-stage-${stage}"
      @change=${(e: Event) => this.choose(stage, (e.target as HTMLSelectElement).value)}
    >
      <option value="" ?selected=${chosen === ""}>${auto}</option>
      ${d.eventTypes.map((t) => html`<option value=${t} ?selected=${chosen === t}>${t}</option>`)}
    </select>`;
  }

  private choose(stage: string, type: string): void {
    const next = { ...this.stages };
    if (type) next[stage] = type;
    else delete next[stage];
    this.stages = next;
  }

  private renderSteps(a: PlanActualReport): TemplateResult {
    const breaks = a.breaks;
    return html`<div class="wrap"><table data-testid="plan-steps">
      <thead><tr><th scope="col">step</th><th scope="col" class="n">plan</th><th scope="col" class="n">overall</th>${a.months.map((m) => html`<th scope="col" class="n">${m}</th>`)}</tr></thead>
      <tbody>
        ${a.steps.map((s) => {
          const broken = breaks !== null && breaks.from === s.from && breaks.to === s.to;
          return html`<tr class=${broken ? "breaks" : ""} data-testid=${broken ? "plan-breaks" : nothing}>
            <th scope="row">${s.from} → ${s.to}${broken ? html` <span class="tag bad">breaks the plan</span>` : nothing}</th>
            <td class="n">${formatPercent(s.plan)}</td>
            <td class="n">${
              s.overall === null
                ? DASH
                : html`<span class=${s.overall >= s.plan ? "ok" : "bad"}>${formatPercent(s.overall)} <span aria-label=${s.overall >= s.plan ? "at or above plan" : "below plan"}>${s.overall >= s.plan ? "✓" : "✗"}</span></span>`
            }</td>
            ${a.months.map((m) => html`<td class="n">${s.months[m] === null ? DASH : formatPercent(s.months[m])}</td>`)}
          </tr>`;
        })}
      </tbody>
    </table></div>`;
  }

  private verdictText(a: PlanActualReport): TemplateResult | string {
    if (a.breaks)
      return html`<span class="bad">The step that breaks the plan: ${a.breaks.from} → ${a.breaks.to}</span>, ${formatPercent(a.breaks.actual)} against ${formatPercent(a.breaks.plan)} planned.`;
    if (a.steps.every((s) => s.overall === null))
      return "No step can be measured: the data shows no two consecutive stages. Choose the event type that counts a stage in “counted from”.";
    return "Every measured step is at or above its plan rate.";
  }
}

customElements.define("sla-plan-view", SlaPlanView);

declare global {
  interface HTMLElementTagNameMap {
    "sla-plan-view": SlaPlanView;
  }
}
