// didYouMean skips work (length bounds) but must answer exactly as the plain
// definition: the closest candidate by edit distance, if plausible as a typo.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { didYouMean, editDistance } from "../../language/diagnostics.ts";

function reference(word: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  const plausible = best !== null && bestDist <= Math.max(1, Math.floor(Math.max(word.length, best.length) / 3));
  return plausible ? best : null;
}

describe("didYouMean", () => {
  it("answers as the plain definition (closest candidate, if plausible)", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "A", ".", "İ"), maxLength: 14 });
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 8 }), (w, cs) => {
        expect(didYouMean(w, cs)).toBe(reference(w, cs));
        expect(didYouMean(w, new Set(cs))).toBe(reference(w, [...new Set(cs)]));
      }),
      { numRuns: 3000 },
    );
  });

  it("gives no suggestion for a word far longer than every candidate (without measuring it)", () => {
    expect(didYouMean("x".repeat(1_000_000), ["lead.created", "touch"])).toBeNull();
    expect(didYouMean("touhc", ["lead.created", "touch"])).toBe("touch");
  });
});
