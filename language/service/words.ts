// One line of meaning for every keyword and fixed word of the language, in
// the words of specs/reference.md: shown next to completions and on hover.
import { KEYWORDS } from "../lexer.ts";

const KEYWORD_MEANINGS: ReadonlyMap<string, string> = new Map([
  ["sla", 'the agreement\'s name: sla "Inbound lead SLA" (required, exactly once)'],
  ["owner", "in the header: who maintains the agreement; in `by owner`: only touches by the lead's owner count"],
  ["effective", "the date the agreement takes effect: effective 2027-01-01"],
  ["timezone", 'the IANA zone calendars and periods are read in: timezone "America/New_York" (default UTC)'],
  ["calendar", "business hours for business-time windows: calendar NAME { open ... closed ... }"],
  ["open", "a calendar's open days and hours: open mon-fri 09:00-17:30"],
  ["closed", "days a calendar is closed: dates, date ranges, or closed holidays REGION"],
  ["holidays", 'closed holidays "US": the public holidays of a country or state close the calendar'],
  ["fields", "the lead fields conditions may read, with their types: fields { NAME: TYPE }"],
  ["one", 'one of "a", "b": a field whose value is one of the listed strings'],
  ["of", 'one of "a", "b": a field whose value is one of the listed strings'],
  ["define", "a term: a named condition both teams signed (what is an MQL?)"],
  ["when", "the condition a term, segment, persona or action holds for"],
  ["segment", "which promise applies to a lead: segments are tried in order, the first match wins"],
  ["otherwise", "matches every lead no earlier segment (persona, action) matched; must be the last"],
  ["team", "reps who share a queue and who they escalate to: team NAME { members ... manager ... }"],
  ["members", "the reps of a team, in round-robin order"],
  ["manager", "who a team escalates to (escalate to manager)"],
  ["persona", "who the lead is: a row of the value chart (first match wins)"],
  ["action", "what the lead did: a column of the value chart (first match wins)"],
  ["value", "the lead value chart: persona rows x action columns, in money"],
  ["columns", "the value chart's columns: one per action"],
  ["marketing", "marketing delivers ...: Marketing's side of the agreement (a commitment)"],
  ["delivers", "marketing delivers N TERM per PERIOD (count) or $X in TERM per PERIOD (value)"],
  ["in", "field in (a, b): the field has one of the values; $X in TERM: a value commitment"],
  ["per", "the period of a commitment or plan line: month, quarter or year"],
  ["respond", "respond to SEGMENT within WINDOW: the first touch must come within the window"],
  ["to", "respond to SEGMENT; escalate to manager; STAGE to STAGE in a plan"],
  ["within", "the window an obligation allows: 5m, 24h, 24 business hours"],
  ["target", "the share of clocks that must be met: met / (met + breached)"],
  ["warn", "warn at P: a warning when P of the window is used and the clock is still open"],
  ["at", "warn at P: a warning when P of the window is used"],
  ["on", "on breach ACTIONS: what happens when a clock is breached; on CALENDAR: which business hours"],
  ["breach", "on breach ACTIONS: what happens when a clock is breached"],
  ["reassign", "reassign round robin TEAM: give the lead to the next rep of TEAM in rotation"],
  ["round", "reassign round robin TEAM: the next rep of TEAM in rotation"],
  ["robin", "reassign round robin TEAM: the next rep of TEAM in rotation"],
  ["escalate", "escalate to manager: tell the responsible manager"],
  ["nurture", 'nurture "CAMPAIGN": hand the lead to a marketing nurture campaign'],
  ["notify", 'notify "URL": post the breach (or warning) to a webhook'],
  ["tag", 'tag "LABEL": label the lead'],
  ["pause", "pause while CONDITION: the clock stops while the condition holds for the lead"],
  ["while", "pause while CONDITION: the clock stops while the condition holds for the lead"],
  ["cadence", "cadence SEGMENT N touches within WINDOW: N touches within the window"],
  ["touches", "cadence SEGMENT N touches within WINDOW: N touches within the window"],
  ["by", "which touches count: by CHANNEL, by owner, by team T"],
  ["expect", "expect EVENT within WINDOW after EVENT: an event must follow another within the window"],
  ["after", "expect ... after EVENT: the event that starts the clock"],
  ["for", "expect ... for SEGMENT: only leads in that segment when the clock would start"],
  ["plan", "the funnel math behind the commitments: revenue, average deal, stage-to-stage rates"],
  ["revenue", "plan: the revenue target per period"],
  ["average", "plan: average deal $X, the revenue one customer brings"],
  ["deal", "plan: average deal $X, the revenue one customer brings"],
  ["volume", "plan: a top-of-funnel volume per period to start the funnel from"],
  ["business", "N business hours (days): counted only while the calendar is open"],
  ["or", "either condition holds (or: either event, either channel)"],
  ["and", "both conditions hold"],
  ["not", "the condition does not hold; not in (...): none of the values"],
  ["contains", 'field contains "text": the text field contains it (ignoring case)'],
  ["starts", 'field starts with "text" (ignoring case)'],
  ["ends", 'field ends with "text" (ignoring case)'],
  ["with", 'starts with / ends with "text"'],
  ["is", "field is set / is not set: the lead has (no) value for the field"],
  ["set", "field is set: the lead has a value for the field"],
]);

/** The meaning of a keyword ("" for a word that is not one). */
export function keywordMeaning(word: string): string {
  return KEYWORDS.has(word) ? (KEYWORD_MEANINGS.get(word) ?? "keyword") : "";
}

export const UNIT_MEANINGS: ReadonlyMap<string, string> = new Map([
  ["minutes", "calendar minutes (around the clock)"],
  ["hours", "calendar hours (around the clock); `business hours`: hours the calendar is open"],
  ["days", "calendar days of 24 hours; `business days`: N times the calendar's usual open day"],
  ["weeks", "calendar weeks of 7 days"],
]);

/** A window unit's meaning (singular or plural), "" for other words. */
export function unitMeaning(word: string): string {
  return UNIT_MEANINGS.get(word.endsWith("s") ? word : `${word}s`) ?? "";
}

export const PERIOD_MEANINGS: ReadonlyMap<string, string> = new Map([
  ["month", "per calendar month in the SLA's timezone"],
  ["quarter", "per calendar quarter in the SLA's timezone"],
  ["year", "per calendar year in the SLA's timezone"],
]);

/** The events every lead history has (engine/events.ts); `expect` may name them besides custom types. */
export const BUILTIN_LEAD_EVENTS: ReadonlyMap<string, string> = new Map([
  ["lead.created", "built-in event: a lead was created (with its fields and owner)"],
  ["lead.updated", "built-in event: a lead's fields changed"],
  ["lead.assigned", "built-in event: a lead got a new owner"],
  ["touch", "built-in event: a rep touched the lead (call, email, meeting...)"],
]);
