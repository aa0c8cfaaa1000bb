// The playground's simulation loop: one generated quarter of inbound leads,
// prepared once per field declarations (the expensive part: validation,
// sorting, columns) and replayed on every valid edit (the cheap part).
// A spec the inbound model does not fit (other fields, people or events: a
// pasted spec rather than an edit of the example) gets a quarter generated
// for it instead (generate/spec.ts), so its report is not "Breaches 0" on data
// that has nothing to do with it; that data depends on the whole spec, so it is
// made again when the spec changes (and cached like the rest).
// No DOM, no Monaco: it runs under vitest in Node as well.

import type { FieldValue, SlaEvent } from "../../engine/events.ts";
import { jsonReader } from "../../engine/ingest/values.ts";
import { fieldsSignature, prepareDecoded, replayPrepared } from "../../engine/prepared.ts";
import { Failure } from "../../engine/problems.ts";
import type { SimReport } from "../../engine/result.ts";
import { type GeneratorOptions, generateEventObjects } from "../../generate/index.ts";
import { fitsSketchModel, generateSpecEventObjects } from "../../generate/spec.ts";
import type { IR, IRFieldType } from "../../language/ir.ts";
import type { DataSource, PreparedForRun } from "./worker/data-source.ts";
import type { DataInfo } from "./worker/protocol.ts";

/** The quarter every edit is replayed against: fixed seed, so runs are comparable. */
export const PLAYGROUND_DATA: Partial<GeneratorOptions> = Object.freeze({
  seed: 42,
  leads: 1500,
  start: "2027-01-01",
  months: 3,
});

export interface SimRun {
  report: SimReport;
  /** which data was replayed: the inbound model's quarter, or one generated for this spec */
  data: "inbound" | "spec";
  /** replay time, ms */
  replayMs: number;
  /** time spent generating and preparing in this run (0 when the cache was hit), ms */
  prepareMs: number;
  /** whether this run had to (re)prepare the events for new field declarations */
  prepared: boolean;
  /** field values the SLA does not declare (or declares with another type), left out of the replay */
  droppedValues: number;
  droppedFields: string[];
}

export const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/** Prepared events by key, most recently used last; a small LRU (Map keeps insertion order). */
export class PreparedCache {
  private map = new Map<string, PreparedForRun>();
  constructor(private readonly size = 4) {}

  get(key: string): PreparedForRun | undefined {
    const p = this.map.get(key);
    if (p !== undefined) {
      this.map.delete(key);
      this.map.set(key, p);
    }
    return p;
  }

  set(key: string, p: PreparedForRun): void {
    this.map.set(key, p);
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
  }

  clear(): void {
    this.map.clear();
  }

  get count(): number {
    return this.map.size;
  }
}

/**
 * The generated quarter: the inbound model's (one set of events, adapted to
 * each SLA's field declarations), or, for a spec that model does not fit, a
 * quarter generated for the spec itself.
 */
export class GeneratedSource implements DataSource {
  private events: SlaEvent[] | null = null;

  constructor(private readonly data: Partial<GeneratorOptions> = PLAYGROUND_DATA) {}

  info(ir: IR | null): DataInfo {
    const seed = this.data.seed ?? 42;
    return ir === null || fitsSketchModel(ir)
      ? { kind: "generated", label: `a generated quarter of inbound leads (seed ${seed})` }
      : { kind: "generated", label: `a quarter generated for this SLA (seed ${seed})` };
  }

  /** which generated data serves `ir` */
  which(ir: IR): "inbound" | "spec" {
    return fitsSketchModel(ir) ? "inbound" : "spec";
  }

  key(ir: IR): string {
    return this.which(ir) === "inbound" ? `inbound:${fieldsSignature(ir.fields)}` : `spec:${JSON.stringify(ir)}`;
  }

  /** The inbound model's events (generated on first use). */
  source(): SlaEvent[] {
    return (this.events ??= [...generateEventObjects(this.data)]);
  }

  prepare(ir: IR): PreparedForRun {
    const { seed, leads, months } = this.data;
    const raw = this.which(ir) === "inbound" ? this.source() : generateSpecEventObjects(ir, { seed, leads, months });
    const adapted = adaptEvents(raw, ir.fields);
    const file = "generated quarter";
    return {
      key: this.key(ir),
      events: prepareDecoded(ir, adapted.events, { file, lenient: true }),
      *list() {
        let line = 0;
        for (const event of adapted.events) yield { event, file, line: ++line };
      },
      droppedValues: adapted.droppedValues,
      droppedFields: adapted.droppedFields,
      amend: (report) => report,
    };
  }
}

/** The generated quarter, prepared once per key and replayed at once (the Node-side loop; the worker chunks it). */
export class Simulator {
  private readonly generated: GeneratedSource;
  private readonly cache: PreparedCache;

  constructor(data: Partial<GeneratorOptions> = PLAYGROUND_DATA, cacheSize = 4) {
    this.generated = new GeneratedSource(data);
    this.cache = new PreparedCache(cacheSize);
  }

  /** The generated events (generated on first use). */
  source(): SlaEvent[] {
    return this.generated.source();
  }

  /** Replays the quarter against `ir`; prepares first when its field declarations (or, for a spec
   *  the inbound model does not fit, the spec) are new. */
  run(ir: IR): SimRun {
    const t0 = now();
    const key = this.generated.key(ir);
    let p = this.cache.get(key);
    const prepared = p === undefined;
    if (p === undefined) {
      p = this.generated.prepare(ir);
      this.cache.set(key, p);
    }
    const t1 = now();
    const report = p.amend(replayPrepared(ir, p.events));
    const t2 = now();
    return {
      report,
      data: this.generated.which(ir),
      replayMs: t2 - t1,
      prepareMs: prepared ? t1 - t0 : 0,
      prepared,
      droppedValues: p.droppedValues,
      droppedFields: p.droppedFields,
    };
  }

  get cachedSignatures(): number {
    return this.cache.count;
  }
}

/**
 * The generated events carry the sketch's fields (source, employees, title,
 * country, score, status). An edited SLA may declare other fields or types, so
 * each field value goes through the same reader as JSONL ingest and is left
 * out when the SLA does not declare it or declares another type: the replay
 * then sees those fields as unset, as it would for a CRM export without them.
 */
export function adaptEvents(
  events: readonly SlaEvent[],
  fields: Record<string, IRFieldType>,
): { events: SlaEvent[]; droppedValues: number; droppedFields: string[] } {
  const readers = new Map(Object.entries(fields).map(([name, t]) => [name, jsonReader(t)]));
  const dropped = new Set<string>();
  let droppedValues = 0;
  const out = events.map((e): SlaEvent => {
    if (e.type !== "lead.created" && e.type !== "lead.updated") return e;
    const src = (e as { fields: Record<string, FieldValue> }).fields;
    const kept: Record<string, FieldValue> = {};
    for (const name in src) {
      const read = readers.get(name);
      const v = read ? read(src[name]) : undefined;
      if (read === undefined || v instanceof Failure) {
        dropped.add(name);
        droppedValues++;
      } else if (name === "__proto__")
        Object.defineProperty(kept, name, { value: v, enumerable: true, writable: true, configurable: true });
      else kept[name] = v as FieldValue;
    }
    return { ...e, fields: kept } as SlaEvent;
  });
  return { events: out, droppedValues, droppedFields: [...dropped].sort() };
}
