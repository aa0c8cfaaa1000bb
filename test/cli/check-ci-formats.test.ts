// `sla check --format sarif|github`: SARIF 2.1.0 for code scanning and
// workflow-command annotations, with the same diagnostics as the text output.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toGithubAnnotations } from "../../language/ci-formats.ts";
import { sla } from "../run-sla.ts";

function spec(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "sla-ci-")), "my spec.sla");
  writeFileSync(path, text);
  return path;
}
const BROKEN = 'sla "x"\nfields {\n  score: number\n}\nsegment a when scor > 5\n';
const SHADOWED =
  'sla "y"\nfields {\n  score: number\n  source: text\n}\nsegment b when score > 5\nsegment c when score > 5 and source = "demo"\n';

describe("sla check for CI", () => {
  it("--format sarif: a SARIF 2.1.0 log with one result per diagnostic, rules for the codes", async () => {
    const path = spec(BROKEN);
    const warned = spec(SHADOWED);
    const text = await sla("check", path, warned);
    const r = await sla("check", "--format", "sarif", path, warned);
    expect(r.code).toBe(text.code);
    const log = JSON.parse(r.out);
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe("slacode");
    const results = run.results;
    expect(results.length).toBe((text.out.match(/^\S.*: (error|warning) SLA\d{3}:/gm) ?? []).length);
    expect(results[0]).toMatchObject({
      ruleId: "SLA201",
      level: "error",
      locations: [{ physicalLocation: { region: { startLine: 5, startColumn: 16 } } }],
    });
    expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/my%20spec\.sla$/);
    for (const x of results) expect(run.tool.driver.rules[x.ruleIndex].id).toBe(x.ruleId);
    expect(results.some((x: { level: string }) => x.level === "warning")).toBe(true);
  });

  it("--format github: one annotation per diagnostic, on its line", async () => {
    const path = spec(BROKEN);
    const r = await sla("check", "--format", "github", path, spec(SHADOWED));
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^::error file=.*my spec\.sla,line=5,col=16,endLine=5,endColumn=20,title=SLA201::unknown name/,
    );
    expect(lines.some((l) => l.startsWith("::warning "))).toBe(true);
    expect((await sla("check", "--format", "github", "specs/seeds")).out).toBe("");
  });

  it("workflow commands cannot be injected through a message or a file name", () => {
    const out = toGithubAnnotations([
      {
        file: "a,b:c.sla",
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 2,
        severity: "error",
        code: "SLA001",
        message: "50% bad\n::error::injected\r",
      },
    ]);
    expect(out).toBe(
      "::error file=a%2Cb%3Ac.sla,line=1,col=1,endLine=1,endColumn=2,title=SLA001::50%25 bad\\x0a::error::injected\\x0d\n",
    );
    expect(out.split("\n")).toHaveLength(2);
  });
});
