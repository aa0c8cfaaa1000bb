// Spec reload end to end: SIGHUP to `sla run --listen` with a changed spec
// changes the version on new records while a clock already open finishes
// under the version that started it; a broken spec is refused with its
// diagnostics and the running one keeps judging.
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunProcess } from "./run-process.ts";

const SPEC = (window: string) => `sla "Reload test"
fields {
  source: one of "demo", "trial"
}
segment hot when source = "demo"
respond to hot within ${window}
`;
const V1 = SPEC("30m");
const V2 = SPEC("10m");
const sha = (t: string) => createHash("sha256").update(t, "utf8").digest("hex");

const T0 = Date.parse("2027-01-04T14:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString().replace(".000Z", "Z");
const created = (lead: string, minutes: number, source = "demo") =>
  JSON.stringify({ id: `c-${lead}`, at: at(minutes), type: "lead.created", lead, fields: { source } });

let run: RunProcess;
let specPath: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "sla-reload-"));
  specPath = join(dir, "t.sla");
  writeFileSync(specPath, V1);
  run = new RunProcess([specPath, "--state", join(dir, "state"), "--listen", "127.0.0.1:0", "--no-watch"]);
  await run.listening();
});

afterAll(async () => {
  expect(await run.stop()).toBe(0);
});

async function health(): Promise<{ spec: { sha256: string } }> {
  return (await fetch(`${run.url}/healthz`)).json();
}

async function hup(expected: RegExp): Promise<void> {
  const before = run.stderr.length;
  run.signal("SIGHUP");
  await run.until(() => expected.test(run.stderr.slice(before)), 20_000, `${expected}`);
}

function breachOf(lead: string): Record<string, unknown> | undefined {
  return run.records().find((r) => r.kind === "breach" && r.lead === lead);
}

describe("sla run: spec reload", () => {
  it("SIGHUP with a changed spec: new clocks under the new version, open ones finish under the old", async () => {
    expect((await health()).spec.sha256).toBe(sha(V1));
    // L1's clock opens under v1 (applied once the next event moves the events clock on)
    expect((await run.post(`${created("L1", 0)}\n${created("F1", 1, "trial")}`)).status).toBe(200);
    expect(await run.metric("sla_open_clocks")).toBe(1);

    writeFileSync(specPath, V2);
    await hup(/SIGHUP: spec reloaded, [0-9a-f]{12} -> [0-9a-f]{12}/);
    expect((await health()).spec.sha256).toBe(sha(V2));
    expect(await run.metric("sla_spec_reloads_total", 'result="applied"')).toBe(1);

    // L2's clock opens under v2; then time moves past both due instants
    const later = [created("L2", 2), created("F2", 120, "trial"), created("F3", 121, "trial")].join("\n");
    expect((await run.post(later)).status).toBe(200);
    await run.until(() => breachOf("L1") !== undefined && breachOf("L2") !== undefined, 20_000, "both breaches");

    const b1 = breachOf("L1")!;
    expect(b1).toMatchObject({ specVersion: sha(V1), due: at(30) });
    expect((b1.obligation as { label: string }).label).toBe("respond hot within 30m");
    const b2 = breachOf("L2")!;
    expect(b2).toMatchObject({ specVersion: sha(V2), due: at(12) });
    expect((b2.obligation as { label: string }).label).toBe("respond hot within 10m");
    // every record names the version that judged it
    for (const r of run.records()) if (r.kind === "breach") expect([sha(V1), sha(V2)]).toContain(r.specVersion);
  });

  it("a broken spec is refused with its diagnostics; the running one keeps judging", async () => {
    writeFileSync(specPath, V2.replace("respond to hot", "respond to cold"));
    await hup(/spec refused, still running [0-9a-f]{12}/);
    expect(run.stderr).toMatch(/t\.sla:6:\d+: error SLA\d+/);
    expect((await health()).spec.sha256).toBe(sha(V2));
    expect(await run.metric("sla_spec_reloads_total", 'result="refused"')).toBe(1);

    const more = [created("L3", 200), created("F4", 300, "trial"), created("F5", 301, "trial")].join("\n");
    expect((await run.post(more)).status).toBe(200);
    await run.until(() => breachOf("L3") !== undefined, 20_000, "L3's breach");
    expect(breachOf("L3")).toMatchObject({ specVersion: sha(V2), due: at(210) });
  });

  it("the same text again is no change", async () => {
    writeFileSync(specPath, V2); // the running text, after the broken one
    const before = await run.metric("sla_spec_reloads_total", 'result="unchanged"');
    run.signal("SIGHUP");
    const end = Date.now() + 20_000;
    while ((await run.metric("sla_spec_reloads_total", 'result="unchanged"')) === before && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    expect(await run.metric("sla_spec_reloads_total", 'result="unchanged"')).toBe((before ?? 0) + 1);
    expect((await health()).spec.sha256).toBe(sha(V2));
  });
});
