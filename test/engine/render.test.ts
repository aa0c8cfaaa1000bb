import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cleanText, escapeHtml } from "../../engine/render/escape.ts";
import {
  describeAction,
  displayWidth,
  formatCompliance,
  formatDuration,
  formatInt,
  formatMoney,
  formatNumber,
  formatPercent,
  formatTarget,
  stripAnsi,
  truncateDisplay,
} from "../../engine/render/format.ts";
import { renderHtml } from "../../engine/render/html.ts";
import { renderMarkdown } from "../../engine/render/markdown.ts";
import { renderTable } from "../../engine/render/table.ts";
import type { BreachRecord, SimReport, WarningRecord } from "../../engine/result.ts";
import { expectGolden } from "../golden.ts";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "render");

/** Golden file under test/fixtures/render (see test/golden.ts). */
function golden(name: string, actual: string): void {
  expectGolden(join(FIXTURES, name), actual);
}

const XSS = `<script>alert("x")</script>`;

function breaches(n: number): BreachRecord[] {
  const owners = ["ana", "ben", "chloe", null];
  const out: BreachRecord[] = [];
  for (let i = 0; i < n; i++) {
    const start = Date.UTC(2027, 0, 4 + Math.floor(i / 4), 14, (i * 7) % 60);
    const owner = owners[i % 4];
    const next = owners[(i + 1) % 3];
    out.push({
      lead: `L${1000 + i}`,
      kind: "respond",
      segment: "hand_raisers",
      name: "respond hand_raisers",
      start: new Date(start).toISOString().replace(".000Z", "Z"),
      due: new Date(start + 300_000).toISOString().replace(".000Z", "Z"),
      owner,
      actions: [
        { type: "reassign", to: next },
        { type: "escalate", to: "maria" },
      ],
    });
  }
  return out;
}

function warnings(n: number, name: string, segment: string): WarningRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    lead: `W${i}`,
    kind: "respond" as const,
    segment,
    name,
    at: "2027-01-05T14:04:00Z",
    due: "2027-01-05T14:05:00Z",
    owner: "ana",
  }));
}

/** A report exercising every section of every renderer. */
function sample(): SimReport {
  return {
    sla: "Inbound lead SLA",
    timezone: "America/New_York",
    from: "2027-01-04T14:03:00Z",
    to: "2027-03-15T21:58:00Z",
    events: 123_456,
    leads: 4_321,
    duplicates: 12,
    conflicts: 0,
    ignoredAfterUntil: 7,
    ignoredRows: { count: 0, byCode: {} },
    obligations: [
      {
        kind: "respond",
        segment: "hand_raisers",
        name: "respond hand_raisers",
        inScope: 1_234,
        met: 1_180,
        breached: 50,
        pending: 4,
        compliance: 1_180 / 1_230,
        target: 0.99,
        held: false,
        windowSeconds: 300,
        business: false,
        months: [
          { month: "2027-01", inScope: 400, met: 396, breached: 4, pending: 0, compliance: 0.99, held: true },
          { month: "2027-02", inScope: 500, met: 470, breached: 30, pending: 0, compliance: 0.94, held: false },
          { month: "2027-03", inScope: 334, met: 314, breached: 16, pending: 4, compliance: 314 / 330, held: false },
        ],
        owners: [
          { owner: "(unassigned)", inScope: 10, met: 0, breached: 10, pending: 0, compliance: 0 },
          { owner: "ana", inScope: 600, met: 590, breached: 8, pending: 2, compliance: 590 / 598 },
          { owner: "ben", inScope: 624, met: 590, breached: 32, pending: 2, compliance: 590 / 622 },
        ],
        responseTimes: { calendar: { count: 1_180, p50: 95, p90: 252, p99: 299 }, business: null },
        warnings: 40,
      },
      {
        kind: "respond",
        segment: "trials",
        name: "respond trials",
        inScope: 800,
        met: 780,
        breached: 10,
        pending: 10,
        compliance: 78 / 79,
        target: 0.95,
        held: true,
        windowSeconds: 86_400,
        business: true,
        months: [
          { month: "2027-01", inScope: 300, met: 297, breached: 3, pending: 0, compliance: 0.99, held: true },
          { month: "2027-03", inScope: 500, met: 483, breached: 7, pending: 10, compliance: 483 / 490, held: true },
        ],
        owners: [{ owner: "chloe", inScope: 800, met: 780, breached: 10, pending: 10, compliance: 78 / 79 }],
        responseTimes: {
          calendar: { count: 780, p50: 11_100, p90: 187_200, p99: 400_000 },
          business: { count: 780, p50: 3_600, p90: 72_000, p99: 86_000 },
        },
        warnings: 2,
      },
      {
        kind: "cadence",
        segment: "hand_raisers",
        name: "cadence hand_raisers",
        inScope: 1_234,
        met: 900,
        breached: 300,
        pending: 34,
        compliance: 0.75,
        target: null,
        held: null,
        windowSeconds: 15 * 86_400,
        business: false,
        months: [
          { month: "2027-01", inScope: 400, met: 300, breached: 100, pending: 0, compliance: 0.75, held: null },
          { month: "2027-02", inScope: 834, met: 600, breached: 200, pending: 34, compliance: 0.75, held: null },
        ],
        owners: [{ owner: "ana", inScope: 1_234, met: 900, breached: 300, pending: 34, compliance: 0.75 }],
        responseTimes: { calendar: { count: 900, p50: 600_000, p90: 1_200_000, p99: 1_290_000 }, business: null },
        warnings: 0,
      },
      {
        kind: "expect",
        segment: null,
        name: "expect demo.held or noshow.reported after demo.started",
        inScope: 3,
        met: 0,
        breached: 0,
        pending: 3,
        compliance: null,
        target: null,
        held: null,
        windowSeconds: 780,
        business: false,
        months: [{ month: "2027-03", inScope: 3, met: 0, breached: 0, pending: 3, compliance: null, held: null }],
        owners: [],
        responseTimes: { calendar: { count: 0, p50: null, p90: null, p99: null }, business: null },
        warnings: 0,
      },
    ],
    breaches: [
      {
        lead: XSS,
        kind: "expect",
        segment: null,
        name: "expect demo.held or noshow.reported after demo.started",
        start: "2027-01-04T15:00:00Z",
        due: "2027-01-04T15:13:00Z",
        owner: "ana",
        actions: [{ type: "notify", url: "https://hooks.example.com/sla?a=1&b=<2>" }],
      },
      {
        lead: "リード-7",
        kind: "respond",
        segment: "trials",
        name: "respond trials",
        start: "2027-01-05T15:00:00Z",
        due: "2027-01-06T15:00:00Z",
        owner: "chloe",
        actions: [
          { type: "nurture", campaign: "Trial nurture" },
          { type: "tag", label: "late|slow" },
        ],
      },
      {
        lead: "L\u001b[31mred",
        kind: "respond",
        segment: "hand_raisers",
        name: "respond hand_raisers",
        start: "2027-01-05T16:00:00Z",
        due: "2027-01-05T16:05:00Z",
        owner: null,
        actions: [
          { type: "reassign", to: null },
          { type: "escalate", to: null },
        ],
      },
      ...breaches(22),
    ],
    warnings: [...warnings(40, "respond hand_raisers", "hand_raisers"), ...warnings(2, "respond trials", "trials")],
    commitments: [
      {
        kind: "count",
        term: "VQL",
        goal: 300,
        per: "quarter",
        periods: [{ period: "2027-Q1", actual: 312, held: true, partial: true }],
      },
      {
        kind: "value",
        term: "VQL",
        goal: 84_000,
        per: "month",
        periods: [
          { period: "2027-01", actual: 80_120, held: false, partial: true },
          { period: "2027-02", actual: 90_000.5, held: true, partial: false },
          { period: "2027-03", actual: 12_000, held: false, partial: true },
        ],
      },
    ],
    anomalies: [
      {
        kind: "assigned-while-away",
        message: "ben received leads while away",
        owner: "ben",
        count: 3,
        examples: ["L12", "L13", "L44"],
      },
      {
        kind: "reassign-no-rep",
        message: "a breach found no rep to reassign to (everyone away or already the owner)",
        count: 1,
        examples: ["L\u001b[31mred"],
      },
      {
        kind: "lead-recreated",
        message: "lead.created repeated for an existing lead (fields merged)",
        count: 2,
        examples: [XSS, "L9"],
      },
      {
        kind: "breach-rate-outlier",
        message: "ben breached 5.1% of 622 clocks vs 3.3% for team sdr",
        owner: "ben",
        count: 32,
        examples: [],
      },
    ],
    rejected: {
      count: 7,
      byCode: { EV104: 6, EV106: 1 },
      rows: Array.from({ length: 7 }, (_, i) => ({
        code: i === 0 ? "EV106" : "EV104",
        file: "events.jsonl",
        line: 10 + i,
        reason: i === 0 ? `bad "at": ${XSS}` : "unknown event type",
      })),
    },
  };
}

function empty(): SimReport {
  return {
    sla: "Empty",
    timezone: "UTC",
    from: null,
    to: null,
    events: 0,
    leads: 0,
    duplicates: 0,
    conflicts: 0,
    ignoredAfterUntil: 0,
    ignoredRows: { count: 0, byCode: {} },
    obligations: [],
    breaches: [],
    warnings: [],
    commitments: [],
    anomalies: [],
    rejected: { count: 0, byCode: {}, rows: [] },
  };
}

describe("format", () => {
  it("durations", () => {
    expect(formatDuration(42)).toBe("42s");
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(0.2)).toBe("<1s");
    expect(formatDuration(252)).toBe("4m 12s");
    expect(formatDuration(300)).toBe("5m");
    expect(formatDuration(3599.6)).toBe("1h");
    expect(formatDuration(11_100)).toBe("3h 05m");
    expect(formatDuration(187_200)).toBe("2d 4h");
    expect(formatDuration(15 * 86_400)).toBe("15d");
    expect(formatDuration(86_399)).toBe("1d");
    expect(formatDuration(86_000)).toBe("23h 53m");
    expect(formatDuration(108_000, { business: true })).toBe("30h");
    expect(formatDuration(null)).toBe("–");
    expect(formatDuration(-90)).toBe("-1m 30s");
  });

  it("percentages never round across a boundary", () => {
    expect(formatPercent(0.9876)).toBe("98.8%");
    expect(formatPercent(1)).toBe("100.0%");
    expect(formatPercent(0.99996)).toBe("99.996%");
    expect(formatPercent(0.0004)).toBe("0.04%");
    expect(formatPercent(0)).toBe("0.0%");
    expect(formatPercent(null)).toBe("–");
    expect(formatTarget(0.99)).toBe("99%");
    expect(formatTarget(0.995)).toBe("99.5%");
    // 98.96% would round to 99.0% next to a 99% target it missed
    expect(formatCompliance(0.9896, 0.99)).toBe("98.96%");
    expect(formatCompliance(0.99, 0.99)).toBe("99.0%");
    expect(formatCompliance(0.5, 0.99)).toBe("50.0%");
  });

  it("money and numbers", () => {
    expect(formatMoney(84_000)).toBe("$84,000");
    expect(formatMoney(1_000_000)).toBe("$1,000,000");
    expect(formatMoney(9.99)).toBe("$9.99");
    expect(formatMoney(1234.5)).toBe("$1,234.50");
    expect(formatMoney(-5)).toBe("-$5");
    expect(formatInt(1_234_567)).toBe("1,234,567");
    expect(formatInt(-1234)).toBe("-1,234");
    expect(formatInt(999)).toBe("999");
    expect(formatNumber(1234.5)).toBe("1,234.5");
  });

  it("actions", () => {
    expect(describeAction({ type: "reassign", to: "ben" })).toBe("reassign -> ben");
    expect(describeAction({ type: "escalate", to: null })).toBe("escalate -> nobody");
    expect(describeAction({ type: "nurture", campaign: "Trial nurture" })).toBe('nurture "Trial nurture"');
    expect(describeAction({ type: "notify", url: "https://x.test/h" })).toBe("notify https://x.test/h");
    expect(describeAction({ type: "tag", label: "vip" })).toBe('tag "vip"');
  });

  it("display width and escaping", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("✓ ✗")).toBe(3);
    expect(displayWidth("リード")).toBe(6);
    expect(displayWidth("\x1b[31mred\x1b[0m")).toBe(3);
    expect(displayWidth("e\u0301")).toBe(1);
    expect(displayWidth("✅")).toBe(2);
    expect(truncateDisplay("リードリード", 5)).toBe("リー…");
    expect(stripAnsi("\x1b[1;32mok\x1b[0m")).toBe("ok");
    expect(cleanText("a\u001b[2Jb\nc")).toBe("a\\x1b[2Jb\\x0ac");
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});

describe("renderTable", () => {
  const text = renderTable(sample());

  it("matches the golden file", () => golden("table.txt", text));

  it("has every section and the key numbers", () => {
    expect(text.split("\n")[0]).toBe(
      "Inbound lead SLA  2027-01-04 09:03:00 -05:00 → 2027-03-15 17:58:00 -04:00  · Times in America/New_York",
    );
    expect(text).toContain(
      "123,456 events · 4,321 leads · 12 duplicates · 7 rejected rows · 7 events after --until not replayed",
    );
    expect(text).toContain("1 of 2 targets missed · 25 breaches · 42 warnings");
    expect(text).toMatch(/respond hand_raisers\s+5m\s+1,234\s+1,180\s+50\s+4\s+95\.9%\s+99%\s+✗\s+1m 35s\s+4m 12s/);
    expect(text).toMatch(/respond trials\s+24h business\s+800\s+780\s+10\s+10\s+98\.7%\s+95%\s+✓\s+1h\s+20h/);
    expect(text).toContain("2027-01   99.0% ✓   2027-02   94.0% ✗   2027-03   95.2% ✗");
    expect(text).toMatch(/\$84,000 in VQL per month\s+2027-01\s+\$80,120\s+\$84,000\s+95\.4%\s+✗\s+partial period/);
    expect(text).toContain("$90,000.50");
    expect(text).toContain("ben received leads while away (3×) e.g. L12, L13, L44");
    expect(text).toContain("Warnings  42 (respond hand_raisers 40, respond trials 2)");
    expect(text).toContain("events.jsonl:10");
    expect(text).toContain("… and 2 more");
    expect(text).toContain("reassign -> nobody, escalate -> nobody");
    expect(text).toContain("… and 5 more (use --format json for all)");
    expect(text).not.toContain("\x1b");
    expect(text).toContain("L\\x1b[31mred");
  });

  it("aligns columns by display width", () => {
    const lines = text.split("\n");
    const head = lines.findIndex((l) => l.startsWith("Breaches"));
    const rows = lines.slice(head + 1, head + 5);
    const col = (l: string) => {
      // display column where the due timestamp starts
      const i = l.search(/due|\d{4}-\d\d-\d\d /);
      return displayWidth(l.slice(0, i));
    };
    expect(new Set(rows.map(col)).size).toBe(1);
    expect(rows[2]).toContain("リード-7");
  });

  it("colours only on request", () => {
    const c = renderTable(sample(), { color: true });
    expect(c).toContain("\x1b[");
    expect(stripAnsi(c)).toBe(text);
  });

  it("maxBreaches and width", () => {
    const t = renderTable(sample(), { maxBreaches: 2 });
    expect(t).toContain("… and 23 more (use --format json for all)");
    expect(renderTable(sample(), { maxBreaches: 0 })).toContain("25 breaches not listed (use --format json for all)");
    const narrow = renderTable(sample(), { width: 80 });
    const sections = narrow
      .split("\n\n")
      .filter((b) => /^(Obligations|Compliance by month|Commitments|Breaches)/.test(b));
    for (const l of sections.flatMap((b) => b.split("\n")))
      expect([l, displayWidth(l)]).toEqual([l, Math.min(displayWidth(l), 80)]);
    const breachLines = narrow.split("\n").filter((l) => /^\s+L10\d\d/.test(l));
    expect(breachLines.length).toBeGreaterThan(0);
    for (const l of breachLines) expect(displayWidth(l)).toBeLessThanOrEqual(80);
    expect(narrow).toContain("…");
  });

  it("renders an empty report", () => {
    const t = renderTable(empty());
    expect(t).toContain("Empty  no events  · Times in UTC");
    expect(t).toContain("no targets to judge");
    expect(t).toContain("Breaches (0)\n  none");
  });
});

describe("renderMarkdown", () => {
  const md = renderMarkdown(sample());

  it("matches the golden file", () => golden("report.md", md));

  it("uses GFM tables, escapes cells and collapses the breach list", () => {
    expect(md).toContain(
      "| Obligation | Within | In scope | Met | Breached | Pending | Compliance | Target | Held | p50 | p90 |",
    );
    expect(md).toMatch(/\| respond hand_raisers \| 5m \| 1,234 \| 1,180 \| 50 \| 4 \| 95\.9% \| 99% \| ❌ \|/);
    expect(md).toMatch(/<details>\s*<summary>Breaches: 25 \(first 20 listed\)<\/summary>/);
    expect(md).toContain("…and 5 more (use `--format json` for all)");
    expect(md).not.toContain("<script");
    expect(md).toContain("&lt;script&gt;");
    expect(md).toContain("late\\|slow");
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(md).toContain("L\\\\x1b\\[31mred");
    // every table row has the same number of (unescaped) pipes as its header
    const tables = md.split("\n\n").filter((b) => b.startsWith("|"));
    expect(tables.length).toBeGreaterThan(3);
    for (const t of tables) {
      const counts = t.split("\n").map((l) => l.replace(/\\\|/g, "").split("|").length);
      expect(new Set(counts).size).toBe(1);
    }
  });

  it("renders an empty report", () => {
    const e = renderMarkdown(empty());
    expect(e).toContain("Empty");
    expect(e).toContain("No breaches.");
  });
});

describe("renderHtml", () => {
  const html = renderHtml(sample());
  // RENDER_HTML_OUT=/tmp/report.html writes the page for a look in a browser
  if (process.env.RENDER_HTML_OUT) writeFileSync(process.env.RENDER_HTML_OUT, html);

  it("is one self-contained page", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
    expect(html).not.toMatch(/\s(src|href)\s*=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    // "http" only in the notify URL shown as text
    const https = html.match(/https?:[^\s<"]*/g) ?? [];
    expect(https.length).toBeGreaterThan(0);
    for (const u of https) expect(u.startsWith("https://hooks.example.com/sla")).toBe(true);
    // balanced tags for the elements we emit
    for (const tag of [
      "section",
      "article",
      "table",
      "svg",
      "details",
      "figure",
      "div",
      "dl",
      "ul",
      "tr",
      "td",
      "th",
    ]) {
      const open = html.match(new RegExp(`<${tag}[\\s>]`, "g"))?.length ?? 0;
      const close = html.match(new RegExp(`</${tag}>`, "g"))?.length ?? 0;
      expect([tag, open]).toEqual([tag, close]);
    }
  });

  it("escapes user strings", () => {
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("https://hooks.example.com/sla?a=1&amp;b=&lt;2&gt;");
    expect(html).not.toContain("<2>");
    // control characters are shown, not emitted
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    expect(html).toContain("L\\x1b[31mred");
  });

  it("has the summary, cards, charts and tables", () => {
    expect(html).toContain("<h1>Inbound lead SLA</h1>");
    for (const s of ["123,456", "4,321", "12", "7", "2027-01-04 09:03:00 -05:00", "America/New_York"])
      expect(html).toContain(s);
    expect(html.match(/<article class="card/g)?.length).toBe(4);
    expect(html).toContain('class="badge missed"');
    expect(html).toContain('class="badge held"');
    // compliance-by-month chart per obligation, with the target line where there is a target
    expect(html.match(/<svg[^>]*class="chart months"/g)?.length).toBe(4);
    expect(html.match(/class="target"/g)?.length).toBeGreaterThanOrEqual(2);
    // percentile ladders: calendar for all with samples, plus business for trials
    expect(html.match(/<svg[^>]*class="chart ladder"/g)?.length).toBe(4);
    expect(html).toContain("No response times recorded");
    expect(html).toContain("(unassigned)");
    expect(html).toContain("2027-Q1");
    expect(html).toContain("partial");
    expect(html).toContain("ben received leads while away");
    expect(html).toMatch(/Warnings[\s\S]*42/);
    expect(html).toContain("L1021");
    expect(html).toContain("reassign -&gt; ben, escalate -&gt; maria");
  });

  it("lists the first 500 breaches", () => {
    const r = sample();
    r.breaches = breaches(512);
    const h = renderHtml(r);
    expect(h).toContain("L1499");
    expect(h).not.toContain("L1500");
    expect(h).toContain("… and 12 more");
  });

  it("renders an empty report", () => {
    const h = renderHtml(empty());
    expect(h.startsWith("<!doctype html>")).toBe(true);
    expect(h).toContain("No breaches");
  });
});

describe("input read but not replayed", () => {
  it("every format names conflicting events and unmatched activity rows when there are any", () => {
    const r = { ...sample(), conflicts: 2, ignoredRows: { count: 3, byCode: { EV306: 3 } } };
    const table = stripAnsi(renderTable(r));
    expect(table).toContain("2 conflicting events (EV203)");
    expect(table).toContain("3 activity rows matched no rule (EV306), not replayed");
    expect(renderMarkdown(r)).toContain("2 conflicting events (EV203)");
    expect(renderMarkdown(r)).toContain("3 activity rows matched no rule (EV306)");
    const html = renderHtml(r);
    expect(html).toContain("Conflicting events (EV203)</dt><dd>2<");
    expect(html).toContain("Activity rows matching no rule (EV306)</dt><dd>3<");
  });

  it("a clean run's header does not mention them", () => {
    expect(stripAnsi(renderTable(sample()))).not.toMatch(/conflicting|matched no rule/);
    expect(renderMarkdown(sample())).not.toMatch(/conflicting|matched no rule/);
  });
});
