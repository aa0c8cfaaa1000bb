// The share menu's files: names from the spec's title, and the report files
// the worker makes with the CLI's renderers (playground/src/share).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../engine/render/html.ts";
import { renderMarkdown } from "../../engine/render/markdown.ts";
import { downloadFile, fileStem, specTitle } from "../../playground/src/share/downloads.ts";
import { GeneratedSource } from "../../playground/src/simulator.ts";
import { Session } from "../../playground/src/worker/session.ts";

const SKETCH = readFileSync(new URL("../../specs/examples/inbound/inbound.sla", import.meta.url), "utf8");
const DATA = { seed: 42, leads: 300, start: "2027-01-01", months: 3 };

describe("download names", () => {
  it("come from the spec's title", () => {
    expect(specTitle(SKETCH)).toBe("Inbound lead SLA");
    expect(downloadFile("sla", SKETCH)).toEqual({ name: "inbound-lead-sla.sla", type: "text/plain;charset=utf-8" });
    expect(downloadFile("report-html", SKETCH).name).toBe("inbound-lead-sla-report.html");
    expect(downloadFile("report-md", SKETCH).name).toBe("inbound-lead-sla-report.md");
    expect(downloadFile("diff-md", SKETCH)).toEqual({
      name: "inbound-lead-sla-diff.md",
      type: "text/markdown;charset=utf-8",
    });
  });

  it("are safe file names for any title, and 'sla' when nothing is left", () => {
    expect(specTitle('# c\n  sla "A \\"quoted\\" one"\n')).toBe('A "quoted" one');
    expect(specTitle('owner "x"\n')).toBeNull();
    expect(fileStem("Café / Ventes: Q1 ✓")).toBe("cafe-ventes-q1");
    expect(fileStem("../../etc/passwd")).toBe("etc-passwd");
    expect(fileStem("日本語")).toBe("sla");
    expect(fileStem(null)).toBe("sla");
    expect(fileStem("x".repeat(100)).length).toBe(60);
    expect(downloadFile("sla", "no title here").name).toBe("sla.sla");
  });
});

describe("report files (Session.reportHtml / reportMarkdown)", () => {
  it("null before a replay, then the CLI's renderings closed by the version line", async () => {
    const s = new Session(new GeneratedSource(DATA));
    expect(await s.reportHtml()).toBeNull();
    expect(await s.reportMarkdown()).toBeNull();
    s.check(SKETCH, 1);
    const r = await s.simulate(1);
    if (r.status !== "done") throw new Error(r.status);
    const html = (await s.reportHtml())!;
    expect(html.startsWith(renderHtml(r.report).replace(/<\/body>[\s\S]*$/, ""))).toBe(true);
    expect(html).toMatch(
      /<p class="version">Judged by &quot;Inbound lead SLA&quot; \(sha256 [0-9a-f]{12}\) in the slacode playground, on a generated quarter/,
    );
    const md = (await s.reportMarkdown())!;
    expect(md.startsWith(renderMarkdown(r.report))).toBe(true);
    expect(md).toMatch(/_Judged by "Inbound lead SLA" \(sha256 [0-9a-f]{12}\) in the slacode playground/);
    // the spec now has errors: the last report, said to be an earlier version's
    s.check(SKETCH + "\nbroken {", 2);
    expect(await s.reportMarkdown()).toMatch(/an earlier version of the spec/);
  });
});
