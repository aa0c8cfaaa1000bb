// Writing generated events: JSONL lines, JSONL chunks and engine event
// objects, all from the same stream of pending-event slots.
import type { SlaEvent } from "../engine/events.ts";
import { iso } from "../engine/report.ts";
import { core } from "./history.ts";
import { type GeneratorOptions, type ResolvedOptions, resolveOptions } from "./options.ts";
import { type Fields, type Pool, T_ASSIGNED, T_AWAY, T_CREATED, T_TOUCH, T_UPDATED, TYPE_NAMES } from "./pending.ts";

// The generator functions check their options when called (not at the first `next()`).

/** JSONL lines (no trailing newline), sorted by `at`, in the sketch's format. */
export function generateEvents(opts: Partial<GeneratorOptions> = {}): Generator<string> {
  return lines(resolveOptions(opts));
}
function* lines(o: ResolvedOptions): Generator<string> {
  const out: string[] = [];
  for (const _ of core(o, (q, i) => {
    out.push(`{"id":"e${q.id(i)}","at":"${iso(q.at(i))}",${renderBody(q, i)}`);
  })) {
    for (const line of out) yield line;
    out.length = 0;
  }
}

/** The JSONL text in chunks of about `chunkChars` characters, each ending with a newline:
 *  the fastest way to write a big file (used by `sla generate`). */
export function generateJsonlChunks(opts: Partial<GeneratorOptions> = {}, chunkChars = 1 << 16): Generator<string> {
  return chunks(resolveOptions(opts), chunkChars);
}
function* chunks(o: ResolvedOptions, chunkChars: number): Generator<string> {
  let buf = "";
  for (const _ of core(o, (q, i) => {
    buf += `{"id":"e${q.id(i)}","at":"${iso(q.at(i))}",${renderBody(q, i)}\n`;
  })) {
    if (buf.length >= chunkChars) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}

/** The same events as engine objects (epoch-ms `at` and `until`), for in-process use. */
export function generateEventObjects(opts: Partial<GeneratorOptions> = {}): Generator<SlaEvent> {
  return objects(resolveOptions(opts));
}
function* objects(o: ResolvedOptions): Generator<SlaEvent> {
  const events: SlaEvent[] = [];
  for (const _ of core(o, (q, i) => {
    events.push(toObject(q, i));
  })) {
    for (const e of events) yield e;
    events.length = 0;
  }
}

// JSON of an event after "id" and "at", without the opening brace. Names (lead ids,
// validated rep names, channels, dotted types) never need escaping.
function renderBody(q: Pool, i: number): string {
  const type = q.typeCode(i);
  switch (type) {
    case T_TOUCH:
      return `"type":"touch","lead":"L${q.leadNum(i)}","by":"${q.x(i)}","channel":"${q.y(i)}"}`;
    case T_ASSIGNED:
      return `"type":"lead.assigned","lead":"L${q.leadNum(i)}","owner":"${q.x(i)}"}`;
    case T_CREATED:
    case T_UPDATED:
      return `"type":"${TYPE_NAMES[type]}","lead":"L${q.leadNum(i)}","fields":${renderFields(q.fields[i]!)}}`;
    case T_AWAY:
      return `"type":"rep.away","rep":"${q.x(i)}","until":"${iso(q.until(i))}"}`;
    default:
      return `"type":"${TYPE_NAMES[type]}","lead":"L${q.leadNum(i)}"}`;
  }
}

function renderFields(f: Fields): string {
  let s = "{";
  for (const k in f) {
    const v = f[k];
    s += `${s.length > 1 ? "," : ""}"${k}":${typeof v === "number" ? v : JSON.stringify(v)}`;
  }
  return s + "}";
}

function toObject(q: Pool, i: number): SlaEvent {
  const id = `e${q.id(i)}`,
    at = q.at(i),
    code = q.typeCode(i),
    type = TYPE_NAMES[code];
  if (code === T_AWAY) return { id, at, type: "rep.away", rep: q.x(i), until: q.until(i) };
  const lead = `L${q.leadNum(i)}`;
  switch (code) {
    case T_TOUCH:
      return { id, at, type: "touch", lead, by: q.x(i), channel: q.y(i) };
    case T_ASSIGNED:
      return { id, at, type: "lead.assigned", lead, owner: q.x(i) };
    case T_CREATED:
    case T_UPDATED:
      return { id, at, type, lead, fields: { ...q.fields[i] } } as SlaEvent;
    default:
      return { id, at, type: "custom", name: type, lead };
  }
}

/** The whole JSONL text (lines joined by "\n", with a trailing newline): for small runs and the playground. */
export function generateJsonl(opts: Partial<GeneratorOptions> = {}): string {
  let text = "";
  for (const chunk of generateJsonlChunks(opts)) text += chunk;
  return text;
}
