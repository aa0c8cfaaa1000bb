// The loop of `sla run`, independent of where events come from (stdin lines,
// HTTP bodies) and where state lives (any LiveStore): events in batches ->
// skip those applied before -> reorder buffer (lateness) -> LiveCore ->
// one commit per batch (applied keys, dirty leads, globals, records) -> the
// committed records printed as JSONL, then the printed cursor moved.
//
// Output is at least once: a crash between a commit and moving the cursor
// prints those records again after the restart, with the same ids.
import type { SlaEvent } from "../../engine/events.ts";
import { appliedKey, LiveCore, LiveRefusal } from "../../engine/live/core.ts";
import { type LiveNotice, type LiveRecord, noticeId } from "../../engine/live/record.ts";
import { ReorderBuffer } from "../../engine/live/reorder.ts";
import type { Failure } from "../../engine/problems.ts";
import type { IR } from "../../language/ir.ts";
import type { LiveStore, StoredSpec } from "./store.ts";

export interface RunOptions {
  /** events: time advances with event timestamps; wall: with the machine's clock */
  clock: "events" | "wall";
  /** how long (ms) events are held back to be applied in order */
  lateness: number;
  /** events clock: at the end of input, fire deadlines up to this instant (default: the last event's) */
  until?: number;
}

/** One input item: an event, or why a line is not one. */
export type InputItem = { event: SlaEvent; where: string } | { failure: Failure; where: string };

/** A spec version as the runner needs it. */
export interface RunSpec {
  ir: IR;
  /** content hash (hex SHA-256 of text) */
  hash: string;
  text: string;
}

export interface RunStats {
  eventsRead: number;
  eventsApplied: number;
  duplicates: number;
  late: number;
  rejected: number;
  recordsEmitted: number;
  recordsPrinted: number;
  commits: number;
}

/** Writes text to the output (stdout); resolves when it is written. */
export type Output = (text: string) => void | Promise<void>;

export class LiveRunner {
  readonly stats: RunStats = {
    eventsRead: 0,
    eventsApplied: 0,
    duplicates: 0,
    late: 0,
    rejected: 0,
    recordsEmitted: 0,
    recordsPrinted: 0,
    commits: 0,
  };
  private buffer: ReorderBuffer<string>;
  /** keys applied since the last commit, and keys held in the buffer */
  private pendingKeys: string[] = [];
  private pendingSet = new Set<string>();
  private heldKeys = new Set<string>();
  private records: LiveRecord[] = [];
  private notices: LiveNotice[] = [];
  private newSpecs: StoredSpec[] = [];
  private printed: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly core: LiveCore,
    private store: LiveStore,
    private out: Output,
    readonly opts: RunOptions,
  ) {
    this.buffer = new ReorderBuffer(opts.lateness);
  }

  /**
   * Open on a store: restore the stored state (clocks of older spec versions
   * finish under them: `compile` turns a stored spec text back into IR), then
   * print records committed but not yet printed (a crash left them).
   */
  static async open(
    store: LiveStore,
    spec: RunSpec,
    out: Output,
    opts: RunOptions,
    compile: (text: string) => IR | null,
  ): Promise<LiveRunner> {
    const state = await store.load();
    const core = new LiveCore(spec.ir, spec.hash);
    const r = new LiveRunner(core, store, out, opts);
    const needed = new Set<string>();
    for (const l of state.leads) for (const c of l.clocks) if (c.spec !== spec.hash) needed.add(c.spec);
    for (const s of state.specs) {
      if (!needed.has(s.hash)) continue;
      const ir = compile(s.text);
      if (!ir) throw new Error(`the stored spec version ${s.hash.slice(0, 12)} no longer compiles`);
      core.addVersion(s.hash, ir);
    }
    if (state.globals) core.importGlobals(state.globals);
    for (const l of state.leads) core.importLead(l);
    if (!state.specs.some((s) => s.hash === spec.hash)) r.newSpecs.push({ hash: spec.hash, text: spec.text });
    await r.printBacklog();
    return r;
  }

  /** Apply a batch of input items and commit once (serialised with other calls). */
  ingest(items: InputItem[]): Promise<void> {
    return this.serial(async () => {
      // only events at or before the last one applied can have been applied
      const keys = items.flatMap((i) => ("event" in i && !this.core.afterLast(i.event) ? [appliedKey(i.event)] : []));
      const applied = keys.length ? await this.store.isApplied(keys) : new Set<string>();
      for (const item of items) {
        this.stats.eventsRead++;
        if ("failure" in item) {
          this.notice("rejected", item.failure, item.where, null);
          continue;
        }
        const e = item.event;
        if (this.core.maxSeen === null || e.at > this.core.maxSeen) this.core.maxSeen = e.at;
        const key = appliedKey(e);
        if (applied.has(key) || this.pendingSet.has(key) || this.heldKeys.has(key)) {
          this.stats.duplicates++;
          continue;
        }
        this.heldKeys.add(key);
        this.buffer.push(e, item.where);
        if (this.opts.clock === "events") this.release(this.core.maxSeen - this.opts.lateness);
      }
      await this.commit();
    });
  }

  /** Wall clock: apply what the lateness no longer holds back and fire deadlines up to `now - lateness`. */
  tick(now = Date.now()): Promise<void> {
    return this.serial(async () => {
      const horizon = now - this.opts.lateness;
      this.release(horizon);
      this.take(this.core.advanceTo(horizon, false));
      await this.commit();
    });
  }

  /** When a wall-clock tick is next needed (epoch ms): the next deadline or held event, plus the lateness. */
  nextWake(): number | undefined {
    const due = this.core.nextDue();
    const held = this.buffer.earliest;
    const t = due === undefined ? held : held === undefined ? due : Math.min(due, held);
    return t === undefined ? undefined : t + this.opts.lateness + 1;
  }

  /**
   * End of input on the events clock: apply everything held, fire deadlines
   * up to --until or the last event's instant inclusive (what `sla simulate`
   * does at the end of its data), commit and print.
   */
  end(): Promise<void> {
    return this.serial(async () => {
      this.release(Infinity);
      const last = this.core.exportGlobals().last;
      const t = this.opts.until ?? last?.at;
      if (t !== undefined) this.take(this.core.advanceTo(t, true));
      await this.commit();
      if (this.printed !== undefined) await this.store.markPrinted(this.printed);
    });
  }

  /** Switch to a new spec version (already checked clean): new clocks start under it. */
  reload(spec: RunSpec): Promise<void> {
    return this.serial(async () => {
      this.core.reload(spec.ir, spec.hash);
      this.newSpecs.push({ hash: spec.hash, text: spec.text });
      await this.commit();
    });
  }

  /** Move the printed cursor and close nothing else (the caller closes the store). */
  flush(): Promise<void> {
    return this.serial(async () => {
      if (this.printed !== undefined) await this.store.markPrinted(this.printed);
    });
  }

  // ---- internals ----

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private release(horizon: number): void {
    for (const { event, tag } of this.buffer.release(horizon)) {
      const key = appliedKey(event);
      this.heldKeys.delete(key);
      try {
        this.take(this.core.apply(event));
      } catch (x) {
        if (!(x instanceof LiveRefusal)) throw x;
        this.notice(x.failure.code === "EV601" ? "late" : "rejected", x.failure, tag, event);
        continue;
      }
      this.stats.eventsApplied++;
      this.pendingKeys.push(key);
      this.pendingSet.add(key);
    }
  }

  private take(records: LiveRecord[]): void {
    for (const r of records) this.records.push(r);
  }

  private notice(kind: LiveNotice["kind"], f: Failure, where: string, e: SlaEvent | null): void {
    if (kind === "late") this.stats.late++;
    else this.stats.rejected++;
    this.notices.push({
      id: noticeId(kind, f.code, e ? appliedKey(e) : where),
      kind,
      code: f.code,
      where,
      event: e ? e.id : null,
      reason: f.message,
    });
  }

  private async commit(): Promise<void> {
    const dirty = this.core.takeDirty();
    const notices = this.notices;
    this.notices = [];
    if (
      this.pendingKeys.length === 0 &&
      dirty.length === 0 &&
      this.records.length === 0 &&
      this.newSpecs.length === 0
    ) {
      await this.print([], notices);
      return;
    }
    const leads = dirty.flatMap((id) => {
      const s = this.core.exportLead(id);
      return s ? [s] : [];
    });
    const records = this.records;
    const logged = await this.store.commit({
      appliedKeys: this.pendingKeys,
      leads,
      globals: this.core.exportGlobals(),
      records,
      specs: this.newSpecs.length ? this.newSpecs : undefined,
      printedThrough: this.printed,
    });
    this.stats.commits++;
    this.stats.recordsEmitted += logged.length;
    this.records = [];
    this.pendingKeys = [];
    this.pendingSet.clear();
    this.newSpecs = [];
    await this.print(
      logged.map((l) => l.record),
      notices,
    );
    if (logged.length) this.printed = logged[logged.length - 1].seq;
  }

  private async print(records: LiveRecord[], notices: LiveNotice[]): Promise<void> {
    if (records.length === 0 && notices.length === 0) return;
    let text = "";
    for (const r of records) text += `${JSON.stringify(r)}\n`;
    for (const n of notices) text += `${JSON.stringify(n)}\n`;
    await this.out(text);
    this.stats.recordsPrinted += records.length;
  }

  private async printBacklog(): Promise<void> {
    for (;;) {
      const rows = await this.store.unprinted(1000);
      if (rows.length === 0) return;
      await this.print(
        rows.map((r) => r.record),
        [],
      );
      this.printed = rows[rows.length - 1].seq;
      await this.store.markPrinted(this.printed);
    }
  }
}
