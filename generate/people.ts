// The reps: their personal weight and speed, their absences, and routing
// (smooth weighted round robin over reps who are not away).
import { parseDate, type ResolvedOptions } from "./options.ts";
import type { Rng } from "./random.ts";
import { DAY, type WorkTime } from "./work-time.ts";

export interface Rep {
  name: string;
  index: number;
  weight: number;
  speed: number;
  current: number;
  /** absences [from, until), sorted */
  away: [number, number][];
}

/** The reps with their absences (vacations of a few days, single sick days), drawn from `setup`. */
export function makeReps(o: ResolvedOptions, work: WorkTime, setup: Rng): Rep[] {
  const reps: Rep[] = o.reps.map((name, index) => ({
    name,
    index,
    weight: setup.between(0.75, 1.25),
    speed: setup.logNormal(1, 0.3),
    current: 0,
    away: [],
  }));
  const [sy, sm, sd] = parseDate(o.start, "start");
  for (const rep of reps) {
    for (let m = 0; m < o.months; m++) {
      const monthStart = Date.UTC(sy, sm - 1 + m, sd) / DAY;
      const monthDays = Date.UTC(sy, sm - 1 + m + 1, sd) / DAY - monthStart;
      const absences: number[][] = [];
      for (let k = setup.poisson(o.awayRate); k > 0; k--) {
        absences.push([
          monthStart + setup.int(monthDays),
          Math.max(2, Math.min(10, Math.round(setup.logNormal(4, 0.45)))),
        ]);
      }
      for (let k = setup.poisson(o.awayRate / 3); k > 0; k--) absences.push([monthStart + setup.int(monthDays), 1]);
      for (const [day, len] of absences.sort((a, b) => a[0] - b[0])) {
        const from = work.utcOf(day * DAY);
        const until = work.utcOf((day + len) * DAY);
        const prev = rep.away[rep.away.length - 1];
        if (prev && from < prev[1]) continue; // overlaps the previous absence
        rep.away.push([from, until]);
      }
    }
    rep.away.sort((a, b) => a[0] - b[0]);
  }
  return reps;
}

/** The rep.away events inside the period: [from, rep, until], by time then rep order. */
export function awayEvents(o: ResolvedOptions, reps: readonly Rep[]): [number, Rep, number][] {
  const events: [number, Rep, number][] = [];
  for (const rep of reps) for (const [from, until] of rep.away) if (from >= o.startMs) events.push([from, rep, until]);
  events.sort((a, b) => a[0] - b[0] || o.reps.indexOf(a[1].name) - o.reps.indexOf(b[1].name));
  return events;
}

export class Routing {
  private readonly availBuf: Rep[] = []; // scratch for available()
  constructor(
    readonly reps: readonly Rep[],
    private readonly rng: Rng,
  ) {}

  isAway(rep: Rep, t: number): boolean {
    return this.awayUntil(rep, t) !== t;
  }
  /** the end of the absence `t` falls in, else t */
  awayUntil(rep: Rep, t: number): number {
    const away = rep.away;
    for (let i = 0; i < away.length; i++) if (t >= away[i][0] && t < away[i][1]) return away[i][1];
    return t;
  }
  private available(t: number): Rep[] {
    const buf = this.availBuf;
    buf.length = 0;
    for (const r of this.reps) if (r.away.length === 0 || !this.isAway(r, t)) buf.push(r);
    return buf;
  }
  /** Smooth weighted round robin over reps not away at t, with a little randomness. */
  pickRep(t: number): Rep {
    const rng = this.rng;
    let avail: readonly Rep[] = this.available(t);
    if (avail.length === 0) avail = this.reps;
    if (rng.chance(0.12)) return avail[rng.int(avail.length)];
    let total = 0;
    let best = avail[0];
    for (const r of avail) {
      r.current += r.weight;
      total += r.weight;
      if (r.current > best.current) best = r;
    }
    best.current -= total;
    return best;
  }
  /** A random rep who is not away at t, if any. */
  pickAvailable(t: number): Rep | undefined {
    const avail = this.available(t);
    return avail.length ? avail[this.rng.int(avail.length)] : undefined;
  }
}
