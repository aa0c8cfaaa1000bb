// Optional (`npm run bench -- --profile`): a CPU profile of one replay of the
// quarter in a child process (node --cpu-prof), summarised as the top
// self-time functions. Not part of the default run.
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { quarterWorkload } from "./replay.ts";
import { type BenchResult, type Ctx, newResult } from "./report.ts";
import { runChild } from "./timing.ts";
import { childArgs, OUT, ROOT } from "./workloads.ts";

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export function topSelfTime(profile: CpuProfile, n: number): { name: string; ms: number; share: number }[] {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const f = byId.get(id)!.callFrame;
    // tsx-transformed project files report line 0: show the file only
    const where = f.url
      ? ` ${f.url
          .replace(/^file:\/\//, "")
          .replace(ROOT + "/", "")
          .replace(/^.*node_modules\//, "")}${f.lineNumber > 0 ? `:${f.lineNumber + 1}` : ""}`
      : "";
    const key = `${f.functionName || "(anonymous)"}${where}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
}

export async function run(ctx: Ctx): Promise<BenchResult> {
  const res = newResult("profile", "CPU profile of one replay (self time)");
  const w = await quarterWorkload(ctx);
  const dir = join(OUT, "prof");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = await runChild(
    process.execPath,
    ["--cpu-prof", `--cpu-prof-dir=${dir}`, ...childArgs("child-replay"), w.path],
    { timeoutMs: 240_000, cwd: ROOT },
  );
  if (r.code !== 0) throw new Error(`profiled replay failed: ${r.timedOut ? "timed out" : r.stderr.slice(0, 300)}`);
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error("no .cpuprofile written");
  const top = topSelfTime(JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile, 15);
  res.notes.push(
    "JSON.parse and other V8 builtins count as self time of the function that calls them (lineText: JSON.parse)",
  );
  for (const t of top)
    res.rows.push({ label: t.name, value: `${t.ms.toFixed(0)} ms self, ${(t.share * 100).toFixed(1)}%` });
  res.notes.push(`profile: bench/out/prof/${file} (open in Chrome DevTools)`);
  res.data = { top, events: w.events };
  return res;
}
