// The repros of issue 7 part 4, end to end through `sla`: hostile lead ids,
// owners, SLA name, nurture campaign, tag, notify URL, field values and file
// names, in every command that prints them (simulate table/md/html/json, diff
// table/md/json, check text/json, plan). Each hostile run is compared with the
// same run on harmless strings: same structure, nothing active.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectInertHtml, expectInertMarkdown, expectInertTerminal } from "../inert.ts";
import { sla } from "../run-sla.ts";

const SPEC = "specs/examples/inbound/inbound.sla";
const EVENTS = "specs/examples/inbound/events.jsonl";

/** Hostile text per slot; the harmless run uses `x<slot>` instead. */
const HOSTILE = {
  sla: "Inbound <img src=x onerror=alert(1)> @octocat www.evil.test",
  campaign: "@everyone [x](javascript:alert(1)) <!--",
  url: "https://evil.test/x?<!--",
  tag: "#1 \u202egnp.exe",
  owner: "ben\u202e\x9b31m @team",
  leads: [
    "<img src=x onerror=alert(1)>",
    "\x1b[2J\x1b]8;;http://evil.test\x07click\x1b]8;;\x07",
    "@octocat #1 https://evil.test a@b.co <!--",
    "- [ ] `x` | *y* $z$",
  ],
  fieldValue: "<script>alert(1)</script>\x1b[31m",
  file: "spec\x1b[2J\x1b]0;pwned\x07\u202egnp",
};

type Strings = typeof HOSTILE;
const HARMLESS: Strings = {
  sla: "x-sla",
  campaign: "x-campaign",
  url: "x-url",
  tag: "x-tag",
  owner: "x-owner",
  leads: HOSTILE.leads.map((_, i) => `x-lead-${i}`),
  fieldValue: "x-value",
  file: "x-file",
};

function write(dir: string, s: Strings, wider: boolean): { spec: string; events: string } {
  let spec = readFileSync(SPEC, "utf8")
    .replace('sla "Inbound lead SLA"', `sla "${s.sla}"`)
    .replace('nurture "Trial nurture"', `nurture "${s.campaign}", tag "${s.tag}"`)
    .replace('notify "https://hooks.example.com/sla"', `notify "${s.url}"`);
  if (wider) spec = spec.replace("within 5m", "within 15m");
  const lines = readFileSync(EVENTS, "utf8").split("\n").slice(0, 2500).filter(Boolean);
  // L1 breaches; L199, L292 and L309 breach at 5m but not at 15m (they show in the diff)
  const leadIds = new Map(s.leads.map((id, i) => [["L1", "L199", "L292", "L309"][i], id]));
  const events = lines.map((l) => {
    const e = JSON.parse(l);
    if (leadIds.has(e.lead)) e.lead = leadIds.get(e.lead);
    if (e.owner === "ben" || e.owner === "chloe") e.owner = s.owner;
    return JSON.stringify(e);
  });
  // a row rejected for a bad field value, listed in the report with --lenient
  events.push(JSON.stringify({ id: "bad", at: s.fieldValue, type: "lead.created", lead: "L9999" }));
  const name = wider ? "new" : "old";
  writeFileSync(join(dir, `${name}.sla`), spec);
  writeFileSync(join(dir, "events.jsonl"), events.join("\n") + "\n");
  return { spec: join(dir, `${name}.sla`), events: join(dir, "events.jsonl") };
}

interface Run {
  simulate: Record<"table" | "md" | "html" | "json", string>;
  diff: Record<"table" | "md" | "json", string>;
  check: string;
  plan: string;
}

async function runAll(s: Strings): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "sla-hostile-"));
  const old = write(dir, s, false);
  const neu = write(dir, s, true);
  const sim = async (format: string) => {
    const r = await sla("simulate", old.spec, "--events", old.events, "--lenient", "--format", format);
    expect(r.code).toBe(0);
    return r.out;
  };
  const diff = async (format: string) => {
    const r = await sla("diff", old.spec, neu.spec, "--events", old.events, "--lenient", "--format", format);
    expect([r.code, r.err]).toEqual([0, ""]);
    return r.out;
  };
  // a spec with errors, under a hostile file name, for the check printer
  const bad = join(dir, `${s.file}.sla`);
  writeFileSync(bad, `sla "${s.sla}"\ntimezone "${s.leads[1]}"\nsegment a when ${s.owner} = 1\n`);
  const check = await sla("check", bad);
  expect(check.code).toBe(1);
  return {
    simulate: { table: await sim("table"), md: await sim("md"), html: await sim("html"), json: await sim("json") },
    diff: { table: await diff("table"), md: await diff("md"), json: await diff("json") },
    check: check.out + check.err,
    plan: (await sla("plan", old.spec)).out,
  };
}

describe("hostile strings through the sla commands", () => {
  let hostile: Run;
  let harmless: Run;
  beforeAll(async () => {
    hostile = await runAll(HOSTILE);
    harmless = await runAll(HARMLESS);
  }, 60_000);

  it("the hostile strings reach the outputs (the test is not vacuous)", () => {
    expect(hostile.simulate.md).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(hostile.simulate.table).toContain("<img src=x onerror=alert(1)>");
    expect(hostile.simulate.table).toContain("ben\\u{202e}\\x9b31m @team");
    expect(hostile.simulate.md).toContain("notify https:&#8203;//evil.test/x?&lt;!--");
    expect(hostile.diff.md).toContain("@&#8203;team");
    expect(hostile.check).toContain("\\x1b[2J");
    const json = JSON.parse(hostile.simulate.json);
    expect(json.sla).toBe(HOSTILE.sla);
    expect(json.breaches.map((b: { owner: string }) => b.owner)).toContain(HOSTILE.owner);
  });

  it("terminal outputs carry no control, C1 or bidi character", () => {
    for (const text of [hostile.simulate.table, hostile.diff.table, hostile.check, hostile.plan])
      expectInertTerminal(text);
    expect(hostile.diff.table.split("\n").length).toBe(harmless.diff.table.split("\n").length);
  });

  it("JSON carries them as escapes only, and parses to the same strings", () => {
    expectInertTerminal(hostile.simulate.json);
    expectInertTerminal(hostile.diff.json);
    expect(JSON.parse(hostile.diff.json).obligations.length).toBe(JSON.parse(harmless.diff.json).obligations.length);
  });

  it("Markdown renders to the harmless structure: no HTML, link, mention or reference", () => {
    expectInertMarkdown(hostile.simulate.md, harmless.simulate.md);
    expectInertMarkdown(hostile.diff.md, harmless.diff.md);
  });

  it("HTML has the harmless page's structure", () => {
    expectInertHtml(hostile.simulate.html, harmless.simulate.html);
  });
});

describe("stderr", () => {
  it("error messages show control, C1 and bidi characters from input instead of sending them", async () => {
    const r = await sla(`frob\x1b]0;pwned\x07`);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'frob\\x1b]0;pwned\\x07'");
    const dir = mkdtempSync(join(tmpdir(), "sla-hostile-"));
    const events = join(dir, "e\u202e.jsonl");
    writeFileSync(
      events,
      `${JSON.stringify({ id: "a", at: "2027-01-01T00:00:00Z\x9b31m\u202e", type: "lead.created", lead: "L1" })}\n`,
    );
    const s = await sla("simulate", SPEC, "--events", events);
    expect(s.code).toBe(1);
    expect(s.err).toContain("\\x9b31m\\u{202e}");
    for (const text of [r.err, s.err]) expectInertTerminal(text);
  });
});

describe("fmt --check and compile", () => {
  it("show a spec's control and bidi characters instead of sending them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sla-hostile-"));
    const spec = join(dir, "s.sla");
    // badly indented (so fmt --check prints a diff) with hostile text in a comment and a string
    writeFileSync(
      spec,
      `sla "A \u202egnp\x1b[2J"\n# \x1b]0;pwned\x07 note\ntimezone   "UTC"\nfields { source: one of "demo" }\nsegment s when source = "demo"\nrespond to s within 5m\n`,
    );
    const f = await sla("fmt", "--check", spec);
    expect(f.code).toBe(1);
    expect(f.out).toContain("\\x1b]0;pwned\\x07");
    expectInertTerminal(f.out);
    const c = await sla("compile", spec);
    expect(c.code).toBe(0);
    expect(c.out).not.toMatch(/[\u202e\x1b]/);
    expect(JSON.parse(c.out).name).toBe("A \u202egnp\x1b[2J");
  });
});
