// The near-linear shadowing analysis (language/shadowing.ts) against the
// straightforward one it replaced (shadowing-reference.ts) on generated
// classifier lists, plus its bounds on hostile input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check } from "../../language/checker.ts";
import { compileSource } from "../../language/compile.ts";
import { parse } from "../../language/parse.ts";
import { Shadowing } from "../../language/shadowing.ts";
import { findShadowing as referenceShadowing } from "./shadowing-reference.ts";

const FLAGS = ["a", "b", "c", "d"];
const FIELDS = "fields {\n  a: yes/no\n  b: yes/no\n  c: yes/no\n  d: yes/no\n  n: number\n}\n";

/** A random condition over four flags, a comparison and two terms. */
const cond: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...FLAGS, "n > 1", "n > 2", "t1", "t2"),
    fc.tuple(tie("e"), tie("e")).map(([x, y]) => `(${x} and ${y})`),
    fc.tuple(tie("e"), tie("e")).map(([x, y]) => `(${x} or ${y})`),
    tie("e").map((x) => `not ${x}`),
  ),
})).e;

describe("shadowing", () => {
  it("finds what the reference analysis finds, on generated classifier lists", () => {
    fc.assert(
      fc.property(fc.tuple(cond, cond), fc.array(cond, { minLength: 1, maxLength: 8 }), ([t1, t2], segs) => {
        const text = `sla "x"\n${FIELDS}define t1 when ${t1.replaceAll("t1", "a").replaceAll("t2", "b")}\ndefine t2 when ${t2.replaceAll("t2", "t1")}\n${segs.map((s, i) => `segment s${i} when ${s}\n`).join("")}`;
        const p = parse(text);
        expect(p.diagnostics).toEqual([]);
        const { model } = check(p.ast);
        const conds = model.segments.map((s) => s.when);
        const expected = referenceShadowing(conds, model.terms);
        const got = new Shadowing(model.terms).find(conds);
        expect(got).toEqual({ shadowedBy: expected, stoppedAt: -1 });
      }),
      { numRuns: 300 },
    );
  });

  it("stays fast and exact on 20,000 identical segments", () => {
    const text = `sla "x"\n${FIELDS}${Array.from({ length: 20_000 }, (_, i) => `segment s${i} when a and n > 1\n`).join("")}`;
    const t0 = performance.now();
    const { diagnostics } = compileSource(text);
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(diagnostics.length).toBe(19_999);
    expect(
      diagnostics.every((d) => d.code === "SLA402" && d.message.endsWith("already matches 's0' (first match wins)")),
    ).toBe(true);
  });

  it("accepts a chain of 2,000 definitions, each using the previous (no stack overflow, no SLA005)", () => {
    let text = `sla "x"\n${FIELDS}define t0 when n > 0\n`;
    for (let i = 1; i < 2000; i++) text += `define t${i} when t${i - 1} and n > ${i}\n`;
    text += "segment deep when t1999\nsegment deeper when t1999 and a\nsegment neg when not t1999\n";
    const r = compileSource(text);
    // the normal form of t1999 has 2,000 atoms: beyond MAX_ATOMS, so not compared (no SLA402), but accepted
    expect(r.diagnostics).toEqual([]);
    expect(r.ir?.terms).toHaveLength(2000);
  });

  it("finds shadowing through a chain of terms within the bounds", () => {
    let text = `sla "x"\n${FIELDS}define t0 when a\n`;
    for (let i = 1; i < 300; i++) text += `define t${i} when t${i - 1}\n`;
    text += "segment first when t299\nsegment second when a and b\n";
    expect(compileSource(text).diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "SLA402 segment 'second' can never match: every lead it matches already matches 'first' (first match wins)",
    ]);
  });

  it("an and-chain of 20,000 atoms is checked in linear time", () => {
    const text = `sla "x"\n${FIELDS}segment s when ${Array.from({ length: 20_000 }, (_, i) => `n > ${i}`).join(" and ")}\nsegment rest otherwise\n`;
    const t0 = performance.now();
    expect(compileSource(text).diagnostics).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});
