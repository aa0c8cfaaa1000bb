// The public API named by package.json's `exports`: a program using slacode as
// a library gets everything it needs from `slacode/language` and
// `slacode/engine` (compile, replay, render), and nothing internal.
import { createRequire } from "node:module";
import { renderMarkdown, simulate } from "slacode/engine";
import { compileSource, format, validateIR } from "slacode/language";
import { describe, expect, it } from "vitest";

const SPEC = `sla "API"
timezone "UTC"
fields { source: one of "demo", "web" }
segment demo when source = "demo"
respond to demo within 5m
  target 90%
`;

describe("public API", () => {
  it("compiles, validates, formats, replays and renders through the package's entry points", () => {
    const c = compileSource(SPEC);
    expect(c.diagnostics).toEqual([]);
    if (!c.ir) throw new Error("no IR");
    expect(validateIR(c.ir)).toEqual({ ok: true });
    const formatted = format(SPEC);
    if (!formatted.ok) throw new Error("format failed");
    expect(format(formatted.text)).toEqual(formatted);
    const at = Date.UTC(2027, 0, 4, 14);
    const report = simulate(c.ir, [
      { type: "lead.created", id: "e1", at, lead: "L1", fields: { source: "demo" } },
      { type: "touch", id: "e2", at: at + 10 * 60_000, lead: "L1" },
    ]);
    expect(report.obligations[0]).toMatchObject({ name: "respond demo", breached: 1, met: 0 });
    expect(renderMarkdown(report)).toContain("respond demo");
  });

  it("does not export internal modules", () => {
    const require = createRequire(import.meta.url);
    for (const internal of ["slacode/engine/runtime.ts", "slacode/language/grammar.ts", "slacode/cli/main.ts"])
      expect(() => require.resolve(internal)).toThrow(/not defined by "exports"/);
  });
});
