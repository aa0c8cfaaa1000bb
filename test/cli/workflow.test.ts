// The GitHub workflow (.github/workflows/sla-review.yml), run locally: its
// Format, Check, Test and Comment steps (one-line commands) execute in a
// scratch clone whose branch has a second commit changing the specs.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(".");
const WORKFLOW = readFileSync(".github/workflows/sla-review.yml", "utf8");
const SLA = `node ${join(ROOT, "cli/bin/sla.js")}`;
const INBOUND = readFileSync("specs/examples/inbound/inbound.sla", "utf8");

/** The one-line `run:` of the step with that name. */
function step(name: string): string {
  const m = new RegExp(`- name: ${name}\\n(?:\\s+(?!run:)\\S.*\\n)*\\s+run: (.+)\\n`).exec(WORKFLOW);
  if (!m) throw new Error(`no step ${name}`);
  return m[1];
}

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd, stdio: "pipe" });
}

/** A clone on branch `change` (two commits) with `origin/main` as the base. */
function scratch(edit: (dir: string) => void): string {
  const origin = mkdtempSync(join(tmpdir(), "sla-wf-origin-"));
  git(origin, "init", "-q", "-b", "main");
  mkdirSync(join(origin, "specs"));
  writeFileSync(join(origin, "specs/inbound.sla"), INBOUND);
  copyFileSync("specs/examples/inbound/inbound.slatest", join(origin, "specs/inbound.slatest"));
  copyFileSync("specs/seeds/weidert.sla", join(origin, "specs/weidert.sla"));
  copyFileSync("specs/examples/inbound/events.jsonl", join(origin, "events.jsonl"));
  mkdirSync(join(origin, ".github/scripts"), { recursive: true });
  copyFileSync(".github/scripts/sla-pr-comment.sh", join(origin, ".github/scripts/sla-pr-comment.sh"));
  git(origin, "add", ".");
  git(origin, "commit", "-qm", "first");
  const clone = mkdtempSync(join(tmpdir(), "sla-wf-clone-"));
  git(clone, "clone", "-q", origin, ".");
  git(clone, "checkout", "-q", "-b", "change");
  edit(clone);
  git(clone, "add", "-A");
  git(clone, "commit", "-qm", "second");
  return clone;
}

function run(cwd: string, command: string, env: Record<string, string> = {}) {
  return spawnSync("bash", ["-c", command], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, SLA, SLA_EVENTS: "events.jsonl", GITHUB_BASE_REF: "main", ...env },
  });
}

describe("the SLA review workflow, run locally", () => {
  it("formats, checks, tests and writes the pull-request comment for a changed target", () => {
    const dir = scratch((d) => {
      writeFileSync(join(d, "specs/inbound.sla"), INBOUND.replace("target 99%", "target 95%"));
      const w = readFileSync(join(d, "specs/weidert.sla"), "utf8");
      writeFileSync(
        join(d, "specs/weidert.sla"),
        w.replace("respond to sqls within 4 business hours", "respond to sqls within 2 business hours"),
      );
      writeFileSync(join(d, "specs/new.sla"), 'sla "new"\n');
    });
    for (const name of ["Format", "Check", "Test"]) {
      const r = run(dir, step(name));
      expect(r.status, `${name}: ${r.stdout}${r.stderr}`).toBe(0);
    }
    const c = run(dir, step("Comment"));
    expect(c.status, c.stderr).toBe(0);
    const md = readFileSync(join(dir, "sla-comment.md"), "utf8");
    expect(md).toMatch(/^<!-- sla-review -->\n## SLA review\n/);
    expect(md).toContain(
      "### `specs/inbound.sla`\n\n### What changed in meaning (1 change)\n\n- respond to hand_raisers target: 99% -&gt; 95%",
    );
    expect(md).toContain("### What this SLA change would have done");
    // weidert's fields are not the events' fields: the change list, and why there is no impact
    expect(md).toContain("- respond to sqls: 4 business hours -&gt; 2 business hours");
    expect(md).toContain("_Impact not computed on events.jsonl:");
    expect(md).toContain("### `specs/new.sla`\n\nA new SLA file.");
  });

  it("a change that breaks a spec's tests fails the Test step; a long comment is cut with a note", () => {
    const dir = scratch((d) => writeFileSync(join(d, "specs/inbound.sla"), INBOUND.replace("within 5m", "within 15m")));
    const t = run(dir, step("Test"));
    expect(t.status).not.toBe(0); // xargs reports a failed command as 123
    expect(t.stdout).toContain("expected: open due 2027-01-04 09:05");
    const c = run(dir, step("Comment"), { SLA_COMMENT_LIMIT: "600" });
    expect(c.status).toBe(0);
    const md = readFileSync(join(dir, "sla-comment.md"), "utf8");
    expect(md.length).toBeLessThan(800);
    expect(md).toMatch(/_Cut: the full review is \d+ characters/);
  });
});
