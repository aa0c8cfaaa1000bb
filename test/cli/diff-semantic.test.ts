// `sla diff OLD NEW` without events: the change list in words (table, md,
// json), user text escaped; with events the JSON carries both.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sla, slaIn } from "../run-sla.ts";

const SPEC = "specs/examples/inbound/inbound.sla";
const EVENTS = "specs/examples/inbound/events.jsonl";
const TEXT = readFileSync(SPEC, "utf8");
function edited(edit: (s: string) => string): string {
  const path = join(mkdtempSync(join(tmpdir(), "sla-sdiff-")), "new.sla");
  writeFileSync(path, edit(TEXT));
  return path;
}

describe("sla diff without --events", () => {
  const changed = edited((s) =>
    s
      .replace("within 24 business hours", "within 4 business hours")
      .replace("executive: $100", "executive: $120")
      .replace("target 95%", "target 90%"),
  );
  it("lists the changes in words (table)", async () => {
    const r = await sla("diff", SPEC, changed);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(
      r.out.startsWith(
        [
          "What changed in meaning (3 changes)",
          "",
          "  value executive x demo: $100 -> $120",
          "  respond to trials: 24 business hours -> 4 business hours",
          "  respond to trials target: 95% -> 90%",
          "",
          "Compared specs/examples/inbound/inbound.sla (sha256 ",
        ].join("\n"),
      ),
    ).toBe(true);
    // each side named by its content hash, and by its commit when clean in git
    expect(r.out).toMatch(/\(sha256 [0-9a-f]{12}(, git [0-9a-f]{12})?\) with \S*new\.sla \(sha256 [0-9a-f]{12}\)\n$/);
  });
  it("json: changes[] with path, before, after, text", async () => {
    const r = await sla("diff", SPEC, changed, "--format", "json");
    expect(JSON.parse(r.out).changes).toEqual([
      {
        path: 'value["executive"]["demo"]',
        before: "$100",
        after: "$120",
        text: "value executive x demo: $100 -> $120",
      },
      {
        path: 'obligations["respond trials"].within',
        before: "24 business hours",
        after: "4 business hours",
        text: "respond to trials: 24 business hours -> 4 business hours",
      },
      {
        path: 'obligations["respond trials"].target',
        before: "95%",
        after: "90%",
        text: "respond to trials target: 95% -> 90%",
      },
    ]);
  });
  it("a reformatted copy has no change", async () => {
    const bare = edited((s) =>
      s
        .split("\n")
        .filter((l) => !l.startsWith("#"))
        .join("\n\n"),
    );
    expect((await sla("diff", SPEC, bare)).out).toMatch(/^No change in meaning\.\n/);
    const j = JSON.parse((await sla("diff", SPEC, bare, "--format", "json")).out);
    expect(j.changes).toEqual([]);
    // the same meaning, another text: the versions tell them apart
    expect(j.versions.old.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(j.versions.new.sha256).not.toBe(j.versions.old.sha256);
    expect(j.versions.new.git).toBeNull();
  });
  it("Markdown escapes what the spec wrote (mentions, HTML, links)", async () => {
    const hostile = edited((s) =>
      s.replace('nurture "Trial nurture"', 'nurture "@ben <img src=x> [x](https://evil.example) #12"'),
    );
    const r = await sla("diff", SPEC, hostile, "--format", "md");
    expect(r.out).toContain("### What changed in meaning (1 change)");
    expect(r.out).not.toMatch(/<img|@ben|\]\(https:\/\/|#12/);
    const t = await sla(
      "diff",
      SPEC,
      edited((s) => s.replace('nurture "Trial nurture"', 'nurture "\\u001b[31mred"')),
    );
    expect(t.code).toBe(0);
    expect(t.out).not.toContain("\u001b");
  });
  it("with --events, the JSON has the changes and impact rows with kind and segment", async () => {
    const r = await sla("diff", SPEC, changed, "--events", EVENTS, "--format", "json");
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out);
    expect(d.changes).toHaveLength(3);
    const trials = d.obligations.find((o: { name: string }) => o.name === "respond trials");
    expect(trials.kind).toBe("respond");
    expect(trials.segment).toBe("trials");
    const expectRow = d.obligations.find((o: { kind: string }) => o.kind === "expect");
    expect(expectRow.segment).toBeNull();
    // here the trials window shrank too, so its target stays missed: no flip
    expect(d.flips).toEqual([]);
    // ...and more trials breach, so more leads go to nurture
    const nurture = d.actions.find((x: { type: string }) => x.type === "nurture");
    expect(nurture.after - nurture.before).toBe(trials.after.breached - trials.before.breached);
    expect(nurture.after).toBeGreaterThan(nurture.before);
    expect(d.segmentMoves).toEqual([]); // no condition changed
    // the leads that newly breach, counted once each, with their value on the new chart
    expect(d.breachValue.newLeads).toBe(new Set(d.newBreaches.map((x: { lead: string }) => x.lead)).size);
    expect(d.breachValue.newValue).toBeGreaterThan(0);
    expect(d.breachValue.goneLeads).toBe(0);
    // lowering a target below the achieved compliance flips it from missed to held
    const lowered = edited((s) => s.replace("target 95%", "target 85%"));
    const l = JSON.parse((await sla("diff", SPEC, lowered, "--events", EVENTS, "--format", "json")).out);
    const row = l.obligations.find((o: { name: string }) => o.name === "respond trials");
    expect(l.flips).toEqual([
      {
        kind: "obligation",
        name: "respond trials",
        period: null,
        before: "missed",
        after: "held",
        valueBefore: row.before.compliance,
        valueAfter: row.after.compliance,
        goalBefore: 0.95,
        goalAfter: 0.85,
      },
    ]);
    const md = (await sla("diff", SPEC, lowered, "--events", EVENTS, "--format", "md")).out;
    expect(md).toMatch(
      /_\n\n\*\*Targets that flip on these events: 1\*\*\n- respond trials: missed \(89\.0% of 95\.0%\) -&gt; held \(89\.0% of 85\.0%\)\n\n\*\*Leads that land in another segment: none\*\*\n\n\*\*Breach actions fired:\*\* no change\n\n\*\*Lead value:\*\* newly breaching \\\$0 \(0 leads\), no longer breaching \\\$0 \(0 leads\)\n\n<details><summary>Details: [^\n]*\n\n### What this SLA change/,
    );
    const table = await sla("diff", SPEC, changed, "--events", EVENTS);
    expect(table.out.indexOf("What changed in meaning")).toBe(0);
    expect(table.out).toContain("What the change would have done");
  });
  it("a broken new spec is located, exit 1", async () => {
    const broken = edited((s) => s.replace("within 5m", "within 5 parsecs"));
    const r = await sla("diff", SPEC, broken);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/new\.sla:\d+:\d+: error SLA\d+/);
  });
});

describe("sla diff REV:PATH (a file at a git revision)", () => {
  it("reads the old side with git show, in a scratch repository with two commits", async () => {
    const repo = mkdtempSync(join(tmpdir(), "sla-git-"));
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
        cwd: repo,
        stdio: "pipe",
      });
    git("init", "-q");
    writeFileSync(join(repo, "inbound.sla"), TEXT);
    git("add", "inbound.sla");
    git("commit", "-qm", "first");
    writeFileSync(join(repo, "inbound.sla"), TEXT.replace("within 5m", "within 15m"));
    git("commit", "-qam", "second");
    const r = await slaIn(repo, "diff", "HEAD~1:inbound.sla", join(repo, "inbound.sla"));
    expect(r.err).toBe("");
    expect(r.out).toContain("respond to hand_raisers: 5m -> 15m");
    expect(r.code).toBe(0);
    const bad = await slaIn(repo, "diff", "nosuchrev:inbound.sla", join(repo, "inbound.sla"));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("git cannot read it as REV:PATH");
  });
  it("outside a repository, says so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sla-nogit-"));
    const r = await slaIn(dir, "diff", "main:inbound.sla", SPEC);
    expect(r.code).toBe(2);
    expect(r.err).toContain("is not inside a git repository");
  });
});
