// Where the events replayed in the playground come from. The session asks the
// current source for the events prepared against an SLA's field declarations
// (the expensive part: decode, validate, sort), caches them by the source's
// key, and replays them on every valid edit (the cheap part).
// No DOM: runs in the worker and under vitest.
import type { SlaEvent } from "../../../engine/events.ts";
import type { PreparedEvents } from "../../../engine/prepared.ts";
import type { SimReport } from "../../../engine/result.ts";
import type { IR } from "../../../language/ir.ts";
import type { DataInfo } from "./protocol.ts";

/** The events of one source, prepared for one SLA's field declarations. */
export interface PreparedForRun {
  /** same key, same prepared events (the source's key for the SLA) */
  key: string;
  events: PreparedEvents;
  /** the decoded events in input order, with their row: explain and plan vs actual read them */
  list(): Iterable<{ event: SlaEvent; file: string; line: number }>;
  /** field values the SLA does not declare (or declares with another type), left out */
  droppedValues: number;
  droppedFields: string[];
  /** adds what the source knows to a replay's report (rows rejected before decoding, data-fit notices) */
  amend(report: SimReport): SimReport;
}

export interface DataSource {
  info(ir: IR | null): DataInfo;
  /** the cache key of `prepare(ir)` */
  key(ir: IR): string;
  prepare(ir: IR): PreparedForRun | Promise<PreparedForRun>;
}
