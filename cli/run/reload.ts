// Spec reload for `sla run`: on SIGHUP, or when the spec file changes, the
// file is read and checked; a spec that checks clean (no errors; warnings are
// shown, as at start-up) replaces the running one for new clocks, a broken one
// is refused with its diagnostics on stderr and the running one kept. The same
// text (same SHA-256) is no change. Reloads are serialized: a change seen while
// one is in progress is looked at again once it is done.
import { type FSWatcher, readFileSync, type Stats, unwatchFile, watch, watchFile } from "node:fs";
import { basename, dirname } from "node:path";
import { compileSource } from "../../language/compile.ts";
import { renderText } from "../../language/diagnostics.ts";
import type { IR } from "../../language/ir.ts";
import { type SpecVersion, specVersion } from "../spec-version.ts";

export interface LoadedSpec {
  ir: IR;
  text: string;
  version: SpecVersion;
}

export type ReloadResult = "applied" | "refused" | "unchanged";

export interface ReloadHooks {
  /** the sha256 of the spec running now */
  current(): string;
  /** put the checked spec in place (serialized with the writers by the caller) */
  apply(spec: LoadedSpec): Promise<void> | void;
  /** diagnostics and notices (stderr in `sla run`) */
  err(text: string): void;
  reloaded?(result: ReloadResult): void;
}

/** Reads and checks the spec at `path`: the loaded spec, or null after printing why not. */
export function readSpec(path: string, cwd: string, err: (text: string) => void): LoadedSpec | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    err(`${path}: cannot read the spec (${code === "ENOENT" ? "no such file" : (code ?? String(e))})\n`);
    return null;
  }
  const r = compileSource(text);
  if (r.diagnostics.length) err(renderText(path, text, r.diagnostics));
  if (!r.ir) return null;
  return { ir: r.ir, text, version: specVersion(path, text, { cwd }) };
}

export class SpecReloader {
  private busy: Promise<ReloadResult> | null = null;
  private again = false;
  private watcher: FSWatcher | null = null;
  private debounce: ReturnType<typeof setTimeout> | null = null;
  private readonly onSignal = () => void this.reload("SIGHUP");
  private readonly onPoll = (cur: Stats, prev: Stats) => {
    if (cur.mtimeMs !== prev.mtimeMs || cur.size !== prev.size || cur.ino !== prev.ino) this.changed();
  };

  constructor(
    private readonly path: string,
    private readonly cwd: string,
    private readonly hooks: ReloadHooks,
  ) {}

  /**
   * SIGHUP, and (with `watchFile`) changes to the file: a directory watch
   * (editors replace files by renaming, which a watch on the file loses)
   * backed by a 1 s stat poll where watches are unreliable (network file
   * systems, some containers).
   */
  start(opts: { signal: boolean; watchFile: boolean }): void {
    if (opts.signal) process.on("SIGHUP", this.onSignal);
    if (!opts.watchFile) return;
    try {
      const name = basename(this.path);
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        if (file === null || file === name) this.changed();
      });
      this.watcher.on("error", () => this.watcher?.close());
    } catch {
      this.watcher = null;
    }
    watchFile(this.path, { interval: 1000, persistent: false }, this.onPoll);
  }

  stop(): void {
    process.off("SIGHUP", this.onSignal);
    this.watcher?.close();
    unwatchFile(this.path, this.onPoll);
    if (this.debounce) clearTimeout(this.debounce);
  }

  /** Reload now; resolves with what happened. */
  reload(reason: string): Promise<ReloadResult> {
    if (this.busy) {
      this.again = true;
      return this.busy;
    }
    this.busy = this.once(reason).finally(() => {
      this.busy = null;
      if (this.again) {
        this.again = false;
        void this.reload(reason);
      }
    });
    return this.busy;
  }

  /** An editor's save is several writes: wait for them to settle. */
  private changed(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.reload("file changed");
    }, 150);
  }

  private async once(reason: string): Promise<ReloadResult> {
    const spec = readSpec(this.path, this.cwd, this.hooks.err);
    let result: ReloadResult;
    if (spec === null) {
      this.hooks.err(`sla run: ${reason}: spec refused, still running ${this.hooks.current().slice(0, 12)}\n`);
      result = "refused";
    } else if (spec.version.sha256 === this.hooks.current()) {
      result = "unchanged";
    } else {
      const old = this.hooks.current();
      try {
        await this.hooks.apply(spec);
        this.hooks.err(
          `sla run: ${reason}: spec reloaded, ${old.slice(0, 12)} -> ${spec.version.sha256.slice(0, 12)} (open clocks finish under the version that started them)\n`,
        );
        result = "applied";
      } catch (e) {
        this.hooks.err(
          `sla run: ${reason}: spec refused (${e instanceof Error ? e.message : String(e)}), still running ${old.slice(0, 12)}\n`,
        );
        result = "refused";
      }
    }
    this.hooks.reloaded?.(result);
    return result;
  }
}
