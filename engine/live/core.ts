// The live engine's core: the replay runtime (one set of rules for replay and
// live) plus what running forever needs: records with stable ids for every
// warning, breach and action, state as plain data (snapshots of dirty leads
// and globals after each batch), and spec versions (a clock finishes under the
// version that started it). Browser-safe: no I/O here; the CLI adds the store,
// stdin and timers.
import type { IR } from "../../language/ir.ts";
import type { SlaEvent } from "../events.ts";
import { typeRank, compareIds } from "../order.ts";
import { Failure } from "../problems.ts";
import { formatDuration } from "../render/format.ts";
import { iso } from "../report.ts";
import type { ActionRecord } from "../result.ts";
import { type Clock, type LeadState, type ObligationRt, type Observer, Runtime } from "../runtime.ts";
import { type LiveObligation, type LiveRecord, recordId } from "./record.ts";
import { exportLead, type GlobalSnapshot, importLead, type LeadSnapshot } from "./snapshot.ts";

/** The key under which an applied event is remembered (identity = id and time, as in the replay). */
export function appliedKey(e: SlaEvent): string {
  return `${e.at} ${e.id}`;
}

/** An event the core refused; state is unchanged. */
export class LiveRefusal extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

interface Version {
  ir: IR;
  obligations: ObligationRt[];
  labels: LiveObligation[];
}

export class LiveCore implements Observer {
  private runtime: Runtime;
  private versions = new Map<string, Version>();
  private current: string;
  private out: LiveRecord[] = [];
  private dirty = new Set<string>();
  private last: GlobalSnapshot["last"] = null;
  /** latest event time seen on input (the reorder buffer keeps it; stored with the globals) */
  maxSeen: number | null = null;
  /** repeats of the last event applied, skipped */
  duplicates = 0;

  constructor(ir: IR, specVersion: string) {
    this.current = specVersion;
    this.runtime = new Runtime(ir, this, { specVersion });
    this.register(specVersion, ir, this.runtime.obligations);
  }

  get specVersion(): string {
    return this.current;
  }
  get ir(): IR {
    return this.runtime.ir;
  }
  /** The engine clock (epoch ms), null before anything happened. */
  get now(): number | null {
    return Number.isFinite(this.runtime.now) ? this.runtime.now : null;
  }
  get leadCount(): number {
    return this.runtime.leadCount;
  }
  /** Open clocks (for metrics). */
  openClocks(): number {
    let n = 0;
    for (const _ of this.runtime.openClocks()) n++;
    return n;
  }

  /** Make an older spec version known, so stored clocks that started under it can be restored. */
  addVersion(specVersion: string, ir: IR): void {
    if (this.versions.has(specVersion)) return;
    const rt = new Runtime(ir, NO_OBSERVER, { specVersion });
    this.register(specVersion, ir, rt.obligations);
  }

  hasVersion(specVersion: string): boolean {
    return this.versions.has(specVersion);
  }

  /**
   * Switch to a new spec version: new clocks start under it; open clocks
   * finish under the version that started them. Lead state carries over
   * (fields, owner, which terms matched and segments were entered, by name).
   */
  reload(ir: IR, specVersion: string): void {
    if (specVersion === this.current) return;
    const old = this.runtime;
    const next = new Runtime(ir, this, { specVersion });
    // a version seen before keeps its registered obligations: clocks that
    // reference them are adopted as another version's (adoptLead)
    if (!this.versions.has(specVersion)) this.register(specVersion, ir, next.obligations);
    next.importGlobals(old.exportGlobals());
    this.runtime = next;
    this.current = specVersion;
    for (const lead of old.allLeads()) {
      const snap = exportLead(old, lead);
      next.adoptLead(importLead(next, snap, this.resolve));
      this.dirty.add(lead.id);
    }
  }

  /**
   * Apply one event (replay order, see engine/order.ts). Returns the records
   * it caused: deadlines passed before its instant, then its own effects.
   * Throws LiveRefusal (state unchanged) for an event older than the last one
   * applied, a repeat of it, or one for an unknown lead.
   */
  apply(e: SlaEvent): LiveRecord[] {
    const last = this.last;
    const rank = typeRank(e.type);
    if (last !== null) {
      const d = e.at - last.at || rank - last.rank || (e.id === last.id ? 0 : compareIds(e.id, last.id));
      if (d < 0) throw new LiveRefusal(late(e.at, last.at));
      if (d === 0) {
        this.duplicates++; // the same event again (the replay counts it as a duplicate too)
        return NONE;
      }
    }
    if (this.runtime.now > e.at) throw new LiveRefusal(late(e.at, this.runtime.now));
    if (e.type !== "lead.created" && e.type !== "rep.away" && !this.runtime.findLead(e.lead)) {
      const f = this.runtime.apply(e); // the runtime's own EV201 (nothing changes)
      throw new LiveRefusal(f ?? new Failure("EV201", "event for an unknown lead"));
    }
    const f = this.runtime.apply(e);
    if (f) throw new LiveRefusal(f); // not reached: checked above
    this.last = { at: e.at, rank, id: e.id };
    if (e.type !== "rep.away") this.dirty.add(e.lead);
    return this.take();
  }

  /**
   * True when `e` comes after the last event applied in replay order: then it
   * cannot have been applied before (events are applied in order), so callers
   * need not look its key up.
   */
  afterLast(e: SlaEvent): boolean {
    const last = this.last;
    if (last === null) return true;
    return (e.at - last.at || typeRank(e.type) - last.rank || (e.id === last.id ? 0 : compareIds(e.id, last.id))) > 0;
  }

  /**
   * Fire deadlines up to t: strictly before t, or also at t when inclusive
   * (end of data: `sla simulate` fires deadlines at the last event's instant).
   */
  advanceTo(t: number, inclusive = false): LiveRecord[] {
    if (t >= this.runtime.now) this.runtime.advanceTo(t, inclusive);
    return this.take();
  }

  /** The next instant a deadline (warning or breach) falls due, if any. */
  nextDue(): number | undefined {
    return this.runtime.nextDue();
  }

  /** Ids of leads changed since the last call. */
  takeDirty(): string[] {
    const ids = [...this.dirty];
    this.dirty.clear();
    return ids;
  }

  exportLead(id: string): LeadSnapshot | undefined {
    const lead = this.runtime.findLead(id);
    return lead ? exportLead(this.runtime, lead) : undefined;
  }

  /** Restore a lead (replacing the one with its id). Every spec version its clocks name must be known (addVersion). */
  importLead(s: LeadSnapshot): void {
    this.runtime.adoptLead(importLead(this.runtime, s, this.resolve));
  }

  exportGlobals(): GlobalSnapshot {
    return { ...this.runtime.exportGlobals(), last: this.last, maxSeen: this.maxSeen, specVersion: this.current };
  }

  importGlobals(g: GlobalSnapshot): void {
    this.runtime.importGlobals(g);
    this.last = g.last;
    this.maxSeen = g.maxSeen;
  }

  /** All lead ids (for a full snapshot). */
  leadIds(): string[] {
    return this.runtime.allLeads().map((l) => l.id);
  }

  // ---- Observer: warnings, breaches and actions become records ----

  clockStarted(): void {}
  clockMet(): void {}
  responded(): void {}
  termFirstMatched(): void {}
  anomaly(): void {}

  clockWarned(c: Clock, at: number, fired?: { owner: string | null; actions: ActionRecord[] }): void {
    this.dirty.add(c.lead.id);
    const warning = this.record(c, "warning", at, fired ? fired.owner : c.lead.owner);
    this.out.push(warning);
    // `warn at 80% notify ...`: the warning's own actions
    fired?.actions.forEach((action, i) => {
      this.out.push({
        ...warning,
        id: recordId("action", c.lead.id, c.ob.spec, c.ob.index, c.start, c.nth, i, "warning"),
        kind: "action",
        action,
        actionIndex: i,
        warningId: warning.id,
      });
    });
  }

  clockBreached(c: Clock, at: number, owner: string | null, actions: ActionRecord[]): void {
    this.dirty.add(c.lead.id);
    const breach = this.record(c, "breach", at, owner);
    this.out.push(breach);
    actions.forEach((action, i) => {
      this.out.push({
        ...breach,
        id: recordId("action", c.lead.id, c.ob.spec, c.ob.index, c.start, c.nth, i),
        kind: "action",
        action,
        actionIndex: i,
        breachId: breach.id,
      });
    });
  }

  // ---- internals ----

  private record(c: Clock, kind: "warning" | "breach", at: number, owner: string | null): LiveRecord {
    const ob = c.ob;
    return {
      id: recordId(kind, c.lead.id, ob.spec, ob.index, c.start, c.nth),
      kind,
      lead: c.lead.id,
      obligation: this.versions.get(ob.spec)?.labels[ob.index] ?? label(ob),
      clockStart: iso(c.start),
      at: iso(at),
      due: Number.isFinite(c.due) ? iso(c.due) : null,
      owner,
      specVersion: ob.spec,
    };
  }

  private take(): LiveRecord[] {
    if (this.out.length === 0) return NONE;
    const out = this.out;
    this.out = [];
    return out;
  }

  private register(specVersion: string, ir: IR, obligations: ObligationRt[]): void {
    this.versions.set(specVersion, { ir, obligations, labels: obligations.map(label) });
  }

  private resolve = (spec: string, index: number): ObligationRt | undefined =>
    this.versions.get(spec)?.obligations[index];
}

const NONE: LiveRecord[] = [];

function late(at: number, clock: number): Failure {
  return new Failure(
    "EV601",
    `event at ${iso(at)} arrived after the engine moved on to ${iso(clock)} (later than --lateness allows); not applied`,
  );
}

function label(ob: ObligationRt): LiveObligation {
  const o = ob.ir;
  const window =
    o.within.kind === "business"
      ? `${formatDuration(ob.window / 1000, { business: true })} business`
      : formatDuration(ob.window / 1000);
  return { index: ob.index, name: o.id, label: `${o.id} within ${window}`, kind: o.kind, segment: o.segment };
}

const NO_OBSERVER: Observer = {
  clockStarted() {},
  clockMet() {},
  clockBreached() {},
  clockWarned() {},
  responded() {},
  termFirstMatched() {},
  anomaly() {},
};

export type { LeadState };
