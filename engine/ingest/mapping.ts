// CRM exports -> events. A leads CSV gives one lead.created per row (plus a
// lead.assigned when it names an owner, and lead.updated events for its
// field history and stage dates); an activities CSV gives touches, custom
// events and field changes. Ids are deterministic (`leads.csv:17`), so
// re-reading the same export yields the same events. Output is in file
// order; the caller sorts.
import type { IR } from "../../language/ir.ts";
import type { FieldValue, LeadAssigned, LeadCreated, LeadUpdated, SlaEvent, Touch } from "../events.ts";
import { type EvCode, Failure, type Result } from "../problems.ts";
import type { DataFitWarning } from "../result.ts";
import { type Bound, fieldReader, Header, idCell, idTag, type MissingColumn, timeReader } from "./columns.ts";
import { monthFirstFit } from "./crm-fit.ts";
import { readCsvTable } from "./csv.ts";
import { type Rejected, reject } from "./errors.ts";
import type { Change, FieldHistory } from "./history.ts";
import type { LeadIds } from "./lead-ids.ts";
import {
  type FieldMap,
  type Mapping,
  type MatchMap,
  mappingError,
  ownerResolver,
  type StageMap,
  type TimeMap,
} from "./mapping-load.ts";
import { didYouMean, show } from "./suggest.ts";
import type { CellOptions } from "./values.ts";

export type { MissingColumn } from "./columns.ts";
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
  /**
   * Told the line of each row just before its events are yielded (to locate
   * replay errors); `file` is given when the events that follow come from
   * another file (a lead's field history).
   */
  onRow?: (line: number, file?: string) => void;
  /** Zone for timestamps without an offset when the mapping names none. */
  timezone?: string;
  /** Filled in as rows are read. */
  stats?: CsvStats;
  /** The CSV delimiter; absent: detected from the header row. */
  delimiter?: string;
  /**
   * The leads file's ids: csvLeadEvents adds them, the other readers join
   * their lead ids to them (15- vs 18-character Salesforce ids, see lead-ids.ts).
   */
  leadIds?: LeadIds;
  /** A field-history file read beforehand (readFieldHistory): csvLeadEvents yields each lead's changes. */
  history?: FieldHistory;
  /** Told about each column the mapping names that the header lacks (a data-fit warning). */
  onMissingColumn?: (m: MissingColumn) => void;
  /** Told about other data-fit findings of the CSV side (EV552: month-first dates in a ";" file). */
  onDataFit?: (w: DataFitWarning) => void;
  /**
   * Told about each value of a `one of` field the SLA does not list (after the
   * mapping's `values`): the value is kept and counted (EV505). Absent: such
   * a value is EV109 (the strict reading, --strict-fields).
   */
  onUnlisted?: (field: string, value: string) => void;
}

/** The cell options for one field: unlisted enum values reported under its name. */
export function unlistedFor(
  cell: CellOptions,
  field: string,
  onUnlisted: ((field: string, value: string) => void) | undefined,
): CellOptions {
  return onUnlisted === undefined ? cell : { ...cell, onUnlisted: (v) => onUnlisted(field, v) };
}

type Chunks = AsyncIterable<string> | Iterable<string>;

/** How cells are read in a file with this delimiter: a decimal comma with ";" unless the mapping says. */
export function cellOptions(mapping: Mapping, delimiter: string): CellOptions {
  return { decimalComma: mapping.decimal === null ? delimiter === ";" : mapping.decimal === "," };
}

interface BoundField {
  name: string;
  get: (cells: string[]) => string;
  label: string;
  read: (cell: string) => Result<FieldValue>;
  hint: string;
}

/** The leads mapping's entry for an SLA field (its `values` apply to every file that sets the field). */
export function leadsFieldMap(mapping: Mapping, field: string): FieldMap | undefined {
  return mapping.leads.fields.find((f) => f.field === field);
}

/** The mapped fields the SLA declares, bound to header positions. */
function bindFields(
  fields: FieldMap[],
  header: Header,
  opts: CsvEventOptions,
  time: TimeMap,
  cell: CellOptions,
  inherit = false,
): BoundField[] {
  const declared = new Map(Object.entries(opts.ir.fields));
  const out: BoundField[] = [];
  for (const f of fields) {
    const type = declared.get(f.field);
    if (type === undefined) {
      if (!f.column.required) continue; // a preset's conventional name this SLA doesn't use
      throw mappingError(
        `${opts.mapping.name}: "${f.column.where}": the SLA declares no field ${show(f.field)}${didYouMean(f.field, declared.keys())}`,
      );
    }
    const column = header.bind(f.column, `field ${show(f.field)}`, false, f.field);
    if (column === null) continue;
    // activity columns without their own `values` translate like the leads export's column
    const values = inherit && f.values === null && f.other === undefined ? leadsFieldMap(opts.mapping, f.field) : f;
    const read = fieldReader(type, values, time, unlistedFor(cell, f.field, opts.onUnlisted));
    const hint =
      type.type === "enum" && (values?.values ?? null) === null
        ? ` (translate CRM values with "values" in the mapping)`
        : "";
    out.push({ name: f.field, get: column.get, label: column.label, read, hint });
  }
  return out;
}

export function setField(out: Record<string, FieldValue>, name: string, value: FieldValue): void {
  if (name === "__proto__")
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  else out[name] = value;
}

/** One row -> its events (none: the row is ignored, EV306), or why the row is bad. */
type RowConverter = (cells: string[], line: number) => Result<SlaEvent[]>;

/** Where events that don't come from the row being read come from (a lead's history rows). */
type Origins = WeakMap<SlaEvent, { file: string; line: number }>;

/** The shared loop: rows of a table through a converter, with the strict/lenient contract. */
async function* csvEvents(
  chunks: Chunks,
  opts: CsvEventOptions,
  time: TimeMap | undefined,
  converter: (header: Header, cell: CellOptions, origins: Origins) => RowConverter,
  after?: (origins: Origins) => Iterable<SlaEvent>,
): AsyncGenerator<SlaEvent> {
  const table = await readCsvTable(chunks, opts);
  const header = new Header(table.header, opts.file, table.headerLine);
  const origins: Origins = new WeakMap();
  const convert = converter(header, cellOptions(opts.mapping, table.delimiter), origins);
  for (const m of header.missing) opts.onMissingColumn?.(m);
  const stats = opts.stats;
  let first = true;
  for await (const batch of table.batches) {
    if (first && time !== undefined) {
      first = false;
      const fit = monthFirstFit(opts.file, table.delimiter, time.timeFormats, batch);
      if (fit !== null) opts.onDataFit?.(fit);
    }
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
      for (const ev of r) {
        const o = origins.get(ev);
        if (o !== undefined) opts.onRow?.(o.line, o.file);
        yield ev;
      }
    }
  }
  if (after) {
    for (const ev of after(origins)) {
      const o = origins.get(ev);
      if (o !== undefined) opts.onRow?.(o.line, o.file);
      if (stats) stats.events++;
      yield ev;
    }
  }
}

interface BoundStage {
  field: string;
  value: FieldValue;
  get: (cells: string[]) => string;
  label: string;
  readTime: (cell: string) => Result<number>;
  tag: string;
}

/** Stage-date columns of fields the SLA declares, with their values read once. */
function bindStages(
  stages: StageMap[],
  header: Header,
  opts: CsvEventOptions,
  time: TimeMap,
  cell: CellOptions,
): BoundStage[] {
  const declared = new Map(Object.entries(opts.ir.fields));
  const readTime = timeReader(time, opts);
  const out: BoundStage[] = [];
  for (const st of stages) {
    const where = st.column.where;
    const type = declared.get(st.field);
    if (type === undefined) {
      if (!st.column.required) continue;
      throw mappingError(
        `${opts.mapping.name}: "${where}": the SLA declares no field ${show(st.field)}${didYouMean(st.field, declared.keys())}`,
      );
    }
    // (a preset names every stage date its CRM has: exports hold some, so absent ones are not noted)
    const column = header.bind(st.column, `the time field ${show(st.field)} became ${show(st.value)}`, true);
    if (column === null) continue;
    // (checked only when the export has the column: a preset names every stage its CRM has)
    const value = fieldReader(type, leadsFieldMap(opts.mapping, st.field), time, cell)(st.value);
    if (value instanceof Failure)
      throw mappingError(`${opts.mapping.name}: "${where}": field ${show(st.field)}: ${value.message}`);
    out.push({
      field: st.field,
      value,
      get: column.get,
      label: column.label,
      readTime,
      tag: `#${st.field}=${st.value}`,
    });
  }
  return out;
}

/**
 * A lead's changes as events: one lead.updated per instant (the fields
 * changed then, in order) and a lead.assigned when the owner changed. Changes
 * before `created` happen at it (exports round times to the minute).
 */
function changeEvents(lead: string, created: number, changes: Change[], origins: Origins): SlaEvent[] {
  const out: SlaEvent[] = [];
  const sorted = changes.map((c) => ({ c, at: Math.max(c.at, created) })).sort((a, b) => a.at - b.at);
  for (let i = 0; i < sorted.length; ) {
    const at = sorted[i].at;
    const first = sorted[i].c;
    const fields: Record<string, FieldValue> = {};
    let owner: string | null | undefined;
    let any = false;
    for (; i < sorted.length && sorted[i].at === at; i++) {
      const c = sorted[i].c;
      if (c.field === null) owner = typeof c.value === "string" ? c.value : null;
      else {
        setField(fields, c.field, c.value);
        any = true;
      }
    }
    const where = { file: first.file, line: first.line };
    if (any) {
      const ev: LeadUpdated = { id: first.id, at, type: "lead.updated", lead, fields };
      origins.set(ev, where);
      out.push(ev);
    }
    if (typeof owner === "string" && owner !== "") {
      const ev: LeadAssigned = { id: `${first.id}#assigned`, at, type: "lead.assigned", lead, owner };
      origins.set(ev, where);
      out.push(ev);
    }
  }
  return out;
}

/**
 * Lead rows -> lead.created (+ lead.assigned when the row names an owner),
 * then the lead's field changes: its rows in the history file and its stage
 * dates. A field that changes later is created with the value it had before
 * its first change (the history's old value; unset when unknown), not with
 * the export's current value.
 */
export function csvLeadEvents(chunks: Chunks, opts: CsvEventOptions): AsyncGenerator<SlaEvent> {
  const m = opts.mapping.leads;
  const history = opts.history;
  const owners = ownerResolver(opts.mapping.owners);
  return csvEvents(
    chunks,
    opts,
    m.time,
    (header, cell, origins) => {
      const idCol = header.bind(m.id, "the lead id")!;
      const createdCol = header.bind(m.created, "the creation time")!;
      const ownerCol = header.bind(m.owner, "the owner");
      const fields = bindFields(m.fields, header, opts, m.time, cell);
      const stages = bindStages(m.stages, header, opts, m.time, cell);
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
        const ownerCell = ownerCol === null ? "" : idCell(ownerCol.get(cells), ownerCol.label);
        if (ownerCell instanceof Failure) return ownerCell;
        let owner = ownerCell === "" ? "" : owners(ownerCell);

        const id = `${tag}:${line}`;
        const changes: Change[] = history?.take(lead) ?? [];
        for (const st of stages) {
          const c = st.get(cells);
          if (c === "") continue;
          const t = st.readTime(c);
          if (t instanceof Failure) return new Failure(t.code, `${st.label}: ${t.message}`);
          changes.push({
            at: t,
            field: st.field,
            value: st.value,
            old: undefined,
            id: id + st.tag,
            file: opts.file,
            line,
          });
        }
        // the value before the first change is the value at creation
        const first = new Set<string | null>();
        for (const c of [...changes].sort((a, b) => a.at - b.at)) {
          if (first.has(c.field)) continue;
          first.add(c.field);
          const old = c.old ?? null;
          if (c.field === null) owner = typeof old === "string" ? old : "";
          else if (old === null) delete values[c.field];
          else setField(values, c.field, old);
        }
        opts.leadIds?.add(lead);
        const created: LeadCreated = { id, at, type: "lead.created", lead, fields: values };
        const out: SlaEvent[] = [created];
        if (owner !== "") out.push({ id: `${id}#assigned`, at, type: "lead.assigned", lead, owner });
        if (changes.length > 0) out.push(...changeEvents(lead, at, changes, origins));
        return out;
      };
    },
    // history rows of leads the leads file lacks: replayed at their own times (the replay reports them)
    history &&
      ((origins) =>
        history.rest().flatMap(({ lead, changes }) => {
          const known = opts.leadIds?.resolve(lead) ?? lead;
          if (known instanceof Failure) {
            reject({ ...opts, file: changes[0].file }, changes[0].line, known);
            return [];
          }
          return changeEvents(known, -Infinity, changes, origins);
        })),
  );
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
 * Activity rows -> custom events (rows matching an `events` rule), touches
 * (rows matching `touch`; without a touch rule, every row that is not a custom
 * event) and field changes (`fields`: a non-empty cell sets the field at the
 * activity's time). A touch's id is the row's (its "id" column, or
 * `activities.csv:LINE`); a custom event's adds `#TYPE`, a field change's `#fields`.
 */
export function csvActivityEvents(chunks: Chunks, opts: CsvEventOptions): AsyncGenerator<SlaEvent> {
  const m = opts.mapping.activities;
  const owners = ownerResolver(opts.mapping.owners);
  return csvEvents(chunks, opts, m?.time, (header, cell) => {
    if (m === null)
      throw mappingError(`${opts.mapping.name}: has no "activities" section, so it can't read ${opts.file}`);
    const leadCol = header.bind(m.lead, "the lead id")!;
    const atCol = header.bind(m.at, "the activity time")!;
    const idCol = header.bind(m.id, "the activity id", true);
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
    const fields = bindFields(m.fields, header, opts, m.time, cell, true);
    const readTime = timeReader(m.time, opts);
    const tag = idTag(opts.file);
    const leadIds = opts.leadIds;

    return (cells, line) => {
      const written = idCell(leadCol.get(cells), leadCol.label);
      if (written instanceof Failure) return written;
      if (written === "") return new Failure("EV305", `empty lead id (${leadCol.label})`);
      const lead = leadIds === undefined ? written : leadIds.resolve(written);
      if (lead instanceof Failure) return lead;
      const at = readTime(atCol.get(cells));
      if (at instanceof Failure) return new Failure(at.code, `${atCol.label}: ${at.message}`);
      const ownId = idCol === null ? "" : idCell(idCol.get(cells), idCol.label);
      if (ownId instanceof Failure) return ownId;
      const id = ownId === "" ? `${tag}:${line}` : ownId;
      const out: SlaEvent[] = [];
      if (fields.length > 0) {
        const values: Record<string, FieldValue> = {};
        let any = false;
        for (const f of fields) {
          const c = f.get(cells);
          if (c === "") continue;
          const v = f.read(c);
          if (v instanceof Failure) return new Failure(v.code, `field "${f.name}" (${f.label}): ${v.message}${f.hint}`);
          setField(values, f.name, v);
          any = true;
        }
        if (any) out.push({ id: `${id}#fields`, at, type: "lead.updated", lead, fields: values });
      }
      for (const e of events) {
        if (matches(e.match, cells)) out.push({ id: `${id}#${e.type}`, at, type: "custom", name: e.type, lead });
      }
      if (touch === null ? out.every((e) => e.type === "lead.updated") : matches(touch, cells)) {
        const ev: Touch = { id, at, type: "touch", lead };
        const by = byCol === null ? "" : byCol.get(cells);
        if (by !== "") ev.by = owners(by);
        const channel = channelCol === null ? "" : channelCol.get(cells).toLowerCase();
        if (channel !== "") ev.channel = channel;
        out.push(ev);
      }
      return out;
    };
  });
}
