// What a command may touch besides the file system: injected so tests can run
// commands in-process and capture their output.
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** true when stderr is a terminal (progress bars, colour) */
  errIsTTY: boolean;
  cwd: string;
}

export const processIO: CliIO = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  errIsTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
};

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {}
