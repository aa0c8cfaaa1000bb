// JSONL event files: one JSON event per line; blank lines are skipped.
import type { IR } from "../../language/ir.ts";
import type { SlaEvent } from "../events.ts";
import { type EventDecoder, makeEventDecoder } from "./decode.ts";
import { IngestError, type Rejected } from "./errors.ts";
import { type Line, LineSplitter } from "./lines.ts";

export { IngestError, type Rejected };

export interface JsonlOptions {
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

/** The event on a line, null for a blank line, or an error message. Shared by every JSONL reader. */
export function decodeLine(decode: EventDecoder, text: string): SlaEvent | null | string {
  if (text.length === 0 || isBlank(text)) return null;
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return `invalid JSON (${printable(e instanceof Error ? e.message : String(e))})`;
  }
  const ev = decode(obj);
  return "error" in ev ? ev.error : ev;
}

/**
 * Decodes lines into `out`. Returns the error of the first bad line in strict
 * mode (the caller hands out the events before it, then throws); in lenient mode
 * bad lines are reported and skipped.
 */
function decodeLines(lines: Line[], decode: EventDecoder, opts: JsonlOptions, out: SlaEvent[]): IngestError | null {
  for (const { text, line } of lines) {
    const r = decodeLine(decode, text);
    if (typeof r !== "string") {
      if (r !== null) out.push(r);
    } else if (!opts.lenient) {
      return new IngestError(opts.file, line, r);
    } else {
      opts.onReject?.({ file: opts.file, line, reason: r });
    }
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
  const decode = makeEventDecoder(opts.ir);
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
    makeEventDecoder(opts.ir),
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
