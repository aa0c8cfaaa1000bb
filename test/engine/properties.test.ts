// fast-check properties of the replay engine.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTIN_TYPES, type SlaEvent } from "../../engine/events.ts";
import { compareEvents } from "../../engine/order.ts";
import { Simulation, simulate } from "../../engine/simulate.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";

const BASE = Date.parse("2027-03-08T05:00:00Z"); // Monday 00:00 EST, the week of the DST change
const MIN = 60_000;

function spec(window: string, extra = ""): IR {
  const r = compileSource(`sla "p"
timezone "America/New_York"
calendar business {
  open mon-fri 09:00-17:30
  open sat 10:00-14:00
  closed 2027-03-10
}
fields {
  source: one of "demo", "trial"
  status: text
}
segment demos when source = "demo"
segment trials otherwise
team sdr {
  members ana, ben, chloe
  manager maria
}
respond to demos within ${window}
  warn at 50%
  pause while status = "waiting"
  on breach reassign round robin sdr, escalate to manager
respond to trials within ${window}
cadence demos 3 touches within ${window}
expect demo.held within ${window} after demo.started
${extra}`);
  if (!r.ir) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.ir;
}

interface LeadPlan {
  created: number;
  source: "demo" | "trial";
  touches: number[];
  pauses: [number, number][];
  demos: [number, number | null][];
}

const leadPlan = fc.record({
  created: fc.integer({ min: 0, max: 14 * 1440 }),
  source: fc.constantFrom("demo" as const, "trial" as const),
  touches: fc.array(fc.integer({ min: 0, max: 5 * 1440 }), { maxLength: 5 }),
  pauses: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * 1440 }), fc.integer({ min: 1, max: 2 * 1440 })), {
    maxLength: 2,
  }),
  demos: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * 1440 }), fc.option(fc.integer({ min: 0, max: 600 }))), {
    maxLength: 2,
  }),
});

function events(plans: LeadPlan[], withIds = true): SlaEvent[] {
  const out: SlaEvent[] = [];
  let id = 0;
  // a dotted type that is not built in is a custom event (tag "custom", its name)
  const e = (at: number, type: string, rest: Record<string, unknown>) => {
    const tag = (BUILTIN_TYPES as readonly string[]).includes(type) ? { type } : { type: "custom", name: type };
    out.push({ id: withIds ? `e${++id}` : "", at: BASE + at * MIN, ...tag, ...rest } as SlaEvent);
  };
  e(0, "rep.away", { rep: "ben", until: BASE + 3 * 1440 * MIN });
  plans.forEach((p, i) => {
    const lead = `L${i}`;
    e(p.created, "lead.created", { lead, fields: { source: p.source }, owner: ["ana", "ben", "chloe"][i % 3] });
    for (const t of p.touches) e(p.created + t, "touch", { lead });
    for (const [a, len] of p.pauses) {
      e(p.created + a, "lead.updated", { lead, fields: { status: "waiting" } });
      e(p.created + a + len, "lead.updated", { lead, fields: { status: "working" } });
    }
    for (const [a, held] of p.demos) {
      e(p.created + a, "demo.started", { lead });
      if (held !== null) e(p.created + a + held, "demo.held", { lead });
    }
  });
  return out;
}

const windows = fc.constantFrom("5m", "90m", "1d", "3 business hours", "45 business minutes", "2 business days");

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
