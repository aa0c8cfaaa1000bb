// Go to definition, references and the outline.
import { describe, expect, it } from "vitest";
import { definition, outline, references } from "../../../language/service/index.ts";
import { offsetOf, SALESLOFT, SKETCH } from "./fixtures.ts";

const slice = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end);

describe("definition", () => {
  it("a term's use goes to its `define`", () => {
    const [d] = definition(SKETCH, offsetOf(SKETCH, "VQL and source", 1));
    expect(d).toMatchObject({ name: "VQL", kind: "term" });
    expect(d.range.start).toBe(offsetOf(SKETCH, "define VQL", "define ".length));
    expect(slice(SKETCH, d.range)).toBe("VQL");
    expect(slice(SKETCH, d.declaringNode!)).toBe(
      'define VQL when MQL and employees >= 50 and country in ("US", "CA", "GB")',
    );
  });

  it("the declaring node of a field is its line; of a rep, the rep with their aliases", () => {
    const [f] = definition(SKETCH, offsetOf(SKETCH, "score >=", 1));
    expect(slice(SKETCH, f.declaringNode!)).toBe("score: number");
    const text = 'sla "x"\nteam t {\n  members jen ("Jen Park", "jen@acme.com")\n}\nrespond to s within 5m by team t';
    const [p] = definition(text, offsetOf(text, "jen", 1));
    expect(slice(text, p.declaringNode!)).toBe('jen ("Jen Park", "jen@acme.com")');
  });

  it("segments, teams, fields and calendars", () => {
    const go = (needle: string, delta = 1) => definition(SKETCH, offsetOf(SKETCH, needle, delta))[0]?.range.start;
    expect(go("respond to trials", "respond to ".length)).toBe(offsetOf(SKETCH, "segment trials", 8));
    expect(go("robin sdr", 6)).toBe(offsetOf(SKETCH, "team sdr", 5));
    expect(go("score >=")).toBe(offsetOf(SKETCH, "  score: number", 2));
    const cal = definition(SALESLOFT, offsetOf(SALESLOFT, "on demo_hours", 4))[0];
    expect(cal.range.start).toBe(offsetOf(SALESLOFT, "calendar demo_hours", 9));
  });

  it("a cursor right after the name still finds it (the editor's caret at a word's end)", () => {
    const end = offsetOf(SKETCH, "VQL and source", 3);
    expect(definition(SKETCH, end)).toHaveLength(1);
  });

  it("an enum value in a condition goes to where its field lists it", () => {
    const [d] = definition(SKETCH, offsetOf(SKETCH, '= "webinar"', 3));
    expect(d.range.start).toBe(offsetOf(SKETCH, '"webinar"'));
  });

  it("nothing for keywords, literals and unknown names", () => {
    expect(definition(SKETCH, offsetOf(SKETCH, "respond", 1))).toEqual([]);
    expect(definition(SKETCH, offsetOf(SKETCH, "5m", 0))).toEqual([]);
    const text = `${SKETCH}\nsegment x when nowhere`;
    expect(definition(text, text.length - 2)).toEqual([]);
  });
});

describe("references", () => {
  it("every mention of a term, its declaration included", () => {
    const refs = references(SKETCH, offsetOf(SKETCH, "define MQL", 8));
    expect(refs.map((r) => slice(SKETCH, r.range))).toEqual(["MQL", "MQL"]);
    expect(references(SKETCH, offsetOf(SKETCH, "define VQL", 8))).toHaveLength(5);
  });
});

describe("outline", () => {
  it("the sketch's statements, in order, with blocks holding their parts", () => {
    const items = outline(SKETCH);
    expect(items.map((i) => `${i.kind} ${i.name}`)).toEqual([
      "header Inbound lead SLA",
      "header RevOps",
      "header 2027-01-01",
      "header America/New_York",
      "calendar business",
      "fields fields",
      "term MQL",
      "term VQL",
      "segment hand_raisers",
      "segment trials",
      "segment everyone_else",
      "team sdr",
      "persona executive",
      "persona director",
      "persona manager",
      "action demo",
      "action webinar",
      "action content",
      "value value",
      "commitment marketing delivers 300 VQL per quarter",
      "commitment marketing delivers $84,000 in VQL per month",
      "obligation respond to hand_raisers within 5m",
      "obligation respond to trials within 24 business hours",
      "obligation cadence hand_raisers 8 touches within 15d",
      "obligation expect demo.held or noshow.reported after demo.started",
      "plan plan",
    ]);
    const fields = items.find((i) => i.kind === "fields")!;
    expect(fields.children.map((c) => `${c.name}: ${c.detail}`)).toContain(
      'source: one of "demo", "trial", "webinar", "whitepaper"',
    );
    const team = items.find((i) => i.kind === "team")!;
    expect(team.children.map((c) => `${c.name} ${c.detail}`)).toEqual([
      "ana member",
      "ben member",
      "chloe member",
      "maria manager",
    ]);
    for (const i of items) {
      expect(i.selectionRange.start).toBeGreaterThanOrEqual(i.range.start);
      expect(i.selectionRange.end).toBeLessThanOrEqual(i.range.end);
    }
    expect(slice(SKETCH, items.find((i) => i.name === "VQL")!.selectionRange)).toBe("VQL");
  });

  it("half-written statements still appear", () => {
    const items = outline('sla "x"\nsegment hot when score >=\nrespond to hot within');
    expect(items.map((i) => `${i.kind} ${i.name}`)).toEqual(["header x", "segment hot", "obligation respond to hot"]);
  });
});
