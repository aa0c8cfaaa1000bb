// `sla simulate --cache` never trusts a cache that does not verify: whatever
// is done to EV.slaprep (truncated, bit flips, zeroed blocks, another version,
// a symlink or FIFO planted, a cache of another file) or to the events (a
// same-size edit with the mtime restored), the report is the one a run
// without the cache gives, and a one-line notice says the cache was rebuilt.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  copyFileSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hashFile, startHash } from "../../cli/cache.ts";
import { PreparedEvents } from "../../engine/prepared.ts";
import { generateJsonl } from "../../generate/writer.ts";
import { sla } from "../run-sla.ts";

const SPEC = "specs/examples/inbound/inbound.sla";
const dir = mkdtempSync(join(tmpdir(), "sla-cache-"));
const EV = join(dir, "EV.jsonl");
const CACHE = `${EV}.slaprep`;
const lines = readFileSync("specs/examples/inbound/events.jsonl", "utf8").trim().split("\n").slice(0, 2500);
writeFileSync(EV, lines.join("\n") + "\n");

const simulate = (events = EV) => sla("simulate", SPEC, "--events", events, "--format", "json", "--no-progress");
const cached = (events = EV) =>
  sla("simulate", SPEC, "--events", events, "--cache", "--format", "json", "--no-progress");

const plain = await simulate();
const first = await cached();
const good = readFileSync(CACHE);

/** Deterministic pseudo-random positions (the same every run). */
function* positions(seed: number, count: number, max: number): Generator<number> {
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    yield x % max;
  }
}

async function expectRebuilt(bytes: Uint8Array, notice: RegExp) {
  writeFileSync(CACHE, bytes);
  const r = await cached();
  expect(r.code).toBe(0);
  expect(r.out).toBe(plain.out);
  expect(r.err).toMatch(notice);
  expect(r.err.trim().split("\n")).toHaveLength(1);
  // and the cache is whole again
  expect(readFileSync(CACHE).equals(good)).toBe(true);
}

describe("sla simulate --cache integrity", () => {
  it("a fresh cache gives the report of a run without it, silently, and is reused", async () => {
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.out).breaches.length).toBeGreaterThan(0);
    expect(first.out).toBe(plain.out);
    expect(first.err).toBe("");
    const again = await cached();
    expect(again.out).toBe(plain.out);
    expect(again.err).toBe("");
  });

  it("truncation at many points is detected and rebuilt (the issue's repro: 0 breaches instead of 300)", async () => {
    for (const cut of [0, 10, 24, 600, Math.floor(good.length / 2), good.length - 1, ...positions(1, 12, good.length)])
      await expectRebuilt(good.subarray(0, cut), /EV\.jsonl\.slaprep (does not verify|.*); rebuilding it/);
  });

  it("bit flips and zeroed blocks are detected and rebuilt", async () => {
    for (const at of positions(2, 10, good.length)) {
      const b = Buffer.from(good); // a copy (Buffer#slice is a view)
      b[at] ^= 1 << (at % 8);
      await expectRebuilt(b, /does not verify/);
    }
    for (let at of positions(3, 6, good.length - 4096)) {
      // zeroing bytes that are already zero (e.g. the `until` column of events without one) is no damage
      while (at < good.length - 4096 && good[at] === 0) at++;
      const b = Buffer.from(good); // a copy (Buffer#slice is a view)
      b.fill(0, at, at + 4096);
      await expectRebuilt(b, /does not verify/);
    }
  });

  it("another format version is rebuilt", async () => {
    const b = Buffer.from(good); // a copy (Buffer#slice is a view)
    new DataView(b.buffer).setUint32(4, 1, true);
    await expectRebuilt(b, /does not verify \(format version 1/);
  });

  it("a same-size edit of the events with the mtime restored is detected", async () => {
    const ev2 = join(dir, "edit.jsonl");
    // every touch of the first lead becomes a custom event of the same length
    const firstLead = JSON.parse(lines[0]).lead as string;
    const edited = lines.map((l) =>
      l.includes(`"${firstLead}"`) && l.includes('"type":"touch"') ? l.replace('"type":"touch"', '"type":"tauch"') : l,
    );
    writeFileSync(ev2, lines.join("\n") + "\n");
    const mtime = 1_700_000_000; // whole seconds: restored exactly
    utimesSync(ev2, mtime, mtime);
    const before = await cached(ev2);
    const st = statSync(ev2);
    writeFileSync(ev2, edited.join("\n") + "\n");
    utimesSync(ev2, mtime, mtime);
    expect(statSync(ev2).size).toBe(st.size);
    expect(statSync(ev2).mtimeMs).toBe(st.mtimeMs);
    const expected = await simulate(ev2);
    expect(expected.out).not.toBe(before.out); // the edit matters
    const r = await cached(ev2);
    expect(r.out).toBe(expected.out);
    expect(r.err).toMatch(/was prepared from a different .*edit\.jsonl; rebuilding it/);
  });

  it("a cache of another events file is not used", async () => {
    const other = join(dir, "other.jsonl");
    writeFileSync(other, lines.slice(0, 800).join("\n") + "\n");
    await cached(other);
    await expectRebuilt(readFileSync(`${other}.slaprep`), /was prepared from a different/);
  });

  it("a symlink planted at EV.slaprep is neither read nor written through", async () => {
    const victim = join(dir, "victim.txt");
    writeFileSync(victim, "precious");
    // even a link to a valid cache is not trusted
    const elsewhere = join(dir, "valid-cache-elsewhere");
    writeFileSync(elsewhere, good);
    for (const target of [victim, elsewhere]) {
      unlinkSync(CACHE);
      symlinkSync(target, CACHE);
      const r = await cached();
      expect(r.out).toBe(plain.out);
      expect(r.err).toMatch(/is a symbolic link, not a cache written by sla; rebuilding it/);
      expect(lstatSync(CACHE).isSymbolicLink()).toBe(false);
      expect(readFileSync(CACHE).equals(good)).toBe(true);
    }
    expect(readFileSync(victim, "utf8")).toBe("precious");
    expect(readFileSync(elsewhere).equals(good)).toBe(true);
  });

  it("a FIFO planted at EV.slaprep does not hang the run", async () => {
    unlinkSync(CACHE);
    execFileSync("mkfifo", [CACHE]);
    const r = await cached();
    expect(r.out).toBe(plain.out);
    expect(r.err).toMatch(/is not a regular file; rebuilding it/);
    expect(lstatSync(CACHE).isFile()).toBe(true);
  });

  it("a directory at EV.slaprep: the run goes on without the cache", async () => {
    const ev3 = join(dir, "dir.jsonl");
    copyFileSync(EV, ev3);
    execFileSync("mkdir", [`${ev3}.slaprep`]);
    const r = await cached(ev3);
    expect(r.code).toBe(0);
    expect(r.out).toBe(plain.out);
    expect(r.err).toMatch(/is not a regular file; rebuilding it/);
    expect(r.err).toMatch(/cannot write .*dir\.jsonl\.slaprep: it is a directory.*continuing without the cache/);
  });

  it("rejected rows in a cached run name the events file as given now", async () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, [...lines.slice(0, 50), "{not json", ...lines.slice(50, 100)].join("\n") + "\n");
    const strict1 = await cached(bad);
    expect(strict1.code).toBe(1);
    expect(strict1.err).toMatch(/bad\.jsonl:51:/);
    const strict2 = await cached(bad);
    expect(strict2.err).toBe(strict1.err);
    const p = PreparedEvents.deserialize(readFileSync(`${bad}.slaprep`));
    expect(p.meta.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("--cache on a missing or non-regular events file is a message, not an internal error", async () => {
    const r = await cached(join(dir, "missing.jsonl"));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/missing\.jsonl: no such file/);
    expect(r.err).not.toMatch(/internal error/);
    const d = await cached(dir);
    expect(d.code).toBe(1);
    expect(d.err).toMatch(/is a directory/);
  });
});

describe("the events hash", () => {
  it("is the SHA-256 of the file's bytes, on this thread or a worker (big files)", async () => {
    for (const size of [0, 1000, 9 << 20]) {
      const f = join(dir, `bytes-${size}`);
      const bytes = randomBytes(size);
      writeFileSync(f, bytes);
      const expected = createHash("sha256").update(bytes).digest("hex");
      expect(hashFile(f)).toBe(expected);
      expect(await startHash(f, size)).toBe(expected);
    }
  });
});

describe("a big events file (hashed on a worker thread)", () => {
  it("a same-size edit with the mtime restored is detected; an unchanged file reuses the cache", async () => {
    const big = join(dir, "big.jsonl");
    const text = generateJsonl({ seed: 5, leads: 16_000, months: 1 });
    expect(text.length).toBeGreaterThan(9 << 20);
    writeFileSync(big, text);
    utimesSync(big, 1_700_000_000, 1_700_000_000);
    const fresh = await cached(big);
    const reused = await cached(big);
    expect(reused.out).toBe(fresh.out);
    expect(reused.err).toBe("");
    // the last touch in the file becomes a custom event of the same length
    const at = text.lastIndexOf('"type":"touch"');
    writeFileSync(big, text.slice(0, at) + '"type":"tauch"' + text.slice(at + 14));
    utimesSync(big, 1_700_000_000, 1_700_000_000);
    const r = await cached(big);
    expect(r.err).toMatch(/was prepared from a different .*big\.jsonl; rebuilding it/);
    expect(r.out).toBe((await simulate(big)).out);
    expect(r.out).not.toBe(fresh.out); // the edit matters
  }, 120_000);
});
