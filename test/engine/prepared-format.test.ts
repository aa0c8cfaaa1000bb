// The serialized prepared form verifies itself: any truncation, bit flip,
// zeroed block, trailing garbage or other version is a PreparedFormatError,
// never a different (wrong) prepared form and never another kind of error.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { xxh32 } from "../../engine/checksum.ts";
import { PREPARED_VERSION, PreparedEvents, PreparedFormatError, prepareEvents } from "../../engine/prepared.ts";
import { generateJsonl } from "../../generate/index.ts";
import { compileSource } from "../../language/compile.ts";

const ir = compileSource(readFileSync("specs/examples/inbound/inbound.sla", "utf8")).ir!;
const text = generateJsonl({ seed: 11, leads: 150, months: 1 });
const good = (await prepareEvents(ir, [text], { file: "events.jsonl", lenient: true })).serialize();

function verdict(bytes: Uint8Array): "ok" | "rejected" {
  try {
    PreparedEvents.deserialize(bytes);
    return "ok";
  } catch (e) {
    if (e instanceof PreparedFormatError) return "rejected";
    throw e; // any other error is a bug
  }
}
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

describe("xxh32", () => {
  it("matches the reference test vectors, aligned or not", () => {
    const enc = new TextEncoder();
    for (const [s, h] of [
      ["", 0x02cc5d05],
      ["a", 0x550d7456],
      ["abc", 0x32d153ff],
      ["Nobody inspects the spammish repetition", 0xe2293b2f],
    ] as const) {
      const b = enc.encode(s);
      expect(xxh32(b)).toBe(h);
      const shifted = new Uint8Array(b.length + 1);
      shifted.set(b, 1);
      expect(xxh32(shifted.subarray(1))).toBe(h);
    }
  });
});

describe("prepared-events file verification", () => {
  it("round-trips, from any byte alignment", () => {
    expect(good.length).toBeGreaterThan(10_000);
    const p = PreparedEvents.deserialize(good);
    expect(same(p.serialize(), good)).toBe(true);
    const shifted = new Uint8Array(good.length + 3);
    shifted.set(good, 3);
    expect(verdict(shifted.subarray(3))).toBe("ok");
  });

  it("rejects every truncation", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.length - 1 }), (cut) => {
        expect(verdict(good.subarray(0, cut))).toBe("rejected");
      }),
      { numRuns: 300 },
    );
    for (const cut of [0, 3, 4, 8, 16, 20, 23, 24, good.length - 8, good.length - 1])
      expect(verdict(good.subarray(0, cut))).toBe("rejected");
  });

  it("rejects bit flips anywhere", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 0, max: 7 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (flips) => {
          const b = good.slice();
          for (const [at, bit] of flips) b[at] ^= 1 << bit;
          expect(verdict(b)).toBe(same(b, good) ? "ok" : "rejected");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("rejects zeroed blocks (unless they were zeros already)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 1, max: 8192 }), (at, len) => {
        const b = good.slice();
        b.fill(0, at, at + len);
        expect(verdict(b)).toBe(same(b, good) ? "ok" : "rejected");
      }),
      { numRuns: 200 },
    );
  });

  it("rejects trailing bytes, another version and other files", () => {
    const longer = new Uint8Array(good.length + 8);
    longer.set(good);
    expect(verdict(longer)).toBe("rejected");
    const v = good.slice();
    new DataView(v.buffer).setUint32(4, PREPARED_VERSION + 1, true);
    expect(() => PreparedEvents.deserialize(v)).toThrow(/format version/);
    expect(() => PreparedEvents.deserialize(new TextEncoder().encode(text))).toThrow(/not a prepared-events file/);
    expect(() => PreparedEvents.deserialize(good.subarray(0, 100))).toThrow(/truncated/);
  });

  it("rejects a body with a valid checksum whose contents do not hang together", () => {
    // A forged file (checksum recomputed) with a lead index out of range.
    const p = PreparedEvents.deserialize(good);
    p.lead[p.n - 1] = p.leadIds.length + 5;
    expect(() => PreparedEvents.deserialize(p.serialize())).toThrow(/lead index out of range/);
    const q = PreparedEvents.deserialize(good);
    q.at[0] = q.at[q.n - 1] + 1;
    expect(() => PreparedEvents.deserialize(q.serialize())).toThrow(/out of order/);
  });
});
