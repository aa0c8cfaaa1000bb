// The language service answers on any text at any offset: it never throws,
// and every range it returns lies inside the text. Its functions answer
// empty rather than throw (guard.ts); here that is off, so a bug on some
// input fails the property instead of hiding behind an empty answer.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rethrowErrors } from "../../../language/service/guard.ts";
import { complete, definition, hover, outline, references } from "../../../language/service/index.ts";
import type { Range } from "../../../language/service/types.ts";
import { SALESLOFT, SKETCH } from "./fixtures.ts";

const inside = (text: string, r: Range) => r.start >= 0 && r.start <= r.end && r.end <= text.length;

/** Every answer at `offset`; throws if a function throws or a range falls outside the text. */
function everything(text: string, offset: number): void {
  const check = (r: Range) => {
    if (!inside(text, r)) throw new Error(`range ${JSON.stringify(r)} outside a text of ${text.length}`);
  };
  const at = Math.max(0, Math.min(text.length, offset));
  for (const c of complete(text, offset)) {
    check(c.range);
    // the editor needs the replaced range on one line, around the cursor
    if (c.range.start > at || c.range.end < at || /[\n\r]/.test(text.slice(c.range.start, c.range.end)))
      throw new Error(`completion range ${JSON.stringify(c.range)} is not around the cursor ${at} on one line`);
  }
  const h = hover(text, offset, { termCounts: { leads: 3, terms: [{ name: "VQL", ever: 1, atEnd: 1 }] } });
  if (h) check(h.range);
  for (const d of definition(text, offset)) check(d.range);
  for (const d of references(text, offset)) check(d.range);
  const walk = (items: ReturnType<typeof outline>) => {
    for (const i of items) {
      check(i.range);
      check(i.selectionRange);
      walk(i.children);
    }
  };
  walk(outline(text));
}

/** Text made of the language's own pieces, so the parser gets deep into statements before it breaks. */
const PIECES = [
  ...SKETCH.split(/(\s+)/),
  "(",
  ")",
  '"',
  "{",
  "}",
  ",",
  "=",
  "in",
  "not",
  "within",
  "business",
  "demo.",
  "#",
  "\n",
  "$",
  "5",
  "%",
];

beforeAll(() => rethrowErrors(true));
afterAll(() => rethrowErrors(false));

describe("never throws", () => {
  it("on arbitrary text at arbitrary offsets", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: -5, max: 310 }), (text, offset) => {
        everything(text, offset);
      }),
      { numRuns: 300 },
    );
  });

  it("on text made of the language's pieces, cut anywhere", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 120 }), fc.nat(), (pieces, n) => {
        const text = pieces.join("");
        everything(text, n % (text.length + 1));
      }),
      { numRuns: 300 },
    );
  });

  it("on every prefix of a real spec, at its end (typing it from the top)", () => {
    for (let end = 0; end <= SALESLOFT.length; end += 97) {
      const text = SALESLOFT.slice(0, end);
      everything(text, text.length);
    }
  });

  it("on the sketch with one character deleted, at every 13th offset", () => {
    fc.assert(
      fc.property(fc.nat({ max: SKETCH.length - 1 }), (cut) => {
        const text = SKETCH.slice(0, cut) + SKETCH.slice(cut + 1);
        for (let at = 0; at <= text.length; at += 131) everything(text, at);
      }),
      { numRuns: 40 },
    );
  });
});

describe("the sketch", () => {
  it("every offset of the sketch gets a well-formed answer", () => {
    for (let at = 0; at <= SKETCH.length; at += 7) expect(() => everything(SKETCH, at)).not.toThrow();
  });
});

describe("names that are also Object.prototype's", () => {
  const text = [
    'sla "x"',
    "fields {",
    '  constructor: one of "a", "b"',
    "  __proto__: number",
    "}",
    'define toString when constructor = "a" and __proto__ > 1',
    "segment hasOwnProperty when toString",
    "team valueOf {",
    "  members __proto__",
    "}",
    "respond to hasOwnProperty within 5 hours on breach reassign round robin valueOf",
  ].join("\n");

  it("hover, definition and completion treat them as ordinary names", () => {
    const at = (needle: string, nth = 0) => {
      let i = -1;
      for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
      return i + 1;
    };
    expect(hover(text, at("toString", 0))!.markdown).toContain("**term** `toString`");
    expect(hover(text, at("constructor", 1))!.markdown).toContain('**field** `constructor`: one of "a", "b"');
    expect(hover(text, at("__proto__", 1))!.markdown).toContain("**field** `__proto__`: number");
    expect(hover(text, at("valueOf", 1))!.markdown).toContain("members (round-robin order): __proto__");
    expect(definition(text, at("hasOwnProperty", 1))[0].range.start).toBe(text.indexOf("hasOwnProperty"));
    const values = complete(`${text}\nsegment z when constructor = `, text.length + 30);
    expect(values.map((c) => c.label)).toEqual(['"a"', '"b"']);
    const names = complete(`${text}\nsegment z when `, text.length + 16).map((c) => c.label);
    expect(names).toEqual(expect.arrayContaining(["__proto__", "constructor", "toString"]));
  });
});
