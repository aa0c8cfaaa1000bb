// `sla agreement` (issue 13 part 1): golden documents per seed spec, a check
// that every statement of a spec appears in its document, notes (`#:`), plain
// English for conditions and windows, escaping, and the command itself.
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { obligationTitle } from "../../engine/agreement/document.ts";
import {
  agreementHtml,
  agreementMarkdown,
  buildAgreement,
  collectNotes,
  noteText,
} from "../../engine/agreement/index.ts";
import {
  actionText,
  condText,
  dayDateText,
  humanName,
  pluralName,
  titleName,
  windowText,
  withArticle,
} from "../../engine/agreement/plain.ts";
import { computePlan } from "../../engine/plan.ts";
import { formatMoney, formatNumber } from "../../engine/render/format.ts";
import { compileSource } from "../../language/compile.ts";
import type { Cond, IR } from "../../language/ir.ts";
import { parse } from "../../language/parse.ts";
import { expectGolden } from "../golden.ts";
import { expectInertHtml, expectInertMarkdown } from "../inert.ts";
import { sla } from "../run-sla.ts";

const SEEDS = readdirSync("specs/seeds")
  .filter((f) => f.endsWith(".sla"))
  .sort();

function build(file: string, text = readFileSync(file, "utf8")) {
  const r = compileSource(text);
  if (!r.ir) throw new Error(`${file} does not compile`);
  const sha256 = createHash("sha256").update(text, "utf8").digest("hex");
  const doc = buildAgreement(r.ir, { file, sha256, git: null }, collectNotes(parse(text).ast, text));
  return { ir: r.ir, doc, sha256, md: agreementMarkdown(doc), html: agreementHtml(doc) };
}

/** Markdown as a reader sees it: escapes and entities undone, one space between words. */
function readable(md: string): string {
  return md
    .replace(/(?<!\\)\*\*/g, "")
    .replace(/\\(.)/g, "$1")
    .replace(/&#8203;/g, "")
    .replace(/&#32;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * What the document must mention for each statement of the spec, walking the
 * IR: header, every calendar (and each holiday), field, term, segment, persona,
 * action, value cell, team and member, commitment, obligation (window, target,
 * breach) and plan stage. Returns what is missing.
 */
function missingStatements(ir: IR, md: string): string[] {
  const text = readable(md);
  const want: string[] = [ir.name, ir.timezone];
  if (ir.owner) want.push(ir.owner);
  for (const [name, cal] of Object.entries(ir.calendars)) {
    want.push(`the ${humanName(name)} calendar`);
    const regional = new Set((cal.holidays ?? []).flatMap((h) => h.dates.map((d) => d.date)));
    for (const d of cal.closed) if (!regional.has(d)) want.push(dayDateText(d));
    for (const h of cal.holidays ?? []) want.push(`public holidays of ${h.region}, listed for ${h.from} to ${h.to}`);
  }
  for (const f of Object.keys(ir.fields)) want.push(`| ${humanName(f)} |`);
  for (const t of ir.terms) want.push(`A lead is ${withArticle(t.name)} when`);
  for (const s of ir.segments) want.push(`- ${titleName(s.name)}:`);
  for (const p of ir.personas) want.push(`- ${titleName(p.name)}:`, `| ${titleName(p.name)} |`);
  for (const a of ir.actions) want.push(`- ${titleName(a.name)}:`);
  if (ir.value) for (const row of Object.values(ir.value.rows)) for (const c of row) want.push(formatMoney(c / 100));
  for (const t of ir.teams) {
    want.push(`The ${humanName(t.name)} team`, ...t.members);
    if (t.manager) want.push(`manager ${t.manager}`);
  }
  for (const c of ir.commitments)
    want.push(
      c.kind === "value"
        ? `${formatMoney(c.goal / 100)} of ${humanName(c.term)} value per ${c.per}`
        : `${formatNumber(c.goal)} ${pluralName(c.term)} per ${c.per}`,
    );
  for (const o of ir.obligations) {
    want.push(`| ${obligationTitle(o, ir)} |`, `within ${windowText(o.within, ir)}`);
    if (o.kind === "cadence") want.push(`at least ${o.touches} touches`);
    if (o.kind === "expect") want.push(o.after, ...o.events);
    for (const c of o.by?.channels ?? []) want.push(c);
    if (o.by?.people?.owner) want.push("made by the lead's owner");
    for (const a of o.onWarn ?? []) want.push(`; then ${actionText(a)}`);
  }
  if (ir.plan)
    for (const s of computePlan(ir.plan).stages) want.push(`| ${titleName(s.name)} | ${formatNumber(s.perYear)} |`);
  return want.filter((w) => !text.includes(w));
}

describe("sla agreement: seed specs", () => {
  for (const seed of SEEDS) {
    const file = `specs/seeds/${seed}`;
    it(`${seed}: golden Markdown`, () => {
      expectGolden(`test/fixtures/agreement/${seed.replace(/\.sla$/, ".md")}`, build(file).md);
    });
    it(`${seed}: every statement of the spec appears in the document`, () => {
      const { ir, md } = build(file);
      expect(missingStatements(ir, md)).toEqual([]);
    });
    it(`${seed}: the footer names the spec's SHA-256`, () => {
      const { md, html, sha256 } = build(file);
      expect(md).toContain(`SHA-256 ${sha256}`);
      expect(html).toContain(`SHA-256 ${sha256}`);
    });
  }
  it("holidays by region, `by` and `warn at ... notify` (golden and completeness)", () => {
    const { ir, md } = build("test/fixtures/agreement/new-grammar.sla");
    expect(missingStatements(ir, md)).toEqual([]);
    expect(readable(md)).toContain("in 2027: New Year's Day (Friday 1 January 2027)");
    expectGolden("test/fixtures/agreement/new-grammar.md", md);
  });
  it("golden HTML (Square 2)", () => {
    expectGolden("test/fixtures/agreement/square2.html", build("specs/seeds/square2.sla").html);
  });
  it("the completeness check notices a statement the document leaves out", () => {
    const { ir, doc } = build("specs/seeds/madkudu.sla");
    const without = { ...doc, sections: doc.sections.filter((s) => s.id !== "breach") };
    expect(missingStatements(ir, agreementMarkdown(without)).length).toBeGreaterThan(0);
    const noHours = { ...doc, sections: doc.sections.filter((s) => s.id !== "hours") };
    expect(missingStatements(ir, agreementMarkdown(noHours))).toContain("the business calendar");
  });
});

describe("notes (#: comments)", () => {
  const fixture = "test/fixtures/agreement/notes.sla";
  it("a note line is `#:`; other comments are not notes", () => {
    expect(noteText("#: hello")).toBe("hello");
    expect(noteText("#:hello")).toBe("hello");
    expect(noteText("#:")).toBe("");
    expect(noteText("# hello")).toBeNull();
    expect(noteText("## note")).toBeNull();
  });
  it("notes attach to the statement that follows (or contains) them; the rest close the document", () => {
    const text = readFileSync(fixture, "utf8");
    const notes = collectNotes(parse(text).ast, text);
    expect(Object.fromEntries(notes)).toEqual({
      header: ["This agreement replaces the one signed in 2026.", "Questions go to the revenue operations channel."],
      "calendar:business": ["The office closes at 16:00 on Fridays in summer; this calendar keeps 17:00."],
      "term:SQL": ["Counted from the CRM's employee field, as of the lead's creation."],
      "obligation:0": ["Big accounts were promised a call the same morning.", "The manager hears about every miss."],
      closing: ["Signed at the March kickoff."],
    });
  });
  it("the spec with notes checks clean and keeps its notes through sla fmt", async () => {
    const text = readFileSync(fixture, "utf8");
    expect(compileSource(text).diagnostics).toEqual([]);
    const { format } = await import("../../language/format.ts");
    const formatted = format(text);
    if (!formatted.ok) throw new Error("the fixture does not format");
    expect(formatted.text).toContain("#: The manager hears about every miss.");
    expect(Object.fromEntries(collectNotes(parse(formatted.text).ast, formatted.text))).toEqual(
      Object.fromEntries(collectNotes(parse(text).ast, text)),
    );
  });
  it("golden Markdown with notes", () => {
    const { md } = build(fixture);
    expect(md).not.toContain("An ordinary comment");
    expectGolden("test/fixtures/agreement/notes.md", md);
  });
});

describe("plain English", () => {
  const ir = compileSource(readFileSync("specs/seeds/madkudu.sla", "utf8")).ir!;
  const term = (n: string): Cond => ir.terms.find((t) => t.name === n)!.when;
  it("conditions: and/or/not, comparisons, one-of, terms by name", () => {
    expect(condText(term("VQL"), ir)).toBe(
      'it is an MQL, employees is 50 or more, crm is "Salesforce" or "HubSpot" and either uses segment is yes or fit score is 80 or more',
    );
    expect(condText(term("MQL"), ir)).toBe("fit score is 50 or more, it is a business email and it is not a spam");
    expect(condText(term("business_email"), ir)).toBe(
      'email domain is none of "gmail.com", "yahoo.com", "hotmail.com" or "outlook.com"',
    );
    const f = {
      fields: { revenue: { type: "money" as const }, when: { type: "date" as const }, n: { type: "number" as const } },
    };
    expect(condText({ op: "cmp", field: "revenue", cmp: ">=", value: 200000000 }, f)).toBe(
      "revenue is $2,000,000 or more",
    );
    expect(condText({ op: "not", arg: { op: "cmp", field: "n", cmp: ">=", value: 5 } }, f)).toBe("n is less than 5");
    expect(condText({ op: "cmp", field: "when", cmp: "<", value: "2027-02-01" }, f)).toBe(
      "when is before 1 February 2027",
    );
    expect(
      condText(
        {
          op: "or",
          args: [
            {
              op: "and",
              args: [
                { op: "flag", field: "a" },
                { op: "set", field: "b" },
              ],
            },
            { op: "not", arg: { op: "set", field: "c" } },
          ],
        },
        f,
      ),
    ).toBe("both a is yes and b is filled in or c is empty");
  });
  it("windows as written: calendar and business time", () => {
    const w = (src: string) => {
      const r = compileSource(
        `sla "x"\ncalendar business {\n  open mon-fri 09:00-18:00\n}\nsegment s otherwise\nrespond to s within ${src}\n`,
      );
      return windowText(r.ir!.obligations[0].within, r.ir!);
    };
    expect(w("15m")).toBe("15 minutes");
    expect(w("24h")).toBe("24 hours");
    expect(w("15d")).toBe("15 days");
    expect(w("3w")).toBe("3 weeks");
    expect(w("90m")).toBe("90 minutes");
    expect(w("4 business hours")).toBe("4 business hours");
    expect(w("1 business day")).toBe("1 business day");
    expect(w("2 business days")).toBe("2 business days");
    expect(w("30 business minutes")).toBe("30 business minutes");
  });
  it("names: articles and plurals", () => {
    expect(withArticle("MQL")).toBe("an MQL");
    expect(withArticle("VQL")).toBe("a VQL");
    expect(withArticle("SQL")).toBe("an SQL");
    expect(withArticle("Opportunity")).toBe("an Opportunity");
    expect(withArticle("qualified_lead")).toBe("a qualified lead");
    expect(pluralName("VQL")).toBe("VQLs");
    expect(pluralName("marketing_lead")).toBe("marketing leads");
  });
});

describe("escaping", () => {
  const spec = (name: string, owner: string, note: string, value: string) => `#: ${note}
sla "${name}"
owner "${owner}"
fields {
  source: text
}
define hot when source = "${value}"
segment s when hot
segment rest otherwise
respond to s within 5m
  on breach nurture "${value}"
`;
  it("user text is inert in Markdown and HTML", () => {
    const hostile = build(
      "x.sla",
      spec(
        "<img src=x onerror=alert(1)> @octocat",
        "<script>x</script>",
        "[x](javascript:alert(1)) @everyone #1 www.evil.test <!--",
        "<b>$x$</b>",
      ),
    );
    const harmless = build("x.sla", spec("xname", "xowner", "xnote", "xvalue"));
    expectInertMarkdown(hostile.md, harmless.md);
    expectInertHtml(hostile.html, harmless.html);
    expect(hostile.html).not.toContain("<script>");
  });
});

describe("sla agreement (command)", () => {
  it("writes Markdown to stdout by default, HTML with --format html, to a file with --out", async () => {
    const md = await sla("agreement", "specs/seeds/weidert.sla");
    expect(md.code).toBe(0);
    expect(md.out).toMatch(/^# Marketing-sales SLA\n/);
    expect(md.out).toMatch(/SHA-256 [0-9a-f]{64}/);
    const html = await sla("agreement", "specs/seeds/weidert.sla", "--format", "html");
    expect(html.out).toMatch(/^<!doctype html>/);
    const dir = mkdtempSync(join(tmpdir(), "sla-agreement-"));
    const out = join(dir, "a.md");
    const written = await sla("agreement", "specs/seeds/weidert.sla", "--out", out);
    expect(written.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(md.out);
  });
  it("a PDF needs --out; a spec with errors fails with its diagnostics", async () => {
    const pdf = await sla("agreement", "specs/seeds/weidert.sla", "--format", "pdf");
    expect(pdf.code).toBe(2);
    expect(pdf.err).toContain("--out");
    const dir = mkdtempSync(join(tmpdir(), "sla-agreement-"));
    const bad = join(dir, "bad.sla");
    (await import("node:fs")).writeFileSync(bad, 'sla "x"\nsegment s when nope\n');
    const r = await sla("agreement", bad);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.sla:2:\d+/);
  });
});
