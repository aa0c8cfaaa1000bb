// 5. CSV ingest throughput next to JSONL: the same generated quarter as
// JSONL and as Salesforce-style exports (leads + activities CSV, read with
// bench/csv-map.json, which extends the salesforce preset). Ingest alone
// (text -> engine events) interleaved, then each full replay once.
import { readFileSync } from "node:fs";
import { openText } from "../cli/read.ts";
import type { SlaEvent } from "../engine/events.ts";
import { csvActivityEvents, csvLeadEvents, loadMapping, type Mapping, PRESETS } from "../engine/ingest/mapping.ts";
import { JsonlFeed } from "../engine/jsonl-feed.ts";
import { Simulation } from "../engine/simulate.ts";
import type { IR } from "../language/ir.ts";
import { inboundIr, replayJsonl } from "./core.ts";
import { type BenchResult, type Ctx, newResult } from "./report.ts";
import { fmtBytes, fmtRate, fmtRatio, interleave, timeOnce } from "./timing.ts";
import { CSV_MAP, type CsvWorkload, csvWorkload, eventsWorkload } from "./workloads.ts";

const PARAMS = { full: { seed: 42, leads: 32_000, months: 3 }, quick: { seed: 42, leads: 4_000, months: 3 } };

/** JSONL text -> events, counted (JsonlFeed with a Simulation that only counts). */
async function ingestJsonl(ir: IR, file: string): Promise<number> {
  let n = 0;
  const counter = { push: (_e: SlaEvent) => void n++, reject: () => undefined } as unknown as Simulation;
  const feed = new JsonlFeed(ir, counter, file, false);
  for await (const chunk of openText(file)) feed.chunk(chunk);
  feed.end();
  return n;
}

async function* csvEvents(ir: IR, w: CsvWorkload, mapping: Mapping): AsyncGenerator<SlaEvent> {
  const opts = (file: string) => ({ file, mapping, ir, lenient: false, timezone: ir.timezone });
  yield* csvLeadEvents(openText(w.leadsPath), opts(w.leadsPath));
  yield* csvActivityEvents(openText(w.activitiesPath), opts(w.activitiesPath));
}

async function ingestCsv(ir: IR, w: CsvWorkload, mapping: Mapping): Promise<number> {
  let n = 0;
  for await (const _ of csvEvents(ir, w, mapping)) n++;
  return n;
}

/** `sla simulate --leads --activities --map`: CSV exports are sorted in memory (reorder window = Infinity). */
async function replayCsv(ir: IR, w: CsvWorkload, mapping: Mapping) {
  const sim = new Simulation(ir, { reorderWindow: Infinity, lenient: false });
  for await (const ev of csvEvents(ir, w, mapping)) sim.push(ev, "csv", 0);
  return sim.finish();
}

export async function run(ctx: Ctx): Promise<BenchResult> {
  const res = newResult("csv", "5. CSV ingest next to JSONL (same generated quarter)");
  const p = ctx.quick ? PARAMS.quick : PARAMS.full;
  const jsonl = await eventsWorkload(p, ctx.log);
  const csv = await csvWorkload(p, ctx.log);
  const ir = inboundIr();
  const mapping = loadMapping(JSON.parse(readFileSync(CSV_MAP, "utf8")), PRESETS, "bench/csv-map.json");

  ctx.log("csv: ingest only, 3 interleaved rounds");
  const [j, c] = await interleave(
    [
      { name: "jsonl", run: () => ingestJsonl(ir, jsonl.path) },
      { name: "csv", run: () => ingestCsv(ir, csv, mapping) },
    ],
    3,
  );
  const jRate = j.last / (j.median / 1000);
  const cRate = c.last / (c.median / 1000);
  res.rows.push({ label: "JSONL", value: `${jsonl.events} lines, ${fmtBytes(jsonl.bytes)}` });
  res.rows.push({
    label: "CSV (Salesforce-style)",
    value: `${csv.leadRows} lead rows + ${csv.activityRows} activity rows, ${fmtBytes(csv.bytes)}; ${csv.dropped} JSONL events have no CSV form (updates, absences, reassignments)`,
  });
  res.rows.push({
    label: "ingest JSONL -> events",
    median: j.median,
    min: j.min,
    runs: 3,
    value: `${fmtRate(jRate, "events")}, ${(jsonl.bytes / 1e6 / (j.median / 1000)).toFixed(0)} MB/s`,
  });
  res.rows.push({
    label: "ingest CSV -> events",
    median: c.median,
    min: c.min,
    runs: 3,
    value: `${fmtRate(cRate, "events")}, ${(csv.bytes / 1e6 / (c.median / 1000)).toFixed(0)} MB/s; ${c.last} events`,
  });
  res.rows.push({ label: "CSV / JSONL ingest, per event", value: `${fmtRatio(jRate / cRate)} slower` });

  ctx.log("csv: full replays, once each");
  const rj = await timeOnce(() => replayJsonl(ir, jsonl.path));
  const rc = await timeOnce(() => replayCsv(ir, csv, mapping));
  res.rows.push({
    label: "replay from JSONL (streamed)",
    median: rj.ms,
    runs: 1,
    value: fmtRate(rj.value.events / (rj.ms / 1000), "events"),
  });
  res.rows.push({
    label: "replay from CSV (sorted in memory)",
    median: rc.ms,
    runs: 1,
    value: `${fmtRate(rc.value.events / (rc.ms / 1000), "events")}; ${rc.value.events} events, ${rc.value.leads} leads`,
  });
  res.data = {
    jsonl,
    csv,
    ingestJsonlMs: j.ms,
    ingestCsvMs: c.ms,
    jsonlEvents: j.last,
    csvEvents: c.last,
    replayJsonlMs: rj.ms,
    replayCsvMs: rc.ms,
  };
  return res;
}
