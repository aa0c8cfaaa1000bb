// What a shared link carries: the spec (and the pinned baseline, the open tab,
// the lead being explained), in the URL's hash so it never reaches a server.
//
//   #v1=<base64url(deflate-raw(utf-8(JSON)))>
//
// The version prefix lets a later format coexist; a link from a newer version
// says so instead of being misread. Decoding validates everything: a hostile,
// truncated or huge hash gives a message for the page, never an exception and
// never a spec other than the one that was encoded. Pure: no DOM, runs in Node.
import { deflateSync, Inflate, strToU8 } from "fflate";

export const HASH_VERSION = 1;
export const HASH_PREFIX = `#v${HASH_VERSION}=`;
/** The decompressed JSON may not exceed this (a spec is a few KB; this leaves room for a large one and a baseline). */
export const MAX_DECODED_BYTES = 1_000_000;
/** A hash longer than this is refused before decoding (about 2.5 MB of compressed state). */
export const MAX_HASH_CHARS = 3_500_000;
/** Tab names and lead ids are short identifiers; anything longer is not ours. */
const MAX_TAB_CHARS = 32;
const MAX_LEAD_CHARS = 512;

export interface SharedState {
  /** the .sla source, exactly as it was in the editor */
  spec: string;
  /** the pinned baseline's source, when one was pinned */
  baseline?: string;
  /** the open tab of the right pane ("report", "compare", "plan", ...) */
  tab?: string;
  /** the lead shown in the explain tab */
  lead?: string;
}

export type DecodeResult =
  /** no shared state in this hash (empty, or some other page's anchor): nothing to restore */
  | { kind: "none" }
  | { kind: "ok"; state: SharedState }
  /** a link meant for the playground that cannot be read; `message` is for the page */
  | { kind: "error"; message: string };

/** The hash (with its leading "#") that carries `state`. */
export function encodeState(state: SharedState): string {
  const json = JSON.stringify(pick(state));
  return HASH_PREFIX + toBase64Url(deflateSync(strToU8(json), { level: 9 }));
}

/** Reads a hash made by `encodeState` (with or without the leading "#"). Never throws. */
export function decodeState(hash: string): DecodeResult {
  const h = hash.startsWith("#") ? hash.slice(1) : hash;
  const m = /^v(\d{1,6})(?:=|%3D)/i.exec(h);
  if (!m) return { kind: "none" };
  const version = Number(m[1]);
  if (version !== HASH_VERSION)
    return fail(
      version > HASH_VERSION
        ? `This link was made by a newer version of the playground (format v${version}); this page reads v${HASH_VERSION}. Open the link in the version that made it.`
        : `This link uses an unknown format (v${version}).`,
    );
  const body = h.slice(m[0].length);
  if (body.length === 0) return fail("The link is cut off: it carries no spec. Copy the whole link again.");
  if (body.length > MAX_HASH_CHARS)
    return fail(`The link is too long (${body.length.toLocaleString("en-US")} characters) to be a playground link.`);
  // a base64 string one character past a whole group was cut mid-character
  if (body.replace(/={1,2}$/, "").length % 4 === 1) return fail(CUT);
  const bytes = fromBase64Url(body);
  if (bytes === null)
    return fail(
      "The link is damaged: it has characters a playground link never has. Copy the whole link again (some chat apps change links).",
    );
  const raw = inflateCapped(bytes, MAX_DECODED_BYTES);
  if (raw === "too-big")
    return fail(
      `The link unpacks to more than ${(MAX_DECODED_BYTES / 1e6).toLocaleString("en-US")} MB: it is not a playground link.`,
    );
  if (raw === null) return fail(CUT);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    return fail("The link is damaged: its data is not text.");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail("The link is cut off or damaged: its data is incomplete.");
  }
  const state = validate(value);
  if (typeof state === "string") return fail(`The link is damaged: ${state}.`);
  return { kind: "ok", state };
}

const CUT = "The link is cut off or damaged: its data does not unpack. Copy the whole link again.";

function fail(message: string): DecodeResult {
  return { kind: "error", message };
}

/** Only the known keys, and only when present: `decode(encode(x))` gives back exactly `x`. */
function pick(s: SharedState): SharedState {
  const out: SharedState = { spec: s.spec };
  if (s.baseline !== undefined) out.baseline = s.baseline;
  if (s.tab !== undefined) out.tab = s.tab;
  if (s.lead !== undefined) out.lead = s.lead;
  return out;
}

/** The parsed JSON as a SharedState, or what is wrong with it. */
function validate(v: unknown): SharedState | string {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "it holds no spec";
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (k !== "spec" && k !== "baseline" && k !== "tab" && k !== "lead")
      return `it has an unknown part '${k.slice(0, 40)}'`;
  if (typeof o.spec !== "string") return "it holds no spec";
  if (o.baseline !== undefined && typeof o.baseline !== "string") return "its baseline is not text";
  if (
    o.tab !== undefined &&
    (typeof o.tab !== "string" || !/^[a-z][a-z-]*$/.test(o.tab) || o.tab.length > MAX_TAB_CHARS)
  )
    return "its tab is not a tab name";
  if (o.lead !== undefined && (typeof o.lead !== "string" || o.lead.length > MAX_LEAD_CHARS))
    return "its lead id is not valid";
  return pick(o as unknown as SharedState);
}

/**
 * Inflates in small input slices so that output past `cap` stops the work
 * (deflate expands up to ~1000x: a small hash could otherwise unpack to GBs).
 * null when the data is not a complete deflate stream.
 */
function inflateCapped(data: Uint8Array, cap: number): Uint8Array | "too-big" | null {
  const parts: Uint8Array[] = [];
  let size = 0;
  let done = false;
  let tooBig = false;
  const inflater = new Inflate((chunk, final) => {
    size += chunk.length;
    if (size > cap) {
      tooBig = true;
      throw new RangeError("too big");
    }
    parts.push(chunk);
    if (final) done = true;
  });
  const SLICE = 512;
  try {
    for (let i = 0; i < data.length; i += SLICE) {
      const last = i + SLICE >= data.length;
      inflater.push(data.subarray(i, i + SLICE), last);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch {
    return tooBig ? "too-big" : null;
  }
  if (tooBig) return "too-big";
  if (!done) return null;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) INDEX[ALPHABET.charCodeAt(i)] = i;

/** base64url without padding (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    s += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    s += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return s;
}

/** The bytes of a base64url string (padding tolerated), or null when it is not one. */
export function fromBase64Url(s: string): Uint8Array | null {
  const body = s.replace(/={1,2}$/, "");
  if (body.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    const v = c < 128 ? INDEX[c] : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}
