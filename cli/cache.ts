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
//   restores the mtime is still caught).
// Anything else is rebuilt with a one-line notice on stderr. The new cache is
// written atomically (cli/write-file.ts), replacing whatever was at its name.
import { createHash } from "node:crypto";
import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from "node:fs";
import { IngestError } from "../engine/ingest/errors.ts";
import { fieldsSignature, PreparedEvents, PreparedFormatError, prepareEvents } from "../engine/prepared.ts";
import type { IR } from "../language/ir.ts";
import type { CliIO } from "./io.ts";
import type { Progress } from "./progress.ts";
import { describe, InputError, openText } from "./read.ts";
import { WriteFileError, writeFileAtomic } from "./write-file.ts";

const READ_CHUNK = 4 << 20;

export interface CacheOptions {
  lenient: boolean;
  progress: Progress;
  io: CliIO;
  /** prefix of the notices ("sla simulate") */
  command: string;
}

/** The prepared events of `path`, from its cache when that verifies, else prepared now and cached. */
export async function cachedPrepared(ir: IR, path: string, opts: CacheOptions): Promise<PreparedEvents> {
  const events = statEvents(path);
  const cachePath = `${path}.slaprep`;
  const notice = (why: string) => opts.io.err(`${opts.command}: ${cachePath} ${why}; rebuilding it\n`);
  const cached = readCache(cachePath, notice);
  if (cached) {
    const src = cached.meta.source;
    if (cached.meta.fieldsSignature !== fieldsSignature(ir.fields)) notice("was prepared for other field declarations");
    else if (src.size !== events.size || src.sha256 !== hashFile(path)) notice(`was prepared from a different ${path}`);
    else return checkLenient(relocate(cached, path), opts.lenient);
  }
  return prepareAndCache(ir, path, cachePath, opts);
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
  const p = await prepareEvents(ir, opts.progress.track(chunks), { file: path, lenient: true });
  p.meta.source = { size, sha256: hash.digest("hex") };
  try {
    writeFileAtomic(cachePath, p.serialize(), { symlinks: "replace" });
  } catch (e) {
    if (!(e instanceof WriteFileError)) throw e;
    opts.io.err(`${opts.command}: ${e.message} (continuing without the cache)\n`);
  }
  return checkLenient(p, opts.lenient);
}

/** Rejected rows name the events file as given on this run (the cache may come from another working directory). */
function relocate(p: PreparedEvents, path: string): PreparedEvents {
  for (const r of p.meta.rejected) r.file = path;
  return p;
}

function checkLenient(p: PreparedEvents, lenient: boolean): PreparedEvents {
  const first = p.meta.rejected[0];
  if (!lenient && first) throw new IngestError(first.file, first.line, first.reason);
  return p;
}
