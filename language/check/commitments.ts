// Marketing's commitments (`marketing delivers ...`) and report periods.
import type * as A from "../ast.ts";
import { PERIOD_WORDS, period } from "../vocabulary.ts";
import type { CheckContext } from "./context.ts";
import { finiteLiteral } from "./expressions.ts";

export function checkDelivers(cx: CheckContext): void {
  for (const d of cx.m.delivers) {
    if (!cx.m.terms.has(d.term.name)) {
      if (cx.classifierNamed("Segment", d.term.name))
        cx.report(
          "SLA203",
          d.term.range,
          `'${d.term.name}' is a segment; commitments count a defined term`,
          `define a term: define ${d.term.name}_lead when ...`,
        );
      else
        cx.reportUnknown(
          "SLA201",
          d.term.range,
          `unknown term '${d.term.name}'`,
          cx.suggest("terms", d.term.name, () => cx.m.terms.keys()),
          "declare it with: define NAME when ...",
        );
    }
    checkPeriod(cx, d.per);
    const goal = d.amount.kind === "Money" ? d.amount.cents : d.amount.value;
    if (!finiteLiteral(cx, d.amount)) continue;
    if (!(goal > 0)) cx.report("SLA442", d.amount.range, "a commitment's goal must be more than zero");
    else if (d.amount.kind === "Number" && !Number.isInteger(d.amount.value))
      cx.report("SLA442", d.amount.range, "a lead count must be a whole number");
    if (d.amount.kind === "Money" && !cx.m.value)
      cx.report(
        "SLA413",
        d.amount.range,
        "a value commitment needs a value chart",
        "add persona/action statements and a 'value { ... }' chart",
      );
  }
}

export function checkPeriod(cx: CheckContext, p: A.Ident): void {
  if (!period(p.name))
    cx.reportUnknown(
      "SLA441",
      p.range,
      `unknown period '${p.name}'`,
      cx.suggest("periods", p.name, () => PERIOD_WORDS),
      "periods are month, quarter and year",
    );
}
