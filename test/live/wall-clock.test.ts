// --clock wall: deadlines fire on real time (a timer to the next due
// instant), not when the next event arrives; the process keeps running after
// the end of input until SIGTERM, then exits cleanly.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LiveRecord } from "../../engine/live/record.ts";

const dir = mkdtempSync(join(tmpdir(), "sla-wall-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sla run --clock wall", () => {
  it("fires a breach at its due instant in real time, then stops on SIGTERM", async () => {
    const spec = join(dir, "t.sla");
    writeFileSync(
      spec,
      `sla "T"
fields {
  source: one of "demo", "trial"
}
segment hot when source = "demo"
respond to hot within 1m
`,
    );
    // created 55 s ago: due in 5 s, and nothing else will arrive
    const created = Date.now() - 55_000;
    const due = created + 60_000;
    const child = spawn(
      process.execPath,
      ["cli/bin/sla.js", "run", spec, "--state", join(dir, "state"), "--clock", "wall", "--lateness", "0s"],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    const breach = new Promise<{ record: LiveRecord; receivedAt: number }>((resolve) => {
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => {
        out += d;
        const line = out.split("\n").find((l) => l.includes('"kind":"breach"'));
        if (line) resolve({ record: JSON.parse(line), receivedAt: Date.now() });
      });
    });
    child.stdin.end(
      `${JSON.stringify({ id: "e1", at: new Date(created).toISOString(), type: "lead.created", lead: "L1", fields: { source: "demo" } })}\n`,
    );
    const { record, receivedAt } = await breach;
    expect(record.at).toBe(new Date(due).toISOString().replace(".000Z", "Z"));
    expect(receivedAt).toBeGreaterThanOrEqual(due); // never before its time
    const exit = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(stderr).toBe("");
  }, 90_000);
});
