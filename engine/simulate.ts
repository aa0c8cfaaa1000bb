// One replay: order + dedupe events, run them through the runtime, build the
// report. Browser-safe; the CLI adds file reading on top.
import type { IR } from "../language/ir.ts";
import { dataFit, FieldsSeen, ignoredData, namedEventTypes } from "./data-fit.ts";
import type { LeadEvent, SlaEvent } from "./events.ts";
import { IngestTally } from "./ingest/tally.ts";
import { inSupportedRange } from "./ingest/timestamp.ts";
import { conflictMessage, EventOrderer, type Located, precedesCreation } from "./order.ts";
import { type EvCode, Failure, IngestError } from "./problems.ts";
import { ReportBuilder } from "./report.ts";
import type { DataFitWarning, RejectedRow, SimReport } from "./result.ts";
import { Runtime } from "./runtime.ts";

export interface SimulateOptions {
  /** stop the replay at this instant (epoch ms); later events are counted, not replayed */
  until?: number;
  /** how far (ms) input may be out of time order; default Infinity (sort everything in memory) */
  reorderWindow?: number;
  /** skip events the runtime cannot apply (unknown lead, conflicts) instead of failing */
  lenient?: boolean;
  /**
   * Undeclared fields, extra properties, unlisted enum values and event types
   * that are not dotted names are errors (the readers' strict mode), and
   * custom event types no rule names are replayed. Default: tolerant, they
   * are ignored and counted (report.ignored, report.dataFit).
   */
  strictFields?: boolean;
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
  /** what tolerant readers skipped (readers feeding this simulation count into it) */
  readonly tally = new IngestTally();
  readonly strictFields: boolean;
  private named: Set<string>;
  private ignoredTypes = new Map<string, number>();
  private fieldsSeen: FieldsSeen;
  private extraFit: DataFitWarning[] = [];
  /** lenient: events rejected as EV201 per lead, rewritten to EV113 if the lead is created later */
  private orphans = new Map<string, { row: RejectedRow; event: LeadEvent }[]>();

  constructor(
    readonly ir: IR,
    private opts: SimulateOptions = {},
  ) {
    if (opts.until !== undefined && !inSupportedRange(opts.until))
      throw new RangeError("until is outside the supported years (check it where it is read)");
    this.strictFields = opts.strictFields === true;
    this.named = namedEventTypes(ir);
    this.fieldsSeen = new FieldsSeen(ir.fields);
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

  /**
   * A finding about how the data fits the SLA from another source (e.g. a CSV
   * mapping column missing from the header): listed in report.dataFit, and
   * used to explain a field that was never set (entries with `field`).
   */
  addDataFit(w: DataFitWarning): void {
    this.extraFit.push(w);
  }

  private apply(e: SlaEvent, file: string, line: number): void {
    // Data the SLA does not use: counted, never replayed (nor counted after --until).
    if (e.type === "custom" && !this.strictFields && !this.named.has(e.name)) {
      this.ignoredTypes.set(e.name, (this.ignoredTypes.get(e.name) ?? 0) + 1);
      return;
    }
    // Checked after ordering and de-duplication, so duplicates count the same
    // with or without --until (as in the prepared replay).
    if (this.opts.until !== undefined && e.at > this.opts.until) {
      this.ignoredAfterUntil++;
      return;
    }
    const failure = this.runtime.apply(e);
    if (failure !== undefined) {
      this.failApply(failure, e as LeadEvent, file, line);
      return;
    }
    if (e.type === "lead.created" || e.type === "lead.updated") {
      if (this.fieldsSeen.open) this.fieldsSeen.see(e.fields);
      if (this.orphans.size > 0 && e.type === "lead.created") this.adopt(e.lead, { event: e, file, line });
    }
    if (this.from === null) this.from = e.at;
    this.to = e.at;
  }

  /** An event the runtime refused (EV201): one for a lead created later in the data is EV113. */
  private failApply(f: Failure, e: LeadEvent, file: string, line: number): void {
    if (f.code === "EV201") {
      const created = this.orderer.laterCreation(e.lead);
      if (created) f = precedesCreation(e, file, created);
      else if (this.opts.lenient) {
        // the creation may still come (streaming): remember the row, to say so then
        const row: RejectedRow = { code: f.code, file, line, reason: f.message };
        this.rejected.push(row);
        const list = this.orphans.get(e.lead);
        if (list) list.push({ row, event: e });
        else this.orphans.set(e.lead, [{ row, event: e }]);
        return;
      }
    }
    this.fail(f, file, line);
  }

  /** The lead's earlier events were rejected as EV201: now they are known to precede its creation. */
  private adopt(lead: string, created: Located): void {
    const list = this.orphans.get(lead);
    if (!list) return;
    this.orphans.delete(lead);
    for (const { row, event } of list) {
      const f = precedesCreation(event, row.file, created);
      row.code = f.code;
      row.reason = f.message;
    }
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
    const observed = {
      tally: this.tally,
      ignoredTypes: this.ignoredTypes,
      fieldsSet: this.fieldsSeen.set,
      leads: this.runtime.leadStates,
      touches: this.runtime.touchStats,
      extra: this.extraFit,
    };
    const report = this.report.build(this.runtime, {
      from: this.from,
      to: this.opts.until ?? this.to,
      duplicates: this.orderer.stats.duplicates,
      conflicts: this.orderer.stats.conflicts,
      ignoredAfterUntil: this.ignoredAfterUntil,
      rejected: this.rejected,
      ignoredRows: this.ignoredRows,
      ignored: ignoredData(observed),
    });
    report.dataFit = dataFit(this.ir, report, observed);
    return report;
  }
}

/** Replay a batch of events (any order) and report. */
export function simulate(ir: IR, events: Iterable<SlaEvent>, opts: SimulateOptions = {}): SimReport {
  const sim = new Simulation(ir, opts);
  let i = 0;
  for (const e of events) sim.push(e, "events", ++i);
  return sim.finish();
}
