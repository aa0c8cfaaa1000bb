// The whole `sla diff --events` review in one rendering (terminal or a GitHub
// pull-request comment), in the order a reviewer reads it: what changed in
// meaning, which targets flip, which leads land elsewhere, how often breach
// actions fire, then the details (folded away in Markdown). Browser-safe.

import type { SemanticChange } from "../../language/semantic-diff.ts";
import type { ActionCount } from "../action-counts.ts";
import type { SimDiff } from "../diff.ts";
import type { Flip } from "../flips.ts";
import type { BreachValue, SegmentMove } from "../segment-moves.ts";
import { renderDiff } from "./diff.ts";
import {
  type ComparedVersions,
  renderActionCounts,
  renderBreachValue,
  renderChanges,
  renderFlips,
  renderSegmentMoves,
} from "./semantic-diff.ts";

export interface Review {
  changes: SemanticChange[];
  versions?: ComparedVersions;
  flips: Flip[];
  moves: SegmentMove[];
  actions: ActionCount[];
  value: BreachValue;
  impact: SimDiff;
}

export function renderReview(r: Review, format: "table" | "md", maxBreaches = 20): string {
  const impact = renderDiff(r.impact, format, maxBreaches);
  return [
    renderChanges(r.changes, format, r.versions),
    renderFlips(r.flips, format),
    renderSegmentMoves(r.moves, format),
    renderActionCounts(r.actions, format),
    renderBreachValue(r.value, format),
    format === "md"
      ? `<details><summary>Details: compliance per obligation, commitments per period, breaches</summary>\n\n${impact.trimEnd()}\n\n</details>\n`
      : impact,
  ].join("\n");
}
