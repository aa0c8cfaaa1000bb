// `closed holidays "US"`: a region's public holidays, from the date-holidays
// library (browser-safe, pinned by package-lock.json), expanded when the spec
// is checked into plain dates in the IR. The IR never calls the library:
// a compiled spec means the same dates whatever library version runs it.
//
// Which dates: holidays of type "public" only (not bank, school, optional or
// observance days), including the observed ("substitute") days the library
// lists, e.g. Monday 2027-07-05 for Independence Day on a Sunday. Which years:
// the `effective` year minus one to the effective year plus three
// (HOLIDAY_YEARS_BEFORE / _AFTER), five years in all.
import Holidays from "date-holidays";

export const HOLIDAY_YEARS_BEFORE = 1;
export const HOLIDAY_YEARS_AFTER = 3;

export interface HolidayDate {
  /** yyyy-mm-dd, the local date */
  date: string;
  /** the holiday's name (English where the library has it) */
  name: string;
}

/** A region as written: "US" (a country) or "US-CA" (a state or province of it). */
export type Region = { country: string; state: string | null };

/** The years `closed holidays` expands for an agreement effective on `effective` (yyyy-mm-dd). */
export function holidayYears(effective: string): { from: number; to: number } {
  const y = Number(effective.slice(0, 4));
  return { from: y - HOLIDAY_YEARS_BEFORE, to: y + HOLIDAY_YEARS_AFTER };
}

let library: Holidays | null = null;
function lib(): Holidays {
  library ??= new Holidays();
  return library;
}

/** Country codes the library knows, e.g. "US", "DE". */
export function countryCodes(): string[] {
  return Object.keys(lib().getCountries("en"));
}

/** State codes of a country, e.g. "CA" for "US" (empty when it has none). */
export function stateCodes(country: string): string[] {
  return Object.keys(lib().getStates(country, "en") ?? {});
}

/** The region a string names, or why it names none (with the closest known code, if any). */
export function parseRegion(text: string): Region | { problem: string; suggestion: string | null } {
  const [country, state, ...rest] = text.split("-");
  const countries = countryCodes();
  if (!countries.includes(country)) {
    const upper = country.toUpperCase();
    const byName = Object.entries(lib().getCountries("en")).find(([, n]) => n.toLowerCase() === text.toLowerCase());
    const suggestion = countries.includes(upper)
      ? [upper, ...(state !== undefined ? [state.toUpperCase()] : [])].join("-")
      : byName
        ? byName[0]
        : upper.length === 3 && countries.includes(upper.slice(0, 2))
          ? upper.slice(0, 2)
          : null;
    return { problem: `unknown country '${country}'`, suggestion };
  }
  if (state === undefined) return { country, state: null };
  const states = stateCodes(country);
  if (rest.length || !states.includes(state)) {
    const upper = state.toUpperCase();
    const suggestion = rest.length === 0 && states.includes(upper) ? `${country}-${upper}` : null;
    return {
      problem: states.length
        ? `unknown state '${state}' of ${country}`
        : `${country} has no states in the holiday data`,
      suggestion,
    };
  }
  return { country, state };
}

const cache = new Map<string, HolidayDate[]>();

/** The public holidays of a region from January 1st of `from` to December 31st of `to`, sorted, one per date. */
export function expandHolidays(region: Region, from: number, to: number): HolidayDate[] {
  const key = `${region.country}-${region.state ?? ""}:${from}:${to}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const hd = region.state
    ? new Holidays(region.country, region.state, { types: ["public"], languages: ["en"] })
    : new Holidays(region.country, { types: ["public"], languages: ["en"] });
  const byDate = new Map<string, string>();
  const first = `${from}-01-01`;
  const last = `${to}-12-31`;
  for (let y = from; y <= to; y++)
    for (const h of hd.getHolidays(y, "en")) {
      if (h.type !== "public") continue;
      const date = h.date.slice(0, 10);
      if (date < first || date > last) continue;
      const prev = byDate.get(date);
      byDate.set(date, prev && prev !== h.name ? `${prev}; ${h.name}` : h.name);
    }
  const out = [...byDate].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, name]) => ({ date, name }));
  cache.set(key, out);
  return out;
}
