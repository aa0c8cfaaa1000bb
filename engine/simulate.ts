// One replay: order + dedupe events, run them through the runtime, build the
// report. Browser-safe; the CLI adds file reading on top.
import type { IR } from "../language/ir.ts";
import type { SlaEvent } from "./events.ts";
import { inSupportedRange } from "./ingest/timestamp.ts";
import { conflictMessage, EventOrderer, type Located } from "./order.ts";
import { type EvCode, Failure, IngestError } from "./problems.ts";
import { ReportBuilder } from "./report.ts";
import type { RejectedRow, SimReport } from "./result.ts";
import { Runtime } from "./runtime.ts";

export interface SimulateOptions {
  /** stop the replay at this instant (epoch ms); later events are counted, not replayed */
  until?: number;
  /** how far (ms) input may be out of time order; default Infinity (sort everything in memory) */
  reorderWindow?: number;
  /** skip events the runtime cannot apply (unknown lead, conflicts) instead of failing */
  lenient?: boolean;
}

export class Simulation {
  readonly runtime: Runtime;
  private report: ReportBuilder;
  private orderer: EventOrderer;
  private from: number | null = null;
  private to: number | null = null;
  private ignoredAfterUntil = 0;
  readonly rejected: RejectedRow[] = [];
  /** input rows read but deliberately not turned into events, by code (e.g. EV306) */
  readonly ignoredRows = new Map<EvCode, number>();

  constructor(
    readonly ir: IR,
    private opts: SimulateOptions = {},
  ) {
    if (opts.until !== undefined && !inSupportedRange(opts.until))
      throw new RangeError("until is outside the supported years (check it where it is read)");
    this.report = new ReportBuilder(ir);
    this.runtime = new Runtime(ir, this.report);
    this.orderer = new EventOrderer(
      opts.reorderWindow ?? Infinity,
      (e, file, line) => this.apply(e, file, line),
      (dropped, survivor) => this.conflict(dropped, survivor),
    );
  }

  /** Add an event (input order). file and line locate it for messages. */
  push(e: SlaEvent, file = "events", line = 0): void {
    this.orderer.push(e, file, line);
  }

  /** Record a row the ingest layer skipped (lenient mode), so the report counts it. */
  reject(row: RejectedRow): void {
    this.rejected.push(row);
  }

  /** Count a row the ingest layer ignored by design (not an error). */
  ignore(code: EvCode): void {
    this.ignoredRows.set(code, (this.ignoredRows.get(code) ?? 0) + 1);
  }

  private apply(e: SlaEvent, file: string, line: number): void {
    // Checked after ordering and de-duplication, so duplicates count the same
    // with or without --until (as in the prepared replay).
    if (this.opts.until !== undefined && e.at > this.opts.until) {
      this.ignoredAfterUntil++;
      return;
    }
    const failure = this.runtime.apply(e);
    if (failure !== undefined) {
      this.fail(failure, file, line);
      return;
    }
    if (this.from === null) this.from = e.at;
    this.to = e.at;
  }

  private conflict(dropped: Located, survivor: Located): void {
    this.fail(new Failure("EV203", conflictMessage(dropped, survivor)), dropped.file, dropped.line);
  }

  private fail(f: Failure, file: string, line: number): void {
    if (!this.opts.lenient) throw new IngestError(f.code, file, line, f.message);
    this.rejected.push({ code: f.code, file, line, reason: f.message });
  }

  finish(): SimReport {
    this.orderer.flush();
    const end = this.opts.until ?? this.to;
    if (end !== null) this.runtime.advanceTo(end, true);
    return this.report.build(this.runtime, {
      from: this.from,
      to: this.opts.until ?? this.to,
      duplicates: this.orderer.stats.duplicates,
      conflicts: this.orderer.stats.conflicts,
      ignoredAfterUntil: this.ignoredAfterUntil,
      rejected: this.rejected,
      ignoredRows: this.ignoredRows,
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
