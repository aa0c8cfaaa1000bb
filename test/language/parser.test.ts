// The parser on broken and hostile input:
// - partial statements: every fixture in test/fixtures/partial/ is a file with
//   syntax errors; its golden holds the diagnostics and the partial AST
//   (statements kept with `null` parts where a piece is missing). The goldens
//   were written by the CST parser this one replaced, so error recovery keeps
//   producing exactly the same trees.
// - bounded work: deep nesting is a located SLA005 (no stack overflow), huge
//   literals lex, floods of bad characters stay fast and list a bounded
//   number of diagnostics.
// - the grammar's own rules: tokens are read only through eat(), and every
//   token type has a class for the editor's tokenizer.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Lexer } from "chevrotain";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../language/compile.ts";
import { format } from "../../language/format.ts";
import { MAX_NESTING } from "../../language/grammar.ts";
import { allTokens, KEYWORD_TOKENS, TOKEN_CLASSES } from "../../language/lexer.ts";
import { MAX_SYNTAX_DIAGNOSTICS, parse } from "../../language/parse.ts";
import { expectGolden } from "../golden.ts";

const PARTIAL = fileURLToPath(new URL("../fixtures/partial/", import.meta.url));

describe("partial statements (error recovery)", () => {
  for (const f of readdirSync(PARTIAL).filter((f) => f.endsWith(".sla"))) {
    it(f, () => {
      const text = readFileSync(PARTIAL + f, "utf8");
      const r = parse(text);
      expectGolden(PARTIAL + f.replace(/\.sla$/, ".json"), JSON.stringify(r, null, 1) + "\n");
    });
  }
});

const HEAD = 'sla "x"\nfields {\n  score: number\n}\n';

function codesAt(text: string): [string, number][] {
  return parse(text).diagnostics.map((d) => [d.code, d.range.start]);
}

function timed<T>(f: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = f();
  return { value, ms: performance.now() - start };
}

describe("nesting limit (SLA005)", () => {
  const define = HEAD + "define hot when ";

  it(`parses a condition nested exactly ${MAX_NESTING} levels deep`, () => {
    const src = define + "(".repeat(MAX_NESTING) + "score > 1" + ")".repeat(MAX_NESTING) + "\n";
    expect(compileSource(src).diagnostics).toEqual([]);
    const mixed = define + "not (".repeat(MAX_NESTING / 2) + "score > 1" + ")".repeat(MAX_NESTING / 2) + "\n";
    expect(compileSource(mixed).diagnostics).toEqual([]);
  });

  it("5,000 nested parentheses: one SLA005 at the parenthesis that crosses the limit, the next statement still parses", () => {
    const src = define + "(".repeat(5000) + "score > 1" + ")".repeat(5000) + "\nsegment s when hot\n";
    const limit = define.length + MAX_NESTING;
    expect(codesAt(src)).toEqual([["SLA005", limit]]);
    expect(src.slice(define.length, limit + 1)).toBe("(".repeat(MAX_NESTING + 1));
    const r = parse(src);
    expect(r.ast.statements.map((s) => s.kind)).toEqual(["Sla", "Fields", "Define", "Segment"]);
    expect(compileSource(src).diagnostics.map((d) => d.code)).toEqual(["SLA005"]);
    expect(format(src)).toMatchObject({ ok: false, diagnostics: [{ code: "SLA005" }] });
  });

  it("5,000 nested `not`s and unclosed parentheses: SLA005 at the first token past the limit", () => {
    const nots = define + "not ".repeat(5000) + "score > 1\n";
    expect(codesAt(nots)).toEqual([["SLA005", define.length + 4 * MAX_NESTING]]);
    const open = define + "(not ".repeat(3000) + "score > 1\nsegment s otherwise\n";
    const r = parse(open);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["SLA005"]);
    expect(r.ast.statements.at(-1)?.kind).toBe("Segment");
  });

  it("takes time in proportion to the input, not to its depth", () => {
    const { ms } = timed(() => parse(define + "(".repeat(200_000) + "score > 1" + ")".repeat(200_000)));
    expect(ms).toBeLessThan(10_000);
  });
});

describe("hostile input stays bounded", () => {
  it("a 10 MB string literal lexes and parses as one string", () => {
    const body = "a".repeat(10_000_000);
    const r = parse(`sla "${body}"\nowner "it\\"s"\n`);
    expect(r.diagnostics).toEqual([]);
    const [sla, owner] = r.ast.statements;
    expect(sla.kind === "Sla" && sla.name.value.length).toBe(10_000_000);
    expect(owner.kind === "Owner" && owner.name.value).toBe('it"s');
  });

  for (const [name, unit] of [
    ["stray characters, one per line", "@\n"],
    ["stray characters inside words", "1@"],
    ["unexpected words", "x "],
    ["unmatched parentheses", ") "],
  ] as const)
    it(`100,000 ${name}: fast, and at most ${MAX_SYNTAX_DIAGNOSTICS} diagnostics plus a summary`, () => {
      const text = 'sla "x"\n' + unit.repeat(100_000);
      // The line-by-line rescans this replaced took 49 s; generous for a loaded machine.
      const { value: r, ms } = timed(() => parse(text));
      expect(ms).toBeLessThan(15_000);
      expect(r.diagnostics.length).toBeGreaterThan(0);
      expect(r.diagnostics.length).toBeLessThanOrEqual(MAX_SYNTAX_DIAGNOSTICS + 1);
      if (r.diagnostics.length > MAX_SYNTAX_DIAGNOSTICS)
        expect(r.diagnostics.at(-1)?.message).toMatch(
          /^too many syntax errors: [\d]+ more from here on are not listed$/,
        );
    });

  it("a 20,000-atom `and` chain is a loop, not recursion", () => {
    const text = HEAD + "define hot when " + Array.from({ length: 20_000 }, () => "score > 1").join(" and ") + "\n";
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    const def = r.ast.statements[2];
    expect(def.kind === "Define" && def.when?.kind === "And" && def.when.args.length).toBe(20_000);
  });
});

describe("grammar and lexer conventions", () => {
  it("grammar.ts reads tokens only through eat() (ranges and recovery depend on it)", () => {
    const src = readFileSync(fileURLToPath(new URL("../../language/grammar.ts", import.meta.url)), "utf8");
    expect(src).not.toMatch(/\.CONSUME\d?\(/);
  });

  it("every token type with a pattern has a class for the editor (or is a keyword)", () => {
    for (const t of allTokens)
      if (t.PATTERN instanceof RegExp && t.PATTERN !== Lexer.NA && !KEYWORD_TOKENS.has(t))
        expect(TOKEN_CLASSES.has(t), `${t.name} has no entry in TOKEN_CLASSES`).toBe(true);
  });
});
