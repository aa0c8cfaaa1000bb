// Every file the CLI writes (sla fmt, every --out, the --cache prepared file,
// sla generate --out) goes through here, so that no kill, full disk or failed
// write can leave a file half-written:
//
// - The new content goes to a temporary file in the same directory
//   (.NAME.PID.RANDOM.tmp, created exclusively), is fsync'ed, then renamed over the
//   target: a reader (or a crash) sees the old file or the new one, never a mix.
//   (A file with several hard links is thereby split: the other names keep the
//   old content, as with an editor's atomic save.)
// - The replaced file's permission bits (and, when we may, its owner) are kept.
// - Symlinks, the one rule: a path the USER named (fmt's files, --out) that is
//   a symlink is resolved deliberately, link by link, and its final target is
//   replaced atomically; the link itself stays. A file the CLI names itself
//   (the --cache file) is never followed: a symlink there is replaced by a
//   regular file and its target is left untouched (`symlinks: "replace"`).
// - A read-only file (no write permission bit) is refused, not silently
//   replaced: the user marked it as not to be changed.
// - Special files (a terminal, /dev/null, a FIFO) that the user named cannot
//   be replaced: they are written to directly, as a shell redirection would;
//   so are the process's own descriptors (/dev/stdout, /dev/fd/N), whatever
//   they point at.
// - Any failure removes the temporary file, leaves the original byte-identical
//   and throws WriteFileError with a message meant for the user. A temporary
//   file left by a killed writer (.NAME.PID.RANDOM.tmp) is removed by the next
//   write of the same file once that PID is gone.
import { randomBytes } from "node:crypto";
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  renameSync,
  type Stats,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** A file the CLI could not write; the message is meant for the user as is. */
export class WriteFileError extends Error {
  constructor(
    readonly path: string,
    /** the errno code (EACCES, ENOSPC, ...) or our own (EREADONLY, ...) */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "WriteFileError";
  }
}

export interface WriteOptions {
  /** "follow" (default, for paths the user named) or "replace" (files the CLI names itself) */
  symlinks?: "follow" | "replace";
}

/** A file being written: write() chunks, then commit() (or abort()). */
export interface AtomicFile {
  /** the file that commit() replaces (the symlink's final target when followed) */
  readonly target: string;
  write(chunk: string | Uint8Array): void;
  commit(): void;
  abort(): void;
}

const MAX_LINKS = 40;

/** Replace `path` with `data` atomically (see the rules at the top of this file). */
export function writeFileAtomic(path: string, data: string | Uint8Array, opts: WriteOptions = {}): void {
  const f = openAtomic(path, opts);
  try {
    f.write(data);
    f.commit();
  } catch (e) {
    f.abort();
    throw e;
  }
}

/** Start writing `path` atomically; nothing is visible at `path` until commit(). */
export function openAtomic(path: string, opts: WriteOptions = {}): AtomicFile {
  const followed = opts.symlinks === "replace" ? { target: path, descriptor: false } : followLinks(path);
  // /dev/stdout, /dev/fd/N: the process's own descriptors are written in place,
  // whatever they point at (replacing a file the shell opened with >> would
  // lose its content; a pipe cannot be replaced at all).
  if (followed.descriptor) return directFile(path, path, "a");
  const target = followed.target;
  let st: Stats | null = null;
  try {
    st = lstatSync(target);
  } catch (e) {
    if (codeOf(e) !== "ENOENT") throw writeError(path, e, false);
  }
  const existed = st !== null;
  if (st?.isDirectory()) throw new WriteFileError(path, "EISDIR", `cannot write ${path}: it is a directory`);
  if (st && !st.isFile() && !st.isSymbolicLink() && opts.symlinks !== "replace") return directFile(path, target);
  if (st && opts.symlinks !== "replace" && isReadOnly(target, st))
    throw new WriteFileError(
      path,
      "EREADONLY",
      `cannot write ${path}: the file is read-only (no write permission); it was left unchanged`,
    );

  const dir = dirname(target);
  removeStaleTemporaries(dir, basename(target));
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  // Only a regular file's permissions are kept (a replaced link or FIFO has none worth keeping).
  const keep = st?.isFile() ? st : null;
  let fd: number;
  try {
    // "wx": O_CREAT|O_EXCL, so a link planted at the temporary name is never followed.
    fd = openSync(tmp, "wx", keep ? 0o600 : 0o666);
  } catch (e) {
    throw writeError(path, e, existed, dir);
  }
  let open = true;
  let done = false;
  const cleanUp = () => {
    if (open) {
      open = false;
      try {
        closeSync(fd);
      } catch {
        /* already failing */
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  };
  const fail = (e: unknown): never => {
    done = true;
    cleanUp();
    throw writeError(path, e, existed, dir);
  };
  try {
    if (keep) {
      fchmodSync(fd, keep.mode & 0o7777);
      if (process.getuid?.() === 0 && (keep.uid !== 0 || keep.gid !== 0)) fchownSync(fd, keep.uid, keep.gid);
    }
  } catch (e) {
    fail(e);
  }
  return {
    target,
    write(chunk) {
      if (done) throw new Error("write after commit/abort");
      const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      try {
        for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
      } catch (e) {
        fail(e);
      }
    },
    commit() {
      if (done) throw new Error("commit after commit/abort");
      try {
        fsyncSync(fd);
        closeSync(fd);
        open = false;
        renameSync(tmp, target);
      } catch (e) {
        fail(e);
      }
      done = true;
      syncDir(dir);
    },
    abort() {
      if (done) return;
      done = true;
      cleanUp();
    },
  };
}

/** A link into /proc/PID/fd/ or /dev/fd/: one of the process's open descriptors. */
const DESCRIPTOR = /^\/(proc\/(self|thread-self|\d+)|dev)\/fd\//;

/**
 * The final target of a chain of symlinks (the path itself when it is not a
 * link), and whether the chain passes through a file descriptor link.
 */
function followLinks(path: string): { target: string; descriptor: boolean } {
  let p = resolve(path);
  for (let i = 0; i < MAX_LINKS; i++) {
    if (DESCRIPTOR.test(p)) return { target: p, descriptor: true };
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch {
      return { target: p, descriptor: false }; // a new file (or a dangling link's target, created like `>` would)
    }
    if (!st.isSymbolicLink()) return { target: p, descriptor: false };
    let link: string;
    try {
      link = readlinkSync(p);
    } catch (e) {
      throw writeError(path, e, true);
    }
    p = resolve(dirname(p), link);
  }
  throw new WriteFileError(path, "ELOOP", `cannot write ${path}: too many levels of symbolic links`);
}

function isReadOnly(path: string, st: Stats): boolean {
  if ((st.mode & 0o222) === 0) return true; // root may write anything; we still respect the mode
  try {
    accessSync(path, constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/**
 * A terminal, /dev/null or a FIFO: written in place (it cannot be replaced by
 * a rename). A descriptor is opened for appending ("a"): the shell already
 * truncated it for `>`, and must not have it truncated for `>>`.
 */
function directFile(path: string, target: string, flags: "w" | "a" = "w"): AtomicFile {
  let fd: number;
  try {
    fd = openSync(target, flags);
  } catch (e) {
    throw writeError(path, e, null);
  }
  let done = false;
  const close = () => {
    if (done) return;
    done = true;
    try {
      closeSync(fd);
    } catch {
      /* nothing to keep */
    }
  };
  return {
    target,
    write(chunk) {
      const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      try {
        for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
      } catch (e) {
        close();
        throw writeError(path, e, null);
      }
    },
    commit: close,
    abort: close,
  };
}

/**
 * Temporary files of this target left by writers that were killed (SIGKILL,
 * Ctrl-C): named .NAME.PID.RANDOM.tmp, removed once no process has that PID.
 * A live writer's file is never touched.
 */
function removeStaleTemporaries(dir: string, name: string): void {
  const prefix = `.${name}.`;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return; // the write itself will say what is wrong with the directory
  }
  for (const e of entries) {
    if (!e.startsWith(prefix) || !e.endsWith(".tmp")) continue;
    const m = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(e.slice(prefix.length));
    if (!m || Number(m[1]) === process.pid || isAlive(Number(m[1]))) continue;
    try {
      unlinkSync(join(dir, e));
    } catch {
      /* another writer got there first */
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return codeOf(e) === "EPERM"; // exists, owned by someone else
  }
}

/** Make the rename durable (best effort: not every file system allows fsync on a directory). */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* the data is written; only durability across a power cut is at stake */
  }
}

function codeOf(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code;
}

/**
 * The user-facing reason for a failed write. `existed`: whether an original
 * was kept (it always is); null for special files written in place.
 */
function writeError(path: string, e: unknown, existed: boolean | null, dir?: string): WriteFileError {
  const code = codeOf(e) ?? "EIO";
  const d = dir ?? dirname(resolve(path));
  const reason = (() => {
    switch (code) {
      case "ENOENT":
        return `the directory ${d} does not exist`;
      case "ENOTDIR":
        return `a part of the path is not a directory`;
      case "EACCES":
      case "EPERM":
        return dir
          ? `permission denied (cannot create files in ${d}: a file is replaced by writing its new content beside it, which needs write access to the directory)`
          : "permission denied";
      case "EROFS":
        return "the file system is read-only";
      case "ENOSPC":
        return "no space left on the device";
      case "EDQUOT":
        return "disk quota exceeded";
      case "EFBIG":
        return "file too large (a file-size limit was reached)";
      case "EISDIR":
        return "it is a directory";
      case "ELOOP":
        return "too many levels of symbolic links";
      case "ENAMETOOLONG":
        return "the file name is too long";
      case "EPIPE":
        return "the reading end was closed (broken pipe)";
      default:
        return e instanceof Error ? e.message : String(e);
    }
  })();
  const kept = existed === null ? "" : existed ? `; ${path} was left unchanged` : "; nothing was written";
  return new WriteFileError(path, code, `cannot write ${path}: ${reason}${kept}`);
}
