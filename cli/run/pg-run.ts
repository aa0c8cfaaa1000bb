// `sla run --state postgres://...`: one of possibly several processes sharing
// one database. Two loops run side by side:
//
//   ingest   every event this process reads (stdin) is appended to the shared
//            log (sla_log, deduplicated by event identity), so an event any
//            process received survives that process and reaches the owner of
//            its lead, whoever that is now or later;
//   apply    the log is read in order; events of leads in partitions this
//            process holds are applied, rep.away (global) always, and every
//            other event only advances the engine clock, so deadlines fire
//            exactly as in a single process. Each batch is committed in one
//            fenced transaction (partitions.ts): lead snapshots, new records,
//            round-robin positions and every held partition's cursor.
//
// When the held set changes (a partition gained after another process died,
// or given up to a newcomer) the engine is rebuilt from the database: the
// held partitions' snapshots, restarted at the lowest of their cursors, each
// partition skipping log rows it already applied. A partition taken over
// from a dead process therefore resumes exactly where its last commit left
// it; no event is lost (it is in the log) and none is applied twice.
import type { IR } from "../../language/ir.ts";
import type { SlaEvent } from "../../engine/events.ts";
import { makeEventDecoder } from "../../engine/ingest/decode.ts";
import { decodeLine } from "../../engine/ingest/jsonl.ts";
import { LineSplitter } from "../../engine/ingest/lines.ts";
import { appliedKey, LiveCore, LiveRefusal } from "../../engine/live/core.ts";
import { type LiveNotice, type LiveOutput, noticeId } from "../../engine/live/record.ts";
import type { LiveRecord } from "../../engine/live/record.ts";
import { ReorderBuffer } from "../../engine/live/reorder.ts";
import type { LeadSnapshot } from "../../engine/live/snapshot.ts";
import { Failure } from "../../engine/problems.ts";
import { LeaseLostError, partitionOf } from "./partitions.ts";
import { type IngestRow, PgStore } from "./pg-store.ts";
import type { LoggedRecord, StoredSpec } from "./store.ts";

/** Log partition of rep.away (applied by every process). */
const GLOBAL = -1;
/** Log partition of the end-of-input marker. */
const END = -2;
/** Identity of the end-of-input marker in the log (event identities start with their time's digits). */
const END_ID = "end-of-input";

export interface PgRunOptions {
  url: string;
  ir: IR;
  specVersion: string;
  /** the spec's text, stored so that other processes and restarts can finish its clocks */
  specText?: string;
  /** text chunks of JSONL events (stdin) */
  input: AsyncIterable<string>;
  /** name of the input in notices, e.g. "<stdin>" */
  inputName: string;
  /** JSONL lines (each with its newline), records and notices; resolves when written */
  out: (text: string) => void | Promise<void>;
  /** a progress or problem message for stderr */
  err: (line: string) => void;
  clock: "events" | "wall";
  /** how far behind the latest event time an event may arrive and still be applied in order, ms */
  lateMs?: number;
  /** events clock: at the end of input, fire deadlines up to this instant (default: the last event's) */
  until?: number;
  leaseMs?: number;
  partitions?: number;
  /** log rows applied per transaction */
  batch?: number;
  /** pause between polls of an idle log, ms */
  pollMs?: number;
  /** keep running after the input ends (e.g. serving HTTP) */
  follow?: boolean;
  signal?: AbortSignal;
  /** compiles a stored spec version's text (clocks started under an older version finish under it) */
  compileSpec?: (text: string) => IR | null;
}

export interface PgRunStats {
  ingested: number;
  applied: number;
  records: number;
  rebuilds: number;
}

export async function runPg(o: PgRunOptions): Promise<PgRunStats> {
  const store = await openPgStore(o);
  const run = new PgRunner(store, o);
  await run.run();
  await store.close();
  return run.stats;
}

export async function openPgStore(o: Pick<PgRunOptions, "url" | "leaseMs" | "partitions" | "ir">): Promise<PgStore> {
  const store = new PgStore(o.url, { leaseMs: o.leaseMs, partitions: o.partitions });
  await store.open();
  store.teamSizes = new Map(o.ir.teams.map((t) => [t.name, t.members.length]));
  return store;
}

export class PgRunner {
  stopped = false;
  /** after each commit: the records logged and the events applied (metrics, delivery) */
  onCommit: (logged: LoggedRecord[], applied: number) => void = () => {};
  readonly stats: PgRunStats = { ingested: 0, applied: 0, records: 0, rebuilds: 0 };
  core: LiveCore;
  /** last log row applied (or passed over) by the engine */
  private pos = 0;
  /** per held partition: log rows up to here were applied by an earlier owner */
  private skipUpTo = new Map<number, number>();
  inputDone = false;
  /** wall clock: every input event before this instant is in the log */
  private released = Number.NEGATIVE_INFINITY;
  /** this spec version's text, stored with the next commit */
  private newSpecs: StoredSpec[] = [];
  /** records up to this outbox seq are printed (moved in the next commit) */
  private printed: number | undefined;
  private readonly batch: number;
  private readonly pollMs: number;
  private readonly parts: number;

  constructor(
    private store: PgStore,
    private o: PgRunOptions,
  ) {
    this.core = new LiveCore(o.ir, o.specVersion);
    this.batch = o.batch ?? 2000;
    this.pollMs = o.pollMs ?? 50;
    this.parts = store.partitions;
    if (o.specText !== undefined) this.newSpecs = [{ hash: o.specVersion, text: o.specText }];
  }

  /**
   * Both loops until the input is over and every partition has applied the
   * whole log (events clock), or until the signal (wall clock, serving).
   * On an error the leases are left to expire (another process takes over).
   */
  async run(): Promise<void> {
    try {
      const ingest = this.ingest();
      await this.apply(ingest);
      // stopped by a signal while input is still open: stop reading it
      this.stopped = true;
      if (this.inputDone) await ingest;
      else ingest.catch(() => {});
    } catch (e) {
      this.stopped = true;
      await this.store.abandon();
      throw e;
    }
  }

  /** Events from elsewhere (an HTTP body) into the shared log; resolves when they are durable there. */
  async submit(events: SlaEvent[]): Promise<{ added: number }> {
    const added = await this.store.ingest(events.map((e) => logRow(e, this.parts)));
    this.stats.ingested += added;
    return { added };
  }

  /** A new spec version (already checked clean): new clocks start under it, here and after a rebuild. */
  reload(ir: IR, hash: string, text: string): void {
    this.o = { ...this.o, ir, specVersion: hash, specText: text };
    this.core.reload(ir, hash);
    this.newSpecs.push({ hash, text });
  }

  // ---- ingest: input -> shared log ----

  async ingest(): Promise<void> {
    const decode = makeEventDecoder(this.o.ir);
    const splitter = new LineSplitter();
    let rows: IngestRow[] = [];
    let notices = "";
    // replay order within the lateness (as the single-process runner); an event
    // later than that still goes to the log, and its owner's engine reports it late
    const reorder = new ReorderBuffer<null>(this.o.lateMs ?? 0);
    let maxSeen = Number.NEGATIVE_INFINITY;
    const release = (horizon: number) => {
      for (const h of reorder.release(horizon)) rows.push(logRow(h.event, this.parts));
    };
    const onLine = (text: string | Failure, line: number) => {
      const r = decodeLine(decode, text);
      if (r === null) return;
      if (r instanceof Failure) {
        // a line that is not an event: reported (same id on every re-read), never logged
        notices += `${JSON.stringify(notice("rejected", r, `${this.o.inputName}:${line}`, null))}\n`;
        return;
      }
      reorder.push(r, null);
      if (r.at > maxSeen) maxSeen = r.at;
      if (this.o.clock === "events") release(maxSeen - (this.o.lateMs ?? 0));
    };
    // appends are serialised (the wall clock's timer flushes too): log order is release order
    let chain: Promise<void> = Promise.resolve();
    const flush = () => {
      chain = chain.then(async () => {
        if (notices) {
          const text = notices;
          notices = "";
          await this.o.out(text);
        }
        if (!rows.length) return;
        const batch = rows;
        rows = [];
        this.stats.ingested += await this.store.ingest(batch);
      });
      return chain;
    };
    // wall clock: events are released when real time passes them (minus the lateness), input or not
    const timer =
      this.o.clock === "wall"
        ? setInterval(() => {
            const horizon = Date.now() - (this.o.lateMs ?? 0);
            release(horizon);
            // the engine clock may pass `horizon` once everything before it is in the log
            flush().then(
              () => {
                if (horizon > this.released) this.released = horizon;
              },
              () => {}, // a failure surfaces at the next awaited flush
            );
          }, this.pollMs)
        : undefined;
    try {
      for await (const chunk of this.o.input) {
        if (this.stopped) return;
        splitter.feed(chunk, onLine);
        // every chunk: a slow input (a pipe from a CRM feed) is not held back waiting for a full batch
        await flush();
      }
      splitter.finish(onLine);
      release(Number.POSITIVE_INFINITY);
      await flush();
    } finally {
      clearInterval(timer);
    }
    if (!this.o.follow) await this.store.ingest([{ id: END_ID, partition: END, at: 0, event: "null" }]);
    this.inputDone = true;
  }

  // ---- apply: shared log -> engine -> records ----

  async apply(ingest: Promise<void>): Promise<void> {
    let failed: unknown = null;
    ingest.catch((e) => {
      failed = e;
    });
    await this.heartbeat(true);
    const leases = this.store.leases;
    while (!this.stopped && !this.o.signal?.aborted) {
      if (failed) throw failed;
      if (leases.due()) await this.heartbeat(false);
      const rows = leases.held.size ? await this.store.readLog(this.pos, this.batch) : [];
      if (rows.length === 0) {
        if (this.o.clock === "wall" && leases.held.size) {
          const out = this.tickWall();
          if (out.length) await this.commitBatch(out);
        }
        if (await this.finished()) return;
        await sleep(this.pollMs);
        continue;
      }
      const out: LiveOutput[] = [];
      let applied = 0;
      for (const row of rows) {
        if (this.applyRow(row.seq, row.partition, row.at, row.event, out)) applied++;
        this.pos = row.seq;
      }
      if (this.o.clock === "wall") out.push(...this.tickWall());
      this.stats.applied += rows.length;
      await this.commitBatch(out, applied);
    }
  }

  /** One log row; true when it was an event of a lead held here, applied. */
  private applyRow(seq: number, partition: number, at: number, json: string, out: LiveOutput[]): boolean {
    const core = this.core;
    if (partition === END) {
      // end of input: deadlines at the last event's instant fire (as in sla simulate)
      const t = this.o.until ?? core.now;
      if (t !== null) out.push(...core.advanceTo(t, true));
      return false;
    }
    const mine =
      partition === GLOBAL || (this.store.leases.owns(partition) && seq > (this.skipUpTo.get(partition) ?? 0));
    if (!mine) {
      // another process's lead (or one already applied here): only time passes
      out.push(...core.advanceTo(at));
      return false;
    }
    const e = JSON.parse(json) as SlaEvent;
    try {
      out.push(...core.apply(e));
      return partition !== GLOBAL;
    } catch (x) {
      if (!(x instanceof LiveRefusal)) throw x;
      out.push(notice(x.failure.code === "EV601" ? "late" : "rejected", x.failure, "log", e));
      return false;
    }
  }

  /**
   * Wall clock: deadlines up to now minus the lateness (events that late may
   * still come), but never past what this process's input has put in the log.
   */
  private tickWall(): LiveRecord[] {
    const horizon = Date.now() - (this.o.lateMs ?? 0);
    return this.core.advanceTo(this.inputDone ? horizon : Math.min(horizon, this.released));
  }

  private async commitBatch(out: LiveOutput[], appliedCount = 0): Promise<void> {
    const core = this.core;
    const leads: LeadSnapshot[] = [];
    for (const id of core.takeDirty()) {
      const snap = core.exportLead(id);
      if (snap) leads.push(snap);
    }
    const records: LiveRecord[] = [];
    const notices: LiveNotice[] = [];
    for (const x of out) {
      if ("lead" in x) records.push(x);
      else notices.push(x);
    }
    try {
      const logged = await this.store.commit(
        {
          appliedKeys: [],
          leads,
          globals: core.exportGlobals(),
          records,
          printedThrough: this.printed,
          specs: this.newSpecs.length ? this.newSpecs : undefined,
        },
        { cursor: this.pos, now: core.now, notices },
      );
      this.newSpecs = [];
      this.onCommit(logged, appliedCount);
      await this.print(logged);
    } catch (e) {
      if (!(e instanceof LeaseLostError)) throw e;
      // another process holds some of our partitions now: nothing of this batch was written
      this.o.err(`sla run: ${e.message}; reloading the partitions still held\n`);
      await this.heartbeat(false, true);
    }
  }

  private async print(logged: { seq: number; record: LiveOutput }[]): Promise<void> {
    if (!logged.length) return;
    let text = "";
    for (const l of logged) text += `${JSON.stringify(l.record)}\n`;
    await this.o.out(text);
    this.stats.records += logged.length;
    this.printed = logged[logged.length - 1].seq;
  }

  /** Renew, rebalance and, when the held set changed, rebuild the engine from the database. */
  private async heartbeat(first: boolean, force = false): Promise<void> {
    const c = await this.store.leases.tick();
    if (first || force || c.gained.length || c.lost.length || c.released.length) await this.rebuild();
  }

  /**
   * A fresh engine for the partitions held now: their lead snapshots, the
   * shared round robin, the absences logged so far, restarted at the lowest
   * held cursor (each partition skips what it applied before).
   */
  private async rebuild(): Promise<void> {
    this.stats.rebuilds++;
    const held = [...this.store.leases.held.keys()];
    this.core = new LiveCore(this.o.ir, this.o.specVersion);
    this.skipUpTo.clear();
    if (!held.length) return;
    const progress = await this.store.progress(held);
    let start = progress[0];
    for (const p of progress) {
      this.skipUpTo.set(p.partition, p.cursor);
      if (p.cursor < start.cursor) start = p;
    }
    this.pos = start.cursor;
    const stored = await this.store.load(held);
    this.addVersions(stored.specs);
    const away: Record<string, [number, number][]> = {};
    for (const g of await this.store.globalEvents(start.cursor)) {
      const e = JSON.parse(g.event) as SlaEvent;
      if (e.type !== "rep.away") continue;
      if (!away[e.rep]) away[e.rep] = [];
      away[e.rep].push([e.at, e.until]);
    }
    this.core.importGlobals({
      ...this.core.exportGlobals(),
      now: start.now,
      rotation: Object.fromEntries(await this.store.loadRotation()),
      away,
      last: null,
    });
    for (const l of stored.leads) this.core.importLead(l);
    this.core.takeDirty();
    // records a previous owner committed but did not live to print
    for (;;) {
      const rows = await this.store.unprinted(1000);
      if (!rows.length) break;
      await this.print(rows);
      await this.store.markPrinted(this.printed!);
    }
  }

  private addVersions(specs: StoredSpec[]): void {
    for (const s of specs) {
      if (this.core.hasVersion(s.hash)) continue;
      const ir = this.o.compileSpec?.(s.text);
      if (ir) this.core.addVersion(s.hash, ir);
    }
  }

  /** Input over and every partition (held by anyone) has applied the whole log, end marker included. */
  private async finished(): Promise<boolean> {
    if (this.o.follow || !this.inputDone) return false;
    const end = await this.store.logEnd();
    if (this.pos < end && this.store.leases.held.size) return false;
    if ((await this.store.minCursor()) < end) return false;
    if (this.printed !== undefined) await this.store.markPrinted(this.printed);
    return true;
  }
}

function logRow(e: SlaEvent, partitions: number): IngestRow {
  return {
    id: appliedKey(e),
    partition: e.type === "rep.away" ? GLOBAL : partitionOf(e.lead, partitions),
    at: e.at,
    event: JSON.stringify(e),
  };
}

function notice(kind: LiveNotice["kind"], f: Failure, where: string, e: SlaEvent | null): LiveNotice {
  return {
    id: noticeId(kind, f.code, e ? appliedKey(e) : where),
    kind,
    code: f.code,
    where,
    event: e ? e.id : null,
    reason: f.message,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** `--state` names a PostgreSQL database rather than a directory. */
export function isPostgresUrl(state: string): boolean {
  return /^postgres(ql)?:\/\//i.test(state);
}
