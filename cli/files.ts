// Reading .sla sources from the command line: files, directories, stdin.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { UsageError } from "./io.ts";

export interface Source {
  /** as shown in diagnostics: the path the user gave (or <stdin>) */
  name: string;
  path: string | null;
  text: string;
}

export class FileError extends Error {}

/**
 * Expands directories (recursively) to the .sla files inside, sorted. Inside
 * a directory only regular files (or links to them) are taken: a FIFO or a
 * device named x.sla would hang or flood the read, so it is skipped and
 * `onSkip` is told why. A path named on the command line is read as given
 * (a pipe from process substitution is a fine source).
 */
export function expandPaths(paths: string[], onSkip: (message: string) => void = () => {}): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (p === "-") {
      out.push(p);
      continue;
    }
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new FileError(`${p}: no such file or directory`);
    }
    if (st.isDirectory()) {
      const walk = (dir: string): void => {
        for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
          if (e.name === "node_modules" || e.name.startsWith(".")) continue;
          const full = join(dir, e.name);
          if (e.isDirectory()) walk(full);
          else if (e.name.endsWith(".sla")) {
            const kind = e.isSymbolicLink() ? kindOf(full) : e.isFile() ? "file" : kindOfDirent(e);
            if (kind === "file") out.push(full);
            else onSkip(`skipping ${full}: ${kind}, not a regular file`);
          }
        }
      };
      walk(p);
    } else out.push(p);
  }
  return out;
}

/** What a directory entry is, in words, when it is not a regular file. */
function kindOfDirent(e: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isDirectory(): boolean;
}): string {
  if (e.isFIFO()) return "a FIFO (named pipe)";
  if (e.isSocket()) return "a socket";
  if (e.isCharacterDevice() || e.isBlockDevice()) return "a device";
  if (e.isDirectory()) return "a directory";
  return "not a file";
}

/** "file", or what a symlink's target is in words (a dangling link is "a broken symbolic link"). */
function kindOf(path: string): string {
  try {
    const st = statSync(path);
    return st.isFile() ? "file" : kindOfDirent(st);
  } catch {
    return "a broken symbolic link";
  }
}

/** The .sla files named on a command line (directories expanded); usage errors when there are none. */
export function slaFilesFromArgs(args: string[], onSkip?: (message: string) => void): string[] {
  let paths: string[];
  try {
    paths = expandPaths(args, onSkip);
  } catch (e) {
    if (e instanceof FileError) throw new UsageError(e.message);
    throw e;
  }
  if (paths.length === 0) throw new UsageError(`no .sla files in ${args.join(", ")}`);
  return paths;
}

/**
 * The largest .sla source read (files and stdin). Parsing and checking keep
 * about 90 bytes of memory per byte of source (tokens, AST, symbol tables), so
 * 8 MiB (~150,000 lines, far beyond any real agreement) keeps every accepted
 * input under 1 GB of memory (bench/hostile.ts: 8.1 MB, 772 MB peak RSS).
 */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

function tooLarge(name: string, size: number): FileError {
  return new FileError(
    `${name}: ${(size / 1048576).toFixed(1)} MiB is too large for an .sla file (limit ${MAX_SOURCE_BYTES / 1048576} MiB)`,
  );
}

export function readSource(path: string): Source {
  if (path === "-") {
    const buf = readFileSync(0);
    if (buf.length > MAX_SOURCE_BYTES) throw tooLarge("<stdin>", buf.length);
    return { name: "<stdin>", path: null, text: buf.toString("utf8") };
  }
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new FileError(`${path}: no such file or directory`);
  }
  if (size > MAX_SOURCE_BYTES) throw tooLarge(path, size);
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileError(
      `${path}: ${code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EISDIR" ? "is a directory" : e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (buf.includes(0)) throw new FileError(`${path}: looks like a binary file, not an .sla source`);
  return { name: relativeName(path), path, text: buf.toString("utf8") };
}

function relativeName(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith("..") ? r : p;
}
