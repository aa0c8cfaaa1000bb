// Child process for the language benchmark (run by bench/language.ts with a
// time limit, so a pathological checker cannot hang the whole bench):
//   node --import tsx bench/child-language.ts SPEC.sla MODE RUNS BUDGET_MS
// MODE "check": first (cold) compileSource, one warm-up, then up to RUNS timed runs.
// MODE "edit":  re-check after an edit, as the playground does on every change:
//               20 warm-up edits (an editor session is warm after a few
//               keystrokes), then RUNS timed edits.
// Prints one JSON object per line as it goes (partial results survive a kill).
import { readFileSync } from "node:fs";

const [file, mode, runsArg, budgetArg] = process.argv.slice(2);
const runs = Number(runsArg);
const budget = Number(budgetArg);
const say = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + "\n");

const t0 = performance.now();
const { compileSource } = await import("../language/compile.ts");
say({ importMs: performance.now() - t0 });
const text = readFileSync(file, "utf8");
const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
const start = performance.now();

function timed(src: string): number {
  const a = performance.now();
  const r = compileSource(src);
  const ms = performance.now() - a;
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length || !r.ir) {
    say({ error: `${errors.length} errors, first: ${errors[0]?.message ?? "no IR"}` });
    process.exit(1);
  }
  return ms;
}

if (mode === "check") {
  const r = compileSource(text);
  const firstMs = performance.now() - start;
  const errors = r.diagnostics.filter((d) => d.severity === "error").length;
  say({
    lines,
    firstMs,
    errors,
    warnings: r.diagnostics.length - errors,
    firstError: r.diagnostics.find((d) => d.severity === "error")?.message,
  });
  if (errors) process.exit(1);
  if (performance.now() - start < budget) say({ warmupMs: timed(text) });
  for (let i = 0; i < runs && performance.now() - start < budget; i++) say({ runMs: timed(text) });
} else {
  // an edit per run: the first `target NN%` cycles through values, so no run sees the text of the previous one
  const m = /target (\d+)%/.exec(text);
  if (!m) throw new Error("spec has no target clause to edit");
  const at = m.index;
  const edit = (i: number) => `${text.slice(0, at)}target ${50 + (i % 49)}%${text.slice(at + m[0].length)}`;
  say({ lines, firstMs: timed(text) });
  for (let i = 0; i < 20; i++) timed(edit(i));
  for (let i = 0; i < runs && performance.now() - start < budget; i++) say({ runMs: timed(edit(i + 20)) });
}
