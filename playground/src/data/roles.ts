// What an uploaded file is, guessed from its name and first lines (the user
// can change it in the Data tab): JSONL events, or a CRM export's leads,
// activities or field history; and which preset's columns the CSV headers
// have. A guess only picks defaults: reading is never based on it.
import { detectDelimiter, parseCsvText } from "../../../engine/ingest/csv.ts";
import type { ColumnRef, Mapping } from "../../../engine/ingest/mapping-load.ts";

import { type DataRole, PRESET_NAMES, type PresetName } from "./kinds.ts";

export type { DataRole, PresetName };

export interface RoleGuess {
  role: DataRole;
  /** the preset whose columns the header has, when one does */
  preset: PresetName | null;
  /** why, in a few words (shown next to the role) */
  because: string;
}

const NAME_HINTS: [RegExp, DataRole][] = [
  [/\.(jsonl|ndjson)(\.gz)?$/i, "events"],
  [/histor/i, "history"],
  [/activit|task|engagement|calls?\b|emails?\b|meeting/i, "activities"],
  [/lead|contact|prospect/i, "leads"],
];

const has = (header: Set<string>, ref: ColumnRef | null | undefined): boolean =>
  ref?.names.some((n) => header.has(n.toLowerCase())) === true;

/** The CSV roles whose identifying columns (per `mapping`) the header has, most specific first. */
function rolesByHeader(header: Set<string>, mapping: Mapping): DataRole[] {
  const out: DataRole[] = [];
  const h = mapping.history;
  if (h && has(header, h.field) && has(header, h.value) && has(header, h.lead)) out.push("history");
  const a = mapping.activities;
  if (a && has(header, a.at) && has(header, a.lead) && (a.type === null || has(header, a.type))) out.push("activities");
  if (has(header, mapping.leads.id) && has(header, mapping.leads.created)) out.push("leads");
  return out;
}

/** The header row's cells, lower-cased (empty for text that is not a CSV header). */
export function headerCells(head: string): Set<string> {
  const line = head.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  if (line.trimStart().startsWith("{")) return new Set();
  try {
    const rows = parseCsvText(line, detectDelimiter(line));
    return new Set((rows[0]?.cells ?? []).map((c) => c.trim().toLowerCase()));
  } catch {
    return new Set(); // not a CSV header (an unterminated quote): no column-based guess
  }
}

/**
 * The guess for one file: JSON lines are events; a CSV header that has a
 * preset's history, activities or leads columns says which (and which
 * preset); else the file name's words (history, activities, leads).
 */
export function guessRole(name: string, head: string, presets: Readonly<Record<PresetName, Mapping>>): RoleGuess {
  const first = head.replace(/^\uFEFF/, "").trimStart();
  if (first.startsWith("{") || /\.(jsonl|ndjson)(\.gz)?$/i.test(name))
    return { role: "events", preset: null, because: first.startsWith("{") ? "JSON lines" : "file name" };
  const header = headerCells(head);
  const byName = NAME_HINTS.find(([re]) => re.test(name))?.[1];
  for (const preset of PRESET_NAMES) {
    const roles = rolesByHeader(header, presets[preset]);
    if (roles.length === 0) continue;
    // the name breaks a tie between roles the header fits (a history export also has a lead id)
    const role = byName !== undefined && roles.includes(byName) ? byName : roles[0];
    return { role, preset, because: `${preset === "salesforce" ? "Salesforce" : "HubSpot"} columns` };
  }
  if (byName !== undefined && byName !== "events") return { role: byName, preset: null, because: "file name" };
  return { role: "leads", preset: null, because: "default" };
}

/** The preset most files' headers fit, or null. */
export function guessPreset(guesses: readonly RoleGuess[]): PresetName | null {
  const votes = new Map<PresetName, number>();
  for (const g of guesses) if (g.preset) votes.set(g.preset, (votes.get(g.preset) ?? 0) + 1);
  let best: PresetName | null = null;
  for (const [p, n] of votes) if (best === null || n > votes.get(best)!) best = p;
  return best;
}
