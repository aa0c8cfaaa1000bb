// Golden files shared by the test suites. A golden that is missing is written
// (and the test passes) only on a developer's machine; under CI (`CI` set) a
// missing golden fails, so a forgotten `git add` cannot pass unnoticed.
// UPDATE_GOLDEN=1 rewrites every golden: review the diff before committing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { expect } from "vitest";

export function expectGolden(path: string, actual: string): void {
  const update = process.env.UPDATE_GOLDEN === "1";
  if (!update && !existsSync(path)) {
    if (process.env.CI)
      throw new Error(`missing golden file ${path} (run the tests locally to write it, then commit it)`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (update) {
    writeFileSync(path, actual);
    return;
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}
