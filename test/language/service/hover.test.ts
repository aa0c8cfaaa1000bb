// Hover: a name's definition and meaning, from the checker's model.
import { describe, expect, it } from "vitest";
import { hover } from "../../../language/service/index.ts";
import { EXAMPLE, offsetOf, SALESLOFT, SKETCH } from "./fixtures.ts";

/** The hover over the `nth` occurrence of `word` (pointer on its second character). */
const over = (text: string, word: string, nth = 0, opts = {}) => hover(text, offsetOf(text, word, 1, nth), opts);

describe("hover on names", () => {
  it("a term shows its condition as written and where it is used", () => {
    const h = over(SKETCH, "VQL and source")!;
    expect(SKETCH.slice(h.range.start, h.range.end)).toBe("VQL");
    expect(h.markdown).toContain("**term** `VQL`");
    expect(h.markdown).toContain('define VQL when MQL and employees >= 50 and country in ("US", "CA", "GB")');
    expect(h.markdown).toContain("`segment hand_raisers`");
    expect(h.markdown).toContain("`marketing delivers 300 VQL per quarter`");
    expect(h.markdown).not.toContain("in the loaded data");
  });

  it("a term with counts from the loaded data says how many leads matched it, and when", () => {
    const termCounts = {
      leads: 1204,
      terms: [
        { name: "MQL", ever: 700, atEnd: 650 },
        { name: "VQL", ever: 312, atEnd: 298 },
      ],
    };
    const h = over(SKETCH, "VQL", 0, { termCounts })!;
    expect(h.markdown).toContain(
      "**312 of 1,204 leads** in the loaded data matched it at some point (298 still match at the end of the data).",
    );
    // counts from a replay of another version that lacks the term: said, not a wrong number
    const stale = over(SKETCH, "VQL", 0, { termCounts: { leads: 10, terms: [] } })!;
    expect(stale.markdown).toContain("not in the last replay");
  });

  it("a segment shows its order, its condition and its obligations", () => {
    const h = over(SKETCH, "hand_raisers")!;
    expect(h.markdown).toContain("tried 1st of 3 (the first match wins)");
    expect(h.markdown).toContain('segment hand_raisers when VQL and source = "demo"');
    expect(h.markdown).toContain("**Obligations** (2)");
    expect(h.markdown).toContain(
      "respond to hand_raisers within 5m\n  target 99%\n  warn at 80%\n  on breach reassign round robin sdr, escalate to manager",
    );
    expect(h.markdown).toContain("cadence hand_raisers 8 touches within 15d");
    // the same from a use: `respond to hand_raisers`
    expect(over(SKETCH, "hand_raisers", 1)!.markdown).toBe(h.markdown);
    expect(over(SKETCH, "everyone_else")!.markdown).toContain("No obligations");
  });

  it("a field shows its type and enum values", () => {
    const h = over(SKETCH, "source = ")!;
    expect(h.markdown).toContain('**field** `source`: one of "demo", "trial", "webinar", "whitepaper"');
    expect(h.markdown).toContain("Used by: `term MQL`");
    expect(over(SKETCH, "employees >=")!.markdown).toContain("**field** `employees`: number");
  });

  it("an enum value names its field", () => {
    const h = over(SKETCH, '"trial"')!; // in the fields block
    expect(h.markdown).toContain("**value** of field `source`");
    expect(h.markdown).toContain("Used by: `segment trials`");
    expect(over(SKETCH, '"trial"', 1)!.markdown).toBe(h.markdown);
  });

  it("a team shows its reps, a rep their team", () => {
    const team = over(SKETCH, "sdr, escalate")!;
    expect(team.markdown).toContain("members (round-robin order): ana, ben, chloe");
    expect(team.markdown).toContain("manager: maria");
    expect(over(SKETCH, "ben")!.markdown).toBe("**rep** `ben`: member of team sdr");
    expect(over(SKETCH, "maria")!.markdown).toBe("**rep** `maria`: manager of team sdr");
  });

  it("a calendar shows its hours; persona and action their chart values", () => {
    const cal = over(SALESLOFT, "demo_hours after")!;
    expect(cal.markdown).toContain("open mon-thu 09:00-12:00, 13:00-17:00");
    expect(over(SKETCH, "director:")!.markdown).toContain("worth: demo $50, webinar $25, content $5");
    expect(over(SKETCH, "webinar when")!.markdown).toContain("worth: executive $50, director $25, manager $20");
  });

  it("events, units, periods and days", () => {
    expect(over(SKETCH, "demo.started")!.markdown).toContain("a custom event type");
    expect(hover(SKETCH, offsetOf(SKETCH, "business hours", 10))!.markdown).toContain("**window unit** `hours`");
    expect(over(SKETCH, "quarter")!.markdown).toContain("per calendar quarter");
    expect(over(SKETCH, "mon-fri")!.markdown).toBe("**day** `mon`: Monday");
  });
});

describe("hover on keywords and literals", () => {
  it("a keyword gets one line of meaning", () => {
    expect(over(SKETCH, "respond")!.markdown).toBe(
      "**respond**: respond to SEGMENT within WINDOW: the first touch must come within the window",
    );
    expect(over(SKETCH, "cadence")!.markdown).toMatch(/^\*\*cadence\*\*: cadence SEGMENT N touches/);
    expect(over(SKETCH, "5m")!.markdown).toContain("calendar time");
  });

  it("nothing over blank space, comments or strings that name nothing", () => {
    expect(hover(SKETCH, offsetOf(SKETCH, "# Vocabulary", 3))).toBeNull();
    expect(over(SKETCH, '"RevOps"')).toBeNull();
  });

  it("the example hovers like the sketch", () => {
    expect(over(EXAMPLE, "VQL and source")!.markdown).toContain("define VQL when");
  });

  it("broken text: a term whose condition is half-written still hovers", () => {
    const text = `${SKETCH}\ndefine Hot when score >= \nsegment hot when Hot`;
    const h = hover(text, text.lastIndexOf("Hot") + 1)!;
    expect(h.markdown).toContain("**term** `Hot`");
    expect(h.markdown).toContain("define Hot when score >=");
  });
});
