// The prepared form of an event history: parsed once, validated, sorted into
// replay order, de-duplicated and stored in columns (typed arrays + string
// tables). Replaying it skips JSON parsing, decoding, sorting and lead-id
// hashing, which is what makes the edit-and-replay loop fast (sla simulate
// --cache, sla diff, the playground). It can be serialized to bytes and
// cached next to the events.
import type { IR, IRFieldType } from "../language/ir.ts";
import { assertNever } from "./assert-never.ts";
import { xxh32 } from "./checksum.ts";
import { dataFit, ignoredData, namedEventTypes } from "./data-fit.ts";
import type { FieldValue, SlaEvent } from "./events.ts";
import { makeEventDecoder } from "./ingest/decode.ts";
import type { Rejected } from "./ingest/errors.ts";
import { decodeLine } from "./ingest/jsonl.ts";
import { LineSplitter } from "./ingest/lines.ts";
import { IngestTally, type TallyData } from "./ingest/tally.ts";
import { compareContent, compareIds, conflictMessage, precedesCreation, typeRank } from "./order.ts";
import { type EvCode, Failure, IngestError, type Result } from "./problems.ts";
import { ReportBuilder } from "./report.ts";
import type { SimReport } from "./result.ts";
import { type LeadState, Runtime, unknownLead } from "./runtime.ts";

const T_CREATED = 0;
const T_UPDATED = 1;
const T_ASSIGNED = 2;
const T_TOUCH = 3;
const T_AWAY = 4;
const T_CUSTOM = 5;
const NONE = 0xffffffff;

/**
 * Format version of serialize(); 2 added the length and the checksum; 3 a
 * touch's `by` (in `name`) and `channel` (a column of its own); 4 the ignored
 * counts (meta.ingest) and meta.strictFields; 5 meta.unattached (custom events
 * for a lead not yet created: ignored or rejected depending on the rules).
 */
export const PREPARED_VERSION = 5;

/** A custom event the prepared form could not attach to a lead, with the row it is if the SLA names its type. */
export interface UnattachedEvent extends Rejected {
  name: string;
}

export interface PreparedMeta {
  version: number;
  /** which field declarations the values were validated against */
  fieldsSignature: string;
  duplicates: number;
  rejected: Rejected[];
  /** what tolerant decoding skipped: undeclared fields, extra properties, unlisted enum values */
  ingest: TallyData;
  /** prepared with --strict-fields (those are then rejected rows; unnamed custom types are replayed) */
  strictFields: boolean;
  /**
   * Custom events for a lead not created before them: ignored when no rule
   * names their type, else rejected rows (preparedRejections), per SLA.
   */
  unattached: UnattachedEvent[];
  /** free-form: e.g. the source file's size and mtime, for cache checks */
  source: Record<string, string | number>;
}

/** Columns are in replay order. */
export class PreparedEvents {
  constructor(
    readonly n: number,
    readonly at: Float64Array,
    readonly kind: Uint8Array,
    /** lead index (created order), or NONE */
    readonly lead: Uint32Array,
    /** name index: owner (created/assigned), rep (away), custom type (custom), by (touch); NONE when absent */
    readonly name: Uint32Array,
    /** touch: name index of its channel; NONE when absent (and for every other kind) */
    readonly channel: Uint32Array,
    /** rep.away: until */
    readonly until: Float64Array,
    /** field updates of event i are fieldKey/fieldValue[fieldStart[i] .. fieldStart[i+1]) */
    readonly fieldStart: Uint32Array,
    readonly fieldKey: Uint16Array,
    readonly fieldValue: FieldValue[],
    readonly fieldNames: string[],
    readonly leadIds: string[],
    readonly names: string[],
    readonly meta: PreparedMeta,
  ) {}

  get from(): number | null {
    return this.n ? this.at[0] : null;
  }
  get to(): number | null {
    return this.n ? this.at[this.n - 1] : null;
  }

  /**
   * Bytes (all integers little-endian), every part padded to 8 bytes:
   *   0  "SLAP"                 magic
   *   4  u32 format version     PREPARED_VERSION
   *   8  u32 + u32              total length in bytes (low, high)
   *  16  u32 checksum           XXH32 of bytes [20, length)
   *  20  u32 header length      then the JSON header (counts, strings, meta)
   *      the columns: at, until, lead, name, channel, fieldStart, fieldKey, kind
   */
  serialize(): Uint8Array {
    const header = new TextEncoder().encode(
      JSON.stringify({
        n: this.n,
        nFields: this.fieldKey.length,
        fieldValue: this.fieldValue,
        fieldNames: this.fieldNames,
        leadIds: this.leadIds,
        names: this.names,
        meta: this.meta,
      }),
    );
    const parts: ArrayBufferView[] = [
      this.at,
      this.until,
      this.lead,
      this.name,
      this.channel,
      this.fieldStart,
      this.fieldKey,
      this.kind,
    ];
    let size = pad8(HEADER_AT + header.length);
    for (const p of parts) size = pad8(size + p.byteLength);
    const out = new Uint8Array(size);
    const dv = new DataView(out.buffer);
    out.set(MAGIC);
    dv.setUint32(4, PREPARED_VERSION, true);
    dv.setUint32(8, size % 2 ** 32, true);
    dv.setUint32(12, Math.floor(size / 2 ** 32), true);
    dv.setUint32(20, header.length, true);
    out.set(header, HEADER_AT);
    let off = pad8(HEADER_AT + header.length);
    for (const p of parts) {
      out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), off);
      off = pad8(off + p.byteLength);
    }
    dv.setUint32(16, xxh32(out.subarray(CHECKED_FROM)), true);
    return out;
  }

  /**
   * The prepared form stored by serialize(). Throws PreparedFormatError when
   * the bytes do not verify: another format or version, truncated or extended,
   * a checksum mismatch (bit flips, zeroed blocks), or contents that do not
   * hang together (indexes out of range, times out of order). Never returns a
   * damaged form.
   */
  static deserialize(bytes: Uint8Array): PreparedEvents {
    const bad = (reason: string): never => {
      throw new PreparedFormatError(reason);
    };
    if (bytes.length < HEADER_AT || !MAGIC.every((b, i) => bytes[i] === b)) bad("not a prepared-events file");
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const version = dv.getUint32(4, true);
    if (version !== PREPARED_VERSION) bad(`format version ${version} (this slacode reads version ${PREPARED_VERSION})`);
    const length = dv.getUint32(8, true) + dv.getUint32(12, true) * 2 ** 32;
    if (bytes.length < length) bad(`truncated: ${bytes.length} of ${length} bytes`);
    if (bytes.length > length) bad(`${bytes.length - length} bytes more than its recorded length`);
    if (xxh32(bytes.subarray(CHECKED_FROM)) !== dv.getUint32(16, true)) bad("checksum mismatch (the file is damaged)");
    const hlen = dv.getUint32(20, true);
    if (HEADER_AT + hlen > length) bad("header longer than the file");
    let h: SerializedHeader;
    try {
      h = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(HEADER_AT, HEADER_AT + hlen)));
    } catch {
      return bad("unreadable header");
    }
    const problem = headerProblem(h);
    if (problem) bad(problem);
    const n = h.n;
    let off = pad8(HEADER_AT + hlen);
    const sizes = [8 * n, 8 * n, 4 * n, 4 * n, 4 * n, 4 * (n + 1), 2 * h.nFields, n];
    if (sizes.reduce((end, s) => pad8(end + s), off) !== length) bad("columns do not add up to the file's length");
    // Copy into fresh, aligned buffers (the input may be a Node Buffer slice).
    const take = <T>(ctor: { new (len: number): T; BYTES_PER_ELEMENT: number }, len: number): T => {
      const bytesLen = len * ctor.BYTES_PER_ELEMENT;
      const arr = new ctor(len);
      new Uint8Array((arr as unknown as ArrayBufferView).buffer).set(bytes.subarray(off, off + bytesLen));
      off = pad8(off + bytesLen);
      return arr;
    };
    const at = take(Float64Array, n);
    const until = take(Float64Array, n);
    const lead = take(Uint32Array, n);
    const name = take(Uint32Array, n);
    const channel = take(Uint32Array, n);
    const fieldStart = take(Uint32Array, n + 1);
    const fieldKey = take(Uint16Array, h.nFields);
    const kind = take(Uint8Array, n);
    const p = new PreparedEvents(
      n,
      at,
      kind,
      lead,
      name,
      channel,
      until,
      fieldStart,
      fieldKey,
      h.fieldValue,
      h.fieldNames,
      h.leadIds,
      h.names,
      h.meta,
    );
    const inconsistent = columnsProblem(p);
    if (inconsistent) bad(inconsistent);
    return p;
  }
}

/** A serialized prepared form that does not verify; the message says why. */
export class PreparedFormatError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "PreparedFormatError";
  }
}

const MAGIC = [0x53, 0x4c, 0x41, 0x50]; // "SLAP"
const CHECKED_FROM = 20;
const HEADER_AT = 24;
const pad8 = (x: number) => (x + 7) & ~7;

interface SerializedHeader {
  n: number;
  nFields: number;
  fieldValue: FieldValue[];
  fieldNames: string[];
  leadIds: string[];
  names: string[];
  meta: PreparedMeta;
}

const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === "string");

/** Why a parsed header cannot be a prepared form's, or null. */
function headerProblem(h: SerializedHeader): string | null {
  if (typeof h !== "object" || h === null) return "header is not an object";
  if (!isCount(h.n) || !isCount(h.nFields)) return "header counts are not counts";
  if (!Array.isArray(h.fieldValue) || h.fieldValue.length !== h.nFields) return "field values do not match their count";
  for (const v of h.fieldValue)
    if (v !== null && typeof v !== "string" && typeof v !== "boolean" && !(typeof v === "number" && Number.isFinite(v)))
      return "a field value of an unknown type";
  if (!isStrings(h.fieldNames) || !isStrings(h.leadIds) || !isStrings(h.names)) return "string tables are malformed";
  const m = h.meta;
  if (typeof m !== "object" || m === null || typeof m.fieldsSignature !== "string" || !isCount(m.duplicates))
    return "meta is malformed";
  if (!Array.isArray(m.rejected) || typeof m.source !== "object" || m.source === null) return "meta is malformed";
  if (typeof m.strictFields !== "boolean" || !Array.isArray(m.unattached)) return "meta is malformed";
  for (const u of m.unattached)
    if (
      typeof u !== "object" ||
      u === null ||
      typeof u.name !== "string" ||
      typeof u.file !== "string" ||
      !isCount(u.line) ||
      typeof u.reason !== "string"
    )
      return "an unattached-event entry is malformed";
  const tally = IngestTally.dataProblem(m.ingest);
  if (tally) return tally;
  for (const r of m.rejected)
    if (
      typeof r !== "object" ||
      r === null ||
      typeof r.file !== "string" ||
      !isCount(r.line) ||
      typeof r.reason !== "string"
    )
      return "a rejected-row entry is malformed";
  return null;
}

/** Why the columns cannot be replayed (an index out of range, times out of order), or null. */
function columnsProblem(p: PreparedEvents): string | null {
  const { n, at, kind, lead, name, channel, until, fieldStart, fieldKey } = p;
  const leads = p.leadIds.length;
  const names = p.names.length;
  const fields = p.fieldNames.length;
  if (fieldStart[0] !== 0 || fieldStart[n] !== fieldKey.length) return "field ranges do not cover the field values";
  for (let j = 0; j < fieldKey.length; j++) if (fieldKey[j] >= fields) return "a field index out of range";
  let prev = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = at[i];
    if (!(t >= prev) || !Number.isFinite(t)) return "event times out of order";
    prev = t;
    if (fieldStart[i + 1] < fieldStart[i]) return "field ranges out of order";
    const k = kind[i];
    if (k > T_CUSTOM) return "an unknown event kind";
    if (k === T_AWAY) {
      if (name[i] >= names || !Number.isFinite(until[i])) return "a rep.away without a rep or an end";
    } else {
      if (lead[i] >= leads) return "a lead index out of range";
      if (name[i] !== NONE && name[i] >= names) return "a name index out of range";
      if ((k === T_ASSIGNED || k === T_CUSTOM) && name[i] === NONE) return "an event without its name";
    }
    if (channel[i] !== NONE && (k !== T_TOUCH || channel[i] >= names)) return "a channel index out of range";
    if (k !== T_CREATED && k !== T_UPDATED && fieldStart[i + 1] !== fieldStart[i])
      return "field values on an event that has none";
  }
  return null;
}

/** The field declarations a prepared form was validated against. */
export function fieldsSignature(fields: Record<string, IRFieldType>): string {
  return JSON.stringify(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface PrepareOptions {
  file: string;
  lenient?: boolean;
  /** the readers' strict mode (see SimulateOptions.strictFields) */
  strictFields?: boolean;
  source?: Record<string, string | number>;
}

/** Parse, validate, sort and de-duplicate JSONL events into the prepared form. */
export async function prepareEvents(
  ir: Pick<IR, "fields">,
  chunks: AsyncIterable<string> | Iterable<string>,
  opts: PrepareOptions,
): Promise<PreparedEvents> {
  const b = new Builder(ir, opts);
  const splitter = new LineSplitter();
  const onLine = (text: Result<string>, line: number) => b.line(text, line);
  for await (const chunk of chunks) splitter.feed(chunk, onLine);
  splitter.finish(onLine);
  return b.finish();
}

/** Same, from events already decoded (e.g. CSV exports, the playground). */
export function prepareDecoded(
  ir: Pick<IR, "fields">,
  events: Iterable<SlaEvent>,
  opts: PrepareOptions,
): PreparedEvents {
  const b = new Builder(ir, opts);
  let i = 0;
  for (const e of events) b.event(e, ++i);
  return b.finish();
}

class Builder {
  private decode;
  private events: SlaEvent[] = [];
  private lines: number[] = [];
  private rejected: Rejected[] = [];
  private tally = new IngestTally();

  constructor(
    private ir: Pick<IR, "fields">,
    private opts: PrepareOptions,
  ) {
    this.decode = makeEventDecoder(ir, { strictFields: opts.strictFields, tally: this.tally });
  }

  private fail(line: number, f: Failure): void {
    if (!this.opts.lenient) throw new IngestError(f.code, this.opts.file, line, f.message);
    this.rejected.push({ code: f.code, file: this.opts.file, line, reason: f.message });
  }

  line(text: Result<string>, line: number): void {
    const r = decodeLine(this.decode, text);
    if (r instanceof Failure) this.fail(line, r);
    else if (r !== null) this.event(r, line);
  }

  event(e: SlaEvent, line: number): void {
    // Events that did not come through the decoder (prepareDecoded) may name
    // fields the SLA does not declare: refuse them rather than mis-store them.
    // Tolerant: such fields are left out and counted, as the decoder does.
    const fields = e.type === "lead.created" || e.type === "lead.updated" ? e.fields : null;
    let undeclared: string[] | null = null;
    if (fields)
      for (const f in fields)
        if (!Object.hasOwn(this.ir.fields, f)) {
          if (this.opts.strictFields) {
            this.fail(line, new Failure("EV108", `unknown field "${f}" (not declared in the SLA's fields)`));
            return;
          }
          (undeclared ??= []).push(f);
        }
    if (undeclared && (e.type === "lead.created" || e.type === "lead.updated")) {
      const kept: Record<string, FieldValue> = {};
      for (const f in e.fields)
        if (!undeclared.includes(f))
          Object.defineProperty(kept, f, { value: e.fields[f], enumerable: true, writable: true, configurable: true });
      for (const f of undeclared) this.tally.field(f);
      e = { ...e, fields: kept };
    }
    this.events.push(e);
    this.lines.push(line);
  }

  finish(): PreparedEvents {
    const evs = this.events;
    const order = Uint32Array.from(evs.keys());
    const ranks = Uint8Array.from(evs, (e) => typeRank(e.type));
    order.sort((x, y) => {
      const a = evs[x];
      const b = evs[y];
      return a.at - b.at || ranks[x] - ranks[y] || compareIds(a.id, b.id) || compareContent(a, b) || x - y;
    });
    const at: number[] = [];
    const kind: number[] = [];
    const lead: number[] = [];
    const name: number[] = [];
    const channel: number[] = [];
    const until: number[] = [];
    const fieldStart: number[] = [0];
    const fieldKey: number[] = [];
    const fieldValue: FieldValue[] = [];
    const fieldNames = Object.keys(this.ir.fields);
    const fieldIndex = new Map(fieldNames.map((f, i) => [f, i]));
    const leadIndex = new Map<string, number>();
    const leadIds: string[] = [];
    const nameIndex = new Map<string, number>();
    const names: string[] = [];
    const intern = (s: string | undefined) => {
      if (s === undefined) return NONE;
      let i = nameIndex.get(s);
      if (i === undefined) {
        nameIndex.set(s, (i = names.length));
        names.push(s);
      }
      return i;
    };
    let duplicates = 0;
    // lead -> its first lead.created in replay order (built on the first event for a lead not created yet)
    let creations: Map<string, number> | null = null;
    const unattached: UnattachedEvent[] = [];
    // ids replayed at the current instant -> index (as in order.ts: same id
    // and time is a duplicate when the content agrees, a conflict when not;
    // the sort put the survivor first whatever the input order)
    const seen = new Map<string, number>();
    let seenAt = NaN;
    for (const idx of order) {
      const e = evs[idx];
      if (e.at !== seenAt) {
        seen.clear();
        seenAt = e.at;
      } else {
        const prev = seen.get(e.id);
        if (prev !== undefined) {
          if (compareContent(evs[prev], e) === 0) duplicates++;
          else {
            const here = { event: e, file: this.opts.file, line: this.lines[idx] };
            const there = { event: evs[prev], file: this.opts.file, line: this.lines[prev] };
            this.fail(here.line, new Failure("EV203", conflictMessage(here, there)));
          }
          continue;
        }
      }
      seen.set(e.id, idx);
      let k: number;
      let li = NONE;
      let ni = NONE;
      let ci = NONE;
      let u = 0;
      if (e.type !== "lead.created" && e.type !== "rep.away") {
        li = leadIndex.get(e.lead) ?? NONE;
        if (li === NONE) {
          if (creations === null) {
            creations = new Map();
            for (const j of order) {
              const c = evs[j];
              if (c.type === "lead.created" && !creations.has(c.lead)) creations.set(c.lead, j);
            }
          }
          const later = creations.get(e.lead);
          const file = this.opts.file;
          const f =
            later === undefined
              ? unknownLead(e)
              : precedesCreation(e, file, { event: evs[later], file, line: this.lines[later] });
          // whether a custom event is data the SLA does not use depends on the
          // rules, not known here: the replay decides (ignored, or this row)
          if (e.type === "custom" && !this.opts.strictFields)
            unattached.push({ name: e.name, code: f.code, file, line: this.lines[idx], reason: f.message });
          else this.fail(this.lines[idx], f);
          continue;
        }
      }
      switch (e.type) {
        case "lead.created":
          k = T_CREATED;
          li = leadIndex.get(e.lead) ?? NONE;
          if (li === NONE) {
            leadIndex.set(e.lead, (li = leadIds.length));
            leadIds.push(e.lead);
          }
          ni = intern(e.owner);
          for (const f in e.fields) {
            fieldKey.push(fieldIndex.get(f)!);
            fieldValue.push(e.fields[f]);
          }
          break;
        case "rep.away":
          k = T_AWAY;
          ni = intern(e.rep);
          u = e.until;
          break;
        case "lead.updated":
          k = T_UPDATED;
          for (const f in e.fields) {
            fieldKey.push(fieldIndex.get(f)!);
            fieldValue.push(e.fields[f]);
          }
          break;
        case "lead.assigned":
          k = T_ASSIGNED;
          ni = intern(e.owner);
          break;
        case "touch":
          k = T_TOUCH;
          ni = intern(e.by);
          ci = intern(e.channel);
          break;
        case "custom":
          k = T_CUSTOM;
          ni = intern(e.name);
          break;
        default:
          return assertNever(e, "event");
      }
      at.push(e.at);
      kind.push(k);
      lead.push(li);
      name.push(ni);
      channel.push(ci);
      until.push(u);
      fieldStart.push(fieldKey.length);
    }
    this.events = [];
    return new PreparedEvents(
      at.length,
      Float64Array.from(at),
      Uint8Array.from(kind),
      Uint32Array.from(lead),
      Uint32Array.from(name),
      Uint32Array.from(channel),
      Float64Array.from(until),
      Uint32Array.from(fieldStart),
      Uint16Array.from(fieldKey),
      fieldValue,
      fieldNames,
      leadIds,
      names,
      {
        version: PREPARED_VERSION,
        fieldsSignature: fieldsSignature(this.ir.fields),
        duplicates,
        rejected: this.rejected.sort((a, b) => a.line - b.line),
        ingest: this.tally.toData(),
        strictFields: this.opts.strictFields === true,
        unattached,
        source: this.opts.source ?? {},
      },
    );
  }
}

/** Replay a prepared history. Same report as simulate() on the same events. */
export function replayPrepared(ir: IR, p: PreparedEvents, opts: { until?: number } = {}): SimReport {
  const steps = replayPreparedSteps(ir, p, opts, Number.POSITIVE_INFINITY);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same replay, pausing after every `every` events with the number of
 * events replayed so far: a caller (the playground's worker) can give its
 * event loop a turn between steps and drop a replay a newer edit made stale.
 */
export function* replayPreparedSteps(
  ir: IR,
  p: PreparedEvents,
  opts: { until?: number } = {},
  every = 65_536,
): Generator<number, SimReport, void> {
  if (p.meta.fieldsSignature !== fieldsSignature(ir.fields))
    throw new Error("the prepared events were validated against other field declarations; prepare them again");
  const report = new ReportBuilder(ir);
  const rt = new Runtime(ir, report);
  const leads: LeadState[] = new Array(p.leadIds.length);
  const { at, kind, lead, name, channel, until, fieldStart, fieldKey, fieldValue, fieldNames, leadIds, names } = p;
  // custom event types no rule names are data the SLA does not use (as in Simulation.apply)
  const ignoredName = ignoredNames(ir, p);
  const ignoredTypes = new Map<string, number>();
  const isIgnored = (i: number): boolean => kind[i] === T_CUSTOM && ignoredName[name[i]] === 1;
  let n = p.n;
  let afterUntil = 0;
  if (opts.until !== undefined) {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid] <= opts.until) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < n; i++)
      if (isIgnored(i)) ignoredTypes.set(names[name[i]], (ignoredTypes.get(names[name[i]]) ?? 0) + 1);
      else afterUntil++;
    n = lo;
  }
  let first = -1;
  let last = -1;
  let pause = every;
  for (let i = 0; i < n; i++) {
    if (i === pause) {
      yield i;
      pause += every;
    }
    const t = at[i];
    switch (kind[i]) {
      case T_CREATED: {
        const li = lead[i];
        const l = rt.createLeadState(leads[li], leadIds[li], t, name[i] === NONE ? undefined : names[name[i]]);
        leads[li] = l;
        rt.setFieldColumns(l, t, fieldNames, fieldKey, fieldValue, fieldStart[i], fieldStart[i + 1]);
        rt.finishCreate(l, t);
        break;
      }
      case T_UPDATED:
        rt.updateLeadColumns(leads[lead[i]], t, fieldNames, fieldKey, fieldValue, fieldStart[i], fieldStart[i + 1]);
        break;
      case T_ASSIGNED:
        rt.assignLead(leads[lead[i]], t, names[name[i]]);
        break;
      case T_TOUCH:
        rt.touchLead(
          leads[lead[i]],
          t,
          name[i] === NONE ? undefined : names[name[i]],
          channel[i] === NONE ? undefined : names[channel[i]],
        );
        break;
      case T_AWAY:
        rt.repAway(names[name[i]], t, until[i]);
        break;
      case T_CUSTOM:
        if (ignoredName[name[i]] === 1) {
          ignoredTypes.set(names[name[i]], (ignoredTypes.get(names[name[i]]) ?? 0) + 1);
          continue;
        }
        rt.customEvent(leads[lead[i]], names[name[i]], t);
        break;
      default:
        throw new Error(`prepared events: no event kind ${kind[i]}`);
    }
    if (first < 0) first = i;
    last = i;
  }
  const to = opts.until ?? (last >= 0 ? at[last] : null);
  if (to !== null) rt.advanceTo(to, true);
  const rejected = preparedRejections(ir, p, (u) => ignoredTypes.set(u.name, (ignoredTypes.get(u.name) ?? 0) + 1));
  const observed = {
    tally: IngestTally.fromData(p.meta.ingest),
    ignoredTypes,
    fieldsSet: fieldsSet(p, n),
    leads: rt.leadStates,
    touches: rt.touchStats,
  };
  const r = report.build(rt, {
    from: first >= 0 ? at[first] : null,
    to,
    duplicates: p.meta.duplicates,
    conflicts: p.meta.rejected.reduce((c, r) => c + (r.code === "EV203" ? 1 : 0), 0),
    ignoredAfterUntil: afterUntil,
    rejected,
    ignoredRows: new Map<EvCode, number>(),
    ignored: ignoredData(observed),
  });
  r.dataFit = dataFit(ir, r, observed);
  return r;
}

/**
 * The rows a replay of `p` against `ir` rejects: the prepared form's, and its
 * unattached custom events whose type a rule names (the others are data the
 * SLA does not use: told to `ignored`). A strict run stops at the first.
 */
export function preparedRejections(
  ir: Pick<IR, "obligations">,
  p: PreparedEvents,
  ignored: (u: UnattachedEvent) => void = () => {},
): Rejected[] {
  if (p.meta.unattached.length === 0) return p.meta.rejected;
  const named = namedEventTypes(ir);
  const out = [...p.meta.rejected];
  for (const u of p.meta.unattached) {
    if (!named.has(u.name)) ignored(u);
    else out.push({ code: u.code, file: u.file, line: u.line, reason: u.reason });
  }
  return out.sort((a, b) => a.line - b.line);
}

/** 1 at the index of each name that is a custom event type no rule names (none under --strict-fields). */
function ignoredNames(ir: IR, p: PreparedEvents): Uint8Array {
  const out = new Uint8Array(p.names.length);
  if (p.meta.strictFields) return out;
  const named = namedEventTypes(ir);
  const custom = new Uint8Array(p.names.length);
  for (let i = 0; i < p.n; i++) if (p.kind[i] === T_CUSTOM) custom[p.name[i]] = 1;
  for (let j = 0; j < p.names.length; j++) if (custom[j] === 1 && !named.has(p.names[j])) out[j] = 1;
  return out;
}

/** The declared fields set (not null) by the first `n` events. */
function fieldsSet(p: PreparedEvents, n: number): Set<string> {
  const seen = new Uint8Array(p.fieldNames.length);
  const end = p.fieldStart[n];
  for (let j = 0; j < end; j++) if (p.fieldValue[j] !== null) seen[p.fieldKey[j]] = 1;
  const out = new Set<string>();
  for (let k = 0; k < seen.length; k++) if (seen[k] === 1) out.add(p.fieldNames[k]);
  return out;
}
