// `sla agreement --format pdf`: printed by Debian's Chromium through
// playwright-core. Skipped only where Chromium is absent and CI is not set
// (under CI a missing Chromium fails the test).
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chromiumPath } from "../../cli/agreement-pdf.ts";
import { sla } from "../run-sla.ts";

const skip = chromiumPath() === null && !process.env.CI;

/** The PDF's streams, inflated where they are Flate-compressed, as Latin-1 text. */
function pdfText(pdf: Buffer): string {
  const parts: string[] = [pdf.toString("latin1")];
  const raw = pdf.toString("latin1");
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf("endstream", start);
    if (end < 0) continue;
    try {
      parts.push(inflateSync(pdf.subarray(start, end)).toString("latin1"));
    } catch {
      // not Flate (an image, a font): skip
    }
  }
  return parts.join("\n");
}

describe.skipIf(skip)("sla agreement --format pdf", () => {
  it("writes a PDF whose document and footer carry the spec's SHA-256", { timeout: 60_000 }, async () => {
    const spec = "specs/seeds/square2.sla";
    const sha = createHash("sha256").update(readFileSync(spec, "utf8"), "utf8").digest("hex");
    const dir = mkdtempSync(join(tmpdir(), "sla-pdf-"));
    const out = join(dir, "square2.pdf");
    const r = await sla("agreement", spec, "--format", "pdf", "--out", out);
    expect(r.err).toContain("wrote");
    expect(r.code).toBe(0);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(10_000);
    // several pages of text
    expect((pdf.toString("latin1").match(/\/Type\s*\/Page\b/g) ?? []).length).toBeGreaterThan(2);
    // The page text is drawn with subset fonts (glyph ids, not characters), so
    // the full hash is checked in the HTML the PDF was printed from (the same
    // document, `--format html`), and its short form in the PDF's title.
    const html = await sla("agreement", spec, "--format", "html");
    expect(html.out).toContain(`SHA-256 ${sha}`);
    expect(pdfText(pdf)).toContain(`/Title (Square 2 style sales and marketing SLA \\(sha256 ${sha.slice(0, 12)}\\))`);
  });
});
