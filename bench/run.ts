// `npm run bench` — slacode's benchmarks, plain Node (no test runner).
//
//   npm run bench                       all benchmarks (about 3-5 minutes on 2 cores;
//                                       the first run also generates ~600 MB of workloads into bench/out/)
//   npm run bench -- --quick            small workloads: a smoke run in well under a minute
//   npm run bench -- --only replay,csv  some of: replay predicates language memory csv duckdb prepared hostile profile
//   npm run bench -- --profile          also a CPU profile of one replay (top self-time functions)
//
// Prints a table, and writes bench/out/results.json (machine, figures, raw
// samples) and bench/out/results.md (a snippet for the README); a --quick or
// --only run writes results-quick*.{json,md} / results-NAME.{json,md} instead.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BenchResult, type Ctx, machineInfo, newResult, renderMarkdown, renderTable } from "./report.ts";
import { ensureOut, OUT } from "./workloads.ts";

type Module = { run(ctx: Ctx): Promise<BenchResult> };
const BENCHES: Record<string, { title: string; load: () => Promise<Module> }> = {
  replay: { title: "1. Replay vs the floor", load: () => import("./replay.ts") },
  predicates: { title: "2. Predicates vs json-rules-engine", load: () => import("./predicates.ts") },
  language: { title: "3. Language", load: () => import("./language.ts") },
  memory: { title: "4. Memory", load: () => import("./memory.ts") },
  csv: { title: "5. CSV ingest", load: () => import("./csv.ts") },
  duckdb: { title: "6a. DuckDB", load: () => import("./duckdb.ts") },
  prepared: { title: "6b. Prepared events", load: () => import("./prepared.ts") },
  hostile: { title: "7. Hostile specs", load: () => import("./hostile.ts") },
  profile: { title: "CPU profile", load: () => import("./profile.ts") },
};
const DEFAULT = ["replay", "predicates", "language", "memory", "csv", "duckdb", "prepared", "hostile"];

const HELP = `usage: npm run bench -- [--quick] [--only NAME,...] [--profile]
benchmarks: ${Object.keys(BENCHES).join(", ")} (profile only on request)
`;

function parse(argv: string[]): { quick: boolean; only: string[]; help: boolean } {
  let quick = false;
  let only = DEFAULT;
  let help = false;
  const extra: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") quick = true;
    else if (a === "--help" || a === "-h") help = true;
    else if (a === "--profile") extra.push("profile");
    else if (a === "--only" || a.startsWith("--only=")) {
      const v = a === "--only" ? argv[++i] : a.slice(7);
      if (!v) throw new Error("--only needs a name");
      only = v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    } else throw new Error(`unknown argument '${a}'\n${HELP}`);
  }
  for (const n of only)
    if (!(n in BENCHES)) throw new Error(`unknown benchmark '${n}' (one of ${Object.keys(BENCHES).join(", ")})`);
  return { quick, only: [...new Set([...only, ...extra])], help };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return 0;
  }
  ensureOut();
  const started = performance.now();
  const elapsed = () => ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  const ctx: Ctx = {
    quick: args.quick,
    shared: new Map(),
    log: (m) => process.stderr.write(`[${elapsed()} s] ${m}\n`),
  };
  const machine = machineInfo();
  const results: BenchResult[] = [];
  for (const name of args.only) {
    const b = BENCHES[name];
    ctx.log(`== ${b.title}`);
    const t0 = performance.now();
    let r: BenchResult;
    try {
      r = await (await b.load()).run(ctx);
    } catch (e) {
      r = newResult(name, b.title);
      r.status = "failed";
      r.notes.push(e instanceof Error ? (e.stack ?? e.message).split("\n").slice(0, 4).join(" | ") : String(e));
      ctx.log(`   failed: ${r.notes[0]}`);
    }
    r.seconds = (performance.now() - t0) / 1000;
    results.push(r);
  }
  const total = (performance.now() - started) / 1000;
  process.stdout.write(renderTable(results, machine, total));
  const json = { machine, quick: args.quick, only: args.only, totalSeconds: total, results };
  // only a full default run writes results.{json,md}; quick or partial runs write beside them
  const partial = args.only.filter((n) => n !== "profile").join(",") !== DEFAULT.join(",");
  const base = `results${args.quick ? "-quick" : ""}${partial ? `-${args.only.join("+")}` : ""}`;
  writeFileSync(join(OUT, `${base}.json`), JSON.stringify(json, null, 2) + "\n");
  writeFileSync(join(OUT, `${base}.md`), renderMarkdown(results, machine, total, args.quick));
  ctx.log(`wrote bench/out/${base}.{json,md}`);
  return results.some((r) => r.status === "failed") ? 1 : 0;
}

process.exitCode = await main();
