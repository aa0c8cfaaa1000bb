// Runtime state as plain data (JSON-safe: no closures, no references, no
// NaN/Infinity), so the live engine can store a lead after each batch and
// restore it after a restart, in another process or under a newer spec.
// Clocks name their obligation by spec version and index; leads by id.
// Term and segment flags are stored by name, so a lead keeps them across a
// spec version that reorders terms or segments.
import type { FieldValue } from "../events.ts";
import type { Clock, LeadState, ObligationRt, Runtime, RuntimeGlobals } from "../runtime.ts";

export interface ClockSnapshot {
  /** spec version (content hash) of the obligation */
  spec: string;
  /** index of the obligation in that version */
  ob: number;
  start: number;
  /** open-time ms left when the clock last resumed */
  remaining: number;
  /** when it last resumed; null while paused */
  runningSince: number | null;
  /** due instant; null while paused (or never, on a calendar with no open time) */
  due: number | null;
  state: "open" | "breached";
  warned: boolean;
  touches: number;
  answered: boolean;
  nth: number;
}

export interface LeadSnapshot {
  id: string;
  /** set fields only */
  fields: Record<string, FieldValue>;
  owner: string | null;
  /** names of terms the lead has ever matched */
  matched: string[];
  /** names of segments the lead has entered */
  entered: string[];
  /** current segment name (null: none) */
  segment: string | null;
  clocks: ClockSnapshot[];
}

/** Everything outside leads: the runtime's globals and the live engine's own. */
export interface GlobalSnapshot extends RuntimeGlobals {
  /** the last event applied, in replay order (null before the first) */
  last: { at: number; rank: number; id: string } | null;
  /** the latest event time seen on input (the lateness horizon is measured from it) */
  maxSeen: number | null;
  /** the spec version new clocks start under */
  specVersion: string;
}

/** Resolves a clock's obligation (spec version, index); undefined when that version is unknown. */
export type ObligationResolver = (spec: string, index: number) => ObligationRt | undefined;

export function exportLead(rt: Runtime, lead: LeadState): LeadSnapshot {
  const fields: Record<string, FieldValue> = {};
  for (const k in lead.fields) {
    const v = lead.fields[k];
    if (v !== undefined) fields[k] = v as FieldValue;
  }
  const matched: string[] = [];
  rt.ir.terms.forEach((t, i) => {
    if (flag(lead.matched, lead.matchedMore, i)) matched.push(t.name);
  });
  const entered: string[] = [];
  rt.ir.segments.forEach((s, i) => {
    if (flag(lead.entered, lead.enteredMore, i)) entered.push(s.name);
  });
  return {
    id: lead.id,
    fields,
    owner: lead.owner,
    matched,
    entered,
    segment: lead.segment >= 0 ? rt.ir.segments[lead.segment].name : null,
    clocks: lead.clocks.map(exportClock),
  };
}

function exportClock(c: Clock): ClockSnapshot {
  if (c.state === "met") throw new Error("a met clock is never kept on a lead");
  return {
    spec: c.ob.spec,
    ob: c.ob.index,
    start: c.start,
    remaining: c.remaining,
    runningSince: Number.isNaN(c.runningSince) ? null : c.runningSince,
    due: Number.isFinite(c.due) ? c.due : null,
    state: c.state,
    warned: c.warned,
    touches: c.touches,
    answered: c.answered,
    nth: c.nth,
  };
}

/**
 * A lead state from a snapshot, for `rt.adoptLead`. Fields, terms and
 * segments the current spec does not declare are dropped; a clock whose
 * spec version cannot be resolved is an Error (the caller must register
 * every stored version first).
 */
export function importLead(rt: Runtime, s: LeadSnapshot, resolve: ObligationResolver): LeadState {
  const lead = rt.blankLead(s.id);
  for (const k of Object.keys(s.fields)) if (Object.hasOwn(lead.fields, k)) lead.fields[k] = s.fields[k] ?? undefined;
  lead.owner = s.owner;
  const words = rt.flagWords;
  const termIndex = new Map(rt.ir.terms.map((t, i) => [t.name, i]));
  for (const name of s.matched) {
    const i = termIndex.get(name);
    if (i === undefined) continue;
    if (i < 32) lead.matched |= 1 << i;
    else (lead.matchedMore ??= new Uint32Array(words.terms))[(i >> 5) - 1] |= 1 << (i & 31);
  }
  const segIndex = new Map(rt.ir.segments.map((t, i) => [t.name, i]));
  for (const name of s.entered) {
    const i = segIndex.get(name);
    if (i === undefined) continue;
    if (i < 32) lead.entered |= 1 << i;
    else (lead.enteredMore ??= new Uint32Array(words.segments))[(i >> 5) - 1] |= 1 << (i & 31);
  }
  lead.segment = s.segment === null ? -1 : (segIndex.get(s.segment) ?? -1);
  lead.clocks = s.clocks.map((c) => {
    const ob = resolve(c.spec, c.ob);
    if (!ob)
      throw new Error(`lead ${s.id}: a clock of spec version ${c.spec.slice(0, 12)} (obligation ${c.ob}) is unknown`);
    return {
      ob,
      lead,
      start: c.start,
      remaining: c.remaining,
      runningSince: c.runningSince ?? NaN,
      due: c.due ?? Infinity,
      state: c.state,
      warned: c.warned,
      touches: c.touches,
      answered: c.answered,
      version: 0,
      month: "",
      nth: c.nth,
    };
  });
  return lead;
}

function flag(low: number, more: Uint32Array | null, i: number): boolean {
  if (i < 32) return (low & (1 << i)) !== 0;
  return more !== null && (more[(i >> 5) - 1] & (1 << (i & 31))) !== 0;
}
