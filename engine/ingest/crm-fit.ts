// Data-fit notices from the CRM side (see engine/data-fit.ts for the rest):
// columns the mapping names that the export's header lacks (EV550; the usual
// reason for a field that is never set, so the notice carries the field), and
// the field names of history rows the mapping does not use (EV551).
import type { IR } from "../../language/ir.ts";
import type { DataFitWarning } from "../result.ts";
import type { MissingColumn } from "./columns.ts";
import type { FieldHistory } from "./history.ts";
import { closest, quoteList, show } from "./suggest.ts";

/** `leads.csv has no column "Lifecycle Stage" (mapping "leads.fields.lifecycle_stage") for field "lifecycle_stage"` */
export function missingColumnFit(m: MissingColumn): DataFitWarning {
  const cols = m.names.length === 1 ? `no column ${show(m.names[0])}` : `none of the columns ${quoteList(m.names)}`;
  const near = m.near === null ? "" : `; did you mean ${show(m.near)}?`;
  const w: DataFitWarning = {
    code: "EV550",
    message: `${m.file} has ${cols} (mapping ${show(m.where)}) for ${m.what}${near}`,
    counts: [],
  };
  if (m.field !== undefined) w.field = m.field;
  return w;
}

/** The history's skipped field names with their row counts, each with a near SLA field if any; null when none. */
export function historyFieldsFit(h: FieldHistory, ir: Pick<IR, "fields">): DataFitWarning | null {
  if (h.ignoredFields.size === 0) return null;
  const counts = [...h.ignoredFields]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const declared = Object.keys(ir.fields);
  const shown = counts.slice(0, 5).map((c) => {
    const near = closest(c.name, declared);
    return `${show(c.name)} (${c.count})${near === null ? "" : ` (like field ${show(near)}: add it to "history.fields")`}`;
  });
  if (counts.length > 5) shown.push(`${counts.length - 5} more`);
  const rows = counts.reduce((s, c) => s + c.count, 0);
  return {
    code: "EV551",
    message: `${h.file}: ${rows} ${rows === 1 ? "row" : "rows"} for fields the mapping does not use, skipped: ${shown.join(", ")}`,
    counts,
  };
}

const SLASH_DATE = /^\d{1,2}\/\d{1,2}\/\d{2,4}\b/;
const MONTH_FIRST = /^M{1,2}\//;

/**
 * A semicolon-delimited export (European Excel) whose slash dates the
 * mapping reads month first: 03/02/2026 is then March 2, where the file's
 * locale most likely meant 3 February. Ambiguous, so a notice (EV552), not a
 * guess; a date that only reads day-first is an error anyway. Looks at the
 * first rows only.
 */
export function monthFirstFit(
  file: string,
  delimiter: string,
  timeFormats: string[],
  rows: readonly { cells: string[] }[],
): DataFitWarning | null {
  if (delimiter !== ";") return null;
  const format = timeFormats.find((f) => MONTH_FIRST.test(f));
  if (format === undefined) return null;
  for (const r of rows.slice(0, 100))
    for (const c of r.cells) {
      const cell = c.trim();
      if (!SLASH_DATE.test(cell)) continue;
      return {
        code: "EV552",
        message:
          `${file} is semicolon-delimited (as European Excel saves it) and its dates, like ${show(cell)}, are read month first ` +
          `(${show(format)}); if they are day first, set "timeFormat" in the mapping (e.g. "dd/MM/yyyy HH:mm")`,
        counts: [],
      };
    }
  return null;
}
