// The `sla` command end to end, in-process (main(argv, io)).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sla } from "../run-sla.ts";

const SPEC = "specs/examples/inbound/inbound.sla";
const EVENTS = "specs/examples/inbound/events.jsonl";
const tmp = () => mkdtempSync(join(tmpdir(), "sla-cli-"));

describe("sla (no command)", () => {
  it("prints usage; unknown commands are usage errors", async () => {
    expect((await sla()).code).toBe(2);
    expect((await sla("--help")).out).toMatch(/usage: sla <command>/);
    const r = await sla("frobnicate");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command 'frobnicate'/);
  });
});

describe("sla check", () => {
  it("exits 0 on the sketch and on every spec", async () => {
    expect((await sla("check", "../shared/sketch/inbound.sla")).code).toBe(0);
    const r = await sla("check", "--strict", "specs/seeds", "specs/examples");
    expect(r.err).toMatch(/0 errors, 0 warnings/);
    expect(r.code).toBe(0);
  });
  it("exits 1 with located errors, and 2 on usage errors", async () => {
    const d = tmp();
    writeFileSync(
      join(d, "bad.sla"),
      'sla "x"\nfields {\n  source: one of "demo"\n}\ndefine A when source = "demmo"\n',
    );
    const r = await sla("check", join(d, "bad.sla"));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/bad\.sla:5:24: error SLA302: "demmo" is not a value of 'source'/);
    expect(r.out).toMatch(/\^\^\^\^\^\^\^/);
    expect(r.out).toMatch(/help: did you mean "demo"\?/);
    const j = await sla("check", "--format", "json", join(d, "bad.sla"));
    expect(JSON.parse(j.out).diagnostics[0]).toMatchObject({ line: 5, column: 24, code: "SLA302", severity: "error" });
    expect((await sla("check")).code).toBe(2);
    expect((await sla("check", "--format", "xml", SPEC)).code).toBe(2);
    expect((await sla("check", join(d, "missing.sla"))).code).toBe(2);
  });
  it("never prints a stack trace, whatever the input", async () => {
    const d = tmp();
    writeFileSync(join(d, "bin.sla"), Buffer.from([0, 1, 2, 255, 254]));
    writeFileSync(join(d, "junk.sla"), '}}}{{{ $$$ %%% "\n'.repeat(50));
    for (const f of ["bin.sla", "junk.sla"]) {
      const r = await sla("check", join(d, f));
      expect(r.code).not.toBe(0);
      expect(r.out + r.err).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
    }
  });
});

describe("sla fmt --check on the repository's specs", () => {
  it("passes on the sketch, the seeds and the examples", async () => {
    const r = await sla("fmt", "--check", "../shared/sketch/inbound.sla", "specs/seeds", "specs/examples");
    expect(r.out).toBe("");
    expect(r.code).toBe(0);
  });
});

describe("sla compile", () => {
  it("prints IR and json-rules-engine rules", async () => {
    const ir = JSON.parse((await sla("compile", SPEC)).out);
    expect(ir).toMatchObject({ version: 1, name: "Inbound lead SLA", timezone: "America/New_York" });
    const jre = JSON.parse((await sla("compile", "--target", "json-rules-engine", SPEC)).out);
    expect(jre.format).toBe("slacode/json-rules-engine@1");
    expect(Object.keys(jre.conditions)).toEqual(["MQL", "VQL"]);
  });
});

describe("sla diff", () => {
  it("shows what widening a window would have done, on the same events", async () => {
    const d = tmp();
    const wider = join(d, "wider.sla");
    writeFileSync(
      wider,
      readFileSync(SPEC, "utf8").replace("respond to hand_raisers within 5m", "respond to hand_raisers within 15m"),
    );
    const r = await sla("diff", SPEC, wider, "--events", EVENTS, "--format", "json");
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.out);
    const hr = diff.obligations.find((o: { name: string }) => o.name === "respond hand_raisers");
    expect(hr.after.breached).toBeLessThan(hr.before.breached);
    expect(hr.before.breached - hr.after.breached).toBe(diff.goneBreaches.length);
    expect(diff.newBreaches).toEqual([]); // widening a window never adds a breach
    const trials = diff.obligations.find((o: { name: string }) => o.name === "respond trials");
    expect(trials.after).toEqual(trials.before);
    // the change list comes first, then the impact
    expect((await sla("diff", SPEC, wider, "--events", EVENTS, "--format", "md")).out).toMatch(
      /^### What changed in meaning \(1 change\)\n\n- respond to hand_raisers: 5m -&gt; 15m\n\n_Compared [^\n]*_\n\n\*\*Targets that flip on these events: none\*\*\n\n\*\*Leads that land in another segment: none\*\*\n\n\*\*Breach actions fired:\*\* [^\n]*\n\n\*\*Lead value:\*\* [^\n]*\n\n<details><summary>Details: [^\n]*<\/summary>\n\n### What this SLA change would have done[\s\S]*\n<\/details>\n$/,
    );
  });
  it("usage errors exit 2", async () => {
    expect((await sla("diff", SPEC, "--events", EVENTS)).code).toBe(2);
    expect((await sla("diff", SPEC, SPEC, "--until", "2027-02-01")).code).toBe(2); // --until needs --events
  });
});

describe("sla plan", () => {
  it("prints the funnel", async () => {
    const r = await sla("plan", "--format", "json", SPEC);
    expect(JSON.parse(r.out).stages.map((s: { name: string; perYear: number }) => [s.name, s.perYear])).toEqual([
      ["lead", 286],
      ["opportunity", 200],
      ["customer", 100],
    ]);
  });
});

describe("sla simulate", () => {
  it("the README's main command works and reports every section", async () => {
    const r = await sla("simulate", SPEC, "--events", EVENTS);
    expect(r.code).toBe(0);
    for (const s of ["Obligations", "Commitments", "Breaches"]) expect(r.out).toContain(s);
  });
  it("json has the documented shape; md and html render", async () => {
    const r = JSON.parse((await sla("simulate", SPEC, "--events", EVENTS, "--format", "json")).out);
    expect(r.obligations[0]).toMatchObject({ kind: "respond", segment: "hand_raisers", name: "respond hand_raisers" });
    for (const o of r.obligations) expect(o.met + o.breached + o.pending).toBe(o.inScope);
    expect(r.breaches[0]).toHaveProperty("due");
    expect(r.commitments[0].periods[0]).toHaveProperty("period", "2027-Q1");
    expect(r.rejected).toEqual({ count: 0, byCode: {}, rows: [] });
    expect((await sla("simulate", SPEC, "--events", EVENTS, "--format", "md")).out).toMatch(/^#+ /m);
    expect((await sla("simulate", SPEC, "--events", EVENTS, "--format", "html")).out).toMatch(/^<!doctype html>/i);
  });
  it("--cache gives the same report, and reuses the prepared file", async () => {
    const d = tmp();
    const ev = join(d, "events.jsonl");
    writeFileSync(ev, readFileSync(EVENTS));
    const plain = (await sla("simulate", SPEC, "--events", ev, "--format", "json")).out;
    expect((await sla("simulate", SPEC, "--events", ev, "--format", "json", "--cache")).out).toBe(plain);
    expect(existsSync(ev + ".slaprep")).toBe(true);
    expect((await sla("simulate", SPEC, "--events", ev, "--format", "json", "--cache")).out).toBe(plain);
  });
  it("a bad event stops the run with FILE:LINE; --lenient counts it", async () => {
    const d = tmp();
    const ev = join(d, "events.jsonl");
    const lines = readFileSync(EVENTS, "utf8").split("\n").slice(0, 200);
    lines.splice(41, 0, '{"id":"x","at":"2027-13-01T00:00:00Z","type":"touch","lead":"L1"}');
    lines.splice(99, 0, "{not json");
    writeFileSync(ev, lines.join("\n"));
    const strict = await sla("simulate", SPEC, "--events", ev);
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(/events\.jsonl:42: "at": "2027-13-01T00:00:00Z" is not a valid timestamp/);
    const lenient = await sla("simulate", SPEC, "--events", ev, "--lenient", "--format", "json");
    expect(lenient.code).toBe(0);
    expect(
      JSON.parse(lenient.out).rejected.rows.map((r: { line: number; reason: string }) => [
        r.line,
        r.reason.slice(0, 12),
      ]),
    ).toEqual([
      [42, '"at": "2027-'],
      [100, "invalid JSON"],
    ]);
    expect(lenient.err).toMatch(/skipped 2 bad rows/);
  });
  it("out-of-order files are re-read with a full sort and give the sorted result", async () => {
    const d = tmp();
    const ev = join(d, "events.jsonl");
    const lines = readFileSync(EVENTS, "utf8").trim().split("\n").slice(0, 3000);
    writeFileSync(ev, [...lines.slice(1500), ...lines.slice(0, 1500)].join("\n"));
    const sorted = join(d, "sorted.jsonl");
    writeFileSync(sorted, lines.join("\n"));
    const r = await sla("simulate", SPEC, "--events", ev, "--format", "json");
    expect(r.code).toBe(0);
    expect(r.out).toBe((await sla("simulate", SPEC, "--events", sorted, "--format", "json")).out);
  });
  it("a file with a late event (more than the reorder window) says so and sorts fully", async () => {
    const d = tmp();
    const ev = join(d, "events.jsonl");
    const lines = readFileSync(EVENTS, "utf8").trim().split("\n").slice(0, 3000);
    const late = lines.findIndex((l) => l.includes('"type":"rep.away"'));
    const moved = [...lines.slice(0, late), ...lines.slice(late + 1), lines[late]];
    writeFileSync(ev, moved.join("\n"));
    const sorted = join(d, "sorted.jsonl");
    writeFileSync(sorted, lines.join("\n"));
    const r = await sla("simulate", SPEC, "--events", ev, "--format", "json");
    expect(r.err).toMatch(/not in time order; re-reading with a full sort/);
    expect(r.out).toBe((await sla("simulate", SPEC, "--events", sorted, "--format", "json")).out);
  });
  it("usage errors exit 2", async () => {
    expect((await sla("simulate", SPEC)).code).toBe(2);
    expect((await sla("simulate", SPEC, "--events", EVENTS, "--until", "soon")).code).toBe(2);
    expect((await sla("simulate", SPEC, "--leads", "x.csv")).code).toBe(2);
    expect((await sla("simulate", SPEC, "--events", EVENTS, "--format", "pdf")).code).toBe(2);
  });
  it("a missing events file is a clear error", async () => {
    const r = await sla("simulate", SPEC, "--events", "nope.jsonl");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nope\.jsonl: no such file/);
  });
});
