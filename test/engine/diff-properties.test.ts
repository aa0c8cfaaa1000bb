// Properties of `sla diff` on generated events: a spec against itself has no
// change and zero impact; the impact of A -> B is exactly the reverse of B -> A.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actionCounts } from "../../engine/action-counts.ts";
import { diffReports } from "../../engine/diff.ts";
import type { SlaEvent } from "../../engine/events.ts";
import { targetFlips } from "../../engine/flips.ts";
import { prepareDecoded } from "../../engine/prepared.ts";
import { segmentMoves } from "../../engine/segment-moves.ts";
import { simulate } from "../../engine/simulate.ts";
import { generateEventObjects } from "../../generate/writer.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";
import { semanticDiff } from "../../language/semantic-diff.ts";

const TEXT = readFileSync("specs/examples/inbound/inbound.sla", "utf8");
const ir = (text: string): IR => compileSource(text).ir!;
const A = ir(TEXT);
const EVENTS: SlaEvent[] = [...generateEventObjects({ seed: 7, leads: 300, months: 1, start: "2027-01-01" })];
const REPORT_A = simulate(A, EVENTS);
const PREPARED = prepareDecoded(A, EVENTS, { file: "generated" });

const edit = fc.oneof(
  fc.constantFrom("1m", "5m", "10m", "1h", "24h").map((w) => (s: string) => s.replace("within 5m", `within ${w}`)),
  fc
    .constantFrom(4, 8, 24, 48)
    .map((h) => (s: string) => s.replace("within 24 business hours", `within ${h} business hours`)),
  fc.constantFrom("90%", "95%", "99%").map((t) => (s: string) => s.replace("target 99%", `target ${t}`)),
  fc.constantFrom(40, 50, 100).map((n) => (s: string) => s.replace("employees >= 50", `employees >= ${n}`)),
);

describe("sla diff impact", () => {
  it("A against A: no change in meaning and zero impact", () => {
    const d = diffReports(REPORT_A, simulate(A, EVENTS));
    expect(semanticDiff(A, A)).toEqual([]);
    expect(d.newBreaches).toEqual([]);
    expect(d.goneBreaches).toEqual([]);
    for (const o of d.obligations) expect(o.after).toEqual(o.before);
  });
  it("the impact of A -> B is exactly the reverse of B -> A", () => {
    fc.assert(
      fc.property(edit, (e) => {
        const b = ir(e(TEXT));
        const rb = simulate(b, EVENTS);
        const ab = diffReports(REPORT_A, rb);
        const ba = diffReports(rb, REPORT_A);
        expect(ba.newBreaches).toEqual(ab.goneBreaches);
        expect(ba.goneBreaches).toEqual(ab.newBreaches);
        expect(ba.obligations.map((o) => [o.name, o.kind, o.segment, o.after, o.before])).toEqual(
          ab.obligations.map((o) => [o.name, o.kind, o.segment, o.before, o.after]),
        );
        expect(ba.commitments.flatMap((c) => c.periods.map((p) => [p.after, p.before]))).toEqual(
          ab.commitments.flatMap((c) => c.periods.map((p) => [p.before, p.after])),
        );
        // actions fired: the same counts the other way round
        expect(actionCounts(rb, REPORT_A).map((c) => [c.type, c.after, c.before])).toEqual(
          actionCounts(REPORT_A, rb).map((c) => [c.type, c.before, c.after]),
        );
        // leads that move segment move back; the counts match the change in clocks started
        const key = (m: { from: string; to: string; count: number }) => `${m.from}>${m.to}:${m.count}`;
        const there = segmentMoves(A, PREPARED, b, PREPARED);
        const back = segmentMoves(b, PREPARED, A, PREPARED);
        expect(back.map((m) => `${m.to}>${m.from}:${m.count}`).sort()).toEqual(there.map(key).sort());
        const has = (list: string, seg: string | null) => list.split(" then ").includes(seg ?? "");
        for (const o of ab.obligations.filter((x) => x.kind === "respond")) {
          const into = there.filter((m) => has(m.to, o.segment)).reduce((n, m) => n + m.count, 0);
          const out = there.filter((m) => has(m.from, o.segment)).reduce((n, m) => n + m.count, 0);
          expect(o.after!.inScope - o.before!.inScope).toBe(into - out);
        }
        // targets that flip, flip back
        expect(targetFlips(ba).map((f) => [f.name, f.period, f.after, f.before])).toEqual(
          targetFlips(ab).map((f) => [f.name, f.period, f.before, f.after]),
        );
        // and the change list reads the other way round
        expect(semanticDiff(b, A).map((c) => [c.path, c.after, c.before])).toEqual(
          semanticDiff(A, b).map((c) => [c.path, c.before, c.after]),
        );
      }),
      { numRuns: 20 },
    );
  });
});

describe("target flips", () => {
  it("a commitment period flips when its goal moves past the actual", () => {
    const flips = targetFlips({
      events: 1,
      timezone: "UTC",
      obligations: [],
      newBreaches: [],
      goneBreaches: [],
      commitments: [
        {
          name: "VQL per month",
          periods: [
            { period: "2027-01", before: 30, after: 30, goalBefore: 25, goalAfter: 35 },
            { period: "2027-02", before: 40, after: 40, goalBefore: 25, goalAfter: 35 },
          ],
        },
      ],
    });
    expect(flips).toEqual([
      {
        kind: "commitment",
        name: "VQL per month",
        period: "2027-01",
        before: "held",
        after: "missed",
        valueBefore: 30,
        valueAfter: 30,
        goalBefore: 25,
        goalAfter: 35,
      },
    ]);
  });
});
