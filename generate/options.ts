// The generator's options: defaults, validation and the resolved period.
import { DAY, type ZoneTable, zoneTable } from "../engine/calendar.ts";

export type Source = "demo" | "trial" | "webinar" | "whitepaper";
export const SOURCES: readonly Source[] = Object.freeze(["demo", "trial", "webinar", "whitepaper"]);

export interface GeneratorOptions {
  /** Any safe integer >= 0. Same options => byte-identical output. */
  seed: number;
  /** First local day of the period, YYYY-MM-DD, in `timezone`. */
  start: string;
  /** Length of the period in calendar months (whole, 1..120). */
  months: number;
  /** Exact number of leads; overrides `leadsPerDay` when set. */
  leads?: number;
  /** Average leads per calendar day when `leads` is not set. */
  leadsPerDay: number;
  /** IANA zone the reps work in (and where `start`, webinars and holidays live). */
  timezone: string;
  /** Rep names that receive leads. */
  reps: readonly string[];
  /** Speed of the reps: 2 halves every response delay, 0.5 doubles it. */
  responsiveness: number;
  /** Multiplier on the number of follow-up touches (1 = default depth). */
  followUp: number;
  /** Relative weights of lead sources (normalised). */
  sourceMix: Readonly<Record<Source, number>>;
  /** Share of events delivered twice (same id and content). */
  duplicateRate: number;
  /** Expected vacations per rep per month (plus about a third as many single sick days). */
  awayRate: number;
  /** Reps' working hours on Mon-Fri, local "HH:MM-HH:MM". */
  workHours: string;
  /** Local dates (YYYY-MM-DD) nobody works. */
  holidays: readonly string[];
}

export const DEFAULT_OPTIONS: Readonly<GeneratorOptions> = Object.freeze({
  seed: 42,
  start: "2027-01-01",
  months: 3,
  leadsPerDay: 33,
  timezone: "America/New_York",
  reps: Object.freeze(["ana", "ben", "chloe", "dave", "erin"]),
  responsiveness: 1,
  followUp: 1,
  sourceMix: Object.freeze({ demo: 15, trial: 25, webinar: 30, whitepaper: 30 }),
  duplicateRate: 0.003,
  awayRate: 0.35,
  workHours: "09:00-17:30",
  // inbound.sla's closed days
  holidays: Object.freeze(["2027-01-01", "2027-05-31", "2027-07-05", "2027-12-24"]),
});

/** Thrown for options that cannot be used (the CLI turns it into a usage error). */
export class GeneratorOptionError extends Error {}

export interface ResolvedOptions extends GeneratorOptions {
  /** The number of leads that will be created. */
  leads: number;
  /** Period [startMs, endMs) in epoch ms: local midnights in `timezone`. */
  startMs: number;
  endMs: number;
  /** Reps' working hours, minutes after local midnight. */
  openMinute: number;
  closeMinute: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HOURS_RE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;
const REP_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const MAX_LEADS = 20_000_000;

/** [year, month 1-12, day] of a YYYY-MM-DD calendar date; throws GeneratorOptionError. */
export function parseDate(s: string, what: string): [number, number, number] {
  const m = DATE_RE.exec(s);
  if (!m) throw new GeneratorOptionError(`${what} must be a date like 2027-01-01, got '${s}'`);
  const y = Number(m[1]),
    mo = Number(m[2]),
    d = Number(m[3]);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new GeneratorOptionError(`${what} is not a calendar date: '${s}'`);
  }
  return [y, mo, d];
}

/** The engine's (shared, cached) table for an IANA zone; throws GeneratorOptionError. */
export function zoneOf(timeZone: string): ZoneTable {
  try {
    return zoneTable(timeZone);
  } catch {
    throw new GeneratorOptionError(`unknown time zone '${timeZone}'`);
  }
}

function finite(n: unknown, what: string, min: number, max: number): number {
  if (typeof n !== "number" || !Number.isFinite(n) || n < min || n > max) {
    throw new GeneratorOptionError(`${what} must be a number between ${min} and ${max}, got ${String(n)}`);
  }
  return n;
}

function integer(n: unknown, what: string, min: number, max: number): number {
  finite(n, what, min, max);
  if (!Number.isInteger(n)) throw new GeneratorOptionError(`${what} must be a whole number, got ${String(n)}`);
  return n as number;
}

/** Fill in defaults and check every option; throws GeneratorOptionError. */
export function resolveOptions(opts: Partial<GeneratorOptions> = {}): ResolvedOptions {
  const o = { ...DEFAULT_OPTIONS, ...stripUndefined(opts) } as GeneratorOptions;
  integer(o.seed, "seed", 0, Number.MAX_SAFE_INTEGER);
  integer(o.months, "months", 1, 120);
  finite(o.leadsPerDay, "leadsPerDay", 0, 1_000_000);
  finite(o.responsiveness, "responsiveness", 0.01, 100);
  finite(o.followUp, "followUp", 0, 10);
  finite(o.duplicateRate, "duplicateRate", 0, 0.5);
  finite(o.awayRate, "awayRate", 0, 5);
  if (!Array.isArray(o.reps) || o.reps.length === 0) throw new GeneratorOptionError("reps must name at least one rep");
  for (const r of o.reps) {
    if (typeof r !== "string" || !REP_RE.test(r))
      throw new GeneratorOptionError(`rep names must be simple names like 'ana', got '${String(r)}'`);
  }
  if (new Set(o.reps).size !== o.reps.length) throw new GeneratorOptionError("reps must not repeat a name");
  let mixTotal = 0;
  for (const s of SOURCES) mixTotal += finite(o.sourceMix?.[s] ?? 0, `sourceMix.${s}`, 0, 1e9);
  if (!(mixTotal > 0)) throw new GeneratorOptionError("sourceMix must give some source a positive weight");
  const hm = HOURS_RE.exec(o.workHours);
  const openMinute = hm ? Number(hm[1]) * 60 + Number(hm[2]) : NaN;
  const closeMinute = hm ? Number(hm[3]) * 60 + Number(hm[4]) : NaN;
  if (!hm || !(openMinute < closeMinute) || closeMinute > 24 * 60 || Number(hm[2]) > 59 || Number(hm[4]) > 59) {
    throw new GeneratorOptionError(
      `workHours must look like 09:00-17:30 (opening before closing), got '${o.workHours}'`,
    );
  }
  for (const h of o.holidays) parseDate(h, "holiday");
  const zone = zoneOf(o.timezone);
  const [y, mo, d] = parseDate(o.start, "start");
  const startMs = zone.fromWall(Date.UTC(y, mo - 1, d));
  const endMs = zone.fromWall(Date.UTC(y, mo - 1 + o.months, d));
  const leads =
    o.leads !== undefined
      ? integer(o.leads, "leads", 0, MAX_LEADS)
      : Math.round((o.leadsPerDay * (endMs - startMs)) / DAY);
  if (leads > MAX_LEADS) throw new GeneratorOptionError(`at most ${MAX_LEADS} leads, got ${leads}`);
  return { ...o, leads, startMs, endMs, openMinute, closeMinute };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
