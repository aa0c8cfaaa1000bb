// Output neutralization (issue 7 part 4): hostile strings in every user-text
// slot of a report (lead ids, owners, segment and SLA names, notify URLs,
// nurture campaigns, tags, field values in messages, file names) rendered
// through every format: terminal table, GitHub Markdown, HTML, JSON, the
// `sla diff` table/Markdown/JSON and the `sla check` printer. Nothing active may
// survive: no control, C1 or bidi character reaches a terminal; the Markdown,
// rendered by markdown-it the way GitHub would, has the structure (tags) of the
// same report with harmless strings and no link, mention, issue reference or
// autolinkable text; the HTML has the structure of the harmless page.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SimDiff } from "../../engine/diff.ts";
import { renderDiff } from "../../engine/render/diff.ts";
import {
  cleanText,
  escapeHtml,
  escapeMarkdown,
  hasUnsafeText,
  htmlText,
  jsonText,
  terminalText,
} from "../../engine/render/escape.ts";
import { renderHtml } from "../../engine/render/html.ts";
import { renderMarkdown } from "../../engine/render/markdown.ts";
import { renderTable } from "../../engine/render/table.ts";
import type { SimReport } from "../../engine/result.ts";
import { compileSource } from "../../language/compile.ts";
import { type Diagnostic, renderText } from "../../language/diagnostics.ts";
import { expectGolden } from "../golden.ts";
import { expectInertHtml, expectInertJson, expectInertMarkdown, expectInertTerminal, md, structure } from "../inert.ts";

/** Inputs per property; ESCAPE_RUNS=100000 for a long run. */
const RUNS = Number(process.env.ESCAPE_RUNS ?? 150);
/** Time for a property test: about 25 ms per input (the HTML and markdown-it renders), with room. */
const TIMEOUT = Math.max(30_000, RUNS * 100);

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "render");

// ---------------------------------------------------------------- hostile strings

/** Pieces an attacker would put in a lead id, an owner name or a spec string. */
const FRAGMENTS = [
  `<img src=x onerror=alert(1)>`,
  `<script>alert("x")</script>`,
  `<!--`,
  `-->`,
  `<a href="https://evil.test">x</a>`,
  `<https://evil.test>`,
  `&lt;b&gt;`,
  `&#60;b&#62;`,
  `@octocat`,
  `@org/team`,
  `cc @everyone`,
  `#123`,
  `GH-42`,
  `owner/repo#7`,
  `https://evil.test/p?q=1`,
  `http://x.y`,
  `ftp://files.example.com`,
  `www.evil.com`,
  `WWW.EVIL.COM`,
  `ben@acme.com`,
  `mailto:a@b.co`,
  `[click](javascript:alert(1))`,
  `![img](https://evil.test/x.png)`,
  `[ref]: https://evil.test`,
  `| a | b |`,
  `\\`,
  `\\|`,
  "`code`",
  "```",
  `*bold* _em_ __x__ ~~s~~`,
  `$x^2$`,
  `$$`,
  `:smile:`,
  `- item`,
  `+ item`,
  `1. item`,
  `2) item`,
  `> quote`,
  `# heading`,
  `    indented`,
  `trailing  `,
  `---`,
  `===`,
  `[ ] task`,
  `[^1]`,
  `\x1b[31mred\x1b[0m`,
  `\x1b[2J\x1b[H`,
  `\x1b]0;pwned\x07`,
  `\x1b]8;;https://evil.test\x1b\\link\x1b]8;;\x1b\\`,
  `\x9b31m`,
  `\x85`,
  `\r\n`,
  `\n`,
  `\t`,
  `\b\b\b`,
  `\x00`,
  `\x7f`,
  `\u202eevil\u202c`,
  `\u2066\u2067\u2068\u2069`,
  `\u200e\u200f\u061c`,
  `\u2028\u2029`,
  `\u200b\u200d\ufeff`,
  `José Müller`,
  `リード`,
  `👩‍💻`,
  `e\u0301`,
  ` `,
  `"`,
  `'`,
  `&`,
  `x`,
];

const hostile: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { arbitrary: fc.constantFrom(...FRAGMENTS), weight: 6 },
      { arbitrary: fc.string({ unit: "binary", maxLength: 4 }), weight: 1 },
      { arbitrary: fc.constantFrom(" ", "-", ":", "/", ".", "@", "#", "<", ">", "|", "\\", "!", "[", "]"), weight: 2 },
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(""));

/** Every user-text slot of a report, filled from `s(i)`. */
const SLOTS = 24;

function report(s: (i: number) => string): SimReport {
  const months = [
    { month: "2027-01", inScope: 4, met: 3, breached: 1, pending: 0, compliance: 0.75, held: false },
    { month: "2027-02", inScope: 2, met: 2, breached: 0, pending: 0, compliance: 1, held: true },
  ];
  return {
    sla: s(0),
    timezone: s(1),
    from: "2027-01-04T14:03:00Z",
    to: "2027-02-15T21:58:00Z",
    events: 100,
    leads: 6,
    duplicates: 1,
    conflicts: 0,
    ignoredRows: { count: 0, byCode: {} },
    ignoredAfterUntil: 0,
    obligations: [
      {
        kind: "respond",
        segment: s(2),
        name: s(3),
        inScope: 6,
        met: 5,
        breached: 1,
        pending: 0,
        compliance: 5 / 6,
        target: 0.9,
        held: false,
        windowSeconds: 300,
        business: false,
        months,
        owners: [
          { owner: s(4), inScope: 4, met: 3, breached: 1, pending: 0, compliance: 0.75 },
          { owner: s(5), inScope: 2, met: 2, breached: 0, pending: 0, compliance: 1 },
        ],
        responseTimes: { calendar: { count: 5, p50: 60, p90: 240, p99: 290 }, business: null },
        warnings: 1,
      },
      {
        kind: "expect",
        segment: null,
        name: s(6),
        inScope: 2,
        met: 2,
        breached: 0,
        pending: 0,
        compliance: 1,
        target: null,
        held: null,
        windowSeconds: 7200,
        business: true,
        months,
        owners: [],
        responseTimes: {
          calendar: { count: 2, p50: 600, p90: 900, p99: 1000 },
          business: { count: 2, p50: 500, p90: 800, p99: 900 },
        },
        warnings: 0,
      },
    ],
    breaches: [
      {
        lead: s(7),
        kind: "respond",
        segment: s(2),
        name: s(3),
        start: "2027-01-05T16:00:00Z",
        due: "2027-01-05T16:05:00Z",
        owner: s(4),
        actions: [
          { type: "reassign", to: s(8) },
          { type: "escalate", to: s(9) },
          { type: "nurture", campaign: s(10) },
          { type: "notify", url: s(11) },
          { type: "tag", label: s(12) },
        ],
      },
      {
        lead: s(13),
        kind: "expect",
        segment: null,
        name: s(6),
        start: "2027-01-06T16:00:00Z",
        due: "2027-01-06T18:00:00Z",
        owner: null,
        actions: [{ type: "reassign", to: null }],
      },
    ],
    warnings: [
      {
        lead: s(14),
        kind: "respond",
        segment: s(2),
        name: s(3),
        at: "2027-01-05T16:04:00Z",
        due: "2027-01-05T16:05:00Z",
        owner: s(5),
      },
    ],
    commitments: [
      {
        kind: "value",
        term: s(15),
        goal: 84_000,
        per: "month",
        periods: [
          { period: "2027-01", actual: 80_120, held: false, partial: true },
          { period: "2027-02", actual: 90_000.5, held: true, partial: false },
        ],
      },
      { kind: "count", term: s(16), goal: 300, per: "quarter", periods: [] },
    ],
    anomalies: [
      { kind: "assigned-while-away", message: s(17), owner: s(4), count: 3, examples: [s(18), s(7)] },
      { kind: "lead-recreated", message: s(19), count: 1, examples: [] },
    ],
    rejected: {
      count: 2,
      byCode: { EV101: 2 },
      rows: [
        { code: "EV101", file: s(20), line: 3, reason: s(21) },
        { code: "EV101", file: s(22), line: 9, reason: s(23) },
      ],
    },
  };
}

function diff(s: (i: number) => string): SimDiff {
  const counts = { inScope: 6, met: 5, breached: 1, pending: 0, compliance: 5 / 6, target: 0.9 };
  const r = report(s);
  return {
    events: 100,
    timezone: "UTC",
    obligations: [
      {
        name: s(3),
        kind: "respond",
        segment: s(2),
        before: counts,
        after: { ...counts, met: 6, breached: 0, compliance: 1 },
      },
      { name: s(6), kind: "cadence", segment: s(2), before: counts, after: null },
      { name: s(2), kind: "expect", segment: null, before: null, after: counts },
    ],
    commitments: [
      {
        name: s(15),
        periods: [{ period: "2027-01", before: 3, after: 4, goalBefore: 300, goalAfter: 300 }],
      },
    ],
    newBreaches: r.breaches,
    goneBreaches: [r.breaches[0]],
  };
}

const pool = (strings: string[]) => (i: number) => strings[i % strings.length];
const HARMLESS = (i: number) => `x${i}`;

// ---------------------------------------------------------------- unit cases

describe("escapeMarkdown", () => {
  it("HTML, comments and entities become text", () => {
    expect(escapeMarkdown(`<img src=x onerror=alert(1)>`)).toBe("&lt;img src=x onerror=alert(1)&gt;");
    expect(escapeMarkdown("<!-- hide")).toBe("&lt;!-- hide");
    expect(escapeMarkdown("&lt;")).toBe("&amp;lt;");
  });
  it("mentions, references and autolinks are split by a zero-width space", () => {
    expect(escapeMarkdown("@octocat")).toBe("@&#8203;octocat");
    expect(escapeMarkdown("ben@acme.com")).toBe("ben@&#8203;acme.com");
    expect(escapeMarkdown("#12 and GH-3")).toBe("\\#&#8203;12 and GH&#8203;-3");
    expect(escapeMarkdown("https://x.test/a")).toBe("https:&#8203;//x.test/a");
    expect(escapeMarkdown("see www.x.test")).toBe("see www&#8203;.x.test");
  });
  it("markup, pipes, math and block markers are escaped", () => {
    expect(escapeMarkdown("[a](b) ![c](d)")).toBe("\\[a\\](b) !\\[c\\](d)");
    expect(escapeMarkdown("a|b\\c `d` *e* ~f~ $g$")).toBe("a\\|b\\\\c \\`d\\` \\*e\\* \\~f\\~ \\$g\\$");
    expect(escapeMarkdown("_x_ hand_raisers")).toBe("\\_x\\_ hand_raisers");
    expect(escapeMarkdown("- a")).toBe("\\- a");
    expect(escapeMarkdown("12. a")).toBe("12\\. a");
    expect(escapeMarkdown("  a  ")).toBe("&#32;&#32;a&#32;&#32;");
  });
  it("one line, controls shown; normal text unchanged", () => {
    expect(escapeMarkdown("a\nb\x1b[31m")).toBe("a\\\\x0ab\\\\x1b\\[31m");
    for (const s of ["respond hand_raisers", "José Müller", "リード-7", "L1001", "(unassigned)"])
      expect(escapeMarkdown(s)).toBe(s);
  });
});

describe("cleanText, htmlText, jsonText", () => {
  it("terminal: control, C1, bidi and separators shown; accents, CJK and emoji kept", () => {
    expect(cleanText("\x1b]0;t\x07\x9b\u202e\u2066\u200f\u061c\u2028")).toBe(
      "\\x1b]0;t\\x07\\x9b\\u{202e}\\u{2066}\\u{200f}\\u{61c}\\u{2028}",
    );
    expect(cleanText("José リード 👩‍💻 e\u0301")).toBe("José リード 👩‍💻 e\u0301");
    expect(hasUnsafeText("ok")).toBe(false);
    expect(hasUnsafeText("a\u202eb")).toBe(true);
  });
  it("terminalText: our colours, newlines and a progress redraw stay; anything else is shown", () => {
    const ours = "\x1b[1mfile:1:2:\x1b[0m \x1b[31;1merror\x1b[0m x\n  | \x1b[36m^^\x1b[0m\n";
    expect(terminalText(ours)).toBe(ours);
    expect(terminalText("\r\x1b[2K")).toBe("\r\x1b[2K");
    expect(terminalText("\r[###---]  50%")).toBe("\r[###---]  50%");
    // a colour with no reset after it on its line, a title change, C1, bidi, a CR inside
    expect(terminalText("unknown 'a\x1b[31m'\n\x1b[0m")).toBe("unknown 'a\\x1b[31m'\n\x1b[0m");
    expect(terminalText("a\x1b]0;t\x07\x9b\u202e\rb\n")).toBe("a\\x1b]0;t\\x07\\x9b\\u{202e}\\x0db\n");
    expect(terminalText("\x1b[8mhidden\x1b[0m")).toBe("\\x1b[8mhidden\x1b[0m");
    expect(terminalText("José リード\n")).toBe("José リード\n");
  });

  it("HTML: escaped and cleaned", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    expect(htmlText("<b>\x1b")).toBe("&lt;b&gt;\\x1b");
  });
  it("JSON: same value, C1 and bidi as \\u escapes, newlines of the layout kept", () => {
    const v = { a: "\x85\u202e\u2028\x7f\x1b", b: [1, "José"] };
    const j = jsonText(v);
    expect(j).toBe('{\n  "a": "\\u0085\\u202e\\u2028\\u007f\\u001b",\n  "b": [\n    1,\n    "José"\n  ]\n}');
    expect(JSON.parse(j)).toEqual(v);
    expect(jsonText({ x: 1 })).toBe(JSON.stringify({ x: 1 }, null, 2));
  });
});

describe("sla check printer", () => {
  it("shows escape sequences and bidi controls from the source, caret under the cleaned text", () => {
    const text = `sla "a\x1b]0;pwn\x07b"\ntimezone "X/\x1b[31m\u202eY"\n`;
    const r = compileSource(text);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    const out = renderText("spec\x1b[2J.sla", text, r.diagnostics);
    expectInertTerminal(out);
    expect(out).toContain(`spec\\x1b[2J.sla:2:10: error SLA103`);
    const lines = out.split("\n");
    const src = lines.findIndex((l) => l.startsWith("2 | "));
    expect(lines[src]).toBe(`2 | timezone "X/\\x1b[31m\\u{202e}Y"`);
    // the caret spans the whole cleaned string literal
    expect(lines[src + 1]).toBe(`  | ${" ".repeat(9)}${"^".repeat(`"X/\\x1b[31m\\u{202e}Y"`.length)}`);
    expectGolden(join(FIXTURES, "hostile-check.txt"), out);
  });

  it(
    "property: any source, message and file name prints inert, caret aligned",
    () => {
      fc.assert(
        fc.property(
          fc.array(hostile, { minLength: 1, maxLength: 4 }),
          hostile,
          hostile,
          fc.nat(),
          fc.nat({ max: 30 }),
          fc.boolean(),
          (lines, message, file, at, len, color) => {
            const text = lines.join("\n");
            const start = at % (text.length + 1);
            const d: Diagnostic = {
              code: "SLA201",
              severity: "error",
              message,
              help: message,
              range: { start, end: Math.min(text.length, start + len) },
            };
            const out = renderText(file, text, [d], { color });
            expectInertTerminal(out);
            const harmless = renderText("f", "x", [{ ...d, message: "m", help: message ? "h" : undefined }]);
            expect(out.split("\n").length).toBe(harmless.split("\n").length);
          },
        ),
        { numRuns: 2 * RUNS },
      );
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------- every format

describe("every renderer, hostile strings in every slot", () => {
  const harmless = {
    md: renderMarkdown(report(HARMLESS)),
    html: renderHtml(report(HARMLESS)),
    diffMd: renderDiff(diff(HARMLESS), "md"),
    diffTable: renderDiff(diff(HARMLESS), "table"),
  };

  it(
    "renders nothing active (property)",
    () => {
      fc.assert(
        fc.property(fc.array(hostile, { minLength: SLOTS, maxLength: SLOTS }), (strings) => {
          const s = pool(strings);
          const r = report(s);
          const d = diff(s);

          expectInertTerminal(renderTable(r));
          expectInertTerminal(renderTable(r, { color: true, width: 80 }));
          expectInertMarkdown(renderMarkdown(r), harmless.md);
          expectInertHtml(renderHtml(r), harmless.html);
          expectInertJson(jsonText(r), r);

          const table = renderDiff(d, "table");
          expectInertTerminal(table);
          expect(table.split("\n").length).toBe(harmless.diffTable.split("\n").length);
          expectInertMarkdown(renderDiff(d, "md"), harmless.diffMd);
          expectInertJson(jsonText(d), d);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it("the report's own words keep their shape (sanity check of the checks)", () => {
    // The harmless rendering has links nowhere and the expected tags.
    const tags = new Set(structure(md.render(harmless.md)).map((t) => t.replace(/^\/|\[.*$/g, "")));
    expect([...tags].sort()).toEqual(
      [
        "br",
        "code",
        "details",
        "em",
        "h3",
        "h4",
        "li",
        "p",
        "strong",
        "sub",
        "summary",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
      ].sort(),
    );
    // An unescaped lead id would show: the checks catch it.
    const raw = harmless.md.replace("x7", "<img src=x onerror=alert(1)> @octocat https://evil.test");
    expect(() => expectInertMarkdown(raw, harmless.md)).toThrow();
  });
});

// ---------------------------------------------------------------- goldens

describe("hostile goldens", () => {
  const strings = [
    "Inbound <img src=x onerror=alert(1)> SLA",
    "America/New_York\u202e",
    "hand_raisers",
    "respond @octocat",
    "ben\x1b]0;pwned\x07",
    "ana@acme.com",
    "expect <!-- hidden",
    "<script>alert(1)</script>",
    "- maria",
    "#12 GH-3",
    "[click](javascript:alert(1))",
    "https://hooks.evil.test/x?a=1&b=2",
    "late|slow",
    "\x1b[2J\x1b[HL2",
    "W1",
    "VQL $x$",
    "MQL `code`",
    "www.evil.com received leads while away",
    "L\u2066x\u2069",
    "lead.created repeated",
    "events\x1b[31m.jsonl",
    'bad "at": ![x](https://evil.test/p.png)',
    "events.jsonl",
    "unknown  ",
  ];
  const r = report(pool(strings));
  const d = diff(pool(strings));
  it("simulate --format md", () => expectGolden(join(FIXTURES, "hostile.md"), renderMarkdown(r)));
  it("simulate --format table", () => expectGolden(join(FIXTURES, "hostile.txt"), renderTable(r)));
  it("diff --format md", () => expectGolden(join(FIXTURES, "hostile-diff.md"), renderDiff(d, "md")));
  it("diff --format table", () => expectGolden(join(FIXTURES, "hostile-diff.txt"), renderDiff(d, "table")));
});
