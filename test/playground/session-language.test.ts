// The language service through the worker's session: the requests answer as
// language/service does, and a term's hover counts the leads of the last replay.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { termCounts } from "../../engine/term-counts.ts";
import { compileSource } from "../../language/compile.ts";
import { complete, outline } from "../../language/service/index.ts";
import { GeneratedSource } from "../../playground/src/simulator.ts";
import { Session } from "../../playground/src/worker/session.ts";

const SKETCH = readFileSync(new URL("../../specs/examples/inbound/inbound.sla", import.meta.url), "utf8");
const DATA = { seed: 42, leads: 300, start: "2027-01-01", months: 3 };
const AT_VQL = SKETCH.indexOf("VQL and source") + 1;

describe("Session: language service", () => {
  it("completion, definition and outline answer like the service", () => {
    const s = new Session(new GeneratedSource(DATA));
    const text = `${SKETCH}\ndefine X when source = `;
    expect(s.complete(text, text.length)).toEqual(complete(text, text.length));
    expect(s.complete(text, text.length).map((i) => i.label)).toContain('"demo"');
    expect(s.definition(SKETCH, AT_VQL)[0].range.start).toBe(SKETCH.indexOf("define VQL") + "define ".length);
    expect(s.references(SKETCH, AT_VQL).length).toBeGreaterThan(1);
    expect(s.outline(SKETCH)).toEqual(outline(SKETCH));
  });

  it("hover on a term: its condition, and after a replay how many leads matched it", async () => {
    const s = new Session(new GeneratedSource(DATA));
    s.check(SKETCH, 1);
    expect(s.hover(SKETCH, AT_VQL)!.markdown).not.toContain("in the loaded data");
    expect((await s.simulate(1)).status).toBe("done");
    const ir = compileSource(SKETCH).ir!;
    const counts = termCounts(ir, new GeneratedSource(DATA).prepare(ir).events);
    const vql = counts.terms.find((t) => t.name === "VQL")!;
    expect(vql.ever).toBeGreaterThan(0);
    const h = s.hover(SKETCH, AT_VQL)!;
    expect(h.markdown).toContain("define VQL when");
    expect(h.markdown).toContain(
      `**${vql.ever.toLocaleString("en-US")} of ${counts.leads.toLocaleString("en-US")} leads** in the loaded data matched it at some point (${vql.atEnd.toLocaleString("en-US")} still match at the end of the data).`,
    );
  });

  it("no counts for a text other than the one checked and replayed (they could be another condition's)", async () => {
    const s = new Session(new GeneratedSource(DATA));
    s.check(SKETCH, 1);
    await s.simulate(1);
    const edited = SKETCH.replace("employees >= 50", "employees >= 5000");
    const at = edited.indexOf("VQL and source") + 1;
    expect(s.hover(edited, at)!.markdown).toContain("employees >= 5000");
    expect(s.hover(edited, at)!.markdown).not.toContain("in the loaded data");
    // checked but not yet replayed: none either
    s.check(edited, 2);
    expect(s.hover(edited, at)!.markdown).not.toContain("in the loaded data");
    const r = await s.simulate(2);
    expect(r.status === "failed" ? r.message : r.status).toBe("done");
    // no lead of the generated quarter has 5,000 employees
    expect(s.hover(edited, at)!.markdown).toContain("**0 of 300 leads** in the loaded data matched it");
  });
});
