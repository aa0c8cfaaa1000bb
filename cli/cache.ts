// `sla simulate --cache`: the prepared form of a JSONL events file, kept next
// to it as FILE.slaprep so later replays skip parsing.
//
// A cache must never change an answer, so it is trusted only when everything
// verifies, every time:
// - the file at FILE.slaprep is a regular file (a symlink or a FIFO planted
//   there is neither read nor written through; it is replaced);
// - its bytes verify (engine/prepared.ts: magic, format version, recorded
//   length, XXH32 checksum of the body, consistent columns);
// - it was prepared against the same field declarations;
// - it was prepared from the same events: the events file's size, then the
//   SHA-256 of its bytes (hashed on every run: an edit that keeps the size and
//   restores the mtime is still caught; on a worker thread, while the cached
//   form is replayed, whose result is used only if the hash matches).
// Anything else is rebuilt with a one-line notice on stderr. The new cache is
// written atomically (cli/write-file.ts), replacing whatever was at its name.
import { createHash } from "node:crypto";
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats, statSync } from "node:fs";
import { Worker } from "node:worker_threads";
import {
  fieldsSignature,
  PreparedEvents,
  PreparedFormatError,
  preparedRejections,
  prepareEvents,
} from "../engine/prepared.ts";
import { IngestError } from "../engine/problems.ts";
import type { IR } from "../language/ir.ts";
import type { CliIO } from "./io.ts";
import type { Progress } from "./progress.ts";
import { describe, InputError, openText } from "./read.ts";
import { WriteFileError, writeFileAtomic } from "./write-file.ts";

const READ_CHUNK = 4 << 20;

export interface CacheOptions {
  lenient: boolean;
  /** --strict-fields: a cache prepared the other way is rebuilt */
  strictFields?: boolean;
  progress: Progress;
  io: CliIO;
  /** prefix of the notices ("sla simulate") */
  command: string;
}

/**
 * `use(prepared)` for the events of `path`: from its cache when that verifies,
 * else prepared now (and cached). The events' hash is computed on another
 * thread while `use` runs on the cached form (it is only a replay: nothing is
 * shown until the hash matches); on a mismatch the result is thrown away and
 * the events are prepared again.
 */
export async function withPrepared<R>(
  ir: IR,
  path: string,
  opts: CacheOptions,
  use: (p: PreparedEvents) => R,
): Promise<R> {
  const events = statEvents(path);
  const cachePath = `${path}.slaprep`;
  const notice = (why: string) => opts.io.err(`${opts.command}: ${cachePath} ${why}; rebuilding it\n`);
  const cancel = { hash: () => {} };
  const hashing = hasRegularFile(cachePath) ? startHash(path, events.size, cancel) : null;
  const cached = readCache(cachePath, notice);
  if (cached) {
    const src = cached.meta.source;
    if (cached.meta.fieldsSignature !== fieldsSignature(ir.fields)) notice("was prepared for other field declarations");
    else if (cached.meta.strictFields !== (opts.strictFields === true))
      notice(`was prepared ${cached.meta.strictFields ? "with" : "without"} --strict-fields`);
    else if (src.size !== events.size) notice(`was prepared from a different ${path}`);
    else {
      const p = relocate(cached, path);
      // (a strict run with rejected rows stops at the first one: no replay to overlap)
      let result: { value: R } | { error: unknown } | null = null;
      if (opts.lenient || preparedRejections(ir, p).length === 0)
        try {
          result = { value: use(p) };
        } catch (error) {
          result = { error };
        }
      if ((await (hashing ?? startHash(path, events.size))) === src.sha256) {
        checkLenient(ir, p, opts.lenient);
        if (result && "error" in result) throw result.error;
        return result ? result.value : use(p);
      }
      notice(`was prepared from a different ${path}`);
    }
  }
  // the hash, if one was started, is no longer needed
  hashing?.catch(() => {});
  cancel.hash();
  return use(await prepareAndCache(ir, path, cachePath, opts));
}

/** The events file must exist and be a regular file (it is read twice: hashed, then parsed). */
function statEvents(path: string): Stats {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw new InputError(describe(path, e));
  }
  if (st.isDirectory()) throw new InputError(describe(path, Object.assign(new Error(), { code: "EISDIR" })));
  if (!st.isFile())
    throw new InputError(`${path}: not a regular file (--cache needs one; drop --cache to read a pipe)`);
  return st;
}

/** The verified prepared form at `cachePath`, or null (after a notice when something was there). */
function readCache(cachePath: string, notice: (why: string) => void): PreparedEvents | null {
  let fd: number;
  try {
    // O_NOFOLLOW: a symlink is not followed (ELOOP); O_NONBLOCK: a FIFO does not hang the open.
    fd = openSync(cachePath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    notice(code === "ELOOP" ? "is a symbolic link, not a cache written by sla" : `cannot be read (${code})`);
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      notice("is not a regular file");
      return null;
    }
    const bytes = new Uint8Array(st.size);
    for (let off = 0; off < bytes.length; ) {
      const got = readSync(fd, bytes, off, bytes.length - off, off);
      if (got === 0) break; // shrank while we read: the checksum will say so
      off += got;
    }
    return PreparedEvents.deserialize(bytes);
  } catch (e) {
    if (e instanceof PreparedFormatError) notice(`does not verify (${e.message})`);
    else notice(`cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    return null;
  } finally {
    closeSync(fd);
  }
}

function hasRegularFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** Files at least this big are hashed on a worker thread (below it, starting one costs more than it saves). */
const WORKER_MIN_BYTES = 8 << 20;

/** The SHA-256 of a file: on a worker thread for big files (falling back to this thread on any trouble). */
export function startHash(path: string, size: number, cancel?: { hash: () => void }): Promise<string> {
  if (size < WORKER_MIN_BYTES) return Promise.resolve().then(() => hashFile(path));
  return new Promise<string>((res, rej) => {
    let worker: Worker;
    try {
      worker = new Worker(HASH_WORKER, { eval: true, workerData: { path, chunk: READ_CHUNK } });
    } catch {
      res(hashFile(path));
      return;
    }
    if (cancel)
      cancel.hash = () => {
        worker.removeAllListeners();
        void worker.terminate();
        rej(new Error("cancelled"));
      };
    worker.once("message", (m: { hex?: string }) => {
      if (typeof m.hex === "string") res(m.hex);
      else {
        try {
          res(hashFile(path)); // says what went wrong, as an InputError
        } catch (e) {
          rej(e);
        }
      }
      void worker.terminate();
    });
    worker.once("error", () => {
      try {
        res(hashFile(path));
      } catch (e) {
        rej(e);
      }
    });
  });
}

/** hashFile() as a worker script (CommonJS, evaluated). */
const HASH_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { openSync, readSync, closeSync } = require("node:fs");
try {
  const hash = createHash("sha256");
  const buf = Buffer.allocUnsafe(workerData.chunk);
  const fd = openSync(workerData.path, "r");
  try {
    for (let got; (got = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, got));
  } finally {
    closeSync(fd);
  }
  parentPort.postMessage({ hex: hash.digest("hex") });
} catch {
  parentPort.postMessage({});
}
`;

/** SHA-256 of a file's bytes, hex. */
export function hashFile(path: string): string {
  const hash = createHash("sha256");
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw new InputError(describe(path, e));
  }
  try {
    for (let got = readSync(fd, buf, 0, READ_CHUNK, null); got > 0; got = readSync(fd, buf, 0, READ_CHUNK, null))
      hash.update(buf.subarray(0, got));
  } catch (e) {
    throw new InputError(describe(path, e));
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

async function prepareAndCache(ir: IR, path: string, cachePath: string, opts: CacheOptions): Promise<PreparedEvents> {
  // The content is hashed in the same pass that parses it, so the cache
  // records the bytes it was built from even if the file changes meanwhile.
  const hash = createHash("sha256");
  let size = 0;
  const chunks = openText(path, {
    onBytes: (b) => {
      hash.update(b);
      size += b.length;
    },
  });
  // Always prepared leniently: bad rows are kept in the cache and reported (or
  // fatal, in a strict run) every time, as if the file had been read again.
  const p = await prepareEvents(ir, opts.progress.track(chunks), {
    file: path,
    lenient: true,
    strictFields: opts.strictFields,
  });
  p.meta.source = { size, sha256: hash.digest("hex") };
  let bytes: Uint8Array;
  try {
    bytes = p.serialize();
  } catch (e) {
    // V8 caps strings (the JSON header) and buffers: a history that big is replayed uncached
    if (!(e instanceof RangeError)) throw e;
    opts.io.err(`${opts.command}: the events are too large to cache (${e.message}); continuing without the cache\n`);
    return checkLenient(ir, p, opts.lenient);
  }
  try {
    writeFileAtomic(cachePath, bytes, { symlinks: "replace" });
  } catch (e) {
    if (!(e instanceof WriteFileError)) throw e;
    opts.io.err(`${opts.command}: ${e.message} (continuing without the cache)\n`);
  }
  return checkLenient(ir, p, opts.lenient);
}

/** Rejected rows name the events file as given on this run (the cache may come from another working directory). */
function relocate(p: PreparedEvents, path: string): PreparedEvents {
  for (const r of p.meta.rejected) r.file = path;
  for (const u of p.meta.unattached) u.file = path;
  return p;
}

function checkLenient(ir: IR, p: PreparedEvents, lenient: boolean): PreparedEvents {
  const first = preparedRejections(ir, p)[0];
  if (!lenient && first) throw new IngestError(first.code, first.file, first.line, first.reason);
  return p;
}
