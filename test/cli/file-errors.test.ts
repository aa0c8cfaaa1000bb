// File-system trouble is a message, never an "internal error": --out into a
// missing or unwritable place, fmt on a read-only file or through a symlink,
// a FIFO named x.sla in a checked directory, command and option names that are
// Object.prototype keys.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_SOURCE_BYTES } from "../../cli/files.ts";
import { sla } from "../run-sla.ts";

const SPEC = "specs/examples/inbound/inbound.sla";
const EVENTS = "specs/examples/inbound/events.jsonl";
const tmp = () => mkdtempSync(join(tmpdir(), "sla-files-"));
const asRoot = process.getuid?.() === 0;
const spec = readFileSync(SPEC, "utf8");
/** The spec with 4-space indentation: valid, and not in the canonical layout. */
const unformatted = spec.replace(/\n {2}(?=\S)/g, "\n    ");

function expectMessage(r: { code: number; err: string }, message: RegExp) {
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/internal error/);
  expect(r.err).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
  expect(r.code).toBe(1);
}

describe("--out into a place that cannot be written", () => {
  const d = tmp();
  writeFileSync(join(d, "plain-file"), "x");
  const small = join(d, "small.jsonl");
  writeFileSync(small, readFileSync(EVENTS, "utf8").split("\n").slice(0, 300).join("\n") + "\n");
  const targets = [
    [join(d, "missing", "dir", "out.x"), /the directory .*missing.dir does not exist; nothing was written/],
    [join(d, "plain-file", "out.x"), /a part of the path is not a directory/],
    [d, /it is a directory/],
  ] as const;
  for (const [out, message] of targets) {
    it(`simulate, compile and generate: ${out.slice(d.length) || "a directory"}`, async () => {
      expectMessage(await sla("simulate", SPEC, "--events", small, "--no-progress", "--out", out), message);
      expectMessage(await sla("compile", SPEC, "--out", out), message);
      expectMessage(await sla("generate", "--leads", "5", "--months", "1", "--out", out), message);
    });
  }
  it.skipIf(asRoot)("an unwritable directory (not as root: root may write anywhere)", async () => {
    const ro = join(d, "ro");
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    expectMessage(await sla("compile", SPEC, "--out", join(ro, "x.json")), /permission denied/);
  });
  it("--out replaces an existing file atomically and keeps its permissions", async () => {
    const out = join(d, "report.md");
    writeFileSync(out, "old");
    chmodSync(out, 0o600);
    const r = await sla("simulate", SPEC, "--events", small, "--no-progress", "--format", "md", "--out", out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/Inbound lead SLA/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(d).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
  it("--out /dev/stdout writes to the descriptor: a pipe, or a file opened with > or >> (appended, not replaced)", () => {
    const sla = resolve("cli/bin/sla.js");
    const f = join(d, "appended.json");
    writeFileSync(f, "first\n");
    execFileSync("sh", ["-c", `"$0" "$1" compile "$2" --out /dev/stdout >> "$3"`, process.execPath, sla, SPEC, f]);
    const text = readFileSync(f, "utf8");
    expect(text.startsWith('first\n{\n  "version": 1')).toBe(true);
    const piped = execFileSync("sh", [
      "-c",
      `"$0" "$1" compile "$2" --out /dev/stdout | cat`,
      process.execPath,
      sla,
      SPEC,
    ]);
    expect(piped.toString()).toBe(text.slice("first\n".length));
    // a reader that stops early is not an error
    const err = join(d, "generate.err");
    execFileSync("sh", [
      "-c",
      `"$0" "$1" generate --leads 20000 --months 1 -o /dev/stdout 2>"$2" | head -1 >/dev/null`,
      process.execPath,
      sla,
      err,
    ]);
    expect(readFileSync(err, "utf8")).toBe("");
  }, 60_000);
  it("--out /dev/null still works (special files are written, not replaced)", async () => {
    expect((await sla("compile", SPEC, "--out", "/dev/null")).code).toBe(0);
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  });
});

describe("sla fmt writes safely", () => {
  it("a read-only file is left byte-identical with a message; the other files are formatted", async () => {
    const d = tmp();
    const ro = join(d, "ro.sla");
    const rw = join(d, "rw.sla");
    writeFileSync(ro, unformatted);
    writeFileSync(rw, unformatted);
    chmodSync(ro, 0o444);
    const r = await sla("fmt", ro, rw);
    expectMessage(r, /sla fmt: cannot write .*ro\.sla: the file is read-only .*left unchanged/);
    expect(readFileSync(ro, "utf8")).toBe(unformatted);
    expect(readFileSync(rw, "utf8")).toBe(spec);
    expect(r.out).toMatch(/rw\.sla/);
  });
  it("rewrites a symlink's target and keeps the link", async () => {
    const d = tmp();
    mkdirSync(join(d, "real"));
    writeFileSync(join(d, "real", "s.sla"), unformatted);
    symlinkSync(join("real", "s.sla"), join(d, "link.sla"));
    const r = await sla("fmt", join(d, "link.sla"));
    expect(r.code).toBe(0);
    expect(lstatSync(join(d, "link.sla")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, "real", "s.sla"), "utf8")).toBe(spec);
  });
  it("keeps the file's permissions", async () => {
    const d = tmp();
    const f = join(d, "x.sla");
    writeFileSync(f, unformatted);
    chmodSync(f, 0o640);
    expect((await sla("fmt", f)).code).toBe(0);
    expect(statSync(f).mode & 0o777).toBe(0o640);
  });
});

describe("non-regular files named x.sla in a directory", () => {
  it("sla check and sla fmt skip a FIFO with a message instead of hanging", async () => {
    const d = tmp();
    writeFileSync(join(d, "good.sla"), spec);
    execFileSync("mkfifo", [join(d, "x.sla")]);
    symlinkSync("nowhere.sla", join(d, "dangling.sla"));
    const c = await sla("check", d);
    expect(c.code).toBe(0);
    expect(c.err).toMatch(/sla check: skipping .*x\.sla: a FIFO \(named pipe\), not a regular file/);
    expect(c.err).toMatch(/skipping .*dangling\.sla: a broken symbolic link/);
    expect(c.err.trim().split("\n")).toHaveLength(2); // the two notices, nothing else
    const f = await sla("fmt", "--check", d);
    expect(f.code).toBe(0);
    expect(f.err).toMatch(/sla fmt: skipping .*x\.sla: a FIFO/);
  }, 10_000);
});

describe("Object.prototype names are not commands or option values", () => {
  const keys = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "prototype"];
  it("sla <key> is an unknown command", async () => {
    for (const k of keys) {
      const r = await sla(k);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`unknown command '${k}'`));
    }
  });
  it("option values and option names", async () => {
    for (const k of keys) {
      for (const argv of [
        ["check", "--format", k, SPEC],
        ["compile", "--target", k, SPEC],
        ["plan", "--format", k, SPEC],
        ["simulate", SPEC, "--events", EVENTS, "--format", k],
        ["diff", SPEC, SPEC, "--events", EVENTS, "--format", k],
        ["simulate", SPEC, "--leads", k, "--map", k],
        ["check", `--${k}`, SPEC],
        ["generate", `--${k}`],
      ]) {
        const r = await sla(...argv);
        expect(r.err, argv.join(" ")).not.toMatch(/internal error/);
        expect(r.code, argv.join(" ")).toBe(2);
      }
    }
  });
});

describe("the size limit for .sla sources", () => {
  it("a spec over 8 MiB is refused with its size and the limit, for check and fmt; one at the limit is read", async () => {
    const dir = tmp();
    const big = join(dir, "big.sla");
    // comments only: valid, and cheap to check at the limit
    const line = `# ${"x".repeat(1021)}\n`;
    const atLimit = `sla "Big"\n${line.repeat(MAX_SOURCE_BYTES / line.length - 1)}`;
    expect(atLimit.length).toBeLessThanOrEqual(MAX_SOURCE_BYTES);
    writeFileSync(big, atLimit);
    expect((await sla("check", big)).code).toBe(0);
    writeFileSync(big, atLimit + line);
    for (const cmd of ["check", "fmt"]) {
      const r = await sla(cmd, big);
      expect(r.err).toMatch(/big\.sla: 8\.0 MiB is too large for an \.sla file \(limit 8 MiB\)/);
      expect(r.err).not.toMatch(/internal error/);
      expect(r.code).not.toBe(0);
    }
  });
});
