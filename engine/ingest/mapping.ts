// CRM exports -> events. A leads CSV gives one lead.created per row (plus a
// lead.assigned when it names an owner); an activities CSV gives touches and
// custom events. Ids are deterministic (`leads.csv:17`), so re-reading the same
// export yields the same events. Output is in file order; the caller sorts.
import type { IR } from "../../language/ir.ts";
import type { FieldValue, LeadAssigned, LeadCreated, SlaEvent, Touch } from "../events.ts";
import { type EvCode, Failure, IngestError, type Result } from "../problems.ts";
import { readCsvTable } from "./csv.ts";
import { idProblem } from "./decode.ts";
import { type Rejected, reject } from "./errors.ts";
import {
  type ColumnRef,
  type FieldMap,
  type Mapping,
  type MatchMap,
  mappingError,
  type TimeMap,
} from "./mapping-load.ts";
import { closest, didYouMean, quoteList, show } from "./suggest.ts";
import { inSupportedRange, rangeProblem } from "./timestamp.ts";
import { cellReader } from "./values.ts";
import { makeDateReader, makeTimeReader } from "./zoned.ts";

export { loadMapping, type Mapping, mappingError } from "./mapping-load.ts";
export { PRESETS } from "./presets.ts";

export interface CsvStats {
  /** Data rows read (blank lines not counted). */
  rows: number;
  /** Events yielded. */
  events: number;
  /** Activity rows that are neither a touch nor a custom event (EV306). */
  ignored: number;
}

export interface CsvEventOptions {
  /** Name used in messages, Rejected records and (its last path segment) in event ids. */
  file: string;
  mapping: Mapping;
  ir: Pick<IR, "fields">;
  lenient: boolean;
  onReject?: (r: Rejected) => void;
  /** Told about each row read but deliberately not turned into events (EV306: no rule matches it). */
  onIgnore?: (code: EvCode) => void;
  /** Told the line of each row just before its events are yielded (to locate replay errors). */
  onRow?: (line: number) => void;
  /** Zone for timestamps without an offset when the mapping names none. */
  timezone?: string;
  /** Filled in as rows are read. */
  stats?: CsvStats;
}

type Chunks = AsyncIterable<string> | Iterable<string>;

/** A mapped column bound to a header: the trimmed cell of the first present alternative that has a value. */
interface Bound {
  /** The header names found, in order of preference. */
  names: string[];
  get: (cells: string[]) => string;
  /** For messages: `column "Lead ID"` or `columns "Lead ID", "Id"`. */
  label: string;
}

/** Finds mapped columns in a header: exact name first, then ignoring case. */
class Header {
  private exact = new Map<string, number>();
  private loose = new Map<string, number>();
  constructor(
    readonly names: string[],
    private readonly file: string,
    private readonly line: number,
  ) {
    names.forEach((n, i) => {
      if (!this.exact.has(n)) this.exact.set(n, i);
      const l = n.toLowerCase();
      if (!this.loose.has(l)) this.loose.set(l, i);
    });
  }

  /** A header name that looks like one of `wanted`: a near spelling, or one containing the other ("Created" / "Created Date"). */
  private nearest(wanted: string[]): string | null {
    for (const w of wanted) {
      const c = closest(w, this.names);
      if (c !== null) return c;
    }
    for (const w of wanted.map((x) => x.toLowerCase())) {
      const c = this.names.find((h) => {
        const l = h.toLowerCase();
        return Math.min(l.length, w.length) >= 4 && (l.includes(w) || w.includes(l));
      });
      if (c !== undefined) return c;
    }
    return null;
  }

  /** null when an optional column is absent; throws IngestError for a required one. */
  bind(ref: ColumnRef | null, what: string): Bound | null {
    if (ref === null) return null;
    const found: number[] = [];
    for (const n of ref.names) {
      const i = this.exact.get(n) ?? this.loose.get(n.toLowerCase());
      if (i !== undefined && !found.includes(i)) found.push(i);
    }
    if (found.length === 0) {
      if (!ref.required) return null;
      const wanted =
        ref.names.length === 1 ? `no column ${show(ref.names[0])}` : `none of the columns ${quoteList(ref.names)}`;
      const near = this.nearest(ref.names);
      const shown = this.names.length > 15 ? `${quoteList(this.names.slice(0, 15))}, ...` : quoteList(this.names);
      throw new IngestError(
        "EV304",
        this.file,
        this.line,
        `${wanted} for ${what} (mapping "${ref.where}")${near ? ` (did you mean ${show(near)}?)` : ""}; the header has ${shown}`,
      );
    }
    const names = found.map((i) => this.names[i]);
    const label = `${names.length === 1 ? "column" : "columns"} ${quoteList(names)}`;
    if (found.length === 1) {
      const i = found[0];
      return { names, label, get: (cells) => cells[i].trim() };
    }
    return {
      names,
      label,
      get: (cells) => {
        for (const i of found) {
          const v = cells[i].trim();
          if (v !== "") return v;
        }
        return "";
      },
    };
  }
}

function idTag(file: string): string {
  return file.slice(Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
}

/** Reads a time cell: a Failure when it is no time (EV106) or outside the supported years (EV107). */
function timeReader(time: TimeMap, opts: CsvEventOptions): (cell: string) => Result<number> {
  const read = makeTimeReader({ timezone: time.timezone ?? opts.timezone ?? null, timeFormats: time.timeFormats });
  return (cell) => {
    const t = read(cell);
    return t instanceof Failure || inSupportedRange(t)
      ? t
      : new Failure("EV107", `${show(cell.trim())} ${rangeProblem()}`);
  };
}

/** An id cell: "" when empty, EV112 when it is not valid UTF-8. */
function idCell(value: string, label: string): Result<string> {
  return idProblem(value, label) ?? value;
}

interface BoundField {
  name: string;
  get: (cells: string[]) => string;
  label: string;
  read: (cell: string) => Result<FieldValue>;
  hint: string;
}

/** The mapped fields the SLA declares, bound to header positions. */
function bindFields(fields: FieldMap[], header: Header, opts: CsvEventOptions, time: TimeMap): BoundField[] {
  const declared = new Map(Object.entries(opts.ir.fields));
  const date = makeDateReader(time.dateFormats);
  const out: BoundField[] = [];
  for (const f of fields) {
    const type = declared.get(f.field);
    if (type === undefined) {
      if (!f.column.required) continue; // a preset's conventional name this SLA doesn't use
      throw mappingError(
        `${opts.mapping.name}: "${f.column.where}": the SLA declares no field ${show(f.field)}${didYouMean(f.field, declared.keys())}`,
      );
    }
    const column = header.bind(f.column, `field ${show(f.field)}`);
    if (column === null) continue;
    const readCell = cellReader(type, { date });
    const read = f.values === null && f.other === undefined ? readCell : translated(f, readCell);
    const hint =
      type.type === "enum" && f.values === null ? ` (translate CRM values with "values" in the mapping)` : "";
    out.push({ name: f.field, get: column.get, label: column.label, read, hint });
  }
  return out;
}

/** A field's `values` table (exact, then ignoring case) and `other` applied before the type's reader. */
function translated(f: FieldMap, readCell: (cell: string) => Result<FieldValue>): (cell: string) => Result<FieldValue> {
  const exact = f.values ?? new Map<string, string | null>();
  const loose = new Map<string, string | null>();
  for (const [k, v] of exact) if (!loose.has(k.toLowerCase())) loose.set(k.toLowerCase(), v);
  const other = f.other;
  return (s) => {
    if (s === "") return null;
    const v = exact.has(s) ? exact.get(s) : loose.get(s.toLowerCase());
    if (v !== undefined) return v === null ? null : readCell(v);
    if (other !== undefined) return other === null ? null : readCell(other);
    return readCell(s);
  };
}

function setField(out: Record<string, FieldValue>, name: string, value: FieldValue): void {
  if (name === "__proto__")
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  else out[name] = value;
}

/** One row -> its events (none: the row is ignored, EV306), or why the row is bad. */
type RowConverter = (cells: string[], line: number) => Result<SlaEvent[]>;

/** The shared loop: rows of a table through a converter, with the strict/lenient contract. */
async function* csvEvents(
  chunks: Chunks,
  opts: CsvEventOptions,
  converter: (header: Header) => RowConverter,
): AsyncGenerator<SlaEvent> {
  const table = await readCsvTable(chunks, opts);
  const convert = converter(new Header(table.header, opts.file, table.headerLine));
  const stats = opts.stats;
  for await (const batch of table.batches) {
    for (const { line, cells } of batch) {
      if (stats) stats.rows++;
      const r = convert(cells, line);
      if (r instanceof Failure) {
        reject(opts, line, r);
        continue;
      }
      if (stats) stats.events += r.length;
      if (r.length === 0) {
        if (stats) stats.ignored++;
        opts.onIgnore?.("EV306");
      }
      opts.onRow?.(line);
      for (const ev of r) yield ev;
    }
  }
}

/** Lead rows -> lead.created (+ lead.assigned when the row names an owner). */
export function csvLeadEvents(chunks: Chunks, opts: CsvEventOptions): AsyncGenerator<SlaEvent> {
  const m = opts.mapping.leads;
  return csvEvents(chunks, opts, (header) => {
    const idCol = header.bind(m.id, "the lead id")!;
    const createdCol = header.bind(m.created, "the creation time")!;
    const ownerCol = header.bind(m.owner, "the owner");
    const fields = bindFields(m.fields, header, opts, m.time);
    const readTime = timeReader(m.time, opts);
    const tag = idTag(opts.file);

    return (cells, line) => {
      const lead = idCell(idCol.get(cells), idCol.label);
      if (lead instanceof Failure) return lead;
      if (lead === "") return new Failure("EV305", `empty lead id (${idCol.label})`);
      const at = readTime(createdCol.get(cells));
      if (at instanceof Failure) return new Failure(at.code, `${createdCol.label}: ${at.message}`);
      const values: Record<string, FieldValue> = {};
      for (const f of fields) {
        const v = f.read(f.get(cells));
        if (v instanceof Failure) return new Failure(v.code, `field "${f.name}" (${f.label}): ${v.message}${f.hint}`);
        if (v !== null) setField(values, f.name, v);
      }
      const id = `${tag}:${line}`;
      const created: LeadCreated = { id, at, type: "lead.created", lead, fields: values };
      const owner = ownerCol === null ? "" : idCell(ownerCol.get(cells), ownerCol.label);
      if (owner instanceof Failure) return owner;
      if (owner === "") return [created];
      const assigned: LeadAssigned = { id: `${id}#assigned`, at, type: "lead.assigned", lead, owner };
      return [created, assigned];
    };
  });
}

interface BoundMatch {
  get: (cells: string[]) => string;
  values: Set<string>;
}

/** (A rule's column is required, and so is the type column when a rule defaults to it.) */
function bindMatch(match: MatchMap, type: Bound | null, header: Header, what: string): BoundMatch {
  const column = match.column === null ? type : header.bind(match.column, what);
  return { get: column!.get, values: new Set(match.values) };
}

function matches(m: BoundMatch, cells: string[]): boolean {
  return m.values.has(m.get(cells).toLowerCase());
}

/**
 * Activity rows -> custom events (rows matching an `events` rule) and touches
 * (rows matching `touch`; without a touch rule, every row that is not a custom
 * event). A touch's id is the row's (its "id" column, or `activities.csv:LINE`);
 * a custom event's adds `#TYPE`.
 */
export function csvActivityEvents(chunks: Chunks, opts: CsvEventOptions): AsyncGenerator<SlaEvent> {
  const m = opts.mapping.activities;
  return csvEvents(chunks, opts, (header) => {
    if (m === null)
      throw mappingError(`${opts.mapping.name}: has no "activities" section, so it can't read ${opts.file}`);
    const leadCol = header.bind(m.lead, "the lead id")!;
    const atCol = header.bind(m.at, "the activity time")!;
    const idCol = header.bind(m.id, "the activity id");
    const byCol = header.bind(m.by, "the rep");
    // the type column is required once a rule matches on it
    const typeRequired = m.touch?.column === null || m.events.some((e) => e.match.column === null);
    const typeCol = header.bind(
      m.type && { ...m.type, required: m.type.required || typeRequired },
      "the activity type",
    );
    const channelCol = m.channel === null ? typeCol : header.bind(m.channel, "the touch channel");
    const touch = m.touch === null ? null : bindMatch(m.touch, typeCol, header, "touch rows");
    const events = m.events.map((e) => ({
      type: e.type,
      match: bindMatch(e.match, typeCol, header, `"${e.type}" rows`),
    }));
    const readTime = timeReader(m.time, opts);
    const tag = idTag(opts.file);

    return (cells, line) => {
      const lead = idCell(leadCol.get(cells), leadCol.label);
      if (lead instanceof Failure) return lead;
      if (lead === "") return new Failure("EV305", `empty lead id (${leadCol.label})`);
      const at = readTime(atCol.get(cells));
      if (at instanceof Failure) return new Failure(at.code, `${atCol.label}: ${at.message}`);
      const ownId = idCol === null ? "" : idCell(idCol.get(cells), idCol.label);
      if (ownId instanceof Failure) return ownId;
      const id = ownId === "" ? `${tag}:${line}` : ownId;
      const out: SlaEvent[] = [];
      for (const e of events) {
        if (matches(e.match, cells)) out.push({ id: `${id}#${e.type}`, at, type: "custom", name: e.type, lead });
      }
      if (touch === null ? out.length === 0 : matches(touch, cells)) {
        const ev: Touch = { id, at, type: "touch", lead };
        const by = byCol === null ? "" : byCol.get(cells);
        if (by !== "") ev.by = by;
        const channel = channelCol === null ? "" : channelCol.get(cells).toLowerCase();
        if (channel !== "") ev.channel = channel;
        out.push(ev);
      }
      return out;
    };
  });
}
