// Every ```sla code block in specs/reference.md and README.md parses and
// checks clean, so the documentation cannot drift from the language.
//
// Blocks are fragments (a `respond` names a segment declared in another
// block), so each is checked after a shared context that declares what the
// examples use: every context declaration the block does not make itself.
// A block that shows an error on purpose is marked ```sla error SLA123 (one
// or more codes); the test then requires exactly those codes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../language/compile.ts";

const DOCS = ["specs/reference.md", "README.md"];

interface Block {
  file: string;
  line: number;
  text: string;
  /** codes the block must produce (```sla error CODE...); empty: must check clean */
  expected: string[];
}

/** The ```sla blocks of a Markdown text (fences of three or more backticks). */
function slaBlocks(file: string, md: string): Block[] {
  const out: Block[] = [];
  const lines = md.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})sla(?:\s+(.*))?$/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    const info = (open[3] ?? "").trim();
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j].trim().startsWith(fence)) body.push(lines[j++]);
    const expected = info.startsWith("error") ? (info.match(/SLA\d{3}/g) ?? []) : [];
    out.push({ file, line: i + 1, text: `${body.join("\n")}\n`, expected });
    i = j;
  }
  return out;
}

// What the examples refer to without declaring it. Each entry is dropped when the block
// declares the same thing (a block's own declaration wins).
const CONTEXT: { declares: RegExp; text: string }[] = [
  { declares: /^sla\s/m, text: `sla "documentation example"\ntimezone "America/New_York"` },
  { declares: /^\s+source\s*:/m, text: `fields {\n  source: one of "demo", "trial", "webinar", "whitepaper"\n}` },
  { declares: /^\s+score\s*:/m, text: "fields {\n  score: number\n}" },
  { declares: /^\s+employees\s*:/m, text: "fields {\n  employees: number\n}" },
  { declares: /^\s+country\s*:/m, text: "fields {\n  country: text\n}" },
  { declares: /^\s+title\s*:/m, text: "fields {\n  title: text\n}" },
  { declares: /^\s+status\s*:/m, text: "fields {\n  status: text\n}" },
  { declares: /^calendar\s+business\b/m, text: "calendar business {\n  open mon-fri 09:00-17:30\n}" },
  { declares: /^calendar\s+demo_hours\b/m, text: "calendar demo_hours {\n  open mon-fri 09:00-17:00\n}" },
  { declares: /^team\s+sdr\b/m, text: "team sdr {\n  members ana, ben, chloe\n  manager maria\n}" },
  { declares: /^define\s+MQL\b/m, text: `define MQL when score >= 60 or source = "demo"` },
  { declares: /^define\s+VQL\b/m, text: "define VQL when MQL and employees >= 50" },
  { declares: /^define\s+qualified_lead\b/m, text: "define qualified_lead when VQL" },
  {
    declares: /^segment\s/m,
    text: [
      `segment hand_raisers when VQL and source = "demo"`,
      `segment trials when VQL and source = "trial"`,
      "segment qualified when VQL",
    ].join("\n"),
  },
  {
    declares: /^(persona|action|value)\b/m,
    text: "persona anyone otherwise\naction anything otherwise\nvalue {\n  columns anything\n  anyone: $100\n}",
  },
];

function withContext(block: string): string {
  const context = CONTEXT.filter((c) => !c.declares.test(block)).map((c) => c.text);
  return `${context.join("\n")}\n${block}`;
}

const blocks = DOCS.flatMap((f) => slaBlocks(f, readFileSync(f, "utf8")));

describe("sla code blocks in the documentation", () => {
  it("finds the blocks (the extractor works)", () => {
    expect(blocks.filter((b) => b.file === "specs/reference.md").length).toBeGreaterThanOrEqual(10);
    expect(blocks.filter((b) => b.file === "README.md").length).toBeGreaterThanOrEqual(1);
    const md = 'text\n```sla\nsla "a"\n```\n\n````sla error SLA201 SLA301\nx\n````\n```sh\nnope\n```\n';
    expect(slaBlocks("x.md", md)).toEqual([
      { file: "x.md", line: 2, text: 'sla "a"\n', expected: [] },
      { file: "x.md", line: 6, text: "x\n", expected: ["SLA201", "SLA301"] },
    ]);
  });

  for (const b of blocks) {
    const where = `${b.file}:${b.line}`;
    it(`${where} ${b.expected.length ? `shows ${b.expected.join(", ")}` : "parses and checks clean"}`, () => {
      // alone, the block has no syntax errors (codes SLA0xx)
      const alone = compileSource(b.text).diagnostics.filter((d) => d.code.startsWith("SLA0"));
      if (b.expected.length === 0) expect(alone.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      // with the context, it checks clean (or gives exactly the codes it shows)
      const src = withContext(b.text);
      const found = compileSource(src).diagnostics.map((d) => d.code);
      if (b.expected.length) expect([...new Set(found)].sort()).toEqual([...new Set(b.expected)].sort());
      else
        expect(
          compileSource(src).diagnostics.map((d) => `${d.code} ${d.message}`),
          `${where}, checked as:\n${src}`,
        ).toEqual([]);
    });
  }
});
