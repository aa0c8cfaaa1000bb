// The Compare tab's worker side: the pinned baseline, and the review of the
// current spec against it on the current data, computed by the same engine
// function as `sla diff --events --lenient` (engine/review-change.ts), so the
// tab shows what the CLI would print. The replays run in steps, so a check
// that arrives meanwhile is answered, and a newer edit drops the comparison. One preparation per side when the field
// declarations differ (the data source caches by its key). No DOM.

import { fieldsSignature, type PreparedEvents, prepareDecoded, replayPreparedSteps } from "../../../engine/prepared.ts";
import { escapeMarkdown } from "../../../engine/render/escape.ts";
import { renderReview } from "../../../engine/render/review.ts";
import { renderChanges } from "../../../engine/render/semantic-diff.ts";
import type { SimReport } from "../../../engine/result.ts";
import { type ChangeReviewJson, type ReviewSide, reviewJson, reviewReplays } from "../../../engine/review-change.ts";
import { compileSource } from "../../../language/compile.ts";
import type { IR } from "../../../language/ir.ts";
import { type DataFitItem, dataFitItems } from "../data-fit-view.ts";
import { adaptEvents } from "../simulator.ts";
import { type FeatureContext, now, type PreparedData } from "./context.ts";
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

/** The current side's data-fit notices, as the Report tab lists them, for the events this comparison replayed. */
export interface CompareFit {
  /** the Report tab's list (data-fit-view.ts), each marked when the pinned side does not have it */
  items: (DataFitItem & { new: boolean })[];
  /**
   * No lead is in scope of any of the current SLA's obligations on these data
   * (EV507): the sentence why. Its impact (breaches that "disappear",
   * compliance "–") is then not meaningful.
   */
  noScope: string | null;
}

export type PinResult = { ok: true; pinned: PinnedInfo } | { ok: false; message: string };

export type CompareResult =
  /** nothing pinned yet */
  | { status: "unpinned" }
  /** a newer edit arrived while replaying: its own compare follows */
  | { status: "superseded" }
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
      fit: CompareFit;
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
      fit: CompareFit;
    };

interface Baseline extends PinnedInfo {
  ir: IR;
  /** its replay of each data's prepared events (the same for every edit until the data change) */
  replays: WeakMap<PreparedEvents, SimReport>;
  /** its events prepared for other field declarations, when both sides replay them (sameData) */
  sameEvents: WeakMap<PreparedEvents, Map<string, PreparedData>>;
}

/** Events replayed between two turns of the worker's event loop (as worker/session.ts REPLAY_CHUNK). */
const CHUNK = 32_768;

/** replayPrepared in steps, giving the event loop a turn between them; null when `stale()` says a newer edit came. */
async function replayInSteps(
  ir: IR,
  p: PreparedEvents,
  stale: () => boolean,
  chunk: number,
): Promise<SimReport | null> {
  const steps = replayPreparedSteps(ir, p, {}, chunk);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise((ok) => setTimeout(ok, 0));
    if (stale()) return null;
  }
}

/**
 * Whether both sides must be replayed on the baseline's events rather than on
 * what the data source gives each spec: a quarter generated for a spec that
 * the inbound model does not fit is timed on that spec's own windows, so each
 * edit would get other events and the comparison would mix data with rules.
 * Loaded data (and the inbound quarter) are the same events for any spec.
 */
function sameData(ctx: FeatureContext, b: Baseline, ir: IR): boolean {
  return ctx.data.which !== undefined && (ctx.data.which(b.ir) === "spec" || ctx.data.which(ir) === "spec");
}

/** The baseline's events (as it decoded them) prepared for `ir`'s field declarations; kept per fields. */
function sameEventsFor(b: Baseline, pa: PreparedData, ir: IR): PreparedData {
  const sig = fieldsSignature(ir.fields);
  let byFields = b.sameEvents.get(pa.events);
  if (byFields === undefined) b.sameEvents.set(pa.events, (byFields = new Map()));
  let p = byFields.get(sig);
  if (p === undefined) {
    const rows = [...pa.list()];
    const file = rows[0]?.file ?? "generated quarter";
    const adapted = adaptEvents(
      rows.map((r) => r.event),
      ir.fields,
    ).events;
    p = {
      events: prepareDecoded(ir, adapted, { file, lenient: true }),
      *list() {
        for (let i = 0; i < adapted.length; i++) yield { event: adapted[i], file, line: rows[i].line };
      },
    };
    byFields.set(sig, p);
  }
  return p;
}

/**
 * The current side's data-fit list (`after`), each notice marked when the
 * pinned side's (`before`) has none like it (the same code and words; the
 * counts in it may differ).
 */
export function compareFit(before: SimReport, after: SimReport): CompareFit {
  const like = (i: DataFitItem) => `${i.code}\u0000${i.text.replace(/\d[\d,.]*/g, "#")}`;
  const had = new Set(dataFitItems(before).map(like));
  const items = dataFitItems(after).map((i) => ({ ...i, new: !had.has(like(i)) }));
  return { items, noScope: after.dataFit?.find((w) => w.code === "EV507")?.message ?? null };
}

/** The session's pinned baseline (one per session). */
export class CompareState {
  private baseline: Baseline | null = null;

  /** `chunk`: events replayed between two turns of the event loop */
  constructor(private readonly chunk = CHUNK) {}

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
    this.baseline = {
      text,
      sha256: sha256Hex(text),
      pinnedAt: at.toISOString(),
      ir,
      replays: new WeakMap(),
      sameEvents: new WeakMap(),
    };
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
  async compare(ctx: FeatureContext, stale: () => boolean = () => false): Promise<CompareResult> {
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
      const same = sameData(ctx, b, ir);
      const pb = same ? sameEventsFor(b, pa, ir) : await ctx.prepareFor(ir);
      // the baseline's replay serves every edit on the same data; each replay gives the worker's event loop a turn
      let ra = b.replays.get(pa.events);
      if (ra === undefined) {
        const r = await replayInSteps(b.ir, pa.events, stale, this.chunk);
        if (r === null) return { status: "superseded" };
        b.replays.set(pa.events, (ra = r));
      }
      const rb = await replayInSteps(ir, pb.events, stale, this.chunk);
      if (rb === null) return { status: "superseded" };
      const r = reviewReplays(before, after, pa.events, pb.events, ra, rb);
      // what the data source adds (an upload's rejected rows, missing columns) when the current side has its own events
      const fit = compareFit(ra, same ? rb : (pb.amend?.(rb) ?? rb));
      if (!r.ok) {
        const side = r.noImpact.side === "old" ? "the pinned SLA" : "the current SLA";
        return {
          status: "no-impact",
          pinned,
          message: `No impact computed: the data are not for ${side}: ${r.noImpact.message} (${r.noImpact.code})`,
          changes: r.changes,
          versions: r.versions,
          markdown: `${renderChanges(r.changes, "md", r.versions)}\n_Impact not computed: ${escapeMarkdown(r.noImpact.message)}_\n`,
          fit,
        };
      }
      return {
        status: "done",
        pinned,
        review: reviewJson(r.review),
        markdown: renderReview(r.review, "md"),
        data: same ? ctx.data.info(b.ir).label.replace("this SLA", "the pinned SLA") : ctx.data.info(ir).label,
        ms: now() - t0,
        fit,
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
