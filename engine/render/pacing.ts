// Sentences for the pacing section of the simulate report (every renderer
// shows them in its own style). Plain text: renderers escape it.
// Browser-safe.

import { MONTH_NAMES } from "../month-names.ts";
import type { CommitmentPacing } from "../pacing.ts";
import { formatAmount, formatInt } from "./format.ts";

/** "2027-05" -> "May 2027", "2027-Q2" -> "Q2 2027", "2027" -> "2027". */
export function periodLabel(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}`;
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  return q ? `Q${q[2]} ${q[1]}` : period;
}

/** "VQL value for May 2027: $31,200 of $84,000 with 40% of the month gone, on pace for $78,000: on pace to miss". */
export function pacingSentence(p: CommitmentPacing): string {
  const what = p.kind === "value" ? `${p.term} value` : `${p.term} count`;
  const amount = (v: number) => formatAmount(p.kind, p.kind === "value" ? Math.round(v) : Math.floor(v));
  const verdict = p.met ? "already met" : p.behind ? "on pace to miss" : "on pace to meet";
  return `${what} for ${periodLabel(p.period)}: ${amount(p.actual)} of ${amount(p.goal)} with ${formatInt(Math.round(p.elapsed * 100))}% of the ${p.per} gone, on pace for ${amount(p.projected)}: ${verdict}`;
}
