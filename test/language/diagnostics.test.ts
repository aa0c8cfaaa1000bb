// Every diagnostic code has a fixture test/fixtures/diagnostics/SLAxxx.sla
// whose first line says where the code must appear:
//   # expect SLA302 at 6:36 (unknown enum value)
// and a golden SLAxxx.expected with the exact text `renderText` prints for the
// whole file. A missing golden is written on first run; UPDATE_GOLDEN=1
// rewrites them all (review the diff before committing).
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../language/compile.ts";
import {
  CODES,
  type Diagnostic,
  type DiagnosticCode,
  LineIndex,
  renderText,
  toJson,
} from "../../language/diagnostics.ts";
import { parse } from "../../language/parse.ts";
import { expectGolden } from "../golden.ts";

const DIR = fileURLToPath(new URL("../fixtures/diagnostics/", import.meta.url));
const SYNTAX = fileURLToPath(new URL("../fixtures/syntax/", import.meta.url));

/**
 * Codes the front end does not emit yet: their fixtures exist, but the
 * assertion is skipped (shown as skipped, not hidden) until it does.
 */
const NOT_EMITTED_YET: ReadonlySet<string> = new Set<string>([]);

const golden = expectGolden;

function at(text: string, d: Diagnostic): string {
  const p = new LineIndex(text).position(d.range.start);
  return `${p.line}:${p.col}`;
}

function expectations(text: string): { code: string; where: string }[] {
  const out: { code: string; where: string }[] = [];
  for (const m of text.matchAll(/^# expect (SLA\d{3}) at (\d+:\d+)/gm)) out.push({ code: m[1], where: m[2] });
  return out;
}

const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith(".sla"))
  .map((f) => f.slice(0, -4))
  .sort();

describe("diagnostic fixtures", () => {
  it("has a fixture for every code in CODES", () => {
    const missing = Object.keys(CODES).filter((c) => !FIXTURES.includes(c));
    expect(missing, "codes without a test/fixtures/diagnostics/SLAxxx.sla").toEqual([]);
  });

  it("has no fixture for a code that does not exist, and every fixture states its expectation", () => {
    for (const f of FIXTURES) {
      expect(Object.keys(CODES)).toContain(f);
      const exp = expectations(readFileSync(DIR + f + ".sla", "utf8"));
      expect(
        exp.map((e) => e.code),
        f,
      ).toContain(f);
    }
  });

  for (const code of FIXTURES) {
    const run = NOT_EMITTED_YET.has(code) ? it.skip : it;
    run(
      `${code} (${CODES[code as DiagnosticCode]?.title ?? "?"}) is reported where expected, rendered as in ${code}.expected`,
      () => {
        const text = readFileSync(DIR + code + ".sla", "utf8");
        const { diagnostics } = compileSource(text);
        for (const e of expectations(text)) {
          const found = diagnostics.filter((d) => d.code === e.code).map((d) => at(text, d));
          expect(found, `${e.code} in ${code}.sla`).toContain(e.where);
        }
        for (const d of diagnostics) expect(d.severity).toBe(CODES[d.code].severity);
        golden(DIR + code + ".expected", renderText(`${code}.sla`, text, diagnostics));
      },
    );
  }
});

describe("diagnostics", () => {
  it("reports every syntax error of a file in one run, each at its own line", () => {
    const text = readFileSync(SYNTAX + "several-errors.sla", "utf8");
    const { diagnostics } = compileSource(text);
    const syntax = diagnostics.filter((d) => d.code === "SLA002");
    expect(syntax.length).toBeGreaterThanOrEqual(3);
    expect(syntax.map((d) => at(text, d))).toEqual(["7:28", "8:26", "13:20", "16:13"]);
    expect(syntax.map((d) => d.message)).toEqual([
      "expected a window like 5m, 24h or 24 business hours, found 'soon'",
      "expected a value (a string, number, amount, percentage or date), found 'or'",
      "expected a number or an amount like $1,000, found 'VQL'",
      'expected a breach action (reassign round robin TEAM, escalate to manager, nurture "...", notify "...", tag "..."), found \'page\'',
    ]);
    golden(SYNTAX + "several-errors.expected", renderText("several-errors.sla", text, diagnostics));
  });

  it('suggests the closest enum value: source = "demmo" -> did you mean "demo"?', () => {
    const text =
      'sla "x"\nfields {\n  source: one of "demo", "trial", "webinar", "whitepaper"\n}\ndefine D when source = "demmo"\n';
    const { diagnostics } = compileSource(text);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "SLA302", severity: "error", help: 'did you mean "demo"?' });
    expect(text.slice(diagnostics[0].range.start, diagnostics[0].range.end)).toBe('"demmo"');
    // in a list, too
    const inList = compileSource(text.replace('source = "demmo"', 'source in ("trial", "webnar")')).diagnostics;
    expect(inList).toMatchObject([{ code: "SLA302", help: 'did you mean "webinar"?' }]);
  });

  it("names the cycle in a definition-cycle message, once per cycle", () => {
    const { diagnostics } = compileSource(readFileSync(DIR + "SLA204.sla", "utf8"));
    const cycles = diagnostics.filter((d) => d.code === "SLA204");
    expect(cycles).toHaveLength(1);
    expect(cycles[0].message).toBe("definition cycle: MQL -> SQL -> PQL -> MQL");
    const self = compileSource('sla "x"\ndefine A when A\n').diagnostics.filter((d) => d.code === "SLA204");
    expect(self.map((d) => d.message)).toEqual(["definition cycle: A -> A"]);
  });

  it("checks the sketch's inbound.sla with zero diagnostics", () => {
    const r = compileSource(readFileSync(SYNTAX + "inbound.sla", "utf8"));
    expect(r.diagnostics).toEqual([]);
    expect(r.ir).not.toBeNull();
  });

  it("checks the LANGUAGE.md code block (between the first pair of ``` fences) with zero diagnostics", () => {
    const md = readFileSync(SYNTAX + "LANGUAGE.md", "utf8");
    const m = /^```[^\n]*\n([\s\S]*?)^```/m.exec(md);
    expect(m).not.toBeNull();
    const block = m![1];
    expect(block).toContain('sla "Inbound lead SLA"');
    const r = compileSource(block);
    expect(renderText("LANGUAGE.md", block, r.diagnostics)).toBe("");
    expect(r.ir).not.toBeNull();
  });

  it("reports more than one problem in one run, in source order", () => {
    const text =
      'sla "x"\nfields {\n  score: numbr\n  source: one of "a"\n}\ndefine A when sorce = "a"\ndefine B when source = "b"\n';
    const { diagnostics } = compileSource(text);
    expect(diagnostics.map((d) => `${d.code}@${at(text, d)}`)).toEqual(["SLA207@3:10", "SLA201@6:15", "SLA302@7:24"]);
  });

  it("reports an invalid number-like literal as SLA004 and a stray character as SLA001", () => {
    const lit = compileSource(
      'sla "x"\nsegment s otherwise\nrespond to s within 5 parsecs\ncadence s 3x touches within 5d\n',
    ).diagnostics;
    expect(lit.map((d) => d.code)).toContain("SLA004");
    const bad = compileSource('sla "x" ; owner "y"\n').diagnostics;
    expect(bad.map((d) => d.code)).toEqual(["SLA001"]);
  });

  it("gives JSON diagnostics 1-based positions that agree with the text rendering", () => {
    const text = readFileSync(DIR + "SLA302.sla", "utf8");
    const { diagnostics } = compileSource(text);
    const [j] = toJson("SLA302.sla", text, diagnostics);
    expect(j).toEqual({
      file: "SLA302.sla",
      line: 6,
      column: 36,
      endLine: 6,
      endColumn: 43,
      severity: "error",
      code: "SLA302",
      message: "\"demmo\" is not a value of 'source'",
      help: 'did you mean "demo"?',
      fixes: [
        {
          title: 'Replace with "demo"',
          edits: [{ line: 6, column: 36, endLine: 6, endColumn: 43, start: 172, end: 179, newText: '"demo"' }],
        },
      ],
    });
    expect(text.slice(172, 179)).toBe('"demmo"');
    expect(renderText("SLA302.sla", text, diagnostics).split("\n")[0]).toBe(
      `SLA302.sla:6:36: error SLA302: ${j.message}`,
    );
  });

  it("parses an empty file to an empty program, missing only the sla statement", () => {
    expect(parse("").ast.statements).toEqual([]);
    expect(compileSource("").diagnostics.map((d) => d.code)).toEqual(["SLA101"]);
    expect(compileSource("# just a comment\n").diagnostics.map((d) => d.code)).toEqual(["SLA101"]);
  });
});
