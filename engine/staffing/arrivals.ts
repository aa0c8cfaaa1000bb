// When work arrives: the replay's `respond` clocks. A lead enters a segment
// (on creation, or later when a field change moves it) and that starts the
// segment's respond clock: one first response for a rep to make. The events
// are replayed through the same runtime as `sla simulate` (same ordering,
// de-duplication and classification), watching only clock starts.
// Browser-safe.
import type { IR } from "../../language/ir.ts";
import type { SlaEvent } from "../events.ts";
import { EventOrderer } from "../order.ts";
import { type Clock, type Observer, Runtime } from "../runtime.ts";

export interface Arrivals {
  /** per obligation index (respond obligations only; others empty): clock start instants, epoch ms, ascending */
  byObligation: number[][];
  /** first and last event instants replayed (null: no events) */
  from: number | null;
  to: number | null;
  /** events the runtime could not apply (an event for an unknown lead), skipped */
  skipped: number;
}

/** Replays `events` (any order) and returns the instants each respond obligation's clocks started. */
export function collectArrivals(ir: IR, events: Iterable<SlaEvent>): Arrivals {
  const byObligation: number[][] = ir.obligations.map(() => []);
  const none = () => {};
  const observer: Observer = {
    clockStarted: (c: Clock) => {
      if (c.ob.kind === "respond") byObligation[c.ob.index].push(c.start);
    },
    clockMet: none,
    clockBreached: none,
    clockWarned: none,
    responded: none,
    termFirstMatched: none,
    anomaly: none,
  };
  const runtime = new Runtime(ir, observer);
  let from: number | null = null;
  let to: number | null = null;
  let skipped = 0;
  const orderer = new EventOrderer(Infinity, (e) => {
    if (runtime.apply(e) !== undefined) {
      skipped++;
      return;
    }
    from ??= e.at;
    to = e.at;
  });
  for (const e of events) orderer.push(e, "events", 0);
  orderer.flush();
  for (const a of byObligation) a.sort((x, y) => x - y);
  return { byObligation, from, to, skipped };
}
