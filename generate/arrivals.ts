// When leads arrive: an intensity per UTC hour (seven countries' local form-fill
// curves with day-to-day noise, plus bursts after the weekly webinar), and the
// exact number of sorted arrival times drawn from it.
import { COUNTRIES, HOURLY, WEBINAR_BURST, WEBINAR_HOUR, WEBINAR_WEEKDAY, WEEKDAY } from "./model.ts";
import { type ResolvedOptions, SOURCES } from "./options.ts";
import { Rng, STREAM } from "./random.ts";
import { DAY, HOUR, SECOND, type WorkTime } from "./work-time.ts";

export interface Intensity {
  /** number of hour slots in the period */
  slots: number;
  /** weight of each country in each slot: slotCountry[slot * COUNTRIES.length + c] */
  slotCountry: Float64Array;
  /** form-fill weight of each slot */
  slotBase: Float64Array;
  /** webinar-burst weight of each slot */
  slotBurst: Float64Array;
  totalWeight: number;
  /** source probabilities outside the webinar bursts, in SOURCES order */
  baseMix: number[];
}

/** The arrival intensity of the period (draws day noise and webinar sizes from `setup`). */
export function arrivalIntensity(o: ResolvedOptions, work: WorkTime, setup: Rng): Intensity {
  const { startMs, endMs } = o;
  const nC = COUNTRIES.length;
  const shareTotal = COUNTRIES.reduce((s, c) => s + c.share, 0);
  const slots = Math.max(1, Math.ceil((endMs - startMs) / HOUR));
  const slotCountry = new Float64Array(slots * nC);
  const slotBase = new Float64Array(slots);
  const slotBurst = new Float64Array(slots);
  const dayNoise = new Map<number, number>();
  let baseTotal = 0;
  for (let j = 0; j < slots; j++) {
    const t = startMs + j * HOUR;
    const len = Math.min(HOUR, endMs - t) / HOUR;
    const utcDay = Math.floor(t / DAY);
    let noise = dayNoise.get(utcDay);
    if (noise === undefined) {
      noise = setup.logNormal(1, 0.2);
      dayNoise.set(utcDay, noise);
    }
    let sum = 0;
    for (let c = 0; c < nC; c++) {
      const local = t + COUNTRIES[c].utcOffsetHours * HOUR;
      const ld = Math.floor(local / DAY);
      const w =
        (COUNTRIES[c].share / shareTotal) *
        HOURLY[Math.floor((local - ld * DAY) / HOUR)] *
        WEEKDAY[(ld + 4) % 7] *
        noise *
        len;
      slotCountry[j * nC + c] = w;
      sum += w;
    }
    slotBase[j] = sum;
    baseTotal += sum;
  }
  const mixTotal = SOURCES.reduce((s, k) => s + o.sourceMix[k], 0);
  const mix = SOURCES.map((k) => o.sourceMix[k] / mixTotal);
  const webinarIdx = SOURCES.indexOf("webinar");
  // A third of webinar leads arrive in bursts after the weekly webinar.
  const webinarDays: number[] = [];
  for (let day = Math.floor(work.wallOf(startMs) / DAY); work.utcOf(day * DAY) < endMs; day++) {
    if ((day + 4) % 7 === WEBINAR_WEEKDAY && work.isWorkDay(day)) webinarDays.push(day);
  }
  const burstShare = webinarDays.length ? mix[webinarIdx] / 3 : 0;
  if (burstShare > 0) {
    const sizes = webinarDays.map(() => setup.logNormal(1, 0.4));
    const sizeTotal = sizes.reduce((a, b) => a + b, 0);
    const burstTotal = (baseTotal * burstShare) / (1 - burstShare);
    webinarDays.forEach((day, i) => {
      for (const [h, share] of WEBINAR_BURST) {
        const t = work.utcOf(day * DAY + (WEBINAR_HOUR + h) * HOUR);
        const j = Math.floor((t - startMs) / HOUR);
        if (j >= 0 && j < slots) slotBurst[j] += burstTotal * (sizes[i] / sizeTotal) * share;
      }
    });
  }
  const baseMix = mix.map((p, i) => (i === webinarIdx ? p - burstShare : p) / (1 - burstShare));
  let totalWeight = 0;
  for (let j = 0; j < slots; j++) totalWeight += slotBase[j] + slotBurst[j];
  return { slots, slotCountry, slotBase, slotBurst, totalWeight, baseMix };
}

export interface Arrival {
  /** lead number, 1..N */
  k: number;
  /** creation time, whole seconds */
  t0: number;
  /** the hour slot t0 falls in */
  slot: number;
}

/** The N arrival times in order: U_(k) = S_k / S_(N+1) with S partial sums of exponentials,
 *  mapped through the inverse of the cumulative intensity. Pass 1 sums, pass 2 replays. */
export function* arrivalTimes(o: ResolvedOptions, intensity: Intensity): Generator<Arrival> {
  const { startMs, endMs } = o;
  const { slots, slotBase, slotBurst, totalWeight } = intensity;
  const N = o.leads;
  let expTotal = 0;
  {
    const a = new Rng(o.seed, STREAM.arrivals);
    for (let k = 0; k <= N; k++) expTotal += -Math.log(1 - a.next());
  }
  const arrivals = new Rng(o.seed, STREAM.arrivals);
  let expSum = 0;
  let slot = 0;
  let cumBefore = 0; // cumulative weight before `slot`
  let floor = startMs; // arrival times never go back

  for (let k = 1; k <= N; k++) {
    expSum += -Math.log(1 - arrivals.next());
    const target = totalWeight * (expSum / expTotal);
    while (slot < slots - 1 && cumBefore + slotBase[slot] + slotBurst[slot] <= target) {
      cumBefore += slotBase[slot] + slotBurst[slot];
      slot++;
    }
    const w = slotBase[slot] + slotBurst[slot];
    const slotStart = startMs + slot * HOUR;
    const frac = w > 0 ? Math.min(1, Math.max(0, (target - cumBefore) / w)) : 0;
    let t0 = Math.floor((slotStart + frac * Math.min(HOUR, endMs - slotStart)) / SECOND) * SECOND;
    if (t0 < floor) t0 = floor;
    if (t0 >= endMs) t0 = Math.floor((endMs - 1) / SECOND) * SECOND;
    floor = t0;
    yield { k, t0, slot };
  }
}
