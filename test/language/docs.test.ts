// specs/diagnostics.md is generated from the checker's real output; it must
// not drift from the code.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("specs/diagnostics.md", () => {
  it("is up to date (regenerate: npx tsx specs/tools/gen-diagnostics.ts > specs/diagnostics.md)", () => {
    const fresh = execFileSync(process.execPath, ["--import", "tsx", "specs/tools/gen-diagnostics.ts"], {
      encoding: "utf8",
    });
    expect(fresh).toBe(readFileSync("specs/diagnostics.md", "utf8"));
  });
});
