// The value chart: one column per action, one row per persona, money cells.
import type { CheckContext } from "./context.ts";
import { finiteLiteral, replaceWith } from "./expressions.ts";

export function checkValue(cx: CheckContext): void {
  const v = cx.m.value;
  if (!v) return;
  const actions = cx.m.actions.map((a) => a.name.name);
  const personas = cx.m.personas.map((p) => p.name.name);
  if (actions.length === 0 || personas.length === 0)
    cx.report(
      "SLA411",
      v.range,
      "a value chart needs 'persona' and 'action' statements",
      "declare e.g. persona executive when ... and action demo when ...",
    );
  const cols = new Set<string>();
  for (const c of v.columns) {
    if (!cx.classifierNamed("Action", c.name))
      cx.reportUnknown(
        "SLA411",
        c.range,
        `column '${c.name}' is not an action`,
        cx.suggest("actions", c.name, () => actions),
        undefined,
      );
    else if (cols.has(c.name)) cx.report("SLA411", c.range, `column '${c.name}' is listed twice`);
    cols.add(c.name);
  }
  for (const a of cx.m.actions)
    if (!cols.has(a.name.name) && actions.length)
      cx.report(
        "SLA411",
        v.columns[0]?.range ?? v.range,
        `action '${a.name.name}' has no column in the value chart`,
        `add '${a.name.name}' to 'columns'`,
      );
  const rows = new Set<string>();
  for (const r of v.rows) {
    if (!cx.classifierNamed("Persona", r.persona.name))
      cx.reportUnknown(
        "SLA411",
        r.persona.range,
        `row '${r.persona.name}' is not a persona`,
        cx.suggest("personas", r.persona.name, () => personas),
        undefined,
      );
    else if (rows.has(r.persona.name)) cx.report("SLA411", r.persona.range, `persona '${r.persona.name}' has two rows`);
    rows.add(r.persona.name);
    if (r.cells.length !== v.columns.length)
      cx.report(
        "SLA411",
        r.range,
        `row '${r.persona.name}' has ${r.cells.length} value${r.cells.length === 1 ? "" : "s"} but there are ${v.columns.length} columns`,
      );
    for (const c of r.cells)
      if (!finiteLiteral(cx, c)) continue;
      else if (c.kind !== "Money")
        cx.report("SLA412", c.range, `value cells are amounts of money`, `write $${c.text}`, [
          replaceWith(c.range, `$${c.text}`),
        ]);
  }
  for (const p of cx.m.personas)
    if (!rows.has(p.name.name) && personas.length)
      cx.report(
        "SLA411",
        v.range,
        `persona '${p.name.name}' has no row in the value chart`,
        `add a row: ${p.name.name}: ...`,
      );
}
