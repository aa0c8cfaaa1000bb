// The playground's upload path on a 1M-event JSONL file, in Node (the worker's
// code, called as the worker calls it): read + decode + prepare once
// (Session.loadData on a Blob of the file, streamed as the page streams a
// File), then a replay, then the replay after an edit of a window (the
// prepared form is reused). Next to it, `sla simulate`'s path on the same file
// (readInputs into a Simulation), and the reports must agree.
//   npx tsx bench/playground-upload.ts [--leads 160000] [--events FILE.jsonl]
// The file is generated (generate/index.ts, seed 42) into a temp dir, never
// into git, unless --events names one. Prints a table; nothing is asserted.
import { createWriteStream, openAsBlob, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { openText } from "../cli/read.ts";
import { readInputs } from "../engine/ingest/inputs.ts";
import { Simulation } from "../engine/simulate.ts";
import { generateJsonlChunks } from "../generate/index.ts";
import { compileSource } from "../language/compile.ts";
import { Session } from "../playground/src/worker/session.ts";

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const LEADS = Number(arg("leads") ?? 160_000);
const SPEC = new URL("../specs/examples/inbound/inbound.sla", import.meta.url);

const ms = (t0: number) => performance.now() - t0;
const heapMb = () => Math.round(process.memoryUsage().heapUsed / 1e6);
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function main(): Promise<void> {
  let dir: string | null = null;
  let path = arg("events");
  if (!path) {
    dir = await mkdtemp(join(tmpdir(), "slacode-upload-"));
    path = join(dir, "events.jsonl");
    const t0 = performance.now();
    const out = createWriteStream(path);
    for (const chunk of generateJsonlChunks({ seed: 42, leads: LEADS, start: "2027-01-01", months: 3 }, 1 << 20))
      if (!out.write(chunk)) await new Promise<void>((ok) => out.once("drain", () => ok()));
    await new Promise<void>((ok) => out.end(() => ok()));
    console.log(`generated ${path}: ${LEADS} leads in ${Math.round(ms(t0))} ms`);
  }
  try {
    const bytes = statSync(path).size;
    const text = readFileSync(SPEC, "utf8");
    const ir = compileSource(text).ir!;
    console.log(`file: ${(bytes / 1e6).toFixed(0)} MB`);

    // the playground's path
    gc();
    const heap0 = heapMb();
    const s = new Session();
    s.check(text, 1);
    const blob = await openAsBlob(path);
    const file = Object.assign(blob, { name: basename(path) }) as unknown as File;
    let t0 = performance.now();
    const loaded = await s.loadData([{ role: "events", file }], null);
    const loadMs = ms(t0);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const up = loaded.data.upload!;
    gc();
    const heapLoaded = heapMb();
    t0 = performance.now();
    const first = await s.simulate(1);
    const firstMs = ms(t0);
    if (first.status !== "done") throw new Error(JSON.stringify(first));
    s.check(text.replace("within 5m", "within 10m"), 2);
    t0 = performance.now();
    const edited = await s.simulate(2);
    const editMs = ms(t0);
    if (edited.status !== "done" || edited.prepared) throw new Error("the edit re-prepared");

    // sla simulate's path on the same file (full sort, as the page prepares)
    t0 = performance.now();
    const sim = new Simulation(ir, { lenient: true });
    await readInputs(ir, [{ kind: "jsonl", file: file.name, chunks: openText(path) }], sim, { lenient: true });
    const cli = sim.finish();
    const cliMs = ms(t0);
    const same = isDeepStrictEqual(JSON.parse(JSON.stringify(cli)), JSON.parse(JSON.stringify(first.report)));

    const row = (label: string, v: string) => console.log(`${label.padEnd(44)} ${v}`);
    console.log();
    row("events (leads)", `${up.events.toLocaleString("en-US")} (${up.leads.toLocaleString("en-US")} leads)`);
    row(
      "playground: read + decode + prepare (once)",
      `${Math.round(loadMs)} ms (${Math.round(bytes / 1e6 / (loadMs / 1000))} MB/s)`,
    );
    row("playground: first replay", `${Math.round(first.replayMs)} ms (simulate call ${Math.round(firstMs)} ms)`);
    row(
      "playground: replay after an edit",
      `${Math.round(edited.replayMs)} ms (simulate call ${Math.round(editMs)} ms)`,
    );
    row("heap held by the loaded upload", `${heapLoaded - heap0} MB (run with --expose-gc for a settled figure)`);
    row("sla simulate's path (read + replay)", `${Math.round(cliMs)} ms`);
    row("same report as sla simulate's path", same ? "yes" : "NO");
    if (!same) process.exitCode = 1;
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

await main();
