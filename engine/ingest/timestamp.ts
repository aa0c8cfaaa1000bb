// Timestamps and dates as the ingest layer accepts them.
//
// A timestamp is RFC 3339 with the seconds optional:
//   YYYY-MM-DD(T|t|space)HH:MM[:SS[.fraction]](Z|z|±HH:MM|±HHMM)
// parsed by hand (a replay parses millions) into epoch milliseconds; the
// fraction is truncated to milliseconds. A zone is required: a time without
// one means different instants in different places, so we refuse to guess.
// Date.parse is deliberately not used as a fallback: it reads zone-less
// strings as local time and accepts shapes other tools reject, which would
// make the decoder disagree with event.schema.json.
import { MONTH_NAMES } from "../month-names.ts";

const ZERO = 48;

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - ZERO;
  return d >= 0 && d <= 9 ? d : -1e6; // any sum of digits with a bad one goes negative
}
function two(s: string, i: number): number {
  return digit(s, i) * 10 + digit(s, i + 1);
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : DAYS[m - 1];
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function parseDateAt(s: string): number {
  // returns days since epoch or NaN; s[0..10) must be YYYY-MM-DD
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const m = two(s, 5);
  const d = two(s, 8);
  if (y < 0 || m < 1 || m > 12 || d < 1 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  if (d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

/** true for a valid calendar date written exactly `yyyy-mm-dd`. */
export function isIsoDate(s: string): boolean {
  return s.length === 10 && !Number.isNaN(parseDateAt(s));
}

// Consecutive events mostly share their date: remember the last one.
let lastDate = "";
let lastDays = NaN;
function daysOf(s: string): number {
  if (lastDate.length === 10 && s.startsWith(lastDate)) return lastDays;
  const d = parseDateAt(s);
  if (d === d) {
    lastDate = s.slice(0, 10);
    lastDays = d;
  }
  return d;
}

/** Epoch ms of a timestamp with a zone (see the top of this file), or NaN. */
export function parseTimestamp(s: string): number {
  const n = s.length;
  if (n < 17) return NaN;
  const days = daysOf(s);
  if (days !== days) return NaN;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return NaN; // T t space
  const h = two(s, 11);
  const mi = two(s, 14);
  if (s.charCodeAt(13) !== 58 || h < 0 || h > 23 || mi < 0 || mi > 59) return NaN;
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    sec = two(s, i + 1);
    if (sec < 0 || sec > 59) return NaN;
    i += 3;
    if (s.charCodeAt(i) === 46) {
      i++;
      const start = i;
      let scale = 100;
      for (let d = digit(s, i); d >= 0; d = digit(s, ++i)) {
        ms += d * scale;
        scale /= 10;
      }
      if (i === start) return NaN;
      ms = Math.floor(ms);
    }
  }
  let offsetMin: number;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    // Z z
    if (i + 1 !== n) return NaN;
    offsetMin = 0;
  } else if (z === 43 || z === 45) {
    // + -
    const oh = two(s, i + 1);
    let om: number;
    if (s.charCodeAt(i + 3) === 58) {
      om = two(s, i + 4);
      if (i + 6 !== n) return NaN;
    } else {
      om = two(s, i + 3);
      if (i + 5 !== n) return NaN;
    }
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
    offsetMin = (z === 43 ? 1 : -1) * (oh * 60 + om);
  } else {
    return NaN;
  }
  return ((days * 24 + h) * 60 + mi - offsetMin) * 60000 + sec * 1000 + ms;
}

const ZONELESS = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const SHAPE = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-](\d{2}):?(\d{2}))$/;

/**
 * Why `s` is not a timestamp, as the end of a sentence starting with the
 * quoted value: `has no time zone ...` or `is not a valid timestamp (...)`.
 * Only called on the error path.
 */
export function timestampProblem(s: string): string {
  if (ZONELESS.test(s)) {
    return s.length === 10
      ? `is a date without a time and time zone (expected e.g. "${s}T09:00:00Z")`
      : `has no time zone (add "Z" for UTC, or an offset like "-05:00")`;
  }
  const m = SHAPE.exec(s);
  if (!m) return `is not a valid timestamp (expected e.g. "2027-01-04T14:03:00Z")`;
  const [y, mo, d, h, mi, sec, oh, om] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  let why: string;
  if (mo < 1 || mo > 12) why = `no month ${mo}`;
  else if (d < 1) why = "no day 0";
  else if (d > daysInMonth(y, mo)) why = `${MONTH_NAMES[mo - 1]} ${y} has ${daysInMonth(y, mo)} days`;
  else if (h > 23) why = `hour ${h}`;
  else if (mi > 59) why = `minute ${mi}`;
  else if (sec > 59) why = `second ${sec}`;
  else if (oh > 23 || om > 59) why = `zone offset out of range`;
  else why = `expected e.g. "2027-01-04T14:03:00Z"`;
  return `is not a valid timestamp (${why})`;
}

/** Why `s` is not a yyyy-mm-dd date (end of a sentence starting with the quoted value). */
export function dateProblem(s: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return `is not a date (expected yyyy-mm-dd, e.g. "2027-01-31")`;
  const [y, mo, d] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12) return `is not a valid date (no month ${mo})`;
  if (d < 1) return `is not a valid date (no day 0)`;
  return `is not a valid date (${MONTH_NAMES[mo - 1]} ${y} has ${daysInMonth(y, mo)} days)`;
}

/**
 * The years an event time may fall in (UTC): [1970-01-01, 2200-01-01). Wide
 * enough for any CRM history and plan, narrow enough that every period label
 * has four digits and a report spans a bounded number of months.
 */
export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2199;
export const MIN_TIME = 0;
export const MAX_TIME = daysFromCivil(LAST_YEAR + 1, 1, 1) * 86_400_000;

export function inSupportedRange(t: number): boolean {
  return t >= MIN_TIME && t < MAX_TIME;
}

/** End of a sentence starting with the quoted value. */
export function rangeProblem(): string {
  return `is outside the supported years ${FIRST_YEAR}-${LAST_YEAR}`;
}
