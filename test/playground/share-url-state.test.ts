// The shared link's hash (playground/src/share/url-state.ts): round trip for
// any text, and a clear message (never an exception, never another spec) for
// anything hostile, truncated or huge.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { deflateSync, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import {
  decodeState,
  encodeState,
  fromBase64Url,
  HASH_PREFIX,
  MAX_DECODED_BYTES,
  type SharedState,
  toBase64Url,
} from "../../playground/src/share/url-state.ts";

const SKETCH = readFileSync(new URL("../../specs/examples/inbound/inbound.sla", import.meta.url), "utf8");

/** A hash carrying arbitrary JSON text, made the way encodeState makes one. */
const rawHash = (json: string) => HASH_PREFIX + toBase64Url(deflateSync(strToU8(json)));

const stateArb: fc.Arbitrary<SharedState> = fc.record(
  {
    spec: fc.string({ unit: "binary", maxLength: 400 }),
    baseline: fc.string({ unit: "binary", maxLength: 200 }),
    tab: fc.constantFrom("report", "compare", "explain", "plan", "data"),
    lead: fc.string({ unit: "grapheme", maxLength: 40 }),
  },
  { requiredKeys: ["spec"] },
);

describe("url state", () => {
  it("decode(encode(x)) is x for any unicode spec, baseline, tab and lead", () => {
    fc.assert(
      fc.property(stateArb, (s) => {
        const hash = encodeState(s);
        expect(hash.startsWith(HASH_PREFIX)).toBe(true);
        expect(hash).toMatch(/^#v1=[A-Za-z0-9_-]*$/);
        expect(decodeState(hash)).toEqual({ kind: "ok", state: s });
      }),
      { numRuns: 300 },
    );
  });

  it("keeps lone surrogates, NULs, CRLF and the BOM exactly", () => {
    const spec = '\uFEFFsla "x"\r\n\u0000\uD800 end\uDFFF 👩‍👩‍👧 ﷽';
    expect(decodeState(encodeState({ spec }))).toEqual({ kind: "ok", state: { spec } });
  });

  it("the sketch fits in a link of a few KB, and decodes without the '#' too", () => {
    const hash = encodeState({ spec: SKETCH, tab: "report" });
    expect(hash.length).toBeLessThan(2000);
    expect(decodeState(hash.slice(1))).toEqual({ kind: "ok", state: { spec: SKETCH, tab: "report" } });
  });

  it("leaves hashes that are not ours alone", () => {
    for (const h of ["", "#", "#top", "#section-9", "#v1", "#x1=abc", "#v=abc"])
      expect(decodeState(h)).toEqual({ kind: "none" });
  });

  it("says a newer version made the link", () => {
    const r = decodeState("#v2=abcd");
    expect(r.kind).toBe("error");
    if (r.kind === "error") expect(r.message).toMatch(/newer version/);
  });

  it("every prefix of a link is refused or is the empty state, never another spec", () => {
    const s = { spec: SKETCH, baseline: SKETCH.replace("5m", "10m"), tab: "compare" };
    const hash = encodeState(s);
    for (let n = HASH_PREFIX.length; n < hash.length; n++) {
      const r = decodeState(hash.slice(0, n));
      expect(r.kind, `prefix of ${n}`).toBe("error");
      if (r.kind === "error") expect(r.message).toMatch(/cut off|damaged/);
    }
  });

  it("refuses damaged characters, non-JSON, wrong shapes and unknown keys with a message", () => {
    const cases: [string, RegExp][] = [
      ["#v1=abc$def", /characters/],
      ["#v1=a", /cut off/],
      ["#v1=AAAA", /cut off|damaged/],
      [rawHash("not json"), /incomplete/],
      [rawHash("[1,2]"), /no spec/],
      [rawHash("null"), /no spec/],
      [rawHash('{"spec":42}'), /no spec/],
      [rawHash('{"spec":"x","baseline":1}'), /baseline/],
      [rawHash('{"spec":"x","tab":"<img onerror=x>"}'), /tab/],
      [rawHash(`{"spec":"x","lead":"${"a".repeat(600)}"}`), /lead/],
      [rawHash('{"spec":"x","__proto__":{"polluted":1}}'), /unknown part/],
      [rawHash('{"spec":"x","extra":1}'), /unknown part 'extra'/],
    ];
    for (const [hash, message] of cases) {
      const r = decodeState(hash);
      expect(r.kind, hash.slice(0, 60)).toBe("error");
      if (r.kind === "error") expect(r.message).toMatch(message);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses bytes that are not UTF-8", () => {
    const r = decodeState(HASH_PREFIX + toBase64Url(deflateSync(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))));
    expect(r).toEqual({ kind: "error", message: expect.stringMatching(/not text/) });
  });

  it("caps what a small hash may unpack to (a deflate bomb is refused, fast)", () => {
    const bomb = new Uint8Array(50_000_000); // zeros: about 50 KB deflated
    const hash = HASH_PREFIX + toBase64Url(deflateSync(bomb, { level: 9 }));
    expect(hash.length).toBeLessThan(100_000);
    const t0 = performance.now();
    const r = decodeState(hash);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.kind).toBe("error");
    if (r.kind === "error") expect(r.message).toMatch(/more than 1 MB/);
    // just under the cap is fine
    const big = "x".repeat(MAX_DECODED_BYTES - 20);
    expect(decodeState(encodeState({ spec: big }))).toEqual({ kind: "ok", state: { spec: big } });
  });

  it("refuses an absurdly long hash before decoding it", () => {
    const r = decodeState(`#v1=${"A".repeat(4_000_000)}`);
    expect(r.kind).toBe("error");
    if (r.kind === "error") expect(r.message).toMatch(/too long/);
  });

  it("base64url round-trips any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const s = toBase64Url(b);
        expect(s).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(fromBase64Url(s)).toEqual(b);
      }),
    );
    expect(fromBase64Url("Zm9v")).toEqual(strToU8("foo"));
    expect(fromBase64Url("Zm8=")).toEqual(strToU8("fo"));
  });
});
