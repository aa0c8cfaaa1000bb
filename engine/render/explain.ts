// `sla explain` as text: the lead's events in replay order with the lead after
// each, then every clock with its start, pauses, warning, due instant and why
// it ended as it did. User strings go through cleanText. Browser-safe.
import type { Explanation, Instant } from "../explain.ts";
import { cleanText } from "./escape.ts";
import { describeActions, formatMoney, formatTime, timesIn } from "./format.ts";

export function renderExplanation(x: Explanation): string {
  const u = cleanText;
  const out: string[] = [];
  /** the SLA's zone with its offset, then UTC */
  const at = (i: Instant) => `${formatTime(i.utc, x.timezone)} (${i.utc})`;
  out.push(`Lead ${u(x.lead)} under ${u(JSON.stringify(x.sla))} · ${u(timesIn(x.timezone))} (UTC in brackets)`);
  if (x.spec.sha256)
    out.push(
      `Spec ${u(x.spec.file)} (sha256 ${x.spec.sha256.slice(0, 12)}${x.spec.git ? `, git ${x.spec.git.slice(0, 12)}` : ""})`,
    );
  out.push("");
  out.push("Events");
  for (const e of x.events) {
    const what: string[] = [];
    if (e.fields)
      what.push(
        Object.entries(e.fields)
          .map(([k, v]) => `${u(k)}=${v === null ? "(unset)" : u(JSON.stringify(v))}`)
          .join(" "),
      );
    if (e.owner !== undefined) what.push(`owner ${u(e.owner)}`);
    out.push(`  ${at(e.at)}  ${u(e.type)}${what.length ? `  ${what.join("  ")}` : ""}  [${u(e.file)}:${e.line}]`);
    const cell = e.persona && e.action ? ` (${u(e.persona)} x ${u(e.action)})` : "";
    out.push(
      `      segment ${e.segment === null ? "none" : u(e.segment)} · terms ${e.terms.length ? e.terms.map(u).join(", ") : "none"} · value ${formatMoney(e.value)}${cell}`,
    );
  }
  out.push("", "Clocks");
  if (x.clocks.length === 0) out.push("  none: no obligation applied to this lead");
  for (const c of x.clocks) {
    out.push(`  ${u(c.obligation)} (${u(c.window)}): ${c.state.toUpperCase()}`);
    out.push(`      started ${at(c.start)}`);
    for (const p of c.pauses)
      out.push(`      paused  ${at(p.from)}${p.to ? ` until ${at(p.to)}` : ", still paused at the end"}`);
    if (c.warned) out.push(`      warned  ${at(c.warned)}`);
    if (c.due) out.push(`      due     ${at(c.due)}`);
    out.push(`      why     ${u(c.why)}`);
    if (c.actions.length) out.push(`      fired   ${u(describeActions(c.actions))}`);
  }
  out.push("", `Owner at the end: ${x.owner === null ? "none" : u(x.owner)}`, "");
  return out.join("\n");
}
