import { quarterWorkload } from "./replay.ts";
import { type BenchResult, type Ctx, newResult } from "./report.ts";
import { fmtBytes, fmtRate, fmtRatio, runChild } from "./timing.ts";
import { childArgs, eventsWorkload, ROOT } from "./workloads.ts";

export const YEAR = { full: { seed: 42, leads: 640_000, months: 12 }, quick: { seed: 42, leads: 64_000, months: 12 } };

const size = (events: number) => (events >= 1e6 ? `${Math.round(events / 1e6)}M` : `${Math.round(events / 1e3)}k`);

interface ChildReplay {
  maxRssBytes: number;
  ms: number;
  events: number;
  leads: number;
  heapUsedBytes: number;
}

async function measure(arg: string, timeoutMs: number): Promise<ChildReplay> {
  const r = await runChild(process.execPath, [...childArgs("child-replay"), arg], { timeoutMs, cwd: ROOT });
  if (r.timedOut) throw new Error(`child replay of ${arg} timed out after ${timeoutMs / 1000} s`);
  if (r.code !== 0) throw new Error(`child replay of ${arg} failed (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as ChildReplay;
}

export async function run(ctx: Ctx): Promise<BenchResult> {
  const res = newResult("memory", "4. Memory: peak RSS of a replay (child process)");
  const q = await quarterWorkload(ctx);
  const y = await eventsWorkload(ctx.quick ? YEAR.quick : YEAR.full, ctx.log);
  ctx.log("memory: baseline child");
  const base = await measure("--baseline", 60_000);
  ctx.log(`memory: child replay of ${q.events} events`);
  const a = await measure(q.path, ctx.quick ? 60_000 : 150_000);
  ctx.log(`memory: child replay of ${y.events} events`);
  const b = await measure(y.path, ctx.quick ? 120_000 : 240_000);
  const net = (x: ChildReplay) => Math.max(0, x.maxRssBytes - base.maxRssBytes);
  res.rows.push({
    label: "baseline: node + tsx + compiled inbound.sla",
    value: `peak RSS ${fmtBytes(base.maxRssBytes)}`,
  });
  for (const [x, w] of [
    [a, q],
    [b, y],
  ] as const) {
    res.rows.push({
      label: `${(w.events / 1e6).toFixed(2)}M events (${w.months} months, ${w.leads} leads, ${fmtBytes(w.bytes)})`,
      median: x.ms,
      runs: 1,
      value: `peak RSS ${fmtBytes(x.maxRssBytes)} (+${fmtBytes(net(x))} over baseline, ${(net(x) / x.leads).toFixed(0)} B/lead); JS heap at the end ${fmtBytes(x.heapUsedBytes)}; ${fmtRate(x.events / (x.ms / 1000), "events")}`,
    });
  }
  const fileRatio = y.bytes / q.bytes;
  const rssRatio = net(b) / Math.max(1, net(a));
  res.rows.push({
    label: `growth ${size(y.events)} / ${size(q.events)}`,
    value: `file ${fmtRatio(fileRatio)}, peak RSS over baseline ${fmtRatio(rssRatio)}`,
  });
  // "grows with open leads, not file size": same open leads, 4x the file; we allow closed leads a compact residue.
  res.targets.push({
    label: "peak RSS follows open leads, not file size",
    goal: `${size(y.events)}/${size(q.events)} RSS growth <= 2x (file ${fmtRatio(fileRatio)})`,
    measured: `${fmtRatio(rssRatio)}: ${fmtBytes(a.maxRssBytes)} -> ${fmtBytes(b.maxRssBytes)}`,
    pass: rssRatio <= 2,
  });
  res.notes.push(
    `the ${size(y.events)} file spans ${y.months} months at the quarter's daily rate, so the open leads at any time match the quarter's; closed leads (${y.leads} vs ${q.leads}) must stay compact`,
  );
  res.data = { baseline: base, quarter: { workload: q, ...a }, year: { workload: y, ...b }, fileRatio, rssRatio };
  return res;
}
