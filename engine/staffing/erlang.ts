// Erlang C: the M/M/c queue (Poisson arrivals at rate λ, exponential handling
// times with mean 1/μ, c reps, first come first served). Browser-safe.
//
//   offered load   a = λ / μ (in reps' worth of work); stable only when a < c
//   P(wait > 0)    C(c, a) = (a^c / c!) · c/(c − a) / (Σ_{k<c} a^k/k! + (a^c / c!) · c/(c − a))
//   P(wait ≤ t)    1 − C(c, a) · e^(−(cμ − λ) t)
//
// C is computed through the Erlang B recursion B(0) = 1,
// B(k) = a·B(k−1) / (k + a·B(k−1)), C = c·B / (c − a·(1 − B)): the same
// number without factorials, exact enough for thousands of reps.

/** Erlang B: the share of arrivals blocked with c servers and no queue. */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: the probability that an arrival waits at all (1 when the queue is unstable, a ≥ c). */
export function erlangC(c: number, a: number): number {
  if (a <= 0) return 0;
  if (c <= 0 || a >= c) return 1;
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

/**
 * P(wait ≤ t) in an M/M/c queue: λ arrivals and μ completions per rep per unit
 * of time, t in the same unit. 0 when the queue is unstable (λ ≥ cμ: the wait
 * grows without bound) or t < 0.
 */
export function waitWithin(c: number, lambda: number, mu: number, t: number): number {
  if (t < 0) return 0;
  if (lambda <= 0) return 1;
  const a = lambda / mu;
  if (c <= 0 || a >= c) return 0;
  return 1 - erlangC(c, a) * Math.exp(-(c * mu - lambda) * t);
}

/** Mean wait in an M/M/c queue (Infinity when unstable): C(c, a) / (cμ − λ). */
export function meanWait(c: number, lambda: number, mu: number): number {
  if (lambda <= 0) return 0;
  const a = lambda / mu;
  if (c <= 0 || a >= c) return Infinity;
  return erlangC(c, a) / (c * mu - lambda);
}
