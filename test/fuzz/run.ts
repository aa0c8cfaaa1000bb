// The long fuzz run: npm run fuzz -- --runs 1000000 [options]
//
//   --runs N          inputs in total, shared by the targets (default 30000)
//   --target T,...    spec, jsonl, csv (default all three)
//   --seed S          run seed (default 1); input i of a target is fixed by (target, seed, i)
//   --from I          first input index (default 0); --from I --runs 1 re-runs one input
//   --minutes M       stop after M minutes (whatever --runs says)
//   --out DIR         where reproducers go (default fuzz-out/)
//   --no-allowlist    report known-open problems (known-open.ts) as failures too
//
// Prints inputs/s as it goes; for every distinct failure not on the known-open
// list, writes the input (DIR/TARGET-SEED-INDEX.sla|jsonl|csv) and what went
// wrong (.txt, with the stack and the command that reproduces it). Exit 1 if any.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Finding, fuzz, TARGETS, type Target } from "./harness.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "30000" },
    target: { type: "string", default: TARGETS.join(",") },
    seed: { type: "string", default: "1" },
    from: { type: "string", default: "0" },
    minutes: { type: "string" },
    out: { type: "string", default: "fuzz-out" },
    "no-allowlist": { type: "boolean", default: false },
  },
});
const int = (name: string, v: string | undefined): number => {
  const n = Number(v?.replace(/_/g, ""));
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} expects a whole number, got '${v}'`);
    process.exit(2);
  }
  return n;
};
const runs = int("runs", values.runs);
const seed = int("seed", values.seed);
const from = int("from", values.from);
const deadline = values.minutes === undefined ? Infinity : Date.now() + Number(values.minutes) * 60_000;
const targets = values.target.split(",").map((t) => t.trim()) as Target[];
for (const t of targets)
  if (!TARGETS.includes(t)) {
    console.error(`--target: unknown target '${t}' (expected ${TARGETS.join(", ")})`);
    process.exit(2);
  }
const allowlist = !values["no-allowlist"];
const EXT: Record<Target, string> = { spec: "sla", jsonl: "jsonl", csv: "csv" };

interface Tally {
  inputs: number;
  skipped: number;
  ms: number;
  known: Map<string, number>;
  fresh: Map<string, { count: number; first: Finding }>;
}
const tally = new Map<Target, Tally>(
  targets.map((t) => [t, { inputs: 0, skipped: 0, ms: 0, known: new Map(), fresh: new Map() }]),
);

function record(t: Tally, f: Finding): void {
  if (f.known) {
    t.known.set(f.known.id, (t.known.get(f.known.id) ?? 0) + 1);
    return;
  }
  const g = t.fresh.get(f.signature);
  if (g) {
    g.count++;
    if (f.case.input.length < g.first.case.input.length) g.first = f; // keep the smallest reproducer
  } else {
    t.fresh.set(f.signature, { count: 1, first: f });
    const c = f.case;
    console.log(
      `  new: ${f.signature} (input #${c.index}: --target ${c.target} --seed ${c.seed} --from ${c.index} --runs 1)`,
    );
  }
}

const perTarget = Math.ceil(runs / targets.length);
const BATCH = 500;
const started = Date.now();
console.log(`fuzzing ${targets.join(", ")}: ${runs} inputs from #${from}, seed ${seed}`);
for (let done = 0; done < perTarget && Date.now() < deadline; done += BATCH) {
  const n = Math.min(BATCH, perTarget - done);
  for (const target of targets) {
    const t = tally.get(target)!;
    const r = await fuzz({ target, seed, runs: n, from: from + done, allowlist, onFinding: (f) => record(t, f) });
    t.inputs += r.inputs;
    t.skipped += r.skipped;
    t.ms += r.ms;
  }
  const line = targets
    .map((target) => {
      const t = tally.get(target)!;
      return `${target} ${t.inputs} (${Math.round((t.inputs / t.ms) * 1000)}/s, ${t.fresh.size} new)`;
    })
    .join("  ");
  console.log(`[${Math.round((Date.now() - started) / 1000)}s] ${line}`);
}

let failed = 0;
mkdirSync(values.out, { recursive: true });
console.log("\nsummary");
for (const [target, t] of tally) {
  console.log(
    `  ${target}: ${t.inputs} inputs in ${(t.ms / 1000).toFixed(1)} s (${Math.round((t.inputs / t.ms) * 1000)} inputs/s)` +
      `, ${t.skipped} skipped (too slow while a known issue is open), ${t.fresh.size} new problems`,
  );
  for (const [id, count] of t.known) console.log(`    known-open ${id}: ${count}`);
  for (const [sig, g] of t.fresh) {
    failed++;
    const c = g.first.case;
    const base = join(values.out, `${c.target}-${c.seed}-${c.index}`);
    const again = `npm run fuzz -- --target ${c.target} --seed ${c.seed} --from ${c.index} --runs 1`;
    writeFileSync(`${base}.${EXT[c.target]}`, c.input);
    writeFileSync(
      `${base}.txt`,
      `${sig}\n\nseen ${g.count} times; smallest input: ${base}.${EXT[c.target]} (${c.input.length} characters)` +
        `\nmutations: ${c.mutations.join(", ")}${c.kind ? `\ncsv kind: ${c.kind}` : ""}` +
        `${c.chunk ? `\nread in chunks of ${c.chunk} characters` : ""}\nreproduce: ${again}\n\n` +
        `${g.first.failure.message}\n${g.first.failure.stack ?? ""}\n`,
    );
    console.log(`    NEW (${g.count}x) ${sig}\n      ${base}.txt`);
  }
}
process.exit(failed > 0 ? 1 : 0);
