// Hostile specs for `sla check` (issue 7, part 5): inputs built to make the
// checker do super-linear work. Each runs `compileSource` (parse + check +
// compile) once in a child process with a time limit and reports its time,
// its peak memory and what the checker said.
//
//   npx tsx bench/hostile.ts                      every workload (time limit 120 s each)
//   npx tsx bench/hostile.ts --only and-chain-20000,one-of-100000 --timeout 30
//   npm run bench -- --only hostile               the same, as a workload of bench/run.ts
//
// `sla check` (parse + check + compile, one cold run) on 2 shared, busy cores:
//
//   workload             before (main at 59d312f)      after
//   same-condition-400   20.2 s                        1.3 s
//   identical-20000      43.8 s                        2.3 s
//   and-chain-20000      26.7 s                        0.8 s
//   misspelled-10000     > 90 s (killed)               2.3 s
//   one-of-100000        35.4 s                        0.6 s
//   define-chain-800     rejected: SLA005 at 1:1       0.4 s, accepted
//   stray-100000         > 90 s (killed)               0.9 s (parser's fix: linear line index)
//   generated-8mb        16.7 s, 1,179 MB peak RSS     7.3 s, 955 MB (most of it the parser's)
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BenchResult, type Ctx, newResult } from "./report.ts";
import { fmtMs, runChild } from "./timing.ts";
import { generateSpec, ROOT } from "./workloads.ts";

export interface HostileWorkload {
  name: string;
  /** what the spec is, in a few words */
  what: string;
  make(): string;
  /** the time the bench target allows (default 5 s); memory: always under 1 GB */
  goalMs?: number;
}

const HEADER = 'sla "Hostile"\n';
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

export const HOSTILE: readonly HostileWorkload[] = [
  {
    name: "same-condition-400",
    what: "400 segments with the same 6-factor condition (64 conjunctions each)",
    make() {
      const fields = "abcdefghijkl".split("");
      const cond = times(6, (k) => `(${fields[2 * k]} > 1 or ${fields[2 * k + 1]} > 1)`).join(" and ");
      return (
        HEADER +
        `fields {\n${fields.map((f) => `  ${f}: number\n`).join("")}}\n` +
        times(400, (i) => `segment s${i} when ${cond}\n`).join("")
      );
    },
  },
  {
    name: "identical-20000",
    what: "20,000 identical segments",
    make: () =>
      HEADER + "fields {\n  score: number\n}\n" + times(20_000, (i) => `segment s${i} when score > 10\n`).join(""),
  },
  {
    name: "and-chain-20000",
    what: "one segment whose condition is a 20,000-atom `and` chain",
    make: () =>
      HEADER +
      "fields {\n  score: number\n}\n" +
      `segment s when ${times(20_000, (i) => `score > ${i}`).join(" and ")}\n` +
      "segment rest otherwise\n",
  },
  {
    name: "misspelled-10000",
    what: "10,000 fields and 10,000 segments each misspelling one (10,000 did-you-means)",
    make: () =>
      HEADER +
      `fields {\n${times(10_000, (i) => `  field_${i}: number\n`).join("")}}\n` +
      times(10_000, (i) => `segment s${i} when feild_${i} > 1\n`).join(""),
  },
  {
    name: "one-of-100000",
    what: "a `one of` field with 100,000 values",
    make: () =>
      HEADER +
      `fields {\n  x: one of ${times(100_000, (i) => `"v${i}"`).join(", ")}\n}\n` +
      'segment s when x = "v99999"\nsegment t when x in ("v1", "v2", "v3")\n',
  },
  {
    name: "define-chain-800",
    what: "800 `define`s, each using the previous, and a segment using the last",
    make: () =>
      HEADER +
      "fields {\n  score: number\n}\n" +
      "define t0 when score > 0\n" +
      times(799, (i) => `define t${i + 1} when t${i} and score > ${i + 1}\n`).join("") +
      "segment deep when t799\nsegment shallow when score > 5\n",
  },
  {
    name: "stray-100000",
    what: "100,000 stray characters (one lexing error each; parser's work)",
    make: () => HEADER + "fields {\n  score: number\n}\n" + "@\n".repeat(100_000),
  },
  {
    name: "generated-8mb",
    what: "a generated, valid 8 MB spec (about 140,000 lines)",
    make: () => generateSpec(140_000, 7),
    goalMs: 20_000,
  },
];

// ---------- child: one workload, one check ----------

interface ChildReport {
  bytes: number;
  ms: number;
  peakRssMb: number;
  errors: number;
  warnings: number;
  codes: string;
}

async function child(name: string): Promise<void> {
  const w = HOSTILE.find((x) => x.name === name);
  if (!w) throw new Error(`unknown workload '${name}'`);
  const text = w.make();
  const { compileSource } = await import("../language/compile.ts");
  const t0 = performance.now();
  const r = compileSource(text);
  const ms = performance.now() - t0;
  const counts = new Map<string, number>();
  for (const d of r.diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  const errors = r.diagnostics.filter((d) => d.severity === "error").length;
  const report: ChildReport = {
    bytes: text.length,
    ms,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    errors,
    warnings: r.diagnostics.length - errors,
    codes: [...counts].map(([c, n]) => `${n}x${c}`).join(" ") || "clean",
  };
  process.stdout.write(JSON.stringify(report) + "\n");
}

// ---------- parent: every workload in its own child ----------

export interface HostileRow {
  name: string;
  what: string;
  result: ChildReport | null;
  failure: string | null;
}

export async function runHostile(opts: {
  only?: string[];
  timeoutMs: number;
  log(m: string): void;
}): Promise<HostileRow[]> {
  const rows: HostileRow[] = [];
  const self = join(ROOT, "bench", "hostile.ts");
  for (const w of HOSTILE) {
    if (opts.only && !opts.only.includes(w.name)) continue;
    opts.log(`hostile: ${w.name}`);
    const r = await runChild(process.execPath, ["--import", "tsx", self, "--child", w.name], {
      timeoutMs: opts.timeoutMs,
      cwd: ROOT,
    });
    const line = r.stdout.split("\n").find((l) => l.startsWith("{"));
    rows.push({
      name: w.name,
      what: w.what,
      result: line ? (JSON.parse(line) as ChildReport) : null,
      failure: line
        ? null
        : r.timedOut
          ? `timed out after ${fmtMs(opts.timeoutMs)}`
          : `exit ${r.code ?? r.signal}: ${r.stderr.trim().split("\n").slice(-3).join(" | ").slice(0, 300)}`,
    });
  }
  return rows;
}

function table(rows: HostileRow[]): string {
  const head = ["workload", "spec", "check", "peak RSS", "diagnostics"];
  const body = rows.map((r) =>
    r.result
      ? [
          r.name,
          `${(r.result.bytes / 1e6).toFixed(2)} MB`,
          fmtMs(r.result.ms),
          `${r.result.peakRssMb.toFixed(0)} MB`,
          r.result.codes,
        ]
      : [r.name, "", "-", "-", r.failure ?? ""],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n") + "\n";
}

/** bench/run.ts workload "hostile". */
export async function run(ctx: Ctx): Promise<BenchResult> {
  const res = newResult("hostile", "7. Hostile specs: sla check on inputs built to be slow");
  const rows = await runHostile({ timeoutMs: ctx.quick ? 30_000 : 120_000, log: ctx.log });
  for (const r of rows) {
    const goalMs = HOSTILE.find((w) => w.name === r.name)?.goalMs ?? 5000;
    res.rows.push(
      r.result
        ? {
            label: `${r.name}: ${r.what}`,
            median: r.result.ms,
            runs: 1,
            value: `${r.result.peakRssMb.toFixed(0)} MB peak RSS; ${r.result.codes}`,
          }
        : { label: `${r.name}: ${r.what}`, value: r.failure ?? "failed" },
    );
    res.targets.push({
      label: `sla check ${r.name}`,
      goal: `< ${goalMs / 1000} s, < 1 GB`,
      measured: r.result ? `${fmtMs(r.result.ms)}, ${r.result.peakRssMb.toFixed(0)} MB` : (r.failure ?? "failed"),
      pass: r.result !== null && r.result.ms < goalMs && r.result.peakRssMb < 1024,
    });
  }
  res.data.rows = rows;
  return res;
}

async function main(argv: string[]): Promise<void> {
  const ci = argv.indexOf("--child");
  if (ci !== -1) return child(argv[ci + 1]);
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i === -1 ? undefined : argv[i + 1];
  };
  const only = value("--only")?.split(",");
  const timeoutMs = Number(value("--timeout") ?? 120) * 1000;
  const rows = await runHostile({ only, timeoutMs, log: (m) => process.stderr.write(m + "\n") });
  process.stdout.write(table(rows));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
