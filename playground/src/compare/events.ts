// The DOM events the Compare and Explain tabs exchange with the shell (bubbles
// and composed: they cross the tabs' shadow roots). Kept apart from the views
// so the report tab can send `explain-lead` without importing them.

/** `explain-lead` detail: the lead to open in the Explain tab. */
export interface ExplainLeadDetail {
  id: string;
}

/** A click on a lead id: the shell opens the Explain tab on it. */
export function explainLeadEvent(id: string): CustomEvent<ExplainLeadDetail> {
  return new CustomEvent("explain-lead", { detail: { id }, bubbles: true, composed: true });
}

/** `pin-changed` detail: the baseline's text, or null when unpinned (a shared link keeps it). */
export interface PinChangedDetail {
  baseline: string | null;
}

export function pinChangedEvent(baseline: string | null): CustomEvent<PinChangedDetail> {
  return new CustomEvent("pin-changed", { detail: { baseline }, bubbles: true, composed: true });
}

/** `lead-explained` detail: the lead the Explain tab shows (a shared link can keep it). */
export interface LeadExplainedDetail {
  id: string;
}

export function leadExplainedEvent(id: string): CustomEvent<LeadExplainedDetail> {
  return new CustomEvent("lead-explained", { detail: { id }, bubbles: true, composed: true });
}
