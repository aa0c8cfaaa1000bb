// Properties of the .slatest reader and runner: neither throws on any text
// (every problem is a located diagnostic), and a run is deterministic.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runTestFile } from "../../engine/testing/run.ts";
import { parseTestFile } from "../../engine/testing/syntax.ts";
import { compileSource } from "../../language/compile.ts";

const IR = compileSource(readFileSync("specs/examples/inbound/inbound.sla", "utf8")).ir!;
const TESTS = readFileSync("specs/examples/inbound/inbound.slatest", "utf8");
const LINES = TESTS.split("\n");
const WORDS = [
  ...new Set(TESTS.split(/\s+/).filter(Boolean)),
  "+5m",
  "+0s",
  "1900-01-01",
  "2199-12-31",
  "23:59",
  '"',
  "=",
  "x=",
  ",",
  "#",
  "__proto__",
  "constructor",
  "not",
  "nothing",
  "nobody",
];

/** inbound.slatest with lines dropped, duplicated, swapped, or words replaced. */
const mutated = fc
  .array(
    fc.tuple(
      fc.nat({ max: LINES.length - 1 }),
      fc.constantFrom("drop", "dup", "swap", "word", "cut"),
      fc.nat({ max: 40 }),
      fc.constantFrom(...WORDS),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((edits) => {
    const lines = [...LINES];
    for (const [i, kind, k, w] of edits) {
      const j = Math.min(i, lines.length - 1);
      if (j < 0) break;
      if (kind === "drop") lines.splice(j, 1);
      else if (kind === "dup") lines.splice(j, 0, lines[j]);
      else if (kind === "swap" && j + 1 < lines.length) [lines[j], lines[j + 1]] = [lines[j + 1], lines[j]];
      else if (kind === "cut") lines[j] = lines[j].slice(0, k);
      else {
        const words = lines[j].split(" ");
        words[k % Math.max(1, words.length)] = w;
        lines[j] = words.join(" ");
      }
    }
    return lines.join("\n");
  });

function check(text: string): void {
  const file = parseTestFile(text, IR);
  const nLines = text.split("\n").length;
  for (const d of file.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(nLines);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.endCol).toBeGreaterThan(d.col - 1);
    expect(d.code).toMatch(/^SLT00\d$/);
  }
  if (file.diagnostics.length === 0) {
    const a = runTestFile(IR, file);
    expect(runTestFile(IR, parseTestFile(text, IR))).toEqual(a); // deterministic
  }
}

describe(".slatest reader and runner", () => {
  it("never throw on mutated test files; problems are located; runs are deterministic", () => {
    fc.assert(fc.property(mutated, check), { numRuns: 300 });
  });
  it("never throw on arbitrary text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "grapheme", maxLength: 200 })), check),
      { numRuns: 300 },
    );
  });
});
