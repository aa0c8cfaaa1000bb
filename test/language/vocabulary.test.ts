// The language's fixed words answer only for themselves: never for
// Object.prototype names (issue 7: `within 5 constructor` compiled to NaN).
import { describe, expect, it } from "vitest";
import { compileSource } from "../../language/compile.ts";
import {
  DAY_WORDS,
  dayNumbers,
  fieldType,
  PERIOD_WORDS,
  period,
  periodsPerYear,
  TYPE_WORDS,
  WINDOW_UNIT_WORDS,
  windowUnit,
  yesNoValue,
} from "../../language/vocabulary.ts";

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype);

describe("vocabulary", () => {
  it("answers undefined for every Object.prototype name", () => {
    for (const k of PROTO_KEYS) {
      expect(windowUnit(k)).toBeUndefined();
      expect(dayNumbers(k)).toBeUndefined();
      expect(fieldType(k)).toBeUndefined();
      expect(yesNoValue(k)).toBeUndefined();
      expect(period(k)).toBeUndefined();
    }
  });

  it("tables the words of the language", () => {
    expect(WINDOW_UNIT_WORDS).toEqual(["minute", "minutes", "hour", "hours", "day", "days", "week", "weeks"]);
    expect(windowUnit("hours")).toBe("hour");
    expect(dayNumbers("Weekdays")).toEqual([1, 2, 3, 4, 5]);
    expect(DAY_WORDS).toContain("sunday");
    expect(TYPE_WORDS).toEqual(["number", "text", "yes/no", "date", "money"]);
    expect(fieldType("yes/no")).toBe("yesno");
    expect(yesNoValue("no")).toBe(false);
    expect(PERIOD_WORDS).toEqual(["month", "quarter", "year"]);
    expect(periodsPerYear("quarter")).toBe(4);
  });
});

describe("Object.prototype names in word positions (issue 7 repros)", () => {
  const base = 'sla "x"\nfields {\n  score: number\n}\nsegment s when score > 5\n';
  const codes = (text: string) => compileSource(text).diagnostics.map((d) => d.code);

  it("rejects `within 5 constructor` as an unknown unit", () => {
    expect(codes(base + "respond to s within 5 constructor\n")).toEqual(["SLA428"]);
  });
  it("rejects `open mon-constructor` and `open constructor` as unknown days", () => {
    const cal = (days: string) => `calendar business {\n  open ${days} 09:00-17:00\n}\n`;
    expect(codes(base + cal("mon-constructor"))).toEqual(["SLA432"]);
    expect(codes(base + cal("constructor"))).toEqual(["SLA432"]);
    expect(codes(base + cal("__proto__-fri"))).toEqual(["SLA432"]);
  });
  it("rejects `x: constructor` as an unknown type", () => {
    expect(codes('sla "x"\nfields {\n  x: constructor\n  y: toString\n}\n')).toEqual(["SLA207", "SLA207"]);
  });
  it("rejects `per constructor` as an unknown period", () => {
    expect(codes(base + "define t when score > 1\nmarketing delivers 3 t per hasOwnProperty\n")).toEqual(["SLA441"]);
  });
  it("rejects `flag = constructor` as not yes or no", () => {
    expect(codes('sla "x"\nfields {\n  ok: yes/no\n}\nsegment s when ok = valueOf\n')).toEqual(["SLA301"]);
  });
});
