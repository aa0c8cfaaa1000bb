// A progress bar on stderr, only when stderr is a terminal.
import type { CliIO } from "./io.ts";

export class Progress {
  private total = 0;
  private read = 0;
  private lastDraw = 0;
  private started = 0;
  private active: boolean;

  constructor(
    private io: CliIO,
    enabled?: boolean,
  ) {
    this.active = enabled ?? io.errIsTTY;
  }

  start(totalBytes: number): void {
    this.total = totalBytes;
    this.read = 0;
    this.started = Date.now();
  }

  /** Wraps a chunk stream, counting what passes through. */
  async *track(chunks: AsyncIterable<string>): AsyncGenerator<string> {
    for await (const c of chunks) {
      this.read += c.length;
      if (this.active) this.draw();
      yield c;
    }
  }

  note(message: string): void {
    this.clear();
    this.io.err(`${message}\n`);
  }

  done(): void {
    this.clear();
  }

  private draw(): void {
    const now = Date.now();
    if (now - this.lastDraw < 100 || now - this.started < 300) return;
    this.lastDraw = now;
    const frac = this.total > 0 ? Math.min(1, this.read / this.total) : 0;
    const width = 30;
    const filled = Math.round(frac * width);
    const mb = (this.read / 1048576).toFixed(1);
    const secs = (now - this.started) / 1000;
    const eta = frac > 0.02 ? Math.max(0, secs / frac - secs) : NaN;
    this.io.err(
      `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${mb} MB  ${Number.isNaN(eta) ? "" : `${eta.toFixed(0)}s left`}   `,
    );
  }

  private clear(): void {
    if (this.active && this.lastDraw) this.io.err("\r\x1b[2K");
    this.lastDraw = 0;
  }
}
