// engine/review-change.ts is what `sla diff --events` prints: the function's
// review, rendered or as JSON, equals the CLI's output byte for byte on the
// bundled example and edited windows, targets and fields; a spec the events
// are not for gives a NoImpact (EV507); a rejected row throws unless lenient.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fieldsSignature, prepareEvents } from "../../engine/prepared.ts";
import { IngestError } from "../../engine/problems.ts";
import { jsonText } from "../../engine/render/escape.ts";
import { renderReview } from "../../engine/render/review.ts";
import { type ReviewSide, reviewChange, reviewJson } from "../../engine/review-change.ts";
import { specVersion } from "../../cli/spec-version.ts";
import { compileSource } from "../../language/compile.ts";
import { sla } from "../run-sla.ts";

const SPEC = "specs/examples/inbound/inbound.sla";
const EVENTS = "specs/examples/inbound/events.jsonl";
const TEXT = readFileSync(SPEC, "utf8");
const JSONL = readFileSync(EVENTS, "utf8");

function side(file: string, text: string): ReviewSide {
  const r = compileSource(text);
  if (!r.ir) throw new Error(`${file} does not compile`);
  return { ir: r.ir, version: specVersion(file, text, { cwd: process.cwd() }) };
}

function write(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "sla-review-")), "new.sla");
  writeFileSync(path, text);
  return path;
}

async function review(newText: string, newFile: string, opts: { lenient?: boolean; events?: string } = {}) {
  const before = side(SPEC, TEXT);
  const after = side(newFile, newText);
  const jsonl = opts.events ?? JSONL;
  const pa = await prepareEvents(before.ir, [jsonl], { file: EVENTS, lenient: true });
  const pb =
    fieldsSignature(before.ir.fields) === fieldsSignature(after.ir.fields)
      ? pa
      : await prepareEvents(after.ir, [jsonl], { file: EVENTS, lenient: true });
  return reviewChange(before, after, pa, pb, { lenient: opts.lenient });
}

const EDITS: [string, (s: string) => string][] = [
  ["a tighter window", (s) => s.replace("within 24 business hours", "within 4 business hours")],
  ["windows and a target", (s) => s.replace("within 5m", "within 2m").replace("target 95%", "target 99%")],
  ["no change", (s) => s],
  ["a new field (prepared per side)", (s) => s.replace(/\nfields\s*\{/, "\nfields {\n  region: text\n")],
];

describe("reviewChange is what sla diff --events prints", () => {
  for (const [name, edit] of EDITS)
    it(name, async () => {
      const text = edit(TEXT);
      if (name.startsWith("a new field")) expect(text).toContain("region: text");
      const file = write(text);
      const r = await review(text, file, { lenient: true });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      for (const format of ["table", "md"] as const) {
        const cli = await sla("diff", SPEC, file, "--events", EVENTS, "--format", format, "--lenient");
        expect(cli.code, cli.err).toBe(0);
        expect(renderReview(r.review, format)).toBe(cli.out);
      }
      const cli = await sla("diff", SPEC, file, "--events", EVENTS, "--format", "json", "--lenient");
      expect(jsonText(reviewJson(r.review)) + "\n").toBe(cli.out);
    });

  it("a tighter window shows in the data: more breaches, lower compliance", async () => {
    const text = TEXT.replace("within 24 business hours", "within 4 business hours");
    const r = await review(text, "new.sla", { lenient: true });
    if (!r.ok) throw new Error("no impact");
    const trials = r.review.impact.obligations.find((o) => o.name === "respond trials")!;
    expect(trials.after!.breached).toBeGreaterThan(trials.before!.breached);
    expect(r.review.impact.newBreaches.length).toBeGreaterThan(0);
    expect(r.review.impact.goneBreaches).toEqual([]);
    expect(r.review.changes.map((c) => c.text)).toEqual(["respond to trials: 24 business hours -> 4 business hours"]);
    expect(r.after.breaches.length - r.before.breaches.length).toBe(r.review.impact.newBreaches.length);
  });
});

describe("when there is no impact to compute", () => {
  it("events that are not for the new spec: NoImpact EV507, as the CLI says", async () => {
    const text = [
      'sla "other"',
      'timezone "UTC"',
      "fields {",
      "  region: text",
      "}",
      'segment europe when region = "EU"',
      "respond to europe within 1h",
      "",
    ].join("\n");
    const file = write(text);
    const res = await review(text, file, { lenient: true });
    if (res.ok) throw new Error("expected no impact");
    expect(res.noImpact.side).toBe("new");
    expect(res.noImpact.code).toBe("EV507");
    const cli = await sla("diff", SPEC, file, "--events", EVENTS, "--lenient");
    expect(cli.code).toBe(1);
    expect(cli.err).toContain(`no impact computed for ${file}: ${res.noImpact.message} (EV507)`);
  });

  it("a rejected row throws an IngestError unless lenient", async () => {
    const bad = `${JSONL}{"type":"lead.created","lead":"X1","at":"not a time"}\n`;
    await expect(review(TEXT, SPEC, { events: bad })).rejects.toBeInstanceOf(IngestError);
    expect((await review(TEXT, SPEC, { events: bad, lenient: true })).ok).toBe(true);
  });
});
