// What the ingest layer read but the SLA does not use: undeclared fields,
// properties an event's type does not have, and enum values the SLA does not
// list. Tolerant ingest keeps going past them (they are data the SLA does not
// use, not errors) and counts them here by name, so the report can say so.
// Counted per event that carried them; an event later rejected is not counted.

/** Plain-data form (the prepared cache stores it). Arrays of pairs: names are user text. */
export interface TallyData {
  fields: [string, number][];
  properties: [string, number][];
  /** field -> [value, events][] */
  unlisted: [string, [string, number][]][];
}

function bump(m: Map<string, number>, k: string, by = 1): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

export class IngestTally {
  /** undeclared field -> events carrying it */
  readonly fields = new Map<string, number>();
  /** property the event's type does not have -> events carrying it */
  readonly properties = new Map<string, number>();
  /** enum field -> value the SLA does not list -> events carrying it */
  readonly unlisted = new Map<string, Map<string, number>>();

  field(name: string): void {
    bump(this.fields, name);
  }
  property(name: string): void {
    bump(this.properties, name);
  }
  unlistedValue(field: string, value: string): void {
    let m = this.unlisted.get(field);
    if (!m) this.unlisted.set(field, (m = new Map()));
    bump(m, value);
  }

  get empty(): boolean {
    return this.fields.size === 0 && this.properties.size === 0 && this.unlisted.size === 0;
  }

  /** Adds another tally's counts (e.g. a prepared form's into a report's). */
  add(o: IngestTally): void {
    for (const [k, n] of o.fields) bump(this.fields, k, n);
    for (const [k, n] of o.properties) bump(this.properties, k, n);
    for (const [f, vs] of o.unlisted) {
      let m = this.unlisted.get(f);
      if (!m) this.unlisted.set(f, (m = new Map()));
      for (const [v, n] of vs) bump(m, v, n);
    }
  }

  toData(): TallyData {
    return {
      fields: [...this.fields],
      properties: [...this.properties],
      unlisted: [...this.unlisted].map(([f, m]) => [f, [...m]]),
    };
  }

  static fromData(d: TallyData): IngestTally {
    const t = new IngestTally();
    for (const [k, n] of d.fields) t.fields.set(k, n);
    for (const [k, n] of d.properties) t.properties.set(k, n);
    for (const [f, vs] of d.unlisted) t.unlisted.set(f, new Map(vs));
    return t;
  }

  /** Why `d` (read from a file) is not tally data, or null. */
  static dataProblem(d: unknown): string | null {
    const pairs = (x: unknown): boolean =>
      Array.isArray(x) &&
      x.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === "string" && Number.isSafeInteger(p[1]));
    if (typeof d !== "object" || d === null) return "ignored counts are not an object";
    const o = d as Record<string, unknown>;
    if (!pairs(o.fields) || !pairs(o.properties) || !Array.isArray(o.unlisted)) return "ignored counts are malformed";
    for (const e of o.unlisted as unknown[])
      if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== "string" || !pairs(e[1]))
        return "ignored counts are malformed";
    return null;
  }
}
