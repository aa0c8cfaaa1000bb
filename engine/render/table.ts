// The terminal rendering of a SimReport (`sla simulate --format table`, the
// default). Plain text with optional ANSI colour; columns are aligned by
// display width (CJK and emoji take two columns, ANSI codes none), and user
// strings go through cleanText (./escape.ts): control, C1 and bidi characters
// are shown as `\xNN`, never sent to the terminal. Browser-safe.

import type { SimReport } from "../result.ts";
import { cleanText } from "./escape.ts";
import { fitNotices, ignoredText, noticeText } from "./fit.ts";
import {
  DASH,
  describeActions,
  describeCommitment,
  displayWidth,
  formatAmount,
  formatCompliance,
  formatInt,
  formatOfGoal,
  formatRange,
  formatTarget,
  formatTime,
  formatWindow,
  headlineTimes,
  padEndDisplay,
  padStartDisplay,
  plural,
  timesIn,
  truncateDisplay,
  unreplayedFacts,
  verdict,
} from "./format.ts";
import { holidayLines, warningActionLines } from "./holidays-warnings.ts";
import { pacingSentence } from "./pacing.ts";
import { renderPlanActual } from "./plan-actual.ts";

export interface TableOptions {
  /** ANSI colours (default false). */
  color?: boolean;
  /** Terminal width: wide tables shrink their text columns to fit, lists wrap (default: tables never shrink, lists wrap at 100). */
  width?: number;
  /** Breaches listed (default 20). */
  maxBreaches?: number;
}

type Style = "bold" | "dim" | "green" | "red" | "yellow" | "cyan";
const ANSI_CODES: Record<Style, string> = { bold: "1", dim: "2", green: "32", red: "31", yellow: "33", cyan: "36" };
type Paint = (s: string, ...styles: (Style | undefined)[]) => string;

interface Cell {
  text: string;
  style?: Style;
}
type CellLike = string | Cell;

interface Column {
  header: string;
  align?: "left" | "right";
  /** the column may be truncated down to this width to fit the terminal */
  min?: number;
  /** never wider than this (long user text) */
  max?: number;
  /** the width a shrinkable column keeps before droppable columns go (default: min) */
  want?: number;
  /** when shrinking is not enough, columns with a drop rank go, lowest rank first */
  drop?: number;
}

const GAP = "  ";
/** Obligation names (an expect rule's id can be long) are cut to this many columns. */
const MAX_NAME = 36;
const OK = "✓";
const NO = "✗";

export function renderTable(r: SimReport, opts: TableOptions = {}): string {
  const paint: Paint = opts.color
    ? (s, ...styles) => {
        const codes = styles.filter((x): x is Style => x !== undefined).map((x) => ANSI_CODES[x]);
        return codes.length && s ? `\x1b[${codes.join(";")}m${s}\x1b[0m` : s;
      }
    : (s) => s;
  const width = opts.width;
  const flowWidth = width ?? 100;
  const maxBreaches = Math.max(0, Math.floor(opts.maxBreaches ?? 20));
  const out: string[] = [];
  const section = (title: string) => out.push("", paint(title, "bold"));

  // ---- header
  out.push(
    `${paint(cleanText(r.sla), "bold")}  ${formatRange(r.from, r.to, r.timezone)}  · ${cleanText(timesIn(r.timezone))}`,
  );
  const facts = [
    plural(r.events, "event"),
    plural(r.leads, "lead"),
    plural(r.duplicates, "duplicate"),
    plural(r.rejected.count, "rejected row"),
  ];
  facts.push(...unreplayedFacts(r));
  if (r.ignoredAfterUntil > 0) facts.push(`${plural(r.ignoredAfterUntil, "event")} after --until not replayed`);
  out.push(facts.join(" · "));
  const v = verdict(r.obligations);
  const mark = v.ok === null ? "" : v.ok ? paint(OK, "green") + " " : paint(NO, "red") + " ";
  out.push(
    `${mark}${paint(v.text, v.ok === null ? undefined : v.ok ? "green" : "red")} · ${plural(r.breaches.length, "breach", "breaches")} · ${plural(r.warnings.length, "warning")}`,
  );
  out.push(...dataFitLines(r, paint));

  // ---- obligations
  section("Obligations");
  if (r.obligations.length === 0) out.push("  (the SLA has no respond, cadence or expect rules)");
  else {
    const cols: Column[] = [
      { header: "obligation", min: 12, want: 24, max: MAX_NAME },
      { header: "within", drop: 1 },
      { header: "in scope", align: "right", drop: 4 },
      { header: "met", align: "right", drop: 5 },
      { header: "breached", align: "right" },
      { header: "pending", align: "right", drop: 2 },
      { header: "compliance", align: "right" },
      { header: "target", align: "right" },
      { header: "held" },
      { header: "p50", align: "right", drop: 6 },
      { header: "p90", align: "right", drop: 3 },
    ];
    const rows = r.obligations.map((o): CellLike[] => {
      const t = headlineTimes(o);
      return [
        cleanText(o.name),
        cleanText(formatWindow(o)),
        formatInt(o.inScope),
        formatInt(o.met),
        { text: formatInt(o.breached), style: o.breached > 0 ? "red" : undefined },
        { text: formatInt(o.pending), style: o.pending > 0 ? "dim" : undefined },
        { text: formatCompliance(o.compliance, o.target), style: heldStyle(o.held) },
        formatTarget(o.target),
        heldCell(o.held),
        t.p50,
        t.p90,
      ];
    });
    out.push(...grid(cols, rows, paint, width));
    if (r.obligations.some((o) => o.business && o.responseTimes.business))
      out.push(paint("  p50/p90 of a business-hours window count business time.", "dim"));

    // ---- compliance by month, aligned on the union of months
    const months = [...new Set(r.obligations.flatMap((o) => o.months.map((m) => m.month)))].sort();
    if (months.length) {
      section("Compliance by month");
      const label = Math.min(MAX_NAME, Math.max(...r.obligations.map((o) => displayWidth(cleanText(o.name)))));
      const itemWidth = 7 + 1 + 7 + 2; // "2027-01 98.1% ✓" plus room for longer percentages
      const perLine = Math.max(1, Math.floor((flowWidth - GAP.length - label - 2 + 3) / (itemWidth + 3)));
      for (const o of r.obligations) {
        const byMonth = new Map(o.months.map((m) => [m.month, m]));
        const items = months.map((month) => {
          const m = byMonth.get(month);
          const pct = m ? formatCompliance(m.compliance, o.target) : "";
          const mk = m && m.held !== null ? paint(m.held ? OK : NO, heldStyle(m.held)) : " ";
          const body = `${month} ${padStartDisplay(paint(pct || DASH, m ? heldStyle(m.held) : "dim"), 7)} ${mk}`;
          return m ? body : paint(`${month} ${padStartDisplay(DASH, 7)}`, "dim") + "  ";
        });
        for (let i = 0; i < items.length; i += perLine) {
          const head = i === 0 ? padEndDisplay(truncateDisplay(cleanText(o.name), label), label) : " ".repeat(label);
          out.push(
            `${GAP}${head}  ${items
              .slice(i, i + perLine)
              .map((s) => padEndDisplay(s, itemWidth))
              .join("   ")}`.trimEnd(),
          );
        }
      }
    }
  }

  // ---- commitments
  if (r.commitments.length) {
    section("Commitments");
    const cols: Column[] = [
      { header: "commitment", min: 12, want: 26 },
      { header: "period" },
      { header: "actual", align: "right" },
      { header: "goal", align: "right" },
      { header: "of goal", align: "right", drop: 1 },
      { header: "held" },
      { header: "" },
    ];
    const rows: CellLike[][] = [];
    for (const c of r.commitments) {
      if (c.periods.length === 0)
        rows.push([
          cleanText(describeCommitment(c)),
          { text: "no periods in the data", style: "dim" },
          "",
          "",
          "",
          "",
          "",
        ]);
      c.periods.forEach((p, i) => {
        rows.push([
          i === 0 ? cleanText(describeCommitment(c)) : "",
          p.period,
          { text: formatAmount(c.kind, p.actual), style: p.held ? "green" : p.partial ? undefined : "red" },
          formatAmount(c.kind, c.goal),
          formatOfGoal(p.actual, c.goal),
          heldCell(p.held),
          p.partial ? { text: "partial period", style: "dim" } : "",
        ]);
      });
    }
    out.push(...grid(cols, rows, paint, width));
  }

  // ---- pacing (--until part-way through a period)
  if (r.pacing?.length) {
    section("Pacing");
    for (const p of r.pacing) out.push(`  ${paint(cleanText(pacingSentence(p)), p.behind ? "red" : "green")}`);
  }

  // ---- plan vs actual (--plan-actual)
  if (r.planActual) {
    section("Plan vs actual");
    out.push(...renderPlanActual(r.planActual, { title: false }).trimEnd().split("\n"));
  }

  // ---- anomalies
  if (r.anomalies.length) {
    section("Anomalies");
    for (const a of r.anomalies) {
      const ex = a.examples.length ? paint(` e.g. ${a.examples.map(cleanText).join(", ")}`, "dim") : "";
      out.push(`  ${paint("!", "yellow")} ${cleanText(a.message)} ${paint(`(${formatInt(a.count)}×)`, "dim")}${ex}`);
    }
  }

  // ---- warnings
  if (r.warnings.length || r.obligations.some((o) => o.warnings > 0)) {
    const per = r.obligations.filter((o) => o.warnings > 0).map((o) => `${cleanText(o.name)} ${formatInt(o.warnings)}`);
    out.push(
      "",
      `${paint("Warnings", "bold")}  ${formatInt(r.warnings.length)}${per.length ? paint(` (${per.join(", ")})`, "dim") : ""}`,
    );
    for (const line of warningActionLines(r)) out.push(`  ${cleanText(line)}`);
  }

  // ---- holidays from `closed holidays "US"`
  const holidays = holidayLines(r);
  if (holidays.length) {
    out.push("", paint("Holidays", "bold"));
    for (const line of holidays) out.push(`  ${cleanText(line)}`);
  }

  // ---- rejected rows
  if (r.rejected.count > 0) {
    section(`Rejected rows (${formatInt(r.rejected.count)})`);
    const shown = r.rejected.rows.slice(0, 5);
    for (const row of shown) out.push(`  ${cleanText(row.file)}:${row.line}  ${cleanText(row.reason)}`);
    if (r.rejected.count > shown.length)
      out.push(paint(`  … and ${formatInt(r.rejected.count - shown.length)} more`, "dim"));
  }

  // ---- breaches
  section(`Breaches (${formatInt(r.breaches.length)})`);
  if (r.breaches.length === 0) out.push("  none");
  else {
    const shown = r.breaches.slice(0, maxBreaches);
    if (shown.length) {
      const cols: Column[] = [
        { header: "lead", min: 8, want: 12, max: 40 },
        { header: "obligation", min: 12, want: 20, max: MAX_NAME },
        { header: "due" },
        { header: "owner", min: 6, max: 24, drop: 1 },
        { header: "actions", min: 12, want: 24, max: 80 },
      ];
      const rows = shown.map((b): CellLike[] => [
        cleanText(b.lead),
        cleanText(b.name),
        formatTime(b.due, r.timezone),
        b.owner === null ? { text: DASH, style: "dim" } : cleanText(b.owner),
        cleanText(describeActions(b.actions)),
      ]);
      out.push(...grid(cols, rows, paint, width));
    }
    const more = r.breaches.length - shown.length;
    if (more > 0)
      out.push(
        paint(
          shown.length
            ? `… and ${formatInt(more)} more (use --format json for all)`
            : `${plural(more, "breach", "breaches")} not listed (use --format json for all)`,
          "dim",
        ),
      );
  }

  return out.join("\n") + "\n";
}

function heldStyle(held: boolean | null): Style | undefined {
  return held === null ? undefined : held ? "green" : "red";
}

function heldCell(held: boolean | null): Cell {
  return held === null
    ? { text: DASH, style: "dim" }
    : held
      ? { text: OK, style: "green" }
      : { text: NO, style: "red" };
}

/**
 * Aligned columns. When the table is wider than `width`, text columns shrink
 * (cut with "…") down to their minimum, then droppable columns go.
 */
function grid(cols: Column[], rows: CellLike[][], paint: Paint, width?: number): string[] {
  let cells: Cell[][] = rows.map((row) => row.map((c) => (typeof c === "string" ? { text: c } : c)));
  if (width !== undefined) {
    const order = cols
      .flatMap((c, i) => (c.drop === undefined ? [] : [i]))
      .sort((a, b) => cols[a].drop! - cols[b].drop!);
    const keep = new Set(cols.map((_, i) => i));
    const need = () =>
      [...keep].reduce(
        (sum, i) => sum + Math.min(natural(i), cols[i].want ?? cols[i].min ?? Infinity) + GAP.length,
        GAP.length,
      ) - GAP.length;
    const natural = (i: number) => {
      const widest = Math.max(displayWidth(cols[i].header), ...cells.map((row) => displayWidth(row[i]?.text ?? "")));
      return cols[i].max !== undefined
        ? Math.min(widest, Math.max(cols[i].max!, displayWidth(cols[i].header)))
        : widest;
    };
    for (const i of order) {
      if (need() <= width) break;
      keep.delete(i);
    }
    if (keep.size < cols.length) {
      const idx = [...keep].sort((a, b) => a - b);
      cols = idx.map((i) => cols[i]);
      cells = cells.map((row) => idx.map((i) => row[i] ?? { text: "" }));
    }
  }
  const w = cols.map((col, i) => {
    const widest = Math.max(displayWidth(col.header), ...cells.map((row) => displayWidth(row[i]?.text ?? "")));
    return col.max !== undefined ? Math.min(widest, Math.max(col.max, displayWidth(col.header))) : widest;
  });
  if (width !== undefined) {
    let excess = w.reduce((a, b) => a + b, 0) + GAP.length * (cols.length - 1) + GAP.length - width;
    while (excess > 0) {
      let pick = -1;
      for (let i = 0; i < cols.length; i++) {
        const min = cols[i].min;
        if (min === undefined || w[i] <= min) continue;
        if (pick < 0 || w[i] - min > w[pick] - cols[pick].min!) pick = i;
      }
      if (pick < 0) break;
      w[pick]--;
      excess--;
    }
  }
  const line = (row: Cell[], header: boolean) =>
    (
      GAP +
      cols
        .map((col, i) => {
          const cell = row[i] ?? { text: "" };
          const text = truncateDisplay(cell.text, w[i]);
          const styled = header ? paint(text, "bold") : paint(text, cell.style);
          const pad = " ".repeat(Math.max(0, w[i] - displayWidth(text)));
          return col.align === "right" ? pad + styled : styled + pad;
        })
        .join(GAP)
    ).trimEnd();
  return [
    line(
      cols.map((c) => ({ text: c.header })),
      true,
    ),
    ...cells.map((row) => line(row, false)),
  ];
}

/** What the data carried that the SLA does not use, and how it does not fit (header lines). */
function dataFitLines(r: SimReport, paint: Paint): string[] {
  const out: string[] = [];
  for (const w of fitNotices(r)) out.push(`${paint("!", "yellow")} ${cleanText(noticeText(w))}`);
  const ignored = ignoredText(r);
  if (ignored) out.push(paint(cleanText(ignored), "dim"));
  return out;
}
