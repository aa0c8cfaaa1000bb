// The results panel's "does the data fit this SLA" list, as plain data (no
// DOM, so it is tested under Node): the report's data-fit notices (EV5xx,
// the no-lead-in-scope explanation first) and one line of what was ignored.
import { fitNotices, ignoredText } from "../../engine/render/fit.ts";
import type { SimReport } from "../../engine/result.ts";

export interface DataFitItem {
  code: string;
  text: string;
  /** "why": the report has no lead in scope and this says why (shown first, emphasised) */
  tone: "why" | "notice" | "ignored";
}

export function dataFitItems(r: Pick<SimReport, "dataFit" | "ignored">): DataFitItem[] {
  const items: DataFitItem[] = fitNotices(r).map((w) => ({
    code: w.code,
    text: w.message,
    tone: w.code === "EV507" ? "why" : "notice",
  }));
  const ignored = ignoredText(r);
  if (ignored) items.push({ code: "", text: ignored, tone: "ignored" });
  return items;
}
