// Staffing feasibility (`sla staff`): can the team make its response windows
// at the volume the events show, and what is the smallest team that can?
// The method is written up in specs/staffing.md; in short:
//
// 1. Arrivals: the replay's respond clocks (./arrivals.ts), one first
//    response per clock, each with its obligation's window and target.
// 2. Teams: each respond rule is served by one team (`--target-team`, else the
//    one team its `by team T` names, else the team its `on breach reassign`
//    names, else the only team, else the first);
//    the rules of one team share one queue.
// 3. Hours: reps work the team's calendar (the calendar of its business
//    windows, else `business`, else around the clock). A lead arriving while
//    the team is off queues to the next opening; for a calendar-time window
//    the closed time counts against the window.
// 4. Erlang C, hour by hour: arrivals are counted per hour of the week (local
//    time; a queued lead counts in its opening hour), divided by the weeks
//    observed and the open hours in that hour of the week: λ per open hour.
//    Each lead's chance of being picked up within its window is the M/M/c
//    P(wait ≤ window − time closed) for its hour; a rule's share met is the
//    mean over its leads.
// 5. The smallest team: the fewest reps for which every rule of the team
//    reaches its target (a rule without a target needs 100%); none when even
//    unlimited reps cannot (leads that wait out a closed night).
// 6. A seeded simulation (./queue-sim.ts) of the same trace at the current and
//    the smallest size, as a cross-check that also sees the opening backlog.
// Browser-safe.
import type { IR, IRCalendar } from "../../language/ir.ts";
import { CALENDAR_TIME, compileCalendar, DAY, isoWeekday, type WorkClock, zoneTable } from "../calendar.ts";
import type { Arrivals } from "./arrivals.ts";
import { waitWithin } from "./erlang.ts";
import { nextOpen, type QueueArrival, simulateQueue } from "./queue-sim.ts";

const HOUR = 3_600_000;
const WEEK = 7 * DAY;
/** the most reps a search tries */
export const MAX_REPS = 4096;
/** how many sizes above Erlang's answer the simulation's search tries */
const SIM_SEARCH = 32;

export interface StaffOptions {
  /** mean handling time per first response, minutes */
  handleMinutes: number;
  /** serve every respond rule with this team */
  team?: string;
  /** simulation seed and runs */
  seed?: number;
  runs?: number;
}

export interface RuleStaffing {
  id: string;
  segment: string;
  /** the window in ms of its own time (calendar or open time) */
  windowMs: number;
  business: boolean;
  /** target share; a rule without one needs 1 */
  target: number;
  leads: number;
  perWeek: number;
  /** share of its leads that arrive while the team is off */
  whileClosed: number;
  /** share met with unlimited reps: leads whose window outlasts the closed time */
  ceiling: number;
  /** share met with the current team */
  erlang: number;
  simulated: number;
}

export type TeamSource = "flag" | "by clause" | "breach action" | "only team" | "first team";

export interface TeamStaffing {
  team: string;
  reps: number;
  source: TeamSource;
  /** the calendar the reps work; null: around the clock */
  calendar: string | null;
  openHoursPerWeek: number;
  /** busiest hour of the week by λ per open hour ("Tue 10:00"), null without leads */
  busiest: { hour: string; perHour: number } | null;
  rules: RuleStaffing[];
  /**
   * The smallest team meeting every target by Erlang C (`reps`), the shares
   * at that size by both methods, and the simulation's own smallest size
   * (null when none within 32 more reps); null when no size does.
   */
  smallest: Smallest | null;
  /** rules whose ceiling is below their target (why `smallest` is null) */
  unreachable: string[];
  /**
   * When some rule is unreachable: the smallest team meeting each target on
   * the leads that can be met at all (share ≥ target × ceiling); else null.
   */
  smallestWhileOpen: Smallest | null;
}

export interface Smallest {
  reps: number;
  erlang: number[];
  simulated: number[];
  simulatedReps: number | null;
}

export interface StaffReport {
  handleMinutes: number;
  from: number | null;
  to: number | null;
  weeks: number;
  skippedEvents: number;
  teams: TeamStaffing[];
  seed: number;
  runs: number;
}

const DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Open hours in each of the 168 hours of a week (Monday 00:00 first), from the weekly rules (holidays aside). */
export function openHoursByHourOfWeek(cal: IRCalendar | null): number[] {
  const out = new Array<number>(168).fill(cal ? 0 : 1);
  if (!cal) return out;
  for (const r of cal.open)
    for (let h = 0; h < 24; h++) {
      const overlap = Math.min(r.to, h * 60 + 60) - Math.max(r.from, h * 60);
      if (overlap > 0) out[(r.day - 1) * 24 + h] += overlap / 60;
    }
  return out.map((x) => Math.min(1, x));
}

/** Hour of the week (0 = Monday 00:00-01:00, local time in `zone`) of instant t. */
export function hourOfWeek(t: number, zone: string): number {
  const local = t + zoneTable(zone).offsetAt(t);
  const day = Math.floor(local / DAY);
  return (isoWeekday(day) - 1) * 24 + Math.floor((local - day * DAY) / HOUR);
}

interface Lead {
  at: number;
  cls: number;
  bucket: number;
  /** hours of the window left when the team opens (negative: cannot be met) */
  budgetHours: number;
}

interface TeamModel {
  lambda: number[];
  leads: Lead[];
  staff: WorkClock;
}

export function analyseStaffing(ir: IR, arrivals: Arrivals, opts: StaffOptions): StaffReport {
  const seed = opts.seed ?? 1;
  const runs = opts.runs ?? 10;
  const weeks = arrivals.from !== null && arrivals.to !== null ? Math.max(1, (arrivals.to - arrivals.from) / WEEK) : 1;
  const mu = 60 / opts.handleMinutes; // per rep per hour
  const clocks = new Map<string, WorkClock>();
  const clockOf = (name: string | null): WorkClock => {
    if (name === null || !ir.calendars[name]) return CALENDAR_TIME;
    let c = clocks.get(name);
    if (!c) clocks.set(name, (c = compileCalendar(ir.calendars[name], ir.timezone)));
    return c;
  };

  // 2. which team serves which respond rule
  const byTeam = new Map<string, { source: TeamSource; rules: number[] }>();
  ir.obligations.forEach((o, i) => {
    if (o.kind !== "respond") return;
    const reassign = o.onBreach.find((a) => a.type === "reassign");
    const byTeams = o.by?.people?.teams ?? [];
    const [team, source]: [string | undefined, TeamSource] = opts.team
      ? [opts.team, "flag"]
      : byTeams.length === 1
        ? [byTeams[0], "by clause"]
        : reassign?.type === "reassign"
          ? [reassign.team, "breach action"]
          : ir.teams.length === 1
            ? [ir.teams[0].name, "only team"]
            : [ir.teams[0]?.name, "first team"];
    if (team === undefined) return;
    const entry = byTeam.get(team) ?? { source, rules: [] };
    entry.rules.push(i);
    byTeam.set(team, entry);
  });

  const teams: TeamStaffing[] = [];
  for (const [team, { source, rules }] of byTeam) {
    const obligations = rules.map((i) => ir.obligations[i]);
    // 3. the calendar the reps work
    const businessCal = obligations.find((o) => o.within.kind === "business")?.within;
    const calendar =
      businessCal?.kind === "business" ? businessCal.calendar : ir.calendars.business ? "business" : null;
    const staff = clockOf(calendar);
    const openHours = openHoursByHourOfWeek(calendar ? ir.calendars[calendar] : null);

    // 4. each lead's hour of the week (after queueing to the opening) and what is left of its window
    const counts = new Array<number>(168).fill(0);
    const leads: Lead[] = [];
    const closedCount = obligations.map(() => 0);
    obligations.forEach((o, cls) => {
      const windowClock = o.within.kind === "business" ? clockOf(o.within.calendar) : CALENDAR_TIME;
      const windowMs = o.within.kind === "business" ? o.within.minutes * 60_000 : o.within.ms;
      for (const at of arrivals.byObligation[rules[cls]]) {
        const open = nextOpen(staff, at);
        if (!Number.isFinite(open)) {
          leads.push({ at, cls, bucket: -1, budgetHours: -1 });
          closedCount[cls]++;
          continue;
        }
        if (open > at) closedCount[cls]++;
        const bucket = hourOfWeek(open, ir.timezone);
        counts[bucket]++;
        leads.push({ at, cls, bucket, budgetHours: (windowMs - windowClock.elapsed(at, open)) / HOUR });
      }
    });
    const lambda = counts.map((n, k) => (n ? n / weeks / (openHours[k] || 1) : 0));
    const model: TeamModel = { lambda, leads, staff };
    const share = (c: number) => erlangShares(model, obligations.length, c, mu);

    const reps = ir.teams.find((t) => t.name === team)?.members.length ?? 0;
    const targets = obligations.map((o) => o.target ?? 1);
    const nowErlang = share(reps);
    const windows = obligations.map((o) => ({
      ms: o.within.kind === "business" ? o.within.minutes * 60_000 : o.within.ms,
      clock: o.within.kind === "business" ? clockOf(o.within.calendar) : CALENDAR_TIME,
    }));
    const trace: QueueArrival[] = leads.map((l) => ({ at: l.at, cls: l.cls })).sort((a, b) => a.at - b.at);
    const simulate = (c: number) =>
      simulateQueue(trace, { reps: c, handleMs: opts.handleMinutes * 60_000, staff, windows, seed, runs }).met;
    const nowSim = reps > 0 ? simulate(reps) : obligations.map(() => 0);

    // 5. the smallest team: a share is non-decreasing in c, so bisect
    const ceiling = obligations.map((_, cls) => {
      const mine = leads.filter((l) => l.cls === cls);
      return mine.length ? mine.filter((l) => l.budgetHours >= 0).length / mine.length : 1;
    });
    const unreachable = obligations.filter((_, i) => ceiling[i] < targets[i]).map((o) => o.id);
    const smallestFor = (need: number[]): TeamStaffing["smallest"] => {
      const n = smallestReps((c) => share(c).every((s, i) => s >= need[i] - 1e-12), Math.max(1, reps));
      if (n === null) return null;
      // the simulation's own answer, searched near Erlang's (a few steps each way)
      const simMeets = (c: number) => c > 0 && simulate(c).every((s, i) => s >= need[i] - 1e-12);
      let m: number | null = n;
      if (simMeets(n)) while (m > 1 && simMeets(m - 1)) m--;
      else {
        m = null;
        for (let c = n + 1; c <= n + SIM_SEARCH; c++)
          if (simMeets(c)) {
            m = c;
            break;
          }
      }
      return { reps: n, erlang: share(n), simulated: simulate(n), simulatedReps: m };
    };
    const smallest = unreachable.length ? null : smallestFor(targets);
    // what the leads that can be met need: the target's share of the reachable ones
    const smallestWhileOpen = unreachable.length ? smallestFor(targets.map((t, i) => t * ceiling[i])) : null;

    let busiest: TeamStaffing["busiest"] = null;
    lambda.forEach((l, k) => {
      if (l > 0 && (busiest === null || l > busiest.perHour))
        busiest = { hour: `${DAY_NAMES[Math.floor(k / 24)]} ${String(k % 24).padStart(2, "0")}:00`, perHour: l };
    });

    teams.push({
      team,
      reps,
      source,
      calendar,
      openHoursPerWeek: openHours.reduce((s, x) => s + x, 0),
      busiest,
      rules: obligations.map((o, cls) => {
        const n = arrivals.byObligation[rules[cls]].length;
        return {
          id: o.id,
          segment: o.kind === "respond" ? o.segment : "",
          windowMs: windows[cls].ms,
          business: o.within.kind === "business",
          target: targets[cls],
          leads: n,
          perWeek: n / weeks,
          whileClosed: n ? closedCount[cls] / n : 0,
          ceiling: ceiling[cls],
          erlang: nowErlang[cls],
          simulated: nowSim[cls],
        };
      }),
      smallest,
      unreachable,
      smallestWhileOpen,
    });
  }
  return {
    handleMinutes: opts.handleMinutes,
    from: arrivals.from,
    to: arrivals.to,
    weeks,
    skippedEvents: arrivals.skipped,
    teams,
    seed,
    runs,
  };
}

/** The smallest c in 1..MAX_REPS with meets(c), by doubling then bisection (meets is monotone in c); null: none. */
export function smallestReps(meets: (c: number) => boolean, start = 1): number | null {
  let hi = Math.max(1, start);
  while (!meets(hi) && hi < MAX_REPS) hi = Math.min(MAX_REPS, hi * 2);
  if (!meets(hi)) return null;
  let lo = 0;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (meets(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Per rule, the mean over its leads of P(wait ≤ budget) in its hour's M/M/c queue with c reps. */
function erlangShares(m: TeamModel, rules: number, c: number, mu: number): number[] {
  const sum = new Array<number>(rules).fill(0);
  const n = new Array<number>(rules).fill(0);
  for (const l of m.leads) {
    n[l.cls]++;
    if (l.bucket < 0 || l.budgetHours < 0) continue;
    sum[l.cls] += waitWithin(c, m.lambda[l.bucket], mu, l.budgetHours);
  }
  return sum.map((s, i) => (n[i] ? s / n[i] : 1));
}
