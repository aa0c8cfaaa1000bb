// One lead's whole history: creation, routing, enrichment and score changes,
// waiting on the customer, the first touch and the follow-up sequence, demos.
import {
  COUNTRIES,
  EXECUTIVE,
  FOLLOW_UP_CHANNEL,
  MODEL,
  TITLE_LARGE_W,
  TITLE_SMALL_W,
  TITLES_LARGE,
  TITLES_SMALL,
} from "./model.ts";
import type { Intensity } from "./arrivals.ts";
import { type ResolvedOptions, type Source, SOURCES } from "./options.ts";
import {
  type Fields,
  T_ASSIGNED,
  T_CREATED,
  T_DEMO_HELD,
  T_DEMO_STARTED,
  T_NOSHOW,
  T_TOUCH,
  T_UPDATED,
} from "./pending.ts";
import type { Routing } from "./people.ts";
import type { Rng } from "./random.ts";
import { DAY, HOUR, MINUTE, SECOND, type WorkTime } from "./work-time.ts";

/** Schedules an event: x = rep index (by, owner, rep), y = channel index. */
export type Schedule = (
  at: number,
  type: number,
  lead: number,
  x?: number,
  y?: number,
  fields?: Fields,
  untilMs?: number,
) => void;

export class LeadHistories {
  constructor(
    private readonly o: ResolvedOptions,
    private readonly work: WorkTime,
    private readonly routing: Routing,
    private readonly rng: Rng,
    private readonly intensity: Intensity,
    private readonly push: Schedule,
  ) {}

  /** Schedules every event of lead k, created at t0 in hour slot `slot`. */
  generate(k: number, t0: number, fromWebinar: boolean, slot: number): void {
    const { o, rng, work, routing, push } = this;
    const { slotCountry, baseMix } = this.intensity;
    const { endMs } = o;
    const reps = routing.reps;
    const nC = COUNTRIES.length;
    const source: Source = fromWebinar ? "webinar" : SOURCES[rng.weighted(baseMix, 1)];
    const model = MODEL[source];
    const country = COUNTRIES[rng.weightedRange(slotCountry, slot * nC, nC)].code;
    const employees = roundEstimate(Math.min(20000, Math.max(1, rng.logNormal(model.employeesMedian, 1.5))));
    const titles = employees < 50 ? TITLES_SMALL : TITLES_LARGE;
    const title = titles[rng.weighted(employees < 50 ? TITLE_SMALL_W : TITLE_LARGE_W)][0];
    const score = clampScore(
      model.scoreBase + 4 * Math.log10(employees) + (EXECUTIVE.has(title) ? 5 : 0) + 15 * rng.normal(),
    );
    push(t0, T_CREATED, k, 0, 0, { source, employees, title, country, score, status: "new" });

    // routing
    let owner = routing.pickRep(t0);
    const tAssigned =
      t0 + (rng.chance(0.03) ? rng.logNormal(25 * MINUTE, 1) : Math.max(SECOND, rng.logNormal(5 * SECOND, 0.6)));
    push(tAssigned, T_ASSIGNED, k, owner.index);

    // enrichment correcting the company size
    if (rng.chance(0.04)) {
      push(t0 + Math.max(2 * SECOND, rng.logNormal(15 * MINUTE, 1)), T_UPDATED, k, 0, 0, {
        employees: roundEstimate(Math.min(20000, Math.max(1, employees * rng.logNormal(1, 0.8)))),
      });
    }
    // score changes: some non-qualified leads engage and qualify later; some drift
    let rescoredAt = -1;
    if (source !== "demo" && score < 60 && rng.chance(0.09)) {
      rescoredAt = t0 + rng.logNormal(4 * DAY, 0.9);
      push(rescoredAt, T_UPDATED, k, 0, 0, { score: 60 + rng.int(36) });
    } else if (rng.chance(0.06)) {
      const delta = (rng.chance(0.5) ? 1 : -1) * (3 + rng.int(10));
      push(t0 + rng.logNormal(7 * DAY, 0.8), T_UPDATED, k, 0, 0, { score: clampScore(score + delta) });
    }

    // waiting on the customer before anyone touches the lead (paused clocks)
    let waitFrom = Infinity,
      waitUntil = -Infinity;
    if (rng.chance(model.waiting)) {
      waitFrom = tAssigned + Math.max(MINUTE, rng.logNormal(25 * MINUTE, 1));
      waitUntil = waitFrom + rng.logNormal(2 * DAY, 0.7);
    }

    const speed = owner.speed / o.responsiveness;
    const neverTouched = rng.chance(model.neverTouched * (score < 30 ? 1.4 : 1));
    // first touch
    let tFirst: number;
    const offHours = !work.isOpen(tAssigned);
    if (source === "demo" && offHours && rng.chance(0.3)) {
      tFirst = tAssigned + Math.max(20 * SECOND, rng.logNormal(6 * MINUTE, 0.8) * speed); // on call
    } else {
      const [, median, sigma] = model.firstTouch[rng.weighted(model.firstTouchWeights, 1)];
      let minutes = rng.logNormal(median, sigma) * (score >= 80 ? 0.6 : score < 30 ? 1.5 : 1);
      if (offHours) minutes += rng.logNormal(30, 0.9); // the overnight backlog
      tFirst = Math.max(tAssigned + 20 * SECOND, work.add(tAssigned, minutes * speed * MINUTE));
    }
    if (tFirst >= waitFrom && waitFrom < endMs) {
      tFirst = Math.max(tFirst, work.add(waitUntil, rng.logNormal(45, 1) * speed * MINUTE));
    }
    const waited = waitFrom < tFirst;
    if (waited) {
      push(waitFrom, T_UPDATED, k, 0, 0, { status: "waiting on customer" });
      push(waitUntil, T_UPDATED, k, 0, 0, { status: "working" });
    }

    if (neverTouched) {
      // nobody looks at it... unless it qualifies later
      if (!(rescoredAt > 0 && rng.chance(0.8))) return;
      tFirst = Math.max(rescoredAt + MINUTE, work.add(rescoredAt, rng.logNormal(180, 1.1) * speed * MINUTE));
      rescoredAt = -1;
    }

    // touch times: the first, then a follow-up sequence spread over the span
    let count: number;
    if (rng.chance(model.sequence)) count = 8 + Math.min(6, Math.floor(rng.exponential(1.2)));
    else count = 1 + Math.min(9, rng.poisson(model.touchLambda));
    count = 1 + Math.round((count - 1) * o.followUp);
    const span = rng.logNormal(model.spanDays * DAY, source === "demo" ? 0.35 : 0.5);
    const times: number[] = [tFirst];
    if (count > 1) {
      const gaps: number[] = [];
      let total = 0;
      for (let i = 0; i < count; i++) {
        const g = rng.exponential(1);
        gaps.push(g);
        total += g;
      }
      let acc = 0;
      for (let i = 0; i < count - 1; i++) {
        acc += gaps[i];
        times.push(this.workTime(tFirst + span * (acc / total)));
      }
    }
    if (rescoredAt > 0 && rng.chance(0.8)) {
      times.push(Math.max(rescoredAt + MINUTE, work.add(rescoredAt, rng.logNormal(180, 1.1) * speed * MINUTE)));
    }
    sortNumbers(times);

    // an occasional manual reassignment in the middle of the sequence
    const reassignAt = times.length >= 3 && rng.chance(0.03) ? 1 + rng.int(times.length - 1) : -1;
    let last = tAssigned;
    for (let i = 0; i < times.length; i++) {
      let t = Math.max(times[i], last + MINUTE);
      if (i === reassignAt) {
        const prevOwner = owner;
        owner = routing.pickRep(t);
        if (owner === prevOwner) owner = reps[(reps.indexOf(owner) + 1) % reps.length];
        const tr = Math.max(last + SECOND, t - rng.logNormal(2 * HOUR, 1));
        push(tr, T_ASSIGNED, k, owner.index);
        t = Math.max(t, tr + MINUTE);
      }
      let by = owner;
      if (routing.isAway(owner, t)) {
        const cover = rng.chance(0.5) ? routing.pickAvailable(t) : undefined;
        if (cover) by = cover;
        else t = this.workTime(routing.awayUntil(owner, t) + rng.logNormal(2 * HOUR, 1));
      }
      const w = i === 0 ? model.firstChannel : FOLLOW_UP_CHANNEL;
      push(t, T_TOUCH, k, by.index, rng.weighted(w, 1));
      if (i === 0 && !waited && rng.chance(0.85)) {
        push(t + Math.max(SECOND, rng.logNormal(30 * SECOND, 0.8)), T_UPDATED, k, 0, 0, { status: "working" });
      }
      last = t;
    }

    // waiting on the customer later on (no effect on touches already planned)
    if (times.length >= 2 && rng.chance(0.06)) {
      const a = times[0] + rng.between(0.2, 0.8) * (times[times.length - 1] - times[0]);
      push(a, T_UPDATED, k, 0, 0, { status: "waiting on customer" });
      if (rng.chance(0.7)) push(a + rng.logNormal(3 * DAY, 0.6), T_UPDATED, k, 0, 0, { status: "working" });
    }

    // demos
    if (rng.chance(model.bookDemo * (EXECUTIVE.has(title) ? 1.25 : 1))) {
      let t = work.add(tFirst, rng.logNormal(900, 0.8) * MINUTE);
      for (let attempt = 0; attempt < 3; attempt++) {
        t = this.onHalfHour(t);
        push(t, T_DEMO_STARTED, k);
        const r = rng.next();
        let noshow = false;
        if (r < 0.8) {
          noshow = rng.chance(0.22);
          push(t + Math.max(MINUTE, rng.logNormal(8 * MINUTE, 0.35)), noshow ? T_NOSHOW : T_DEMO_HELD, k);
        } else if (r < 0.9) {
          noshow = rng.chance(0.3);
          push(t + rng.logNormal(45 * MINUTE, 0.6), noshow ? T_NOSHOW : T_DEMO_HELD, k);
        }
        if (!noshow || !rng.chance(0.35)) break;
        t = work.add(t, rng.logNormal(1200, 0.5) * MINUTE); // rescheduled
      }
    }
  }

  /** A follow-up time: kept when in working hours (or, sometimes, a reasonable evening);
   *  otherwise moved to the next opening plus a little. */
  private workTime(t: number): number {
    const { work, rng } = this;
    if (work.isOpen(t)) return t;
    const h = work.localHour(t);
    if (h >= 7 && h < 22 && rng.chance(0.05)) return t;
    return work.add(t, rng.logNormal(40, 0.9) * MINUTE);
  }

  /** Meetings start on the hour or half hour, during working time. */
  private onHalfHour(t: number): number {
    const work = this.work;
    const w = work.wallOf(t);
    const rounded = Math.ceil(w / (30 * MINUTE)) * 30 * MINUTE;
    const u = work.utcOf(rounded);
    return work.isOpen(u) ? u : work.nextOpen(u);
  }
}

/** In-place ascending sort for short, nearly sorted arrays (cheaper than Array#sort with a comparator). */
function sortNumbers(a: number[]): void {
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

function roundEstimate(n: number): number {
  if (n < 100) return Math.round(n);
  if (n < 1000) return Math.round(n / 10) * 10;
  return Math.round(n / 100) * 100;
}

function clampScore(x: number): number {
  return Math.max(0, Math.min(100, Math.round(x)));
}
