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
  /** Machine-readable fixes: edits that would resolve the problem (for --fix and editors). */
  fixes?: Fix[];
}

/** Replace `range` (offsets into the source) with `newText`; an empty range inserts. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** One way to fix a diagnostic: a title for a menu and the edits that make it. */
export interface Fix {
  title: string;
  edits: TextEdit[];
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
  SLA208: { severity: "error", title: "one spelling names two people" },
  SLA209: { severity: "error", title: "unknown holiday region" },
  // types
  SLA301: { severity: "error", title: "type mismatch" },
  SLA302: { severity: "error", title: "unknown enum value" },
  SLA303: { severity: "error", title: "operator not valid for this type" },
  SLA304: { severity: "error", title: "bare name is not a term or yes/no field" },
  // classification
  SLA401: { severity: "error", title: "statement after `otherwise`" },
  SLA402: { severity: "warning", title: "segment can never match (shadowed by an earlier one)" },
  SLA403: { severity: "error", title: "more than one `otherwise`" },
  SLA404: { severity: "warning", title: "shadowing check skipped: too many conditions to compare" },
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
  // which touches count; holidays
  SLA460: { severity: "error", title: "`by` mixes channels and people" },
  SLA461: { severity: "error", title: "`by` word that looks like a misspelled keyword" },
  SLA462: { severity: "error", title: "`by` on a rule that no touch meets" },
  SLA463: { severity: "error", title: "`closed holidays` needs an `effective` date" },
  SLA464: { severity: "warning", title: "`by` lists the same thing twice" },
  SLA465: { severity: "warning", title: "channel close to a usual channel name" },
  SLA480: { severity: "warning", title: "a commitment is below what the plan needs" },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type DiagnosticCode = keyof typeof CODES;

export function diag(code: DiagnosticCode, range: Range, message: string, help?: string, fixes?: Fix[]): Diagnostic {
  const d: Diagnostic = { code, severity: CODES[code].severity, message, range };
  if (help !== undefined) d.help = help;
  if (fixes?.length) d.fixes = fixes;
  return d;
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
  fixes?: JsonFix[];
}

/** A fix in JSON: each edit's span as 1-based line/column (end exclusive) and as UTF-16 offsets. */
export interface JsonFix {
  title: string;
  edits: {
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    start: number;
    end: number;
    newText: string;
  }[];
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
    if (d.fixes?.length)
      j.fixes = d.fixes.map((f) => ({
        title: f.title,
        edits: f.edits.map((e) => {
          const a = index.position(e.range.start);
          const b = index.position(e.range.end);
          return {
            line: a.line,
            column: a.col,
            endLine: b.line,
            endColumn: b.col,
            start: e.range.start,
            end: e.range.end,
            newText: e.newText,
          };
        }),
      }));
    return j;
  });
}

/** Closest candidate by edit distance, if close enough to be a plausible typo. */
export function didYouMean(word: string, candidates: Iterable<string>): string | null {
  const w = word.toLowerCase();
  const lower = Array.from(candidates, (c) => [c, c.toLowerCase()] as const);
  // The length difference is a lower bound of the distance. When it already
  // makes every candidate implausible, so is the closest one: the answer is
  // null without measuring anything (a 1 MB word stays cheap).
  if (lower.every(([c, lc]) => !plausible(word, c, Math.abs(w.length - lc.length)))) return null;
  let best: string | null = null;
  let bestDist = Infinity;
  for (const [c, lc] of lower) {
    // a candidate that cannot beat the best so far is not measured
    if (Math.abs(w.length - lc.length) >= bestDist) continue;
    const d = editDistance(w, lc);
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  return best !== null && plausible(word, best, bestDist) ? best : null;
}

function plausible(word: string, best: string, dist: number): boolean {
  return dist <= Math.max(1, Math.floor(Math.max(word.length, best.length) / 3));
}

/**
 * `didYouMean` over a fixed set of candidates, asked many times. Small sets
 * are scanned (exactly `didYouMean`). In large ones (more than SCAN_LIMIT
 * names) N misspellings would cost N x names edit distances, so they are
 * indexed by their deletion neighbourhood (each name with up to two
 * characters deleted, as in SymSpell): a query looks up its own deletions and
 * measures only the names sharing one. That finds every name at most two
 * edits away; in large sets, names farther away or longer than
 * INDEXED_LENGTH are not suggested. Answers are memoized per word, and the
 * edit-distance work of one suggester is capped (WORK_LIMIT character pairs):
 * past it, no more suggestions, so did-you-mean stays linear in the errors.
 */
export class Suggester {
  static readonly SCAN_LIMIT = 300;
  static readonly INDEXED_LENGTH = 40;
  static readonly WORK_LIMIT = 30_000_000;
  private readonly list: string[];
  private readonly lower: string[];
  private index: Map<string, number[]> | null = null;
  private readonly memo = new Map<string, string | null>();
  private work = 0;

  constructor(candidates: Iterable<string>) {
    this.list = [...candidates];
    this.lower = this.list.map((c) => c.toLowerCase());
  }

  suggest(word: string): string | null {
    let r = this.memo.get(word);
    if (r === undefined) {
      r =
        this.work > Suggester.WORK_LIMIT
          ? null
          : this.list.length <= Suggester.SCAN_LIMIT
            ? this.scan(word)
            : this.lookup(word);
      this.memo.set(word, r);
    }
    return r;
  }

  private distance(w: string, i: number, max = Infinity): number {
    const c = this.lower[i];
    this.work += (w.length + 1) * (c.length + 1);
    return editDistance(w, c, max);
  }

  private scan(word: string): string | null {
    const w = word.toLowerCase();
    let best = -1;
    let bestDist = Infinity;
    for (let i = 0; i < this.list.length; i++) {
      const d = this.distance(w, i);
      if (d < bestDist) [best, bestDist] = [i, d];
    }
    return best >= 0 && plausible(word, this.list[best], bestDist) ? this.list[best] : null;
  }

  private lookup(word: string): string | null {
    if (word.length > Suggester.INDEXED_LENGTH + 2) return null;
    const index = (this.index ??= this.build());
    const w = word.toLowerCase();
    // The earliest candidate at the smallest distance, as the scan would pick.
    let best = -1;
    let bestDist = Infinity;
    const seen = new Set<number>();
    for (const key of deletions(w))
      for (const i of index.get(key) ?? []) {
        if (seen.has(i)) continue;
        seen.add(i);
        const d = this.distance(w, i, Math.min(bestDist, 2));
        if (d < bestDist || (d === bestDist && i < best)) [best, bestDist] = [i, d];
      }
    return best >= 0 && bestDist <= 2 && plausible(word, this.list[best], bestDist) ? this.list[best] : null;
  }

  private build(): Map<string, number[]> {
    const index = new Map<string, number[]>();
    this.list.forEach((c, i) => {
      if (c.length > Suggester.INDEXED_LENGTH) return;
      for (const key of deletions(this.lower[i])) {
        const at = index.get(key);
        if (!at) index.set(key, [i]);
        else if (at[at.length - 1] !== i) at.push(i);
      }
    });
    return index;
  }
}

/** The word and every spelling of it with one or two characters deleted. */
function deletions(w: string): Set<string> {
  const out = new Set<string>([w]);
  for (let i = 0; i < w.length; i++) {
    const one = w.slice(0, i) + w.slice(i + 1);
    out.add(one);
    for (let j = i; j < one.length; j++) out.add(one.slice(0, j) + one.slice(j + 1));
  }
  return out;
}

/**
 * Optimal-string-alignment edit distance (a swap of neighbours counts 1), in
 * linear memory. With `max`, any distance above it may be returned as max + 1
 * (the computation stops as soon as every alignment costs more).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  let prevMin = 0;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // A cell builds on the row above (+0 or more) or, for a swap, two rows
    // above (+1): once two rows in a row exceed max, every later one does.
    if (rowMin > max && prevMin > max) return max + 1;
    prevMin = rowMin;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}
