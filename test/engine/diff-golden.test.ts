// Golden pull-request comments (Markdown) for real changes to the sketch's SLA
// replayed on the bundled quarter: the change list, the targets that flip,
// the breach actions, then the impact. UPDATE_GOLDEN=1 rewrites them.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { actionCounts } from "../../engine/action-counts.ts";
import { diffReports } from "../../engine/diff.ts";
import { targetFlips } from "../../engine/flips.ts";
import { parseJsonlText } from "../../engine/ingest/index.ts";
import { prepareDecoded } from "../../engine/prepared.ts";
import { renderReview } from "../../engine/render/review.ts";
import { breachValue, leadValues, segmentMoves } from "../../engine/segment-moves.ts";
import { simulate } from "../../engine/simulate.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";
import { semanticDiff } from "../../language/semantic-diff.ts";
import { expectGolden } from "../golden.ts";

const TEXT = readFileSync("specs/examples/inbound/inbound.sla", "utf8");
const ir = (text: string): IR => compileSource(text).ir!;

const CHANGES: [string, (s: string) => string][] = [
  ["widen-hand-raisers", (s) => s.replace("respond to hand_raisers within 5m", "respond to hand_raisers within 15m")],
  [
    "trials-target-and-holiday",
    (s) =>
      s.replace("target 95%", "target 85%").replace("2027-05-31, 2027-07-05", "2027-02-15, 2027-05-31, 2027-07-05"),
  ],
  [
    "tighter-vql",
    (s) =>
      s
        .replace("employees >= 50", "employees >= 200")
        .replace("members ana, ben, chloe", "members chloe, ana, ben")
        .replace("executive: $100", "executive: $150"),
  ],
];

describe("golden pull-request comments on the bundled quarter", () => {
  const file = "specs/examples/inbound/events.jsonl";
  const { events } = parseJsonlText(readFileSync(file, "utf8"), { file, ir: ir(TEXT), lenient: false });
  const before = simulate(ir(TEXT), events);
  const prepared = prepareDecoded(ir(TEXT), events, { file });
  it.each(CHANGES)("%s", (name, edit) => {
    const text = edit(TEXT);
    if (text === TEXT) throw new Error("the edit did not apply");
    const after = simulate(ir(text), events);
    const d = diffReports(before, after);
    const md = renderReview(
      {
        changes: semanticDiff(ir(TEXT), ir(text)),
        flips: targetFlips(d),
        moves: segmentMoves(ir(TEXT), prepared, ir(text), prepared),
        actions: actionCounts(before, after),
        value: breachValue(
          d.newBreaches.map((x) => x.lead),
          d.goneBreaches.map((x) => x.lead),
          leadValues(ir(TEXT), prepared),
          leadValues(ir(text), prepared),
        ),
        impact: d,
      },
      "md",
      5,
    );
    expectGolden(`test/fixtures/diff/${name}.md`, md);
    // the segment moves account for every clock that starts or no longer starts
    const moves = segmentMoves(ir(TEXT), prepared, ir(text), prepared);
    const has = (list: string, seg: string | null) => list.split(" then ").includes(seg ?? "");
    for (const o of d.obligations.filter((x) => x.kind !== "expect")) {
      const into = moves.filter((m) => has(m.to, o.segment)).reduce((n, m) => n + m.count, 0);
      const out = moves.filter((m) => has(m.from, o.segment)).reduce((n, m) => n + m.count, 0);
      expect(o.after!.inScope - o.before!.inScope).toBe(into - out);
    }
  });
});
