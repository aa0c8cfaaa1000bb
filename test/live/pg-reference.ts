// The uninterrupted answer the crash tests compare against: the events in
// replay order (duplicates, same id and time, once) straight through one
// LiveCore, then deadlines at the last event's instant (end of input).
import type { IR } from "../../language/ir.ts";
import type { SlaEvent } from "../../engine/events.ts";
import { makeEventDecoder } from "../../engine/ingest/decode.ts";
import { decodeLine } from "../../engine/ingest/jsonl.ts";
import { LiveCore, LiveRefusal } from "../../engine/live/core.ts";
import type { LiveRecord } from "../../engine/live/record.ts";
import { compareEvents } from "../../engine/order.ts";
import { Failure } from "../../engine/problems.ts";

export function referenceRecords(ir: IR, specVersion: string, jsonl: string): Map<string, LiveRecord> {
  const decode = makeEventDecoder(ir);
  const events: SlaEvent[] = [];
  for (const line of jsonl.split("\n")) {
    const r = decodeLine(decode, line);
    if (r && !(r instanceof Failure)) events.push(r);
  }
  events.sort(compareEvents);
  const core = new LiveCore(ir, specVersion);
  const out = new Map<string, LiveRecord>();
  let prev: SlaEvent | null = null;
  for (const e of events) {
    if (prev && prev.at === e.at && prev.id === e.id) continue;
    prev = e;
    try {
      for (const r of core.apply(e)) out.set(r.id, r);
    } catch (x) {
      if (!(x instanceof LiveRefusal)) throw x;
    }
  }
  const now = core.now;
  if (now !== null) for (const r of core.advanceTo(now, true)) out.set(r.id, r);
  return out;
}

/** Records (lines with an id and a record kind) from JSONL output; partial lines of a killed process are skipped. */
export function parseRecords(text: string): LiveRecord[] {
  const out: LiveRecord[] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    let r: LiveRecord;
    try {
      r = JSON.parse(line);
    } catch {
      continue;
    }
    if (r.kind === "warning" || r.kind === "breach" || r.kind === "action") out.push(r);
  }
  return out;
}
