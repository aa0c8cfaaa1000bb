// specs/errors.md is generated from engine/problems.ts and the engine's real
// output; it must not drift from the code, and every code must be documented.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EV_CODES } from "../../engine/problems.ts";

describe("specs/errors.md", () => {
  const doc = readFileSync("specs/errors.md", "utf8");
  it("is up to date (regenerate: npx tsx specs/tools/gen-errors.ts > specs/errors.md)", () => {
    const fresh = execFileSync(process.execPath, ["--import", "tsx", "specs/tools/gen-errors.ts"], {
      encoding: "utf8",
    });
    expect(fresh).toBe(doc);
  }, 30_000);
  it("has a section with an example for every code", () => {
    for (const code of Object.keys(EV_CODES)) expect(doc).toContain(`\n## ${code}\n`);
  });
});
