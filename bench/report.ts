// What a benchmark module returns, and the stdout table / markdown rendering.

import { existsSync, readFileSync } from "node:fs";
import { arch, cpus, platform, release, totalmem } from "node:os";
import { join } from "node:path";
import { fmtMs } from "./timing.ts";
import { ROOT } from "./workloads.ts";

/** One measured figure. Times in ms; `median`/`min` over the runs. */
export interface Row {
  label: string;
  median?: number;
  min?: number;
  runs?: number;
  /** a throughput or other figure, already formatted */
  value?: string;
  note?: string;
}

/** A target of the issue, with the measured figure and the verdict (null: could not be measured). */
export interface Target {
  label: string;
  goal: string;
  measured: string;
  pass: boolean | null;
}

export interface BenchResult {
  name: string;
  title: string;
  status: "ok" | "not available" | "failed" | "skipped";
  rows: Row[];
  targets: Target[];
  notes: string[];
  /** raw numbers for results.json */
  data: Record<string, unknown>;
  seconds: number;
}

export interface Ctx {
  quick: boolean;
  /** measurements other modules may reuse (same run, same machine state) */
  shared: Map<string, unknown>;
  log(msg: string): void;
}

export function newResult(name: string, title: string): BenchResult {
  return { name, title, status: "ok", rows: [], targets: [], notes: [], data: {}, seconds: 0 };
}

export function machineInfo(): Record<string, unknown> {
  const c = cpus();
  let commit: string | null = null;
  try {
    // read, not run, git: the commit the working tree is on (uncommitted changes are not reflected)
    const head = readFileSync(join(ROOT, ".git", "HEAD"), "utf8").trim();
    if (head.startsWith("ref: ")) {
      const ref = join(ROOT, ".git", head.slice(5));
      if (existsSync(ref)) commit = readFileSync(ref, "utf8").trim();
      else {
        const packed = join(ROOT, ".git", "packed-refs");
        if (existsSync(packed))
          commit =
            readFileSync(packed, "utf8")
              .split("\n")
              .find((l) => l.endsWith(` ${head.slice(5)}`))
              ?.split(" ")[0] ?? null;
      }
    } else commit = head;
  } catch {
    commit = null;
  }
  return {
    date: new Date().toISOString(),
    cpu: c[0]?.model ?? "unknown",
    cpuMHz: c[0]?.speed ?? null,
    cores: c.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
    commit,
  };
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const padL = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);

function verdict(p: boolean | null): string {
  return p === null ? "n/a" : p ? "PASS" : "MISS";
}

export function renderTable(results: BenchResult[], machine: Record<string, unknown>, totalSeconds: number): string {
  const lines: string[] = [];
  lines.push(`slacode bench — ${machine.date} — ${machine.cpu} x${machine.cores}, node ${machine.node}`);
  for (const r of results) {
    lines.push("");
    lines.push(`== ${r.title} [${r.status}, ${r.seconds.toFixed(1)} s]`);
    if (r.rows.length) {
      const w = Math.max(...r.rows.map((x) => x.label.length), 10);
      lines.push(`  ${pad("", w)}  ${padL("median", 9)}  ${padL("min", 9)}  figure`);
      for (const x of r.rows) {
        const med = x.median === undefined ? "" : fmtMs(x.median);
        const min = x.min === undefined ? "" : fmtMs(x.min);
        lines.push(
          `  ${pad(x.label, w)}  ${padL(med, 9)}  ${padL(min, 9)}  ${x.value ?? ""}${x.note ? `  (${x.note})` : ""}`,
        );
      }
    }
    for (const n of r.notes) lines.push(`  note: ${n}`);
  }
  const targets = results.flatMap((r) => r.targets.map((t) => ({ ...t, bench: r.name })));
  if (targets.length) {
    lines.push("");
    lines.push("== Targets");
    const w = Math.max(...targets.map((t) => t.label.length));
    const g = Math.max(...targets.map((t) => t.goal.length));
    for (const t of targets)
      lines.push(`  ${verdict(t.pass).padEnd(4)}  ${pad(t.label, w)}  ${pad(t.goal, g)}  ${t.measured}`);
  }
  lines.push("");
  lines.push(`total ${totalSeconds.toFixed(0)} s`);
  return lines.join("\n") + "\n";
}

const esc = (s: string) => s.replace(/\|/g, "\\|");

export function renderMarkdown(
  results: BenchResult[],
  machine: Record<string, unknown>,
  totalSeconds: number,
  quick: boolean,
): string {
  const out: string[] = [];
  out.push(`### Benchmarks${quick ? " (quick run: small workloads, not the README figures)" : ""}`);
  out.push("");
  out.push(
    `Measured ${String(machine.date).slice(0, 10)} on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), Node ${machine.node}, ${machine.platform}` +
      `${machine.commit ? `, commit ${String(machine.commit).slice(0, 10)}` : ""}; \`npm run bench\` took ${totalSeconds.toFixed(0)} s. ` +
      "Each comparison is measured in the same run, interleaved; times are medians (min in brackets).",
  );
  out.push("");
  const targets = results.flatMap((r) => r.targets);
  if (targets.length) {
    out.push("| target | goal | measured | |");
    out.push("|---|---|---|---|");
    for (const t of targets) out.push(`| ${esc(t.label)} | ${esc(t.goal)} | ${esc(t.measured)} | ${verdict(t.pass)} |`);
    out.push("");
  }
  for (const r of results) {
    out.push(`**${esc(r.title)}**${r.status === "ok" ? "" : ` (${r.status})`}`);
    out.push("");
    if (r.rows.length) {
      out.push("| | median (min) | |");
      out.push("|---|---|---|");
      for (const x of r.rows) {
        const t =
          x.median === undefined
            ? ""
            : `${fmtMs(x.median)}${x.min !== undefined && (x.runs ?? 2) > 1 ? ` (${fmtMs(x.min)})` : ""}`;
        out.push(`| ${esc(x.label)} | ${t} | ${esc([x.value, x.note].filter(Boolean).join("; "))} |`);
      }
      out.push("");
    }
    for (const n of r.notes) out.push(`- ${esc(n)}`);
    if (r.notes.length) out.push("");
  }
  return out.join("\n");
}
