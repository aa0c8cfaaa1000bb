// Output of `sla test`: located problems in a test file (like the language's
// diagnostics: FILE:LINE:COL, code, the line and a caret), failures as
// expected vs got with the expect's FILE:LINE, and the coverage line. User
// text goes through cleanText (../render/escape.ts). Browser-safe.
import { cleanText } from "../render/escape.ts";
import type { Coverage, FileResult } from "./run.ts";
import type { TestDiagnostic } from "./syntax.ts";

/** `FILE:LINE:COL: error SLT001: message`, the line, a caret under the span, and help. */
export function renderTestDiagnostics(file: string, text: string, ds: TestDiagnostic[]): string {
  const lines = text.split("\n");
  let out = "";
  for (const d of ds) {
    const src = (lines[d.line - 1] ?? "").replace(/\r$/, "").replace(/\t/g, " ");
    const before = cleanText(src.slice(0, d.col - 1));
    const width = Math.max(1, cleanText(src.slice(d.col - 1, d.endCol - 1)).length);
    const gutter = " ".repeat(String(d.line).length);
    out += `${cleanText(file)}:${d.line}:${d.col}: error ${d.code}: ${cleanText(d.message)}\n`;
    out += `${gutter} |\n${d.line} | ${cleanText(src)}\n${gutter} | ${" ".repeat(before.length)}${"^".repeat(width)}\n`;
    if (d.help) out += `${gutter} = help: ${cleanText(d.help)}\n`;
  }
  return out;
}

/** Failures of one file, then its summary and coverage line. */
export function renderFileResult(file: string, spec: string, r: FileResult): string {
  const f = cleanText(file);
  let out = "";
  for (const t of r.tests) {
    if (t.passed) continue;
    out += `FAIL ${f}:${t.line}: ${cleanText(JSON.stringify(t.name))}\n`;
    for (const x of t.failures) {
      out += `  ${f}:${x.line}: ${cleanText(x.source)}\n`;
      out += `    expected: ${cleanText(x.expected)}\n`;
      out += `    got:      ${cleanText(x.got)}\n`;
    }
  }
  const failed = r.tests.filter((t) => !t.passed).length;
  out += `${failed ? "✗" : "✓"} ${f} (${cleanText(spec)}): ${r.tests.length} test${r.tests.length === 1 ? "" : "s"}, ${r.tests.length - failed} passed${failed ? `, ${failed} failed` : ""}\n`;
  out += `  ${coverageLine(r.coverage)}\n`;
  return out;
}

/** `coverage: segments 3/3, obligations 4/4, breach actions 3/4, value cells 7/9; not exercised: ...` */
export function coverageLine(c: Coverage): string {
  const part = (name: string, x: { total: number; missed: string[] }) =>
    `${name} ${x.total - x.missed.length}/${x.total}`;
  const missed = [
    ...c.segments.missed.map((n) => `segment ${n}`),
    ...c.obligations.missed.map((n) => `obligation ${n}`),
    ...c.breachActions.missed.map((n) => `breach actions of ${n}`),
    ...c.valueCells.missed.map((n) => `value ${n}`),
  ];
  const head = `coverage: ${part("segments", c.segments)}, ${part("obligations", c.obligations)}, ${part("breach actions", c.breachActions)}, ${part("value cells", c.valueCells)}`;
  return cleanText(missed.length ? `${head}; not exercised: ${missed.join(", ")}` : head);
}
