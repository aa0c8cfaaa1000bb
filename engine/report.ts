// Collects what the runtime observes into the SimReport: counts per
// obligation, month and owner, exact percentiles, breaches, warnings,
// commitments per period and anomalies.
import type { IR } from "../language/ir.ts";
import { civilFromDays, type LocalTimes, localTimes } from "./local-time.ts";
import { monthKey, periodKey, periodRange, periodsBetween } from "./periods.ts";
import type { EvCode } from "./problems.ts";
import type {
  ActionRecord,
  Anomaly,
  BreachRecord,
  ComplianceCounts,
  HolidaysUsed,
  IgnoredData,
  LocalizedBreach,
  LocalizedSimReport,
  ObligationReport,
  Percentiles,
  RejectedRow,
  SimReport,
  WarningRecord,
} from "./result.ts";
import type { Clock, LeadState, Observer, Runtime } from "./runtime.ts";

function sum(xs: Iterable<number>): number {
  let n = 0;
  for (const x of xs) n += x;
  return n;
}
function countCodes(rows: readonly RejectedRow[]): Map<EvCode, number> {
  const m = new Map<EvCode, number>();
  for (const r of rows) m.set(r.code, (m.get(r.code) ?? 0) + 1);
  return m;
}
/** Counts by code, codes in order (stable JSON). */
function byCode(m: ReadonlyMap<EvCode, number>): Partial<Record<EvCode, number>> {
  const out: Partial<Record<EvCode, number>> = {};
  for (const code of [...m.keys()].sort()) out[code] = m.get(code);
  return out;
}

interface Counts {
  inScope: number;
  met: number;
  breached: number;
}

interface ObStats extends Counts {
  months: Map<string, Counts>;
  owners: Map<string, Counts>;
  calendar: number[];
  business: number[];
  warnings: number;
}

const newCounts = (): Counts => ({ inScope: 0, met: 0, breached: 0 });
// at module level: a closure inside iso() would be allocated on every call
const p2 = (x: number): string => (x < 10 ? "0" : "") + x;

/** ISO-8601 UTC ("2027-01-04T14:08:00Z", with .sss only when needed), without a Date per call. */
export function iso(t: number): string {
  const ms = ((t % 86_400_000) + 86_400_000) % 86_400_000;
  const days = (t - ms) / 86_400_000;
  const ymd = civilFromDays(days);
  const y = Math.floor(ymd / 10000);
  const m = (((Math.floor(ymd / 100) % 100) + 100) % 100) | 0;
  const d = (((ymd % 100) + 100) % 100) | 0;
  if (y < 0 || y > 9999) return new Date(t).toISOString();
  const hh = Math.floor(ms / 3_600_000);
  const mi = Math.floor(ms / 60_000) % 60;
  const ss = Math.floor(ms / 1000) % 60;
  const frac = ms % 1000;
  return `${String(y).padStart(4, "0")}-${p2(m)}-${p2(d)}T${p2(hh)}:${p2(mi)}:${p2(ss)}${frac ? "." + String(frac).padStart(3, "0") : ""}Z`;
}

export class ReportBuilder implements Observer {
  private obs: ObStats[];
  private breaches: BreachRecord[] = [];
  private warnings: WarningRecord[] = [];
  /** commitment index -> period -> [count, cents] */
  private commitments: Map<string, [number, number]>[];
  private termCommitments: number[][];
  private anomalies = new Map<string, Anomaly>();
  private zone: string;

  constructor(private ir: IR) {
    this.zone = ir.timezone;
    this.obs = ir.obligations.map(() => ({
      ...newCounts(),
      months: new Map(),
      owners: new Map(),
      calendar: [],
      business: [],
      warnings: 0,
    }));
    this.commitments = ir.commitments.map(() => new Map());
    this.termCommitments = ir.terms.map((t) => ir.commitments.flatMap((c, i) => (c.term === t.name ? [i] : [])));
  }

  private month(c: Clock, key: "inScope" | "met" | "breached"): void {
    const s = this.obs[c.ob.index];
    const m = c.month || (c.month = monthKey(c.start, this.zone));
    let counts = s.months.get(m);
    if (!counts) s.months.set(m, (counts = newCounts()));
    counts[key]++;
  }
  private owner(c: Clock, owner: string | null, key: "inScope" | "met" | "breached"): void {
    const s = this.obs[c.ob.index];
    const name = owner ?? "(unassigned)";
    let counts = s.owners.get(name);
    if (!counts) s.owners.set(name, (counts = newCounts()));
    counts[key]++;
  }

  clockStarted(c: Clock): void {
    this.obs[c.ob.index].inScope++;
    this.month(c, "inScope");
  }
  clockMet(c: Clock): void {
    this.obs[c.ob.index].met++;
    this.month(c, "met");
    this.owner(c, c.lead.owner, "met");
    this.owner(c, c.lead.owner, "inScope");
  }
  clockBreached(c: Clock, at: number, owner: string | null, actions: ActionRecord[]): void {
    this.obs[c.ob.index].breached++;
    this.month(c, "breached");
    this.owner(c, owner, "breached");
    this.owner(c, owner, "inScope");
    const o = c.ob.ir;
    this.breaches.push({
      lead: c.lead.id,
      kind: o.kind,
      segment: o.segment,
      name: o.id,
      start: iso(c.start),
      due: iso(at),
      owner,
      actions,
    });
  }
  clockWarned(c: Clock, at: number, fired?: { owner: string | null; actions: ActionRecord[] }): void {
    this.obs[c.ob.index].warnings++;
    const o = c.ob.ir;
    const w: WarningRecord = {
      lead: c.lead.id,
      kind: o.kind,
      segment: o.segment,
      name: o.id,
      at: iso(at),
      due: iso(c.due),
      owner: fired ? fired.owner : c.lead.owner,
    };
    if (fired) w.actions = fired.actions;
    this.warnings.push(w);
  }
  responded(c: Clock, calendarMs: number, businessMs: number | null): void {
    const s = this.obs[c.ob.index];
    s.calendar.push(calendarMs);
    if (businessMs !== null) s.business.push(businessMs);
  }
  termFirstMatched(_lead: LeadState, term: number, at: number, valueCents: number): void {
    for (const ci of this.termCommitments[term]) {
      const key = periodKey(at, this.ir.commitments[ci].per, this.zone);
      const m = this.commitments[ci];
      const cur = m.get(key);
      if (cur) {
        cur[0]++;
        cur[1] += valueCents;
      } else m.set(key, [1, valueCents]);
    }
  }
  anomaly(
    kind: "assigned-while-away" | "reassign-no-rep" | "lead-recreated",
    owner: string | null,
    example: string,
  ): void {
    const key = `${kind}:${owner ?? ""}`;
    let a = this.anomalies.get(key);
    if (!a) {
      const message =
        kind === "assigned-while-away"
          ? `${owner} received leads while away`
          : kind === "reassign-no-rep"
            ? `a breach found no rep to reassign to (everyone away or already the owner)`
            : `lead.created repeated for an existing lead (fields merged)`;
      a = { kind, message, count: 0, examples: [] };
      if (owner && kind === "assigned-while-away") a.owner = owner;
      this.anomalies.set(key, a);
    }
    a.count++;
    if (a.examples.length < 5) a.examples.push(example);
  }

  /** Builds the final report. `end` is the data end (or --until). */
  build(
    rt: Runtime,
    info: {
      from: number | null;
      to: number | null;
      duplicates: number;
      conflicts: number;
      ignoredAfterUntil: number;
      rejected: RejectedRow[];
      ignoredRows: ReadonlyMap<EvCode, number>;
      ignored?: IgnoredData;
    },
  ): SimReport {
    const pending = this.ir.obligations.map(() => ({
      total: 0,
      months: new Map<string, number>(),
      owners: new Map<string, number>(),
    }));
    for (const c of rt.openClocks()) {
      const p = pending[c.ob.index];
      p.total++;
      const m = monthKey(c.start, this.zone);
      p.months.set(m, (p.months.get(m) ?? 0) + 1);
      const o = c.lead.owner ?? "(unassigned)";
      p.owners.set(o, (p.owners.get(o) ?? 0) + 1);
    }
    const obligations: ObligationReport[] = this.ir.obligations.map((o, i) => {
      const s = this.obs[i];
      const p = pending[i];
      const rt0 = rt.obligations[i];
      const target = o.target;
      const counts = finish(s, p.total);
      const months = [...s.months.keys()].sort().map((month) => {
        const mc = finish(s.months.get(month)!, p.months.get(month) ?? 0);
        return { month, ...mc, held: held(mc.compliance, target) };
      });
      const ownerNames = new Set([...s.owners.keys(), ...p.owners.keys()]);
      const owners = [...ownerNames].sort().map((owner) => {
        const base = s.owners.get(owner) ?? newCounts();
        const extra = p.owners.get(owner) ?? 0;
        return { owner, ...finish({ inScope: base.inScope + extra, met: base.met, breached: base.breached }, extra) };
      });
      return {
        kind: o.kind,
        segment: o.segment,
        name: o.id,
        ...counts,
        target,
        held: held(counts.compliance, target),
        windowSeconds: rt0.window / 1000,
        business: o.within.kind === "business",
        months,
        owners,
        responseTimes: {
          calendar: percentiles(s.calendar),
          business: rt0.businessClock ? percentiles(s.business) : null,
        },
        warnings: s.warnings,
      };
    });
    const commitments = this.ir.commitments.map((c, i) => {
      const m = this.commitments[i];
      const keys =
        info.from !== null && info.to !== null
          ? periodsBetween(info.from, info.to, c.per, this.zone)
          : [...m.keys()].sort();
      const goal = c.kind === "value" ? c.goal / 100 : c.goal;
      return {
        kind: c.kind,
        term: c.term,
        goal,
        per: c.per,
        periods: keys.map((period) => {
          const [count, cents] = m.get(period) ?? [0, 0];
          const actual = c.kind === "value" ? cents / 100 : count;
          const [a, b] = periodRange(period, c.per, this.zone);
          const partial = info.from === null || info.to === null || info.from > a || info.to < b - 1;
          return { period, actual, held: actual >= goal, partial };
        }),
      };
    });
    const holidays = this.holidaysUsed(info.from, info.to);
    return {
      sla: this.ir.name,
      timezone: this.zone,
      ...(holidays ? { holidays } : {}),
      from: info.from === null ? null : iso(info.from),
      to: info.to === null ? null : iso(info.to),
      events: rt.events,
      leads: rt.leadCount,
      duplicates: info.duplicates,
      conflicts: info.conflicts,
      ignoredAfterUntil: info.ignoredAfterUntil,
      ignoredRows: { count: sum(info.ignoredRows.values()), byCode: byCode(info.ignoredRows) },
      ignored: info.ignored ?? { fields: [], properties: [], eventTypes: [] },
      // filled in by the caller from the finished report (engine/data-fit.ts)
      dataFit: [],
      obligations,
      breaches: this.breaches,
      warnings: this.warnings,
      commitments,
      anomalies: [...this.anomalies.values(), ...this.outliers(obligations)],
      rejected: {
        count: info.rejected.length,
        byCode: byCode(countCodes(info.rejected)),
        rows: [...info.rejected].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)),
      },
    };
  }

  /**
   * `closed holidays "US"`: the dates each region closed within the data's
   * range (local dates), and whether the data runs outside the years the
   * spec's holidays were listed for. Absent when no calendar names a region.
   */
  private holidaysUsed(from: number | null, to: number | null): HolidaysUsed[] | undefined {
    const out: HolidaysUsed[] = [];
    const day = new Intl.DateTimeFormat("en-CA", {
      timeZone: this.zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    const first = from === null ? null : day.format(from);
    const last = to === null ? null : day.format(to);
    for (const [calendar, c] of Object.entries(this.ir.calendars))
      for (const h of c.holidays ?? [])
        out.push({
          calendar,
          region: h.region,
          from: h.from,
          to: h.to,
          dates: first === null || last === null ? [] : h.dates.filter((d) => d.date >= first && d.date <= last),
          outside: first !== null && last !== null && (first < `${h.from}-01-01` || last > `${h.to}-12-31`),
        });
    return out.length ? out : undefined;
  }

  /** Owners whose breach rate is far above their team's (at least 10 decided clocks). */
  private outliers(obligations: ObligationReport[]): Anomaly[] {
    const out: Anomaly[] = [];
    for (const team of this.ir.teams) {
      const per = new Map<string, { met: number; breached: number }>();
      for (const o of obligations)
        for (const row of o.owners) {
          if (!team.members.includes(row.owner)) continue;
          const cur = per.get(row.owner) ?? { met: 0, breached: 0 };
          cur.met += row.met;
          cur.breached += row.breached;
          per.set(row.owner, cur);
        }
      let tm = 0;
      let tb = 0;
      for (const v of per.values()) {
        tm += v.met;
        tb += v.breached;
      }
      if (tm + tb === 0) continue;
      const teamRate = tb / (tm + tb);
      for (const [owner, v] of per) {
        const n = v.met + v.breached;
        if (n < 10) continue;
        const rate = v.breached / n;
        if (rate >= 2 * teamRate && rate - teamRate >= 0.1)
          out.push({
            kind: "breach-rate-outlier",
            owner,
            count: v.breached,
            examples: [],
            message: `${owner} breached ${pct(rate)} of ${n} clocks vs ${pct(teamRate)} for team ${team.name}`,
          });
      }
    }
    return out;
  }
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function finish(c: Counts, pending: number): ComplianceCounts {
  const decided = c.met + c.breached;
  return {
    inScope: c.inScope,
    met: c.met,
    breached: c.breached,
    pending,
    compliance: decided === 0 ? null : c.met / decided,
  };
}

function held(compliance: number | null, target: number | null): boolean | null {
  return compliance === null || target === null ? null : compliance >= target;
}

/** Exact nearest-rank percentiles, in seconds. */
export function percentiles(ms: number[]): Percentiles {
  if (ms.length === 0) return { count: 0, p50: null, p90: null, p99: null };
  const sorted = Float64Array.from(ms).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] / 1000;
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

/**
 * Copies `o` with `<key>Local` (ISO-8601 in the zone, with its offset) right
 * after each of `keys` that holds a UTC time (null stays null). Other keys and
 * their order are kept.
 */
function withLocal<T extends object>(o: T, keys: readonly string[], lt: LocalTimes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    out[k] = v;
    if (keys.includes(k)) out[`${k}Local`] = typeof v === "string" ? lt.isoOfIso(v) : null;
  }
  return out;
}

/** Breaches for JSON output: `startLocal` and `dueLocal` in `zone` after `start` and `due`. */
export function localizeBreaches(bs: readonly BreachRecord[], zone: string): LocalizedBreach[] {
  const lt = localTimes(zone);
  return bs.map((b) => withLocal(b, ["start", "due"], lt) as unknown as LocalizedBreach);
}

/**
 * The report for JSON output: every UTC time gains a local twin in the SLA's
 * zone (`due` -> `dueLocal`). Done at output time, never during the replay.
 */
export function localizeReport(r: SimReport): LocalizedSimReport {
  const lt = localTimes(r.timezone);
  const top = withLocal(r, ["from", "to"], lt);
  top.breaches = localizeBreaches(r.breaches, r.timezone);
  top.warnings = r.warnings.map((w) => withLocal(w, ["at", "due"], lt));
  return top as LocalizedSimReport;
}
