// 1. Replay vs the floor: `sla simulate` on a generated quarter against the
// sketch's inbound.sla, next to merely reading the same JSONL and
// JSON.parse-ing each line. Interleaved rounds; plus the CLI itself once
// (wall clock, minus its start-up measured on an empty file).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SimReport } from "../engine/result.ts";
import { inboundIr, parseFloor, replayJsonl, reportDigest } from "./core.ts";
import { type BenchResult, type Ctx, newResult } from "./report.ts";
import { fmtBytes, fmtMs, fmtRate, fmtRatio, interleave, runChild } from "./timing.ts";
import { type EventsWorkload, eventsWorkload, INBOUND_SPEC, OUT, ROOT } from "./workloads.ts";

export const QUARTER = { full: { seed: 42, leads: 160_000, months: 3 }, quick: { seed: 42, leads: 16_000, months: 3 } };

export async function quarterWorkload(ctx: Ctx): Promise<EventsWorkload> {
  return eventsWorkload(ctx.quick ? QUARTER.quick : QUARTER.full, ctx.log);
}

export interface ReplayShared {
  file: string;
  events: number;
  replay: { median: number; min: number; ms: number[] };
  floor: { median: number; min: number; ms: number[] };
  report: SimReport;
}

export async function run(ctx: Ctx): Promise<BenchResult> {
  const res = newResult("replay", "1. Replay vs the JSON.parse floor (inbound.sla, generated quarter)");
  const w = await quarterWorkload(ctx);
  const ir = inboundIr();
  const rounds = 3;
  ctx.log(`replay: ${rounds} interleaved rounds on ${w.events} events`);
  const [floor, replay] = await interleave(
    [
      { name: "floor", run: () => parseFloor(w.path) },
      { name: "replay", run: () => replayJsonl(ir, w.path) },
    ],
    rounds,
    { onRun: (n, ms) => ctx.log(`  ${n} ${fmtMs(ms)}`) },
  );
  if (floor.last !== w.events) throw new Error(`floor parsed ${floor.last} lines, workload has ${w.events}`);
  const report = replay.last;
  const ratio = replay.median / floor.median;
  const eps = w.events / (replay.median / 1000);
  res.rows.push({
    label: `workload: ${w.leads} leads, ${w.months} months`,
    value: `${w.events} events, ${fmtBytes(w.bytes)}; report: ${report.events} replayed, ${report.leads} leads, ${report.duplicates} duplicates, ${report.breaches.length} breaches`,
  });
  res.rows.push({
    label: "floor: read + JSON.parse each line",
    median: floor.median,
    min: floor.min,
    runs: rounds,
    value: fmtRate(w.events / (floor.median / 1000), "lines"),
  });
  res.rows.push({
    label: "replay in process (JsonlFeed + Simulation)",
    median: replay.median,
    min: replay.min,
    runs: rounds,
    value: fmtRate(eps, "events"),
  });
  res.rows.push({ label: "replay / floor", value: `${fmtRatio(ratio)} (min/min ${fmtRatio(replay.min / floor.min)})` });
  res.targets.push({
    label: "replay within 2x of the JSON.parse floor",
    goal: "<= 2.00x",
    measured: `${fmtRatio(ratio)}, ${fmtRate(eps, "events")}`,
    pass: ratio <= 2,
  });
  res.data = {
    workload: w,
    floorMs: floor.ms,
    replayMs: replay.ms,
    ratio,
    eventsPerSecond: eps,
    reportDigest: JSON.parse(reportDigest(report)),
  };
  ctx.shared.set("replay", { file: w.path, events: w.events, replay, floor, report } satisfies ReplayShared);

  // The CLI end to end, once: node start-up + tsx + spec compile + replay + JSON rendering.
  const empty = join(OUT, "empty.jsonl");
  writeFileSync(empty, "");
  const cli = (events: string) =>
    runChild(
      process.execPath,
      [
        join(ROOT, "cli", "bin", "sla.js"),
        "simulate",
        INBOUND_SPEC,
        "--events",
        events,
        "--format",
        "json",
        "--no-progress",
        "--out",
        join(OUT, "cli-report.json"),
      ],
      {
        timeoutMs: ctx.quick ? 60_000 : 180_000,
        cwd: ROOT,
      },
    );
  ctx.log("replay: the CLI (start-up on an empty file, then the quarter)");
  const startup = await cli(empty);
  const full = await cli(w.path);
  if (full.timedOut || full.code !== 0) {
    res.notes.push(
      `sla simulate (CLI) failed: ${full.timedOut ? "timed out" : `exit ${full.code}`} ${full.stderr.slice(0, 300)}`,
    );
  } else {
    const { readFileSync } = await import("node:fs");
    const cliReport = JSON.parse(readFileSync(join(OUT, "cli-report.json"), "utf8")) as SimReport;
    const same = reportDigest(cliReport) === reportDigest(report);
    const net = full.ms - startup.ms;
    res.rows.push({
      label: "sla simulate (CLI, wall clock, --format json)",
      median: full.ms,
      min: full.ms,
      runs: 1,
      value: fmtRate(w.events / (full.ms / 1000), "events"),
      note: same ? "same report as in process" : "REPORT DIFFERS from in-process replay",
    });
    res.rows.push({
      label: "  of which start-up (same command, empty file)",
      median: startup.ms,
      min: startup.ms,
      runs: 1,
    });
    res.rows.push({ label: "  CLI minus start-up / floor", value: fmtRatio(net / floor.median) });
    res.data.cli = { wallMs: full.ms, startupMs: startup.ms, sameReport: same };
    if (!same) res.notes.push("the CLI's report differs from the in-process replay's");
  }
  return res;
}
