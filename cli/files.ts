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

/** Expands directories (recursively) to the .sla files inside, sorted. */
export function expandPaths(paths: string[]): string[] {
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
          else if (e.name.endsWith(".sla")) out.push(full);
        }
      };
      walk(p);
    } else out.push(p);
  }
  return out;
}

/** The .sla files named on a command line (directories expanded); usage errors when there are none. */
export function slaFilesFromArgs(args: string[]): string[] {
  let paths: string[];
  try {
    paths = expandPaths(args);
  } catch (e) {
    if (e instanceof FileError) throw new UsageError(e.message);
    throw e;
  }
  if (paths.length === 0) throw new UsageError(`no .sla files in ${args.join(", ")}`);
  return paths;
}

const MAX_SOURCE_BYTES = 50 * 1024 * 1024;

export function readSource(path: string): Source {
  if (path === "-") return { name: "<stdin>", path: null, text: readFileSync(0, "utf8") };
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new FileError(`${path}: no such file or directory`);
  }
  if (size > MAX_SOURCE_BYTES)
    throw new FileError(`${path}: ${Math.round(size / 1048576)} MiB is too large for an .sla file (limit 50 MiB)`);
  const buf = readFileSync(path);
  if (buf.includes(0)) throw new FileError(`${path}: looks like a binary file, not an .sla source`);
  return { name: relativeName(path), path, text: buf.toString("utf8") };
}

function relativeName(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith("..") ? r : p;
}
