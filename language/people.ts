// People: a rep is written as a name (`jen`) or a string (`"Jen Park"`), with
// aliases for the other spellings the data uses (`jen ("Jen Park",
// "jen@acme.com")`). Owners, touches' `by` and rep.away's `rep` are matched to
// a rep by any of their spellings, ignoring case and spaces around and inside
// (runs of spaces count as one), so "JEN@ACME.COM" and " Jen  Park " are jen.
import type { IR } from "./ir.ts";

/** The form two spellings of one person share. */
export function personKey(spelling: string): string {
  return spelling.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * Spelling (as personKey) -> the rep's name as the spec writes it, for every
 * team member and manager and every alias. A Map: names may be any string.
 */
export function peopleIndex(ir: Pick<IR, "teams" | "people">): Map<string, string> {
  const index = new Map<string, string>();
  for (const t of ir.teams) {
    for (const m of t.members) if (!index.has(personKey(m))) index.set(personKey(m), m);
    if (t.manager !== null && !index.has(personKey(t.manager))) index.set(personKey(t.manager), t.manager);
  }
  for (const p of ir.people ?? []) for (const a of p.aliases) index.set(personKey(a), p.name);
  return index;
}
