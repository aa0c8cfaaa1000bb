// Go to definition and find references: the index of names (document.ts)
// knows every mention of a name and which mentions declare it.
import { clampOffset } from "./completion.ts";
import { analyze, occurrenceAt, sameSymbol } from "./document.ts";
import { guarded } from "./guard.ts";
import type { LocationData } from "./types.ts";

/** Where the name at `offset` is declared (a rep in several teams: each). Never throws. */
export function definition(text: string, offset: number): LocationData[] {
  return guarded([], () => {
    const doc = analyze(text);
    const o = occurrenceAt(doc, clampOffset(text, offset));
    if (!o) return [];
    return doc.occurrences
      .filter((x) => x.declaration && sameSymbol(x, o))
      .map((x) => ({ name: x.name, kind: x.kind, range: x.range, declaringNode: x.node }));
  });
}

/** Every mention of the name at `offset`, its declarations included. Never throws. */
export function references(text: string, offset: number): LocationData[] {
  return guarded([], () => {
    const doc = analyze(text);
    const o = occurrenceAt(doc, clampOffset(text, offset));
    if (!o) return [];
    return doc.occurrences.filter((x) => sameSymbol(x, o)).map((x) => ({ name: x.name, kind: x.kind, range: x.range }));
  });
}
