// The live engine gives exactly the replay's answers: for generated specs and
// streams, the warnings, breaches and actions of `sla run --clock events`
// equal those `sla simulate` reports, whatever the batch size, and when the
// engine is restored from plain data (or restarted on its store with the
// input replayed from the start) at random points.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import { LiveCore } from "../../engine/live/core.ts";
import type { LiveRecord } from "../../engine/live/record.ts";
import { compareEvents } from "../../engine/order.ts";
import type { IR } from "../../language/ir.ts";
import { MemoryStore } from "../../cli/run/memory-store.ts";
import { type InputItem, LiveRunner } from "../../cli/run/runner.ts";
import { events, leadPlan, MIN, windows } from "../engine/generators.ts";
import { expectedSet, extraEvents, extras, fromRecords, irFor, stream } from "./live-helpers.ts";

/** JSON round trip of the whole core state into a fresh core (what a restart from the store does). */
function restore(core: LiveCore, ir: IR): LiveCore {
  const globals = JSON.parse(JSON.stringify(core.exportGlobals()));
  const leads = core.leadIds().map((id) => JSON.parse(JSON.stringify(core.exportLead(id))));
  const next = new LiveCore(ir, core.specVersion);
  next.importGlobals(globals);
  // leads come back in any order (a database has none)
  for (const l of leads.reverse()) next.importLead(l);
  return next;
}

describe("live engine = replay (in-process core)", () => {
  it("same warnings, breaches and actions for any batch size, restored from plain data at random points", () => {
    fc.assert(
      fc.property(
        windows,
        extras,
        fc.array(leadPlan, { minLength: 1, maxLength: 7 }),
        extraEvents,
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.nat(60), { maxLength: 4 }),
        (w, extra, plans, more, batch, restoreAt) => {
          const ir = irFor(w, extra);
          const evs = stream(plans, more);
          const sorted = [...evs].sort(compareEvents);
          let core = new LiveCore(ir, "v1");
          const records: LiveRecord[] = [];
          sorted.forEach((e, i) => {
            records.push(...core.apply(e));
            if ((i + 1) % batch === 0 && restoreAt.includes(Math.floor(i / batch))) core = restore(core, ir);
          });
          records.push(...core.advanceTo(sorted[sorted.length - 1].at, true));
          expect(fromRecords(records).sort()).toEqual(expectedSet(ir, evs));
          // ids: one per record, and a pure function of what it is about
          expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a restored core fires same-instant deadlines in the original order (round robin depends on it)", () => {
    // four leads created at one instant, same window: four breaches at one
    // instant, each reassigning round robin; restored mid-way, in reverse
    const ir = irFor("5m", "");
    const plans = [0, 1, 2, 3].map(() => ({
      created: 10,
      source: "demo" as const,
      touches: [],
      pauses: [],
      demos: [],
    }));
    const evs = events(plans);
    const sorted = [...evs].sort(compareEvents);
    let core = new LiveCore(ir, "v1");
    const records: LiveRecord[] = [];
    for (const e of sorted) records.push(...core.apply(e));
    core = restore(core, ir);
    records.push(...core.advanceTo(sorted[sorted.length - 1].at + 60 * MIN, true));
    const evsEnd = [
      ...evs,
      { id: "end", at: sorted[sorted.length - 1].at + 60 * MIN, type: "rep.away", rep: "zed", until: 0 },
    ];
    expect(fromRecords(records).sort()).toEqual(expectedSet(ir, evsEnd as SlaEvent[]));
  });
});

/** Input items as `sla run` reads them. */
function items(evs: SlaEvent[]): InputItem[] {
  return evs.map((event, i) => ({ event, where: `<stdin>:${i + 1}` }));
}

describe("live engine = replay (runner on a store, restarts)", () => {
  it("restarts at random points with the input replayed from the start: the same records, by id", async () => {
    let restarts = 0;
    await fc.assert(
      fc.asyncProperty(
        windows,
        extras,
        fc.array(leadPlan, { minLength: 1, maxLength: 6 }),
        extraEvents,
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 25 }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 3 }),
        async (w, extra, plans, more, batch, crashes, latenessMinutes) => {
          const ir = irFor(w, extra);
          const evs = stream(plans, more);
          // input out of order by less than the lateness: the engine still applies it in order
          const sorted = [...evs].sort(compareEvents);
          const input = items(jitter(sorted, latenessMinutes * MIN));
          const store = new MemoryStore();
          const seen = new Map<string, string>();
          const spec = { ir, hash: "v1", text: "(generated)" };
          let printedLines = 0;
          const crashPoints = [...new Set(crashes)].sort((a, b) => a - b);
          for (let attempt = 0; ; attempt++) {
            const crashAt = crashPoints[attempt]; // output lines after which this run "dies"
            let crashed = false;
            const out = (text: string) => {
              for (const line of text.split("\n").filter(Boolean)) {
                if (crashAt !== undefined && printedLines >= crashAt) {
                  crashed = true;
                  throw new Error("killed");
                }
                printedLines++;
                const r = JSON.parse(line) as LiveRecord;
                if (seen.has(r.id)) expect(line).toBe(seen.get(r.id)); // a repeat is the same record
                seen.set(r.id, line);
              }
            };
            try {
              const runner = await LiveRunner.open(
                store,
                spec,
                out,
                { clock: "events", lateness: latenessMinutes * MIN },
                () => ir,
              );
              for (let i = 0; i < input.length; i += batch) await runner.ingest(input.slice(i, i + batch));
              await runner.end();
              break;
            } catch (e) {
              if (!crashed) throw e;
              restarts++;
            }
          }
          const records = [...seen.values()]
            .map((l) => JSON.parse(l) as LiveRecord)
            .filter((r) => r.kind !== ("late" as string));
          expect(fromRecords(records).sort()).toEqual(expectedSet(ir, evs));
        },
      ),
      { numRuns: 80 },
    );
    expect(restarts).toBeGreaterThan(20); // the property did exercise restarts
  });
});

/** Moves events earlier in the input by up to `window` ms of event time (never across a larger gap). */
function jitter(sorted: SlaEvent[], window: number): SlaEvent[] {
  if (window === 0) return sorted;
  const keyed = sorted.map((e, i) => ({ e, k: e.at - ((i * 7919) % (window + 1)) }));
  // stable: ties keep replay order
  return keyed.sort((a, b) => a.k - b.k).map((x) => x.e);
}
