// JSONL event files: one JSON event per line; blank lines are skipped.
import type { IR } from "../../language/ir.ts";
import type { SlaEvent } from "../events.ts";
import { makeEventDecoder, type EventDecoder } from "./decode.ts";
import { IngestError, reject, type Rejected } from "./errors.ts";
import { splitLines, splitLinesSync, type Line } from "./lines.ts";

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

/** The event on a line, null for a blank line, or an error message. */
function decodeLine(decode: EventDecoder, text: string): SlaEvent | null | string {
  if (text.length === 0 || isBlank(text)) return null;
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return `invalid JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  const ev = decode(obj);
  return "error" in ev ? ev.error : ev;
}

export async function* readJsonlEvents(
  chunks: AsyncIterable<string> | Iterable<string>,
  opts: JsonlOptions,
): AsyncGenerator<SlaEvent> {
  const decode = makeEventDecoder(opts.ir);
  for await (const { text, line } of splitLines(chunks)) {
    const r = decodeLine(decode, text);
    if (typeof r === "string") reject(opts, line, r);
    else if (r !== null) yield r;
  }
}

/** Whole-text variant for the playground. */
export function parseJsonlText(
  text: string,
  opts: Omit<JsonlOptions, "onReject">,
): { events: SlaEvent[]; rejected: Rejected[] } {
  const decode = makeEventDecoder(opts.ir);
  const events: SlaEvent[] = [];
  const rejected: Rejected[] = [];
  const ro = { ...opts, onReject: (r: Rejected) => void rejected.push(r) };
  const lines: Iterable<Line> = splitLinesSync(text);
  for (const { text: t, line } of lines) {
    const r = decodeLine(decode, t);
    if (typeof r === "string") reject(ro, line, r);
    else if (r !== null) events.push(r);
  }
  return { events, rejected };
}
