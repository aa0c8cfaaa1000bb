// Shared formatting for the report renderers (terminal table, markdown, HTML).
// Browser-safe: no Node imports. Every function is deterministic (no locale,
// no clock) so golden files stay stable across machines.
import { localTimes } from "../local-time.ts";
import type { ActionRecord, CommitmentReport, ObligationReport, SimReport } from "../result.ts";

/** Shown for a missing value (no data, no target, ...). */
export const DASH = "–";

// ---------------------------------------------------------------- numbers

/** 1234567 -> "1,234,567"; non-integers are rounded. */
export function formatInt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Math.round(n);
  const sign = r < 0 ? "-" : "";
  return sign + group(String(Math.abs(r)));
}

/** Like formatInt, keeping up to `digits` decimals (trailing zeros dropped): 1234.5 -> "1,234.5". */
export function formatNumber(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return formatInt(n);
  const fixed = Math.abs(n).toFixed(digits);
  const [int, frac = ""] = fixed.split(".");
  const f = frac.replace(/0+$/, "");
  return (n < 0 ? "-" : "") + group(int) + (f ? "." + f : "");
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Dollars: 84000 -> "$84,000", 9.99 -> "$9.99", 1234.5 -> "$1,234.50". */
export function formatMoney(dollars: number): string {
  if (!Number.isFinite(dollars)) return String(dollars);
  const cents = Math.round(Math.abs(dollars) * 100);
  const whole = Math.floor(cents / 100);
  const rem = cents % 100;
  return (
    (dollars < 0 && cents > 0 ? "-" : "") + "$" + group(String(whole)) + (rem ? "." + String(rem).padStart(2, "0") : "")
  );
}

/**
 * A share as a percentage: 0.9876 -> "98.8%". Never rounds a value below 1 up to
 * "100.0%" nor a value above 0 down to "0.0%": it adds digits (up to 3 more)
 * instead, then falls back to ">99.9%" / "<0.1%".
 */
export function formatPercent(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  const full = (100).toFixed(digits);
  const zero = (0).toFixed(digits);
  for (let d = digits; d <= digits + 3; d++) {
    const s = (x * 100).toFixed(d);
    if (x < 1 && Number(s) >= 100) continue;
    if (x > 0 && Number(s) <= 0) continue;
    return s + "%";
  }
  if (x > 0.5) return `>${(Number(full) - 10 ** -digits).toFixed(digits)}%`;
  return `<${(Number(zero) + 10 ** -digits).toFixed(digits)}%`;
}

/** A target as written: 0.99 -> "99%", 0.995 -> "99.5%", 0.12345 -> "12.35%". */
export function formatTarget(t: number | null | undefined): string {
  if (t === null || t === undefined || !Number.isFinite(t)) return DASH;
  const s = (t * 100).toFixed(2).replace(/\.?0+$/, "");
  return s + "%";
}

/**
 * Compliance next to its target, so a miss never *reads* as a hit: 0.98996
 * against 99% is "98.996%" rather than "99.0%".
 */
export function formatCompliance(c: number | null | undefined, target: number | null | undefined, digits = 1): string {
  if (c === null || c === undefined || !Number.isFinite(c)) return DASH;
  if (target === null || target === undefined || c >= target) return formatPercent(c, digits);
  const shown = Number((target * 100).toFixed(2));
  for (let d = digits; d <= digits + 3; d++) {
    const s = formatPercent(c, d);
    const v = parseFloat(s);
    if (Number.isFinite(v) && v < shown) return s;
  }
  return `<${formatTarget(target)}`;
}

// ---------------------------------------------------------------- durations

/**
 * Seconds for people: 42 -> "42s", 252 -> "4m 12s", 11100 -> "3h 05m",
 * 187200 -> "2d 4h", 300 -> "5m". Business time never uses days (a business
 * day is not 24 hours): 108000 business seconds -> "30h".
 */
export function formatDuration(seconds: number | null | undefined, opts: { business?: boolean } = {}): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  if (seconds < 0) return "-" + formatDuration(-seconds, opts);
  if (seconds > 0 && seconds < 0.5) return "<1s";
  const total = Math.round(seconds);
  if (total < 60) return `${total}s`;
  if (total < 3600) {
    const m = Math.floor(total / 60);
    const s = total % 60;
    return s ? `${m}m ${pad2(s)}s` : `${m}m`;
  }
  const tm = Math.round(total / 60);
  if (opts.business || tm < 24 * 60) {
    const h = Math.floor(tm / 60);
    const m = tm % 60;
    return m ? `${formatInt(h)}h ${pad2(m)}m` : `${formatInt(h)}h`;
  }
  const th = Math.round(total / 3600);
  const d = Math.floor(th / 24);
  const h = th % 24;
  return h ? `${formatInt(d)}d ${h}h` : `${formatInt(d)}d`;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** An obligation's window: "5m", "15d", "24h business". */
export function formatWindow(o: Pick<ObligationReport, "windowSeconds" | "business">): string {
  return o.business
    ? `${formatDuration(o.windowSeconds, { business: true })} business`
    : formatDuration(o.windowSeconds);
}

/**
 * The percentiles shown next to an obligation: business time for a business
 * window (that is what the window counts), calendar time otherwise.
 */
export function headlineTimes(o: Pick<ObligationReport, "responseTimes" | "business">): {
  p50: string;
  p90: string;
  p99: string;
  business: boolean;
} {
  const b = o.business && o.responseTimes.business !== null;
  const p = b ? o.responseTimes.business! : o.responseTimes.calendar;
  return {
    p50: formatDuration(p.p50, { business: b }),
    p90: formatDuration(p.p90, { business: b }),
    p99: formatDuration(p.p99, { business: b }),
    business: b,
  };
}

// ---------------------------------------------------------------- report vocabulary

/** "reassign -> ben", "escalate -> maria", "nurture \"Trial nurture\"", "notify https://…", "tag \"vip\"". */
export function describeAction(a: ActionRecord): string {
  switch (a.type) {
    case "reassign":
      return `reassign -> ${a.to ?? "nobody"}`;
    case "escalate":
      return `escalate -> ${a.to ?? "nobody"}`;
    case "nurture":
      return `nurture "${a.campaign}"`;
    case "notify":
      return `notify ${a.url}`;
    case "tag":
      return `tag "${a.label}"`;
  }
}

export function describeActions(actions: ActionRecord[]): string {
  return actions.length ? actions.map(describeAction).join(", ") : DASH;
}

/** "300 VQL per quarter", "$84,000 in VQL per month". */
export function describeCommitment(c: Pick<CommitmentReport, "kind" | "term" | "goal" | "per">): string {
  return c.kind === "value"
    ? `${formatMoney(c.goal)} in ${c.term} per ${c.per}`
    : `${formatNumber(c.goal)} ${c.term} per ${c.per}`;
}

/** A commitment amount: leads or dollars. */
export function formatAmount(kind: CommitmentReport["kind"], v: number): string {
  return kind === "value" ? formatMoney(v) : formatNumber(v);
}

/** actual / goal as a percentage, or DASH for a zero goal. */
export function formatOfGoal(actual: number, goal: number): string {
  return goal > 0 ? formatPercent(actual / goal) : DASH;
}

/** "2027-01-04 09:03:00 -05:00 → 2027-03-31 17:58:00 -04:00" in `zone` (UTC when omitted), or "no events". */
export function formatRange(from: string | null, to: string | null, zone = "UTC"): string {
  if (from === null && to === null) return "no events";
  return `${from === null ? "?" : formatTime(from, zone)} → ${to === null ? "?" : formatTime(to, zone)}`;
}

/**
 * A time for people, from a report's UTC ISO string: the wall clock in the
 * SLA's zone with its offset, "2027-03-15 09:08:12 -04:00" (engine/local-time.ts).
 */
export function formatTime(utc: string, zone: string): string {
  return localTimes(zone).showIso(utc);
}

/** The zone line of every report: "Times in America/New_York", "Times in UTC". */
export function timesIn(zone: string): string {
  return localTimes(zone).caption;
}

/** "1 lead" / "3 leads" with a formatted count. */
export function plural(n: number, one: string, many = one + "s"): string {
  return `${formatInt(n)} ${n === 1 ? one : many}`;
}

/** Targets held / missed over the obligations that have a verdict. */
export function verdict(obligations: Pick<ObligationReport, "held">[]): {
  held: number;
  missed: number;
  decided: number;
  text: string;
  ok: boolean | null;
} {
  const held = obligations.filter((o) => o.held === true).length;
  const missed = obligations.filter((o) => o.held === false).length;
  const decided = held + missed;
  if (decided === 0) return { held, missed, decided, ok: null, text: "no targets to judge" };
  if (missed === 0)
    return { held, missed, decided, ok: true, text: decided === 1 ? "target held" : `all ${decided} targets held` };
  return { held, missed, decided, ok: false, text: `${missed} of ${decided} targets missed` };
}

// ---------------------------------------------------------------- display width

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, "");
}

const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;

/** East Asian Wide / Fullwidth ranges (abridged from Unicode EastAsianWidth.txt). */
const WIDE: [number, number][] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x18cff],
  [0x1b000, 0x1b2ff],
  [0x1f200, 0x1f2ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

function isWide(cp: number): boolean {
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Columns one code point takes in a terminal; `next` is the following code point (for VS16). */
function cpWidth(ch: string, next: string | undefined): number {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp < 0x300) return 1;
  if (ZERO_WIDTH.test(ch) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef) || cp === 0x200b)
    return 0;
  if (isWide(cp) || EMOJI_PRESENTATION.test(ch)) return 2;
  if (next === "\ufe0f" && PICTOGRAPHIC.test(ch)) return 2;
  return 1;
}

/** Terminal columns a string takes: ANSI codes count 0, CJK and emoji 2, combining marks 0. */
export function displayWidth(s: string): number {
  const plain = stripAnsi(s);
  // Fast path: printable ASCII.
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  const cps = Array.from(plain);
  let w = 0;
  for (let i = 0; i < cps.length; i++) w += cpWidth(cps[i], cps[i + 1]);
  return w;
}

/** Cuts plain text (no ANSI) to at most `width` columns, ending with "…" when cut. */
export function truncateDisplay(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  if (width <= 0) return "";
  const cps = Array.from(s);
  let out = "";
  let w = 0;
  for (let i = 0; i < cps.length; i++) {
    const cw = cpWidth(cps[i], cps[i + 1]);
    if (w + cw > width - 1) break;
    out += cps[i];
    w += cw;
  }
  return out + "…";
}

export function padEndDisplay(s: string, width: number): string {
  return s + " ".repeat(Math.max(0, width - displayWidth(s)));
}

export function padStartDisplay(s: string, width: number): string {
  return " ".repeat(Math.max(0, width - displayWidth(s))) + s;
}

/**
 * Counts of input that was read but not replayed, beyond duplicates and
 * rejected rows, for the report headers (only those that happened, so a
 * clean run's header is unchanged): conflicting events (EV203) and CSV
 * activity rows no rule matched (EV306), field-history rows for fields the
 * mapping does not use (EV308).
 */
export function unreplayedFacts(r: Pick<SimReport, "conflicts" | "ignoredRows">): string[] {
  const out: string[] = [];
  if (r.conflicts > 0) out.push(`${plural(r.conflicts, "conflicting event")} (EV203)`);
  const by = r.ignoredRows.byCode;
  if ((by.EV306 ?? 0) > 0) out.push(`${plural(by.EV306 ?? 0, "activity row")} matched no rule (EV306), not replayed`);
  if ((by.EV308 ?? 0) > 0)
    out.push(`${plural(by.EV308 ?? 0, "history row")} for fields the mapping does not use (EV308), not replayed`);
  return out;
}
