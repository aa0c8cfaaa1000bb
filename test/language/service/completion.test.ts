// Completion from the grammar's expectations and the checker's symbol tables:
// on the sketch with a line being typed at its end, in the middle of it, and
// on broken text.
import { describe, expect, it } from "vitest";
import { complete } from "../../../language/service/index.ts";
import type { CompletionItemData } from "../../../language/service/types.ts";
import { cursor, EXAMPLE, SALESLOFT, SKETCH } from "./fixtures.ts";

/** Completions at the `|` of `SKETCH + line`. */
function at(marked: string, base = SKETCH): CompletionItemData[] {
  const [text, offset] = cursor(`${base}\n${marked}`);
  return complete(text, offset);
}
const labels = (items: CompletionItemData[], kind?: string) =>
  items.filter((i) => kind === undefined || i.kind === kind).map((i) => i.label);

describe("values of a field", () => {
  it("offers source's enum values after `source = ` (quoted, with what they are)", () => {
    const items = at("define X when source = |");
    expect(labels(items)).toEqual(['"demo"', '"trial"', '"webinar"', '"whitepaper"']);
    const demo = items[0];
    expect(demo).toMatchObject({ kind: "enum-value", detail: "enum value of source", insertText: '"demo"' });
    expect(demo.range.start).toBe(demo.range.end); // nothing typed yet: inserted at the cursor
  });

  it("after `source in (` and after a value already listed", () => {
    expect(labels(at("segment s when source in (|"), "enum-value")).toContain('"webinar"');
    expect(labels(at('segment s when source not in ("demo", |'), "enum-value")).toEqual([
      '"demo"',
      '"trial"',
      '"webinar"',
      '"whitepaper"',
    ]);
  });

  it("inside a half-typed string: the string is replaced, closing quote included", () => {
    const [text, offset] = cursor(`${SKETCH}\ndefine X when source = "tr|"`);
    const items = complete(text, offset);
    expect(labels(items)).toContain('"trial"');
    const r = items[0].range;
    expect(text.slice(r.start, r.end)).toBe('"tr"');
  });

  it("a yes/no field takes yes and no; a number field offers no values", () => {
    const ys = complete(...cursor(`${SALESLOFT}\ndefine X when has_sales_team = |`));
    expect(labels(ys, "enum-value")).toEqual(["no", "yes"]);
    expect(labels(at("define X when score >= |"))).toEqual([]);
  });

  it("in the middle of the file, not only at its end", () => {
    const offset = SKETCH.indexOf('source = "trial"') + "source = ".length;
    expect(labels(complete(SKETCH, offset), "enum-value")).toHaveLength(4);
  });
});

describe("names by context", () => {
  it("a condition takes fields and terms (and `not`, `(`)", () => {
    const items = at("segment x when |");
    expect(labels(items, "field")).toEqual(["country", "employees", "score", "source", "status", "title"]);
    expect(labels(items, "term")).toEqual(["MQL", "VQL"]);
    expect(labels(items, "keyword")).toEqual(["not"]);
    expect(items.find((i) => i.label === "VQL")?.detail).toBe(
      'term: MQL and employees >= 50 and country in ("US", "CA", "GB")',
    );
    expect(items.find((i) => i.label === "source")?.detail).toBe(
      'field: one of "demo", "trial", "webinar", "whitepaper"',
    );
  });

  it("a half-typed name is the range replaced", () => {
    const [text, offset] = cursor(`${SKETCH}\nsegment x when emp|`);
    const items = complete(text, offset);
    const employees = items.find((i) => i.label === "employees")!;
    expect(text.slice(employees.range.start, employees.range.end)).toBe("emp");
  });

  it("after a name in a condition: operators and connectives", () => {
    const kws = labels(at("segment x when score |"), "keyword");
    expect(kws).toEqual(expect.arrayContaining(["and", "or", "in", "not", "is", "contains", "starts", "ends"]));
  });

  it("segments after `respond to`, `cadence` and `for`", () => {
    const segments = ["everyone_else", "hand_raisers", "trials"];
    expect(labels(at("respond to |"))).toEqual(segments);
    expect(labels(at("cadence |"))).toEqual(segments);
    expect(labels(at("expect demo.held within 5m after demo.started for |"))).toEqual(segments);
  });

  it("teams after `reassign round robin` and `by team`", () => {
    expect(labels(at("respond to trials within 5m\n  on breach reassign round robin |"))).toEqual(["sdr"]);
    expect(labels(at("respond to trials within 5m by team |"), "team")).toEqual(["sdr"]);
  });

  it("units after a window's number, calendars after `on`", () => {
    const items = at("respond to trials within 24 |");
    expect(labels(items, "unit")).toEqual(
      expect.arrayContaining(["minutes", "hours", "days", "weeks", "business hours", "business days"]),
    );
    expect(labels(items, "keyword")).toEqual(["business"]);
    expect(labels(at("respond to trials within 24 business hours on |"), "calendar")).toEqual(["business"]);
    const cals = complete(...cursor(`${SALESLOFT}\nrespond to inbound_sql within 2 business hours on |`));
    expect(labels(cals, "calendar")).toEqual(["business", "demo_hours"]);
  });

  it("event types: built-in lead events and those the spec names", () => {
    const events = labels(at("expect |"), "event");
    expect(events).toEqual(
      expect.arrayContaining(["demo.held", "noshow.reported", "demo.started", "touch", "lead.assigned"]),
    );
    // the word being typed is not offered as a name of its own
    expect(labels(at("expect demo.|"), "event")).not.toContain("demo");
  });

  it("terms and periods in commitments", () => {
    expect(labels(at("marketing delivers 300 |"))).toEqual(["MQL", "VQL"]);
    expect(labels(at("marketing delivers $5,000 in |"))).toEqual(["MQL", "VQL"]);
    expect(labels(at("marketing delivers 300 VQL per |"))).toEqual(["month", "quarter", "year"]);
  });

  it("types in a fields block, days in a calendar, people in a team", () => {
    expect(labels(at("fields {\n  consent: |"))).toEqual(["date", "money", "number", "text", "yes/no", "one of"]);
    expect(labels(at("calendar c {\n  open |"), "day")).toEqual(expect.arrayContaining(["mon", "weekdays"]));
    expect(labels(at("team ae {\n  members |"), "person")).toEqual(["ana", "ben", "chloe", "maria"]);
  });

  it("value chart: actions as columns, personas as rows", () => {
    const base = SKETCH.replace(/value \{[\s\S]*?\n\}/, "");
    expect(labels(at("value {\n  columns |", base))).toEqual(["content", "demo", "webinar"]);
    expect(labels(at("value {\n  columns demo, webinar, content\n  |", base), "persona")).toEqual([
      "director",
      "executive",
      "manager",
    ]);
  });

  it("no names where a string or a number goes, nor inside a string", () => {
    expect(labels(at("respond to trials within |"))).toEqual([]);
    expect(labels(at("respond to trials within 5m\n  on breach nurture |"))).toEqual([]);
    expect(labels(at('respond to trials within 5m\n  on breach nurture "Trial |'))).toEqual([]);
    expect(labels(at('sla "Inbound |'))).toEqual([]);
  });

  it("a name being declared gets no suggestions", () => {
    expect(at("segment |")).toEqual([]);
    expect(at("define |")).toEqual([]);
  });
});

describe("keywords from the grammar", () => {
  it("a statement may start at the start of the file or of a line", () => {
    const starts = ["sla", "owner", "define", "segment", "respond", "cadence", "expect", "plan", "marketing"];
    expect(labels(complete("", 0))).toEqual(expect.arrayContaining(starts));
    expect(labels(at("|"))).toEqual(expect.arrayContaining(starts));
  });

  it("after an obligation's window: its clauses first, then new statements", () => {
    const items = at("respond to trials within 5m\n  |");
    expect(labels(items).slice(0, 5)).toEqual(["by", "on", "pause", "target", "warn"]);
    expect(labels(items)).toContain("respond");
    expect(items[0].detail).toMatch(/touches count/);
  });

  it("breach actions after `on breach`", () => {
    expect(labels(at("respond to trials within 5m\n  on breach |"))).toEqual([
      "escalate",
      "notify",
      "nurture",
      "reassign",
      "tag",
    ]);
  });

  it("keywords are soft: a field called `owner` at a line start does not confuse the statement search", () => {
    const text = 'sla "x"\nfields {\n  owner: text\n  score: |';
    const [t, o] = cursor(text);
    expect(labels(complete(t, o))).toEqual(["date", "money", "number", "text", "yes/no", "one of"]);
  });
});

describe("broken and unusual text", () => {
  it("nothing inside a comment or right after a number", () => {
    expect(at("# segment |")).toEqual([]);
    expect(at("respond to trials within 24|")).toEqual([]);
  });

  it("after an earlier broken statement, the current one still completes", () => {
    const text = `${SKETCH}\ndefine broken when (score >= \nsegment x when |`;
    const [t, o] = cursor(text);
    // the half-written term is declared all the same
    expect(labels(complete(t, o), "term")).toEqual(["MQL", "VQL", "broken"]);
  });

  it("the example the playground opens with completes like the sketch", () => {
    expect(labels(at("respond to |", EXAMPLE))).toEqual(["everyone_else", "hand_raisers", "trials"]);
  });

  it("offsets out of range are clamped", () => {
    expect(() => complete(SKETCH, -5)).not.toThrow();
    expect(() => complete(SKETCH, 1e9)).not.toThrow();
    expect(() => complete(SKETCH, Number.NaN)).not.toThrow();
  });

  it("answers within a few milliseconds on the sketch (warm)", () => {
    const [text, offset] = cursor(`${SKETCH}\ndefine X when source = |`);
    complete(text, offset);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) complete(`${text} `.slice(0, -1) + (i % 2 ? " " : ""), offset);
    const perCall = (performance.now() - t0) / 20;
    expect(perCall).toBeLessThan(100);
  });
});
