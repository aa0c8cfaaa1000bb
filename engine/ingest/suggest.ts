// "Did you mean ...?" for names and values typed by people.

/** Optimal-string-alignment edit distance (a swap of neighbours counts 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

/**
 * The candidate closest to `input`, ignoring case, or null when nothing is
 * close enough to be a plausible typo (about a third of the letters may differ).
 */
export function closest(input: string, candidates: Iterable<string>): string | null {
  const lower = input.toLowerCase();
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  if (best === null) return null;
  const limit = Math.max(1, Math.floor(Math.max(input.length, best.length) / 3));
  return bestD <= limit ? best : null;
}

/** ` (did you mean "x"?)` or "". */
export function didYouMean(input: string, candidates: Iterable<string>, what = ""): string {
  const c = closest(input, candidates);
  return c === null ? "" : ` (did you mean ${what}${JSON.stringify(c)}?)`;
}

/** `"a", "b", "c"` */
export function quoteList(values: Iterable<string>): string {
  return Array.from(values, (v) => JSON.stringify(v)).join(", ");
}

/** A short rendering of a JSON value for an error message. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
