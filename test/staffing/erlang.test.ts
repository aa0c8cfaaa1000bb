// Erlang C by hand, its properties, and the cross-check against the seeded
// queue simulation (issue 13 part 4).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CALENDAR_TIME, compileCalendar } from "../../engine/calendar.ts";
import { erlangB, erlangC, meanWait, poissonArrivals, simulateQueue, waitWithin } from "../../engine/staffing/index.ts";

const MIN = 60_000;
const HOUR = 3_600_000;

describe("Erlang C, computed by hand", () => {
  // λ = 6 leads an hour, handling 15 minutes (μ = 4 an hour per rep), so the
  // offered load a = λ/μ = 1.5 reps of work.
  //
  // c = 2: a^c/c! = 1.5²/2 = 1.125; c/(c−a) = 2/0.5 = 4; top = 1.125 × 4 = 4.5
  //        Σ_{k<2} a^k/k! = 1 + 1.5 = 2.5;  C = 4.5 / (2.5 + 4.5) = 0.642857
  //        P(wait ≤ 10 min) = 1 − C·e^(−(cμ−λ)t) = 1 − 0.642857·e^(−(8−6)·(1/6))
  //                         = 1 − 0.642857 × 0.716531 = 1 − 0.460627 = 0.539373
  // c = 3: a^3/3! = 3.375/6 = 0.5625; c/(c−a) = 3/1.5 = 2; top = 1.125
  //        Σ_{k<3} = 1 + 1.5 + 1.125 = 3.625;  C = 1.125 / 4.75 = 0.236842
  //        P(wait ≤ 10 min) = 1 − 0.236842·e^(−(12−6)/6) = 1 − 0.236842 × 0.367879 = 0.912871
  //        mean wait = C / (cμ − λ) = 0.236842 / 6 h = 2.368 minutes
  it("λ = 6/h, μ = 4/h: c = 2 gives C = 0.642857 and P(wait ≤ 10m) = 0.539373", () => {
    expect(erlangC(2, 1.5)).toBeCloseTo(0.642857, 6);
    expect(waitWithin(2, 6, 4, 10 / 60)).toBeCloseTo(0.539373, 6);
  });
  it("λ = 6/h, μ = 4/h: c = 3 gives C = 0.236842, P(wait ≤ 10m) = 0.912871, mean wait 2.368m", () => {
    expect(erlangC(3, 1.5)).toBeCloseTo(0.236842, 6);
    expect(waitWithin(3, 6, 4, 10 / 60)).toBeCloseTo(0.912871, 6);
    expect(meanWait(3, 6, 4) * 60).toBeCloseTo(2.368421, 5);
  });
  it("Erlang B: c = 2, a = 1.5: (1.125) / (1 + 1.5 + 1.125) = 0.310345", () => {
    expect(erlangB(2, 1.5)).toBeCloseTo(0.310345, 6);
  });
  it("an unstable queue (λ ≥ cμ) meets nothing; no arrivals meet everything", () => {
    expect(waitWithin(1, 4, 4, 1)).toBe(0);
    expect(waitWithin(1, 5, 4, 1)).toBe(0);
    expect(meanWait(1, 5, 4)).toBe(Infinity);
    expect(waitWithin(1, 0, 4, 0)).toBe(1);
    expect(waitWithin(3, 6, 4, -1)).toBe(0);
  });
  it("properties: P(wait ≤ t) grows with reps and with t, and stays in [0, 1]", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        fc.double({ min: 0.5, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (c, lambda, mu, t) => {
          const p = waitWithin(c, lambda, mu, t);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(waitWithin(c + 1, lambda, mu, t)).toBeGreaterThanOrEqual(p - 1e-12);
          expect(waitWithin(c, lambda, mu, t + 0.1)).toBeGreaterThanOrEqual(p - 1e-12);
        },
      ),
    );
  });
});

describe("the simulation agrees with Erlang C on stationary cases (within 0.015)", () => {
  // Poisson arrivals around the clock, exponential handling, FCFS, c reps:
  // exactly the M/M/c queue, so the simulated share picked up within t must
  // match the formula up to sampling noise (over 10^5 leads, well under 0.015).
  const cases = [
    { perHour: 6, handleMin: 15, reps: 2, withinMin: 10 }, // the hand case: 0.539
    { perHour: 6, handleMin: 15, reps: 3, withinMin: 10 }, // 0.913
    { perHour: 20, handleMin: 6, reps: 3, withinMin: 2 },
    { perHour: 50, handleMin: 6, reps: 7, withinMin: 1 },
    { perHour: 30, handleMin: 10, reps: 6, withinMin: 5 },
  ];
  for (const k of cases) {
    it(`λ = ${k.perHour}/h, handling ${k.handleMin}m, ${k.reps} reps, within ${k.withinMin}m`, () => {
      const hours = Math.ceil(120_000 / k.perHour);
      const arrivals = poissonArrivals(k.perHour, Date.UTC(2027, 0, 4), hours, 7);
      const sim = simulateQueue(arrivals, {
        reps: k.reps,
        handleMs: k.handleMin * MIN,
        staff: CALENDAR_TIME,
        windows: [{ ms: k.withinMin * MIN, clock: CALENDAR_TIME }],
        seed: 11,
        runs: 1,
      });
      const erlang = waitWithin(k.reps, k.perHour, 60 / k.handleMin, k.withinMin / 60);
      expect(Math.abs(sim.met[0] - erlang)).toBeLessThan(0.015);
      // mean wait: within 10% (or 3 seconds, for waits near zero)
      const mean = meanWait(k.reps, k.perHour, 60 / k.handleMin) * HOUR;
      expect(Math.abs(sim.meanWaitMs - mean)).toBeLessThan(Math.max(0.1 * mean, 3000));
    });
  }
});

describe("the simulation's calendar", () => {
  const cal = compileCalendar(
    { open: [1, 2, 3, 4, 5].map((day) => ({ day, from: 540, to: 1020 })), closed: [] },
    "UTC",
  );
  it("a lead arriving at night is picked up at the opening; its business window has not started", () => {
    // Monday 2027-01-04 06:00 UTC: the team opens at 09:00
    const at = Date.UTC(2027, 0, 4, 6);
    const r = simulateQueue([{ at, cls: 0 }], {
      reps: 1,
      handleMs: 6 * MIN,
      staff: cal,
      windows: [
        { ms: 5 * MIN, clock: cal },
        { ms: 5 * MIN, clock: CALENDAR_TIME },
      ],
      seed: 1,
      runs: 1,
    });
    expect(r.met[0]).toBe(1);
    expect(r.meanWaitMs).toBe(3 * HOUR);
    const calendarWindow = simulateQueue([{ at, cls: 1 }], {
      reps: 1,
      handleMs: 6 * MIN,
      staff: cal,
      windows: [
        { ms: 5 * MIN, clock: cal },
        { ms: 5 * MIN, clock: CALENDAR_TIME },
      ],
      seed: 1,
      runs: 1,
    });
    expect(calendarWindow.met[1]).toBe(0);
  });
  it("is reproducible: the same seed gives the same shares", () => {
    const arrivals = poissonArrivals(10, Date.UTC(2027, 0, 4), 500, 3);
    const o = {
      reps: 2,
      handleMs: 10 * MIN,
      staff: CALENDAR_TIME,
      windows: [{ ms: 5 * MIN, clock: CALENDAR_TIME }],
      seed: 5,
      runs: 3,
    };
    expect(simulateQueue(arrivals, o)).toEqual(simulateQueue(arrivals, o));
  });
});
