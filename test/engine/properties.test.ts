// fast-check properties of the replay engine.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import { compareEvents } from "../../engine/order.ts";
import { Simulation, simulate } from "../../engine/simulate.ts";
import { BASE, events, leadPlan, MIN, spec, windows } from "./generators.ts";

describe("replay properties", () => {
  it("is deterministic and independent of input order", () => {
    fc.assert(
      fc.property(windows, fc.array(leadPlan, { minLength: 1, maxLength: 6 }), fc.integer(), (w, plans, seed) => {
        const ir = spec(w);
        const evs = events(plans);
        const shuffled = fc.sample(fc.shuffledSubarray(evs, { minLength: evs.length, maxLength: evs.length }), {
          seed,
          numRuns: 1,
        })[0];
        expect(simulate(ir, shuffled)).toEqual(simulate(ir, evs));
      }),
      { numRuns: 60 },
    );
  });

  it("met + breached + pending = in scope, for every obligation and month", () => {
    fc.assert(
      fc.property(windows, fc.array(leadPlan, { maxLength: 8 }), (w, plans) => {
        const r = simulate(spec(w), events(plans));
        for (const o of r.obligations) {
          expect(o.met + o.breached + o.pending).toBe(o.inScope);
          for (const m of o.months) expect(m.met + m.breached + m.pending).toBe(m.inScope);
          const owners = o.owners.reduce((s, x) => s + x.inScope, 0);
          expect(owners).toBe(o.inScope);
        }
      }),
      { numRuns: 80 },
    );
  });

  it("widening a window never adds a breach", () => {
    const pairs: [string, string][] = [
      ["5m", "6m"],
      ["90m", "1d"],
      ["3 business hours", "4 business hours"],
      ["45 business minutes", "2 business days"],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...pairs), fc.array(leadPlan, { maxLength: 6 }), ([narrow, wide], plans) => {
        const evs = events(plans);
        const key = (b: { lead: string; name: string; start: string }) => `${b.lead}|${b.name}|${b.start}`;
        const a = new Set(simulate(spec(narrow), evs).breaches.map(key));
        for (const b of simulate(spec(wide), evs).breaches) expect(a.has(key(b))).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it("a touch before the due instant always meets a respond clock", () => {
    const ir = spec("2 business hours");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 14 * 1440 }), fc.integer({ min: 0, max: 3 * 1440 }), (created, after) => {
        const evs = events([{ created, source: "trial", touches: [], pauses: [], demos: [] }]);
        const probe = simulate(ir, evs, { until: BASE + 30 * 1440 * MIN });
        const due = Date.parse(probe.breaches.find((b) => b.name === "respond trials")!.due);
        const touchAt = BASE + (created + after) * MIN;
        evs.push({ id: "t", at: touchAt, type: "touch", lead: "L0" } as SlaEvent);
        const r = simulate(ir, evs, { until: BASE + 30 * 1440 * MIN });
        const trials = r.obligations.find((o) => o.name === "respond trials")!;
        if (touchAt <= due) expect(trials).toMatchObject({ met: 1, breached: 0 });
        else expect(trials).toMatchObject({ met: 0, breached: 1 });
      }),
      { numRuns: 200 },
    );
  });

  it("feeding events one at a time (live) gives the batch result", () => {
    fc.assert(
      fc.property(windows, fc.array(leadPlan, { minLength: 1, maxLength: 6 }), (w, plans) => {
        const ir = spec(w);
        const evs = events(plans);
        const sorted = [...evs].sort(compareEvents);
        // Live: no reorder buffer; each event is applied as it arrives.
        const live = new Simulation(ir, { reorderWindow: 0 });
        sorted.forEach((e, i) => {
          live.push(e, "events", i + 1);
        });
        expect(live.finish()).toEqual(simulate(ir, evs));
      }),
      { numRuns: 60 },
    );
  });
});

describe("compareIds", () => {
  it("is a total order that sorts digit runs by value", async () => {
    const { compareIds } = await import("../../engine/order.ts");
    expect(["e10", "e9", "e1", "x.csv:10", "x.csv:9", "x.csv:100#demo.started"].sort(compareIds)).toEqual([
      "e1",
      "e9",
      "e10",
      "x.csv:9",
      "x.csv:10",
      "x.csv:100#demo.started",
    ]);
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "b", "0", "1", "9", ":", ".") }),
        fc.string({ unit: fc.constantFrom("a", "b", "0", "1", "9", ":", ".") }),
        fc.string({ unit: fc.constantFrom("a", "0", "1") }),
        (a, b, c) => {
          expect(Math.sign(compareIds(a, b)) + Math.sign(compareIds(b, a))).toBe(0);
          if (a !== b) expect(compareIds(a, b)).not.toBe(0);
          if (compareIds(a, b) < 0 && compareIds(b, c) < 0) expect(compareIds(a, c)).toBeLessThan(0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
