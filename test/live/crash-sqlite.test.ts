// Crash test: `sla run` on SQLite, killed with SIGKILL at random points (at
// start-up, while it prints records, between commits) more than 20 times,
// restarted each time on the same state directory with the input replayed
// from the start. The records it printed, de-duplicated by id, must equal an
// uninterrupted run's: none missing, none extra, and a record printed twice
// must be the same record.
import { type ChildProcess, spawn } from "node:child_process";
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import { makeEventDecoder } from "../../engine/ingest/decode.ts";
import { decodeLine } from "../../engine/ingest/jsonl.ts";
import type { LiveRecord } from "../../engine/live/record.ts";
import { SeededRandom } from "../../engine/staffing/random.ts";
import { generateJsonl } from "../../generate/index.ts";
import { compileSource } from "../../language/compile.ts";
import { expectedSet, fromRecords, NOTIFY_URL, unexpectedStderr } from "./live-helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "sla-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// the bundled example, its notify URL pointed at a closed local port (the
// records are what is tested; delivery never reaches the network)
const SPEC_TEXT = readFileSync("specs/examples/inbound/inbound.sla", "utf8").replace(
  "https://hooks.example.com/sla",
  NOTIFY_URL,
);
const SPEC = join(dir, "inbound.sla");
writeFileSync(SPEC, SPEC_TEXT);
const KILLS = 24;
const BATCH = "500";

/** The kill points: the staffing simulation's seeded PRNG (mulberry32), so a failure can be re-run. */
function rng(seed: number): () => number {
  const r = new SeededRandom(seed);
  return () => r.next();
}

type Kill =
  | { kind: "start"; afterMs: number }
  | { kind: "output"; chunk: number }
  | { kind: "after-output"; afterMs: number };

interface RunResult {
  lines: string[];
  code: number | null;
  killed: boolean;
  stderr: string;
}

/** One `sla run` over the whole input; killed as `kill` says (or not at all). */
function runOnce(input: string, state: string, kill: Kill | null): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      ["cli/bin/sla.js", "run", SPEC, "--state", state, "--batch", BATCH],
      {
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let out = "";
    let stderr = "";
    let chunks = 0;
    let killed = false;
    let timer: NodeJS.Timeout | undefined;
    const killNow = () => {
      if (killed) return;
      killed = true;
      child.kill("SIGKILL");
    };
    if (kill?.kind === "start") timer = setTimeout(killNow, kill.afterMs);
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (d: string) => {
      out += d;
      chunks++;
      if (kill?.kind === "output" && chunks >= kill.chunk) killNow(); // while it is printing
      if (kill?.kind === "after-output" && chunks === 1) timer = setTimeout(killNow, kill.afterMs);
    });
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (d: string) => {
      stderr += d;
    });
    child.stdin!.on("error", () => {}); // EPIPE after a kill
    createReadStream(input).pipe(child.stdin!);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      // a line cut by the kill is not a record (its record is printed again after the restart)
      const lines = out.split("\n");
      lines.pop();
      resolve({ lines, code, killed, stderr });
    });
  });
}

describe("sla run on SQLite survives kill -9", () => {
  it(
    `loses no record and invents none over ${KILLS} kills (100,000+ events)`,
    async () => {
      const t0 = Date.now();
      const text = generateJsonl({ seed: 5, leads: 16_000 });
      const input = join(dir, "events.jsonl");
      writeFileSync(input, text);
      const nEvents = text.split("\n").filter(Boolean).length;
      expect(nEvents).toBeGreaterThanOrEqual(100_000);

      // the uninterrupted run
      const ref = await runOnce(input, join(dir, "ref"), null);
      expect(unexpectedStderr(ref.stderr)).toBe("");
      expect(ref.code).toBe(0);
      const reference = new Map<string, string>();
      for (const l of ref.lines) reference.set((JSON.parse(l) as LiveRecord).id, l);
      expect(reference.size).toBe(ref.lines.length); // each record printed once
      expect(reference.size).toBeGreaterThan(1000);
      // ... which is what the replay reports
      const ir = compileSource(SPEC_TEXT).ir!;
      const decode = makeEventDecoder(ir);
      const events = text.split("\n").flatMap((l) => {
        const e = decodeLine(decode, l);
        return e && !("code" in e) ? [e as SlaEvent] : [];
      });
      expect(fromRecords([...reference.values()].map((l) => JSON.parse(l))).sort()).toEqual(expectedSet(ir, events));
      const tRef = Date.now();

      // killed again and again, restarted on the same state with the input from the start
      const random = rng(20261130);
      const state = join(dir, "crashy");
      const seen = new Map<string, string>();
      const kinds = { start: 0, output: 0, "after-output": 0 };
      let kills = 0;
      let printedTwice = 0;
      for (let run = 0; ; run++) {
        let kill: Kill | null = null;
        if (kills < KILLS) {
          const r = random();
          kill =
            r < 0.15
              ? { kind: "start", afterMs: Math.floor(random() * 600) }
              : r < 0.65
                ? { kind: "output", chunk: 1 + Math.floor(random() * 10) }
                : { kind: "after-output", afterMs: Math.floor(random() * 400) };
        }
        const res = await runOnce(input, state, kill);
        for (const l of res.lines) {
          const id = (JSON.parse(l) as LiveRecord).id;
          const before = seen.get(id);
          if (before !== undefined) {
            printedTwice++;
            expect(l).toBe(before); // a record printed again is the same record
          } else seen.set(id, l);
        }
        if (res.killed) {
          kills++;
          kinds[kill!.kind]++;
          continue;
        }
        expect(unexpectedStderr(res.stderr)).toBe("");
        expect(res.code).toBe(0);
        if (kills >= KILLS) break;
        expect(run).toBeLessThan(200);
      }
      expect(kills).toBeGreaterThanOrEqual(20);
      expect(kinds.output).toBeGreaterThan(0);
      // none missing, none extra, same contents
      expect([...seen.keys()].sort()).toEqual([...reference.keys()].sort());
      for (const [id, line] of reference) expect(seen.get(id)).toBe(line);
      console.log(
        `crash test: ${nEvents} events, ${reference.size} records; reference run ${((tRef - t0) / 1000).toFixed(1)} s; ` +
          `${kills} kills (${JSON.stringify(kinds)}), ${printedTwice} records printed again; ` +
          `total ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    },
    15 * 60_000,
  );
});
