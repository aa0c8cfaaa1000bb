// cli/read.ts: files (and .gz files) as text chunks for the ingest layer.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError, openText, readText } from "../../cli/read.ts";
import { readJsonlEvents } from "../../engine/ingest/jsonl.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sla-read-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function chunksOf(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const c of openText(path)) out.push(c);
  return out;
}

describe("openText", () => {
  it("streams a large file in chunks of about 1 MiB without breaking multi-byte characters", async () => {
    // 3-byte and 4-byte UTF-8 characters straddle every 1 MiB boundary somewhere
    const text = "é€😀abc\n".repeat(300_000);
    const path = join(dir, "big.txt");
    writeFileSync(path, text);
    const chunks = await chunksOf(path);
    expect(chunks.length).toBeGreaterThan(2);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(1 << 20);
    expect(chunks.join("")).toBe(text);
  });

  it("gunzips a .gz file", async () => {
    const text = '{"id":"e1","at":"2027-01-04T14:03:00Z","type":"touch","lead":"L1"}\n'.repeat(50_000);
    const path = join(dir, "events.jsonl.gz");
    writeFileSync(path, gzipSync(text));
    expect(await readText(path)).toBe(text);
    let n = 0;
    for await (const _ of readJsonlEvents(openText(path), { file: path, ir: { fields: {} }, lenient: false })) n++;
    expect(n).toBe(50_000);
  });

  it("says plainly when a file is missing, a directory, or not gzip", async () => {
    const missing = join(dir, "nope.jsonl");
    await expect(chunksOf(missing)).rejects.toThrow(new InputError(`${missing}: no such file`));
    await expect(chunksOf(missing)).rejects.toBeInstanceOf(InputError);
    mkdirSync(join(dir, "sub"));
    await expect(chunksOf(join(dir, "sub"))).rejects.toThrow(`${join(dir, "sub")}: is a directory, not a file`);
    const fake = join(dir, "fake.gz");
    writeFileSync(fake, "plain text, not gzip");
    await expect(chunksOf(fake)).rejects.toThrow(/fake\.gz: not a valid gzip file/);
  });

  it("reads an empty file as no text", async () => {
    const path = join(dir, "empty.txt");
    writeFileSync(path, "");
    expect(await readText(path)).toBe("");
  });
});
