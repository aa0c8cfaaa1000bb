// The language's fixed words, tabled once: window units, day names, field
// types, yes/no words and report periods. Checker, compiler, formatter and
// playground all read these tables.
//
// Every table is a `ReadonlyMap`, never a plain object: the keys come from the
// user's text, and a plain object would answer `constructor`, `toString` or
// `__proto__` from Object.prototype (a window `within 5 constructor` used to
// pass the checker and compile to NaN). Look words up with the functions below.
import type * as A from "./ast.ts";
import type { IRTouchFilter, Period } from "./ir.ts";

export type { Period } from "./ir.ts";

function table<V>(entries: readonly (readonly [string, V])[]): ReadonlyMap<string, V> {
  return new Map(entries);
}

// ---------- window units ----------

export type WindowUnit = "minute" | "hour" | "day" | "week";

const WINDOW_UNITS = table<WindowUnit>([
  ["minute", "minute"],
  ["minutes", "minute"],
  ["hour", "hour"],
  ["hours", "hour"],
  ["day", "day"],
  ["days", "day"],
  ["week", "week"],
  ["weeks", "week"],
]);

/** Every spelling of a window unit, for did-you-mean and the editor. */
export const WINDOW_UNIT_WORDS: readonly string[] = Object.freeze([...WINDOW_UNITS.keys()]);

/** `hours` -> "hour"; undefined for anything else (including Object.prototype names). */
export function windowUnit(word: string): WindowUnit | undefined {
  return WINDOW_UNITS.get(word);
}

/** Minutes in one unit of calendar time. */
export const UNIT_MINUTES: Readonly<Record<WindowUnit, number>> = Object.freeze({
  minute: 1,
  hour: 60,
  day: 1440,
  week: 10080,
});

// ---------- day names ----------

const DAYS = table<readonly number[]>(
  (
    [
      ["mon", [1]],
      ["tue", [2]],
      ["wed", [3]],
      ["thu", [4]],
      ["fri", [5]],
      ["sat", [6]],
      ["sun", [7]],
      ["monday", [1]],
      ["tuesday", [2]],
      ["wednesday", [3]],
      ["thursday", [4]],
      ["friday", [5]],
      ["saturday", [6]],
      ["sunday", [7]],
      ["weekdays", [1, 2, 3, 4, 5]],
      ["weekends", [6, 7]],
      ["daily", [1, 2, 3, 4, 5, 6, 7]],
    ] as const
  ).map(([w, days]) => [w, Object.freeze([...days])] as const),
);

/** Every day word, for did-you-mean. */
export const DAY_WORDS: readonly string[] = Object.freeze([...DAYS.keys()]);

/** ISO weekdays (1 = Monday) a day word names, case-insensitively; undefined if it names none. */
export function dayNumbers(word: string): readonly number[] | undefined {
  return DAYS.get(word.toLowerCase());
}

// ---------- field types ----------

export type FieldType = "number" | "text" | "yesno" | "date" | "money" | "enum";

const TYPES = table<Exclude<FieldType, "enum">>([
  ["number", "number"],
  ["text", "text"],
  ["yes/no", "yesno"],
  ["date", "date"],
  ["money", "money"],
]);

/** The type words a field may be declared with (besides `one of ...`). */
export const TYPE_WORDS: readonly string[] = Object.freeze([...TYPES.keys()]);

/** `yes/no` -> "yesno"; undefined for an unknown type word. */
export function fieldType(word: string): Exclude<FieldType, "enum"> | undefined {
  return TYPES.get(word);
}

// ---------- yes/no values ----------

const YES_NO = table<boolean>([
  ["yes", true],
  ["no", false],
  ["true", true],
  ["false", false],
]);

/** `yes`/`true` -> true, `no`/`false` -> false, anything else undefined. */
export function yesNoValue(word: string): boolean | undefined {
  return YES_NO.get(word);
}

// ---------- report periods ----------

const PERIODS = table<number>([
  ["month", 12],
  ["quarter", 4],
  ["year", 1],
]);

export const PERIOD_WORDS: readonly string[] = Object.freeze([...PERIODS.keys()]);

/** The period a word names, or undefined. */
export function period(word: string): Period | undefined {
  return PERIODS.has(word) ? (word as Period) : undefined;
}

/** How many of a period fit in a year (month 12, quarter 4, year 1). */
export function periodsPerYear(p: Period): number {
  return PERIODS.get(p) as number;
}

// ---------- windows as written ----------

/** A window as written, normalised: "5m", "24 business hours on emea" (missing parts left out). */
export function windowText(w: A.WindowExpr): string {
  if (w.duration) return w.duration.text;
  return [w.amount?.text, w.business ? "business" : null, w.unit?.name, w.calendar ? `on ${w.calendar.name}` : null]
    .filter(Boolean)
    .join(" ");
}

/** A touch filter as the spec writes it: `by call or email by owner` ("" for none). */
export function touchFilterText(f: IRTouchFilter | undefined): string {
  if (!f) return "";
  const parts: string[] = [];
  if (f.channels)
    parts.push(
      `by ${f.channels.map((c) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(c) ? c : JSON.stringify(c))).join(" or ")}`,
    );
  if (f.people)
    parts.push(`by ${[...(f.people.owner ? ["owner"] : []), ...f.people.teams.map((t) => `team ${t}`)].join(" or ")}`);
  return parts.join(" ");
}
