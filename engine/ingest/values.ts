// Field values checked against the SLA's declared field types. Two readers:
// `json` for values in JSONL events (typed JSON, strict), `cell` for CSV cells
// (always text, so numbers with thousands separators, "Yes"/"No" and friends
// are read; an empty cell is unset).

import type { IRFieldType } from "../../language/ir.ts";
import { assertNever } from "../assert-never.ts";
import type { FieldValue } from "../events.ts";
import { Failure, type Result } from "../problems.ts";
import { closest, quoteList, show } from "./suggest.ts";
import { dateProblem, isIsoDate } from "./timestamp.ts";

/** A rejected value (EV109); its message completes `field "x": ...`. */
function bad(message: string): Failure {
  return new Failure("EV109", message);
}

export type Read = (value: unknown) => Result<FieldValue>;
export type ReadCell = (cell: string) => Result<FieldValue>;

/** `-$1,200.50`, `1200`, `$.5`: sign, optional $, digits (grouped by 3 with commas, or not), up to 2 decimals. */
export const MONEY_PATTERN = "^-?\\$?(?:(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d{1,2})?|\\.\\d{1,2})$";
const MONEY = new RegExp(MONEY_PATTERN);
const NUMBER_CELL = /^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/** Integer cents of a money string, or null when it is not one. Exact: no float arithmetic. */
export function parseMoney(s: string): number | null {
  if (!MONEY.test(s)) return null;
  const neg = s.charCodeAt(0) === 45;
  const body = s.replace(/[-$,]/g, "");
  const dot = body.indexOf(".");
  const whole = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? "" : body.slice(dot + 1);
  const cents = Number(whole || "0") * 100 + Number((frac + "00").slice(0, 2));
  if (!Number.isSafeInteger(cents)) return null;
  return neg && cents !== 0 ? -cents : cents;
}

/** Largest number of dollars whose cents are still exact integers. */
export const MAX_DOLLARS = Math.floor(Number.MAX_SAFE_INTEGER / 100);

/** Cents of a number of dollars, rounded to the cent; null when out of range. */
export function dollarsToCents(n: number): number | null {
  if (!(Math.abs(n) <= MAX_DOLLARS)) return null;
  const cents = Math.round(n * 100);
  return cents === 0 ? 0 : cents;
}

const YES = new Set(["yes", "true"]);
const NO = new Set(["no", "false"]);
const YES_CELL = new Set(["yes", "true", "y", "1"]);
const NO_CELL = new Set(["no", "false", "n", "0"]);

/**
 * Told about a string that is not one of an enum field's values. When given,
 * the reader accepts the value as it is (it then equals none of the SLA's
 * values) instead of rejecting it (EV109): tolerant ingest counts it as data
 * that does not fit the SLA.
 */
export type OnUnlisted = (value: string) => void;

/** Strict reader for typed JSON values (null is always "unset"). */
export function jsonReader(t: IRFieldType, onUnlisted?: OnUnlisted): Read {
  switch (t.type) {
    case "number":
      return (v) =>
        (typeof v === "number" && Number.isFinite(v)) || v === null ? v : bad(`expected a number, got ${show(v)}`);
    case "text":
      return (v) => (typeof v === "string" || v === null ? v : bad(`expected text (a string), got ${show(v)}`));
    case "money":
      return (v) => {
        if (v === null) return null;
        const cents = typeof v === "number" ? dollarsToCents(v) : typeof v === "string" ? parseMoney(v) : null;
        return (
          cents ??
          bad(`expected an amount of money (a number of dollars, or a string like "$1,200.50"), got ${show(v)}`)
        );
      };
    case "yesno":
      return (v) => {
        if (typeof v === "boolean" || v === null) return v;
        if (typeof v === "string") {
          const l = v.toLowerCase();
          if (YES.has(l)) return true;
          if (NO.has(l)) return false;
        }
        return bad(`expected yes/no (true or false), got ${show(v)}`);
      };
    case "date":
      return (v) => {
        if (v === null) return null;
        if (typeof v !== "string") return bad(`expected a date string like "2027-01-31", got ${show(v)}`);
        return isIsoDate(v) ? v : bad(`${show(v)} ${dateProblem(v)}`);
      };
    case "enum": {
      const allowed = new Set(t.values);
      return (v) => {
        if ((typeof v === "string" && allowed.has(v)) || v === null) return v;
        if (onUnlisted !== undefined && typeof v === "string") {
          onUnlisted(v);
          return v;
        }
        return bad(enumProblem(v, t.values));
      };
    }
    default:
      return assertNever(t, "field type");
  }
}

function enumProblem(v: unknown, values: string[]): string {
  if (typeof v !== "string") return `expected one of ${quoteList(values)}, got ${show(v)}`;
  const near = closest(v, values);
  return `${show(v)} is not one of ${quoteList(values)}${near === null ? "" : ` (did you mean ${show(near)}?)`}`;
}

export interface CellOptions {
  /** Reads a date written some other way than yyyy-mm-dd (e.g. "1/31/2027"); null when it can't. */
  date?: (cell: string) => string | null;
  /** Accept (and report) enum values the SLA does not list, instead of EV109. */
  onUnlisted?: OnUnlisted;
  /** Numbers and money are written with a decimal comma ("1.234,56", European exports). */
  decimalComma?: boolean;
}

const COMMA_NUMBER_CELL = /^[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+)?(?:,\d+)?$/;

/** "1.234,56" -> "1234.56" when it is a decimal-comma number; null otherwise. */
function fromDecimalComma(s: string): string | null {
  return COMMA_NUMBER_CELL.test(s) && /\d/.test(s) ? s.replace(/\./g, "").replace(",", ".") : null;
}

/**
 * Lenient reader for CSV cells. Surrounding spaces are ignored; an empty cell
 * is null (unset).
 */
export function cellReader(t: IRFieldType, opts: CellOptions = {}): ReadCell {
  const read = readCell(t, opts);
  return (cell) => {
    const s = cell.trim();
    return s === "" ? null : read(s);
  };
}

function readCell(t: IRFieldType, opts: CellOptions): ReadCell {
  switch (t.type) {
    case "number":
      if (opts.decimalComma)
        return (s) => {
          const plain = fromDecimalComma(s);
          const n = plain === null ? NaN : Number(plain);
          return Number.isFinite(n)
            ? n
            : bad(`expected a number written with a decimal comma (1.234,5), got ${show(s)}`);
        };
      return (s) => {
        const n = NUMBER_CELL.test(s) && /\d/.test(s) ? Number(s.replace(/,/g, "")) : NaN;
        return Number.isFinite(n) ? n : bad(`expected a number, got ${show(s)}`);
      };
    case "text":
      return (s) => s;
    case "money":
      if (opts.decimalComma)
        return (s) => {
          // "1.200,50 €", "€1.200,50", "EUR 1.200,50", "$1.200,50"
          const bare = s.replace(/^(?:EUR|USD)\s*|\s*(?:EUR|USD)$/i, "").replace(/^(-?)[€$]\s*|\s*[€$]$/g, "$1");
          const plain = fromDecimalComma(bare);
          const cents = plain === null ? null : dollarsToCents(Number(plain));
          return cents ?? bad(`expected an amount of money written with a decimal comma (1.200,50), got ${show(s)}`);
        };
      return (s) => {
        // "USD 1,200.00", "1,200.00 USD", "$ 1,200"
        const bare = s.replace(/^USD\s*|\s*USD$/i, "").replace(/^(-?)\$\s+/, "$1$");
        const cents =
          parseMoney(bare) ??
          (NUMBER_CELL.test(bare) && /\d/.test(bare) ? dollarsToCents(Number(bare.replace(/,/g, ""))) : null);
        return cents ?? bad(`expected an amount of money like "$1,200.50", got ${show(s)}`);
      };
    case "yesno":
      return (s) => {
        const l = s.toLowerCase();
        if (YES_CELL.has(l)) return true;
        if (NO_CELL.has(l)) return false;
        return bad(`expected yes/no (Yes, No, true, false, 1 or 0), got ${show(s)}`);
      };
    case "date":
      return (s) => {
        if (isIsoDate(s)) return s;
        // a timestamp column used as a date: keep the date it was written with
        if (s.length > 10 && /^[Tt ]/.test(s.slice(10)) && isIsoDate(s.slice(0, 10))) return s.slice(0, 10);
        const other = opts.date?.(s) ?? null;
        return other ?? bad(`${show(s)} ${dateProblem(s)}`);
      };
    case "enum": {
      const exact = new Set(t.values);
      // CRMs capitalise freely: accept a value that matches one allowed value ignoring case
      const byLower = new Map<string, string | null>();
      for (const v of t.values) byLower.set(v.toLowerCase(), byLower.has(v.toLowerCase()) ? null : v);
      return (s) => {
        if (exact.has(s)) return s;
        const v = byLower.get(s.toLowerCase());
        if (v !== undefined && v !== null) return v;
        if (opts.onUnlisted !== undefined) {
          opts.onUnlisted(s);
          return s;
        }
        return bad(enumProblem(s, t.values));
      };
    }
    default:
      return assertNever(t, "field type");
  }
}
