// What the Compare and Explain features read from the worker's session
// (playground/src/worker/session.ts SessionContext has all of it): the current
// text and IR, and the current data's events prepared for any SLA. Kept
// structural so the features are tested in Node with any data.
import type { SlaEvent } from "../../../engine/events.ts";
import type { PreparedEvents } from "../../../engine/prepared.ts";
import type { SimReport } from "../../../engine/result.ts";
import type { IR } from "../../../language/ir.ts";

/** The events of the current data prepared for one SLA (worker/data-source.ts PreparedForRun). */
export interface PreparedData {
  events: PreparedEvents;
  /** the decoded events in input order, with their row */
  list(): Iterable<{ event: SlaEvent; file: string; line: number }>;
  /** adds what the source knows to a replay's report (worker/data-source.ts PreparedForRun.amend) */
  amend?(report: SimReport): SimReport;
}

export interface FeatureContext {
  /** the current text and its IR (null when it has errors) */
  text: string;
  ir: IR | null;
  /** the IR of the last finished replay (the last version without errors) */
  reportIr: IR | null;
  /**
   * The current data, and what it is. `which` (the generated source's): "spec"
   * when the events are generated for that very spec (they change with its
   * windows), "inbound" for the fixed quarter; absent for loaded data.
   */
  data: { info(ir: IR | null): { label: string }; which?(ir: IR): "inbound" | "spec" };
  /** the current data's events prepared for `ir` (cached by the session) */
  prepareFor(ir: IR): Promise<PreparedData>;
}

export const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());
