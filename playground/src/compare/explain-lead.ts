// The Explain tab's worker side: one lead's story as `sla explain` prints it
// (engine/explain.ts + engine/render/explain.ts), for the current spec over
// the current data, fed the decoded events in input order with their rows, as
// the CLI feeds a JSONL file. An id is looked up as ingest joins the files of
// an export (engine/ingest/lead-ids.ts): exactly, else a Salesforce id's
// 18-character form finds its 15-character lead (and back); an id that
// differs only in letter case is a different Salesforce record, so it is
// offered as a "did you mean", never joined. An unknown id gets a "did you
// mean" too. No DOM.
import { Explainer, type Explanation } from "../../../engine/explain.ts";
import { LeadIds, salesforceChecksum, salesforceId18 } from "../../../engine/ingest/lead-ids.ts";
import { closest } from "../../../engine/ingest/suggest.ts";
import { Failure } from "../../../engine/problems.ts";
import { renderExplanation } from "../../../engine/render/explain.ts";
import { CURRENT_FILE } from "./compare.ts";
import { type FeatureContext, now } from "./context.ts";
import { sha256Hex } from "./sha256.ts";

/** Events fed to the explainer between two turns of the worker's event loop. */
const EXPLAIN_CHUNK = 32_768;

export type ExplainResult =
  | {
      status: "done";
      lead: string;
      /** the `sla explain` text */
      text: string;
      explanation: Explanation;
      /** how the typed id found this lead when it is not the lead's own spelling (the 18-character form) */
      note?: string;
      /** the spec had errors: this is the last version that compiled */
      stale: boolean;
      ms: number;
    }
  /** no such lead in the data; `suggestion` is the closest id, if any is close */
  | { status: "unknown"; lead: string; message: string; suggestion: string | null }
  | { status: "failed"; lead: string; message: string };

/** How a typed id names one of the data's leads. */
export type LeadMatch =
  /** the data's own spelling (`note`: how it was found, when not typed so) */
  | { status: "found"; id: string; note?: string }
  /** not a lead, but `near` looks like it: letter case changed, or a wrong 18-character checksum (`why`) */
  | { status: "near"; near: string; why: string }
  | { status: "none" };

const q = JSON.stringify;
const SALESFORCE_SHAPED = /^(?:[A-Za-z0-9]{15}|[A-Za-z0-9]{18})$/;

/** Looks `typed` up among the data's lead ids as ingest joins ids across an export's files. */
export function matchLead(typed: string, ids: Iterable<string>): LeadMatch {
  // only a Salesforce-shaped id can name a lead under another spelling (and the search box asks on every keystroke)
  if (!SALESFORCE_SHAPED.test(typed)) {
    for (const id of ids) if (id === typed) return { status: "found", id };
    return { status: "none" };
  }
  const known = new LeadIds("the data");
  const all: string[] = [];
  for (const id of ids) {
    if (id === typed) return { status: "found", id };
    known.add(id);
    all.push(id);
  }
  const r = known.resolve(typed);
  if (!(r instanceof Failure))
    return r !== typed && all.includes(r)
      ? { status: "found", id: r, note: `${q(typed)} is the ${typed.length}-character form of Salesforce id ${q(r)}` }
      : { status: "none" };
  // resolve() refused a join: the Salesforce-shaped lead whose first 15 characters match ignoring case
  const head = typed.slice(0, 15);
  const near = all.find((id) => salesforceId18(id) !== null && id.slice(0, 15).toLowerCase() === head.toLowerCase());
  if (near === undefined) return { status: "none" };
  const why =
    near.slice(0, 15) === head
      ? `its first 15 characters are lead ${q(near)}'s, but its last 3 are not their checksum (expected ${q(salesforceChecksum(head))})`
      : `lead ${q(near)} differs from it only in letter case, and Salesforce ids are case-sensitive (a spreadsheet may have changed the case), so it is another record`;
  return { status: "near", near, why };
}

export async function explainLead(ctx: FeatureContext, leadId: string): Promise<ExplainResult> {
  const typed = leadId.trim();
  const ir = ctx.ir ?? ctx.reportIr;
  if (typed === "") return { status: "failed", lead: typed, message: "Type a lead id." };
  if (ir === null) return { status: "failed", lead: typed, message: "The SLA has errors: fix them to explain a lead." };
  const t0 = now();
  try {
    const p = await ctx.prepareFor(ir);
    const match = matchLead(typed, p.events.leadIds);
    if (match.status === "near")
      return {
        status: "unknown",
        lead: typed,
        suggestion: match.near,
        message: `No lead ${q(typed)} in ${ctx.data.info(ir).label}: ${match.why} (did you mean ${q(match.near)}?)`,
      };
    const lead = match.status === "found" ? match.id : typed;
    const note = match.status === "found" ? match.note : undefined;
    const spec = { file: CURRENT_FILE, sha256: ctx.ir ? sha256Hex(ctx.text) : "", git: null };
    const ex = new Explainer(ir, lead, spec);
    let n = 0;
    for (const { event, file, line } of p.list()) {
      ex.push(event, file, line);
      // a large upload: let the worker answer the editor's checks meanwhile
      if (++n % EXPLAIN_CHUNK === 0) await new Promise((ok) => setTimeout(ok, 0));
    }
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
    return {
      status: "done",
      lead,
      text: renderExplanation(x),
      explanation: x,
      stale: ctx.ir === null,
      ms: now() - t0,
      ...(note ? { note } : {}),
    };
  } catch (e) {
    return {
      status: "failed",
      lead: typed,
      message: `The explanation failed: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/**
 * Lead ids of the current data for the search box: the lead the query names
 * (matchLead: its own id, the 15-character id of an 18-character one, the id
 * it differs from in letter case only) first, then those starting with it,
 * then those containing it (ignoring case). A Salesforce id typed past its
 * 15 characters still offers its lead.
 */
export async function leadIds(ctx: FeatureContext, query: string, limit = 20): Promise<string[]> {
  const ir = ctx.ir ?? ctx.reportIr;
  if (ir === null) return [];
  const ids = (await ctx.prepareFor(ir)).events.leadIds;
  const typed = query.trim();
  const lower = typed.toLowerCase();
  const m = typed === "" ? ({ status: "none" } as const) : matchLead(typed, ids);
  const named = m.status === "found" ? m.id : m.status === "near" ? m.near : null;
  const out = new Set<string>(named === null ? [] : [named]);
  const contains: string[] = [];
  for (const id of ids) {
    if (out.size >= limit) break;
    const l = id.toLowerCase();
    // the first 15 characters of an 18-character id being typed
    const head = id.length === 15 && typed.length > 15 && typed.length <= 18 && typed.startsWith(id);
    if (l.startsWith(lower) || head) out.add(id);
    else if (contains.length < limit && l.includes(lower)) contains.push(id);
  }
  for (const id of contains) out.add(id);
  return [...out].slice(0, limit);
}
