// sla check --fix: applies the unambiguous fixes, rewrites the file, re-checks.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sla } from "../run-sla.ts";

const BAD = 'sla "x"\nfields {\n  source: one of "demo"\n}\ndefine A when source = "demmo"\n';

describe("sla check --fix", () => {
  it("rewrites the file with the fixes applied and reports what is left (nothing: exit 0)", async () => {
    const d = mkdtempSync(join(tmpdir(), "sla-fix-"));
    const f = join(d, "bad.sla");
    writeFileSync(f, BAD);
    const r = await sla("check", "--fix", f);
    expect(r.err).toMatch(/bad\.sla: applied 1 fix/);
    expect(r.out).toBe("");
    expect(r.code).toBe(0);
    expect(readFileSync(f, "utf8")).toBe(BAD.replace('"demmo"', '"demo"'));
  });

  it("leaves problems without an unambiguous fix, and says so in JSON", async () => {
    const d = mkdtempSync(join(tmpdir(), "sla-fix-"));
    const f = join(d, "bad.sla");
    writeFileSync(f, BAD + "marketing delivers 3 VQL per quater\n");
    const r = await sla("check", "--fix", "--format", "json", f);
    const j = JSON.parse(r.out);
    expect(j.fixed).toEqual([{ file: expect.stringMatching(/bad\.sla$/), fixes: 2 }]);
    expect(j.diagnostics.map((x: { code: string }) => x.code)).toEqual(["SLA201"]);
    expect(r.code).toBe(1);
    expect(readFileSync(f, "utf8")).toContain("per quarter\n");
  });

  it("does not touch a file without fixes, and refuses stdin", async () => {
    const d = mkdtempSync(join(tmpdir(), "sla-fix-"));
    const f = join(d, "ok.sla");
    writeFileSync(f, 'sla "x"\n');
    expect((await sla("check", "--fix", f)).code).toBe(0);
    expect(readFileSync(f, "utf8")).toBe('sla "x"\n');
    const s = await sla("check", "--fix", "-");
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/cannot fix stdin/);
  });
});
