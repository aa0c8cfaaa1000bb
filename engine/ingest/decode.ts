// One JSON event (already parsed) -> a checked SlaEvent with epoch-ms times and
// field values typed per the SLA. Hand-written rather than ajv because it has to
// convert as well as check, and it is the hot path of a replay; its rules are
// the same as engine/event.schema.json (a test keeps the two in agreement).
import type { IR } from "../../language/ir.ts";
import { assertNever } from "../assert-never.ts";
import { BUILTIN_TYPES, type EventType, type FieldValue, type SlaEvent, type Touch } from "../events.ts";
import { type EvCode, Failure, type Result } from "../problems.ts";
import { closest, didYouMean, show } from "./suggest.ts";
import type { IngestTally } from "./tally.ts";
import { inSupportedRange, parseTimestamp, rangeProblem, timestampProblem } from "./timestamp.ts";
import { jsonReader, type Read } from "./values.ts";

export type EventDecoder = (obj: unknown) => Result<SlaEvent>;

/** Custom event types: dotted lowercase names such as `demo.started`. */
export const CUSTOM_TYPE_PATTERN = "^[a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)+$";
const CUSTOM_TYPE = new RegExp(CUSTOM_TYPE_PATTERN);

/** The engine's event tags: the built-in types and "custom". */
type Kind = EventType;
type BuiltinType = (typeof BUILTIN_TYPES)[number];
const KINDS: readonly Kind[] = [...BUILTIN_TYPES, "custom"];

/** The properties each kind of event may have. */
export const EVENT_PROPERTIES: Record<Kind, readonly string[]> = {
  "lead.created": ["id", "at", "type", "lead", "fields", "owner"],
  "lead.updated": ["id", "at", "type", "lead", "fields"],
  "lead.assigned": ["id", "at", "type", "lead", "owner"],
  touch: ["id", "at", "type", "lead", "by", "channel"],
  "rep.away": ["id", "at", "type", "rep", "until"],
  custom: ["id", "at", "type", "lead"],
};
const ALLOWED = new Map<Kind, ReadonlySet<string>>(KINDS.map((k) => [k, new Set(EVENT_PROPERTIES[k])]));
const BUILTIN: ReadonlySet<string> = new Set(BUILTIN_TYPES);
function isBuiltin(type: string | null): type is BuiltinType {
  return type !== null && BUILTIN.has(type);
}

const fail = (code: EvCode, message: string): Failure => new Failure(code, message);

/**
 * An identifier must say exactly which lead, event or rep it is: U+FFFD is
 * what decoding bytes that are not UTF-8 leaves, and two different ids
 * written in a broken encoding would otherwise merge.
 */
export function idProblem(s: string, name: string): Failure | null {
  return s.indexOf("\uFFFD") < 0
    ? null
    : fail(
        "EV112",
        `"${name}": ${show(s)} contains U+FFFD, the mark of bytes that are not valid UTF-8; save the file as UTF-8`,
      );
}

/** A string or number identifier (numbers become strings); a Failure when absent or wrong. */
function readId(v: unknown, name: string): Result<string> {
  if (typeof v === "string" && v.length > 0) return idProblem(v, name) ?? v;
  if (typeof v === "number") {
    // beyond 2^53 two different ids parse to the same number (1e400 parses to Infinity)
    if (!(Math.abs(v) <= Number.MAX_SAFE_INTEGER))
      return fail(
        "EV111",
        `"${name}": ${Number.isFinite(v) ? `the number ${v}` : "a number"} is too large to be exact (beyond 2^53, different ids would merge); write it as a string`,
      );
    return String(v);
  }
  if (v === undefined) return fail("EV102", `missing "${name}"`);
  return fail("EV103", `"${name}": expected a non-empty string or a number, got ${show(v)}`);
}

function readName(v: unknown, name: string): Result<string> {
  if (typeof v === "string" && v.length > 0) return idProblem(v, name) ?? v;
  if (v === undefined) return fail("EV102", `missing "${name}"`);
  return fail("EV103", `"${name}": expected a non-empty string, got ${show(v)}`);
}

function readTime(v: unknown, name: string): Result<number> {
  if (typeof v === "string") {
    const t = parseTimestamp(v);
    if (t !== t) return fail("EV106", `"${name}": ${show(v)} ${timestampProblem(v)}`);
    return inSupportedRange(t) ? t : fail("EV107", `"${name}": ${show(v)} ${rangeProblem()}`);
  }
  if (v === undefined) return fail("EV102", `missing "${name}"`);
  return fail("EV103", `"${name}": expected a timestamp string like "2027-01-04T14:03:00Z", got ${show(v)}`);
}

function unknownProperty(key: string, kind: Kind, type: string): string {
  const base = `unknown property ${show(key)} on a ${kind === "custom" ? `custom "${type}"` : type} event`;
  if (kind === "custom") {
    // {"type": "lead.create", "fields": ...} is a typo for a built-in type, not a custom event
    const builtin = closest(type, BUILTIN_TYPES);
    if (isBuiltin(builtin) && ALLOWED.get(builtin)!.has(key)) return `${base} (did you mean "type": "${builtin}"?)`;
    return `${base}; custom events have only "id", "at", "type" and "lead"`;
  }
  return base + didYouMean(key, EVENT_PROPERTIES[kind]);
}

export interface DecodeOptions {
  /**
   * Today's strict reading: an undeclared field (EV108), a property the type
   * does not have (EV105), a type that is neither built-in nor dotted (EV104)
   * and an enum value the SLA does not list (EV109) are errors. Without it
   * they are data the SLA does not use: skipped and counted in `tally`, and
   * any other type is read as a custom event (the replay ignores and counts
   * the types no rule names).
   */
  strictFields?: boolean;
  /** where tolerant decoding counts what it skipped */
  tally?: IngestTally;
}

export function makeEventDecoder(ir: Pick<IR, "fields">, opts: DecodeOptions = {}): EventDecoder {
  const strict = opts.strictFields === true;
  const tally = opts.tally;
  // What the event being decoded skipped: committed to the tally only when it
  // decodes (a rejected line counts as rejected, not as ignored data).
  // 0: field, 1: property, 2: unlisted value of field `a` (value `b`).
  const pendKind: number[] = [];
  const pendA: string[] = [];
  const pendB: string[] = [];
  const skip = (kind: number, a: string, b = ""): void => {
    pendKind.push(kind);
    pendA.push(a);
    pendB.push(b);
  };
  // a Map, never ir.fields[name]: a field called "constructor" must not find Object.prototype's
  const readers = new Map<string, Read>();
  for (const [name, t] of Object.entries(ir.fields))
    readers.set(name, jsonReader(t, strict ? undefined : (v) => skip(2, name, v)));

  function readFields(v: unknown): Result<Record<string, FieldValue>> {
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      return v === undefined
        ? fail("EV102", `missing "fields"`)
        : fail("EV103", `"fields": expected an object of field values, got ${show(v)}`);
    }
    const src = v as Record<string, unknown>;
    const out: Record<string, FieldValue> = {};
    for (const name in src) {
      const read = readers.get(name);
      if (read === undefined && !strict) {
        skip(0, name);
        continue;
      }
      if (read === undefined) {
        const hint = readers.size === 0 ? " (the SLA declares no fields)" : didYouMean(name, readers.keys());
        return fail("EV108", `unknown field ${show(name)}${hint}`);
      }
      const value = read(src[name]);
      if (value instanceof Failure) return fail(value.code, `field "${name}": ${value.message}`);
      if (name === "__proto__")
        Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      else out[name] = value;
    }
    return out;
  }

  function commit(): void {
    for (let i = 0; i < pendKind.length; i++) {
      const k = pendKind[i];
      if (k === 0) tally?.field(pendA[i]);
      else if (k === 1) tally?.property(pendA[i]);
      else tally?.unlistedValue(pendA[i], pendB[i]);
    }
  }

  return function decodeEvent(obj: unknown): Result<SlaEvent> {
    if (pendKind.length > 0) pendKind.length = pendA.length = pendB.length = 0;
    const ev = decodeOne(obj);
    if (pendKind.length > 0 && !(ev instanceof Failure)) commit();
    return ev;
  };

  function decodeOne(obj: unknown): Result<SlaEvent> {
    if (typeof obj !== "object" || obj === null || Array.isArray(obj))
      return fail("EV101", `expected a JSON object, got ${show(obj)}`);
    const o = obj as Record<string, unknown>;
    const type = o.type;
    if (typeof type !== "string") {
      return type === undefined
        ? fail("EV102", `missing "type"`)
        : fail("EV103", `"type": expected a string like "touch", got ${show(type)}`);
    }
    const kind: Kind | null = isBuiltin(type)
      ? type
      : CUSTOM_TYPE.test(type) || (!strict && type.length > 0)
        ? "custom"
        : null;
    if (kind === null) {
      return fail(
        "EV104",
        `"type": ${show(type)} is not an event type${didYouMean(type, BUILTIN_TYPES)}; ` +
          `custom event types are dotted lowercase names like "demo.started"`,
      );
    }
    const allowed = ALLOWED.get(kind)!;
    for (const key in o)
      if (!allowed.has(key)) {
        if (strict) return fail("EV105", unknownProperty(key, kind, type));
        skip(1, key);
      }

    const id = readId(o.id, "id");
    if (typeof id !== "string") return id;
    const at = readTime(o.at, "at");
    if (typeof at !== "number") return at;

    if (kind === "rep.away") {
      const rep = readName(o.rep, "rep");
      if (typeof rep !== "string") return rep;
      const until = readTime(o.until, "until");
      if (typeof until !== "number") return until;
      if (until <= at) return fail("EV110", `"until" (${show(o.until)}) must be later than "at" (${show(o.at)})`);
      return { id, at, type: "rep.away", rep, until };
    }

    const lead = readId(o.lead, "lead");
    if (typeof lead !== "string") return lead;
    switch (kind) {
      case "lead.created": {
        const fields = o.fields === undefined ? {} : readFields(o.fields);
        if (fields instanceof Failure) return fields;
        if (o.owner === undefined) return { id, at, type: "lead.created", lead, fields };
        const owner = readName(o.owner, "owner");
        if (typeof owner !== "string") return owner;
        return { id, at, type: "lead.created", lead, fields, owner };
      }
      case "lead.updated": {
        const fields = readFields(o.fields);
        if (fields instanceof Failure) return fields;
        return { id, at, type: "lead.updated", lead, fields };
      }
      case "lead.assigned": {
        const owner = readName(o.owner, "owner");
        if (typeof owner !== "string") return owner;
        return { id, at, type: "lead.assigned", lead, owner };
      }
      case "touch": {
        const ev: Touch = { id, at, type: "touch", lead };
        if (o.by !== undefined) {
          const by = readName(o.by, "by");
          if (typeof by !== "string") return by;
          ev.by = by;
        }
        if (o.channel !== undefined) {
          const channel = readName(o.channel, "channel");
          if (typeof channel !== "string") return channel;
          ev.channel = channel;
        }
        return ev;
      }
      case "custom":
        return { id, at, type: "custom", name: type, lead };
      default:
        return assertNever(kind, "event kind");
    }
  }
}
