// The Explain tab's worker side: one lead's story as `sla explain` prints it
// (engine/explain.ts + engine/render/explain.ts), for the current spec over
// the current data, fed the decoded events in input order with their rows, as
// the CLI feeds a JSONL file. An unknown id gets a "did you mean". No DOM.
import { Explainer, type Explanation } from "../../../engine/explain.ts";
import { closest } from "../../../engine/ingest/suggest.ts";
import { renderExplanation } from "../../../engine/render/explain.ts";
import { CURRENT_FILE } from "./compare.ts";
import { type FeatureContext, now } from "./context.ts";
import { sha256Hex } from "./sha256.ts";

export type ExplainResult =
  | {
      status: "done";
      lead: string;
      /** the `sla explain` text */
      text: string;
      explanation: Explanation;
      /** the spec had errors: this is the last version that compiled */
      stale: boolean;
      ms: number;
    }
  /** no such lead in the data; `suggestion` is the closest id, if any is close */
  | { status: "unknown"; lead: string; message: string; suggestion: string | null }
  | { status: "failed"; lead: string; message: string };

export async function explainLead(ctx: FeatureContext, leadId: string): Promise<ExplainResult> {
  const lead = leadId.trim();
  const ir = ctx.ir ?? ctx.reportIr;
  if (lead === "") return { status: "failed", lead, message: "Type a lead id." };
  if (ir === null) return { status: "failed", lead, message: "The SLA has errors: fix them to explain a lead." };
  const t0 = now();
  try {
    const p = await ctx.prepareFor(ir);
    const spec = { file: CURRENT_FILE, sha256: ctx.ir ? sha256Hex(ctx.text) : "", git: null };
    const ex = new Explainer(ir, lead, spec);
    for (const { event, file, line } of p.list()) ex.push(event, file, line);
    const x = ex.finish();
    if (x === null) {
      const suggestion = closest(lead, ex.leadIds);
      const label = ctx.data.info(ir).label;
      return {
        status: "unknown",
        lead,
        suggestion,
        message: `No lead ${JSON.stringify(lead)} in ${label}${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ""}`,
      };
    }
    return { status: "done", lead, text: renderExplanation(x), explanation: x, stale: ctx.ir === null, ms: now() - t0 };
  } catch (e) {
    return { status: "failed", lead, message: `The explanation failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Lead ids of the current data for the search box: those starting with `query` first, then containing it. */
export async function leadIds(ctx: FeatureContext, query: string, limit = 20): Promise<string[]> {
  const ir = ctx.ir ?? ctx.reportIr;
  if (ir === null) return [];
  const ids = (await ctx.prepareFor(ir)).events.leadIds;
  const q = query.trim().toLowerCase();
  const starts: string[] = [];
  const contains: string[] = [];
  for (const id of ids) {
    const l = id.toLowerCase();
    if (l.startsWith(q)) {
      if (starts.length < limit) starts.push(id);
    } else if (contains.length < limit && l.includes(q)) contains.push(id);
    if (starts.length >= limit) break;
  }
  return [...starts, ...contains].slice(0, limit);
}
