// Plain English for the parts of an IR, as the signed agreement says them:
// names without underscores, conditions as sentences ("it is an MQL and
// employees is 50 or more"), windows as "4 business hours", breach actions as
// what happens to the lead. Output is plain text: renderers escape it.
// Browser-safe.
import type { Cond, IR, IRAction, IRCalendar, IRFieldType, IRWindow, Scalar } from "../../language/ir.ts";
import { MONTH_NAMES } from "../month-names.ts";
import { formatMoney, formatNumber } from "../render/format.ts";

/** `hand_raisers` -> "hand raisers"; `VQL` stays "VQL". */
export function humanName(name: string): string {
  return name.replace(/_+/g, " ").trim() || name;
}

/** "Hand raisers" (first letter upper case, the rest as written). */
export function titleName(name: string): string {
  const h = humanName(name);
  return h.charAt(0).toUpperCase() + h.slice(1);
}

/** "a VQL", "an MQL", "an opportunity", "a qualified lead". */
export function withArticle(name: string): string {
  const h = humanName(name);
  const first = h.split(/\s/)[0];
  const acronym = first.length > 1 && first === first.toUpperCase() && /^[A-Z]/.test(first);
  const an = acronym ? /^[AEFHILMNORSX]/.test(first) : /^[aeiou]/i.test(first);
  return `${an ? "an" : "a"} ${h}`;
}

/** "VQLs", "qualified leads". */
export function pluralName(name: string): string {
  const h = humanName(name);
  return /(s|x|ch|sh)$/i.test(h) ? `${h}es` : `${h}s`;
}

/** "A, B and C" / "A, B or C". */
export function joinWords(items: string[], word: "and" | "or"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${word} ${items[items.length - 1]}`;
}

/** 0.95 -> "95%", 0.875 -> "87.5%". */
export function percentText(x: number): string {
  return `${formatNumber(Math.round(x * 10000) / 100)}%`;
}

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** "2027-01-01" -> "1 January 2027". */
export function dateText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTH_NAMES[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** "2027-01-01" -> "Friday 1 January 2027". */
export function dayDateText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const dow = (new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay() + 6) % 7;
  return `${DAYS[dow]} ${dateText(iso)}`;
}

/** ISO day number (1 = Monday) -> "Monday". */
export function dayName(day: number): string {
  return DAYS[day - 1] ?? String(day);
}

/** Minutes after midnight -> "08:30". */
export function clockText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  return `${String(h).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * The open minutes of a typical working day on a calendar (the most common
 * day length, ties to the longer): what "1 business day" means on it. The same
 * rule the compiler uses for `N business days`.
 */
export function businessDayMinutes(c: IRCalendar): number {
  const perDay = new Map<number, number>();
  for (const o of c.open) perDay.set(o.day, (perDay.get(o.day) ?? 0) + (o.to - o.from));
  const counts = new Map<number, number>();
  for (const v of perDay.values()) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [v, n] of counts) if (n > bestCount || (n === bestCount && v > best)) [best, bestCount] = [v, n];
  return best || 1440;
}

function count(n: number, one: string): string {
  return `${formatNumber(n)} ${n === 1 ? one : `${one}s`}`;
}

/** A span of minutes: "15 minutes", "4 hours", "1 hour 30 minutes". */
export function minutesText(total: number): string {
  if (total < 60 || total % 1 !== 0) return count(Math.round(total * 100) / 100, "minute");
  const h = Math.floor(total / 60);
  const m = total % 60;
  return m ? `${count(h, "hour")} ${count(m, "minute")}` : count(h, "hour");
}

/** "15 minutes", "24 hours", "15 days", "3 weeks", "4 business hours", "1 business day", "5 business minutes on the chat calendar". */
export function windowText(w: IRWindow, ir: Pick<IR, "calendars">): string {
  if (w.kind === "calendar") {
    const minutes = w.ms / 60_000;
    const week = 7 * 1440;
    if (minutes >= week && minutes % week === 0) return count(minutes / week, "week");
    if (minutes >= 2 * 1440 && minutes % 1440 === 0) return count(minutes / 1440, "day");
    if (minutes >= 60 && minutes % 60 === 0) return count(minutes / 60, "hour");
    if (minutes >= 1 && minutes % 1 === 0) return count(minutes, "minute");
    return count(Math.round(w.ms / 100) / 10, "second");
  }
  const cal = ir.calendars[w.calendar];
  const day = cal ? businessDayMinutes(cal) : 1440;
  const on = w.calendar === "business" ? "" : ` on the ${humanName(w.calendar)} calendar`;
  let t: string;
  if (w.minutes >= day && w.minutes % day === 0) t = count(w.minutes / day, "business day");
  else if (w.minutes >= 60 && w.minutes % 60 === 0) t = count(w.minutes / 60, "business hour");
  else t = count(w.minutes, "business minute");
  return t + on;
}

/** A literal as the agreement shows it, by the field's type: $2,000,000, 50, yes, "demo". */
export function valueText(v: Scalar, type: IRFieldType | undefined): string {
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "number") return type?.type === "money" ? formatMoney(v / 100) : formatNumber(v);
  if (type?.type === "date") return dateText(v);
  return `"${v}"`;
}

type Ctx = "top" | "and" | "or";

/**
 * A condition as a clause that follows "when": "it is an MQL, employees is 50
 * or more and either uses segment is yes or fit score is 80 or more".
 */
export function condText(c: Cond, ir: Pick<IR, "fields">, ctx: Ctx = "top"): string {
  const field = (f: string) => humanName(f);
  const val = (f: string, v: Scalar) => valueText(v, ir.fields[f]);
  const isDate = (f: string) => ir.fields[f]?.type === "date";
  switch (c.op) {
    case "true":
      return "always";
    case "and": {
      const s = joinWords(
        c.args.map((a) => condText(a, ir, "and")),
        "and",
      );
      if (ctx !== "or") return s;
      return c.args.length === 2 ? `both ${s}` : `all of ${s}`;
    }
    case "or": {
      const s = joinWords(
        c.args.map((a) => condText(a, ir, "or")),
        "or",
      );
      if (ctx !== "and") return s;
      return c.args.length === 2 ? `either ${s}` : `any of ${s}`;
    }
    case "term":
      return `it is ${withArticle(c.name)}`;
    case "flag":
      return `${field(c.field)} is yes`;
    case "cmp":
      return `${field(c.field)} ${cmpText(c.cmp, val(c.field, c.value), isDate(c.field))}`;
    case "in":
      return `${field(c.field)} is ${joinWords(
        c.values.map((v) => val(c.field, v)),
        "or",
      )}`;
    case "text":
      return `${field(c.field)} ${c.match === "contains" ? "contains" : c.match === "starts" ? "starts with" : "ends with"} ${val(c.field, c.value)}`;
    case "set":
      return `${field(c.field)} is filled in`;
    case "not":
      return notText(c.arg, ir, ctx);
  }
}

function notText(c: Cond, ir: Pick<IR, "fields">, ctx: Ctx): string {
  const field = (f: string) => humanName(f);
  const val = (f: string, v: Scalar) => valueText(v, ir.fields[f]);
  switch (c.op) {
    case "true":
      return "never";
    case "term":
      return `it is not ${withArticle(c.name)}`;
    case "flag":
      return `${field(c.field)} is no`;
    case "set":
      return `${field(c.field)} is empty`;
    case "in":
      return c.values.length === 1
        ? `${field(c.field)} is not ${val(c.field, c.values[0])}`
        : `${field(c.field)} is none of ${joinWords(
            c.values.map((v) => val(c.field, v)),
            "or",
          )}`;
    case "cmp": {
      const neg = { "=": "!=", "!=": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<" } as const;
      return condText({ ...c, cmp: neg[c.cmp] }, ir, ctx);
    }
    case "text":
      return `${field(c.field)} does not ${c.match === "contains" ? "contain" : c.match === "starts" ? "start with" : "end with"} ${val(c.field, c.value)}`;
    case "not":
      return condText(c.arg, ir, ctx);
    case "and":
    case "or":
      return `it is not the case that ${condText(c, ir, "top")}`;
  }
}

function cmpText(op: "=" | "!=" | "<" | "<=" | ">" | ">=", v: string, date: boolean): string {
  switch (op) {
    case "=":
      return `is ${v}`;
    case "!=":
      return `is not ${v}`;
    case ">=":
      return date ? `is on or after ${v}` : `is ${v} or more`;
    case ">":
      return date ? `is after ${v}` : `is more than ${v}`;
    case "<=":
      return date ? `is on or before ${v}` : `is ${v} or less`;
    case "<":
      return date ? `is before ${v}` : `is less than ${v}`;
  }
}

/** What happens to the lead: "the lead is reassigned, round robin, to the sdr team". */
export function actionText(a: IRAction): string {
  switch (a.type) {
    case "reassign":
      return `the lead is reassigned, round robin, to the ${humanName(a.team)} team`;
    case "escalate":
      return "the rep's manager is alerted";
    case "nurture":
      return `the lead moves to the nurture campaign "${a.campaign}"`;
    case "notify":
      return `a notice is sent to ${a.url}`;
    case "tag":
      return `the lead is tagged "${a.label}"`;
  }
}

/** A field's kind of value: "a number", "one of "demo", "trial" or "newsletter"". */
export function fieldTypeText(t: IRFieldType): string {
  switch (t.type) {
    case "number":
      return "a number";
    case "text":
      return "text";
    case "yesno":
      return "yes or no";
    case "date":
      return "a date";
    case "money":
      return "an amount of money";
    case "enum":
      return `one of ${joinWords(
        t.values.map((v) => `"${v}"`),
        "or",
      )}`;
  }
}
