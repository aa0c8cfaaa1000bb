// The generator's randomness: a small seeded PRNG (sfc32, seeded through
// splitmix32) and the distributions the model draws from. No Math.random.

function splitmix32(state: number): () => number {
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number, stream: number) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    const sm = splitmix32(lo ^ Math.imul(hi, 0x27d4eb2f) ^ Math.imul(stream + 1, 0x165667b1));
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
    for (let i = 0; i < 15; i++) this.next();
  }
  /** uniform in [0, 1) (sfc32) */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  private spare = NaN;
  /** standard normal (Box-Muller; the second value of each pair is kept for the next call) */
  normal(): number {
    const spare = this.spare;
    if (spare === spare) {
      this.spare = NaN;
      return spare;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.next()));
    const phi = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(phi);
    return r * Math.cos(phi);
  }
  /** log-normal with the given median */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
  poisson(lambda: number): number {
    const limit = Math.exp(-lambda);
    let k = 0,
      p = this.next();
    while (p > limit && k < 1000) {
      k++;
      p *= this.next();
    }
    return k;
  }
  /** index drawn with probability proportional to weights[i] */
  weighted(weights: ArrayLike<number>, total?: number): number {
    return this.weightedRange(weights, 0, weights.length, total);
  }
  /** like weighted, over weights[from, from + n), returning an index in [0, n) */
  weightedRange(weights: ArrayLike<number>, from: number, n: number, total?: number): number {
    let sum = total;
    if (sum === undefined) {
      sum = 0;
      for (let i = 0; i < n; i++) sum += weights[from + i];
    }
    let x = this.next() * sum;
    for (let i = 0; i < n; i++) {
      x -= weights[from + i];
      if (x < 0) return i;
    }
    for (let i = n - 1; i >= 0; i--) if (weights[from + i] > 0) return i;
    return 0;
  }
}

// Independent streams, so e.g. the arrival times do not shift when the per-lead model changes.
export const STREAM = { setup: 1, arrivals: 2, leads: 3, output: 4 } as const;
