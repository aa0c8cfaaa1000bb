// The event model the engine reads (see specs/reference.md, "Events").
// Timestamps are epoch milliseconds everywhere inside the engine.

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
/** Any other dotted type, e.g. "demo.started"; `expect` rules name them. */
export interface CustomEvent extends EventBase {
  type: string;
  lead: string;
}

export type SlaEvent = LeadCreated | LeadUpdated | LeadAssigned | Touch | RepAway | CustomEvent;

export const BUILTIN_TYPES = ["lead.created", "lead.updated", "lead.assigned", "touch", "rep.away"] as const;
