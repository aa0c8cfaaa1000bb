// The HTML rendering of a SimReport (`sla simulate --format html`): one
// self-contained page, inline CSS and inline SVG charts, no scripts and no
// external resources. Every user string (SLA name, lead ids, owners, messages,
// URLs) is escaped; URLs are shown as text, never linked. Browser-safe.

import type { CommitmentReport, ObligationReport, Percentiles, SimReport } from "../result.ts";
import { htmlText } from "./escape.ts";
import { fitNotices, ignoredText, noticeText } from "./fit.ts";
import {
  DASH,
  describeActions,
  describeCommitment,
  formatAmount,
  formatCompliance,
  formatDuration,
  formatInt,
  formatOfGoal,
  formatRange,
  formatTarget,
  formatTime,
  formatWindow,
  plural,
  verdict,
} from "./format.ts";
import { holidayLines, warningActionLines } from "./holidays-warnings.ts";
import { pacingSentence } from "./pacing.ts";
import { planActualHtml } from "./plan-actual.ts";

/** User text as HTML text or attribute value. */
const esc = htmlText;

export interface HtmlOptions {
  /** Breaches listed (default 500). */
  maxBreaches?: number;
  /** Rejected rows listed (default 100). */
  maxRejected?: number;
}

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--card:#f6f8fa;--border:#d1d9e0;--ok:#1a7f37;--bad:#cf222e;--na:#8c959f;--plain:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--card:#151b23;--border:#3d444d;--ok:#2ea043;--bad:#da3633;--na:#656c76;--plain:#4493f8}}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
.page{max-width:1240px;margin:0 auto;padding:20px 24px}
h1{font-size:26px;margin:0 0 6px;overflow-wrap:anywhere}
h2{font-size:19px;margin:28px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--border)}
h3{font-size:16px;margin:0;overflow-wrap:anywhere}
h4{font-size:13px;margin:14px 0 4px;color:var(--muted);font-weight:600}
.verdict{font-size:15px;margin:4px 0 14px}
.muted,.empty{color:var(--muted)}
dl.summary{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:8px;margin:0}
dl.summary>div,dl.counts>div{background:var(--card);border:1px solid var(--border);border-radius:6px;padding:6px 10px}
dt{color:var(--muted);font-size:12px}
dd{margin:0;font-weight:600;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:16px}
.card{border:1px solid var(--border);border-radius:8px;padding:16px;min-width:0}
.owners{overflow-x:auto}.owners table{font-size:12px}
.card>header{display:flex;gap:8px;align-items:center;justify-content:space-between}
.meta{margin:2px 0 10px;color:var(--muted);font-size:13px}
.headline{display:flex;align-items:baseline;gap:10px;margin:4px 0 10px}
.headline .pct{font-size:30px;font-weight:700;font-variant-numeric:tabular-nums}
.pct.ok{color:var(--ok)}.pct.bad{color:var(--bad)}
dl.counts{display:grid;grid-template-columns:repeat(5,1fr);gap:6px;margin:0 0 8px}
.badge{display:inline-block;padding:2px 9px;border-radius:999px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.badge.held{background:var(--ok)}.badge.missed{background:var(--bad)}.badge.none{background:var(--na)}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:4px 8px;border-bottom:1px solid var(--border);text-align:left;vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600}
.n{text-align:right}
td.ok{color:var(--ok)}td.bad{color:var(--bad)}
.wrap{overflow-x:auto}
figure{margin:12px 0 0}
figcaption{font-size:12px;color:var(--muted);font-weight:600;margin-bottom:2px}
svg.chart{width:100%;height:auto;display:block;overflow:visible}
svg.chart text{fill:var(--muted);font-size:10px;font-family:inherit}
svg.chart .val{fill:var(--fg)}svg.chart .inbar{fill:#fff;font-size:9px}
svg.chart .bar.ok{fill:var(--ok)}svg.chart .bar.bad{fill:var(--bad)}svg.chart .bar.na{fill:var(--na)}svg.chart .bar.plain{fill:var(--plain)}
svg.chart .axis{stroke:var(--border);stroke-width:1}
svg.chart .target{stroke:var(--fg);stroke-width:1.5;stroke-dasharray:5 3}
.meter{display:inline-block;width:90px;height:8px;background:var(--card);border:1px solid var(--border);border-radius:4px;overflow:hidden;vertical-align:middle;margin-left:6px}
.meter>span{display:block;height:100%}
.meter>.ok{background:var(--ok)}.meter>.bad{background:var(--bad)}.meter>.na{background:var(--na)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;overflow-wrap:anywhere}
.breaches td{font-size:13px}
details>summary{cursor:pointer;color:var(--muted);font-size:13px;margin-top:10px}
ul.anomalies{padding-left:20px}ul.anomalies li{margin:4px 0}
.commitments{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:16px}
footer{margin-top:32px;color:var(--muted);font-size:12px}
`;

export function renderHtml(r: SimReport, opts: HtmlOptions = {}): string {
  const maxBreaches = Math.max(0, Math.floor(opts.maxBreaches ?? 500));
  const maxRejected = Math.max(0, Math.floor(opts.maxRejected ?? 100));
  const v = verdict(r.obligations);
  const p: string[] = [];
  p.push(
    `<!doctype html>`,
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${esc(r.sla)} · SLA report</title>`,
    `<style>${CSS}</style>`,
    `</head>`,
    `<body>`,
    `<div class="page">`,
  );

  // ---- summary header
  p.push(`<header>`, `<h1>${esc(r.sla)}</h1>`);
  p.push(
    `<p class="verdict"><span class="badge ${v.ok === null ? "none" : v.ok ? "held" : "missed"}">${esc(v.text)}</span></p>`,
  );
  const summary: [string, string][] = [
    ["Data range", esc(formatRange(r.from, r.to, r.timezone))],
    ["Times in", esc(r.timezone)],
    ["Events", formatInt(r.events)],
    ["Leads", formatInt(r.leads)],
    ["Duplicates", formatInt(r.duplicates)],
    ["Rejected rows", formatInt(r.rejected.count)],
    ["Breaches", formatInt(r.breaches.length)],
    ["Warnings", formatInt(r.warnings.length)],
  ];
  if (r.conflicts > 0) summary.push(["Conflicting events (EV203)", formatInt(r.conflicts)]);
  if (r.ignoredRows.count > 0) summary.push(["Activity rows matching no rule (EV306)", formatInt(r.ignoredRows.count)]);
  if (r.ignoredAfterUntil > 0) summary.push(["After --until (not replayed)", formatInt(r.ignoredAfterUntil)]);
  p.push(
    `<dl class="summary">${summary.map(([k, val]) => `<div><dt>${k}</dt><dd>${val}</dd></div>`).join("")}</dl>`,
    ...dataFitHtml(r),
    `</header>`,
  );

  p.push(`<main>`);

  // ---- obligations
  p.push(`<section id="obligations">`, `<h2>Obligations</h2>`);
  if (r.obligations.length === 0) p.push(`<p class="empty">The SLA has no respond, cadence or expect rules.</p>`);
  else p.push(`<div class="cards">`, ...r.obligations.map(card), `</div>`);
  p.push(`</section>`);

  // ---- commitments
  if (r.commitments.length) {
    p.push(
      `<section id="commitments">`,
      `<h2>Commitments</h2>`,
      `<div class="commitments">`,
      ...r.commitments.map(commitment),
      `</div>`,
      `</section>`,
    );
  }

  // ---- pacing (--until part-way through a period)
  if (r.pacing?.length)
    p.push(
      `<section id="pacing">`,
      `<h2>Pacing</h2>`,
      `<ul>${r.pacing.map((x) => `<li class="${x.behind ? "bad" : "ok"}">${esc(pacingSentence(x))}</li>`).join("")}</ul>`,
      `</section>`,
    );

  if (r.planActual) p.push(planActualHtml(r.planActual));

  // ---- anomalies
  p.push(`<section id="anomalies">`, `<h2>Anomalies</h2>`);
  if (r.anomalies.length === 0) p.push(`<p class="empty">None found.</p>`);
  else {
    p.push(`<ul class="anomalies">`);
    for (const a of r.anomalies) {
      const ex = a.examples.length
        ? ` <span class="muted">e.g. ${a.examples.map((x) => `<code>${esc(x)}</code>`).join(", ")}</span>`
        : "";
      p.push(`<li>⚠️ ${esc(a.message)} <span class="muted">(${formatInt(a.count)}×, ${esc(a.kind)})</span>${ex}</li>`);
    }
    p.push(`</ul>`);
  }
  p.push(`</section>`);

  // ---- warnings
  p.push(`<section id="warnings">`, `<h2>Warnings</h2>`);
  p.push(
    `<p>${plural(r.warnings.length, "warning")} fired (a clock passed its <code>warn at</code> share of the window).</p>`,
  );
  const warned = r.obligations.filter((o) => o.warnings > 0);
  if (warned.length)
    p.push(
      table(
        [["Obligation"], ["Warnings", "n"]],
        warned.map((o) => [[esc(o.name)], [formatInt(o.warnings), "n"]]),
      ),
    );
  const fired = warningActionLines(r);
  if (fired.length) p.push(`<ul class="warning-actions">${fired.map((l) => `<li>${esc(l)}</li>`).join("")}</ul>`);
  p.push(`</section>`);
  const holidays = holidayLines(r);
  if (holidays.length)
    p.push(
      `<section id="holidays">`,
      `<h2>Holidays</h2>`,
      `<ul>${holidays.map((l) => `<li>${esc(l)}</li>`).join("")}</ul>`,
      `</section>`,
    );

  // ---- rejected rows
  if (r.rejected.count > 0) {
    const shown = r.rejected.rows.slice(0, maxRejected);
    p.push(`<section id="rejected">`, `<h2>Rejected rows (${formatInt(r.rejected.count)})</h2>`);
    p.push(
      table(
        [["File"], ["Line", "n"], ["Reason"]],
        shown.map((row) => [[`<code>${esc(row.file)}</code>`], [formatInt(row.line), "n"], [esc(row.reason)]]),
      ),
    );
    if (r.rejected.count > shown.length)
      p.push(`<p class="muted">… and ${formatInt(r.rejected.count - shown.length)} more</p>`);
    p.push(`</section>`);
  }

  // ---- breaches
  p.push(`<section id="breaches">`, `<h2>Breaches (${formatInt(r.breaches.length)})</h2>`);
  if (r.breaches.length === 0) p.push(`<p class="empty">No breaches.</p>`);
  else {
    const shown = r.breaches.slice(0, maxBreaches);
    if (shown.length)
      p.push(
        `<div class="wrap breaches">` +
          table(
            [["Lead"], ["Obligation"], ["Clock started"], ["Due"], ["Owner"], ["Actions"]],
            shown.map((b) => [
              [`<code>${esc(b.lead)}</code>`],
              [esc(b.name)],
              [`<span class="mono">${esc(formatTime(b.start, r.timezone))}</span>`],
              [`<span class="mono">${esc(formatTime(b.due, r.timezone))}</span>`],
              [b.owner === null ? `<span class="muted">${DASH}</span>` : esc(b.owner)],
              [esc(describeActions(b.actions))],
            ]),
          ) +
          `</div>`,
      );
    const more = r.breaches.length - shown.length;
    if (more > 0) p.push(`<p class="muted">… and ${formatInt(more)} more (use <code>--format json</code> for all)</p>`);
  }
  p.push(`</section>`);

  p.push(`</main>`);
  p.push(
    `<footer>slacode · <code>sla simulate</code> report. Times in ${esc(r.timezone)}, with their UTC offset; months and commitment periods are in ${esc(r.timezone)} too.</footer>`,
    `</div>`,
    `</body>`,
    `</html>`,
  );
  return p.join("\n") + "\n";
}

// ---------------------------------------------------------------- obligation card

const RESPONSE_LABEL: Record<ObligationReport["kind"], string> = {
  respond: "first-response time",
  cadence: "time to the last required touch",
  expect: "time to the closing event",
};

function card(o: ObligationReport): string {
  const status = o.held === null ? "none" : o.held ? "held" : "missed";
  const badge = o.held === null ? (o.target === null ? "no target" : "undecided") : o.held ? "held" : "missed";
  const meta = [
    esc(o.kind),
    o.segment === null ? "all leads" : `segment <b>${esc(o.segment)}</b>`,
    `within ${esc(formatWindow(o))}`,
  ];
  const out: string[] = [];
  out.push(`<article class="card ${status}">`);
  out.push(`<header><h3>${esc(o.name)}</h3><span class="badge ${status}">${badge}</span></header>`);
  out.push(`<p class="meta">${meta.join(" · ")}</p>`);
  out.push(
    `<div class="headline"><span class="pct ${o.held === null ? "" : o.held ? "ok" : "bad"}">${esc(formatCompliance(o.compliance, o.target))}</span>` +
      `<span class="muted">compliance · target ${esc(formatTarget(o.target))}</span></div>`,
  );
  const counts: [string, number][] = [
    ["In scope", o.inScope],
    ["Met", o.met],
    ["Breached", o.breached],
    ["Pending", o.pending],
    ["Warnings", o.warnings],
  ];
  out.push(
    `<dl class="counts">${counts.map(([k, n]) => `<div><dt>${k}</dt><dd>${formatInt(n)}</dd></div>`).join("")}</dl>`,
  );

  // percentiles
  const rows: Cell[][] = [timesRow("Calendar", o.responseTimes.calendar, false)];
  if (o.responseTimes.business) rows.push(timesRow("Business", o.responseTimes.business, true));
  out.push(`<h4>${esc(capitalize(RESPONSE_LABEL[o.kind]))}</h4>`);
  out.push(table([["Clock"], ["Samples", "n"], ["p50", "n"], ["p90", "n"], ["p99", "n"]], rows));

  // charts
  out.push(`<figure><figcaption>Compliance by month</figcaption>${monthsChart(o)}</figure>`);
  const ladders: string[] = [];
  const cal = ladderChart(
    o.responseTimes.calendar,
    o.business ? null : o.windowSeconds,
    false,
    `${o.name}: calendar ${RESPONSE_LABEL[o.kind]}`,
  );
  if (cal) ladders.push(o.responseTimes.business ? `<div class="muted">calendar time</div>${cal}` : cal);
  if (o.responseTimes.business) {
    const bus = ladderChart(
      o.responseTimes.business,
      o.business ? o.windowSeconds : null,
      true,
      `${o.name}: business ${RESPONSE_LABEL[o.kind]}`,
    );
    if (bus) ladders.push(`<div class="muted">business time</div>${bus}`);
  }
  out.push(
    `<figure><figcaption>Response-time percentiles (p50 / p90 / p99)</figcaption>${ladders.length ? ladders.join("") : `<p class="empty">No response times recorded.</p>`}</figure>`,
  );

  // owners
  if (o.owners.length) {
    out.push(
      `<details open class="owners"><summary>By owner (${formatInt(o.owners.length)})</summary>` +
        table(
          [["Owner"], ["In scope", "n"], ["Met", "n"], ["Breached", "n"], ["Pending", "n"], ["Compliance", "n"]],
          o.owners.map((w) => {
            const h = w.compliance === null || o.target === null ? "" : w.compliance >= o.target ? " ok" : " bad";
            return [
              [esc(w.owner)],
              [formatInt(w.inScope), "n"],
              [formatInt(w.met), "n"],
              [formatInt(w.breached), "n"],
              [formatInt(w.pending), "n"],
              [esc(formatCompliance(w.compliance, o.target)), "n" + h],
            ];
          }),
        ) +
        `</details>`,
    );
  } else out.push(`<p class="empty">No owners yet.</p>`);
  out.push(`</article>`);
  return out.join("\n");
}

function timesRow(label: string, p: Percentiles, business: boolean): Cell[] {
  const d = (x: number | null) => esc(formatDuration(x, { business }));
  return [[label], [formatInt(p.count), "n"], [d(p.p50), "n"], [d(p.p90), "n"], [d(p.p99), "n"]];
}

// ---------------------------------------------------------------- charts

/** Number for an SVG attribute. */
function f(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** Bars of monthly compliance (green held, red missed, grey no verdict) and the target as a dashed line. */
function monthsChart(o: ObligationReport): string {
  const ms = o.months;
  if (ms.length === 0) return `<p class="empty">No clocks started.</p>`;
  const W = 380;
  const H = 160;
  const L = 40;
  const R = 10;
  const T = 22;
  const B = 22;
  const pw = W - L - R;
  const ph = H - T - B;
  const values = ms.flatMap((m) => (m.compliance === null ? [] : [m.compliance]));
  if (o.target !== null) values.push(o.target);
  const lo = values.length ? Math.min(...values) : 1;
  // zoom the axis: compliance usually lives between 90% and 100%
  const yMin = Math.max(0, Math.floor(lo * 10 - 0.5) / 10);
  const y = (v: number) => T + (1 - (v - yMin) / (1 - yMin)) * ph;
  const base = T + ph;
  const slot = pw / ms.length;
  const bw = Math.max(2, Math.min(36, slot * 0.7));
  const every = Math.ceil(ms.length / 6);
  const label = `Compliance by month for ${o.name}` + (o.target === null ? "" : `, target ${formatTarget(o.target)}`);
  const s: string[] = [];
  s.push(`<svg class="chart months" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}">`);
  // axes and gridlines
  s.push(`<line class="axis" x1="${L}" y1="${f(y(1))}" x2="${W - R}" y2="${f(y(1))}"/>`);
  s.push(`<line class="axis" x1="${L}" y1="${f(base)}" x2="${W - R}" y2="${f(base)}"/>`);
  s.push(`<text x="${L - 4}" y="${f(y(1) + 3)}" text-anchor="end">100%</text>`);
  s.push(`<text x="${L - 4}" y="${f(base + 3)}" text-anchor="end">${Math.round(yMin * 100)}%</text>`);
  ms.forEach((m, i) => {
    const cx = L + slot * i + slot / 2;
    const x = cx - bw / 2;
    const cls = m.compliance === null ? "na" : m.held === null ? "plain" : m.held ? "ok" : "bad";
    const tip =
      `${m.month}: ` +
      (m.compliance === null ? "no decided clocks" : formatCompliance(m.compliance, o.target)) +
      ` (${formatInt(m.met)} met, ${formatInt(m.breached)} breached, ${formatInt(m.pending)} pending)`;
    const top = m.compliance === null ? base - 2 : Math.min(y(m.compliance), base - 1);
    s.push(
      `<rect class="bar ${cls}" x="${f(x)}" y="${f(top)}" width="${f(bw)}" height="${f(base - top)}"><title>${esc(tip)}</title></rect>`,
    );
    if (ms.length <= 8 && m.compliance !== null) {
      // inside the top of a tall bar, else just above it
      const inside = base - top >= 16;
      s.push(
        `<text class="${inside ? "inbar" : "val"}" x="${f(cx)}" y="${f(inside ? top + 11 : top - 3)}" text-anchor="middle">${esc(formatCompliance(m.compliance, o.target))}</text>`,
      );
    }
    if (i % every === 0) s.push(`<text x="${f(cx)}" y="${H - 6}" text-anchor="middle">${esc(m.month)}</text>`);
  });
  if (o.target !== null) {
    const ty = y(o.target);
    s.push(
      `<line class="target" x1="${L}" y1="${f(ty)}" x2="${W - R}" y2="${f(ty)}"><title>target ${esc(formatTarget(o.target))}</title></line>`,
    );
    // legend in the top margin, clear of the bars and their labels
    s.push(`<line class="target" x1="${W - R - 86}" y1="8" x2="${W - R - 66}" y2="8"/>`);
    s.push(`<text x="${W - R}" y="11" text-anchor="end">target ${esc(formatTarget(o.target))}</text>`);
  }
  s.push(`</svg>`);
  return s.join("");
}

/**
 * The report holds percentiles, not samples, so the distribution is drawn as a
 * ladder: one bar per percentile, with the window as a dashed line when it is
 * measured on the same clock.
 */
function ladderChart(p: Percentiles, windowSeconds: number | null, business: boolean, label: string): string | null {
  if (p.count === 0) return null;
  const rows: [string, number | null][] = [
    ["p50", p.p50],
    ["p90", p.p90],
    ["p99", p.p99],
  ];
  const W = 380;
  const L = 34;
  const R = 78;
  const T = 4;
  const rowH = 20;
  const pw = W - L - R;
  const H = T + rows.length * rowH + (windowSeconds !== null ? 16 : 4);
  const max = Math.max(windowSeconds ?? 0, ...rows.map(([, v]) => v ?? 0)) * 1.05 || 1;
  const x = (v: number) => L + (v / max) * pw;
  const s: string[] = [];
  s.push(`<svg class="chart ladder" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}">`);
  s.push(`<line class="axis" x1="${L}" y1="${T}" x2="${L}" y2="${T + rows.length * rowH}"/>`);
  rows.forEach(([name, v], i) => {
    const yTop = T + i * rowH + 3;
    const h = rowH - 6;
    s.push(`<text x="${L - 6}" y="${f(yTop + h / 2 + 3.5)}" text-anchor="end">${name}</text>`);
    if (v === null) return;
    const cls = windowSeconds === null ? "plain" : v <= windowSeconds ? "ok" : "bad";
    const text = formatDuration(v, { business });
    s.push(
      `<rect class="bar ${cls}" x="${L}" y="${f(yTop)}" width="${f(Math.max(1, x(v) - L))}" height="${h}"><title>${name}: ${esc(text)}</title></rect>`,
    );
    s.push(`<text class="val" x="${f(x(v) + 4)}" y="${f(yTop + h / 2 + 3.5)}">${esc(text)}</text>`);
  });
  if (windowSeconds !== null) {
    const wx = x(windowSeconds);
    const bottom = T + rows.length * rowH;
    s.push(`<line class="target" x1="${f(wx)}" y1="${T}" x2="${f(wx)}" y2="${bottom}"><title>window</title></line>`);
    const anchor = wx > W - R - 20 ? "end" : wx < L + 40 ? "start" : "middle";
    s.push(
      `<text x="${f(wx)}" y="${bottom + 12}" text-anchor="${anchor}">window ${esc(formatDuration(windowSeconds, { business }))}</text>`,
    );
  }
  s.push(`</svg>`);
  return s.join("");
}

// ---------------------------------------------------------------- commitments

function commitment(c: CommitmentReport): string {
  const out: string[] = [`<div>`, `<h3>${esc(describeCommitment(c))}</h3>`];
  if (c.periods.length === 0) out.push(`<p class="empty">No periods in the data.</p>`);
  else
    out.push(
      table(
        [["Period"], ["Actual", "n"], ["Goal", "n"], ["Of goal"], ["Held"], ["Note"]],
        c.periods.map((p) => {
          const share = c.goal > 0 ? Math.min(1, p.actual / c.goal) : 1;
          const cls = p.held ? "ok" : p.partial ? "na" : "bad";
          return [
            [esc(p.period)],
            [esc(formatAmount(c.kind, p.actual)), "n"],
            [esc(formatAmount(c.kind, c.goal)), "n"],
            [
              `${esc(formatOfGoal(p.actual, c.goal))}<span class="meter"><span class="${cls}" style="width:${f(share * 100)}%"></span></span>`,
            ],
            [p.held ? "✅ held" : p.partial ? "❌ short" : "❌ missed", p.held ? "ok" : "bad"],
            [p.partial ? `<span class="muted">partial period</span>` : ""],
          ];
        }),
      ),
    );
  out.push(`</div>`);
  return out.join("\n");
}

// ---------------------------------------------------------------- helpers

/** [html, class?]: cell contents are already escaped by the caller. */
type Cell = [string, string?];

function table(head: Cell[], rows: Cell[][]): string {
  const cell = (tag: "th" | "td", [html, cls]: Cell) => `<${tag}${cls ? ` class="${cls}"` : ""}>${html}</${tag}>`;
  return (
    `<table><thead><tr>${head.map((h) => cell("th", h)).join("")}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((c) => cell("td", c)).join("")}</tr>`).join("") +
    `</tbody></table>`
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** What the data carried that the SLA does not use, and how it does not fit (header paragraphs). */
function dataFitHtml(r: SimReport): string[] {
  const out: string[] = [];
  const notices = fitNotices(r);
  if (notices.length)
    out.push(
      `<ul class="data-fit" id="data-fit">${notices.map((w) => `<li>${esc(noticeText(w))}</li>`).join("")}</ul>`,
    );
  const ignored = ignoredText(r);
  if (ignored) out.push(`<p class="muted" id="ignored">${esc(ignored)}</p>`);
  return out;
}
