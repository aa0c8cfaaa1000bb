// Reading and checking a CRM mapping file (format: specs/mappings/README.md).
// A mapping may extend a preset; what the user's file says wins. Columns a
// preset names are optional (used when the export has them); columns the
// user's file names must exist.
import { BUILTIN_TYPES } from "../events.ts";
import { IngestError } from "../problems.ts";
import { CUSTOM_TYPE_PATTERN } from "./decode.ts";
import { didYouMean, quoteList, show } from "./suggest.ts";
import { isValidZone } from "./zoned.ts";

/** A mapping problem: an IngestError without a line (EV402; EV401 when the file is not JSON). */
export function mappingError(message: string, code: "EV401" | "EV402" = "EV402"): IngestError {
  return new IngestError(code, "", 0, message);
}

export interface ColumnRef {
  /** Header names to look for, in order of preference (matched exactly, then ignoring case). */
  names: string[];
  /** Where in the mapping it is set, e.g. "leads.fields.employees". */
  where: string;
  /** false when a preset named it: skipped if the export lacks it. */
  required: boolean;
}

export interface FieldMap {
  field: string;
  column: ColumnRef;
  /** CRM value -> SLA value (null: unset); keys matched exactly, then ignoring case. */
  values: Map<string, string | null> | null;
  /** Value for cells not in `values` (undefined: keep the cell as it is). */
  other: string | null | undefined;
}

export interface MatchMap {
  /** null: the activities "type" column. */
  column: ColumnRef | null;
  /** Cell values that match, compared ignoring case and surrounding spaces. */
  values: string[];
  where: string;
}

export interface TimeMap {
  timezone: string | null;
  timeFormats: string[];
  dateFormats: string[];
}

/** A leads-export column holding the time a lead's field took a value ("Became a Marketing Qualified Lead Date"). */
export interface StageMap {
  field: string;
  /** The value as the CRM writes it (translated through the field's `values` like a cell). */
  value: string;
  column: ColumnRef;
}

export interface LeadsMapping {
  id: ColumnRef;
  created: ColumnRef;
  owner: ColumnRef | null;
  fields: FieldMap[];
  stages: StageMap[];
  time: TimeMap;
}

/** A field-history export: one row per change of one field of one lead (Salesforce LeadHistory, HubSpot property history). */
export interface HistoryMapping {
  lead: ColumnRef;
  at: ColumnRef;
  /** column naming the changed field (as the CRM names it) */
  field: ColumnRef;
  /** column of the new value */
  value: ColumnRef;
  /** column of the old value (null: none; a field with history then starts unset) */
  old: ColumnRef | null;
  /** SLA field -> the CRM's names for it in the field column (besides its leads-export column names) */
  fields: Map<string, { names: string[]; required: boolean; where: string }>;
  /** the CRM's names for the owner in the field column (besides the leads export's owner column names) */
  owner: string[];
  time: TimeMap;
}

export interface ActivitiesMapping {
  lead: ColumnRef;
  at: ColumnRef;
  id: ColumnRef | null;
  by: ColumnRef | null;
  type: ColumnRef | null;
  /** Column with the touch channel; null: the type column. */
  channel: ColumnRef | null;
  /** null: every row that is not a custom event is a touch. */
  touch: MatchMap | null;
  events: { type: string; match: MatchMap }[];
  /** Activity columns that set a lead's field at the activity's time (a non-empty cell sets it). */
  fields: FieldMap[];
  time: TimeMap;
}

export interface Mapping {
  /** e.g. "salesforce", or "my-map.json (extends salesforce)" */
  name: string;
  leads: LeadsMapping;
  activities: ActivitiesMapping | null;
  history: HistoryMapping | null;
  /** CRM owner value (a name, an email, a user id) -> the rep it is; see `ownerResolver`. */
  owners: Map<string, string>;
  /** The decimal separator of numbers and money; null: "," in a ";"-delimited file, else ".". */
  decimal: "." | "," | null;
}

/**
 * The rep an owner value means: the `owners` table's entry (exact, then
 * ignoring case and surrounding spaces), or the value itself.
 */
export function ownerResolver(owners: Map<string, string>): (value: string) => string {
  if (owners.size === 0) return (v) => v;
  const loose = new Map<string, string>();
  for (const [k, v] of owners) if (!loose.has(k.trim().toLowerCase())) loose.set(k.trim().toLowerCase(), v);
  return (v) => owners.get(v) ?? loose.get(v.trim().toLowerCase()) ?? v;
}

type Obj = Record<string, unknown>;

const TOP_KEYS = [
  "extends",
  "description",
  "timezone",
  "timeFormat",
  "dateFormat",
  "owners",
  "decimal",
  "leads",
  "activities",
  "history",
];
const TIME_KEYS = ["timezone", "timeFormat", "dateFormat"];
const LEADS_KEYS = ["id", "created", "owner", "fields", "stages", ...TIME_KEYS];
const ACTIVITIES_KEYS = ["lead", "at", "id", "by", "type", "channel", "touch", "events", "fields", ...TIME_KEYS];
const HISTORY_KEYS = ["lead", "at", "field", "value", "old", "fields", "owner", ...TIME_KEYS];
const FIELD_KEYS = ["column", "values", "other"];
const MATCH_KEYS = ["column", "value", "values"];
const CUSTOM_TYPE = new RegExp(CUSTOM_TYPE_PATTERN);
const BUILTIN = new Set<string>(BUILTIN_TYPES);

class Reader {
  constructor(readonly source: string) {}

  fail(where: string, message: string): never {
    throw mappingError(`${this.source}: ${where ? `"${where}": ` : ""}${message}`);
  }

  object(v: unknown, where: string, keys: string[]): Obj {
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.fail(where, `expected an object, got ${show(v)}`);
    for (const k of Object.keys(v)) {
      if (!keys.includes(k))
        this.fail(where, `unknown key ${show(k)}${didYouMean(k, keys)}; allowed: ${quoteList(keys)}`);
    }
    return v as Obj;
  }

  string(v: unknown, where: string): string {
    if (typeof v !== "string" || v.trim() === "") this.fail(where, `expected a non-empty string, got ${show(v)}`);
    return v;
  }

  /** "x" or ["x", "y"] */
  strings(v: unknown, where: string): string[] {
    if (typeof v === "string") return [this.string(v, where)];
    if (!Array.isArray(v) || v.length === 0)
      this.fail(where, `expected a string or a non-empty list of strings, got ${show(v)}`);
    return v.map((x, i) => this.string(x, `${where}[${i}]`));
  }

  column(v: unknown, where: string, required: boolean): ColumnRef {
    if (typeof v !== "string" && !Array.isArray(v)) {
      this.fail(where, `expected a column name or a list of alternative column names, got ${show(v)}`);
    }
    return { names: this.strings(v, where), where, required };
  }

  /** A column that may be null (= not read). undefined: keep the base's. */
  optionalColumn(v: unknown, where: string, required: boolean, base: ColumnRef | null): ColumnRef | null {
    if (v === undefined) return base;
    if (v === null) return null;
    return this.column(v, where, required);
  }

  time(raw: Obj, where: string, under: TimeMap): TimeMap {
    const prefix = where ? `${where}.` : "";
    let timezone = under.timezone;
    if (raw.timezone !== undefined) {
      timezone = raw.timezone === null ? null : this.string(raw.timezone, `${prefix}timezone`);
      if (timezone !== null && !isValidZone(timezone)) {
        this.fail(
          `${prefix}timezone`,
          `unknown time zone ${show(timezone)} (expected an IANA name like "America/New_York" or "UTC")`,
        );
      }
    }
    const timeFormats =
      raw.timeFormat === undefined ? under.timeFormats : this.strings(raw.timeFormat, `${prefix}timeFormat`);
    const dateFormats =
      raw.dateFormat === undefined ? under.dateFormats : this.strings(raw.dateFormat, `${prefix}dateFormat`);
    return { timezone, timeFormats, dateFormats };
  }

  field(v: unknown, where: string, field: string, required: boolean): FieldMap {
    if (typeof v === "string" || Array.isArray(v))
      return { field, column: this.column(v, where, required), values: null, other: undefined };
    const o = this.object(v, where, FIELD_KEYS);
    if (o.column === undefined) this.fail(where, `missing "column"`);
    let values: Map<string, string | null> | null = null;
    if (o.values !== undefined) {
      const table = this.object(o.values, `${where}.values`, Object.keys(o.values ?? {}));
      values = new Map();
      for (const [k, val] of Object.entries(table)) {
        if (val !== null && typeof val !== "string")
          this.fail(`${where}.values.${k}`, `expected a string or null, got ${show(val)}`);
        values.set(k.trim(), val);
      }
    }
    let other: string | null | undefined;
    if (o.other !== undefined) {
      if (o.other !== null && typeof o.other !== "string")
        this.fail(`${where}.other`, `expected a string or null, got ${show(o.other)}`);
      other = o.other;
    }
    return { field, column: this.column(o.column, `${where}.column`, required), values, other };
  }

  match(v: unknown, where: string): MatchMap {
    const o = this.object(v, where, MATCH_KEYS);
    if ((o.value === undefined) === (o.values === undefined))
      this.fail(where, `expected exactly one of "value" or "values"`);
    const values =
      o.value !== undefined ? [this.string(o.value, `${where}.value`)] : this.strings(o.values, `${where}.values`);
    // a match's column must exist in the export, preset or not: without it the rule can't be applied
    const column = o.column === undefined ? null : this.column(o.column, `${where}.column`, true);
    return { column, values: values.map((x) => x.trim().toLowerCase()), where };
  }
}

const NO_TIME: TimeMap = { timezone: null, timeFormats: [], dateFormats: [] };

function applyLeads(r: Reader, raw: unknown, top: TimeMap, base: LeadsMapping | null, required: boolean): LeadsMapping {
  if (raw === undefined) {
    if (base === null) r.fail("", `missing "leads" (the columns of the leads export)`);
    return { ...base, time: mergeTime(base.time, top) };
  }
  const o = r.object(raw, "leads", LEADS_KEYS);
  const col = (k: "id" | "created") => {
    if (o[k] !== undefined) return r.column(o[k], `leads.${k}`, true);
    if (base !== null) return base[k];
    return r.fail("leads", `missing "${k}"`);
  };
  // the lead id and creation time are needed whoever names them
  const id = { ...col("id"), required: true };
  const created = { ...col("created"), required: true };
  const owner = r.optionalColumn(o.owner, "leads.owner", required, base?.owner ?? null);

  const fields = new Map<string, FieldMap>((base?.fields ?? []).map((f) => [f.field, f]));
  if (o.fields !== undefined) {
    const fo = r.object(o.fields, "leads.fields", Object.keys(o.fields ?? {}));
    for (const [name, v] of Object.entries(fo)) {
      if (v === null) fields.delete(name);
      else fields.set(name, r.field(v, `leads.fields.${name}`, name, required));
    }
  }
  const stages = new Map<string, StageMap>((base?.stages ?? []).map((st) => [`${st.field}\u0000${st.value}`, st]));
  if (o.stages !== undefined) {
    const so = r.object(o.stages, "leads.stages", Object.keys(o.stages ?? {}));
    for (const [field, v] of Object.entries(so)) {
      const where = `leads.stages.${field}`;
      if (v === null) {
        for (const [k, st] of stages) if (st.field === field) stages.delete(k);
        continue;
      }
      const vo = r.object(v, where, Object.keys(v ?? {}));
      for (const [value, col] of Object.entries(vo)) {
        const key = `${field}\u0000${value.trim()}`;
        if (col === null) stages.delete(key);
        else stages.set(key, { field, value: value.trim(), column: r.column(col, `${where}.${value}`, required) });
      }
    }
  }
  const time = r.time(o, "leads", mergeTime(base?.time ?? NO_TIME, top));
  return { id, created, owner, fields: [...fields.values()], stages: [...stages.values()], time };
}

/** `fields` of activities: SLA field -> column or { column, values, other }; null drops a base entry. */
function applyFieldMaps(r: Reader, raw: unknown, where: string, base: FieldMap[], required: boolean): FieldMap[] {
  const fields = new Map<string, FieldMap>(base.map((f) => [f.field, f]));
  if (raw !== undefined) {
    const fo = r.object(raw, where, Object.keys(raw ?? {}));
    for (const [name, v] of Object.entries(fo)) {
      if (v === null) fields.delete(name);
      else fields.set(name, r.field(v, `${where}.${name}`, name, required));
    }
  }
  return [...fields.values()];
}

function applyHistory(
  r: Reader,
  raw: unknown,
  top: TimeMap,
  base: HistoryMapping | null,
  required: boolean,
): HistoryMapping | null {
  if (raw === undefined) return base === null ? null : { ...base, time: mergeTime(base.time, top) };
  if (raw === null) return null;
  const o = r.object(raw, "history", HISTORY_KEYS);
  const col = (k: "lead" | "at" | "field" | "value") => {
    if (o[k] !== undefined) return { ...r.column(o[k], `history.${k}`, true), required: true };
    if (base !== null) return base[k];
    return r.fail("history", `missing "${k}"`);
  };
  const lead = col("lead");
  const at = col("at");
  const field = col("field");
  const value = col("value");
  const old = r.optionalColumn(o.old, "history.old", required, base?.old ?? null);
  const fields = new Map(base?.fields ?? []);
  if (o.fields !== undefined) {
    const fo = r.object(o.fields, "history.fields", Object.keys(o.fields ?? {}));
    for (const [name, v] of Object.entries(fo)) {
      if (v === null) fields.delete(name);
      else
        fields.set(name, { names: r.strings(v, `history.fields.${name}`), required, where: `history.fields.${name}` });
    }
  }
  const owner =
    o.owner === undefined ? (base?.owner ?? []) : o.owner === null ? [] : r.strings(o.owner, "history.owner");
  const time = r.time(o, "history", mergeTime(base?.time ?? NO_TIME, top));
  return { lead, at, field, value, old, fields, owner, time };
}

function applyOwners(r: Reader, raw: unknown, base: Map<string, string>): Map<string, string> {
  if (raw === undefined) return base;
  const owners = new Map(base);
  const oo = r.object(raw, "owners", Object.keys(raw ?? {}));
  for (const [k, v] of Object.entries(oo)) {
    if (v === null) owners.delete(k);
    else owners.set(k, r.string(v, `owners.${k}`).trim());
  }
  return owners;
}

function applyActivities(
  r: Reader,
  raw: unknown,
  top: TimeMap,
  base: ActivitiesMapping | null,
  required: boolean,
): ActivitiesMapping | null {
  if (raw === undefined) return base === null ? null : { ...base, time: mergeTime(base.time, top) };
  if (raw === null) return null;
  const o = r.object(raw, "activities", ACTIVITIES_KEYS);
  const col = (k: "lead" | "at") => {
    if (o[k] !== undefined) return r.column(o[k], `activities.${k}`, true);
    if (base !== null) return base[k];
    return r.fail("activities", `missing "${k}"`);
  };
  const lead = { ...col("lead"), required: true };
  const at = { ...col("at"), required: true };
  const id = r.optionalColumn(o.id, "activities.id", required, base?.id ?? null);
  const by = r.optionalColumn(o.by, "activities.by", required, base?.by ?? null);
  const type = r.optionalColumn(o.type, "activities.type", required, base?.type ?? null);
  const channel = r.optionalColumn(o.channel, "activities.channel", required, base?.channel ?? null);

  let touch = base?.touch ?? null;
  if (o.touch !== undefined) touch = o.touch === null ? null : r.match(o.touch, "activities.touch");

  const events = new Map((base?.events ?? []).map((e) => [e.type, e]));
  if (o.events !== undefined) {
    const eo = r.object(o.events, "activities.events", Object.keys(o.events ?? {}));
    for (const [name, v] of Object.entries(eo)) {
      const where = `activities.events.${name}`;
      if (!CUSTOM_TYPE.test(name) || BUILTIN.has(name)) {
        r.fail(
          where,
          `${show(name)} is not a custom event type (a dotted lowercase name like "demo.started", other than ${quoteList(BUILTIN_TYPES)})`,
        );
      }
      if (v === null) events.delete(name);
      else events.set(name, { type: name, match: r.match(v, where) });
    }
  }
  for (const m of [touch, ...[...events.values()].map((e) => e.match)]) {
    if (m !== null && m.column === null && type === null) {
      r.fail(m.where, `no "column" to match on, and no "activities.type" column to default to`);
    }
  }
  const fields = applyFieldMaps(r, o.fields, "activities.fields", base?.fields ?? [], required);
  const time = r.time(o, "activities", mergeTime(base?.time ?? NO_TIME, top));
  return { lead, at, id, by, type, channel, touch, events: [...events.values()], fields, time };
}

/** Settings in `over` (a file's top level) win over `base` (a preset's section). */
function mergeTime(base: TimeMap, over: TimeMap): TimeMap {
  return {
    timezone: over.timezone ?? base.timezone,
    timeFormats: over.timeFormats.length > 0 ? over.timeFormats : base.timeFormats,
    dateFormats: over.dateFormats.length > 0 ? over.dateFormats : base.dateFormats,
  };
}

function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw mappingError(`${source}: invalid JSON (${e instanceof Error ? e.message : String(e)})`, "EV401");
  }
}

/** `source` names the mapping in messages; `name` in Mapping.name. */
function resolve(
  json: unknown,
  presets: Readonly<Record<string, unknown>>,
  source: string,
  name: string,
  depth: number,
  isPreset: boolean,
): Mapping {
  const r = new Reader(source);
  const o = r.object(json, "", TOP_KEYS);
  let base: Mapping | null = null;
  if (o.extends !== undefined) {
    const preset = r.string(o.extends, "extends");
    if (!Object.hasOwn(presets, preset)) {
      r.fail(
        "extends",
        `no preset named ${show(preset)}${didYouMean(preset, Object.keys(presets))}; presets: ${quoteList(Object.keys(presets))}`,
      );
    }
    if (depth > 4) r.fail("extends", "presets extend each other too deeply");
    base = resolve(presets[preset], presets, `preset "${preset}"`, preset, depth + 1, true);
  }
  const top = r.time(o, "", NO_TIME);
  const required = !isPreset;
  const leads = applyLeads(r, o.leads, top, base?.leads ?? null, required);
  const activities = applyActivities(r, o.activities, top, base?.activities ?? null, required);
  const history = applyHistory(r, o.history, top, base?.history ?? null, required);
  const owners = applyOwners(r, o.owners, base?.owners ?? new Map());
  let decimal = base?.decimal ?? null;
  if (o.decimal !== undefined) {
    if (o.decimal !== null && o.decimal !== "." && o.decimal !== ",")
      r.fail("decimal", `expected "." or "," (or null: "," in a semicolon-delimited file), got ${show(o.decimal)}`);
    decimal = o.decimal as "." | "," | null;
  }
  return {
    name: base === null ? name : `${name} (extends ${base.name})`,
    leads,
    activities,
    history,
    owners,
    decimal,
  };
}

/**
 * A mapping from its JSON (text or parsed), or the name of a preset. `source`
 * names it in messages (e.g. the --map file's path). Throws IngestError (EV401, EV402).
 */
export function loadMapping(json: unknown, presets: Readonly<Record<string, unknown>>, source = "mapping"): Mapping {
  if (typeof json === "string") {
    const t = json.trim();
    if (!t.startsWith("{")) {
      if (Object.hasOwn(presets, t)) return resolve(presets[t], presets, `preset "${t}"`, t, 1, true);
      throw mappingError(
        `no preset named ${show(t)}${didYouMean(t, Object.keys(presets))}; presets: ${quoteList(Object.keys(presets))}`,
      );
    }
    json = parseJsonText(t, source);
  }
  return resolve(json, presets, source, source, 0, false);
}
