// `REV:PATH` arguments (`sla diff main:specs/inbound.sla specs/inbound.sla`):
// the file as it is at a git revision, read with `git show`. Used only when
// no file of that name exists.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { UsageError } from "./io.ts";

/** REV:PATH, with a revision that is not a Windows drive letter. */
const REVISION_PATH = /^([^:\s]{2,}|[^:\sA-Za-z]):(.+)$/;

export function isRevisionPath(arg: string): boolean {
  return !existsSync(arg) && REVISION_PATH.test(arg);
}

/** The text of PATH at REV, or a UsageError saying why not (no git, no repository, no such revision or file). */
export function gitShow(arg: string, cwd: string): string {
  try {
    return execFileSync("git", ["show", arg], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === "ENOENT")
      throw new UsageError(`${arg}: no such file, and git is not installed to read it as REV:PATH`);
    const why = String(err.stderr ?? "").trim();
    if (/not a git repository/i.test(why))
      throw new UsageError(
        `${arg}: no such file, and ${cwd} is not inside a git repository (REV:PATH reads a file at a git revision)`,
      );
    const first = why.split("\n")[0].replace(/^fatal: /, "");
    throw new UsageError(`${arg}: no such file, and git cannot read it as REV:PATH: ${first || "git show failed"}`);
  }
}
