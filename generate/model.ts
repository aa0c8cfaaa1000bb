// The model's tables: where leads come from, when they fill in forms, who
// they are, and how each lead source is worked. Every number is a default
// tuned to look like a B2B inbound funnel; none of it is real customer data.
import { type Source, SOURCES } from "./options.ts";

interface Country {
  code: string;
  share: number;
  utcOffsetHours: number;
}
/** Lead origin: share of leads and a representative UTC offset for the local day curve. */
export const COUNTRIES: readonly Country[] = Object.freeze([
  { code: "US", share: 55, utcOffsetHours: -6 },
  { code: "CA", share: 8, utcOffsetHours: -5 },
  { code: "GB", share: 10, utcOffsetHours: 0 },
  { code: "DE", share: 8, utcOffsetHours: 1 },
  { code: "FR", share: 6, utcOffsetHours: 1 },
  { code: "IN", share: 8, utcOffsetHours: 5.5 },
  { code: "BR", share: 5, utcOffsetHours: -3 },
]);

/** Relative form-fill rate by local hour. */
export const HOURLY = [
  0.22, 0.14, 0.1, 0.08, 0.08, 0.1, 0.2, 0.45, 0.8, 1.15, 1.35, 1.4, 1.25, 1.3, 1.4, 1.35, 1.2, 1.0, 0.8, 0.7, 0.65,
  0.6, 0.48, 0.33,
];
/** Relative rate by local weekday, 0 = Sunday. */
export const WEEKDAY = [0.3, 1.05, 1.1, 1.1, 1.0, 0.85, 0.35];
/** Hours after a webinar starts (14:00) and the share of its leads synced then. */
export const WEBINAR_BURST: readonly [number, number][] = [
  [1, 0.45],
  [2, 0.25],
  [3, 0.1],
  [19, 0.08],
  [20, 0.07],
  [21, 0.05],
];
export const WEBINAR_WEEKDAY = 3; // Wednesday
export const WEBINAR_HOUR = 14;

type Titles = readonly [string, number][];
export const TITLES_SMALL: Titles = [
  ["Founder", 14],
  ["CEO", 10],
  ["CFO", 2],
  ["Director of Marketing", 4],
  ["Sales Director", 3],
  ["VP Sales", 3],
  ["Head of Growth", 4],
  ["Marketing Manager", 10],
  ["Sales Manager", 6],
  ["Manager", 4],
  ["Operations Manager", 4],
  ["Engineer", 12],
  ["Software Engineer", 8],
  ["Analyst", 8],
  ["Consultant", 8],
  ["Student", 4],
];
export const TITLES_LARGE: Titles = [
  ["Founder", 1],
  ["CEO", 2],
  ["CFO", 2],
  ["Director of Marketing", 8],
  ["Sales Director", 6],
  ["VP Sales", 5],
  ["VP Marketing", 3],
  ["IT Director", 3],
  ["Head of Growth", 3],
  ["Marketing Manager", 12],
  ["Sales Manager", 8],
  ["Manager", 4],
  ["Product Manager", 6],
  ["Engineer", 10],
  ["Software Engineer", 8],
  ["Data Analyst", 6],
  ["Analyst", 8],
  ["Consultant", 3],
  ["Intern", 2],
];
export const TITLE_SMALL_W = TITLES_SMALL.map(([, w]) => w);
export const TITLE_LARGE_W = TITLES_LARGE.map(([, w]) => w);
export const EXECUTIVE = new Set(["CEO", "CFO", "Founder", "VP Sales", "VP Marketing"]);

export interface SourceModel {
  employeesMedian: number;
  scoreBase: number;
  /** first-touch delay, business minutes: [share, median, sigma] components */
  firstTouch: readonly [number, number, number][];
  firstTouchWeights: readonly number[];
  neverTouched: number;
  /** channel weights call, email, linkedin for the first touch */
  firstChannel: readonly [number, number, number];
  /** share getting an 8+ touch sequence; otherwise 1 + Poisson(touchLambda) touches */
  sequence: number;
  touchLambda: number;
  spanDays: number;
  bookDemo: number;
  waiting: number;
}
export const MODEL: Record<Source, SourceModel> = withWeights({
  demo: {
    employeesMedian: 90,
    scoreBase: 60,
    firstTouch: [
      [0.8, 2.2, 0.5],
      [0.16, 15, 1.0],
      [0.04, 240, 0.8],
    ],
    neverTouched: 0.02,
    firstChannel: [0.7, 0.22, 0.08],
    sequence: 0.45,
    touchLambda: 3.5,
    spanDays: 10,
    bookDemo: 0.4,
    waiting: 0.03,
  },
  trial: {
    employeesMedian: 35,
    scoreBase: 48,
    firstTouch: [[1, 150, 1.25]],
    neverTouched: 0.04,
    firstChannel: [0.4, 0.55, 0.05],
    sequence: 0,
    touchLambda: 4.5,
    spanDays: 12,
    bookDemo: 0.08,
    waiting: 0.12,
  },
  webinar: {
    employeesMedian: 60,
    scoreBase: 40,
    firstTouch: [[1, 480, 1.1]],
    neverTouched: 0.25,
    firstChannel: [0.15, 0.75, 0.1],
    sequence: 0,
    touchLambda: 2.5,
    spanDays: 18,
    bookDemo: 0.02,
    waiting: 0.02,
  },
  whitepaper: {
    employeesMedian: 45,
    scoreBase: 34,
    firstTouch: [[1, 700, 1.1]],
    neverTouched: 0.35,
    firstChannel: [0.15, 0.75, 0.1],
    sequence: 0,
    touchLambda: 2.5,
    spanDays: 18,
    bookDemo: 0.02,
    waiting: 0.02,
  },
});
function withWeights(m: Record<Source, Omit<SourceModel, "firstTouchWeights">>): Record<Source, SourceModel> {
  const out = {} as Record<Source, SourceModel>;
  for (const s of SOURCES) out[s] = { ...m[s], firstTouchWeights: m[s].firstTouch.map((c) => c[0]) };
  return out;
}
export const CHANNELS = ["call", "email", "linkedin"] as const;
export const FOLLOW_UP_CHANNEL = [0.35, 0.5, 0.15];
