// The event model the engine reads (see specs/reference.md, "Events").
// Timestamps are epoch milliseconds everywhere inside the engine.
//
// The JSON form users write names a custom event by its own type
// (`{"type": "demo.started", ...}`); inside the engine every custom event has
// the tag "custom" and carries that name, so `SlaEvent` is a union the type
// checker can narrow on `type` and check for exhaustiveness.

export type FieldValue = string | number | boolean | null;

interface EventBase {
  id: string;
  at: number;
}

export interface LeadCreated extends EventBase {
  type: "lead.created";
  lead: string;
  fields: Record<string, FieldValue>;
  owner?: string;
}
export interface LeadUpdated extends EventBase {
  type: "lead.updated";
  lead: string;
  fields: Record<string, FieldValue>;
}
export interface LeadAssigned extends EventBase {
  type: "lead.assigned";
  lead: string;
  owner: string;
}
export interface Touch extends EventBase {
  type: "touch";
  lead: string;
  by?: string;
  channel?: string;
}
export interface RepAway extends EventBase {
  type: "rep.away";
  rep: string;
  /** End of the absence, epoch ms (exclusive). */
  until: number;
}
/** Any other dotted type, e.g. "demo.started" (its `name`); `expect` rules name them. */
export interface CustomEvent extends EventBase {
  type: "custom";
  /** the type as written in the input, e.g. "demo.started" */
  name: string;
  lead: string;
}

export type SlaEvent = LeadCreated | LeadUpdated | LeadAssigned | Touch | RepAway | CustomEvent;

/** Every event tag inside the engine. */
export type EventType = SlaEvent["type"];

/** Events about one lead (all but rep.away). */
export type LeadEvent = Exclude<SlaEvent, RepAway>;

export const BUILTIN_TYPES = ["lead.created", "lead.updated", "lead.assigned", "touch", "rep.away"] as const;

/** The type as the input wrote it: the custom name for a custom event. */
export function typeName(e: SlaEvent): string {
  return e.type === "custom" ? e.name : e.type;
}
