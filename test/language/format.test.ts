import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { diffLines, type FmtIO, run, unifiedDiff } from "../../cli/commands/fmt.ts";
import { UsageError } from "../../cli/io.ts";
import { main } from "../../cli/main.ts";
import { compileSource } from "../../language/compile.ts";
import { format, isFormatted, quote } from "../../language/format.ts";

const FIXTURES = fileURLToPath(new URL("../fixtures/format/", import.meta.url));
const SKETCH = "/work/shared/sketch";

function fmt(text: string): string {
  const r = format(text);
  if (!r.ok) throw new Error("format refused:\n" + JSON.stringify(r.diagnostics, null, 2));
  return r.text;
}

/** The formatter's two promises: a fixed point after one run, and the same meaning. */
function expectStableAndSameMeaning(src: string): string {
  const once = fmt(src);
  expect(fmt(once)).toBe(once);
  expect(compileSource(once).ir).toEqual(compileSource(src).ir);
  return once;
}

// ---------- golden files ----------

describe("golden files (test/fixtures/format/NAME.in.sla -> NAME.out.sla)", () => {
  const names = readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".in.sla"))
    .map((f) => f.slice(0, -".in.sla".length))
    .sort();

  it("has a golden pair for every construct", () => {
    for (const n of [
      "header",
      "calendar",
      "fields",
      "expressions",
      "team",
      "value",
      "delivers",
      "obligations",
      "plan",
      "comments",
      "oneline",
      "tight",
      "crlf",
    ])
      expect(names).toContain(n);
  });

  for (const name of names)
    it(name, () => {
      const input = readFileSync(join(FIXTURES, `${name}.in.sla`), "utf8");
      const expected = readFileSync(join(FIXTURES, `${name}.out.sla`), "utf8");
      expect(fmt(input)).toBe(expected);
      expect(fmt(expected)).toBe(expected);
      // every golden input is a clean program, so the IR comparison means something
      const ir = compileSource(input).ir;
      expect(ir).not.toBeNull();
      expect(compileSource(expected).ir).toEqual(ir);
    });
});

// ---------- the sketch ----------

describe("the product sketch", () => {
  it("inbound.sla is already canonical (byte for byte)", () => {
    const src = readFileSync(join(SKETCH, "inbound.sla"), "utf8");
    expect(fmt(src)).toBe(src);
    expect(isFormatted(src)).toBe(true);
  });

  it("the LANGUAGE.md statements block formats stably; only trailing-comment padding changes", () => {
    const md = readFileSync(join(SKETCH, "LANGUAGE.md"), "utf8");
    const block = md.split("```")[1].replace(/^\n/, "");
    expect(block).toContain('sla "Inbound lead SLA"');
    const once = expectStableAndSameMeaning(block);
    expect(compileSource(block).ir).not.toBeNull();
    // The sketch aligns trailing comments in a column; the canonical layout
    // puts exactly two spaces before a trailing '#'. Nothing else differs.
    const twoSpaces = block
      .split("\n")
      .map((l) => l.replace(/(\S)[ \t]+#/, "$1  #"))
      .join("\n");
    expect(once).toBe(twoSpaces);
  });
});

// ---------- specific rules ----------

const HEAD = 'sla "x"\n';

describe("layout rules", () => {
  it("keeps literals as written and re-quotes strings", () => {
    const src = 'sla "a\\"b\\\\c\\nd\\qe"\nplan { volume 12_500 per year lead to mql 12.5% }\n';
    expect(fmt(src)).toBe('sla "a\\"b\\\\c\\ndqe"\nplan {\n  volume 12_500 per year\n  lead to mql 12.5%\n}\n');
    expect(quote('say "hi"\t\\')).toBe('"say \\"hi\\"\\t\\\\"');
  });

  it("spells == as = and spaces operators", () => {
    expect(fmt(HEAD + "fields{n:number}define A when n==1 and n>=2 and n!=3 and n<4 and n<=5 and n>6")).toBe(
      HEAD + "fields {\n  n: number\n}\ndefine A when n = 1 and n >= 2 and n != 3 and n < 4 and n <= 5 and n > 6\n",
    );
  });

  it("drops redundant parentheses and keeps the needed ones", () => {
    const base = HEAD + "fields { a: yes/no b: yes/no c: yes/no }\n";
    const cases: [string, string][] = [
      ["(a)", "a"],
      ["((a and b))", "a and b"],
      ["(a and b) or c", "a and b or c"],
      ["a and (b or c)", "a and (b or c)"],
      ["(a or b) and c", "(a or b) and c"],
      ["not (a or b)", "not (a or b)"],
      ["not (a and b)", "not (a and b)"],
      ["(not a) and b", "not a and b"],
      ["not (not a)", "not not a"],
      // nested or/and stay nested in the AST and IR, so they keep parentheses
      ["a or (b or c)", "a or (b or c)"],
      ["(a and b) and c", "(a and b) and c"],
      ["a or b or c", "a or b or c"],
    ];
    for (const [input, output] of cases) {
      const src = base + `define T when ${input}\n`;
      const out = expectStableAndSameMeaning(src);
      expect(out.trimEnd().split("\n").at(-1)).toBe(`define T when ${output}`);
    }
  });

  it("prints blocks with the brace on the header line and empty blocks as two lines", () => {
    expect(fmt(HEAD + "fields{}")).toBe(HEAD + "fields {\n}\n");
    expect(fmt(HEAD + "plan\n{\n\n}\n")).toBe(HEAD + "plan {\n}\n");
  });

  it("keeps at most one blank line, none at the start, none after '{' or before '}', none between clauses", () => {
    const src =
      "\n\n\n" +
      HEAD +
      "\n\n\n\nfields {\n\n\n  s: text\n\n\n  t: text\n\n\n}\n\n\nsegment a when s is set\nrespond to a within 5m\n\n\n  target 90%\n\n\n\n\n";
    expect(fmt(src)).toBe(
      HEAD + "\nfields {\n  s: text\n\n  t: text\n}\n\nsegment a when s is set\nrespond to a within 5m\n  target 90%\n",
    );
  });

  it("ends with exactly one newline; empty input stays empty", () => {
    expect(fmt(HEAD.trimEnd())).toBe(HEAD);
    expect(fmt(HEAD + "\n\n\n")).toBe(HEAD);
    expect(fmt("")).toBe("");
    expect(fmt("  \n\n\t\n")).toBe("");
    expect(fmt("# only a comment   \n\n")).toBe("# only a comment\n");
  });

  it("puts trailing comments two spaces after the code, stably", () => {
    const src = HEAD + 'owner "o"        # far away\ntimezone "UTC"# touching\n';
    const out = expectStableAndSameMeaning(src);
    expect(out).toBe(HEAD + 'owner "o"  # far away\ntimezone "UTC"  # touching\n');
  });

  it("indents own-line comments like the line they precede", () => {
    const src =
      HEAD +
      "fields {\n# a\n        s: text\n      # b\n}\n   # c\nsegment x when s is set\nrespond to x within 5m\n# d\ntarget 90%\n";
    expect(fmt(src)).toBe(
      HEAD +
        "fields {\n  # a\n  s: text\n  # b\n}\n# c\nsegment x when s is set\nrespond to x within 5m\n  # d\n  target 90%\n",
    );
  });

  it("keeps comments in source order when a split statement is joined", () => {
    const src = HEAD + "fields { n: number }\ndefine A when n > 1 # one\n  # two\n  and n < 9 # three\n";
    expect(fmt(src)).toBe(HEAD + "fields {\n  n: number\n}\n# one\n# two\ndefine A when n > 1 and n < 9  # three\n");
  });

  it("keeps every team line, in order (the AST keeps only the first manager)", () => {
    const src = HEAD + "team t { manager a members b manager c members d, e }";
    expect(fmt(src)).toBe(HEAD + "team t {\n  manager a\n  members b\n  manager c\n  members d, e\n}\n");
  });
});

// ---------- refusing broken input ----------

describe("syntax errors", () => {
  const broken = [
    'sla "unterminated\n',
    "sla x",
    HEAD + "fields { s: text",
    HEAD + "define A when",
    HEAD + "define A when (a and b",
    HEAD + "respond to x within soon",
    HEAD + "calendar c { open mon-fri 09:00-17:30 @ }",
    HEAD + "value { demo }",
    HEAD + "segment s when a = ",
    HEAD + "}",
    HEAD + "respond to x within 5m target",
  ];
  for (const src of broken)
    it(`refuses ${JSON.stringify(src.slice(HEAD.length) || src)}`, () => {
      const r = format(src);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.diagnostics.length).toBeGreaterThan(0);
        expect(r.diagnostics.every((d) => d.code.startsWith("SLA0"))).toBe(true);
      }
      expect(isFormatted(src)).toBe(false);
    });

  it("formats despite semantic errors", () => {
    const src = "segment s when nosuchfield = 3\nrespond to nowhere within 0m   target 500%";
    expect(compileSource(src).ir).toBeNull();
    expect(fmt(src)).toBe("segment s when nosuchfield = 3\nrespond to nowhere within 0m\n  target 500%\n");
  });
});

// ---------- properties over generated programs ----------

type Toks = string[];

const PERCENT = ["99%", "95.5%", "100%", "1%"];
const WARN = ["80%", "50.5%", "1%", "99%"];

/** Conditions over the generated fields (all well typed); `terms` are defined terms usable by name. */
function exprArb(terms: string[]): fc.Arbitrary<Toks> {
  const fixed: Toks[] = [
    ["title", "=", '"x"'],
    ["title", "contains", '"v\\"p"'],
    ["title", "starts", "with", '"a"'],
    ["title", "ends", "with", '"z"'],
    ["title", "in", "(", '"a"', ",", '"b"', ")"],
    ["title", "not", "in", "(", '"c"', ")"],
    ["source", "=", '"demo"'],
    ["source", "in", "(", '"demo"', ",", '"trial"', ")"],
    ["consented"],
    ["consented", "=", "yes"],
    ["consented", "!=", "no"],
    ["arr", ">=", "$1,000"],
    ["arr", "<", "$9.99"],
    ["seen", "<=", "2027-01-01"],
    ["status", "is", "set"],
    ["status", "is", "not", "set"],
  ];
  const leaf: fc.Arbitrary<Toks> = fc.oneof(
    fc
      .tuple(fc.constantFrom("=", "==", "!=", "<", "<=", ">", ">="), fc.constantFrom("60", "12_500", "3.5", "0"))
      .map(([op, n]) => ["score", op, n]),
    fc.constantFrom(...fixed),
    ...(terms.length ? [fc.constantFrom(...terms).map((t) => [t])] : []),
  );
  const { e } = fc.letrec<{ e: Toks }>((tie) => ({
    e: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.array(tie("e"), { minLength: 2, maxLength: 3 }).map((xs) => xs.flatMap((x, i) => (i ? ["and", ...x] : x))),
      fc.array(tie("e"), { minLength: 2, maxLength: 3 }).map((xs) => xs.flatMap((x, i) => (i ? ["or", ...x] : x))),
      tie("e").map((x) => ["not", ...x]),
      tie("e").map((x) => ["(", ...x, ")"]),
    ),
  }));
  return e;
}

const FIELDS: Toks[] = [
  ["source", ":", "one", "of", '"demo"', ",", '"trial"', ",", '"web"'],
  ["score", ":", "number"],
  ["title", ":", "text"],
  ["consented", ":", "yes", "/", "no"],
  ["arr", ":", "money"],
  ["seen", ":", "date"],
  ["status", ":", "text"],
];

function windowArb(emea: boolean): fc.Arbitrary<Toks> {
  const ws: Toks[] = [
    ["5m"],
    ["24h"],
    ["1.5h"],
    ["90s"],
    ["2w"],
    ["24", "business", "hours"],
    ["2", "business", "days"],
    ["3", "days"],
    ["1", "hour"],
  ];
  if (emea) ws.push(["30", "business", "minutes", "on", "emea"]);
  return fc.constantFrom(...ws);
}

/** `by` clauses: channels (words and strings) and people (owner, a team). */
function byArb(team: boolean): fc.Arbitrary<Toks[]> {
  const channels: Toks[] = [["call"], ["email"], ['"phone call"'], ["meeting"]];
  const people: Toks[] = team ? [["owner"], ["team", "sdr"]] : [["owner"]];
  const clause = (items: Toks[]) => ["by", ...items.flatMap((x, i) => (i ? ["or", ...x] : x))];
  return fc
    .record({
      channels: fc.option(fc.shuffledSubarray(channels, { minLength: 1, maxLength: 3 })),
      people: fc.option(fc.shuffledSubarray(people, { minLength: 1 })),
    })
    .map(({ channels, people }) => [channels && clause(channels), people && clause(people)].filter((x) => x !== null));
}

function clausesArb(team: boolean, cond: fc.Arbitrary<Toks>, touches: boolean): fc.Arbitrary<Toks> {
  const actions: Toks[] = [
    ["escalate", "to", "manager"],
    ["nurture", '"Trial nurture"'],
    ["notify", '"https://h.example.com/x"'],
    ["tag", '"late"'],
  ];
  if (team) actions.push(["reassign", "round", "robin", "sdr"]);
  return fc
    .record({
      target: fc.option(fc.constantFrom(...PERCENT)),
      warn: fc.option(fc.constantFrom(...WARN)),
      pause: fc.option(cond),
      warnActions: fc.option(fc.shuffledSubarray(actions, { minLength: 1, maxLength: 2 })),
      breach: fc.option(fc.shuffledSubarray(actions, { minLength: 1, maxLength: 3 })),
      by: touches ? byArb(team) : fc.constant([]),
      order: fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 6, maxLength: 6 }),
    })
    .map(({ target, warn, warnActions, pause, breach, by, order }) => {
      const list = (xs: Toks[]) => xs.flatMap((a, i) => (i ? [",", ...a] : a));
      const parts: (Toks | null)[] = [
        target === null ? null : ["target", target],
        warn === null ? null : ["warn", "at", warn, ...(warnActions ? list(warnActions) : [])],
        pause && ["pause", "while", ...pause],
        breach && ["on", "breach", ...list(breach)],
        by[0] ?? null,
        by[1] ?? null,
      ];
      return order.flatMap((i) => parts[i] ?? []);
    });
}

/** A random, semantically valid program as a list of statements (each a token list). */
const programArb: fc.Arbitrary<Toks[]> = fc
  .record({
    owner: fc.boolean(),
    effective: fc.boolean(),
    timezone: fc.boolean(),
    emea: fc.boolean(),
    fields: fc.shuffledSubarray(FIELDS, { minLength: FIELDS.length, maxLength: FIELDS.length }),
    termCount: fc.integer({ min: 0, max: 3 }),
    segCount: fc.integer({ min: 1, max: 3 }),
    catchAll: fc.boolean(),
    team: fc.option(
      fc.record({ manager: fc.boolean(), managerFirst: fc.boolean(), split: fc.boolean(), people: fc.boolean() }),
    ),
    holidays: fc.boolean(),
    chart: fc.option(
      fc.record({
        personas: fc.integer({ min: 1, max: 3 }),
        actions: fc.integer({ min: 1, max: 3 }),
        columnOrder: fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 }),
        seed: fc.nat(),
      }),
    ),
    plan: fc.option(fc.boolean()),
  })
  .chain((p) => {
    const terms = Array.from({ length: p.termCount }, (_, i) => `T${i}`);
    const segs = Array.from({ length: p.segCount }, (_, i) => `seg${i}`);
    const allSegs = p.catchAll ? [...segs, "rest"] : segs;
    const cond = exprArb(terms);
    return fc.record({
      p: fc.constant(p),
      terms: fc.tuple(...terms.map((_, i) => exprArb(terms.slice(0, i)))),
      segs: fc.tuple(...segs.map(() => cond)),
      personas: fc.array(cond, { minLength: 3, maxLength: 3 }),
      actions: fc.array(cond, { minLength: 3, maxLength: 3 }),
      delivers: terms.length
        ? fc.array(fc.tuple(fc.boolean(), fc.constantFrom(...terms), fc.constantFrom("month", "quarter", "year")), {
            maxLength: 2,
          })
        : fc.constant([]),
      // The same rule twice (same kind, segment and window) is an error (SLA202).
      obligations: fc.uniqueArray(
        fc
          .constantFrom("respond", "cadence", "expect")
          .chain((kind) =>
            fc.tuple(
              fc.constant(kind),
              fc.constantFrom(...allSegs),
              windowArb(p.emea),
              clausesArb(!!p.team, cond, kind !== "expect"),
              fc.boolean(),
            ),
          ),
        {
          minLength: 0,
          maxLength: 4,
          selector: ([kind, seg, win, , forSeg]) =>
            `${kind}|${kind === "expect" && !forSeg ? "" : seg}|${win.join(" ")}`,
        },
      ),
    });
  })
  .map(({ p, terms, segs, personas, actions, delivers, obligations }) => {
    const out: Toks[] = [["sla", '"Generated \\"SLA\\""']];
    if (p.owner) out.push(["owner", '"RevOps"']);
    if (p.effective) out.push(["effective", "2027-01-01"]);
    if (p.timezone) out.push(["timezone", '"America/New_York"']);
    out.push([
      "calendar",
      "business",
      "{",
      "open",
      "mon",
      "-",
      "fri",
      "09:00",
      "-",
      "17:30",
      "open",
      "sat",
      ",",
      "sun",
      "10:00",
      "-",
      "14:00",
      "closed",
      "2027-01-01",
      ",",
      "2027-12-24",
      "-",
      "2027-12-31",
      // holidays are expanded around the effective year
      ...(p.holidays && p.effective ? ["closed", "holidays", '"US"', ",", '"GB"'] : []),
      "}",
    ]);
    if (p.emea) out.push(["calendar", "emea", "{", "open", "weekdays", "08:00", "-", "16:00", "}"]);
    out.push(["fields", "{", ...p.fields.flat(), "}"]);
    terms.forEach((e, i) => {
      out.push(["define", `T${i}`, "when", ...e]);
    });
    segs.forEach((e, i) => {
      out.push(["segment", `seg${i}`, "when", ...e]);
    });
    if (p.catchAll) out.push(["segment", "rest", "otherwise"]);
    if (p.team) {
      // people as names, strings, and names or strings with aliases
      const [ana, ben, maria]: Toks[] = p.team.people
        ? [
            ["ana", "(", '"Ana Ruiz"', ",", '"ana@acme.com"', ")"],
            ['"Ben Okafor"'],
            ['"Maria Lopez"', "(", '"maria@acme.com"', ")"],
          ]
        : [["ana"], ["ben"], ["maria"]];
      const members: Toks[] = p.team.split
        ? [
            ["members", ...ana, ",", ...ben],
            ["members", "chloe"],
          ]
        : [["members", ...ana, ",", ...ben, ",", "chloe"]];
      const lines = p.team.manager
        ? p.team.managerFirst
          ? [["manager", ...maria], ...members]
          : [...members, ["manager", ...maria]]
        : members;
      out.push(["team", "sdr", "{", ...lines.flat(), "}"]);
    }
    const chart = p.chart;
    if (chart) {
      const ps = Array.from({ length: chart.personas }, (_, i) => `p${i}`);
      const as = Array.from({ length: chart.actions }, (_, i) => `a${i}`);
      ps.forEach((n, i) => {
        out.push(i === ps.length - 1 ? ["persona", n, "otherwise"] : ["persona", n, "when", ...personas[i]]);
      });
      as.forEach((n, i) => {
        out.push(i === as.length - 1 ? ["action", n, "otherwise"] : ["action", n, "when", ...actions[i]]);
      });
      const cells = ["$100", "$1,000.50", "$9.99", "$5", "$12_000"];
      const cols = chart.columnOrder.filter((i) => i < as.length).map((i) => as[i]);
      const cell = (r: number, c: number) => cells[(r + c + chart.seed) % cells.length];
      const rows = ps.flatMap((n, r) => [n, ":", ...cols.flatMap((_, c) => (c ? [",", cell(r, c)] : [cell(r, c)]))]);
      out.push(["value", "{", "columns", ...cols.flatMap((c, i) => (i ? [",", c] : [c])), ...rows, "}"]);
    }
    for (const [money, term, per] of delivers)
      out.push(
        money && chart
          ? ["marketing", "delivers", "$84,000", "in", term, "per", per]
          : ["marketing", "delivers", "300", term, "per", per],
      );
    for (const [kind, seg, win, clauses, forSeg] of obligations) {
      if (kind === "respond") out.push(["respond", "to", seg, "within", ...win, ...clauses]);
      else if (kind === "cadence") out.push(["cadence", seg, "8", "touches", "within", ...win, ...clauses]);
      else
        out.push([
          "expect",
          "demo.held",
          "or",
          "noshow.reported",
          "within",
          ...win,
          "after",
          "demo.started",
          ...(forSeg ? ["for", seg] : []),
          ...clauses,
        ]);
    }
    if (p.plan !== null)
      out.push(
        p.plan
          ? [
              "plan",
              "{",
              "revenue",
              "$1,000,000",
              "per",
              "year",
              "average",
              "deal",
              "$10,000",
              "lead",
              "to",
              "opportunity",
              "70%",
              "opportunity",
              "to",
              "customer",
              "50%",
              "}",
            ]
          : ["plan", "{", "volume", "3_000", "per", "quarter", "lead", "to", "mql", "40%", "}"],
      );
    return out;
  });

const commentText = fc.stringMatching(/^[ -~]{0,12}$/);
/** What goes between two tokens: whitespace, newlines, or a comment (always ended by a newline). */
const separator: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(" ", "  ", "\t", "\n", "\n  ", "\n\n", "\r\n", " \n\n\n   ") },
  { weight: 1, arbitrary: commentText.map((c) => ` #${c}\n`) },
  { weight: 1, arbitrary: commentText.map((c) => `\n#${c}\n  `) },
  { weight: 1, arbitrary: commentText.map((c) => `\n\n    #${c}\n\n`) },
);

/** Renders statements with random separators; `at` picks one separator to replace (for the broken-input property). */
const sourceArb = (replace?: string): fc.Arbitrary<string> =>
  programArb.chain((stmts) => {
    const toks = stmts.flat();
    return fc
      .record({
        seps: fc.array(separator, { minLength: toks.length + 1, maxLength: toks.length + 1 }),
        at: fc.nat({ max: toks.length - 1 }),
      })
      .map(({ seps, at }) => {
        if (replace !== undefined) seps[at + 1] = replace;
        return seps[0].replace(/^[^#]*$/, "") + toks.map((t, i) => t + seps[i + 1]).join("");
      });
  });

describe("properties of generated programs", () => {
  it("generated programs are valid (the generator itself)", () => {
    fc.assert(
      fc.property(sourceArb(), (src) => {
        const r = compileSource(src);
        expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(r.ir).not.toBeNull();
      }),
      { numRuns: 150 },
    );
  });

  it("format is idempotent and preserves the IR", () => {
    fc.assert(
      fc.property(sourceArb(), (src) => {
        const once = fmt(src);
        expect(fmt(once)).toBe(once);
        expect(compileSource(once).ir).toEqual(compileSource(src).ir);
        // canonical text has no trailing spaces, no tabs, no CR, no double blank lines
        expect(once).not.toMatch(/[ \t]\n|\t|\r|\n\n\n|^\n/);
        expect(once.endsWith("\n")).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("the same program written two ways formats to the same text (modulo comments)", () => {
    fc.assert(
      fc.property(
        programArb,
        fc.array(fc.constantFrom(" ", "\n", "\n\n", "\t "), { minLength: 400, maxLength: 400 }),
        (stmts, ws) => {
          const toks = stmts.flat();
          const a = toks.join(" ");
          const b = toks.map((t, i) => t + ws[i % ws.length]).join("");
          const strip = (s: string) => s.replace(/\n\n/g, "\n");
          expect(strip(fmt(a))).toBe(strip(fmt(b)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses a program with a syntax error", () => {
    fc.assert(
      fc.property(sourceArb(" @ "), (src) => {
        const r = format(src);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});

// ---------- the diff ----------

/** Applies a unified diff made by unifiedDiff (test helper). */
function applyDiff(a: string, diff: string): string {
  const src = a.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const lines = diff.split("\n");
  const out: string[] = [];
  let pos = 0;
  let i = 2;
  while (i < lines.length && lines[i].startsWith("@@")) {
    const m = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(lines[i])!;
    const len = m[2] === undefined ? 1 : Number(m[2]);
    const start = len === 0 ? Number(m[1]) : Number(m[1]) - 1;
    while (pos < start) out.push(src[pos++]);
    i++;
    while (i < lines.length && /^[ +\-\\]/.test(lines[i])) {
      const l = lines[i];
      const noNl = lines[i + 1]?.startsWith("\\ No newline");
      const text = l.slice(1) + (noNl ? "" : "\n");
      if (l[0] === " ") {
        out.push(text);
        pos++;
      } else if (l[0] === "-") pos++;
      else if (l[0] === "+") out.push(text);
      i += noNl ? 2 : 1;
    }
  }
  while (pos < src.length) out.push(src[pos++]);
  return out.join("");
}

describe("unified diff", () => {
  it("prints headers and hunks with context", () => {
    const a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
    const b = "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n";
    expect(unifiedDiff(a, b, "f.sla", "f.sla (formatted)")).toBe(
      "--- f.sla\n+++ f.sla (formatted)\n@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n@@ -10,3 +10,4 @@\n 10\n 11\n 12\n+13\n",
    );
    expect(unifiedDiff(a, a, "x", "y")).toBe("");
  });

  it("marks a missing final newline", () => {
    expect(unifiedDiff('sla "x"', 'sla "x"\n', "f", "g")).toBe(
      '--- f\n+++ g\n@@ -1 +1 @@\n-sla "x"\n\\ No newline at end of file\n+sla "x"\n',
    );
  });

  it("is a minimal edit script whose patch reproduces the target", () => {
    const text = fc
      .array(fc.constantFrom("a\n", "b\n", "c\n", "d\n", "e"), { maxLength: 30 })
      .map((xs) => xs.filter((x, i) => x.endsWith("\n") || i === xs.length - 1).join(""));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const d = unifiedDiff(a, b, "a", "b");
        expect(applyDiff(a, d)).toBe(b);
        if (a === b) expect(d).toBe("");
      }),
      { numRuns: 500 },
    );
    const ops = diffLines(["a", "b", "c", "d"], ["a", "c", "d", "e"]);
    expect(ops.map((o) => o.kind + o.text).join(" ")).toBe(" a -b  c  d +e");
  });
});

// ---------- the CLI ----------

interface Captured extends FmtIO {
  stdout: string;
  stderr: string;
}
function fakeIO(stdin = ""): Captured {
  const io: Captured = {
    stdout: "",
    stderr: "",
    out: (t) => void (io.stdout += t),
    err: (t) => void (io.stderr += t),
    errIsTTY: false,
    cwd: process.cwd(),
    readStdin: async () => stdin,
  };
  return io;
}

const UGLY = 'sla   "x"\nfields{s:text}\nsegment a when s="1"\nrespond to a within 5m target 90%\n';
const PRETTY = 'sla "x"\nfields {\n  s: text\n}\nsegment a when s = "1"\nrespond to a within 5m\n  target 90%\n';

describe("sla fmt", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "sla-fmt-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    const p = join(dir, name);
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, text);
    return p;
  };

  it("rewrites unformatted files in place and lists them; leaves formatted files alone", async () => {
    const ugly = write("ugly.sla", UGLY);
    const pretty = write("pretty.sla", PRETTY);
    const before = statSync(pretty).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    const io = fakeIO();
    expect(await run([ugly, pretty], io)).toBe(0);
    expect(readFileSync(ugly, "utf8")).toBe(PRETTY);
    expect(readFileSync(pretty, "utf8")).toBe(PRETTY);
    expect(statSync(pretty).mtimeMs).toBe(before);
    expect(io.stdout).toContain("ugly.sla\n");
    expect(io.stdout).not.toContain("pretty.sla");
    expect(io.stderr).toBe("");
    // a second run changes nothing and prints nothing
    const io2 = fakeIO();
    expect(await run([ugly, pretty], io2)).toBe(0);
    expect(io2.stdout).toBe("");
  });

  it("expands directories recursively to their .sla files", async () => {
    const a = write("a.sla", UGLY);
    const c = write("sub/deeper/c.sla", UGLY);
    const txt = write("sub/notes.txt", UGLY);
    const io = fakeIO();
    expect(await run([dir], io)).toBe(0);
    expect(readFileSync(a, "utf8")).toBe(PRETTY);
    expect(readFileSync(c, "utf8")).toBe(PRETTY);
    expect(readFileSync(txt, "utf8")).toBe(UGLY);
    expect(io.stdout.trim().split("\n")).toHaveLength(2);
  });

  it("--check: exit 1 with a diff, changes nothing; exit 0 when formatted", async () => {
    const ugly = write("ugly.sla", UGLY);
    const pretty = write("pretty.sla", PRETTY);
    const io = fakeIO();
    expect(await run(["--check", ugly, pretty], io)).toBe(1);
    expect(readFileSync(ugly, "utf8")).toBe(UGLY);
    expect(io.stdout).toContain(`--- ${ugly}\n+++ ${ugly} (formatted)\n@@ `);
    expect(io.stdout).toContain('\n-sla   "x"\n');
    expect(io.stdout).toContain('\n+sla "x"\n');
    expect(io.stdout).toContain("\n+  target 90%\n");
    expect(io.stdout).not.toContain("pretty.sla");
    expect(applyDiff(UGLY, io.stdout)).toBe(PRETTY);
    expect(io.stderr).toContain("1 file not formatted");

    const io2 = fakeIO();
    expect(await run([pretty, "--check"], io2)).toBe(0);
    expect(io2.stdout).toBe("");
    expect(io2.stderr).toBe("");
  });

  it("prints diagnostics for syntax errors, leaves the file alone, exits 1, and goes on", async () => {
    const bad = write("bad.sla", 'sla "x"\nfields { s: text\n');
    const ugly = write("ugly.sla", UGLY);
    for (const args of [
      [bad, ugly],
      ["--check", bad],
    ]) {
      const io = fakeIO();
      expect(await run(args, io)).toBe(1);
      expect(io.stderr).toMatch(/bad\.sla:2:17: error SLA002: expected '}'/);
      expect(readFileSync(bad, "utf8")).toBe('sla "x"\nfields { s: text\n');
    }
    expect(readFileSync(ugly, "utf8")).toBe(PRETTY);
  });

  it("'-' formats stdin to stdout", async () => {
    const io = fakeIO(UGLY);
    expect(await run(["-"], io)).toBe(0);
    expect(io.stdout).toBe(PRETTY);
    const check = fakeIO(UGLY);
    expect(await run(["--check", "-"], check)).toBe(1);
    expect(check.stdout).toContain("--- <stdin>\n+++ <stdin> (formatted)\n");
    const ok = fakeIO(PRETTY);
    expect(await run(["--check", "-"], ok)).toBe(0);
    expect(ok.stdout).toBe("");
    const bad = fakeIO("sla");
    expect(await run(["-"], bad)).toBe(1);
    expect(bad.stderr).toContain("<stdin>:1:");
    expect(bad.stdout).toBe("");
  });

  it("usage errors: no files, unknown options, missing files, '-' with files", async () => {
    const f = write("a.sla", PRETTY);
    await expect(run([], fakeIO())).rejects.toBeInstanceOf(UsageError);
    await expect(run(["--bogus", f], fakeIO())).rejects.toBeInstanceOf(UsageError);
    await expect(run(["-x", f], fakeIO())).rejects.toBeInstanceOf(UsageError);
    await expect(run([join(dir, "missing.sla")], fakeIO())).rejects.toBeInstanceOf(UsageError);
    await expect(run(["-", f], fakeIO())).rejects.toBeInstanceOf(UsageError);
    await expect(run([join(dir, "empty-dir-that-is-missing")], fakeIO())).rejects.toBeInstanceOf(UsageError);
    const io = fakeIO();
    expect(await main(["fmt", "--bogus"], io)).toBe(2);
    expect(io.stderr).toContain("unknown option '--bogus'");
    const io2 = fakeIO();
    expect(await main(["fmt"], io2)).toBe(2);
  });

  it("--help", async () => {
    for (const flag of ["--help", "-h"]) {
      const io = fakeIO();
      expect(await run([flag], io)).toBe(0);
      expect(io.stdout).toContain("usage: sla fmt");
      expect(io.stdout).toContain("--check");
    }
  });
});

describe("format: lone carriage returns", () => {
  it("treats a lone CR as a line break, as the lexer does for comments (fuzz finding spec-format-line-separators)", () => {
    const text = '#\r#""\rcalendar s{open i 9:00-7:30closed 2027-01-24}fields{s:t}#\rteam r{members a}';
    const r = format(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.text.startsWith('#\n#""\ncalendar s {\n')).toBe(true);
    expect(isFormatted(r.text)).toBe(true);
    expect(format('sla "x"\r# a\r# b\rowner "y"\r')).toEqual({ ok: true, text: 'sla "x"\n# a\n# b\nowner "y"\n' });
  });
});
