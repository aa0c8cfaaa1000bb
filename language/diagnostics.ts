// Diagnostics: stable codes, positions, and the two renderings (human text
// with a caret under the span, and JSON for CI). The table of codes is the
// single source for the documentation in specs/diagnostics.md.
import type { Range } from "./ast.ts";
import { cleanText } from "./text-safety.ts";

export type Severity = "error" | "warning";

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  range: Range;
  /** A concrete fix, e.g. `did you mean "demo"?` */
  help?: string;
}

export const CODES = {
  // syntax
  SLA001: { severity: "error", title: "unexpected character" },
  SLA002: { severity: "error", title: "syntax error" },
  SLA003: { severity: "error", title: "unterminated string" },
  SLA004: { severity: "error", title: "invalid literal (date, time, number)" },
  SLA005: { severity: "error", title: "nested too deeply" },
  // header
  SLA101: { severity: "error", title: "missing `sla` statement" },
  SLA102: { severity: "error", title: "statement may appear only once" },
  SLA103: { severity: "error", title: "unknown time zone" },
  // names
  SLA201: { severity: "error", title: "unknown name" },
  SLA202: { severity: "error", title: "duplicate name or declaration" },
  SLA203: { severity: "error", title: "name of the wrong kind" },
  SLA204: { severity: "error", title: "definition cycle" },
  SLA205: { severity: "error", title: "unknown calendar" },
  SLA206: { severity: "error", title: "unknown team" },
  SLA207: { severity: "error", title: "unknown field type" },
  // types
  SLA301: { severity: "error", title: "type mismatch" },
  SLA302: { severity: "error", title: "unknown enum value" },
  SLA303: { severity: "error", title: "operator not valid for this type" },
  SLA304: { severity: "error", title: "bare name is not a term or yes/no field" },
  // classification
  SLA401: { severity: "error", title: "statement after `otherwise`" },
  SLA402: { severity: "warning", title: "segment can never match (shadowed by an earlier one)" },
  SLA403: { severity: "error", title: "more than one `otherwise`" },
  // value chart
  SLA411: { severity: "error", title: "value chart does not match personas and actions" },
  SLA412: { severity: "error", title: "value cell must be money" },
  SLA413: { severity: "error", title: "value commitment without a value chart" },
  // obligations
  SLA421: { severity: "error", title: "`warn at` must be between 0% and 100% (exclusive)" },
  SLA422: { severity: "error", title: "`target` must be above 0% and at most 100%" },
  SLA423: { severity: "error", title: "empty or invalid window" },
  SLA424: { severity: "error", title: "business time needs a calendar" },
  SLA425: { severity: "error", title: "clause given twice" },
  SLA426: { severity: "error", title: "invalid touch count" },
  SLA427: { severity: "warning", title: "`escalate to manager` but no team has a manager" },
  SLA428: { severity: "error", title: "unknown time unit" },
  SLA429: { severity: "warning", title: "an expect rule waits for the event that starts it" },
  SLA430: { severity: "error", title: "invalid event type for `expect`" },
  // calendars and teams
  SLA431: { severity: "error", title: "calendar has no open hours" },
  SLA432: { severity: "error", title: "unknown day name" },
  SLA433: { severity: "error", title: "a range ends before it starts" },
  SLA434: { severity: "warning", title: "holiday listed twice" },
  SLA435: { severity: "error", title: "team has no members" },
  SLA436: { severity: "warning", title: "rep listed twice in a team" },
  // commitments and plan
  SLA441: { severity: "error", title: "unknown period (month, quarter, year)" },
  SLA442: { severity: "error", title: "commitment goal must be positive" },
  SLA451: { severity: "error", title: "plan stages do not chain" },
  SLA452: { severity: "error", title: "plan needs a revenue goal with an average deal, or a volume" },
  SLA453: { severity: "error", title: "plan line given twice" },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type DiagnosticCode = keyof typeof CODES;

export function diag(code: DiagnosticCode, range: Range, message: string, help?: string): Diagnostic {
  return help === undefined
    ? { code, severity: CODES[code].severity, message, range }
    : { code, severity: CODES[code].severity, message, range, help };
}

/** Maps offsets to 1-based line and column. */
export class LineIndex {
  private starts: number[] = [0];
  constructor(private text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo] + 1 };
  }
  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line] ?? this.text.length + 1;
    return this.text.slice(start, next - 1).replace(/\r$/, "");
  }
}

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code),
  );
}

/** `FILE:LINE:COL: error CODE: message`, the source line, a caret line, and help. */
export function renderText(file: string, text: string, ds: Diagnostic[], opts: { color?: boolean } = {}): string {
  const index = new LineIndex(text);
  const c = opts.color
    ? {
        red: (s: string) => `\x1b[31;1m${s}\x1b[0m`,
        yellow: (s: string) => `\x1b[33;1m${s}\x1b[0m`,
        bold: (s: string) => `\x1b[1m${s}\x1b[0m`,
        cyan: (s: string) => `\x1b[36m${s}\x1b[0m`,
      }
    : { red: (s: string) => s, yellow: (s: string) => s, bold: (s: string) => s, cyan: (s: string) => s };
  let out = "";
  for (const d of ds) {
    const { line, col } = index.position(d.range.start);
    const full = index.lineText(line);
    const end = index.position(Math.max(d.range.start, d.range.end - 1));
    // Underline to the end of the span, or of the line for multi-line spans.
    let width = end.line === line ? Math.max(1, end.col - col + 1) : Math.max(1, full.length - col + 1);
    // Very long lines: show a window around the caret.
    let src = full;
    let caretCol = col;
    if (full.length > 160) {
      const from = Math.max(0, col - 60);
      src = (from > 0 ? "…" : "") + full.slice(from, from + 120) + (from + 120 < full.length ? "…" : "");
      caretCol = col - from + (from > 0 ? 1 : 0);
      width = Math.min(width, 120);
    }
    // The file name, the message (it quotes the source) and the line are shown
    // through cleanText: an escape sequence or bidi control in a spec is
    // printed as `\x1b`, not run. The caret follows the cleaned text.
    src = src.replace(/\t/g, " ");
    const before = cleanText(src.slice(0, caretCol - 1));
    width = Math.max(1, cleanText(src.slice(caretCol - 1, caretCol - 1 + width)).length);
    const sev = d.severity === "error" ? c.red("error") : c.yellow("warning");
    const gutter = String(line).length;
    out += `${c.bold(`${cleanText(file)}:${line}:${col}:`)} ${sev} ${d.code}: ${cleanText(d.message)}\n`;
    out += `${" ".repeat(gutter)} |\n${line} | ${cleanText(src)}\n${" ".repeat(gutter)} | ${" ".repeat(before.length)}${c.cyan("^".repeat(width))}\n`;
    if (d.help) out += `${" ".repeat(gutter)} = help: ${cleanText(d.help)}\n`;
  }
  return out;
}

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
  help?: string;
}

export function toJson(file: string, text: string, ds: Diagnostic[]): JsonDiagnostic[] {
  const index = new LineIndex(text);
  return ds.map((d) => {
    const s = index.position(d.range.start);
    const e = index.position(d.range.end);
    const j: JsonDiagnostic = {
      file,
      line: s.line,
      column: s.col,
      endLine: e.line,
      endColumn: e.col,
      severity: d.severity,
      code: d.code,
      message: d.message,
    };
    if (d.help) j.help = d.help;
    return j;
  });
}

/** Closest candidate by edit distance, if close enough to be a plausible typo. */
export function didYouMean(word: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDist = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  if (best === null) return null;
  const limit = Math.max(1, Math.floor(Math.max(word.length, best.length) / 3));
  return bestDist <= limit ? best : null;
}

/** Optimal-string-alignment edit distance (a swap of neighbours counts 1), in linear memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}
