// The Compare tab: pin the current spec as the baseline, then after every
// replay see what the edits do against it, as `sla diff --events` computes it
// (the worker's compare(): engine/review-change.ts): the changes in words,
// compliance per obligation before -> after, targets that flip, breaches that
// appear or disappear (a lead id opens the Explain tab), segment moves, breach
// actions, lead value, commitments; and the review as Markdown for a pull
// request. Above it, how the data fit the current SLA (the Report tab's
// notices); when no lead is in scope of it (EV507) that is all it shows: an
// impact of unmeasured leads is not good news. Main thread: plain data from the worker, no compiler here.
import { html, LitElement, nothing, type TemplateResult } from "lit";
import type { SimDiff } from "../../../engine/diff.ts";
import type { Flip } from "../../../engine/flips.ts";
import {
  describeActions,
  formatCompliance,
  formatInt,
  formatMoney,
  formatOfGoal,
  formatPercent,
  formatTarget,
  formatTime,
  plural,
  timesIn,
} from "../../../engine/render/format.ts";
import type { LocalizedBreach, SimReport } from "../../../engine/result.ts";
import type { ChangeReviewJson } from "../../../engine/review-change.ts";
import { type AnalysisApi, analysis } from "../worker/client.ts";
import type { CompareFit, CompareResult, PinnedInfo } from "./compare.ts";
import { explainLeadEvent, pinChangedEvent } from "./events.ts";
import { viewStyles } from "./view-styles.ts";

/** Breach rows listed per side before "and N more" (the Markdown download has them all, up to the CLI's 20 + count). */
export const BREACH_ROWS = 50;

export class SlaCompareView extends LitElement {
  static override properties = {
    report: { attribute: false },
    text: { attribute: false },
    errors: { type: Number },
    baseline: { attribute: false },
    pinned: { state: true },
    result: { state: true },
    message: { state: true },
    note: { state: true },
    busy: { state: true },
  };
  static override styles = viewStyles;

  /**
   * The analysis worker (the page's one). Not a Lit binding: the RPC handle is
   * a Proxy that answers every property name, and Lit would take it for a directive.
   */
  api: AnalysisApi = analysis();
  /** the shell's latest report: a new one means a new valid version to compare */
  declare report: SimReport | null;
  /** the editor's (last checked) text: what Pin pins */
  declare text: string;
  /** errors in the current text (the impact shown is then the last valid version's) */
  declare errors: number;
  /** the baseline's text as the shell knows it (a shared link pins one): when it is not ours, ask the worker */
  declare baseline: string | undefined;
  declare pinned: PinnedInfo | null;
  declare result: CompareResult | null;
  /** why a pin was refused, or a failure talking to the worker */
  declare message: string;
  /** "Copied" after the Markdown went to the clipboard */
  declare note: string;
  declare busy: boolean;

  private seq = 0;
  private ready = false;
  private noteTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.report = null;
    this.text = "";
    this.errors = 0;
    this.pinned = null;
    this.result = null;
    this.message = "";
    this.note = "";
    this.busy = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.noteTimer);
    this.seq++;
  }

  protected override firstUpdated(): void {
    // the tab is re-created when opened: the baseline lives in the worker
    void this.restore();
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (!this.ready)
      this.ready = true; // the first update: firstUpdated restores
    else if (changed.has("baseline") && this.baseline !== this.pinned?.text) void this.restore();
    else if (changed.has("report") && this.pinned) void this.refresh();
  }

  private async restore(): Promise<void> {
    this.pinned = await this.api.pinned();
    if (this.pinned) await this.refresh();
    else this.result = null;
  }

  /** Asks the worker for the review of the current version against the baseline; only the latest answer is shown. */
  async refresh(): Promise<void> {
    const api = this.api;
    const seq = ++this.seq;
    this.busy = true;
    try {
      const r = await api.compare();
      // superseded: a newer edit's report triggers its own comparison; keep showing this one meanwhile
      if (seq !== this.seq || r.status === "superseded") return;
      this.result = r;
      this.pinned = r.status === "unpinned" ? null : r.pinned;
    } catch (e) {
      if (seq === this.seq) this.message = `The comparison failed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      if (seq === this.seq) this.busy = false;
    }
  }

  async pin(): Promise<void> {
    const api = this.api;
    const r = await api.pin(this.text);
    if (!r.ok) {
      this.message = r.message;
      return;
    }
    this.message = "";
    this.pinned = r.pinned;
    this.dispatchEvent(pinChangedEvent(r.pinned.text));
    await this.refresh();
  }

  async unpin(): Promise<void> {
    await this.api.unpin();
    this.seq++;
    this.pinned = null;
    this.result = null;
    this.message = "";
    this.busy = false;
    this.dispatchEvent(pinChangedEvent(null));
  }

  private markdown(): string | null {
    const r = this.result;
    return r && (r.status === "done" || r.status === "no-impact") ? r.markdown : null;
  }

  private async copy(): Promise<void> {
    const md = this.markdown();
    if (md === null) return;
    try {
      await navigator.clipboard.writeText(md);
      this.flash("Copied the review as Markdown");
    } catch {
      this.flash("The clipboard is not available here: use Download");
    }
  }

  private download(): void {
    const md = this.markdown();
    if (md === null) return;
    const url = URL.createObjectURL(new Blob([md], { type: "text/markdown" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "sla-diff.md";
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  private flash(note: string): void {
    this.note = note;
    clearTimeout(this.noteTimer);
    this.noteTimer = setTimeout(() => (this.note = ""), 2500);
  }

  private explain(id: string): void {
    this.dispatchEvent(explainLeadEvent(id));
  }

  override render(): TemplateResult {
    return html`
      <h2 id="compare-title">Compare with a pinned version</h2>
      ${this.pinBar()}
      ${this.message ? html`<p class="banner error" role="alert" data-testid="compare-message">${this.message}</p>` : nothing}
      <div aria-live="polite" aria-busy=${this.busy ? "true" : "false"}>${this.body()}</div>
    `;
  }

  private pinBar(): TemplateResult {
    const p = this.pinned;
    if (!p)
      return html`<p>
          Pin the SLA as it is now; every edit after that shows what it changes against the pinned version, on the same
          data, as <code>sla diff</code> computes it.
        </p>
        <div class="bar">
          <button class="primary" data-testid="pin" @click=${() => this.pin()}>Pin this version</button>
        </div>`;
    const md = this.markdown() !== null;
    return html`<div class="bar" data-testid="pinned">
      <span
        >Pinned <code title=${`sha256 ${p.sha256}`}>sha256 ${p.sha256.slice(0, 12)}</code> at
        <time datetime=${p.pinnedAt}>${localClock(p.pinnedAt)}</time></span
      >
      <button data-testid="repin" title="Pin the SLA as it is now instead" @click=${() => this.pin()}>Pin current</button>
      <button data-testid="unpin" @click=${() => this.unpin()}>Unpin</button>
      <button data-testid="copy-md" ?disabled=${!md} @click=${() => this.copy()}>Copy as Markdown</button>
      <button data-testid="download-md" ?disabled=${!md} @click=${() => this.download()}>Download .md</button>
      ${this.note ? html`<span class="muted" role="status">${this.note}</span>` : nothing}
    </div>`;
  }

  private body(): TemplateResult | typeof nothing {
    const r = this.result;
    if (!this.pinned || !r) return this.pinned && this.busy ? html`<p class="muted">Comparing…</p>` : nothing;
    switch (r.status) {
      case "unpinned":
      case "superseded":
        return nothing;
      case "errors":
      case "failed":
        return html`<p class="banner ${r.status === "failed" ? "error" : ""}" data-testid="compare-status">${r.message}</p>`;
      case "no-impact":
        return html`<p class="banner" data-testid="compare-status">${r.message}</p>
          ${this.fit(r.fit)} ${this.changes(r.changes)}`;
      case "done":
        // no lead in scope of the current SLA: "breaches that disappear" would read as good news; it is not
        if (r.fit.noScope !== null)
          return html`<p class="banner error" role="alert" data-testid="compare-no-scope">
              <strong>No impact to show: no lead is in scope of the current SLA on these data.</strong>
              ${r.fit.noScope} <code>EV507</code>. Compliance and breaches against the pinned version would only say
              that nothing is measured any more: fix the SLA (or load data it fits) to see the impact.
            </p>
            ${this.fit(r.fit, false)} ${this.changes(r.review.changes)}`;
        return this.review(r.review, r.data, r.ms, r.fit);
    }
  }

  /** The current side's data-fit notices (as the Report tab lists them); those the pinned side lacks are marked. */
  private fit(fit: CompareFit, withWhy = true): TemplateResult | typeof nothing {
    // the no-lead-in-scope sentence is the banner above when withWhy is false
    const items = withWhy ? fit.items : fit.items.filter((i) => i.tone !== "why");
    if (items.length === 0) return nothing;
    return html`<h3>How the data fit the current SLA</h3>
      <ul class="data-fit" data-testid="compare-fit">
        ${items.map(
          (i) =>
            html`<li class=${i.tone}>
              ${i.code ? html`<code>${i.code}</code> ` : nothing}${i.text}${i.new && i.tone !== "ignored" ? html` <span class="new">(new with this edit)</span>` : nothing}
            </li>`,
        )}
      </ul>`;
  }

  private review(v: ChangeReviewJson, data: string, ms: number, fit: CompareFit): TemplateResult {
    const stale = this.errors > 0;
    // a breach that disappears because the edit leaves leads unmeasured is no improvement: say so next to them
    const unfit = fit.items.some((i) => i.new && (i.tone === "notice" || i.tone === "why"));
    return html`
      ${stale ? html`<p class="banner" data-testid="compare-stale">The SLA has ${plural(this.errors, "error")}: this is the impact of the last version without errors.</p>` : nothing}
      <div class=${stale ? "stale" : ""} data-testid="compare-review">
        <p class="muted">
          Replayed ${formatInt(v.events)} events of ${data} against both versions in ${Math.round(ms)} ms ·
          ${timesIn(v.timezone)}
        </p>
        ${this.fit(fit)} ${this.changes(v.changes)}
        <h3>Compliance per obligation</h3>
        ${this.obligations(v.obligations)}
        <h3>Targets that flip <span class="muted">(${v.flips.length === 0 ? "none" : v.flips.length})</span></h3>
        ${v.flips.length === 0 ? html`<p class="muted">No target flips between held and missed.</p>` : html`<ul data-testid="flips">${v.flips.map((f) => html`<li>${flipText(f)}</li>`)}</ul>`}
        <h3>Breaches that appear <span class="muted">(${formatInt(v.newBreaches.length)})</span></h3>
        ${this.breaches(v.newBreaches, v.timezone, "new-breaches", "No new breaches.")}
        <h3>Breaches that disappear <span class="muted">(${formatInt(v.goneBreaches.length)})</span></h3>
        ${
          unfit && v.goneBreaches.length > 0
            ? html`<p class="banner" data-testid="gone-unfit">
                The data fit the current SLA worse than the pinned one (see above): a breach may disappear only because
                its lead is no longer measured.
              </p>`
            : nothing
        }
        ${this.breaches(v.goneBreaches, v.timezone, "gone-breaches", "No breach disappears.")}
        <h3>Leads that land in another segment</h3>
        ${this.moves(v)}
        <h3>Breach actions and lead value</h3>
        ${this.actions(v)}
        ${v.commitments.length ? html`<h3>Commitments</h3>${this.commitments(v.commitments)}` : nothing}
      </div>
    `;
  }

  private changes(changes: ChangeReviewJson["changes"]): TemplateResult {
    if (changes.length === 0)
      return html`<h3>What changed in meaning</h3>
        <p class="muted" data-testid="changes">No change in meaning: the same obligations, windows and targets.</p>`;
    return html`<h3>What changed in meaning <span class="muted">(${plural(changes.length, "change")})</span></h3>
      <ul data-testid="changes">
        ${changes.map((c) => html`<li>${c.text}</li>`)}
      </ul>`;
  }

  private obligations(obs: SimDiff["obligations"]): TemplateResult {
    return html`<div class="wrap">
      <table data-testid="compare-obligations">
        <thead>
          <tr>
            <th scope="col">Obligation</th>
            <th scope="col" class="n">Breached</th>
            <th scope="col" class="n">Compliance before → after</th>
            <th scope="col" class="n">Target</th>
          </tr>
        </thead>
        <tbody>
          ${obs.map((o) => {
            const a = o.before;
            const b = o.after;
            const target = b?.target ?? a?.target ?? null;
            const worse = a && b && b.compliance !== null && a.compliance !== null && b.compliance < a.compliance;
            const better = a && b && b.compliance !== null && a.compliance !== null && b.compliance > a.compliance;
            return html`<tr>
              <td>${o.name}${a === null ? html` <span class="muted">(new)</span>` : b === null ? html` <span class="muted">(removed)</span>` : nothing}</td>
              <td class="n">${a ? formatInt(a.breached) : "–"} → ${b ? formatInt(b.breached) : "–"}</td>
              <td class="n ${worse ? "bad" : better ? "ok" : ""}">
                ${a ? formatCompliance(a.compliance, a.target) : "–"} → ${b ? formatCompliance(b.compliance, b.target) : "–"}
              </td>
              <td class="n">${a && b && a.target !== b.target ? `${formatTarget(a.target)} → ${formatTarget(b.target)}` : formatTarget(target)}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private breaches(bs: LocalizedBreach[], zone: string, testid: string, none: string): TemplateResult {
    if (bs.length === 0) return html`<p class="muted" data-testid=${testid}>${none}</p>`;
    return html`<div class="wrap">
      <table data-testid=${testid}>
        <thead>
          <tr>
            <th scope="col">Lead</th>
            <th scope="col">Obligation</th>
            <th scope="col">Due</th>
            <th scope="col">Owner</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          ${bs.slice(0, BREACH_ROWS).map(
            (b) => html`<tr>
              <td>
                <button class="lead" data-lead=${b.lead} aria-label=${`Explain lead ${b.lead}`} @click=${() => this.explain(b.lead)}>${b.lead}</button>
              </td>
              <td>${b.name}</td>
              <td class="mono">${formatTime(b.due, zone)}</td>
              <td>${b.owner ?? "–"}</td>
              <td>${describeActions(b.actions)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${bs.length > BREACH_ROWS ? html`<p class="muted">and ${formatInt(bs.length - BREACH_ROWS)} more (search a lead in the Explain tab)</p>` : nothing}
    </div>`;
  }

  private moves(v: ChangeReviewJson): TemplateResult {
    if (v.segmentMoves.length === 0)
      return html`<p class="muted" data-testid="moves">No lead lands in another segment.</p>`;
    return html`<ul data-testid="moves">
      ${v.segmentMoves.map(
        (m) =>
          html`<li>
            ${m.from} → ${m.to}: ${formatInt(m.count)}
            (${m.examples.map((id, i) => html`${i ? ", " : ""}<button class="lead" aria-label=${`Explain lead ${id}`} @click=${() => this.explain(id)}>${id}</button>`)}${m.count > m.examples.length ? ", …" : ""})
          </li>`,
      )}
    </ul>`;
  }

  private actions(v: ChangeReviewJson): TemplateResult {
    const changed = v.actions.filter((a) => a.before !== a.after);
    const bv = v.breachValue;
    return html`<ul data-testid="actions">
      <li>
        Breach actions fired:
        ${
          changed.length === 0
            ? "no change"
            : changed.map((a, i) => {
                const d = a.after - a.before;
                return html`${i ? ", " : ""}${a.type} ${formatInt(a.before)} → ${formatInt(a.after)}
                  <span class=${d > 0 ? "bad" : "ok"}>(${d > 0 ? "+" : "−"}${formatInt(Math.abs(d))})</span>`;
              })
        }
      </li>
      <li>
        Lead value: newly breaching ${formatMoney(bv.newValue)} (${plural(bv.newLeads, "lead")}), no longer breaching
        ${formatMoney(bv.goneValue)} (${plural(bv.goneLeads, "lead")})
      </li>
    </ul>`;
  }

  private commitments(cs: SimDiff["commitments"]): TemplateResult {
    return html`<div class="wrap">
      <table data-testid="compare-commitments">
        <thead>
          <tr>
            <th scope="col">Commitment</th>
            <th scope="col">Period</th>
            <th scope="col" class="n">Before</th>
            <th scope="col" class="n">After</th>
          </tr>
        </thead>
        <tbody>
          ${cs.flatMap((c) =>
            c.periods.map(
              (p, i) => html`<tr>
                <td>${i === 0 ? c.name : ""}</td>
                <td>${p.period}</td>
                <td class="n">${ofGoal(p.before, p.goalBefore)}</td>
                <td class="n">${ofGoal(p.after, p.goalAfter)}</td>
              </tr>`,
            ),
          )}
        </tbody>
      </table>
    </div>`;
  }
}

/** "held (96.2% of 95%)" style words for a flip, as `sla diff` prints it. */
export function flipText(f: Flip): string {
  const value = (x: number, goal: number) =>
    f.kind === "obligation" ? `${formatPercent(x)} of ${formatTarget(goal)}` : formatOfGoal(x, goal);
  return `${f.name}${f.period ? ` ${f.period}` : ""}: ${f.before} (${value(f.valueBefore, f.goalBefore)}) → ${f.after} (${value(f.valueAfter, f.goalAfter)})`;
}

function ofGoal(actual: number | null, goal: number | null): string {
  if (actual === null) return "–";
  return goal === null ? formatInt(actual) : formatOfGoal(actual, goal);
}

/** An ISO instant as the viewer's local wall clock ("30 Nov, 15:02"). */
function localClock(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleString(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

customElements.define("sla-compare-view", SlaCompareView);

declare global {
  interface HTMLElementTagNameMap {
    "sla-compare-view": SlaCompareView;
  }
}
