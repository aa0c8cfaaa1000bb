// The replay/live runtime. Feed it events in replay order (see order.ts);
// it keeps lead state, runs obligation clocks and records what would fire.
// Deadlines are exact and event-driven: a heap of due instants is drained up
// to (not including) each event's time, so a touch at the exact due instant
// meets the clock. Time is epoch ms throughout; no Dates in the hot path.
import type { IR, IRAction, IRObligation } from "../language/ir.ts";
import { peopleIndex, personKey } from "../language/people.ts";
import { assertNever } from "./assert-never.ts";
import { CALENDAR_TIME, compileCalendar, type WorkClock } from "./calendar.ts";
import { type FieldValue, type LeadEvent, type SlaEvent, typeName } from "./events.ts";
import { MinHeap } from "./heap.ts";
import { type Classifier, compileClassifier, compilePredicate, type Fields, type Predicate } from "./predicates.ts";
import { Failure } from "./problems.ts";
import type { ActionRecord } from "./result.ts";

/** The kinds of obligation (the IR's; a new one makes every switch over it fail to type-check). */
export type ObligationKind = IRObligation["kind"];

/** A clock runs (open, possibly paused) until it is met or breached. */
export type ClockState = "open" | "met" | "breached";

/** An obligation compiled for the runtime (clocks reference it). */
export interface ObligationRt {
  index: number;
  /** the spec version (content hash) it was compiled from; "" when the caller gave none */
  spec: string;
  ir: IRObligation;
  kind: ObligationKind;
  /** cadence: touches needed */
  touches: number;
  clock: WorkClock;
  /** the window in ms of (open) time */
  window: number;
  /** remaining-time threshold at which the warning fires */
  warnRemaining: number;
  pause: Predicate | null;
  segmentIndex: number;
  /** clock used to report business-time response percentiles (null: none) */
  businessClock: WorkClock | null;
  /** `by ...`: which touches count (null: every touch) */
  filter: TouchFilter | null;
}

/** Touches replayed: how many, how many said who made them, and their channels as written, with counts. */
export interface TouchStats {
  touches: number;
  withBy: number;
  channels: Map<string, number>;
}

/** The channels of TouchStats as `by` compares them: trimmed, lowercase, counts added up. */
export function channelCounts(t: TouchStats): Map<string, number> {
  const out = new Map<string, number>();
  for (const [c, n] of t.channels) {
    const k = c.trim().toLowerCase();
    out.set(k, (out.get(k) ?? 0) + n);
  }
  return out;
}

/** An IR touch filter, resolved for the runtime: lowercase channels, the reps of the named teams. */
interface TouchFilter {
  channels: ReadonlySet<string> | null;
  owner: boolean;
  /** canonical names of the members and managers of the `by team` teams; null when no team is named */
  reps: ReadonlySet<string> | null;
}

/** Shared by every lead without clocks (most leads); replaced on the first push. */
const NO_CLOCKS: Clock[] = [];

const BUILTIN_LEAD_EVENTS: ReadonlySet<string> = new Set(["lead.created", "lead.updated", "lead.assigned", "touch"]);

export interface Clock {
  ob: ObligationRt;
  lead: LeadState;
  start: number;
  /** open-time ms left when the clock last resumed */
  remaining: number;
  /** when the clock last resumed; NaN while paused */
  runningSince: number;
  due: number;
  state: ClockState;
  warned: boolean;
  touches: number;
  /** respond: first touch seen (possibly after a breach, for response-time stats) */
  answered: boolean;
  /** bumps on every reschedule so stale heap entries are ignored */
  version: number;
  /** "yyyy-mm" of the start in the SLA's zone (set by the observer) */
  month: string;
  /** clocks of this obligation started on this lead at the same instant before it (almost always 0) */
  nth: number;
}

export interface LeadState {
  id: string;
  /** current field values (a plain object; see fieldReader in predicates.ts) */
  fields: Fields;
  owner: string | null;
  /** bit i: term i ever matched (terms 0-31; the rest in `matchedMore`) */
  matched: number;
  /** bit i: segment i entered (segments 0-31; the rest in `enteredMore`) */
  entered: number;
  /** terms 32 and up, 32 per word (allocated on first use: most specs have fewer than 32) */
  matchedMore: Uint32Array | null;
  enteredMore: Uint32Array | null;
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
  /**
   * `fired`: what `warn at P ACTIONS` fired, and the owner before they ran
   * (absent when the rule has no warning actions: the owner is the lead's).
   */
  clockWarned(c: Clock, at: number, fired?: { owner: string | null; actions: ActionRecord[] }): void;
  /** first response (respond), Nth touch (cadence), closing event (expect): elapsed times in ms */
  responded(c: Clock, calendarMs: number, businessMs: number | null): void;
  termFirstMatched(lead: LeadState, term: number, at: number, valueCents: number): void;
  anomaly(
    kind: "assigned-while-away" | "reassign-no-rep" | "lead-recreated",
    owner: string | null,
    example: string,
  ): void;
}

export class Runtime {
  readonly classifier: Classifier;
  readonly obligations: ObligationRt[];
  /** id -> lead; a null-prototype dictionary is faster than a Map at 10^5 string keys */
  private leads: Record<string, LeadState | undefined> = Object.create(null);
  private leadList: LeadState[] = [];
  /** all declared fields, unset: the shape every lead's fields object starts from */
  private fieldTemplate: Fields;
  private timers = new MinHeap<Timer>((a, b) => a.at < b.at || (a.at === b.at && timerTieBefore(a, b)));
  private freeTimers: Timer[] = [];
  /** some expect rule names a built-in lead event (lead.created, touch, ...) */
  private builtinExpect = false;
  private away = new Map<string, [number, number][]>();
  private rotation = new Map<string, number>();
  private bySegment: ObligationRt[][];
  private expectStarts = new Map<string, ObligationRt[]>();
  private expectEnds = new Map<string, ObligationRt[]>();
  private teamOf = new Map<string, string>();
  /** personKey(spelling) -> rep name as the spec writes it (members, managers, aliases) */
  private people: Map<string, string>;
  /** spellings already resolved (owners repeat: most events skip the normalising) */
  private resolved = new Map<string, string>();
  /** what the touches replayed carried, for the data-fit check of `by` clauses */
  readonly touchStats: TouchStats = { touches: 0, withBy: 0, channels: new Map() };
  private nTerms: number;
  /** words of `matchedMore` / `enteredMore` a lead needs (terms or segments beyond 32) */
  private termWords: number;
  private segmentWords: number;
  /** terms of the lead being classified: recomputed on every change, so shared */
  private terms: Uint8Array;
  now = -Infinity;
  events = 0;

  constructor(
    readonly ir: IR,
    private observer: Observer,
    opts: RuntimeOptions = {},
  ) {
    const spec = opts.specVersion ?? "";
    this.classifier = compileClassifier(ir);
    this.nTerms = ir.terms.length;
    this.termWords = Math.max(0, Math.ceil(this.nTerms / 32) - 1);
    this.segmentWords = Math.max(0, Math.ceil(ir.segments.length / 32) - 1);
    this.terms = new Uint8Array(this.nTerms);
    this.fieldTemplate = {};
    for (const k of Object.keys(ir.fields)) {
      if (k === "__proto__")
        Object.defineProperty(this.fieldTemplate, k, {
          value: undefined,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else this.fieldTemplate[k] = undefined;
    }
    const termIndex = new Map(ir.terms.map((t, i) => [t.name, i]));
    const clocks = new Map<string, WorkClock>();
    const clockFor = (name: string) => {
      let c = clocks.get(name);
      if (!c) clocks.set(name, (c = compileCalendar(ir.calendars[name], ir.timezone)));
      return c;
    };
    const defaultBusiness = ir.calendars.business ? clockFor("business") : null;
    this.people = peopleIndex(ir);
    this.obligations = ir.obligations.map((o, index) => {
      const business = o.within.kind === "business";
      const clock = o.within.kind === "business" ? clockFor(o.within.calendar) : CALENDAR_TIME;
      const window = o.within.kind === "business" ? o.within.minutes * 60_000 : o.within.ms;
      return {
        index,
        spec,
        ir: o,
        kind: o.kind,
        touches: o.kind === "cadence" ? o.touches : 0,
        clock,
        window,
        warnRemaining: o.warnAt === null ? -1 : window - Math.round(window * o.warnAt),
        pause: o.pauseWhile ? compilePredicate(o.pauseWhile, termIndex) : null,
        segmentIndex: o.segment === null ? -1 : ir.segments.findIndex((s) => s.name === o.segment),
        businessClock: business ? clock : defaultBusiness,
        filter: o.by ? this.touchFilter(o.by) : null,
      };
    });
    this.bySegment = ir.segments.map((_, i) =>
      this.obligations.filter((o) => o.ir.kind !== "expect" && o.segmentIndex === i),
    );
    for (const o of this.obligations) {
      if (o.ir.kind !== "expect") continue;
      push(this.expectStarts, o.ir.after, o);
      for (const e of o.ir.events) push(this.expectEnds, e, o);
    }
    this.builtinExpect = [...this.expectStarts.keys(), ...this.expectEnds.keys()].some((t) =>
      BUILTIN_LEAD_EVENTS.has(t),
    );
    for (const t of ir.teams) for (const m of t.members) if (!this.teamOf.has(m)) this.teamOf.set(m, t.name);
  }

  private touchFilter(by: NonNullable<IRObligation["by"]>): TouchFilter {
    let reps: Set<string> | null = null;
    if (by.people?.teams.length) {
      reps = new Set();
      for (const t of this.ir.teams)
        if (by.people.teams.includes(t.name)) {
          for (const m of t.members) reps.add(m);
          if (t.manager !== null) reps.add(t.manager);
        }
    }
    return {
      channels: by.channels ? new Set(by.channels.map((c) => c.trim().toLowerCase())) : null,
      owner: by.people?.owner ?? false,
      reps,
    };
  }

  /**
   * A person as the spec names them: an owner, a touch's `by` or a rep.away's
   * `rep` written with any spelling of a rep (an alias, other case) is that
   * rep; any other spelling is kept as written.
   */
  person(spelling: string): string {
    let r = this.resolved.get(spelling);
    if (r === undefined) {
      r = this.people.get(personKey(spelling)) ?? spelling;
      this.resolved.set(spelling, r);
    }
    return r;
  }

  get leadCount(): number {
    return this.leadList.length;
  }

  /** Every lead in creation order, in its current state (data-fit reads owners and segments entered). */
  get leadStates(): readonly LeadState[] {
    return this.leadList;
  }

  /**
   * Apply one event. Events must arrive in replay order (non-decreasing `at`).
   * An event the history cannot explain (a lead that was never created) is a
   * Failure with code EV201, not an exception: the caller decides (strict
   * read, lenient count, or a re-read with a full sort).
   */
  apply(e: SlaEvent): Failure | undefined {
    switch (e.type) {
      case "lead.created":
        this.createLead(e.lead, e.at, e.fields, e.owner);
        return;
      case "rep.away":
        this.repAway(e.rep, e.at, e.until);
        return;
      case "lead.updated":
      case "lead.assigned":
      case "touch":
      case "custom":
        return this.applyToLead(e);
      default:
        return assertNever(e, "event");
    }
  }

  private applyToLead(e: LeadEvent): Failure | undefined {
    const lead = this.leads[e.lead];
    if (!lead) return unknownLead(e);
    switch (e.type) {
      case "lead.updated":
        this.updateLead(lead, e.at, e.fields);
        return;
      case "lead.assigned":
        this.assignLead(lead, e.at, e.owner);
        return;
      case "touch":
        this.touchLead(lead, e.at, e.by, e.channel);
        return;
      case "custom":
        this.customEvent(lead, e.name, e.at);
        return;
      case "lead.created":
        throw new Error("lead.created is applied by apply()");
      default:
        return assertNever(e, "event");
    }
  }

  // The typed entry points below are what apply() dispatches to; the prepared
  // replay (prepared.ts) calls them directly with leads resolved by index.

  private step(at: number): void {
    // the orderer (order.ts) and the prepared form guarantee replay order: this is a bug, not bad input
    if (at < this.now) throw new Error(`event at ${at} is earlier than the replay clock (${this.now})`);
    this.advanceTo(at, false);
    this.now = at;
    this.events++;
  }

  createLead(id: string, at: number, fields: Record<string, FieldValue>, owner?: string): LeadState {
    const existing = this.leads[id];
    const lead = this.createLeadState(existing, id, at, owner);
    if (!existing) this.leads[id] = lead;
    this.setFields(lead, fields, at);
    this.created(lead, at);
    return lead;
  }

  /**
   * The prepared replay resolves leads by index and writes fields from its
   * columns; it skips the id map (kept only for the string-keyed path).
   */
  createLeadState(existing: LeadState | undefined, id: string, at: number, owner?: string): LeadState {
    this.step(at);
    let lead = existing;
    if (lead) this.observer.anomaly("lead-recreated", lead.owner, id);
    else {
      lead = this.blankLead(id);
      this.leadList.push(lead);
    }
    if (owner !== undefined) this.assign(lead, owner, at);
    return lead;
  }

  /** After a lead.created has set its fields (expect rules may start on it). */
  private created(lead: LeadState, at: number): void {
    if (this.builtinExpect) this.expectHooks(lead, "lead.created", at);
  }

  /** Set fields from columns (prepared replay): names[keys[j]] = values[j] for j in [from, to). */
  setFieldColumns(
    lead: LeadState,
    at: number,
    names: string[],
    keys: Uint16Array,
    values: FieldValue[],
    from: number,
    to: number,
  ): void {
    const own = lead.fields;
    for (let j = from; j < to; j++) {
      const v = values[j];
      own[names[keys[j]]] = v === null ? undefined : v;
    }
    this.classify(lead, at);
  }

  /** Prepared replay: fields of a lead.created are set; run its expect hooks. */
  finishCreate(lead: LeadState, at: number): void {
    this.created(lead, at);
  }

  updateLeadColumns(
    lead: LeadState,
    at: number,
    names: string[],
    keys: Uint16Array,
    values: FieldValue[],
    from: number,
    to: number,
  ): void {
    this.step(at);
    this.setFieldColumns(lead, at, names, keys, values, from, to);
    if (this.builtinExpect) this.expectHooks(lead, "lead.updated", at);
  }

  updateLead(lead: LeadState, at: number, fields: Record<string, FieldValue>): void {
    this.step(at);
    this.setFields(lead, fields, at);
    if (this.builtinExpect) this.expectHooks(lead, "lead.updated", at);
  }

  assignLead(lead: LeadState, at: number, owner: string): void {
    this.step(at);
    this.assign(lead, owner, at);
    if (this.builtinExpect) this.expectHooks(lead, "lead.assigned", at);
  }

  /** `by` and `channel`: as the event gives them (undefined when it does not) */
  touchLead(lead: LeadState, at: number, by?: string, channel?: string): void {
    this.step(at);
    const stats = this.touchStats;
    stats.touches++;
    if (by !== undefined) stats.withBy++;
    // counted as written (one map update per touch); channelCounts() folds case
    if (channel !== undefined) stats.channels.set(channel, (stats.channels.get(channel) ?? 0) + 1);
    const who = by === undefined ? undefined : this.person(by);
    this.touch(lead, at, who, channel);
    if (this.builtinExpect) this.expectHooks(lead, "touch", at, who, channel);
  }

  repAway(rep: string, at: number, until: number): void {
    this.step(at);
    push(this.away, this.person(rep), [at, until]);
  }

  customEvent(lead: LeadState, type: string, at: number): void {
    this.step(at);
    this.expectHooks(lead, type, at);
  }

  /** expect rules: `type` may close open clocks and start new ones on this lead (`by`, `channel`: a touch's). */
  private expectHooks(lead: LeadState, type: string, at: number, by?: string, channel?: string): void {
    const ends = this.expectEnds.get(type);
    if (ends) this.closeExpects(lead, ends, at, type === "touch", by, channel);
    const starts = this.expectStarts.get(type);
    if (starts) {
      this.classifier.evalTerms(lead.fields, this.terms); // for pause conditions
      for (const o of starts) if (o.segmentIndex < 0 || lead.segment === o.segmentIndex) this.startClock(o, lead, at);
    }
  }

  /** The lead with that id, or undefined. */
  findLead(id: string): LeadState | undefined {
    return this.leads[id];
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
      const { version, warn, at } = top;
      this.freeTimers.push(top); // recycled: timers are the replay's most frequent allocation
      if (version !== c.version || c.state !== "open") continue;
      if (warn) {
        c.warned = true;
        const onWarn = c.ob.ir.onWarn;
        if (onWarn?.length) {
          const owner = c.lead.owner;
          this.observer.clockWarned(c, at, { owner, actions: this.runActions(onWarn, c.lead, at) });
        } else this.observer.clockWarned(c, at);
      } else this.breach(c, at);
    }
    if (t > this.now) this.now = t;
  }

  /** Clocks still open (pending) at the end. */
  *openClocks(): Generator<Clock> {
    for (const lead of this.leadList) for (const c of lead.clocks) if (c.state === "open") yield c;
  }

  isAway(rep: string, t: number): boolean {
    const spans = this.away.get(rep);
    if (!spans) return false;
    for (const [a, b] of spans) if (t >= a && t < b) return true;
    return false;
  }

  /** The earliest instant a timer may fire (stale timers dropped); undefined when none. */
  nextDue(): number | undefined {
    const heap = this.timers;
    for (;;) {
      const top = heap.peek();
      if (!top) return undefined;
      const c = top.clock;
      if (top.version === c.version && c.state === "open") return top.at;
      this.freeTimers.push(heap.pop()!);
    }
  }

  // ---- plain-data snapshots (the live engine stores and restores state; engine/live/snapshot.ts) ----

  /** Every lead, in creation order. */
  allLeads(): readonly LeadState[] {
    return this.leadList;
  }

  /** A new, empty lead state (not registered): fields all unset, no clocks. */
  blankLead(id: string): LeadState {
    return {
      id,
      fields: { ...this.fieldTemplate },
      owner: null,
      matched: 0,
      entered: 0,
      matchedMore: null,
      enteredMore: null,
      segment: -1,
      clocks: NO_CLOCKS,
    };
  }

  /** Words of `matchedMore` / `enteredMore` a lead of this spec has. */
  get flagWords(): { terms: number; segments: number } {
    return { terms: this.termWords, segments: this.segmentWords };
  }

  /**
   * Put a restored lead in place (replacing one with the same id) and set the
   * timers of its running clocks. Clocks may reference obligations of another
   * spec version (they finish under the version that started them): their
   * closing events are registered here.
   */
  adoptLead(lead: LeadState): void {
    const old = this.leads[lead.id];
    if (old) {
      for (const c of old.clocks) c.version++; // its timers go stale
      this.leadList[this.leadList.indexOf(old)] = lead;
    } else this.leadList.push(lead);
    this.leads[lead.id] = lead;
    if (lead.clocks.length === 0) lead.clocks = NO_CLOCKS;
    for (const c of lead.clocks) {
      c.lead = lead;
      const o = c.ob;
      if (o !== this.obligations[o.index] && o.ir.kind === "expect")
        for (const e of o.ir.events) {
          const list = this.expectEnds.get(e);
          if (!list) this.expectEnds.set(e, [o]);
          else if (!list.includes(o)) list.push(o);
          if (BUILTIN_LEAD_EVENTS.has(e)) this.builtinExpect = true;
        }
      this.reschedule(c);
    }
  }

  /** Round-robin positions, rep absences, the clock and the event count, as plain data. */
  exportGlobals(): RuntimeGlobals {
    const away: Record<string, [number, number][]> = {};
    for (const [rep, spans] of this.away) {
      // an absence over before `now` can no longer matter (breaches happen at or after now)
      const live = spans.filter(([, b]) => b > this.now);
      if (live.length) away[rep] = live.map(([a, b]) => [a, b]);
    }
    return {
      now: Number.isFinite(this.now) ? this.now : null,
      events: this.events,
      rotation: Object.fromEntries(this.rotation),
      away,
    };
  }

  importGlobals(g: RuntimeGlobals): void {
    this.now = g.now ?? -Infinity;
    this.events = g.events;
    this.rotation = new Map(Object.entries(g.rotation));
    this.away = new Map(Object.entries(g.away).map(([rep, spans]) => [rep, spans.map(([a, b]) => [a, b])]));
  }

  // ---- internals ----

  private assign(lead: LeadState, written: string, at: number): void {
    const owner = this.person(written);
    lead.owner = owner;
    if (this.isAway(owner, at)) this.observer.anomaly("assigned-while-away", owner, lead.id);
  }

  private setFields(lead: LeadState, fields: Record<string, FieldValue>, at: number): void {
    // Every declared field exists on the lead (unset = undefined), so all
    // leads share one object shape and predicate reads stay monomorphic.
    const own = lead.fields;
    for (const k in fields) {
      const v = fields[k];
      own[k] = v === null ? undefined : v;
    }
    this.classify(lead, at);
  }

  private classify(lead: LeadState, at: number): void {
    const cl = this.classifier;
    const f = lead.fields;
    const terms = this.terms;
    cl.evalTerms(f, terms);
    for (let i = 0; i < this.nTerms; i++) {
      if (terms[i] === 1 && !hasFlag(lead.matched, lead.matchedMore, i)) {
        if (i < 32) lead.matched |= 1 << i;
        else setMore((lead.matchedMore ??= new Uint32Array(this.termWords)), i);
        this.observer.termFirstMatched(lead, i, at, cl.value(cl.persona(f, terms), cl.action(f, terms)));
      }
    }
    const seg = cl.segment(f, terms);
    lead.segment = seg;
    // Pause conditions may have changed for clocks already running.
    const clocks = lead.clocks;
    for (let i = 0; i < clocks.length; i++) {
      const c = clocks[i];
      if (c.state === "open" && c.ob.pause) this.updatePause(c, at);
    }
    if (seg >= 0 && !hasFlag(lead.entered, lead.enteredMore, seg)) {
      if (seg < 32) lead.entered |= 1 << seg;
      else setMore((lead.enteredMore ??= new Uint32Array(this.segmentWords)), seg);
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
      state: "open",
      warned: false,
      touches: 0,
      answered: false,
      version: 0,
      month: "",
      nth: 0,
    };
    if (lead.clocks === NO_CLOCKS) lead.clocks = [c];
    else {
      // a second clock of one obligation from one instant (two expect starts
      // at once): `nth` tells them apart in live record ids
      for (const d of lead.clocks) if (d.ob === o && d.start === at) c.nth++;
      lead.clocks.push(c);
    }
    this.observer.clockStarted(c);
    if (o.pause?.(lead.fields, this.terms)) return; // starts paused (terms: just evaluated for this lead)
    this.resume(c, at);
  }

  private resume(c: Clock, at: number): void {
    c.runningSince = at;
    c.version++;
    const o = c.ob;
    c.due = o.clock.advance(at, c.remaining);
    if (c.due !== Infinity) this.schedule(c.due, c, false);
    if (!c.warned && o.warnRemaining >= 0 && c.remaining > o.warnRemaining) {
      const w = o.clock.advance(at, c.remaining - o.warnRemaining);
      if (w !== Infinity) this.schedule(w, c, true);
    }
  }

  /** Timers of a clock restored running (the ones resume() would have set). */
  private reschedule(c: Clock): void {
    if (c.state !== "open" || Number.isNaN(c.runningSince)) return;
    const o = c.ob;
    if (c.due !== Infinity) this.schedule(c.due, c, false);
    if (!c.warned && o.warnRemaining >= 0 && c.remaining > o.warnRemaining) {
      const w = o.clock.advance(c.runningSince, c.remaining - o.warnRemaining);
      if (w !== Infinity) this.schedule(w, c, true);
    }
  }

  private schedule(at: number, clock: Clock, warn: boolean): void {
    const t = this.freeTimers.pop();
    if (t === undefined) this.timers.push({ at, clock, warn, version: clock.version });
    else {
      t.at = at;
      t.clock = clock;
      t.warn = warn;
      t.version = clock.version;
      this.timers.push(t);
    }
  }

  private updatePause(c: Clock, at: number): void {
    const paused = Number.isNaN(c.runningSince);
    const shouldPause = c.ob.pause!(c.lead.fields, this.terms);
    if (shouldPause === paused) return;
    if (shouldPause) {
      c.remaining -= c.ob.clock.elapsed(c.runningSince, at);
      c.runningSince = NaN;
      c.due = Infinity;
      c.version++;
    } else this.resume(c, at);
  }

  /** Does a touch by `by` on `channel` count for an obligation with this filter? */
  private counts(f: TouchFilter, lead: LeadState, by: string | undefined, channel: string | undefined): boolean {
    if (f.channels && (channel === undefined || !f.channels.has(channel.trim().toLowerCase()))) return false;
    if (!f.owner && !f.reps) return true;
    if (by === undefined) return false;
    return (f.owner && lead.owner !== null && by === lead.owner) || f.reps?.has(by) === true;
  }

  private touch(lead: LeadState, at: number, by: string | undefined, channel: string | undefined): void {
    const clocks = lead.clocks;
    const n = clocks.length;
    if (n === 0) return;
    let w = 0;
    for (let i = 0; i < n; i++) {
      const c = clocks[i];
      const ob = c.ob;
      if (ob.filter !== null && ob.kind !== "expect" && !this.counts(ob.filter, lead, by, channel)) {
        clocks[w++] = c; // not a touch this obligation counts
        continue;
      }
      switch (ob.kind) {
        case "respond":
          // the first touch answers it (met, or late after a breach); either way it is done
          c.answered = true;
          this.observer.responded(c, at - c.start, ob.businessClock ? ob.businessClock.elapsed(c.start, at) : null);
          if (c.state === "open") this.meet(c, at);
          continue;
        case "cadence":
          if (c.state === "open" && ++c.touches >= ob.touches) {
            this.observer.responded(c, at - c.start, ob.businessClock ? ob.businessClock.elapsed(c.start, at) : null);
            this.meet(c, at);
            continue;
          }
          break;
        case "expect": // closed by its events (closeExpects), not by touches
          break;
        default:
          assertNever(ob.kind, "obligation kind");
      }
      clocks[w++] = c;
    }
    if (w === 0)
      lead.clocks = NO_CLOCKS; // a closed lead keeps no array (memory grows with open leads)
    else while (clocks.length > w) clocks.pop(); // cheaper than setting .length
  }

  private closeExpects(
    lead: LeadState,
    obs: ObligationRt[],
    at: number,
    isTouch: boolean,
    by: string | undefined,
    channel: string | undefined,
  ): void {
    const clocks = lead.clocks;
    let w = 0;
    for (let i = 0; i < clocks.length; i++) {
      const c = clocks[i];
      const f = c.ob.filter;
      if (c.state === "open" && obs.includes(c.ob) && (!isTouch || f === null || this.counts(f, lead, by, channel))) {
        this.observer.responded(c, at - c.start, c.ob.businessClock ? c.ob.businessClock.elapsed(c.start, at) : null);
        this.meet(c, at);
        continue;
      }
      clocks[w++] = c;
    }
    if (w === 0) lead.clocks = NO_CLOCKS;
    else while (clocks.length > w) clocks.pop();
  }

  private meet(c: Clock, at: number): void {
    c.state = "met";
    c.version++;
    this.observer.clockMet(c, at);
  }

  private breach(c: Clock, at: number): void {
    c.state = "breached";
    c.version++;
    const lead = c.lead;
    const owner = lead.owner;
    const actions = this.runActions(c.ob.ir.onBreach, lead, at);
    this.observer.clockBreached(c, at, owner, actions);
    // A breached respond clock stays on the lead until its first touch (for
    // response-time statistics); other kinds are done.
    if (c.ob.kind !== "respond") {
      const i = lead.clocks.indexOf(c);
      if (i >= 0) lead.clocks.splice(i, 1);
      if (lead.clocks.length === 0) lead.clocks = NO_CLOCKS;
    }
  }

  private runActions(actions: IRAction[], lead: LeadState, at: number): ActionRecord[] {
    const out: ActionRecord[] = [];
    const breachedOwner = lead.owner;
    // escalate goes to the manager of the team this clause reassigns to,
    // wherever the reassign appears in the clause
    const reassignTeam =
      actions.find((a): a is Extract<IRAction, { type: "reassign" }> => a.type === "reassign")?.team ?? null;
    for (const a of actions) {
      switch (a.type) {
        case "reassign": {
          const to = this.nextInRotation(a.team, lead.owner, at);
          if (to === null) this.observer.anomaly("reassign-no-rep", lead.owner, lead.id);
          else lead.owner = to;
          out.push({ type: "reassign", to });
          break;
        }
        case "escalate": {
          const team =
            reassignTeam ?? (breachedOwner ? this.teamOf.get(breachedOwner) : undefined) ?? this.onlyManagedTeam();
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
        default:
          assertNever(a, "action");
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

export interface RuntimeOptions {
  /** the spec version (content hash) obligations are tagged with */
  specVersion?: string;
}

/** The runtime's state outside leads, as JSON-safe data. */
export interface RuntimeGlobals {
  /** the runtime clock, epoch ms (null before the first event) */
  now: number | null;
  events: number;
  /** team -> index of the next rep in its rotation */
  rotation: Record<string, number>;
  /** rep -> absences [from, until) in epoch ms */
  away: Record<string, [number, number][]>;
}

/**
 * Timers due at the same instant fire in an order that depends only on what
 * they are about (not on the heap's history), so a runtime restored from a
 * snapshot fires them as the original would: earlier clock start, then lead
 * id, obligation, warning before breach.
 */
function timerTieBefore(a: Timer, b: Timer): boolean {
  const x = a.clock;
  const y = b.clock;
  if (x.start !== y.start) return x.start < y.start;
  if (x.lead !== y.lead) return x.lead.id < y.lead.id;
  if (x.ob !== y.ob) return x.ob.index !== y.ob.index ? x.ob.index < y.ob.index : x.ob.spec < y.ob.spec;
  if (x.nth !== y.nth) return x.nth < y.nth;
  return a.warn && !b.warn;
}

/** EV201: the message says which event and which lead. */
export function unknownLead(e: LeadEvent): Failure {
  return new Failure("EV201", `${typeName(e)} for unknown lead "${e.lead}" (no lead.created before it)`);
}

/** Flag i of a lead: bits 0-31 in `low`, the rest in `more` (32 per word). */
function hasFlag(low: number, more: Uint32Array | null, i: number): boolean {
  if (i < 32) return (low & (1 << i)) !== 0;
  return more !== null && (more[(i >> 5) - 1] & (1 << (i & 31))) !== 0;
}
function setMore(more: Uint32Array, i: number): void {
  more[(i >> 5) - 1] |= 1 << (i & 31);
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
