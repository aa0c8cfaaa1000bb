// Binding a mapping's columns to a CSV header, and reading cells the way
// every CRM file is read (ids, times, translated field values).
import type { IRFieldType } from "../../language/ir.ts";
import type { FieldValue } from "../events.ts";
import { Failure, IngestError, type Result } from "../problems.ts";
import { idProblem } from "./decode.ts";
import type { ColumnRef, FieldMap, TimeMap } from "./mapping-load.ts";
import { closest, quoteList, show } from "./suggest.ts";
import { inSupportedRange, rangeProblem } from "./timestamp.ts";
import { type CellOptions, cellReader } from "./values.ts";
import { makeDateReader, makeTimeReader } from "./zoned.ts";

/** A mapped column bound to a header: the trimmed cell of the first present alternative that has a value. */
export interface Bound {
  /** The header names found, in order of preference. */
  names: string[];
  get: (cells: string[]) => string;
  /** For messages: `column "Lead ID"` or `columns "Lead ID", "Id"`. */
  label: string;
}

/** A column the mapping names that the export's header lacks (a data-fit warning, not an error). */
export interface MissingColumn {
  file: string;
  /** line of the header row */
  line: number;
  /** where the mapping names it, e.g. "leads.fields.source" */
  where: string;
  /** the names looked for */
  names: string[];
  /** what it would have given, e.g. `field "source"` */
  what: string;
  /** a header name that looks like it, if any */
  near: string | null;
  /** the SLA field it would have set, if any */
  field?: string;
}

/** Finds mapped columns in a header: exact name first, then ignoring case. */
export class Header {
  /** Optional columns looked for and not found (see `bind`). */
  readonly missing: MissingColumn[] = [];
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

  /**
   * null when an optional column is absent (noted in `missing` unless `quiet`);
   * throws IngestError for a required one.
   */
  bind(ref: ColumnRef | null, what: string, quiet = false, field?: string): Bound | null {
    if (ref === null) return null;
    const found: number[] = [];
    for (const n of ref.names) {
      const i = this.exact.get(n) ?? this.loose.get(n.toLowerCase());
      if (i !== undefined && !found.includes(i)) found.push(i);
    }
    if (found.length === 0) {
      if (!ref.required) {
        if (!quiet) {
          const near = this.nearest(ref.names);
          const m: MissingColumn = { file: this.file, line: this.line, where: ref.where, names: ref.names, what, near };
          if (field !== undefined) m.field = field;
          this.missing.push(m);
        }
        return null;
      }
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

export function idTag(file: string): string {
  return file.slice(Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
}

/** Reads a time cell: a Failure when it is no time (EV106) or outside the supported years (EV107). */
export function timeReader(time: TimeMap, opts: { timezone?: string }): (cell: string) => Result<number> {
  const read = makeTimeReader({ timezone: time.timezone ?? opts.timezone ?? null, timeFormats: time.timeFormats });
  return (cell) => {
    const t = read(cell);
    return t instanceof Failure || inSupportedRange(t)
      ? t
      : new Failure("EV107", `${show(cell.trim())} ${rangeProblem()}`);
  };
}

/** An id cell: "" when empty, EV112 when it is not valid UTF-8. */
export function idCell(value: string, label: string): Result<string> {
  return idProblem(value, label) ?? value;
}

/** A field's `values` table (exact, then ignoring case) and `other` applied before the type's reader. */
export function translated(
  f: Pick<FieldMap, "values" | "other">,
  readCell: (cell: string) => Result<FieldValue>,
): (cell: string) => Result<FieldValue> {
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

/** Reads a field's cells: its `values` and `other` (if any), then its type. */
export function fieldReader(
  type: IRFieldType,
  f: Pick<FieldMap, "values" | "other"> | undefined,
  time: TimeMap,
  opts: CellOptions = {},
): (cell: string) => Result<FieldValue> {
  const readCell = cellReader(type, { date: makeDateReader(time.dateFormats), ...opts });
  return f === undefined || (f.values === null && f.other === undefined) ? readCell : translated(f, readCell);
}
