// One lead's story (`sla explain`): the whole history is replayed (round
// robin and absences depend on every lead), and for the chosen lead the
// explainer records each of its events with the terms, segment and value
// after it, and every clock: start, pauses, warning, due instant, and why it
// was met or breached, with the breach actions and their targets.
// Browser-safe: events come in through push(), like a Simulation.
import type { IR, IRObligation } from "../language/ir.ts";
import { windowText } from "../language/semantic-diff.ts";
import { touchFilterText } from "../language/vocabulary.ts";
import { type SlaEvent, typeName } from "./events.ts";
import { type LocalTimes, localTimes } from "./local-time.ts";
import { EventOrderer } from "./order.ts";
import { IngestError } from "./problems.ts";
import { iso } from "./report.ts";
import type { ActionRecord } from "./result.ts";
import { type Clock, type LeadState, type Observer, Runtime } from "./runtime.ts";

export interface Instant {
  /** ISO-8601 UTC */
  utc: string;
  /** the same instant in the SLA's zone, ISO-8601 with its offset ("2027-03-15T09:08:12-04:00") */
  local: string;
}

export interface ExplainedEvent {
  at: Instant;
  type: string;
  file: string;
  line: number;
  /** fields set by this event (lead.created, lead.updated); null: unset */
  fields?: Record<string, string | number | boolean | null>;
  owner?: string;
  /** the lead after the event */
  segment: string | null;
  terms: string[];
  persona: string | null;
  action: string | null;
  /** value chart cell in dollars */
  value: number;
}

export interface ExplainedClock {
  obligation: string;
  kind: "respond" | "cadence" | "expect";
  window: string;
  start: Instant;
  pauses: { from: Instant; to: Instant | null }[];
  warned: Instant | null;
  /** the deadline (null while paused at the end) */
  due: Instant | null;
  state: "met" | "breached" | "pending";
  /** when it was met or breached */
  ended: Instant | null;
  why: string;
  actions: ActionRecord[];
}

export interface Explanation {
  sla: string;
  /** the spec that judged: its file, content hash and git commit (when known) */
  spec: { file: string; sha256: string; git: string | null };
  timezone: string;
  lead: string;
  events: ExplainedEvent[];
  clocks: ExplainedClock[];
  /** the lead's owner at the end */
  owner: string | null;
}

interface ClockTrace {
  clock: Clock;
  out: ExplainedClock;
  paused: boolean;
}

export class Explainer implements Observer {
  private runtime: Runtime;
  private orderer: EventOrderer;
  private traces: ClockTrace[] = [];
  private events: ExplainedEvent[] = [];
  private current: { e: SlaEvent; file: string; line: number } | null = null;
  private terms: Uint8Array;
  private instant: (t: number) => Instant;
  /** a time in the "why" texts: the SLA's zone with its offset */
  private show: (t: number) => string;
  /** lead ids seen, for "did you mean" when the lead is not in the file */
  readonly leadIds = new Set<string>();

  constructor(
    private ir: IR,
    readonly lead: string,
    private spec: Explanation["spec"] = { file: "", sha256: "", git: null },
  ) {
    this.runtime = new Runtime(ir, this);
    this.terms = new Uint8Array(ir.terms.length);
    const lt: LocalTimes = localTimes(ir.timezone);
    this.instant = (t) => ({ utc: iso(t), local: lt.iso(t) });
    this.show = (t) => lt.show(t);
    this.orderer = new EventOrderer(Infinity, (e, file, line) => this.apply(e, file, line));
  }

  push(e: SlaEvent, file: string, line: number): void {
    this.orderer.push(e, file, line);
  }

  private apply(e: SlaEvent, file: string, line: number): void {
    const mine = e.type !== "rep.away" && e.lead === this.lead;
    if (e.type !== "rep.away" && this.leadIds.size < 1_000_000) this.leadIds.add(e.lead);
    this.current = { e, file, line };
    const f = this.runtime.apply(e);
    if (f) throw new IngestError(f.code, file, line, f.message);
    if (!mine) return;
    const lead = this.runtime.findLead(this.lead)!;
    this.trackPauses(lead, e.at);
    this.events.push(this.snapshot(e, file, line, lead));
  }

  /** The lead's story, after the last event (open clocks are pending). */
  finish(): Explanation | null {
    this.orderer.flush();
    if (this.runtime.now > -Infinity) this.runtime.advanceTo(this.runtime.now, true);
    const lead = this.runtime.findLead(this.lead);
    if (!lead) return null;
    for (const t of this.traces) {
      const c = t.clock;
      if (c.state !== "open") continue;
      t.out.due = Number.isNaN(c.runningSince) ? null : this.instant(c.due);
      t.out.why = Number.isNaN(c.runningSince)
        ? "still open, and paused, when the data ends (pending)"
        : "still open when the data ends (pending)";
    }
    return {
      sla: this.ir.name,
      spec: this.spec,
      timezone: this.ir.timezone,
      lead: this.lead,
      events: this.events,
      clocks: this.traces.map((t) => t.out),
      owner: lead.owner,
    };
  }

  private snapshot(e: SlaEvent, file: string, line: number, lead: LeadState): ExplainedEvent {
    const cl = this.runtime.classifier;
    cl.evalTerms(lead.fields, this.terms);
    const p = cl.persona(lead.fields, this.terms);
    const a = cl.action(lead.fields, this.terms);
    const out: ExplainedEvent = {
      at: this.instant(e.at),
      type: typeName(e),
      file,
      line,
      segment: lead.segment >= 0 ? this.ir.segments[lead.segment].name : null,
      terms: this.ir.terms.filter((_, i) => this.terms[i] === 1).map((t) => t.name),
      persona: p >= 0 ? this.ir.personas[p].name : null,
      action: a >= 0 ? this.ir.actions[a].name : null,
      value: cl.value(p, a) / 100,
    };
    if (e.type === "lead.created" || e.type === "lead.updated") out.fields = { ...e.fields };
    if (e.type === "lead.assigned") out.owner = e.owner;
    if (e.type === "lead.created" && e.owner !== undefined) out.owner = e.owner;
    return out;
  }

  /** Pauses start and end only when the lead's fields change. */
  private trackPauses(lead: LeadState, at: number): void {
    for (const t of this.traces) {
      if (t.clock.lead !== lead || t.clock.state !== "open") continue;
      const paused = Number.isNaN(t.clock.runningSince);
      if (paused === t.paused) continue;
      t.paused = paused;
      if (paused) t.out.pauses.push({ from: this.instant(at), to: null });
      else {
        const last = t.out.pauses[t.out.pauses.length - 1];
        if (last) last.to = this.instant(at);
      }
    }
  }

  private trace(c: Clock): ClockTrace | undefined {
    if (c.lead.id !== this.lead) return undefined;
    return this.traces.find((t) => t.clock === c);
  }

  // ---- Observer

  clockStarted(c: Clock): void {
    if (c.lead.id !== this.lead) return;
    const o = c.ob.ir;
    this.traces.push({
      clock: c,
      paused: false,
      out: {
        obligation: o.id,
        kind: o.kind,
        window: windowText(o.within),
        start: this.instant(c.start),
        pauses: [],
        warned: null,
        due: null,
        state: "pending",
        ended: null,
        why: "",
        actions: [],
      },
    });
  }
  clockMet(c: Clock, at: number): void {
    const t = this.trace(c);
    if (!t) return;
    t.out.state = "met";
    t.out.ended = this.instant(at);
    t.out.due = Number.isNaN(c.runningSince) ? null : this.instant(c.due);
    const by = this.current ? typeName(this.current.e) : "event";
    const o = c.ob.ir;
    t.out.why =
      o.kind === "cadence"
        ? `touch ${o.touches} of ${o.touches} at ${this.show(at)}, before the due instant`
        : `${by} at ${this.show(at)}${t.out.due ? `, not later than the due instant ${this.show(c.due)}` : ", while paused"}`;
    this.trackPausesAtEnd(t, at);
  }
  clockBreached(c: Clock, at: number, _owner: string | null, actions: ActionRecord[]): void {
    const t = this.trace(c);
    if (!t) return;
    t.out.state = "breached";
    t.out.ended = this.instant(at);
    t.out.due = this.instant(at);
    t.out.actions = actions;
    const o = c.ob.ir;
    t.out.why =
      o.kind === "respond"
        ? `no touch${counted(o.by)} by the due instant ${this.show(at)}`
        : o.kind === "cadence"
          ? `${c.touches} of ${o.touches} touches${counted(o.by)} by the due instant ${this.show(at)}`
          : `no ${o.events.join(" or ")} by the due instant ${this.show(at)}`;
  }
  clockWarned(c: Clock, at: number): void {
    const t = this.trace(c);
    if (t) t.out.warned = this.instant(at);
  }
  responded(): void {}
  termFirstMatched(): void {}
  anomaly(): void {}

  private trackPausesAtEnd(t: ClockTrace, at: number): void {
    const last = t.out.pauses[t.out.pauses.length - 1];
    if (last && last.to === null && !Number.isNaN(t.clock.runningSince)) last.to = this.instant(at);
  }
}

/** ` (only touches by call count)` for a rule with `by` clauses; "" without. */
function counted(by: IRObligation["by"]): string {
  return by ? ` (only touches ${touchFilterText(by)} count)` : "";
}
