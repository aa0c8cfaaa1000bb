// The markdown rendering of a SimReport, for a pull-request comment
// (`sla simulate --format md`): GitHub-flavoured tables, with the long parts
// (months, owners, rejected rows, breaches) in collapsible <details>.
// Every user string goes through escapeMarkdown (./escape.ts): no raw HTML, no
// markup, no @mentions, no issue references, no autolinks. Browser-safe.

import type { SimReport } from "../result.ts";
import { escapeHtml, escapeMarkdown } from "./escape.ts";
import { fitNotices, ignoredText, noticeText } from "./fit.ts";
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
  unreplayedFacts,
  verdict,
} from "./format.ts";
import { holidayLines, warningActionLines } from "./holidays-warnings.ts";
import { pacingSentence } from "./pacing.ts";
import { planActualMarkdown } from "./plan-actual.ts";

export interface MarkdownOptions {
  /** Breaches listed (default 20). */
  maxBreaches?: number;
  /** Rejected rows listed (default 20). */
  maxRejected?: number;
  /** Heading level of the title, 1-4 (default 3; sections are one level below). */
  headingLevel?: number;
}

const OK = "✅";
const NO = "❌";

export function renderMarkdown(r: SimReport, opts: MarkdownOptions = {}): string {
  const maxBreaches = Math.max(0, Math.floor(opts.maxBreaches ?? 20));
  const maxRejected = Math.max(0, Math.floor(opts.maxRejected ?? 20));
  const level = Math.min(4, Math.max(1, Math.floor(opts.headingLevel ?? 3)));
  const h = (n: number) => "#".repeat(Math.min(6, level + n)) + " ";
  const e = escapeMarkdown;
  // the term is user text; the money before it ("$84,000") is ours and stays unescaped
  const commitmentText = (c: SimReport["commitments"][number]) => describeCommitment({ ...c, term: e(c.term) });
  const blocks: string[] = [];

  // ---- header
  const v = verdict(r.obligations);
  blocks.push(`${h(0)}${v.ok === null ? "" : v.ok ? OK + " " : NO + " "}${e(r.sla)}: ${v.text}`);
  const time = (s: string | null) => (s === null ? "?" : formatTime(s, r.timezone));
  const range = r.from === null && r.to === null ? "no events" : `\`${time(r.from)}\` → \`${time(r.to)}\``;
  const facts = [
    plural(r.events, "event"),
    plural(r.leads, "lead"),
    plural(r.duplicates, "duplicate"),
    plural(r.rejected.count, "rejected row"),
  ];
  facts.push(...unreplayedFacts(r));
  if (r.ignoredAfterUntil > 0) facts.push(`${plural(r.ignoredAfterUntil, "event")} after \`--until\` not replayed`);
  blocks.push(
    `**Data:** ${range} (${e(timesIn(r.timezone))}) · ${facts.join(" · ")}  \n**Result:** ${plural(r.breaches.length, "breach", "breaches")} · ${plural(r.warnings.length, "warning")}`,
  );

  const fit = dataFitBlock(r);
  if (fit) blocks.push(fit);

  // ---- obligations
  if (r.obligations.length) {
    blocks.push(
      table(
        [
          "Obligation",
          "Within",
          "In scope",
          "Met",
          "Breached",
          "Pending",
          "Compliance",
          "Target",
          "Held",
          "p50",
          "p90",
        ],
        ["l", "l", "r", "r", "r", "r", "r", "r", "c", "r", "r"],
        r.obligations.map((o) => {
          const t = headlineTimes(o);
          return [
            e(o.name),
            e(formatWindow(o)),
            formatInt(o.inScope),
            formatInt(o.met),
            formatInt(o.breached),
            formatInt(o.pending),
            formatCompliance(o.compliance, o.target),
            formatTarget(o.target),
            heldMark(o.held),
            t.p50,
            t.p90,
          ];
        }),
      ),
    );
    if (r.obligations.some((o) => o.business && o.responseTimes.business))
      blocks.push("<sub>p50/p90 of a business-hours window count business time.</sub>");

    const months = [...new Set(r.obligations.flatMap((o) => o.months.map((m) => m.month)))].sort();
    if (months.length) {
      const rows = months.map((month) => [
        month,
        ...r.obligations.map((o) => {
          const m = o.months.find((x) => x.month === month);
          if (!m) return "";
          const pct = formatCompliance(m.compliance, o.target);
          return m.held === null ? pct : `${pct} ${heldMark(m.held)}`;
        }),
      ]);
      blocks.push(
        details(
          "Compliance by month",
          table(
            ["Month", ...r.obligations.map((o) => e(o.name))],
            ["l", ...r.obligations.map(() => "r" as const)],
            rows,
          ),
        ),
      );
    }

    const ownerRows = r.obligations.flatMap((o) =>
      o.owners.map((w) => [
        e(w.owner),
        e(o.name),
        formatInt(w.inScope),
        formatInt(w.met),
        formatInt(w.breached),
        formatInt(w.pending),
        formatCompliance(w.compliance, o.target),
      ]),
    );
    if (ownerRows.length)
      blocks.push(
        details(
          "By owner",
          table(
            ["Owner", "Obligation", "In scope", "Met", "Breached", "Pending", "Compliance"],
            ["l", "l", "r", "r", "r", "r", "r"],
            ownerRows,
          ),
        ),
      );
  } else blocks.push("_The SLA has no respond, cadence or expect rules._");

  // ---- commitments
  if (r.commitments.length) {
    blocks.push(`${h(1)}Commitments`);
    const rows: string[][] = [];
    for (const c of r.commitments) {
      if (c.periods.length === 0) rows.push([commitmentText(c), "_no periods in the data_", "", "", "", "", ""]);
      c.periods.forEach((p, i) => {
        rows.push([
          i === 0 ? commitmentText(c) : "",
          p.period,
          formatAmount(c.kind, p.actual),
          formatAmount(c.kind, c.goal),
          formatOfGoal(p.actual, c.goal),
          heldMark(p.held),
          p.partial ? "partial period" : "",
        ]);
      });
    }
    blocks.push(
      table(
        ["Commitment", "Period", "Actual", "Goal", "Of goal", "Held", "Note"],
        ["l", "l", "r", "r", "r", "c", "l"],
        rows,
      ),
    );
  }

  // ---- pacing (--until part-way through a period)
  if (r.pacing?.length)
    blocks.push(`${h(1)}Pacing`, r.pacing.map((p) => `- ${heldMark(!p.behind)} ${e(pacingSentence(p))}`).join("\n"));
  if (r.planActual) blocks.push(planActualMarkdown(r.planActual, h(1)));

  // ---- anomalies
  if (r.anomalies.length) {
    blocks.push(`${h(1)}Anomalies`);
    blocks.push(
      r.anomalies
        .map(
          (a) =>
            `- ⚠️ ${e(a.message)} (${formatInt(a.count)}×)${a.examples.length ? `, e.g. ${a.examples.map(e).join(", ")}` : ""}`,
        )
        .join("\n"),
    );
  }

  // ---- warnings
  if (r.warnings.length || r.obligations.some((o) => o.warnings > 0)) {
    const per = r.obligations.filter((o) => o.warnings > 0).map((o) => `${e(o.name)}: ${formatInt(o.warnings)}`);
    const fired = warningActionLines(r).map((l) => `- ${e(l)}`);
    blocks.push(
      `**Warnings:** ${formatInt(r.warnings.length)}${per.length ? ` (${per.join(", ")})` : ""}${fired.length ? `\n\n${fired.join("\n")}` : ""}`,
    );
  }
  const holidays = holidayLines(r);
  if (holidays.length) blocks.push(`**Holidays:**\n\n${holidays.map((l) => `- ${e(l)}`).join("\n")}`);

  // ---- rejected rows
  if (r.rejected.count > 0) {
    const shown = r.rejected.rows.slice(0, maxRejected);
    let body = table(
      ["File", "Line", "Reason"],
      ["l", "r", "l"],
      shown.map((row) => [e(row.file), String(row.line), e(row.reason)]),
    );
    if (r.rejected.count > shown.length) body += `\n\n…and ${formatInt(r.rejected.count - shown.length)} more`;
    blocks.push(details(`Rejected rows: ${formatInt(r.rejected.count)}`, body));
  }

  // ---- breaches
  if (r.breaches.length === 0) blocks.push("No breaches.");
  else {
    const shown = r.breaches.slice(0, maxBreaches);
    const more = r.breaches.length - shown.length;
    const parts: string[] = [];
    if (shown.length)
      parts.push(
        table(
          ["Lead", "Obligation", "Due", "Owner", "Actions"],
          ["l", "l", "l", "l", "l"],
          shown.map((b) => [
            e(b.lead),
            e(b.name),
            formatTime(b.due, r.timezone),
            b.owner === null ? DASH : e(b.owner),
            e(describeActions(b.actions)),
          ]),
        ),
      );
    if (more > 0)
      parts.push(
        shown.length
          ? `…and ${formatInt(more)} more (use \`--format json\` for all)`
          : `Use \`--format json\` for the list.`,
      );
    const summary = `Breaches: ${formatInt(r.breaches.length)}${more > 0 ? (shown.length ? ` (first ${formatInt(shown.length)} listed)` : "") : ""}`;
    blocks.push(details(summary, parts.join("\n\n")));
  }

  return blocks.join("\n\n") + "\n";
}

function heldMark(held: boolean | null): string {
  return held === null ? DASH : held ? OK : NO;
}

/** A collapsible block; blank lines around the body so GitHub renders markdown inside. */
function details(summary: string, body: string): string {
  return `<details>\n<summary>${escapeHtml(summary)}</summary>\n\n${body}\n\n</details>`;
}

function table(header: string[], align: ("l" | "r" | "c")[], rows: string[][]): string {
  const sep = align.map((a) => (a === "r" ? "---:" : a === "c" ? ":---:" : ":---"));
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), `|${sep.join("|")}|`, ...rows.map(line)].join("\n");
}

/** What the data carried that the SLA does not use, and how it does not fit (a header block). */
function dataFitBlock(r: SimReport): string | null {
  const lines: string[] = [];
  for (const w of fitNotices(r)) lines.push(`⚠️ ${escapeMarkdown(noticeText(w))}`);
  const ignored = ignoredText(r);
  if (ignored) lines.push(`**Ignored:** ${escapeMarkdown(ignored.replace(/^ignored: /, ""))}`);
  return lines.length ? lines.join("  \n") : null;
}
