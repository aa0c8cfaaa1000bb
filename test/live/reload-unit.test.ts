// The spec reloader alone (cli/run/reload.ts): a clean spec is applied, a
// broken one refused with its diagnostics, the same text is no change, and a
// changed file is noticed without a signal. End to end (SIGHUP to `sla run`,
// versions on records, open clocks) in reload.test.ts.
import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type LoadedSpec, type ReloadResult, SpecReloader } from "../../cli/run/reload.ts";

const SPEC = (window: string) => `sla "T"
fields {
  source: one of "demo", "trial"
}
segment hot when source = "demo"
respond to hot within ${window}
`;

const reloaders: SpecReloader[] = [];
afterEach(() => {
  for (const r of reloaders.splice(0)) r.stop();
});

function setup(initial: string) {
  const dir = mkdtempSync(join(tmpdir(), "sla-reload-"));
  const path = join(dir, "t.sla");
  writeFileSync(path, initial);
  let current = "initial";
  const applied: LoadedSpec[] = [];
  const results: ReloadResult[] = [];
  let err = "";
  const r = new SpecReloader(path, dir, {
    current: () => current,
    apply(spec) {
      applied.push(spec);
      current = spec.version.sha256;
    },
    err: (t) => void (err += t),
    reloaded: (x) => void results.push(x),
  });
  reloaders.push(r);
  return { r, path, dir, applied, results, err: () => err };
}

describe("spec reload", () => {
  it("applies a clean spec, then the same text is no change", async () => {
    const s = setup(SPEC("30m"));
    expect(await s.r.reload("SIGHUP")).toBe("applied");
    expect(s.applied[0].ir.obligations[0].within).toMatchObject({ kind: "calendar", ms: 1_800_000 });
    expect(s.applied[0].version.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(s.err()).toMatch(/SIGHUP: spec reloaded, initial -> [0-9a-f]{12}/);
    expect(await s.r.reload("SIGHUP")).toBe("unchanged");
    expect(s.applied).toHaveLength(1);
  });

  it("refuses a broken spec with its diagnostics and keeps the running one", async () => {
    const s = setup(SPEC("30m").replace("respond to hot", "respond to cold"));
    expect(await s.r.reload("SIGHUP")).toBe("refused");
    expect(s.applied).toHaveLength(0);
    expect(s.err()).toMatch(/t\.sla:6:\d+: error SLA\d+/);
    expect(s.err()).toMatch(/spec refused, still running initial/);
  });

  it("refuses a missing file", async () => {
    const s = setup(SPEC("30m"));
    renameSync(s.path, `${s.path}.gone`);
    expect(await s.r.reload("SIGHUP")).toBe("refused");
    expect(s.err()).toMatch(/cannot read the spec \(no such file\)/);
  });

  it("refuses when the engine cannot take the spec, keeping the running one", async () => {
    const s = setup(SPEC("30m"));
    const r = new SpecReloader(s.path, s.dir, {
      current: () => "initial",
      apply() {
        throw new Error("the store is read-only");
      },
      err: () => {},
    });
    expect(await r.reload("SIGHUP")).toBe("refused");
  });

  it("notices a changed file (written in place or renamed over) without a signal", async () => {
    const s = setup(SPEC("30m"));
    s.r.start({ signal: false, watchFile: true });
    writeFileSync(`${s.path}.tmp`, SPEC("45m"));
    renameSync(`${s.path}.tmp`, s.path); // how editors and `sla fmt` save
    const end = Date.now() + 10_000;
    while (s.applied.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(s.applied.at(-1)?.ir.obligations[0].within).toMatchObject({ ms: 2_700_000 });
    writeFileSync(s.path, SPEC("1h"));
    while (s.applied.length === 1 && Date.now() < end + 10_000) await new Promise((r) => setTimeout(r, 50));
    expect(s.applied.at(-1)?.ir.obligations[0].within).toMatchObject({ ms: 3_600_000 });
  });
});
