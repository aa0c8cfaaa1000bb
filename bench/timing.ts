// Timing helpers shared by the benchmarks: interleaved A/B(/C) rounds so that
// ratios hold on a noisy machine, medians and minimums, a forced GC between
// runs when we can get one, and bounded child processes.
import { spawn } from "node:child_process";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** One contender's samples (milliseconds) and what its last run returned. */
export interface Samples<R = unknown> {
  name: string;
  ms: number[];
  median: number;
  min: number;
  last: R;
}

export interface Contender<R = unknown> {
  name: string;
  run: () => R | Promise<R>;
}

let gcFn: (() => void) | null | undefined;
/** A full GC, so one contender's garbage is not collected on the next one's clock. */
export function collectGarbage(): void {
  if (gcFn === undefined) {
    gcFn = null;
    try {
      const g = (globalThis as { gc?: () => void }).gc;
      if (typeof g === "function") gcFn = g;
      else {
        setFlagsFromString("--expose-gc");
        gcFn = runInNewContext("gc") as () => void;
      }
    } catch {
      gcFn = null;
    }
  }
  gcFn?.();
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Time one call (ms), after a GC. */
export async function timeOnce<R>(fn: () => R | Promise<R>): Promise<{ ms: number; value: R }> {
  collectGarbage();
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/**
 * Runs the contenders in `rounds` rounds; the order rotates every round
 * (A B C, B C A, C A B, ...) so slow drifts of the machine hit all of them
 * alike. `warmup` rounds run first and are not recorded.
 */
// biome-ignore lint/suspicious/noExplicitAny: contenders of any result type
export async function interleave<const T extends readonly Contender<any>[]>(
  contenders: T,
  rounds: number,
  opts: { warmup?: number; onRun?: (name: string, ms: number) => void } = {},
): Promise<{ [K in keyof T]: Samples<Awaited<ReturnType<T[K]["run"]>>> }> {
  const n = contenders.length;
  for (let w = 0; w < (opts.warmup ?? 0); w++) for (const c of contenders) await c.run();
  const ms: number[][] = contenders.map(() => []);
  const last: unknown[] = contenders.map(() => undefined);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < n; k++) {
      const i = (r + k) % n;
      const { ms: t, value } = await timeOnce(contenders[i].run);
      ms[i].push(t);
      last[i] = value;
      opts.onRun?.(contenders[i].name, t);
    }
  }
  return contenders.map((c, i) => ({
    name: c.name,
    ms: ms[i],
    median: median(ms[i]),
    min: Math.min(...ms[i]),
    last: last[i],
  })) as never;
}

/**
 * Calls `fn` in batches until `minMs` have passed (at least `minBatches`
 * batches); returns per-batch times. For micro-benchmarks (predicates,
 * language re-checks) where one call is far below timer resolution.
 */
export function repeatSync(fn: () => void, opts: { minMs: number; minBatches: number }): number[] {
  const out: number[] = [];
  const t0 = performance.now();
  while (out.length < opts.minBatches || performance.now() - t0 < opts.minMs) {
    const a = performance.now();
    fn();
    out.push(performance.now() - a);
  }
  return out;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** Runs a command with a hard time limit (the child is killed after `timeoutMs`). */
export function runChild(
  cmd: string,
  args: string[],
  opts: { timeoutMs: number; cwd?: string; env?: NodeJS.ProcessEnv },
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    child.stdout.on("data", (b: Buffer) => {
      // keep at most 4 MiB of stdout (a report is small; never buffer a whole replay's output)
      if (outLen < 4 << 20) out.push(b);
      outLen += b.length;
    });
    child.stderr.on("data", (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, opts.timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ms: performance.now() - t0,
        timedOut,
      });
    });
  });
}

// ---- formatting ----

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return "-";
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(1)} µs`;
}

export function fmtRate(perSecond: number, unit: string): string {
  if (!Number.isFinite(perSecond)) return "-";
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M ${unit}/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(0)}k ${unit}/s`;
  return `${perSecond.toFixed(0)} ${unit}/s`;
}

export function fmtBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(2)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(0)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(0)} KiB`;
  return `${n} B`;
}

export function fmtRatio(x: number): string {
  if (!Number.isFinite(x)) return "-";
  return x >= 100 ? `${x.toFixed(0)}x` : x >= 10 ? `${x.toFixed(1)}x` : `${x.toFixed(2)}x`;
}
