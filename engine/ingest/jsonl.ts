// JSONL event files: one JSON event per line; blank lines are skipped.
import type { IR } from "../../language/ir.ts";
import type { SlaEvent } from "../events.ts";
import { Failure, type Result } from "../problems.ts";
import { type DecodeOptions, type EventDecoder, makeEventDecoder } from "./decode.ts";
import { IngestError, type Rejected } from "./errors.ts";
import { type Line, LineSplitter } from "./lines.ts";

export { IngestError, type Rejected };

/** Arrays and objects an event line may nest: an event needs 2 (the event, its fields). */
export const MAX_DEPTH = 64;

export interface JsonlOptions extends DecodeOptions {
  /** Name used in messages and in Rejected records. */
  file: string;
  ir: Pick<IR, "fields">;
  /** Skip bad lines (reporting them to onReject) instead of stopping at the first. */
  lenient: boolean;
  onReject?: (r: Rejected) => void;
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** The event on a line, null for a blank line, or why not. Shared by every JSONL reader. */
export function decodeLine(decode: EventDecoder, text: Result<string>): Result<SlaEvent> | null {
  if (typeof text !== "string") return text;
  if (text.length === 0 || isBlank(text)) return null;
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return new Failure("EV002", `invalid JSON (${printable(e instanceof Error ? e.message : String(e))})`);
  }
  const ev = decode(obj);
  // only a rejected line can nest: say so rather than describe the nesting
  if (ev instanceof Failure && nestsDeeperThan(obj, MAX_DEPTH))
    return new Failure("EV003", `nested too deeply (more than ${MAX_DEPTH} levels of arrays and objects)`);
  return ev;
}

/** Iterative (no recursion on hostile input); stops at the first path deeper than `limit`. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (d >= limit) return true;
    if (Array.isArray(v)) for (const x of v) stack.push([x, d + 1]);
    else for (const k in v) stack.push([(v as Record<string, unknown>)[k], d + 1]);
  }
  return false;
}

/**
 * Decodes lines into `out`. Returns the error of the first bad line in strict
 * mode (the caller hands out the events before it, then throws); in lenient mode
 * bad lines are reported and skipped.
 */
function decodeLines(lines: Line[], decode: EventDecoder, opts: JsonlOptions, out: SlaEvent[]): IngestError | null {
  for (const { text, line } of lines) {
    const r = decodeLine(decode, text);
    if (r === null) continue;
    if (!(r instanceof Failure)) out.push(r);
    else if (!opts.lenient) return new IngestError(r.code, opts.file, line, r.message);
    else opts.onReject?.({ code: r.code, file: opts.file, line, reason: r.message });
  }
  return null;
}

/**
 * The events of a JSONL stream, a chunk's worth at a time: the fast way to read
 * millions of events (an await per event costs about as much as parsing it).
 */
export async function* readJsonlBatches(
  chunks: AsyncIterable<string> | Iterable<string>,
  opts: JsonlOptions,
): AsyncGenerator<SlaEvent[]> {
  const decode = makeEventDecoder(opts.ir, opts);
  const splitter = new LineSplitter();
  const step = function* (lines: Line[]): Generator<SlaEvent[]> {
    const batch: SlaEvent[] = [];
    const err = decodeLines(lines, decode, opts, batch);
    if (batch.length > 0) yield batch;
    if (err) throw err;
  };
  for await (const chunk of chunks) yield* step(splitter.push(chunk));
  yield* step(splitter.end());
}

/** The events of a JSONL stream, one at a time, in file order. */
export async function* readJsonlEvents(
  chunks: AsyncIterable<string> | Iterable<string>,
  opts: JsonlOptions,
): AsyncGenerator<SlaEvent> {
  for await (const batch of readJsonlBatches(chunks, opts)) {
    for (const ev of batch) yield ev;
  }
}

/** Whole-text variant for the playground; strict mode throws at the first bad line. */
export function parseJsonlText(
  text: string,
  opts: Omit<JsonlOptions, "onReject">,
): { events: SlaEvent[]; rejected: Rejected[] } {
  const events: SlaEvent[] = [];
  const rejected: Rejected[] = [];
  const splitter = new LineSplitter();
  const lines = [...splitter.push(text), ...splitter.end()];
  const err = decodeLines(
    lines,
    makeEventDecoder(opts.ir, opts),
    { ...opts, onReject: (r) => void rejected.push(r) },
    events,
  );
  if (err) throw err;
  return { events, rejected };
}

/** Error text quoting the input, without control characters (binary files). */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
}
