// 3. Language: `sla check` (parse + check + compile) on a generated
// 10,000-line spec, and the playground's re-check of a 300-line spec after an
// edit. Both run in a child process with a time limit.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BenchResult, type Ctx, newResult } from "./report.ts";
import { fmtMs, median, runChild } from "./timing.ts";
import { childArgs, ensureOut, generateSpec, OUT, ROOT } from "./workloads.ts";

interface ChildOut {
  importMs?: number;
  lines?: number;
  firstMs?: number;
  errors?: number;
  warnings?: number;
  firstError?: string;
  warmupMs?: number;
  runs: number[];
  error?: string;
  timedOut: boolean;
  exit: number | null;
  stderr: string;
}

async function child(
  file: string,
  mode: "check" | "edit",
  runs: number,
  budgetMs: number,
  timeoutMs: number,
): Promise<ChildOut> {
  const r = await runChild(
    process.execPath,
    [...childArgs("child-language"), file, mode, String(runs), String(budgetMs)],
    { timeoutMs, cwd: ROOT },
  );
  const out: ChildOut = { runs: [], timedOut: r.timedOut, exit: r.code, stderr: r.stderr.slice(0, 500) };
  for (const line of r.stdout.split("\n")) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as Record<string, unknown>;
    if (typeof o.runMs === "number") out.runs.push(o.runMs);
    else Object.assign(out, o);
  }
  return out;
}

export async function run(ctx: Ctx): Promise<BenchResult> {
  const res = newResult("language", "3. Language: sla check on 10,000 lines; playground re-check of 300 lines");
  ensureOut();
  const big = join(OUT, "spec-l10000-s1.sla");
  const small = join(OUT, "spec-l300-s2.sla");
  writeFileSync(big, generateSpec(10_000, 1));
  writeFileSync(small, generateSpec(300, 2));

  ctx.log("language: 10,000-line spec (child process)");
  const b = await child(big, "check", 5, ctx.quick ? 10_000 : 20_000, 150_000);
  if (b.error || b.errors)
    throw new Error(`generated 10,000-line spec does not check clean: ${b.error ?? b.firstError}`);
  if (b.firstMs === undefined) {
    res.rows.push({
      label: "sla check, 10,000 lines",
      value: b.timedOut ? "timed out after 150 s (no result)" : `child failed (exit ${b.exit}): ${b.stderr}`,
    });
    res.targets.push({
      label: "sla check 10,000 lines",
      goal: "< 150 ms",
      measured: b.timedOut ? "> 150 s (timed out)" : "failed",
      pass: false,
    });
  } else {
    res.rows.push({ label: "start-up: import the front end (tsx)", median: b.importMs, runs: 1 });
    res.rows.push({
      label: `first check, cold: ${b.lines} lines`,
      median: b.firstMs,
      runs: 1,
      value: `${b.errors} errors, ${b.warnings} warnings`,
    });
    const warm = b.runs.length ? median(b.runs) : NaN;
    if (b.runs.length)
      res.rows.push({
        label: `warm re-check: ${b.lines} lines`,
        median: warm,
        min: Math.min(...b.runs),
        runs: b.runs.length,
        value: `${((b.lines! / warm) * 1000).toFixed(0)} lines/s`,
      });
    else res.notes.push(`no warm runs fitted in the time budget (the first check took ${fmtMs(b.firstMs)})`);
    const figure = b.runs.length ? warm : b.firstMs;
    res.targets.push({
      label: "sla check 10,000 lines (after start-up)",
      goal: "< 150 ms",
      measured: `${fmtMs(figure)} ${b.runs.length ? `warm median of ${b.runs.length}` : "cold, single run"}; cold first ${fmtMs(b.firstMs)}`,
      pass: figure < 150,
    });
    res.data.big = {
      lines: b.lines,
      importMs: b.importMs,
      firstMs: b.firstMs,
      warmupMs: b.warmupMs,
      runsMs: b.runs,
      warnings: b.warnings,
      timedOut: b.timedOut,
    };
  }

  ctx.log("language: 300-line spec, re-check after edits (child process)");
  const s = await child(small, "edit", 50, ctx.quick ? 10_000 : 20_000, 90_000);
  if (s.error) throw new Error(`generated 300-line spec: ${s.error}`);
  if (s.runs.length) {
    const m = median(s.runs);
    res.rows.push({
      label: `re-check after an edit: ${s.lines} lines`,
      median: m,
      min: Math.min(...s.runs),
      runs: s.runs.length,
      value: `first (cold) ${fmtMs(s.firstMs ?? NaN)}`,
    });
    res.targets.push({
      label: "playground re-check, 300 lines",
      goal: "< 10 ms",
      measured: `${fmtMs(m)} median of ${s.runs.length}`,
      pass: m < 10,
    });
    res.data.small = { lines: s.lines, firstMs: s.firstMs, runsMs: s.runs };
  } else {
    res.targets.push({
      label: "playground re-check, 300 lines",
      goal: "< 10 ms",
      measured: s.timedOut ? "timed out" : `failed: ${s.stderr}`,
      pass: false,
    });
  }
  return res;
}
