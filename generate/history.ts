// A seeded generator of realistic inbound-lead event histories.
//
// It feeds the README's main example (a quarter of leads for inbound.sla), the
// benchmark (millions of events) and the browser playground, so it is:
//  - deterministic: a small PRNG (sfc32, seeded through splitmix32) and no
//    Math.random or clock reads; the same options give byte-identical output;
//  - streaming: leads are generated one by one in creation order; each lead's
//    future events wait in a time-ordered queue (a small min-heap for the
//    next hour, hourly buckets beyond; ties by push order) and are released
//    once no later lead can precede them, so the output is globally sorted by
//    `at` and memory holds only the pending horizon (a few weeks of events,
//    kept in typed arrays rather than objects, so a million events take a few
//    seconds and under 200 MB whatever the total);
//  - browser-safe: no Node imports; time zones, the business calendar, the
//    heap and ISO timestamps are the engine's own (engine/calendar.ts,
//    engine/heap.ts, engine/report.ts).
//
// Modules: options.ts (options and checks), random.ts (PRNG), model.ts (the
// tables), work-time.ts (reps' hours), people.ts (reps, absences, routing),
// arrivals.ts (when leads come), lead.ts (one lead's history), pending.ts
// (the pending-event queue), this file (putting them together) and writer.ts
// (JSONL and event objects; the public API is in index.ts).
//
// The model, in short (every number below is a default, tuned to look like a
// B2B inbound funnel; none of it is real customer data):
//  - Arrivals. Leads come from seven countries (US 55%, GB 10%, CA 8%, DE 8%,
//    IN 8%, FR 6%, BR 5%), each following a form-fill curve over its own local
//    day (peak 10:00-16:00, quiet at night, weekends at about a third) with
//    day-to-day noise. A weekly webinar (Wednesdays 14:00 in `timezone`)
//    produces a burst of webinar leads over the following hours. The exact
//    lead count is honoured: arrival times are sorted order statistics drawn
//    from that intensity (two passes over an exponential-spacing stream).
//  - Fields. source (demo/trial/webinar/whitepaper, 15/25/30/30), employees
//    (log-normal 1..20000, median depends on source, larger numbers rounded
//    like enrichment estimates), title (depends on company size), country,
//    score (0-100, depends on source, size and seniority), status "new".
//  - Routing. lead.assigned a few seconds later (sometimes minutes: a routing
//    queue) by smooth weighted round robin over reps who are not away, with
//    some randomness; each rep has a personal weight and speed.
//  - Reps work 09:00-17:30 Mon-Fri in `timezone`, minus `holidays`. A first
//    touch is drawn in business minutes from assignment, so a lead arriving at
//    night is touched the next morning (after the overnight backlog). Demo
//    requests are fast (median ~2-3 minutes, with a tail; off-hours someone is
//    on call for a minority), trials take hours, content leads a day or more
//    and many are never touched. Follow-up touches spread over 1-3 weeks
//    (about 45% of demo leads get a sequence of 8+ touches, most leads fewer).
//  - Updates. status "working" at first touch; some trials wait on the customer
//    before being touched ("waiting on customer", later back to "working"),
//    which is what `pause while` is for; some leads get a score bump that
//    makes them qualify days later (and a touch after it), score drift, or an
//    employee-count correction from enrichment minutes after creation.
//  - Demos. Many demo leads (and a few others) book a demo: demo.started
//    during business hours on the hour or half hour, then usually demo.held or
//    noshow.reported 5-20 minutes later, sometimes much later, sometimes never.
//    Some no-shows are rescheduled.
//  - Absences. rep.away events (vacations of a few days, single sick days);
//    routing skips away reps and their follow-ups are covered or deferred.
//  - Noise. A small share of events is delivered twice (same id, same
//    content), right after the original.
//  - The data is a snapshot at the end of the period: events after it are cut.

import { arrivalIntensity, arrivalTimes } from "./arrivals.ts";
import { LeadHistories } from "./lead.ts";
import { type ResolvedOptions, zoneOf } from "./options.ts";
import { awayEvents, makeReps, Routing } from "./people.ts";
import { AT, EventQueue, type Fields, ID, LEAD, Pool, SEQ, STRIDE, T_AWAY, TYPE, UNTIL, X, Y } from "./pending.ts";
import { Rng, STREAM } from "./random.ts";
import { HOUR, SECOND, WorkTime } from "./work-time.ts";

/** Hands the events to `sink` in output order (the slot is reused once sink returns),
 *  yielding after each group so the caller can pass on what sink collected. */
export function* core(o: ResolvedOptions, sink: (q: Pool, slot: number) => void): Generator<void> {
  const work = new WorkTime(zoneOf(o.timezone), o.openMinute, o.closeMinute, o.holidays);
  const { startMs, endMs } = o;
  const setup = new Rng(o.seed, STREAM.setup);
  const rng = new Rng(o.seed, STREAM.leads);
  const out = new Rng(o.seed, STREAM.output);
  const pool = new Pool(o.reps);
  const queue = new EventQueue(pool, startMs, HOUR);
  let seq = 0;
  let emitted = 0;
  let floor = startMs; // no event may be scheduled before the lead being generated
  /** schedule an event: x = rep index (by, owner, rep), y = channel index */
  const push = (at: number, type: number, lead: number, x = 0, y = 0, fields?: Fields, untilMs = 0): void => {
    at = Math.round(at / SECOND) * SECOND;
    if (at < floor) at = floor;
    if (at >= endMs) return;
    const i = pool.alloc();
    const d = pool.d,
      b = i * STRIDE;
    d[b + AT] = at;
    d[b + SEQ] = seq++;
    d[b + ID] = 0;
    d[b + UNTIL] = untilMs;
    d[b + TYPE] = type;
    d[b + LEAD] = lead;
    d[b + X] = x;
    d[b + Y] = y;
    pool.fields[i] = fields;
    queue.push(i);
  };

  // reps and their absences, then the arrival intensity (both draw from `setup`, in this order)
  const reps = makeReps(o, work, setup);
  for (const [from, rep, until] of awayEvents(o, reps)) push(from, T_AWAY, 0, rep.index, 0, undefined, until);
  const intensity = arrivalIntensity(o, work, setup);
  const leads = new LeadHistories(o, work, new Routing(reps, rng), rng, intensity, push);
  const { slotBase, slotBurst } = intensity;

  for (const { k, t0, slot } of arrivalTimes(o, intensity)) {
    // Release everything that cannot be preceded by this lead or a later one.
    let any = false;
    for (let p = queue.popUntil(t0); p >= 0; p = queue.popUntil(t0)) {
      emit(p);
      any = true;
    }
    if (any) yield;
    floor = t0;
    leads.generate(k, t0, rng.chance(slotBurst[slot] / (slotBase[slot] + slotBurst[slot])), slot);
  }
  let n = 0;
  for (let p = queue.popUntil(Infinity); p >= 0; p = queue.popUntil(Infinity)) {
    emit(p);
    if (++n % 512 === 0) yield;
  }
  yield;

  // output: ids in output order; duplicates right after the original
  function emit(p: number): void {
    if (pool.id(p) === 0) {
      pool.d[p * STRIDE + ID] = ++emitted;
      if (out.chance(o.duplicateRate)) {
        const c = pool.alloc();
        const d = pool.d;
        d.copyWithin(c * STRIDE, p * STRIDE, p * STRIDE + STRIDE);
        d[c * STRIDE + SEQ] = seq++;
        pool.fields[c] = pool.fields[p];
        queue.push(c);
      }
    }
    sink(pool, p);
    pool.release(p);
  }
}
