// One fuzzing loop for every target, used by the CI-sized test (fuzz.test.ts)
// and the long run (run.ts). Input `index` of a run with seed `seed` is a pure
// function of (target, seed, index), so every failure can be rebuilt.
import { type CsvKind, checkCsv, checkJsonl, mutateCsv, mutateJsonl } from "./event-fuzz.ts";
import { KNOWN_OPEN, type KnownOpen, tooSlowToRun } from "./known-open.ts";
import { inputRng } from "./mutate.ts";
import { checkSpec, type Failure, mutateSpec, specCorpus } from "./spec-fuzz.ts";

export const TARGETS = ["spec", "jsonl", "csv"] as const;
export type Target = (typeof TARGETS)[number];

export interface Case {
  target: Target;
  seed: number;
  index: number;
  input: string;
  mutations: string[];
  /** csv: which export */
  kind?: CsvKind;
  /** jsonl: the size of the chunks the text is read in */
  chunk?: number;
}

let corpus: ReturnType<typeof specCorpus> | undefined;

/** Input number `index` of target `target` in a run seeded `seed`, and what checks it. */
function build(target: Target, seed: number, index: number): { c: Case; check: () => Promise<Failure[]> | Failure[] } {
  const rng = inputRng(seed * 3 + TARGETS.indexOf(target), index);
  if (target === "spec") {
    corpus ??= specCorpus();
    const { text, mutations } = mutateSpec(corpus, rng);
    return { c: { target, seed, index, input: text, mutations }, check: () => checkSpec(text) };
  }
  if (target === "jsonl") {
    const { text, mutations, chunk } = mutateJsonl(rng);
    return { c: { target, seed, index, input: text, mutations, chunk }, check: () => checkJsonl(text, chunk) };
  }
  const { kind, text, mutations } = mutateCsv(rng);
  return { c: { target, seed, index, input: text, mutations, kind }, check: () => checkCsv(kind, text) };
}

export function makeCase(target: Target, seed: number, index: number): Case {
  return build(target, seed, index).c;
}

export interface Finding {
  case: Case;
  failure: Failure;
  /** Distinct-problem key: stage, message without its numbers and quotes, first stack frame. */
  signature: string;
  /** the allowlist entry that covers it (a known-open issue), if any */
  known?: KnownOpen;
}

/** Groups failures that are the same bug: numbers, quoted text and line:col removed. */
export function signature(f: Failure): string {
  const frame = (f.stack ?? "")
    .split("\n")
    .find((l) => /^\s+at /.test(l) && !l.includes("node_modules") && !l.includes("(node:"));
  const where = frame
    ? frame
        .trim()
        .replace(/:\d+:\d+\)?$/, "")
        .replace(/^at /, "")
    : "";
  const message = f.message
    .replace(/"[^"]*"|'[^']*'/g, "S")
    .replace(/-?\d+(\.\d+)?/g, "N")
    .slice(0, 160);
  return `${f.stage} | ${message}${where ? ` | ${where}` : ""}`;
}

export interface RunResult {
  target: Target;
  inputs: number;
  /** inputs not run because a known-open issue makes them take too long */
  skipped: number;
  ms: number;
  findings: Finding[];
  /** the slowest inputs (index, ms), slowest first */
  slowest: [number, number][];
}

/** Runs inputs [from, from + runs) of one target. `allowlist` false: report known issues as new. */
export async function fuzz(opts: {
  target: Target;
  seed: number;
  runs: number;
  from?: number;
  allowlist?: boolean;
  onFinding?: (f: Finding) => void;
}): Promise<RunResult> {
  const { target, seed, runs } = opts;
  const from = opts.from ?? 0;
  const useAllowlist = opts.allowlist ?? true;
  const findings: Finding[] = [];
  let skipped = 0;
  const slowest: [number, number][] = [];
  const t0 = performance.now();
  for (let index = from; index < from + runs; index++) {
    let built: ReturnType<typeof build>;
    try {
      built = build(target, seed, index);
    } catch (e) {
      // a bug in a mutator: reported like any failure, the run goes on
      const c: Case = { target, seed, index, input: "", mutations: [] };
      const failure = {
        stage: "harness (mutation)",
        message: String(e),
        stack: e instanceof Error ? e.stack : undefined,
      };
      findings.push({ case: c, failure, signature: signature(failure) });
      opts.onFinding?.(findings[findings.length - 1]);
      continue;
    }
    const { c, check } = built;
    if (useAllowlist && tooSlowToRun(c)) {
      skipped++;
      continue;
    }
    let failures: Failure[];
    const t = performance.now();
    try {
      failures = await check();
    } catch (e) {
      failures = [{ stage: "harness", message: String(e), stack: e instanceof Error ? e.stack : undefined }];
    }
    const ms = performance.now() - t;
    if (slowest.length < 5 || ms > slowest[slowest.length - 1][1]) {
      slowest.push([index, ms]);
      slowest.sort((a, b) => b[1] - a[1]);
      slowest.length = Math.min(slowest.length, 5);
    }
    for (const failure of failures) {
      const known = useAllowlist ? KNOWN_OPEN.find((k) => k.target === target && k.matches(failure, c)) : undefined;
      const f: Finding = { case: c, failure, signature: signature(failure), known };
      findings.push(f);
      opts.onFinding?.(f);
    }
  }
  return { target, inputs: runs - skipped, skipped, ms: performance.now() - t0, findings, slowest };
}
