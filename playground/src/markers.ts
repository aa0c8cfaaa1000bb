// Compiler diagnostics -> Monaco marker data, and quick fixes from their
// structured fixes (never parsed back out of the help text).
// Pure (no Monaco import) so it runs under vitest in Node too; the numbers
// below are monaco.MarkerSeverity's values.
import { CODES, type Diagnostic, LineIndex } from "../../language/diagnostics.ts";

export const MARKER_OWNER = "sla";
export const MarkerSeverity = { Warning: 4, Error: 8 } as const;

/** The shape of monaco.editor.IMarkerData that we fill in. */
export interface MarkerData {
  severity: number;
  message: string;
  code: string;
  source: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/** Positions are 1-based lines and UTF-16 columns, as in both LineIndex and Monaco. */
export function toMarkers(text: string, diagnostics: readonly Diagnostic[]): MarkerData[] {
  const idx = new LineIndex(text);
  return diagnostics.map((d) => {
    const start = clamp(d.range.start, 0, text.length);
    let end = clamp(d.range.end, start, text.length);
    // An empty span (e.g. "expected '}'" at the end of the file) still needs a visible squiggle.
    if (end === start && start < text.length && text[start] !== "\n" && text[start] !== "\r") end = start + 1;
    const s = idx.position(start);
    const e = idx.position(end);
    return {
      severity: d.severity === "error" ? MarkerSeverity.Error : MarkerSeverity.Warning,
      message: markerMessage(d),
      code: d.code,
      source: MARKER_OWNER,
      startLineNumber: s.line,
      startColumn: s.col,
      endLineNumber: e.line,
      endColumn: e.col,
    };
  });
}

export function markerMessage(d: Diagnostic): string {
  return d.help ? `${d.message}\nhelp: ${d.help}` : d.message;
}

/** The code's one-line title, e.g. SLA302 -> "unknown enum value". */
export function codeTitle(code: string): string {
  return (CODES as Record<string, { title: string }>)[code]?.title ?? "";
}

export function countDiagnostics(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) d.severity === "error" ? errors++ : warnings++;
  return { errors, warnings };
}

/** A Monaco range: 1-based lines and UTF-16 columns, end exclusive. */
export interface MonacoRange {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/** A diagnostic's fix as Monaco text edits (the structured fixes the checker attaches). */
export interface QuickFix {
  title: string;
  /** the one fix `sla check --fix` would apply (the diagnostic offers no other) */
  preferred: boolean;
  edits: { range: MonacoRange; text: string }[];
}

/** Every fix a diagnostic offers, with its edits' offsets turned into Monaco ranges. */
export function quickFixes(text: string, d: Diagnostic, index: LineIndex = new LineIndex(text)): QuickFix[] {
  const fixes = d.fixes ?? [];
  return fixes.map((f) => ({
    title: f.title,
    preferred: fixes.length === 1,
    edits: f.edits.map((e) => {
      const s = index.position(clamp(e.range.start, 0, text.length));
      const t = index.position(clamp(e.range.end, 0, text.length));
      return {
        range: { startLineNumber: s.line, startColumn: s.col, endLineNumber: t.line, endColumn: t.col },
        text: e.newText,
      };
    }),
  }));
}

/** The replacement text of a diagnostic's single one-edit fix (`"demo"`, `quarter`), or null. */
export function quickFix(d: Diagnostic): string | null {
  const f = d.fixes?.length === 1 ? d.fixes[0] : null;
  return f && f.edits.length === 1 ? f.edits[0].newText : null;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
