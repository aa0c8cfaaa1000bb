// cli/write-file.ts: atomic replacement, permissions, the symlink rule, and
// failed writes that leave the original byte-identical (failures injected into
// node:fs, so they happen even when the tests run as root).
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
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

/** When set, the next matching fs call throws this errno code. */
const fault: { op: string | null; code: string } = { op: null, code: "" };
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const failing =
    <F extends (...a: never[]) => unknown>(op: string, f: F) =>
    (...a: Parameters<F>): ReturnType<F> => {
      if (fault.op === op) {
        fault.op = null;
        throw Object.assign(new Error(`${fault.code}: injected`), { code: fault.code, syscall: op });
      }
      return f(...a) as ReturnType<F>;
    };
  return {
    ...fs,
    default: fs,
    writeSync: failing("write", fs.writeSync),
    fsyncSync: failing("fsync", fs.fsyncSync),
    renameSync: failing("rename", fs.renameSync),
    openSync: failing("open", fs.openSync),
  };
});

const { writeFileAtomic, openAtomic, WriteFileError } = await import("../../cli/write-file.ts");

const tmp = () => mkdtempSync(join(tmpdir(), "sla-write-"));
const leftovers = (d: string) => readdirSync(d).filter((n) => n.endsWith(".tmp"));

afterEach(() => {
  fault.op = null;
});

describe("writeFileAtomic", () => {
  it("creates and replaces files, keeping the replaced file's permissions", () => {
    const d = tmp();
    const f = join(d, "a.txt");
    writeFileAtomic(f, "one");
    expect(readFileSync(f, "utf8")).toBe("one");
    chmodSync(f, 0o640);
    writeFileAtomic(f, new Uint8Array([104, 105]));
    expect(readFileSync(f, "utf8")).toBe("hi");
    expect(statSync(f).mode & 0o7777).toBe(0o640);
    expect(leftovers(d)).toEqual([]);
  });

  it("follows a symlink the user named: the target is replaced, the link stays", () => {
    const d = tmp();
    mkdirSync(join(d, "real"));
    writeFileSync(join(d, "real", "t.sla"), "old");
    symlinkSync(join("real", "t.sla"), join(d, "link.sla"));
    symlinkSync("link.sla", join(d, "link2.sla")); // a chain
    writeFileAtomic(join(d, "link2.sla"), "new");
    expect(lstatSync(join(d, "link.sla")).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(d, "link2.sla")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, "real", "t.sla"), "utf8")).toBe("new");
    expect(leftovers(d)).toEqual([]);
    expect(leftovers(join(d, "real"))).toEqual([]);
  });

  it('symlinks: "replace" replaces the link itself and never touches its target', () => {
    const d = tmp();
    writeFileSync(join(d, "victim"), "precious");
    symlinkSync(join(d, "victim"), join(d, "cache"));
    writeFileAtomic(join(d, "cache"), "mine", { symlinks: "replace" });
    expect(readFileSync(join(d, "victim"), "utf8")).toBe("precious");
    expect(lstatSync(join(d, "cache")).isFile()).toBe(true);
    expect(statSync(join(d, "cache")).mode & 0o777).not.toBe(0o777); // not the link's mode
    expect(readFileSync(join(d, "cache"), "utf8")).toBe("mine");
  });

  it("a symlink loop is a clear error", () => {
    const d = tmp();
    symlinkSync("b", join(d, "a"));
    symlinkSync("a", join(d, "b"));
    expect(() => writeFileAtomic(join(d, "a"), "x")).toThrow(/too many levels of symbolic links/);
  });

  it("refuses a read-only file and a directory, leaving them alone", () => {
    const d = tmp();
    const f = join(d, "ro.sla");
    writeFileSync(f, "keep");
    chmodSync(f, 0o444);
    expect(() => writeFileAtomic(f, "x")).toThrow(WriteFileError);
    expect(() => writeFileAtomic(f, "x")).toThrow(/read-only.*left unchanged/);
    expect(readFileSync(f, "utf8")).toBe("keep");
    expect(() => writeFileAtomic(d, "x")).toThrow(/is a directory/);
    expect(leftovers(d)).toEqual([]);
  });

  it("a missing directory says so", () => {
    const d = tmp();
    expect(() => writeFileAtomic(join(d, "nope", "x.json"), "x")).toThrow(/directory .*nope does not exist/);
  });

  it("writes special files (/dev/null) in place instead of replacing them", () => {
    writeFileAtomic("/dev/null", "discarded");
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  });

  for (const [op, code, message] of [
    ["write", "ENOSPC", /no space left on the device; .* was left unchanged/],
    ["write", "EFBIG", /file too large/],
    ["fsync", "EIO", /was left unchanged/],
    ["rename", "EXDEV", /was left unchanged/],
    ["open", "EACCES", /permission denied \(cannot create files in /],
    ["open", "EROFS", /read-only/],
  ] as const) {
    it(`a failed ${op} (${code}) leaves the original byte-identical and no temporary file`, () => {
      const d = tmp();
      const f = join(d, "spec.sla");
      const original = Buffer.from("original\ncontent\n".repeat(1000));
      writeFileSync(f, original);
      fault.op = op;
      fault.code = code;
      let err: unknown;
      try {
        writeFileAtomic(f, "new content ".repeat(10_000));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(WriteFileError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toMatch(/internal error/);
      expect(readFileSync(f).equals(original)).toBe(true);
      expect(leftovers(d)).toEqual([]);
    });
  }

  it("removes temporary files left by killed writers, never a live writer's", () => {
    const d = tmp();
    const f = join(d, "spec.sla");
    writeFileSync(f, "old");
    const dead = 2 ** 22 + 12345; // above the default pid_max: no such process
    const stale = join(d, `.spec.sla.${dead}.0123456789ab.tmp`);
    const live = join(d, ".spec.sla.1.0123456789ab.tmp"); // pid 1 is always alive
    const other = join(d, `.other.sla.${dead}.0123456789ab.tmp`);
    for (const t of [stale, live, other]) writeFileSync(t, "partial");
    writeFileAtomic(f, "new");
    expect(readFileSync(f, "utf8")).toBe("new");
    expect(readdirSync(d).sort()).toEqual([
      ".other.sla.4206649.0123456789ab.tmp",
      ".spec.sla.1.0123456789ab.tmp",
      "spec.sla",
    ]);
  });

  it("a streamed file is invisible until commit; abort leaves the original", () => {
    const d = tmp();
    const f = join(d, "out.jsonl");
    writeFileSync(f, "old\n");
    const w = openAtomic(f);
    w.write("a\n");
    w.write("b\n");
    expect(readFileSync(f, "utf8")).toBe("old\n");
    w.abort();
    expect(readFileSync(f, "utf8")).toBe("old\n");
    expect(leftovers(d)).toEqual([]);
    const w2 = openAtomic(f);
    w2.write("c\n");
    w2.commit();
    expect(readFileSync(f, "utf8")).toBe("c\n");
  });
});
