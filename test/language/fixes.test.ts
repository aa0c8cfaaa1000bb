// Structured fixes: what the checker attaches, and applying them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../language/compile.ts";
import type { Diagnostic } from "../../language/diagnostics.ts";
import { applyEdits, applyFixes } from "../../language/fixes.ts";

const BROKEN = [
  'sla "Inbound',
  "fields {",
  '  source: one of "demo", "trial"',
  "  score: number",
  "  arr: money",
  "  title: text",
  "}",
  'segment hot when source = "dmeo" and score >= "60"',
  "segment big when arr > 5000 and scre > 3 and title = director",
  "marketing delivers 3 VQL per quater",
  "",
].join("\n");

const fixesOf = (text: string) =>
  compileSource(text).diagnostics.map((d) => ({ code: d.code, fixes: d.fixes?.map((f) => f.edits) }));

describe("structured fixes", () => {
  it("come with did-you-means, a missing closing quote, and unambiguous literal rewrites", () => {
    const text = BROKEN;
    const at = (s: string) => text.indexOf(s);
    expect(fixesOf(text)).toEqual([
      { code: "SLA003", fixes: [[{ range: { start: 12, end: 12 }, newText: '"' }]] },
      { code: "SLA302", fixes: [[{ range: { start: at('"dmeo"'), end: at('"dmeo"') + 6 }, newText: '"demo"' }]] },
      { code: "SLA301", fixes: [[{ range: { start: at('"60"'), end: at('"60"') + 4 }, newText: "60" }]] },
      { code: "SLA301", fixes: [[{ range: { start: at("5000"), end: at("5000") + 4 }, newText: "$5000" }]] },
      { code: "SLA201", fixes: [[{ range: { start: at("scre"), end: at("scre") + 4 }, newText: "score" }]] },
      {
        code: "SLA301",
        fixes: [[{ range: { start: at("director"), end: at("director") + 8 }, newText: '"director"' }]],
      },
      { code: "SLA201", fixes: undefined },
      { code: "SLA441", fixes: [[{ range: { start: at("quater"), end: at("quater") + 6 }, newText: "quarter" }]] },
    ]);
  });

  it("fix the problems they belong to: after applying them only the problem without a fix is left", () => {
    const r = applyFixes(BROKEN, compileSource(BROKEN).diagnostics);
    expect(r.applied).toHaveLength(7);
    expect(r.skipped).toEqual([]);
    expect(r.text).toContain('sla "Inbound"\n');
    expect(r.text).toContain('segment hot when source = "demo" and score >= 60\n');
    expect(r.text).toContain('segment big when arr > $5000 and score > 3 and title = "director"\n');
    expect(compileSource(r.text).diagnostics.map((d) => d.code)).toEqual(["SLA201"]);
  });

  it("suggest the closest time zone, re-quoted", () => {
    const text = 'sla "x"\ntimezone "Europe/Berlni"\n';
    const [d] = compileSource(text).diagnostics;
    expect(d.code).toBe("SLA103");
    expect(applyFixes(text, [d]).text).toBe('sla "x"\ntimezone "Europe/Berlin"\n');
  });

  it("lowercase an event type written with capitals", () => {
    const text = 'sla "x"\nexpect Demo.Started within 2d after demo.booked\n';
    const d = compileSource(text).diagnostics.find((x) => x.code === "SLA430")!;
    expect(applyFixes(text, [d]).text).toBe('sla "x"\nexpect demo.started within 2d after demo.booked\n');
  });

  it("are not applied when ambiguous: several fixes, or edits that touch another fix's", () => {
    const text = "abcdef";
    const d = (start: number, end: number, newText: string, extra = false): Diagnostic => ({
      code: "SLA201",
      severity: "error",
      message: "m",
      range: { start, end },
      fixes: [
        { title: "t", edits: [{ range: { start, end }, newText }] },
        ...(extra ? [{ title: "u", edits: [{ range: { start, end }, newText: "?" }] }] : []),
      ],
    });
    expect(applyFixes(text, [d(0, 1, "A"), d(4, 5, "E")]).text).toBe("AbcdEf");
    const overlap = applyFixes(text, [d(0, 3, "X"), d(2, 4, "Y"), d(5, 6, "F")]);
    expect(overlap.text).toBe("abcdeF");
    expect(overlap.skipped).toHaveLength(2);
    expect(applyFixes(text, [d(2, 2, "1"), d(2, 2, "2")]).text).toBe(text); // two inserts at one place
    expect(applyFixes(text, [d(0, 1, "A", true)]).text).toBe(text); // two fixes offered
    expect(applyFixes(text, [d(0, 99, "A")]).text).toBe(text); // outside the text
  });

  it("applyEdits applies any set of non-overlapping edits, in any order", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.string({ maxLength: 3 })), { maxLength: 6 }),
        (text, raw) => {
          // non-overlapping edits: cut the text at sorted distinct points
          const points = [...new Set(raw.map(([p]) => p % (text.length + 1)))].sort((a, b) => a - b);
          const edits = points.map((p, i) => ({
            range: { start: p, end: Math.min(p + raw[i][1], points[i + 1] ?? text.length) },
            newText: raw[i][2],
          }));
          let expected = text;
          for (const e of [...edits].reverse())
            expected = expected.slice(0, e.range.start) + e.newText + expected.slice(e.range.end);
          expect(applyEdits(text, [...edits].reverse())).toBe(expected);
        },
      ),
    );
  });
});
