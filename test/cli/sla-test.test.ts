// `sla test`: the .slatest format (located errors with stable codes), the
// runner's semantics (instants, replay order, every kind of expect), the
// output (expected vs got at FILE:LINE, coverage, JSON) and exit codes.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTestFile, TEST_CODES, tokenize } from "../../engine/testing/syntax.ts";
import { compileSource } from "../../language/compile.ts";
import { sla } from "../run-sla.ts";

const INBOUND = readFileSync("specs/examples/inbound/inbound.sla", "utf8");
const IR = compileSource(INBOUND).ir!;

/** A directory with inbound.sla and the given inbound.slatest; returns the test file's path. */
function testFile(text: string, spec = INBOUND): string {
  const dir = mkdtempSync(join(tmpdir(), "sla-test-"));
  writeFileSync(join(dir, "inbound.sla"), spec);
  const path = join(dir, "inbound.slatest");
  writeFileSync(path, text);
  return path;
}

const LEAD = "at 2027-01-04 09:00 create L1 source=demo employees=120 country=US score=70";

describe("the .slatest syntax", () => {
  it("tokenizes words, quoted strings, field=value (quoted too), commas and money with thousands", () => {
    expect(
      tokenize(`create L1 title="Sales, director" score=70 # comment`).map((t) => [t.kind, t.text, t.value]),
    ).toEqual([
      ["word", "create", undefined],
      ["word", "L1", undefined],
      ["assign", "title", "Sales, director"],
      ["assign", "score", "70"],
    ]);
    expect(tokenize(`fired reassign to ben, tag "a \\"b\\""`).map((t) => t.text)).toEqual([
      "fired",
      "reassign",
      "to",
      "ben",
      ",",
      "tag",
      'a "b"',
    ]);
    expect(tokenize("value $84,000").map((t) => t.text)).toEqual(["value", "$84,000"]);
    // every kind of white space separates words (an en space once looped forever)
    for (const space of ["\u00a0", "\u2002", "\u3000", "\u2028", "\f", "\v"])
      expect(tokenize(`touch${space}L1${space}`).map((t) => t.text)).toEqual(["touch", "L1"]);
  });

  const cases: [string, string, keyof typeof TEST_CODES, string][] = [
    ["unknown statement", `test "t"\n  ${LEAD}\n  expecting L1 segment x`, "SLT001", "3:3"],
    ["unterminated string", `test "t\n`, "SLT001", "1:6"],
    ["bad time", `test "t"\n  at 2027-13-04 09:00 create L1`, "SLT002", "2:6"],
    ["not a time", `test "t"\n  at tomorrow create L1`, "SLT002", "2:6"],
    ["relative time first", `test "t"\n  at +5m create L1`, "SLT002", "2:6"],
    ["expect before any at", `test "t"\n  expect L1 segment trials`, "SLT002", "2:3"],
    ["unknown field", `test "t"\n  at 2027-01-04 09:00 create L1 sorce=demo`, "SLT003", "2:33"],
    ["unknown lead", `test "t"\n  ${LEAD}\n  at +1m touch L2`, "SLT003", "3:16"],
    ["unknown segment", `test "t"\n  ${LEAD}\n  expect L1 segment hand_raiser`, "SLT003", "3:21"],
    ["unknown obligation", `test "t"\n  ${LEAD}\n  expect L1 respond hand_raiser met`, "SLT003", "3:13"],
    ["unknown term", `test "t"\n  ${LEAD}\n  expect L1 is SQL`, "SLT003", "3:16"],
    [
      "unknown commitment",
      `test "t"\n  ${LEAD}\n  expect commitment 30 VQL per quarter in 2027-Q1 held`,
      "SLT003",
      "3:21",
    ],
    ["bad enum value", `test "t"\n  at 2027-01-04 09:00 create L1 source=demos`, "SLT004", "2:33"],
    ["bad number", `test "t"\n  at 2027-01-04 09:00 create L1 employees=many`, "SLT004", "2:33"],
    ["bad money", `test "t"\n  ${LEAD}\n  expect L1 value fifty`, "SLT004", "3:19"],
    ["bad period", `test "t"\n  ${LEAD}\n  expect commitment 300 VQL per quarter in 2027-01 held`, "SLT004", "3:44"],
    ["time backwards", `test "t"\n  ${LEAD}\n  at 2027-01-04 08:00 touch L1`, "SLT005", "3:6"],
    [
      "event at a checked instant",
      `test "t"\n  ${LEAD}\n  expect L1 segment hand_raisers\n  at 2027-01-04 09:00 touch L1`,
      "SLT005",
      "4:6",
    ],
    ["duplicate test", `test "t"\n  ${LEAD}\ntest "t"`, "SLT006", "3:6"],
    ["outside a test", LEAD, "SLT007", "1:1"],
  ];
  it.each(cases)("%s: located with a stable code", (_, text, code, where) => {
    const d = parseTestFile(text, IR).diagnostics;
    expect(d.map((x) => `${x.code} ${x.line}:${x.col}`)).toEqual([`${code} ${where}`]);
  });

  it("renders a problem like the language's diagnostics: FILE:LINE:COL, code, line, caret, help", async () => {
    const path = testFile(`test "t"\n  ${LEAD}\n  expect L1 segment hand_raiser\n`);
    const r = await sla("test", path);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      [
        `${path}:3:21: error SLT003: this SLA has no segment "hand_raiser"`,
        "  |",
        "3 |   expect L1 segment hand_raiser",
        "  |                     ^^^^^^^^^^^",
        '  = help: did you mean "hand_raisers"?',
      ].join("\n"),
    );
    expect(r.out).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it("reports every broken line, not only the first", () => {
    const d = parseTestFile(`test "t"\n  ${LEAD}\n  at +1m touhc L1\n  expect L1 segmnt trials\n`, IR).diagnostics;
    expect(d.map((x) => x.line)).toEqual([3, 4]);
  });
});

describe("running tests", () => {
  it("passes, with a summary and a coverage line naming what no test exercised", async () => {
    const path = testFile(`test "hand raiser"\n  ${LEAD}\n  expect L1 segment hand_raisers\n`);
    const r = await sla("test", path);
    expect(r.code).toBe(0);
    expect(r.out).toContain("1 test, 1 passed");
    expect(r.out).toContain(
      "coverage: segments 1/3, obligations 2/4, breach actions 0/4, value cells 1/9; not exercised: segment trials, segment everyone_else, obligation respond trials,",
    );
    expect(r.out).toContain("breach actions of respond hand_raisers");
    expect(r.out).toContain("value executive x demo");
    expect(r.out).toMatch(/1 test in 1 file: 1 passed, 0 failed\n$/);
  });

  it("a failure shows expected vs got at the expect's FILE:LINE, and exits 1", async () => {
    const path = testFile(
      [
        'test "window"',
        `  ${LEAD}`,
        "  at +10m",
        "  expect L1 respond hand_raisers breached at 2027-01-04 09:06",
        "  expect L1 segment trials",
        "  expect L1 value $50",
        "",
      ].join("\n"),
    );
    const r = await sla("test", path);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      [
        `FAIL ${path}:1: "window"`,
        `  ${path}:4: expect L1 respond hand_raisers breached at 2027-01-04 09:06`,
        "    expected: breached at 2027-01-04 09:06",
        "    got:      breached at 2027-01-04 09:05",
        `  ${path}:5: expect L1 segment trials`,
        "    expected: trials",
        "    got:      hand_raisers",
        `  ${path}:6: expect L1 value $50`,
        "    expected: $50",
        "    got:      $40",
      ].join("\n"),
    );
    expect(r.out).toContain("1 test in 1 file: 0 passed, 1 failed");
  });

  it("--format json: tests with failures, coverage, counts", async () => {
    const path = testFile(`test "a"\n  ${LEAD}\n  expect L1 segment trials\ntest "b"\n  ${LEAD}\n  expect L1 is VQL\n`);
    const r = await sla("test", "--format", "json", path);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ tests: 2, passed: 1, failed: 1, brokenFiles: 0 });
    expect(j.files[0].specVersion.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(j.files[0].specVersion.git).toBeNull(); // a scratch file, not in git
    expect(j.files[0].tests).toEqual([
      {
        name: "a",
        line: 1,
        passed: false,
        checks: 1,
        failures: [{ line: 3, source: "expect L1 segment trials", expected: "trials", got: "hand_raisers" }],
      },
      { name: "b", line: 4, passed: true, checks: 1, failures: [] },
    ]);
    expect(j.files[0].coverage.segments).toEqual({ total: 3, missed: ["trials", "everyone_else"] });
    const broken = await sla("test", "--format", "json", testFile(`test "a"\n  expect L1 segment x\n`));
    expect(JSON.parse(broken.out).files[0].problems[0]).toMatchObject({ line: 2, column: 3, code: "SLT002" });
  });

  it("events at one instant replay in kind order: a touch written first still meets the clock", async () => {
    const path = testFile(
      [
        'test "same instant"',
        "  at 2027-01-04 09:00 create L1 source=demo employees=120 country=US",
        "  at 2027-01-04 09:01 touch L1",
        "  at 2027-01-04 09:01 update L1 title=CEO",
        "  expect L1 respond hand_raisers met at 2027-01-04 09:01",
        "  expect L1 value $100",
        "",
      ].join("\n"),
    );
    expect((await sla("test", path)).code).toBe(0);
  });

  it("relative times, owners, away reps and round robin, warnings, pauses", async () => {
    const path = testFile(
      [
        'test "round robin skips the away rep"',
        `  ${LEAD}`,
        "  at +0s assign L1 to ana",
        "  at +1m away ben until 2027-01-05 00:00",
        "  expect L1 respond hand_raisers open due 2027-01-04 09:05",
        "  expect L1 respond hand_raisers not warned",
        "  at +4m",
        "  expect L1 respond hand_raisers warned at 2027-01-04 09:04",
        "  at +1m",
        "  expect L1 respond hand_raisers breached",
        "  expect L1 owner chloe",
        "  expect L1 fired reassign to chloe, escalate to maria",
        'test "paused trial"',
        '  at 2027-01-04 09:00 create T1 source=trial employees=80 country=US score=60 status="waiting on customer"',
        "  expect T1 respond trials paused",
        "  expect T1 cadence hand_raisers not started",
        "",
      ].join("\n"),
    );
    const r = await sla("test", path);
    expect(r.out).toContain("2 tests, 2 passed");
    expect(r.code).toBe(0);
  });

  it("a spec named on the first line; an .sla argument runs its .slatest; a directory runs all", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sla-test-"));
    writeFileSync(join(dir, "other.sla"), INBOUND);
    writeFileSync(join(dir, "checks.slatest"), `spec "other.sla"\n\ntest "x"\n  ${LEAD}\n  expect L1 is VQL\n`);
    expect((await sla("test", join(dir, "checks.slatest"))).code).toBe(0);
    expect((await sla("test", dir)).out).toContain("1 test in 1 file");
    expect((await sla("test", "specs/examples/inbound/inbound.sla")).code).toBe(0);
  });

  it("usage and file problems: exit 2 for usage, 1 for a missing or broken spec, never a stack trace", async () => {
    expect((await sla("test")).code).toBe(2);
    expect((await sla("test", "no/such/dir")).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), "sla-test-"));
    writeFileSync(join(dir, "a.sla"), INBOUND);
    const noTests = await sla("test", join(dir, "a.sla"));
    expect(noTests.code).toBe(2);
    expect(noTests.err).toContain("has no tests: write them in");
    writeFileSync(join(dir, "lonely.slatest"), `test "x"\n`);
    const lonely = await sla("test", join(dir, "lonely.slatest"));
    expect(lonely.code).toBe(1);
    expect(lonely.out).toMatch(/its spec .*lonely\.sla cannot be read/);
    const broken = testFile(`test "x"\n  ${LEAD}\n`, INBOUND.replace("within 5m", "within 5 parsecs"));
    const b = await sla("test", broken);
    expect(b.code).toBe(1);
    expect(b.out).toMatch(/inbound\.sla:\d+:\d+: error SLA\d{3}/);
    expect(b.out).toContain("has errors; fix them first");
    for (const r of [noTests, lonely, b]) expect(r.out + r.err).not.toContain("internal error");
  });

  it("control characters from a test file are shown escaped, not sent to the terminal", async () => {
    const path = testFile(`test "\u001b[31mred\u0007"\n  ${LEAD}\n  expect L1 segment trials\n`);
    const r = await sla("test", path);
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/[\u0007\u001b]/);
    expect(r.out).toContain("\\u001b[31mred"); // the name is shown quoted, with escapes
  });
});

describe("the reference's section on tests", () => {
  const md = readFileSync("specs/reference.md", "utf8");
  it("its example test file passes against inbound.sla", async () => {
    const block = /```slatest\n([\s\S]*?)```/.exec(md);
    expect(block).not.toBeNull();
    const r = await sla("test", testFile(block![1]));
    expect(r.out).toContain("4 tests, 4 passed");
    expect(r.code).toBe(0);
  });
  it("lists every test-file code", () => {
    for (const [code, title] of Object.entries(TEST_CODES)) {
      expect(md).toContain(`| ${code} |`);
      expect(title.length).toBeGreaterThan(0);
    }
  });
});
