// What a change to an SLA would have done: two reports of the same events,
// compared obligation by obligation, commitment period by period, and breach
// by breach. Obligations are matched by their id ("respond hand_raisers").
import type { BreachRecord, ComplianceCounts, SimReport } from "./result.ts";

export interface ObligationDiff {
  name: string;
  /** null when the obligation exists on one side only */
  before: (ComplianceCounts & { target: number | null }) | null;
  after: (ComplianceCounts & { target: number | null }) | null;
}

export interface CommitmentDiff {
  /** "300 VQL per quarter" style key: kind, term, per */
  name: string;
  periods: {
    period: string;
    before: number | null;
    after: number | null;
    goalBefore: number | null;
    goalAfter: number | null;
  }[];
}

export interface SimDiff {
  events: number;
  obligations: ObligationDiff[];
  commitments: CommitmentDiff[];
  /** breaches only the new SLA has, and those only the old one had */
  newBreaches: BreachRecord[];
  goneBreaches: BreachRecord[];
}

const counts = (o: SimReport["obligations"][number]) => ({
  inScope: o.inScope,
  met: o.met,
  breached: o.breached,
  pending: o.pending,
  compliance: o.compliance,
  target: o.target,
});

export function diffReports(before: SimReport, after: SimReport): SimDiff {
  const names = [...new Set([...before.obligations.map((o) => o.name), ...after.obligations.map((o) => o.name)])];
  const obligations = names.map((name) => {
    const a = before.obligations.find((o) => o.name === name);
    const b = after.obligations.find((o) => o.name === name);
    return { name, before: a ? counts(a) : null, after: b ? counts(b) : null };
  });
  const ckey = (c: SimReport["commitments"][number]) => `${c.kind === "value" ? "$" : ""}${c.term} per ${c.per}`;
  const cnames = [...new Set([...before.commitments.map(ckey), ...after.commitments.map(ckey)])];
  const commitments = cnames.map((name) => {
    const a = before.commitments.find((c) => ckey(c) === name);
    const b = after.commitments.find((c) => ckey(c) === name);
    const periods = [...new Set([...(a?.periods ?? []), ...(b?.periods ?? [])].map((p) => p.period))].sort();
    return {
      name,
      periods: periods.map((period) => ({
        period,
        before: a?.periods.find((p) => p.period === period)?.actual ?? null,
        after: b?.periods.find((p) => p.period === period)?.actual ?? null,
        goalBefore: a?.goal ?? null,
        goalAfter: b?.goal ?? null,
      })),
    };
  });
  const bkey = (x: BreachRecord) => `${x.lead}\u0000${x.name}\u0000${x.start}`;
  const beforeKeys = new Set(before.breaches.map(bkey));
  const afterKeys = new Set(after.breaches.map(bkey));
  return {
    events: after.events,
    obligations,
    commitments,
    newBreaches: after.breaches.filter((x) => !beforeKeys.has(bkey(x))),
    goneBreaches: before.breaches.filter((x) => !afterKeys.has(bkey(x))),
  };
}

function pct(x: number | null | undefined): string {
  return x === null || x === undefined ? "–" : `${(x * 100).toFixed(1)}%`;
}
function delta(a: number | null | undefined, b: number | null | undefined): string {
  if (a === null || a === undefined || b === null || b === undefined) return "";
  const d = b - a;
  return d === 0 ? "" : ` (${d > 0 ? "+" : ""}${Number.isInteger(d) ? d : d.toFixed(2)})`;
}

/** Plain text (terminal) or GitHub markdown (pull-request comment). */
export function renderDiff(d: SimDiff, format: "table" | "md", maxBreaches = 20): string {
  const md = format === "md";
  const rows: string[][] = [["obligation", "in scope", "met", "breached", "pending", "compliance"]];
  for (const o of d.obligations) {
    const a = o.before;
    const b = o.after;
    const name = a && b ? o.name : a ? `${o.name} (removed)` : `${o.name} (new)`;
    const cell = (k: "inScope" | "met" | "breached" | "pending") =>
      b ? `${b[k]}${delta(a?.[k], b[k])}` : `${a![k]} → –`;
    const comp =
      a && b ? `${pct(a.compliance)} → ${pct(b.compliance)}` : b ? pct(b.compliance) : `${pct(a!.compliance)} → –`;
    rows.push([name, cell("inScope"), cell("met"), cell("breached"), cell("pending"), comp]);
  }
  const out: string[] = [];
  out.push(
    md
      ? `### What this SLA change would have done (${d.events.toLocaleString("en-US")} events)`
      : `What the change would have done, replaying ${d.events.toLocaleString("en-US")} events`,
    "",
  );
  out.push(...table(rows, md), "");
  if (d.commitments.length) {
    const crows: string[][] = [["commitment", "period", "before", "after"]];
    for (const c of d.commitments)
      for (const p of c.periods)
        if (p.before !== p.after || p.goalBefore !== p.goalAfter)
          crows.push([
            c.name,
            p.period,
            `${p.before ?? "–"} / goal ${p.goalBefore ?? "–"}`,
            `${p.after ?? "–"} / goal ${p.goalAfter ?? "–"}`,
          ]);
    if (crows.length > 1) out.push(...table(crows, md), "");
  }
  const list = (title: string, bs: BreachRecord[]) => {
    out.push(`${md ? "**" : ""}${title}: ${bs.length.toLocaleString("en-US")}${md ? "**" : ""}`);
    for (const b of bs.slice(0, maxBreaches))
      out.push(`${md ? "- " : "  "}${b.lead}  ${b.name}  due ${b.due}  owner ${b.owner ?? "–"}`);
    if (bs.length > maxBreaches)
      out.push(`${md ? "- " : "  "}… and ${(bs.length - maxBreaches).toLocaleString("en-US")} more`);
    out.push("");
  };
  list("New breaches", d.newBreaches);
  list("Breaches that would no longer happen", d.goneBreaches);
  return out.join("\n");
}

function table(rows: string[][], md: boolean): string[] {
  if (md)
    return [
      `| ${rows[0].join(" | ")} |`,
      `|${rows[0].map(() => "---").join("|")}|`,
      ...rows.slice(1).map((r) => `| ${r.join(" | ")} |`),
    ];
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => "  " + r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  "));
}
