// Field history: a CSV with one row per change of one field of one lead, as
// Salesforce's "Lead History" report (Lead ID, Edit Date, Field / Event, Old
// Value, New Value) or LeadHistory object (LeadId, CreatedDate, Field,
// OldValue, NewValue), and HubSpot's contact property history (record id,
// property, value, timestamp) write it. The whole file is read before the
// leads export, so each lead's changes can be replayed with it (see
// csvLeadEvents): a field's value at creation is then the old value of its
// first change, not the export's current value.
//
// A row's field is found by name (ignoring case): the SLA field whose
// `history.fields` names or leads-export column names include it, or the
// owner. Rows for other fields are counted by name (EV308) and skipped.
// Values go through the leads mapping's `values` for that field and its type,
// like a leads cell; owners through `owners`.
import type { IR, IRFieldType } from "../../language/ir.ts";
import type { FieldValue } from "../events.ts";
import { type EvCode, Failure, type Result } from "../problems.ts";
import type { DataFitWarning } from "../result.ts";
import { fieldReader, Header, idCell, idTag, type MissingColumn, timeReader } from "./columns.ts";
import { monthFirstFit } from "./crm-fit.ts";
import { readCsvTable } from "./csv.ts";
import { type Rejected, reject } from "./errors.ts";
import { joinKey } from "./lead-ids.ts";
import { cellOptions, leadsFieldMap, unlistedFor } from "./mapping.ts";
import { type Mapping, mappingError, ownerResolver } from "./mapping-load.ts";
import { didYouMean, show } from "./suggest.ts";

/** One change of one field (null: the owner) of one lead. */
export interface Change {
  at: number;
  field: string | null;
  value: FieldValue;
  /** the value before (undefined: the file has no old values) */
  old: FieldValue | undefined;
  /** the id of the events it becomes */
  id: string;
  file: string;
  line: number;
}

/** A history file's changes, by lead; `take` hands each lead's out once. */
export class FieldHistory {
  private byLead = new Map<string, { lead: string; changes: Change[] }>();
  /** rows skipped because their field is none the mapping uses, by the CRM's field name */
  readonly ignoredFields = new Map<string, number>();
  rows = 0;

  constructor(readonly file: string) {}

  add(lead: string, c: Change): void {
    const key = joinKey(lead);
    const entry = this.byLead.get(key);
    if (entry === undefined) this.byLead.set(key, { lead, changes: [c] });
    else entry.changes.push(c);
  }

  /** The changes of a lead (15- and 18-character Salesforce ids join), once. */
  take(lead: string): Change[] | undefined {
    const key = joinKey(lead);
    const entry = this.byLead.get(key);
    if (entry === undefined) return undefined;
    this.byLead.delete(key);
    return entry.changes;
  }

  /** The changes no `take` asked for: leads the leads file lacks. */
  rest(): { lead: string; changes: Change[] }[] {
    const out = [...this.byLead.values()];
    this.byLead.clear();
    return out;
  }
}

export interface HistoryOptions {
  file: string;
  mapping: Mapping;
  ir: Pick<IR, "fields">;
  lenient: boolean;
  onReject?: (r: Rejected) => void;
  /** Told about each row whose field the mapping does not use (EV308). */
  onIgnore?: (code: EvCode) => void;
  timezone?: string;
  delimiter?: string;
  onMissingColumn?: (m: MissingColumn) => void;
  onDataFit?: (w: DataFitWarning) => void;
  /** As in CsvEventOptions: unlisted `one of` values kept and counted (absent: EV109). */
  onUnlisted?: (field: string, value: string) => void;
}

type Chunks = AsyncIterable<string> | Iterable<string>;

interface Target {
  field: string | null;
  read: (cell: string) => Result<FieldValue>;
}

/** CRM field name (lower case) -> what a change of it sets. */
function targets(
  opts: HistoryOptions,
  time: Parameters<typeof fieldReader>[2],
  cell: Parameters<typeof fieldReader>[3],
) {
  const h = opts.mapping.history!;
  const declared = new Map<string, IRFieldType>(Object.entries(opts.ir.fields));
  const out = new Map<string, Target[]>();
  const add = (name: string, t: Target) => {
    const k = name.trim().toLowerCase();
    const list = out.get(k);
    if (list === undefined) out.set(k, [t]);
    else if (!list.some((x) => x.field === t.field)) list.push(t);
  };
  for (const [field, entry] of h.fields) {
    if (declared.has(field) || !entry.required) continue;
    throw mappingError(
      `${opts.mapping.name}: "${entry.where}": the SLA declares no field ${show(field)}${didYouMean(field, declared.keys())}`,
    );
  }
  for (const [field, type] of declared) {
    const leads = leadsFieldMap(opts.mapping, field);
    const names = [...(h.fields.get(field)?.names ?? []), ...(leads?.column.names ?? [])];
    if (names.length === 0) continue;
    const read = fieldReader(type, leads, time, unlistedFor(cell ?? {}, field, opts.onUnlisted));
    for (const n of names) add(n, { field, read });
  }
  const owners = ownerResolver(opts.mapping.owners);
  const readOwner = (c: string): Result<FieldValue> => {
    const v = idCell(c.trim(), "owner");
    return v instanceof Failure ? v : v === "" ? null : owners(v);
  };
  for (const n of [...h.owner, ...(opts.mapping.leads.owner?.names ?? [])]) add(n, { field: null, read: readOwner });
  return out;
}

/** Reads a whole field-history file (strict: the first bad row throws; lenient: it is reported and skipped). */
export async function readFieldHistory(chunks: Chunks, opts: HistoryOptions): Promise<FieldHistory> {
  const h = opts.mapping.history;
  if (h === null) throw mappingError(`${opts.mapping.name}: has no "history" section, so it can't read ${opts.file}`);
  const table = await readCsvTable(chunks, opts);
  const header = new Header(table.header, opts.file, table.headerLine);
  const leadCol = header.bind(h.lead, "the lead id")!;
  const atCol = header.bind(h.at, "the change time")!;
  const fieldCol = header.bind(h.field, "the changed field")!;
  const valueCol = header.bind(h.value, "the new value")!;
  const oldCol = header.bind(h.old, "the old value");
  for (const m of header.missing) opts.onMissingColumn?.(m);
  const byName = targets(opts, h.time, cellOptions(opts.mapping, table.delimiter));
  const readTime = timeReader(h.time, opts);
  const tag = idTag(opts.file);
  const history = new FieldHistory(opts.file);

  let first = true;
  for await (const batch of table.batches) {
    if (first) {
      first = false;
      const fit = monthFirstFit(opts.file, table.delimiter, h.time.timeFormats, batch);
      if (fit !== null) opts.onDataFit?.(fit);
    }
    for (const { line, cells } of batch) {
      history.rows++;
      const r = convert(cells, line);
      if (r instanceof Failure) reject(opts, line, r);
    }
  }
  return history;

  function convert(cells: string[], line: number): Failure | undefined {
    const lead = idCell(leadCol.get(cells), leadCol.label);
    if (lead instanceof Failure) return lead;
    if (lead === "") return new Failure("EV305", `empty lead id (${leadCol.label})`);
    const name = fieldCol.get(cells);
    const list = byName.get(name.toLowerCase());
    if (list === undefined) {
      history.ignoredFields.set(name, (history.ignoredFields.get(name) ?? 0) + 1);
      opts.onIgnore?.("EV308");
      return;
    }
    const at = readTime(atCol.get(cells));
    if (at instanceof Failure) return new Failure(at.code, `${atCol.label}: ${at.message}`);
    for (const t of list) {
      const what = t.field === null ? "the owner" : `field "${t.field}"`;
      const value = t.read(valueCol.get(cells));
      if (value instanceof Failure)
        return new Failure(value.code, `${what} (${name}, ${valueCol.label}): ${value.message}`);
      let old: FieldValue | undefined;
      if (oldCol !== null) {
        const o = t.read(oldCol.get(cells));
        if (o instanceof Failure) return new Failure(o.code, `${what} (${name}, ${oldCol.label}): ${o.message}`);
        old = o;
      }
      history.add(lead, { at, field: t.field, value, old, id: `${tag}:${line}`, file: opts.file, line });
    }
  }
}
