// The replay/live runtime. Feed it events in replay order (see order.ts);
// it keeps lead state, runs obligation clocks and records what would fire.
// Deadlines are exact and event-driven: a heap of due instants is drained up
// to (not including) each event's time, so a touch at the exact due instant
// meets the clock. Time is epoch ms throughout; no Dates in the hot path.
import type { IR, IRAction, IRObligation } from "../language/ir.ts";
import { CALENDAR_TIME, compileCalendar, type WorkClock } from "./calendar.ts";
import type { FieldValue, SlaEvent } from "./events.ts";
import { MinHeap } from "./heap.ts";
import { monthKey, periodKey } from "./periods.ts";
import { compileClassifier, compilePredicate, type Classifier, type Fields, type Predicate } from "./predicates.ts";
import type { ActionRecord } from "./result.ts";

export class ReplayError extends Error {}

interface ObligationRt {
  index: number;
  ir: IRObligation;
  clock: WorkClock;
  /** the window in ms of (open) time */
  window: number;
  /** remaining-time threshold at which the warning fires */
  warnRemaining: number;
  pause: Predicate | null;
  segmentIndex: number;
  /** clock used to report business-time response percentiles (null: none) */
  businessClock: WorkClock | null;
}

const OPEN = 0;
const MET = 1;
const BREACHED = 2;

export interface Clock {
  ob: ObligationRt;
  lead: LeadState;
  start: number;
  /** open-time ms left when the clock last resumed */
  remaining: number;
  /** when the clock last resumed; NaN while paused */
  runningSince: number;
  due: number;
  state: number;
  warned: boolean;
  touches: number;
  /** respond: first touch seen (possibly after a breach, for response-time stats) */
  answered: boolean;
  /** bumps on every reschedule so stale heap entries are ignored */
  version: number;
}

export interface LeadState {
  id: string;
  fields: Fields;
  owner: string | null;
  created: number;
  terms: Uint8Array;
  everMatched: Uint8Array;
  entered: Uint8Array;
  segment: number;
  clocks: Clock[];
}

interface Timer {
  at: number;
  clock: Clock;
  warn: boolean;
  version: number;
}

/** Everything the runtime observed; report.ts turns it into the SimReport. */
export interface Observer {
  clockStarted(c: Clock): void;
  clockMet(c: Clock, at: number): void;
  clockBreached(c: Clock, at: number, owner: string | null, actions: ActionRecord[]): void;
  clockWarned(c: Clock, at: number): void;
  /** first response (respond), Nth touch (cadence), closing event (expect): elapsed times in ms */
  responded(c: Clock, calendarMs: number, businessMs: number | null): void;
  termFirstMatched(lead: LeadState, term: number, at: number, valueCents: number): void;
  anomaly(kind: "assigned-while-away" | "reassign-no-rep" | "lead-recreated", owner: string | null, example: string): void;
}

export class Runtime {
  readonly classifier: Classifier;
  readonly obligations: ObligationRt[];
  private leads = new Map<string, LeadState>();
  private timers = new MinHeap<Timer>((a, b) => a.at < b.at || (a.at === b.at && a.clock.start < b.clock.start));
  private away = new Map<string, [number, number][]>();
  private rotation = new Map<string, number>();
  private bySegment: ObligationRt[][];
  private expectStarts = new Map<string, ObligationRt[]>();
  private expectEnds = new Map<string, ObligationRt[]>();
  private teamOf = new Map<string, string>();
  private nTerms: number;
  now = -Infinity;
  events = 0;

  constructor(
    readonly ir: IR,
    private observer: Observer,
  ) {
    this.classifier = compileClassifier(ir);
    this.nTerms = ir.terms.length;
    const termIndex = new Map(ir.terms.map((t, i) => [t.name, i]));
    const clocks = new Map<string, WorkClock>();
    const clockFor = (name: string) => {
      let c = clocks.get(name);
      if (!c) clocks.set(name, (c = compileCalendar(ir.calendars[name], ir.timezone)));
      return c;
    };
    const defaultBusiness = ir.calendars.business ? clockFor("business") : null;
    this.obligations = ir.obligations.map((o, index) => {
      const business = o.within.kind === "business";
      const clock = o.within.kind === "business" ? clockFor(o.within.calendar) : CALENDAR_TIME;
      const window = o.within.kind === "business" ? o.within.minutes * 60_000 : o.within.ms;
      return {
        index,
        ir: o,
        clock,
        window,
        warnRemaining: o.warnAt === null ? -1 : window - Math.round(window * o.warnAt),
        pause: o.pauseWhile ? compilePredicate(o.pauseWhile, termIndex) : null,
        segmentIndex: o.segment === null ? -1 : ir.segments.findIndex((s) => s.name === o.segment),
        businessClock: business ? clock : defaultBusiness,
      };
    });
    this.bySegment = ir.segments.map((_, i) => this.obligations.filter((o) => o.ir.kind !== "expect" && o.segmentIndex === i));
    for (const o of this.obligations) {
      if (o.ir.kind !== "expect") continue;
      push(this.expectStarts, o.ir.after, o);
      for (const e of o.ir.events) push(this.expectEnds, e, o);
    }
    for (const t of ir.teams) for (const m of t.members) if (!this.teamOf.has(m)) this.teamOf.set(m, t.name);
  }

  get leadCount(): number {
    return this.leads.size;
  }

  /** Apply one event. Events must arrive in replay order (non-decreasing `at`). */
  apply(e: SlaEvent): void {
    if (e.at < this.now) throw new ReplayError(`event ${e.id} at ${new Date(e.at).toISOString()} is earlier than the replay clock`);
    this.advanceTo(e.at, false);
    this.now = e.at;
    this.events++;
    switch (e.type) {
      case "lead.created": {
        const ev = e as Extract<SlaEvent, { type: "lead.created" }>;
        let lead = this.leads.get(ev.lead);
        if (lead) this.observer.anomaly("lead-recreated", lead.owner, ev.lead);
        else {
          lead = {
            id: ev.lead,
            fields: Object.create(null) as Fields,
            owner: null,
            created: e.at,
            terms: new Uint8Array(this.nTerms),
            everMatched: new Uint8Array(this.nTerms),
            entered: new Uint8Array(this.ir.segments.length),
            segment: -1,
            clocks: [],
          };
          this.leads.set(ev.lead, lead);
        }
        if (ev.owner !== undefined) this.assign(lead, ev.owner, e.at);
        this.setFields(lead, ev.fields, e.at);
        return;
      }
      case "lead.updated": {
        const ev = e as Extract<SlaEvent, { type: "lead.updated" }>;
        this.setFields(this.lead(ev.lead, e), ev.fields, e.at);
        return;
      }
      case "lead.assigned": {
        const ev = e as Extract<SlaEvent, { type: "lead.assigned" }>;
        this.assign(this.lead(ev.lead, e), ev.owner, e.at);
        return;
      }
      case "touch": {
        const lead = this.lead((e as { lead: string }).lead, e);
        this.touch(lead, e.at);
        return;
      }
      case "rep.away": {
        const ev = e as Extract<SlaEvent, { type: "rep.away" }>;
        push(this.away, ev.rep, [e.at, ev.until]);
        return;
      }
      default: {
        const lead = this.lead((e as { lead: string }).lead, e);
        const ends = this.expectEnds.get(e.type);
        if (ends) this.closeExpects(lead, ends, e.at);
        const starts = this.expectStarts.get(e.type);
        if (starts) for (const o of starts) if (o.segmentIndex < 0 || lead.segment === o.segmentIndex) this.startClock(o, lead, e.at);
      }
    }
  }

  /**
   * Fire due timers. inclusive=false fires those strictly before t (used before
   * applying an event at t, so a touch at the due instant still meets);
   * inclusive=true also fires those at t (end of data).
   */
  advanceTo(t: number, inclusive: boolean): void {
    const heap = this.timers;
    for (;;) {
      const top = heap.peek();
      if (!top || top.at > t || (!inclusive && top.at === t)) break;
      heap.pop();
      const c = top.clock;
      if (top.version !== c.version || c.state !== OPEN) continue;
      if (top.warn) {
        c.warned = true;
        this.observer.clockWarned(c, top.at);
      } else this.breach(c, top.at);
    }
    if (t > this.now) this.now = t;
  }

  /** Clocks still open (pending) at the end. */
  *openClocks(): Generator<Clock> {
    for (const lead of this.leads.values()) for (const c of lead.clocks) if (c.state === OPEN) yield c;
  }

  isAway(rep: string, t: number): boolean {
    const spans = this.away.get(rep);
    if (!spans) return false;
    for (const [a, b] of spans) if (t >= a && t < b) return true;
    return false;
  }

  // ---- internals ----

  private lead(id: string, e: SlaEvent): LeadState {
    const lead = this.leads.get(id);
    if (!lead) throw new ReplayError(`${e.type} for unknown lead "${id}" (no lead.created before it)`);
    return lead;
  }

  private assign(lead: LeadState, owner: string, at: number): void {
    lead.owner = owner;
    if (this.isAway(owner, at)) this.observer.anomaly("assigned-while-away", owner, lead.id);
  }

  private setFields(lead: LeadState, fields: Record<string, FieldValue>, at: number): void {
    for (const k in fields) {
      const v = fields[k];
      if (v === null) delete lead.fields[k];
      else lead.fields[k] = v;
    }
    this.classify(lead, at);
  }

  private classify(lead: LeadState, at: number): void {
    const cl = this.classifier;
    const f = lead.fields;
    const terms = lead.terms;
    cl.evalTerms(f, terms);
    for (let i = 0; i < this.nTerms; i++) {
      if (terms[i] === 1 && lead.everMatched[i] === 0) {
        lead.everMatched[i] = 1;
        this.observer.termFirstMatched(lead, i, at, cl.value(cl.persona(f, terms), cl.action(f, terms)));
      }
    }
    const seg = cl.segment(f, terms);
    lead.segment = seg;
    // Pause conditions may have changed for clocks already running.
    for (const c of lead.clocks) if (c.state === OPEN && c.ob.pause) this.updatePause(c, at);
    if (seg >= 0 && lead.entered[seg] === 0) {
      lead.entered[seg] = 1;
      for (const o of this.bySegment[seg]) this.startClock(o, lead, at);
    }
  }

  private startClock(o: ObligationRt, lead: LeadState, at: number): void {
    const c: Clock = {
      ob: o,
      lead,
      start: at,
      remaining: o.window,
      runningSince: NaN,
      due: Infinity,
      state: OPEN,
      warned: false,
      touches: 0,
      answered: false,
      version: 0,
    };
    lead.clocks.push(c);
    this.observer.clockStarted(c);
    if (o.pause && o.pause(lead.fields, lead.terms)) return; // starts paused
    this.resume(c, at);
  }

  private resume(c: Clock, at: number): void {
    c.runningSince = at;
    c.version++;
    const o = c.ob;
    c.due = o.clock.advance(at, c.remaining);
    if (c.due !== Infinity) this.timers.push({ at: c.due, clock: c, warn: false, version: c.version });
    if (!c.warned && o.warnRemaining >= 0 && c.remaining > o.warnRemaining) {
      const w = o.clock.advance(at, c.remaining - o.warnRemaining);
      if (w !== Infinity) this.timers.push({ at: w, clock: c, warn: true, version: c.version });
    }
  }

  private updatePause(c: Clock, at: number): void {
    const paused = Number.isNaN(c.runningSince);
    const shouldPause = c.ob.pause!(c.lead.fields, c.lead.terms);
    if (shouldPause === paused) return;
    if (shouldPause) {
      c.remaining -= c.ob.clock.elapsed(c.runningSince, at);
      c.runningSince = NaN;
      c.due = Infinity;
      c.version++;
    } else this.resume(c, at);
  }

  private touch(lead: LeadState, at: number): void {
    const clocks = lead.clocks;
    let w = 0;
    for (let i = 0; i < clocks.length; i++) {
      const c = clocks[i];
      let keep = true;
      const kind = c.ob.ir.kind;
      if (kind === "respond") {
        if (!c.answered) {
          c.answered = true;
          this.observer.responded(c, at - c.start, c.ob.businessClock ? c.ob.businessClock.elapsed(c.start, at) : null);
          if (c.state === OPEN) this.meet(c, at);
        }
        keep = false;
      } else if (kind === "cadence" && c.state === OPEN) {
        c.touches++;
        if (c.touches >= (c.ob.ir as { touches: number }).touches) {
          this.observer.responded(c, at - c.start, c.ob.businessClock ? c.ob.businessClock.elapsed(c.start, at) : null);
          this.meet(c, at);
          keep = false;
        }
      }
      if (keep && c.state !== OPEN && kind !== "respond") keep = false;
      if (keep) clocks[w++] = c;
    }
    clocks.length = w;
  }

  private closeExpects(lead: LeadState, obs: ObligationRt[], at: number): void {
    const clocks = lead.clocks;
    let w = 0;
    for (let i = 0; i < clocks.length; i++) {
      const c = clocks[i];
      if (c.state === OPEN && obs.includes(c.ob)) {
        this.observer.responded(c, at - c.start, c.ob.businessClock ? c.ob.businessClock.elapsed(c.start, at) : null);
        this.meet(c, at);
        continue;
      }
      clocks[w++] = c;
    }
    clocks.length = w;
  }

  private meet(c: Clock, at: number): void {
    c.state = MET;
    c.version++;
    this.observer.clockMet(c, at);
  }

  private breach(c: Clock, at: number): void {
    c.state = BREACHED;
    c.version++;
    const lead = c.lead;
    const owner = lead.owner;
    const actions = this.runActions(c.ob.ir.onBreach, lead, at);
    this.observer.clockBreached(c, at, owner, actions);
    // A breached respond clock stays on the lead until its first touch (for
    // response-time statistics); other kinds are done.
    if (c.ob.ir.kind !== "respond") {
      const i = lead.clocks.indexOf(c);
      if (i >= 0) lead.clocks.splice(i, 1);
    }
  }

  private runActions(actions: IRAction[], lead: LeadState, at: number): ActionRecord[] {
    const out: ActionRecord[] = [];
    const breachedOwner = lead.owner;
    let reassignTeam: string | null = null;
    for (const a of actions) {
      switch (a.type) {
        case "reassign": {
          reassignTeam = a.team;
          const to = this.nextInRotation(a.team, lead.owner, at);
          if (to === null) this.observer.anomaly("reassign-no-rep", lead.owner, lead.id);
          else lead.owner = to;
          out.push({ type: "reassign", to });
          break;
        }
        case "escalate": {
          const team = reassignTeam ?? (breachedOwner ? this.teamOf.get(breachedOwner) : undefined) ?? this.onlyManagedTeam();
          out.push({ type: "escalate", to: this.ir.teams.find((t) => t.name === team)?.manager ?? null });
          break;
        }
        case "nurture":
          out.push({ type: "nurture", campaign: a.campaign });
          break;
        case "notify":
          out.push({ type: "notify", url: a.url });
          break;
        case "tag":
          out.push({ type: "tag", label: a.label });
          break;
      }
    }
    return out;
  }

  private onlyManagedTeam(): string | undefined {
    const managed = this.ir.teams.filter((t) => t.manager);
    return managed.length === 1 ? managed[0].name : undefined;
  }

  /** Round robin: starts with the first member listed; skips reps away at `at` and the current owner. */
  private nextInRotation(teamName: string, current: string | null, at: number): string | null {
    const team = this.ir.teams.find((t) => t.name === teamName);
    if (!team || team.members.length === 0) return null;
    const n = team.members.length;
    const start = this.rotation.get(teamName) ?? 0;
    for (let k = 0; k < n; k++) {
      const i = (start + k) % n;
      const rep = team.members[i];
      if (rep === current || this.isAway(rep, at)) continue;
      this.rotation.set(teamName, (i + 1) % n);
      return rep;
    }
    return null;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export { monthKey, periodKey };
