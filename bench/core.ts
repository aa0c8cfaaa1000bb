// The code paths the benchmarks time, kept identical to what `sla simulate`
// runs: cli/read.ts's openText (1 MiB utf8 chunks), JsonlFeed and Simulation
// with the CLI's reorder window, falling back to a full sort like the CLI.
import { readFileSync } from "node:fs";
import { openText } from "../cli/read.ts";
import { JsonlFeed } from "../engine/jsonl-feed.ts";
import { IngestError } from "../engine/problems.ts";
import type { SimReport } from "../engine/result.ts";
import { Simulation } from "../engine/simulate.ts";
import { compileSource } from "../language/compile.ts";
import type { IR } from "../language/ir.ts";
import { INBOUND_SPEC } from "./workloads.ts";

/** cli/commands/simulate.ts's STREAM_REORDER_WINDOW (not exported there). */
export const CLI_REORDER_WINDOW = 3_600_000;

export function compileSpecFile(path: string): IR {
  const r = compileSource(readFileSync(path, "utf8"));
  if (!r.ir) throw new Error(`${path}: does not compile: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return r.ir;
}

let inbound: IR | undefined;
export function inboundIr(): IR {
  inbound ??= compileSpecFile(INBOUND_SPEC);
  return inbound;
}

async function replayOnce(ir: IR, file: string, reorderWindow: number): Promise<SimReport> {
  const sim = new Simulation(ir, { reorderWindow, lenient: false });
  const feed = new JsonlFeed(ir, sim, file, false);
  for await (const chunk of openText(file)) feed.chunk(chunk);
  feed.end();
  return sim.finish();
}

/** `sla simulate SPEC --events FILE`, in process, up to the report (no rendering). */
export async function replayJsonl(ir: IR, file: string): Promise<SimReport> {
  try {
    return await replayOnce(ir, file, CLI_REORDER_WINDOW);
  } catch (e) {
    if (!(e instanceof IngestError && e.code === "EV202")) throw e;
    return replayOnce(ir, file, Infinity);
  }
}

/** The floor: read the same file the same way and JSON.parse every line; nothing else. */
export async function parseFloor(file: string): Promise<number> {
  let rest = "";
  let n = 0;
  for await (const chunk of openText(file)) {
    const s = rest.length ? rest + chunk : chunk;
    let i = 0;
    for (let j = s.indexOf("\n"); j !== -1; j = s.indexOf("\n", i)) {
      if (j > i) {
        JSON.parse(s.slice(i, j));
        n++;
      }
      i = j + 1;
    }
    rest = i < s.length ? s.slice(i) : "";
  }
  if (rest.trim()) {
    JSON.parse(rest);
    n++;
  }
  return n;
}

/** A report with the fields that legitimately differ between two ways of reading the same events removed. */
export function comparableReport(r: SimReport): unknown {
  return JSON.parse(JSON.stringify({ ...r, rejected: { count: r.rejected.count } }));
}

/** A small fingerprint of a report: enough to tell two replays of the same events apart. */
export function reportDigest(r: SimReport): string {
  return JSON.stringify({
    events: r.events,
    leads: r.leads,
    duplicates: r.duplicates,
    from: r.from,
    to: r.to,
    breaches: r.breaches.length,
    warnings: r.warnings.length,
    obligations: r.obligations.map((o) => [o.name, o.inScope, o.met, o.breached, o.pending]),
    commitments: r.commitments.map((c) => c.periods.map((p) => p.actual)),
  });
}
