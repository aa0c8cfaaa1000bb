// sla staff SPEC --events FILE [--handle 6m] [--target-team T]: can the teams
// make their response windows at the volume the events show, and what is the
// smallest team that can? Erlang C hour by hour, cross-checked by a seeded
// simulation of the same leads (engine/staffing; method in specs/staffing.md).

import { humanName, minutesText, percentText } from "../../engine/agreement/plain.ts";
import { cleanText, jsonText } from "../../engine/render/escape.ts";
import { formatNumber } from "../../engine/render/format.ts";
import { analyseStaffing, collectArrivals, type StaffReport } from "../../engine/staffing/index.ts";
import { oneOf, parseArgs } from "../args.ts";
import { readEventsFile } from "../events-file.ts";
import { type CliIO, EXIT, UsageError } from "../io.ts";
import { loadSpec } from "../spec.ts";
import { writeFileAtomic } from "../write-file.ts";

const HELP = `usage: sla staff SPEC --events FILE [--handle 6m] [--target-team TEAM]
                 [--seed N] [--runs N] [--format table|json] [--out FILE] [--lenient]

For each team and each 'respond' rule it serves: the leads a week (from the
events, replayed as 'sla simulate' does), the share of them picked up within the
window with the team's current size, and the smallest team that meets every
target. Two methods, side by side: Erlang C (M/M/c) hour by hour of the week,
and a seeded simulation of the same leads. See specs/staffing.md.

  --events FILE       JSONL events (as for sla simulate)
  --handle DURATION   a rep's mean handling time per first response (default 6m;
                      e.g. 90s, 6m, 0.5h)
  --target-team TEAM  serve every respond rule with TEAM (default: the team the
                      rule's 'by team' names, else the team its 'on breach
                      reassign' names, else the only team)
  --seed N, --runs N  the simulation's seed (default 1) and runs (default 10)
  --lenient           skip bad event lines instead of stopping
`;

/** "6m", "90s", "0.5h" -> minutes. */
export function parseHandle(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(s.trim());
  const v = m ? Number(m[1]) * (m[2] === "s" ? 1 / 60 : m[2] === "h" ? 60 : 1) : NaN;
  if (!(v > 0)) throw new UsageError(`--handle: '${s}' is not a duration above zero (e.g. 90s, 6m, 0.5h)`);
  return v;
}

function positiveInt(name: string, s: string | undefined, fallback: number): number {
  if (s === undefined) return fallback;
  if (!/^\d+$/.test(s) || Number(s) < 1) throw new UsageError(`--${name}: '${s}' is not a whole number of 1 or more`);
  return Number(s);
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, {
    values: ["events", "handle", "target-team", "seed", "runs", "format", "out"],
    flags: ["help", "lenient"],
  });
  if (a.flags.has("help")) {
    io.out(HELP);
    return EXIT.ok;
  }
  const format = oneOf("format", a.values.get("format"), ["table", "json"] as const, "table");
  if (a.positional.length !== 1) throw new UsageError("give exactly one .sla file\n\n" + HELP);
  const events = a.values.get("events");
  if (events === undefined) throw new UsageError("give the lead history with --events FILE\n\n" + HELP);
  const handleMinutes = parseHandle(a.values.get("handle") ?? "6m");
  const seed = positiveInt("seed", a.values.get("seed"), 1);
  const runs = positiveInt("runs", a.values.get("runs"), 10);
  const spec = loadSpec(a.positional[0], io);
  if (!spec) return EXIT.failed;
  const { ir } = spec;
  const team = a.values.get("target-team");
  if (team !== undefined && !ir.teams.some((t) => t.name === team))
    throw new UsageError(
      `--target-team: this SLA has no team '${cleanText(team)}' (teams: ${ir.teams.map((t) => t.name).join(", ") || "none"})`,
    );
  if (!ir.obligations.some((o) => o.kind === "respond")) {
    io.err(`${cleanText(spec.name)}: has no 'respond' rule: nothing to staff\n`);
    return EXIT.failed;
  }
  const list = await readEventsFile(events, ir, a.flags.has("lenient"), io);
  if (!list) return EXIT.failed;
  const arrivals = collectArrivals(ir, list);
  const report = analyseStaffing(ir, arrivals, { handleMinutes, team, seed, runs });
  const text = format === "json" ? jsonText(report) + "\n" : renderStaffing(report);
  const out = a.values.get("out");
  if (out) writeFileAtomic(out, text);
  else io.out(text);
  return EXIT.ok;
}

function windowText(ms: number, business: boolean): string {
  return `${minutesText(ms / 60_000)}${business ? " of business time" : ""}`;
}

export function renderStaffing(r: StaffReport): string {
  const pct = (x: number) => percentText(Math.floor(x * 1000) / 1000);
  const lines: string[] = [];
  const leads = r.teams.reduce((s, t) => s + t.rules.reduce((u, x) => u + x.leads, 0), 0);
  lines.push(
    `${formatNumber(leads)} first responses over ${formatNumber(Math.round(r.weeks * 10) / 10)} weeks; ` +
      `handling time ${minutesText(r.handleMinutes)} a lead (mean); first response when a rep picks the lead up.`,
    `Erlang C (M/M/c) hour by hour of the week; simulation: ${r.runs} seeded runs (seed ${r.seed}) of the same leads.`,
  );
  if (r.skippedEvents) lines.push(`${formatNumber(r.skippedEvents)} events could not be replayed and were skipped.`);
  for (const t of r.teams) {
    const how =
      t.source === "flag"
        ? "--target-team"
        : t.source === "by clause"
          ? "the team its rules' 'by team' names"
          : t.source === "breach action"
            ? "the team its rules reassign to"
            : t.source === "only team"
              ? "the only team"
              : "the first team (no rule names one)";
    lines.push(
      "",
      `Team ${cleanText(t.team)}: ${t.reps} ${t.reps === 1 ? "rep" : "reps"} now (${how}); ` +
        `working ${t.calendar ? `the ${cleanText(t.calendar)} calendar, ${formatNumber(Math.round(t.openHoursPerWeek * 10) / 10)} open hours a week` : "around the clock"}` +
        (t.busiest
          ? `; busiest hour ${t.busiest.hour} (${formatNumber(Math.round(t.busiest.perHour * 10) / 10)} leads an open hour)`
          : ""),
    );
    for (const x of t.rules) {
      lines.push(
        `  ${cleanText(humanName(x.segment))}: respond within ${windowText(x.windowMs, x.business)}, target ${pct(x.target)}`,
        `    ${formatNumber(Math.round(x.perWeek * 10) / 10)} leads a week; ${pct(x.whileClosed)} arrive while the team is off` +
          (x.ceiling < 1 ? `; at most ${pct(x.ceiling)} can be met by any team size` : ""),
        `    met with ${t.reps} now: Erlang C ${pct(x.erlang)}, simulation ${pct(x.simulated)}`,
      );
    }
    const sized = (label: string, s: NonNullable<typeof t.smallest>, scale: number[]) => {
      const size = (n: number) =>
        `${n} ${n === 1 ? "rep" : "reps"}` +
        (n > t.reps ? ` (${n - t.reps} more)` : n < t.reps ? ` (${t.reps - n} fewer)` : " (as now)");
      lines.push(
        `  ${label}: ${size(s.reps)} by Erlang C; ` +
          (s.simulatedReps === null
            ? "the simulation needs more than 32 more"
            : `${size(s.simulatedReps)} by the simulation`),
        `    at ${s.reps}:`,
      );
      for (const [i, x] of t.rules.entries())
        lines.push(
          `      ${cleanText(humanName(x.segment))}: Erlang C ${pct(s.erlang[i] / scale[i])}, simulation ${pct(s.simulated[i] / scale[i])}`,
        );
    };
    if (t.smallest)
      sized(
        "Smallest team meeting every target",
        t.smallest,
        t.rules.map(() => 1),
      );
    else {
      lines.push(
        `  No team size meets every target: ${t.unreachable.map((u) => cleanText(u)).join(", ")} ` +
          "cannot, because leads arrive while the team is off (widen the window, use business time, or staff those hours).",
      );
      if (t.smallestWhileOpen)
        sized(
          "Smallest team meeting the targets for the leads that can be met (shares of those)",
          t.smallestWhileOpen,
          t.rules.map((x) => x.ceiling || 1),
        );
    }
  }
  return lines.join("\n") + "\n";
}
