// Response-time statistics, hand-computed: a reply that lands after the breach
// still counts as that lead's response time (the first touch answers the clock,
// met or late), a lead never answered has none, and percentiles are exact
// nearest-rank (p = sorted[ceil(p * n) - 1]) in seconds.
import { describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import { simulate } from "../../engine/simulate.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";

function spec(body: string): IR {
  const r = compileSource(`sla "times"\ntimezone "America/New_York"\n${body}`);
  if (!r.ir) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  return r.ir;
}

let n = 0;
const created = (lead: string, at: string): SlaEvent =>
  ({ id: `e${++n}`, at: Date.parse(at), type: "lead.created", lead, fields: {} }) as SlaEvent;
const touch = (lead: string, at: string): SlaEvent =>
  ({ id: `e${++n}`, at: Date.parse(at), type: "touch", lead, by: "ana" }) as SlaEvent;

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe("response times with replies after the breach (calendar time)", () => {
  const ir = spec("segment all otherwise\nrespond to all within 5 minutes");
  // Ten leads created Mon 2027-01-04 09:00 EST (14:00Z), one a minute apart, answered after
  // 1, 2, 3, 4, 6, 8, 10, 20, 30 and 60 minutes: four in time, six after their 5-minute breach.
  // An eleventh lead is never answered (breached, no response time); L1 is touched twice
  // (only the first touch is its response).
  const delays = [1, 2, 3, 4, 6, 8, 10, 20, 30, 60];
  const t0 = Date.parse("2027-01-04T14:00:00Z");
  const events: SlaEvent[] = [];
  delays.forEach((d, i) => {
    events.push(created(`L${i + 1}`, iso(t0 + i * MINUTE)));
    events.push(touch(`L${i + 1}`, iso(t0 + i * MINUTE + d * MINUTE)));
  });
  events.push(touch("L1", iso(t0 + 90 * MINUTE)));
  events.push(created("L11", iso(t0 + 10 * MINUTE)));
  events.push(touch("L10", iso(t0 + 9 * MINUTE + 61 * MINUTE))); // after L10's reply: changes nothing
  const r = simulate(ir, events, { until: Date.parse("2027-01-05T00:00:00Z") });
  const ob = r.obligations[0];

  it("counts the late replies as breaches and as responses", () => {
    expect(ob).toMatchObject({ inScope: 11, met: 4, breached: 7, pending: 0 });
    expect(r.breaches.map((b) => b.lead)).toEqual(["L5", "L6", "L7", "L8", "L9", "L10", "L11"]);
  });

  it("has exact nearest-rank percentiles over the ten replies (seconds)", () => {
    // sorted: 60 120 180 240 360 480 600 1200 1800 3600 (n = 10)
    // p50 = sorted[ceil(5) - 1] = 360; p90 = sorted[ceil(9) - 1] = 1800; p99 = sorted[ceil(9.9) - 1] = 3600
    expect(ob.responseTimes.calendar).toEqual({ count: 10, p50: 360, p90: 1800, p99: 3600 });
    expect(ob.responseTimes.business).toBeNull(); // a calendar-time window has no business clock
  });
});

describe("response times with replies after the breach (business hours)", () => {
  const ir = spec(
    "calendar business {\n  open mon-fri 09:00-17:30\n}\nsegment all otherwise\nrespond to all within 1 business hours",
  );
  const events = [
    // Fri 2027-01-08 17:00 EST, answered Mon 10:00 EST: due Mon 09:30, late.
    // business: Fri 17:00-17:30 + Mon 09:00-10:00 = 90 min = 5400 s; calendar 65 h = 234000 s
    created("B1", "2027-01-08T22:00:00Z"),
    touch("B1", "2027-01-11T15:00:00Z"),
    // Mon 2027-01-11 09:00 EST, answered 09:20: in time, 1200 s either way
    created("B2", "2027-01-11T14:00:00Z"),
    touch("B2", "2027-01-11T14:20:00Z"),
    // Mon 16:45 EST, answered Tue 09:50 EST: due Tue 09:15, late.
    // business: 16:45-17:30 + 09:00-09:50 = 95 min = 5700 s; calendar 17 h 5 min = 61500 s
    created("B3", "2027-01-11T21:45:00Z"),
    touch("B3", "2027-01-12T14:50:00Z"),
  ];
  const r = simulate(ir, events);
  const ob = r.obligations[0];

  it("breaches the two late leads at their business-hours due instants", () => {
    expect(ob).toMatchObject({ inScope: 3, met: 1, breached: 2, pending: 0 });
    expect(r.breaches.map((b) => [b.lead, b.due])).toEqual([
      ["B1", "2027-01-11T14:30:00Z"],
      ["B3", "2027-01-12T14:15:00Z"],
    ]);
  });

  it("reports both clocks' percentiles, late replies included (seconds)", () => {
    // business sorted 1200 5400 5700: p50 = sorted[ceil(1.5) - 1] = 5400, p90 = p99 = sorted[2] = 5700
    expect(ob.responseTimes.business).toEqual({ count: 3, p50: 5400, p90: 5700, p99: 5700 });
    // calendar sorted 1200 61500 234000
    expect(ob.responseTimes.calendar).toEqual({ count: 3, p50: 61500, p90: 234000, p99: 234000 });
  });
});
