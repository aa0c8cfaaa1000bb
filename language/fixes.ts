// Applying diagnostics' structured fixes to a source text (`sla check --fix`,
// the playground's quick fixes). Browser-safe.
//
// Only unambiguous fixes are applied: a diagnostic that offers exactly one
// fix, whose edits lie inside the text and touch no edit of another applied
// fix. Anything else is left for the user (and still reported).
import type { Diagnostic, Fix, TextEdit } from "./diagnostics.ts";

export interface FixResult {
  text: string;
  /** the fixes applied, in source order */
  applied: { diagnostic: Diagnostic; fix: Fix }[];
  /** diagnostics that offered fixes that were not applied (several fixes, or overlapping edits) */
  skipped: Diagnostic[];
}

/** The text with every unambiguous fix of `diagnostics` applied. */
export function applyFixes(text: string, diagnostics: readonly Diagnostic[]): FixResult {
  const candidates: { diagnostic: Diagnostic; fix: Fix }[] = [];
  const skipped: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (!d.fixes?.length) continue;
    const [fix] = d.fixes;
    if (d.fixes.length === 1 && wellFormed(fix, text.length)) candidates.push({ diagnostic: d, fix });
    else skipped.push(d);
  }
  // Two fixes whose edits touch (overlap, or insert at the same place) are
  // both ambiguous: which should win is the user's call.
  const clash = clashing(candidates.map((c) => c.fix));
  const applied = candidates.filter((_, i) => !clash.has(i));
  for (const i of clash) skipped.push(candidates[i].diagnostic);
  return {
    text: applyEdits(
      text,
      applied.flatMap((c) => c.fix.edits),
    ),
    applied,
    skipped,
  };
}

/** At least one edit; all inside the text; none overlapping another. */
function wellFormed(fix: Fix, length: number): boolean {
  if (fix.edits.length === 0) return false;
  if (!fix.edits.every((e) => 0 <= e.range.start && e.range.start <= e.range.end && e.range.end <= length))
    return false;
  const sorted = [...fix.edits].sort((a, b) => a.range.start - b.range.start);
  return sorted.every((e, i) => i === 0 || e.range.start >= sorted[i - 1].range.end);
}

/** Indexes of the fixes with an edit touching an edit of another fix. */
function clashing(fixes: Fix[]): Set<number> {
  const edits = fixes.flatMap((f, owner) => f.edits.map((edit) => ({ ...edit.range, owner })));
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  const clash = new Set<number>();
  // Sweep: the edits still open (ending after the current start) are the
  // ones an edit can touch; they are few unless fixes nest.
  let open: typeof edits = [];
  for (const e of edits) {
    open = open.filter((o) => o.end > e.start || o.start === e.start);
    for (const o of open)
      if (o.owner !== e.owner) {
        clash.add(o.owner);
        clash.add(e.owner);
      }
    open.push(e);
  }
  return clash;
}

/** Applies non-overlapping edits (offsets into the original text). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  let out = "";
  let at = 0;
  for (const e of sorted) {
    if (e.range.start < at) throw new Error("applyEdits: overlapping edits");
    out += text.slice(at, e.range.start) + e.newText;
    at = e.range.end;
  }
  return out + text.slice(at);
}
