// The parser on broken and hostile input:
// - partial statements: every fixture in test/fixtures/partial/ is a file with
//   syntax errors; its golden holds the diagnostics and the partial AST
//   (statements kept with `null` parts where a piece is missing). The goldens
//   were written by the CST parser this one replaced, so error recovery keeps
//   producing exactly the same trees.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";
import { parse } from "../../language/parse.ts";
import { expectGolden } from "../golden.ts";

const PARTIAL = fileURLToPath(new URL("../fixtures/partial/", import.meta.url));

describe("partial statements (error recovery)", () => {
  for (const f of readdirSync(PARTIAL).filter((f) => f.endsWith(".sla"))) {
    it(f, () => {
      const text = readFileSync(PARTIAL + f, "utf8");
      const r = parse(text);
      expectGolden(PARTIAL + f.replace(/\.sla$/, ".json"), JSON.stringify(r, null, 1) + "\n");
    });
  }
});
