// No kill and no failed write loses a spec. Processes are killed with SIGKILL
// at random moments while they replace a file; the file must always hold
// either the old or the new content, whole. A real file-size limit (ulimit -f:
// EFBIG) must leave the original byte-identical with a message.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildSync } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSpec } from "../../bench/workloads.ts";

const SLA = resolve("cli/bin/sla.js");
const dir = mkdtempSync(join(tmpdir(), "sla-atomic-"));

/** A deterministic source of randomness for the kill times. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((res) => child.once("exit", (code) => res(code)));
}

beforeAll(() => {
  execFileSync(process.execPath, [SLA, "--version"]); // compile the CLI bundle once, outside the tests' limits
});

describe("writeFileAtomic under SIGKILL", () => {
  it("the file is always the old or the new content, whole (20 kills mid-write)", async () => {
    // A child that replaces one file in a loop with two 4 MB contents in turn:
    // nearly all its time is spent inside writeFileAtomic.
    const child = join(dir, "writer.mjs");
    buildSync({
      stdin: {
        contents: `
          import { writeFileAtomic } from ${JSON.stringify(resolve("cli/write-file.ts"))};
          const [target] = process.argv.slice(2);
          const a = Buffer.alloc(4 << 20, "a");
          const b = Buffer.alloc(4 << 20, "b");
          for (let i = 0; ; i++) {
            writeFileAtomic(target, i % 2 ? b : a);
            if (i === 0) process.stdout.write("ready\\n");
          }`,
        resolveDir: process.cwd(),
        loader: "ts",
      },
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: child,
      logLevel: "silent",
    });
    const target = join(dir, "target.bin");
    writeFileSync(target, Buffer.alloc(4 << 20, "a"));
    const random = rng(7);
    for (let k = 0; k < 20; k++) {
      const p = spawn(process.execPath, [child, target], { stdio: ["ignore", "pipe", "inherit"] });
      const exit = exited(p);
      await new Promise<void>((res) => p.stdout!.once("data", () => res()));
      await new Promise((res) => setTimeout(res, random() * 120));
      p.kill("SIGKILL");
      await exit;
      const now = readFileSync(target);
      expect(now.length).toBe(4 << 20);
      const first = now[0];
      expect(first === 97 || first === 98).toBe(true);
      expect(now.every((x) => x === first)).toBe(true);
    }
    // a killed run may leave its temporary file behind; the next write removes it
    expect(
      readdirSync(dir).filter((n) => !n.startsWith(".target.bin.") && n !== "target.bin" && n !== "writer.mjs"),
    ).toEqual([]);
    expect(readdirSync(dir).filter((n) => n.startsWith(".target.bin.")).length).toBeLessThanOrEqual(1);
  }, 120_000);
});

describe("sla fmt", () => {
  const original = generateSpec(1500, 3).replace(/\n {2}(?=\S)/g, "\n    ");

  it("killed at random moments, the spec is always the old or the formatted text", async () => {
    const file = join(dir, "killed.sla");
    // one uninterrupted run gives the formatted text and how long a run takes
    writeFileSync(file, original);
    const t0 = Date.now();
    execFileSync(process.execPath, [SLA, "fmt", file]);
    const took = Date.now() - t0;
    const formatted = readFileSync(file, "utf8");
    expect(formatted).not.toBe(original);
    const random = rng(11);
    for (let k = 0; k < 4; k++) {
      writeFileSync(file, original);
      const p = spawn(process.execPath, [SLA, "fmt", file], { stdio: "ignore" });
      const exit = exited(p);
      await new Promise((res) => setTimeout(res, took * (0.3 + random())));
      p.kill("SIGKILL");
      await exit;
      const now = readFileSync(file, "utf8");
      expect(now === original || now === formatted).toBe(true);
    }
  }, 180_000);

  it("a file-size limit (EFBIG) leaves the spec byte-identical, with a message", () => {
    const file = join(dir, "limited.sla");
    writeFileSync(file, original);
    // ulimit -f counts 1024-byte blocks in bash and dash alike on Linux
    const limitKb = Math.floor(original.length / 1024 / 4);
    let stderr = "";
    let status = 0;
    try {
      execFileSync("sh", ["-c", `ulimit -f ${limitKb}; exec "$0" "$@"`, process.execPath, SLA, "fmt", file], {
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      status = err.status;
      stderr = err.stderr.toString();
    }
    expect(status).toBe(1);
    expect(stderr).toMatch(
      /sla fmt: cannot write .*limited\.sla: file too large .*; .*limited\.sla was left unchanged/,
    );
    expect(stderr).not.toMatch(/internal error/);
    expect(readFileSync(file, "utf8")).toBe(original);
    expect(readdirSync(dir).filter((n) => n.startsWith(".limited.sla."))).toEqual([]);
  }, 60_000);
});
