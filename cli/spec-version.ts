// The version of a spec that judged a report: the SHA-256 of its text (what
// was actually run) and, when the file is unchanged in a git work tree, the
// commit that last changed it (or the revision a REV:PATH argument names).
// `sla diff`, `sla test` and `sla explain` print it next to their results.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { basename, dirname } from "node:path";

export interface SpecVersion {
  /** the path (or REV:PATH) as given */
  file: string;
  /** hex SHA-256 of the spec's text (UTF-8) */
  sha256: string;
  /** a commit id when the file is clean in git (or read from a revision); null otherwise */
  git: string | null;
}

function git(cwd: string, args: string[]): string | null {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

/** The version of a spec read from `path` (a file) or from `revision:path` (revisionOf). */
export function specVersion(file: string, text: string, opts: { cwd: string; revision?: string }): SpecVersion {
  const sha256 = createHash("sha256").update(text, "utf8").digest("hex");
  if (opts.revision !== undefined)
    return {
      file,
      sha256,
      git: git(opts.cwd, ["rev-parse", "--verify", "--quiet", `${opts.revision}^{commit}`]) || null,
    };
  const dir = dirname(file);
  const name = basename(file);
  // clean: tracked and no change in the work tree or the index
  const tracked = git(dir, ["ls-files", "--error-unmatch", "--", name]);
  const dirty = git(dir, ["status", "--porcelain", "--", name]);
  const last = tracked && dirty === "" ? git(dir, ["log", "-1", "--format=%H", "--", name]) : null;
  return { file, sha256, git: last || null };
}

/** `sha256 1a2b3c4d5e6f, git 0123456789ab` (short forms) for text output. */
export function versionText(v: SpecVersion): string {
  return `sha256 ${v.sha256.slice(0, 12)}${v.git ? `, git ${v.git.slice(0, 12)}` : ""}`;
}
