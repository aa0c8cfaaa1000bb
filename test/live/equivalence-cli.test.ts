// The CLI gives the replay's answers: `sla run --clock events` (a child
// process, SQLite state) prints exactly the warnings, breaches and actions
// `sla simulate` reports for generated specs and streams, for several batch sizes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LiveRecord } from "../../engine/live/record.ts";
import { compareEvents } from "../../engine/order.ts";
import { compileSource } from "../../language/compile.ts";
import { leadPlan, specSource, windows } from "../engine/generators.ts";
import { expectedSet, extraEvents, extras, fromRecords, irFor, stream, toJson } from "./live-helpers.ts";

describe("live engine = replay (the CLI)", () => {
  it("sla run --clock events prints exactly what sla simulate reports", () => {
    const dir = mkdtempSync(join(tmpdir(), "sla-live-eq-"));
    try {
      const samples = fc.sample(
        fc.tuple(windows, extras, fc.array(leadPlan, { minLength: 3, maxLength: 8 }), extraEvents),
        { numRuns: 3, seed: 11 },
      );
      samples.forEach(([w, extra, plans, more], n) => {
        const ir = irFor(w, extra);
        const evs = stream(plans, more);
        const slaFile = join(dir, `s${n}.sla`);
        writeFileSync(slaFile, specText(w, extra));
        const jsonl = [...evs]
          .sort(compareEvents)
          .map((e) => JSON.stringify(toJson(e)))
          .join("\n");
        {
          const batch = ["1", "7", "1000"][n];
          const r = spawnSync(
            process.execPath,
            [
              "cli/bin/sla.js",
              "run",
              slaFile,
              "--state",
              join(dir, `state-${n}-${batch}`),
              "--batch",
              batch,
              "--no-deliver", // its specs notify hooks.example.com
            ],
            { input: jsonl, encoding: "utf8" },
          );
          expect(r.stderr).toBe("");
          expect(r.status).toBe(0);
          const records = r.stdout
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l) as LiveRecord);
          expect(fromRecords(records).sort()).toEqual(expectedSet(ir, evs));
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function specText(w: string, extra: string): string {
  // the generator's spec, as text (compiled again by the CLI)
  const ir = irFor(w, extra);
  const text = specSource(w, extra);
  const again = compileSource(text).ir;
  expect(again).toEqual(ir);
  return text;
}
