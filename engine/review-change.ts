// The review of an SLA change, as `sla diff` computes it: what changed in
// meaning (from the two IRs) and, given the same events prepared for each side,
// what the change would have done: targets that flip, leads that land in
// another segment, breach actions fired, the value of the leads that newly
// breach, compliance per obligation, commitments per period and the breaches
// that appear or disappear. The CLI (cli/commands/diff.ts) and the playground's
// Compare tab both call this, so they show the same numbers. Browser-safe: the
// caller reads the files, compiles, hashes and prepares.

import type { IR } from "../language/ir.ts";
import { type SemanticChange, semanticDiff } from "../language/semantic-diff.ts";
import { type ActionCount, actionCounts } from "./action-counts.ts";
import { diffReports, type SimDiff } from "./diff.ts";
import { type Flip, targetFlips } from "./flips.ts";
import { type PreparedEvents, preparedRejections, replayPrepared } from "./prepared.ts";
import { IngestError } from "./problems.ts";
import type { ComparedVersions } from "./render/semantic-diff.ts";
import { localizeBreaches } from "./report.ts";
import type { LocalizedBreach, SimReport } from "./result.ts";
import { type BreachValue, breachValue, leadValues, type SegmentMove, segmentMoves } from "./segment-moves.ts";

/** One side of a change: its compiled SLA and the version it was compiled from. */
export interface ReviewSide {
  ir: IR;
  version: ComparedVersions["old"];
}

export interface ReviewOptions {
  /** replay only the events at or before this instant (ms since the epoch) */
  until?: number;
  /** keep going past rejected rows; otherwise the first one is thrown as an IngestError */
  lenient?: boolean;
}

/** The whole review (render it with engine/render/review.ts renderReview). */
export interface ChangeReview {
  changes: SemanticChange[];
  versions: ComparedVersions;
  flips: Flip[];
  moves: SegmentMove[];
  actions: ActionCount[];
  value: BreachValue;
  impact: SimDiff;
}

/** Why no impact was computed: the events are not for one side's spec (EV507). */
export interface NoImpact {
  side: "old" | "new";
  code: "EV507";
  message: string;
}

export type ChangeReviewResult =
  | { ok: true; review: ChangeReview; before: SimReport; after: SimReport }
  | { ok: false; noImpact: NoImpact; versions: ComparedVersions; changes: SemanticChange[] };

/** The change in meaning only (no events): `sla diff OLD NEW`. */
export function reviewVersions(
  before: ReviewSide,
  after: ReviewSide,
): { versions: ComparedVersions; changes: SemanticChange[] } {
  return { versions: { old: before.version, new: after.version }, changes: semanticDiff(before.ir, after.ir) };
}

/**
 * The review of the change `before` -> `after` on the same events, prepared
 * once per side (`preparedBefore` may be `preparedAfter` when the field
 * declarations agree). Throws IngestError for the first rejected row unless
 * `lenient`.
 */
export function reviewChange(
  before: ReviewSide,
  after: ReviewSide,
  preparedBefore: PreparedEvents,
  preparedAfter: PreparedEvents,
  opts: ReviewOptions = {},
): ChangeReviewResult {
  const { versions, changes } = reviewVersions(before, after);
  if (!opts.lenient)
    for (const [ir, p] of [
      [before.ir, preparedBefore],
      [after.ir, preparedAfter],
    ] as const) {
      const first = preparedRejections(ir, p)[0];
      if (first) throw new IngestError(first.code, first.file, first.line, first.reason);
    }
  const { until } = opts;
  const ra = replayPrepared(before.ir, preparedBefore, { until });
  const rb = replayPrepared(after.ir, preparedAfter, { until });
  // Events that are not for a spec (no lead in scope, and fields it does not
  // declare, or no leads at all) give an impact of zeros that mean nothing:
  // say why instead. (A change that empties a segment still shows its impact.)
  for (const [side, r] of [
    ["old", ra],
    ["new", rb],
  ] as const) {
    const why = r.dataFit?.find((w) => w.code === "EV507");
    if (why && (r.leads === 0 || (r.ignored?.fields.length ?? 0) > 0))
      return { ok: false, noImpact: { side, code: "EV507", message: why.message }, versions, changes };
  }
  const impact = diffReports(ra, rb);
  const review: ChangeReview = {
    changes,
    versions,
    flips: targetFlips(impact),
    moves: segmentMoves(before.ir, preparedBefore, after.ir, preparedAfter, until),
    actions: actionCounts(ra, rb),
    value: breachValue(
      impact.newBreaches.map((x) => x.lead),
      impact.goneBreaches.map((x) => x.lead),
      leadValues(before.ir, preparedBefore, until),
      leadValues(after.ir, preparedAfter, until),
    ),
    impact,
  };
  return { ok: true, review, before: ra, after: rb };
}

/** The review as `sla diff --format json` prints it (breach times gain their local twins). */
export interface ChangeReviewJson extends Omit<SimDiff, "newBreaches" | "goneBreaches"> {
  versions: ComparedVersions;
  changes: SemanticChange[];
  flips: Flip[];
  segmentMoves: SegmentMove[];
  actions: ActionCount[];
  breachValue: BreachValue;
  newBreaches: LocalizedBreach[];
  goneBreaches: LocalizedBreach[];
}

export function reviewJson(r: ChangeReview): ChangeReviewJson {
  const d = r.impact;
  // key order is the CLI's output order
  return {
    versions: r.versions,
    changes: r.changes,
    flips: r.flips,
    segmentMoves: r.moves,
    actions: r.actions,
    breachValue: r.value,
    ...d,
    newBreaches: localizeBreaches(d.newBreaches, d.timezone),
    goneBreaches: localizeBreaches(d.goneBreaches, d.timezone),
  };
}
