// The results panel's "does the data fit this SLA" list, as plain data (no
// DOM, so it is tested under Node): the report's data-fit notices (EV5xx,
// the no-lead-in-scope explanation first), the rows the reading rejected
// (each at its file:line, with its code and reason: an uploaded export's bad
// rows are never a silent zero), rows ignored by design, and one line of what
// was ignored.
import { EV_CODES, type EvCode } from "../../engine/problems.ts";
import { fitNotices, ignoredText } from "../../engine/render/fit.ts";
import { formatInt } from "../../engine/render/format.ts";
import type { SimReport } from "../../engine/result.ts";

export interface DataFitItem {
  code: string;
  text: string;
  /** "why": the report has no lead in scope and this says why (shown first, emphasised); "rejected": a bad row */
  tone: "why" | "notice" | "rejected" | "ignored";
}

/** Rejected rows listed one by one; the rest are counted. */
export const REJECTED_SHOWN = 5;

const plural = (n: number, one: string, many = `${one}s`) => `${formatInt(n)} ${n === 1 ? one : many}`;

export function dataFitItems(
  r: Pick<SimReport, "dataFit" | "ignored"> & Partial<Pick<SimReport, "rejected" | "ignoredRows">>,
): DataFitItem[] {
  const items: DataFitItem[] = fitNotices(r).map((w) => ({
    code: w.code,
    text: w.message,
    tone: w.code === "EV507" ? "why" : "notice",
  }));
  const rejected = r.rejected;
  if (rejected && rejected.count > 0) {
    const codes = Object.entries(rejected.byCode)
      .map(([code, n]) => `${code} ${formatInt(n ?? 0)}`)
      .join(", ");
    items.push({
      code: "",
      text: `${plural(rejected.count, "row")} rejected (${codes}), not replayed:`,
      tone: "rejected",
    });
    for (const row of rejected.rows.slice(0, REJECTED_SHOWN))
      items.push({ code: row.code, text: `${row.file}:${row.line}: ${row.reason}`, tone: "rejected" });
    if (rejected.count > REJECTED_SHOWN)
      items.push({ code: "", text: `and ${plural(rejected.count - REJECTED_SHOWN, "more row")}`, tone: "rejected" });
  }
  const ignoredRows = r.ignoredRows;
  if (ignoredRows && ignoredRows.count > 0)
    for (const [code, n] of Object.entries(ignoredRows.byCode))
      items.push({
        code,
        text: `${plural(n ?? 0, "row")} ignored: ${EV_CODES[code as EvCode]?.title ?? code}`,
        tone: "ignored",
      });
  const ignored = ignoredText(r);
  if (ignored) items.push({ code: "", text: ignored, tone: "ignored" });
  return items;
}
