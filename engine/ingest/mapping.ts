// CRM exports -> events. A leads CSV gives one lead.created per row (plus a
// lead.assigned when it names an owner); an activities CSV gives touches and
// custom events. Ids are deterministic (`leads.csv:17`), so re-reading the same
// export yields the same events. Output is in file order; the caller sorts.
import type { IR } from "../../language/ir.ts";
import type { FieldValue, LeadAssigned, LeadCreated, SlaEvent, Touch } from "../events.ts";
import { readCsvTable } from "./csv.ts";
import { IngestError, reject, type Rejected } from "./errors.ts";
import { MappingError, type ColumnRef, type FieldMap, type Mapping, type MatchMap, type TimeMap } from "./mapping-load.ts";
import { closest, didYouMean, quoteList, show } from "./suggest.ts";
import { Bad, cellReader } from "./values.ts";
import { makeDateReader, makeTimeReader } from "./zoned.ts";

export { loadMapping, MappingError, type Mapping } from "./mapping-load.ts";
export { PRESETS } from "./presets.ts";

export interface CsvStats {
  /** Data rows read (blank lines not counted). */
  rows: number;
  /** Events yielded. */
  events: number;
  /** Activity rows that are neither a touch nor a custom event. */
  ignored: number;
}

export interface CsvEventOptions {
  /** Name used in messages, Rejected records and (its last path segment) in event ids. */
  file: string;
  mapping: Mapping;
  ir: Pick<IR, "fields">;
  lenient: boolean;
  onReject?: (r: Rejected) => void;
  /** Zone for timestamps without an offset when the mapping names none. */
  timezone?: string;
  /** Filled in as rows are read. */
  stats?: CsvStats;
}

type Chunks = AsyncIterable<string> | Iterable<string>;

/** Finds mapped columns in a header: exact name first, then ignoring case and spaces. */
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

  /** Index of the column, -1 when an optional column is absent; throws for a required one. */
  find(ref: ColumnRef | null, what: string): number {
    if (ref === null) return -1;
    for (const n of ref.names) {
      const i = this.exact.get(n) ?? this.loose.get(n.toLowerCase());
      if (i !== undefined) return i;
    }
    if (!ref.required) return -1;
    const wanted = ref.names.length === 1 ? `no column ${show(ref.names[0])}` : `none of the columns ${quoteList(ref.names)}`;
    const near = ref.names.map((n) => closest(n, this.names)).find((c) => c !== null);
    const shown = this.names.length > 15 ? `${quoteList(this.names.slice(0, 15))}, ...` : quoteList(this.names);
    throw new IngestError(
      this.file,
      this.line,
      `${wanted} for ${what} (mapping "${ref.where}")${near ? ` (did you mean ${show(near)}?)` : ""}; the header has ${shown}`,
    );
  }
}

function idTag(file: string): string {
  return file.slice(Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
}

function timeReader(time: TimeMap, opts: CsvEventOptions) {
  return makeTimeReader({ timezone: time.timezone ?? opts.timezone ?? null, timeFormats: time.timeFormats });
}

interface BoundField {
  name: string;
  index: number;
  column: string;
  read: (cell: string) => FieldValue | Bad;
  hint: string;
}

/** The mapped fields the SLA declares, bound to header positions. */
function bindFields(fields: FieldMap[], header: Header, opts: CsvEventOptions, time: TimeMap): BoundField[] {
  const declared = new Map(Object.entries(opts.ir.fields));
  const date = makeDateReader(time.dateFormats);
  const out: BoundField[] = [];
  for (const f of fields) {
    const type = declared.get(f.field);
    if (type === undefined || !Object.hasOwn(opts.ir.fields, f.field)) {
      if (!f.column.required) continue; // a preset's conventional name this SLA doesn't use
      throw new MappingError(
        `${opts.mapping.name}: "${f.column.where}": the SLA declares no field ${show(f.field)}${didYouMean(f.field, declared.keys())}`,
      );
    }
    const index = header.find(f.column, `field ${show(f.field)}`);
    if (index < 0) continue;
    const readCell = cellReader(type, { date });
    const values = f.values;
    const other = f.other;
    const read =
      values === null && other === undefined
        ? readCell
        : (cell: string): FieldValue | Bad => {
            const s = cell.trim();
            if (s === "") return null;
            const m = values?.get(s) ?? values?.get(lowerKey(values, s));
            if (m !== undefined) return m === null ? null : readCell(m);
            if (other !== undefined) return other === null ? null : readCell(other);
            return readCell(s);
          };
    const hint = type.type === "enum" && values === null ? ` (translate CRM values with "values" in the mapping)` : "";
    out.push({ name: f.field, index, column: header.names[index], read, hint });
  }
  return out;
}

function lowerKey(values: Map<string, string | null>, s: string): string {
  const l = s.toLowerCase();
  for (const k of values.keys()) if (k.toLowerCase() === l) return k;
  return "\u0000";
}

function setField(out: Record<string, FieldValue>, name: string, value: FieldValue): void {
  if (name === "__proto__") Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  else out[name] = value;
}

/** Lead rows -> lead.created (+ lead.assigned when the row names an owner). */
export async function* csvLeadEvents(chunks: Chunks, opts: CsvEventOptions): AsyncGenerator<SlaEvent> {
  const m = opts.mapping.leads;
  const table = await readCsvTable(chunks, opts);
  const header = new Header(table.header, opts.file, table.headerLine);
  const idCol = header.find(m.id, "the lead id");
  const createdCol = header.find(m.created, "the creation time");
  const ownerCol = header.find(m.owner, "the owner");
  const fields = bindFields(m.fields, header, opts, m.time);
  const readTime = timeReader(m.time, opts);
  const tag = idTag(opts.file);
  const stats = opts.stats;

  rows: for await (const { line, cells } of table.rows) {
    if (stats) stats.rows++;
    const lead = cells[idCol].trim();
    if (lead === "") {
      reject(opts, line, `empty lead id (column ${show(header.names[idCol])})`);
      continue;
    }
    const at = readTime(cells[createdCol]);
    if (at instanceof Bad) {
      reject(opts, line, `column ${show(header.names[createdCol])}: ${at.message}`);
      continue;
    }
    const values: Record<string, FieldValue> = {};
    for (const f of fields) {
      const v = f.read(cells[f.index]);
      if (v instanceof Bad) {
        reject(opts, line, `field "${f.name}" (column ${show(f.column)}): ${v.message}${f.hint}`);
        continue rows;
      }
      if (v !== null) setField(values, f.name, v);
    }
    const id = `${tag}:${line}`;
    const created: LeadCreated = { id, at, type: "lead.created", lead, fields: values };
    yield created;
    if (stats) stats.events++;
    const owner = ownerCol < 0 ? "" : cells[ownerCol].trim();
    if (owner !== "") {
      const assigned: LeadAssigned = { id: `${id}#assigned`, at, type: "lead.assigned", lead, owner };
      yield assigned;
      if (stats) stats.events++;
    }
  }
}

interface BoundMatch {
  index: number;
  values: Set<string>;
}

/** (A rule's column is required, and so is the type column when a rule defaults to it.) */
function bindMatch(match: MatchMap, typeCol: number, header: Header, what: string): BoundMatch {
  const index = match.column === null ? typeCol : header.find(match.column, what);
  return { index, values: new Set(match.values) };
}

function matches(m: BoundMatch, cells: string[]): boolean {
  return m.values.has(cells[m.index].trim().toLowerCase());
}

/**
 * Activity rows -> custom events (rows matching an `events` rule) and touches
 * (rows matching `touch`; without a touch rule, every row that is not a custom event).
 */
export async function* csvActivityEvents(chunks: Chunks, opts: CsvEventOptions): AsyncGenerator<SlaEvent> {
  const m = opts.mapping.activities;
  if (m === null) throw new MappingError(`${opts.mapping.name}: has no "activities" section, so it can't read ${opts.file}`);
  const table = await readCsvTable(chunks, opts);
  const header = new Header(table.header, opts.file, table.headerLine);
  const leadCol = header.find(m.lead, "the lead id");
  const atCol = header.find(m.at, "the activity time");
  const idCol = header.find(m.id, "the activity id");
  const byCol = header.find(m.by, "the rep");
  // the type column is required once a rule matches on it
  const typeRequired = m.type !== null && (m.touch?.column === null || m.events.some((e) => e.match.column === null));
  const typeCol = header.find(m.type && { ...m.type, required: m.type.required || typeRequired }, "the activity type");
  const channelCol = m.channel === null ? typeCol : header.find(m.channel, "the touch channel");
  const touch = m.touch === null ? null : bindMatch(m.touch, typeCol, header, "touch rows");
  const events = m.events.map((e) => ({ type: e.type, match: bindMatch(e.match, typeCol, header, `"${e.type}" rows`) }));
  const readTime = timeReader(m.time, opts);
  const tag = idTag(opts.file);
  const stats = opts.stats;

  for await (const { line, cells } of table.rows) {
    if (stats) stats.rows++;
    const lead = cells[leadCol].trim();
    if (lead === "") {
      reject(opts, line, `empty lead id (column ${show(header.names[leadCol])})`);
      continue;
    }
    const at = readTime(cells[atCol]);
    if (at instanceof Bad) {
      reject(opts, line, `column ${show(header.names[atCol])}: ${at.message}`);
      continue;
    }
    const ownId = idCol < 0 ? "" : cells[idCol].trim();
    const id = ownId === "" ? `${tag}:${line}` : ownId;
    let custom = 0;
    for (const e of events) {
      if (!matches(e.match, cells)) continue;
      custom++;
      yield { id: `${id}#${e.type}`, at, type: e.type, lead };
    }
    if (touch === null ? custom === 0 : matches(touch, cells)) {
      const ev: Touch = { id, at, type: "touch", lead };
      const by = byCol < 0 ? "" : cells[byCol].trim();
      if (by !== "") ev.by = by;
      const channel = channelCol < 0 ? "" : cells[channelCol].trim().toLowerCase();
      if (channel !== "") ev.channel = channel;
      yield ev;
      if (stats) stats.events++;
    } else if (custom === 0 && stats) {
      stats.ignored++;
    }
    if (stats) stats.events += custom;
  }
}
