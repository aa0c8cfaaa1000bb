// What the live engine emits: one record per warning, breach and breach
// action, each with an id derived from what it is about (lead, spec version,
// obligation, clock start, kind, action index), never from when it was
// emitted, so a restart that recomputes a record gives it the same id and a
// consumer can de-duplicate. Records are plain JSON (one JSONL line each).
import type { ObligationKind } from "../runtime.ts";
import type { ActionRecord } from "../result.ts";
import type { EvCode } from "../problems.ts";

export type LiveRecordKind = "warning" | "breach" | "action";

/** The obligation a record is about. */
export interface LiveObligation {
  /** position in its spec version's obligations */
  index: number;
  /** the IR's stable id, e.g. "respond demos" */
  name: string;
  /** readable, e.g. "respond demos within 5m" */
  label: string;
  kind: ObligationKind;
  segment: string | null;
}

export interface LiveRecord {
  id: string;
  kind: LiveRecordKind;
  lead: string;
  obligation: LiveObligation;
  /** when the clock started, ISO-8601 UTC */
  clockStart: string;
  /** when this happened (warning instant, breach instant = due, action = its breach), ISO-8601 UTC */
  at: string;
  /** the clock's due instant, ISO-8601 UTC (null: a paused clock warned, not possible today) */
  due: string | null;
  /** the lead's owner: at the warning; for a breach and its actions, the owner who breached (before any reassign) */
  owner: string | null;
  /** content hash (hex SHA-256) of the spec version that judged it (the one that started the clock) */
  specVersion: string;
  /** action records: the action, its position in its clause, and the record id of the breach (or warning) that fired it */
  action?: ActionRecord;
  actionIndex?: number;
  breachId?: string;
  /** actions of a warning (`warn at 80% notify ...`) name their warning instead of a breach */
  warningId?: string;
}

/**
 * Problems with input events, reported on the same stream (never dropped
 * silently): "late" (older than the lateness allows), "rejected" (bad or
 * unexplainable event; state unchanged). Their id derives from the input
 * event (or line), so re-reading the same input repeats the same id.
 */
export interface LiveNotice {
  id: string;
  kind: "late" | "rejected";
  code: EvCode;
  /** where the event was read, e.g. "<stdin>:12" */
  where: string;
  /** the event's id when it had one */
  event: string | null;
  reason: string;
}

/** Everything written to the output stream. */
export type LiveOutput = LiveRecord | LiveNotice;

/**
 * The record id: a 128-bit hash (hex, 32 chars) of what the record is about.
 * Not cryptographic; collisions are out of reach for record counts in the
 * billions (birthday bound about 2^64).
 */
export function recordId(
  kind: LiveRecordKind,
  lead: string,
  specVersion: string,
  obligation: number,
  clockStart: number,
  nth: number,
  actionIndex = -1,
  /** the record an action belongs to ("breach" keeps the ids of breach actions as they were) */
  parent: "breach" | "warning" = "breach",
): string {
  const tag = parent === "warning" ? "warning-action" : kind;
  return hash128(
    `${tag}\u0000${lead}\u0000${specVersion}\u0000${obligation}\u0000${clockStart}\u0000${nth}\u0000${actionIndex}`,
  );
}

/** Id of a notice about an input event (or line when it has no id). */
export function noticeId(kind: LiveNotice["kind"], code: EvCode, key: string): string {
  return hash128(`${kind}\u0000${code}\u0000${key}`);
}

/** Four 32-bit lanes of a multiply-xorshift hash over UTF-16 code units (murmur3-style finaliser). */
export function hash128(s: string): string {
  let h1 = 0x9e3779b1 | 0;
  let h2 = 0x85ebca77 | 0;
  let h3 = 0xc2b2ae3d | 0;
  let h4 = 0x27d4eb2f | 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h3 = Math.imul(h3 ^ c, 0x85ebca6b);
    h4 = Math.imul(h4 ^ c, 0xcc9e2d51);
    h1 = (h1 << 13) | (h1 >>> 19);
    h2 = (h2 << 15) | (h2 >>> 17);
    h3 = (h3 << 11) | (h3 >>> 21);
    h4 = (h4 << 17) | (h4 >>> 15);
  }
  // mix lanes into each other so every input unit reaches every output bit
  h1 = fmix(h1 ^ s.length ^ h3);
  h2 = fmix(h2 ^ h1);
  h3 = fmix(h3 ^ h2);
  h4 = fmix(h4 ^ h3);
  h1 = fmix(h1 ^ h4);
  return hex(h1) + hex(h2) + hex(h3) + hex(h4);
}
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
function hex(x: number): string {
  return (x >>> 0).toString(16).padStart(8, "0");
}
