// A seeded discrete-event simulation of the reps' queue, to check the Erlang C
// numbers (./erlang.ts) and to see what they leave out (the backlog that
// builds overnight and lands at opening time). Browser-safe.
//
// The model: leads arrive at the given instants (a trace from the events, or
// a generated Poisson stream); c reps take them first come, first served; a rep
// starts a lead only while the staff calendar is open (a lead that arrives at
// night waits for the opening); handling takes an exponential time with the
// stated mean; the first response happens when a rep picks the lead up. A
// lead's response time is measured as its window measures it: calendar time,
// or open time on the window's calendar.
//
// With c reps taking leads in arrival order, each lead goes to the rep who is
// free first (the Kiefer-Wolfowitz recursion): that is the FCFS schedule,
// so no event list is needed.
import type { WorkClock } from "../calendar.ts";
import { SeededRandom } from "./random.ts";

export interface QueueArrival {
  /** epoch ms */
  at: number;
  /** index into QueueOptions.windows */
  cls: number;
}

export interface QueueOptions {
  reps: number;
  /** mean handling time per lead, ms */
  handleMs: number;
  /** when reps work: a lead is picked up only at an open instant */
  staff: WorkClock;
  /** per class: the window and the clock it is measured on */
  windows: { ms: number; clock: WorkClock }[];
  seed: number;
  /** independent runs averaged (different handling times, same arrivals) */
  runs: number;
}

export interface QueueResult {
  /** per class: share of leads picked up within the window */
  met: number[];
  /** per class: number of leads */
  leads: number[];
  /** mean wait (calendar ms from arrival to pick-up) over all leads and runs */
  meanWaitMs: number;
}

/** The first instant at or after t when the clock is open. */
export function nextOpen(clock: WorkClock, t: number): number {
  return clock.isOpen(t) ? t : clock.advance(t, 1) - 1;
}

export function simulateQueue(arrivals: readonly QueueArrival[], o: QueueOptions): QueueResult {
  const k = o.windows.length;
  const met = new Array<number>(k).fill(0);
  const leads = new Array<number>(k).fill(0);
  for (const a of arrivals) leads[a.cls]++;
  let waitSum = 0;
  const rng = new SeededRandom(o.seed);
  const free = new Float64Array(Math.max(1, o.reps));
  for (let run = 0; run < o.runs; run++) {
    free.fill(-Infinity);
    for (const a of arrivals) {
      // the rep free first (linear scan: teams are small)
      let j = 0;
      for (let i = 1; i < free.length; i++) if (free[i] < free[j]) j = i;
      const start = nextOpen(o.staff, Math.max(a.at, free[j]));
      free[j] = start + rng.exponential(o.handleMs);
      const w = o.windows[a.cls];
      if (w.clock.elapsed(a.at, start) <= w.ms) met[a.cls]++;
      waitSum += start - a.at;
    }
  }
  return {
    met: met.map((m, i) => (leads[i] ? m / (leads[i] * o.runs) : 1)),
    leads,
    meanWaitMs: arrivals.length ? waitSum / (arrivals.length * o.runs) : 0,
  };
}

/** A Poisson stream: `perHour` arrivals an hour on average from `from` for `hours` hours, one class. */
export function poissonArrivals(perHour: number, from: number, hours: number, seed: number): QueueArrival[] {
  const rng = new SeededRandom(seed);
  const out: QueueArrival[] = [];
  const meanGap = 3_600_000 / perHour;
  const end = from + hours * 3_600_000;
  for (let t = from + rng.exponential(meanGap); t < end; t += rng.exponential(meanGap)) out.push({ at: t, cls: 0 });
  return out;
}
