// The report header's "does the data fit the SLA" part, shared by every
// renderer: one line of what was ignored (fields, properties and event types
// the SLA does not use, by name and count) and the data-fit notices (EV5xx).
// Plain text: each renderer escapes it for its output kind.
import type { DataFitWarning, IgnoredName, SimReport } from "../result.ts";
import { formatInt } from "./format.ts";

const MAX_NAMES = 5;

function names(list: IgnoredName[]): string {
  const shown = list
    .slice(0, MAX_NAMES)
    .map((x, i) => `${x.name} (${formatInt(x.events)}${i === 0 ? (x.events === 1 ? " event" : " events") : ""})`);
  if (list.length > MAX_NAMES) shown.push(`${formatInt(list.length - MAX_NAMES)} more`);
  return shown.join(", ");
}

/** `ignored: fields industry (2,310 events), size (12); event types activity (48,000 events)`, or null. */
export function ignoredText(r: Pick<SimReport, "ignored">): string | null {
  const ig = r.ignored;
  if (!ig) return null;
  const parts: string[] = [];
  if (ig.fields.length) parts.push(`fields ${names(ig.fields)}`);
  if (ig.properties.length) parts.push(`properties ${names(ig.properties)}`);
  if (ig.eventTypes.length) parts.push(`event types ${names(ig.eventTypes)}`);
  return parts.length ? `ignored: ${parts.join("; ")}` : null;
}

/** The data-fit notices, in report order (EV507, when present, first). */
export function fitNotices(r: Pick<SimReport, "dataFit">): DataFitWarning[] {
  return r.dataFit ?? [];
}

/** One notice as a line of text: `EV502 field "score" was never set on any lead`. */
export function noticeText(w: DataFitWarning): string {
  return `${w.code} ${w.message}`;
}
