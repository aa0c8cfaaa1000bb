// One replay: order + dedupe events, run them through the runtime, build the
// report. Browser-safe; the CLI adds file reading on top.
import type { IR } from "../language/ir.ts";
import type { SlaEvent } from "./events.ts";
import { EventOrderer } from "./order.ts";
import { ReportBuilder } from "./report.ts";
import type { RejectedRow, SimReport } from "./result.ts";
import { ReplayError, Runtime } from "./runtime.ts";

export interface SimulateOptions {
  /** stop the replay at this instant (epoch ms); later events are counted, not replayed */
  until?: number;
  /** how far (ms) input may be out of time order; default Infinity (sort everything in memory) */
  reorderWindow?: number;
  /** skip events the runtime cannot apply (unknown lead) instead of failing */
  lenient?: boolean;
}

/** Thrown in strict mode for an event that cannot be applied, with its location. */
export class EventError extends Error {
  constructor(
    public file: string,
    public line: number,
    public reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

export class Simulation {
  readonly runtime: Runtime;
  private report: ReportBuilder;
  private orderer: EventOrderer;
  private from: number | null = null;
  private to: number | null = null;
  private ignoredAfterUntil = 0;
  readonly rejected: RejectedRow[] = [];

  constructor(
    readonly ir: IR,
    private opts: SimulateOptions = {},
  ) {
    this.report = new ReportBuilder(ir);
    this.runtime = new Runtime(ir, this.report);
    this.orderer = new EventOrderer(opts.reorderWindow ?? Infinity, (e, file, line) => this.apply(e, file, line));
  }

  /** Add an event (input order). file and line locate it for messages. */
  push(e: SlaEvent, file = "events", line = 0): void {
    this.orderer.push(e, file, line);
  }

  /** Record a row the ingest layer skipped (lenient mode), so the report counts it. */
  reject(row: RejectedRow): void {
    this.rejected.push(row);
  }

  private apply(e: SlaEvent, file: string, line: number): void {
    // Checked after ordering and de-duplication, so duplicates count the same
    // with or without --until (as in the prepared replay).
    if (this.opts.until !== undefined && e.at > this.opts.until) {
      this.ignoredAfterUntil++;
      return;
    }
    try {
      this.runtime.apply(e);
    } catch (err) {
      if (!(err instanceof ReplayError)) throw err;
      if (!this.opts.lenient) throw new EventError(file, line, err.message);
      this.rejected.push({ file, line, reason: err.message });
      return;
    }
    if (this.from === null) this.from = e.at;
    this.to = e.at;
  }

  finish(): SimReport {
    this.orderer.flush();
    const end = this.opts.until ?? this.to;
    if (end !== null) this.runtime.advanceTo(end, true);
    return this.report.build(this.runtime, {
      from: this.from,
      to: this.opts.until ?? this.to,
      duplicates: this.orderer.stats.duplicates,
      ignoredAfterUntil: this.ignoredAfterUntil,
      rejected: this.rejected,
    });
  }
}

/** Replay a batch of events (any order) and report. */
export function simulate(ir: IR, events: Iterable<SlaEvent>, opts: SimulateOptions = {}): SimReport {
  const sim = new Simulation(ir, opts);
  let i = 0;
  for (const e of events) sim.push(e, "events", ++i);
  return sim.finish();
}
