// The Compare tab's worker side: the pinned baseline, and the review of the
// current spec against it on the current data, computed by the same engine
// function as `sla diff --events --lenient` (engine/review-change.ts), so the
// tab shows what the CLI would print. One preparation per side when the field
// declarations differ (the data source caches by its key). No DOM.
import { escapeMarkdown } from "../../../engine/render/escape.ts";
import { renderReview } from "../../../engine/render/review.ts";
import { renderChanges } from "../../../engine/render/semantic-diff.ts";
import { type ChangeReviewJson, type ReviewSide, reviewChange, reviewJson } from "../../../engine/review-change.ts";
import { compileSource } from "../../../language/compile.ts";
import type { IR } from "../../../language/ir.ts";
import { type FeatureContext, now } from "./context.ts";
import { sha256Hex } from "./sha256.ts";

/** The names the two sides go by in the review ("Compared pinned.sla (sha256 ...) with current.sla (...)"). */
export const PINNED_FILE = "pinned.sla";
export const CURRENT_FILE = "current.sla";

/** The pinned baseline as the page sees it. */
export interface PinnedInfo {
  /** the baseline's source (kept in a shared link) */
  text: string;
  /** hex SHA-256 of the text, as `sla diff` names a version */
  sha256: string;
  /** when it was pinned, ISO-8601 UTC */
  pinnedAt: string;
}

export type PinResult = { ok: true; pinned: PinnedInfo } | { ok: false; message: string };

export type CompareResult =
  /** nothing pinned yet */
  | { status: "unpinned" }
  /** the current text has errors: nothing to compare until it compiles */
  | { status: "errors"; pinned: PinnedInfo; message: string }
  /** the data are not for one side's spec (EV507): the change list only, and why */
  | {
      status: "no-impact";
      pinned: PinnedInfo;
      message: string;
      changes: ChangeReviewJson["changes"];
      versions: ChangeReviewJson["versions"];
      /** the change list as Markdown, with why there is no impact */
      markdown: string;
    }
  | { status: "failed"; pinned: PinnedInfo; message: string }
  | {
      status: "done";
      pinned: PinnedInfo;
      /** exactly `sla diff --format json --lenient` on the same data */
      review: ChangeReviewJson;
      /** `sla diff --format md`: the pull-request comment */
      markdown: string;
      /** what the data are ("a generated quarter ...") */
      data: string;
      /** preparation (when not cached) + two replays + the diff, ms */
      ms: number;
    };

interface Baseline extends PinnedInfo {
  ir: IR;
}

/** The session's pinned baseline (one per session). */
export class CompareState {
  private baseline: Baseline | null = null;

  /** Compiles `text` and keeps it as the baseline; refuses (and keeps the old one) when it has errors. */
  pin(text: string, at: Date = new Date()): PinResult {
    const { ir, diagnostics } = compileSource(text);
    if (ir === null) {
      const errors = diagnostics.filter((d) => d.severity === "error");
      const first = errors[0];
      const line = first ? text.slice(0, first.range.start).split("\n").length : 0;
      const where = first ? ` (first: line ${line}: ${first.message} ${first.code})` : "";
      const n = errors.length === 1 ? "an error" : `${errors.length} errors`;
      return { ok: false, message: `This version has ${n}${where}: fix it before pinning it as the baseline.` };
    }
    this.baseline = { text, sha256: sha256Hex(text), pinnedAt: at.toISOString(), ir };
    return { ok: true, pinned: this.pinned()! };
  }

  unpin(): void {
    this.baseline = null;
  }

  pinned(): PinnedInfo | null {
    const b = this.baseline;
    return b && { text: b.text, sha256: b.sha256, pinnedAt: b.pinnedAt };
  }

  /** The review of the current spec against the baseline, on the current data. */
  async compare(ctx: FeatureContext): Promise<CompareResult> {
    const b = this.baseline;
    if (b === null) return { status: "unpinned" };
    const pinned = this.pinned()!;
    const ir = ctx.ir;
    if (ir === null)
      return { status: "errors", pinned, message: "The current SLA has errors: its impact shows once it compiles." };
    const t0 = now();
    const before: ReviewSide = { ir: b.ir, version: { file: PINNED_FILE, sha256: b.sha256, git: null } };
    const after: ReviewSide = { ir, version: { file: CURRENT_FILE, sha256: sha256Hex(ctx.text), git: null } };
    try {
      const pa = await ctx.prepareFor(b.ir);
      const pb = await ctx.prepareFor(ir);
      const r = reviewChange(before, after, pa.events, pb.events, { lenient: true });
      if (!r.ok) {
        const side = r.noImpact.side === "old" ? "the pinned SLA" : "the current SLA";
        return {
          status: "no-impact",
          pinned,
          message: `No impact computed: the data are not for ${side}: ${r.noImpact.message} (${r.noImpact.code})`,
          changes: r.changes,
          versions: r.versions,
          markdown: `${renderChanges(r.changes, "md", r.versions)}\n_Impact not computed: ${escapeMarkdown(r.noImpact.message)}_\n`,
        };
      }
      return {
        status: "done",
        pinned,
        review: reviewJson(r.review),
        markdown: renderReview(r.review, "md"),
        data: ctx.data.info(ir).label,
        ms: now() - t0,
      };
    } catch (e) {
      return {
        status: "failed",
        pinned,
        message: `The comparison failed: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  }
}
