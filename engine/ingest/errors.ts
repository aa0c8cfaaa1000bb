// The strict/lenient contract shared by every reader: in strict mode the first
// bad line stops the read with an IngestError; in lenient mode the line is
// skipped and reported through onReject.

export interface Rejected {
  file: string;
  /** 1-based line number (of a CSV record's first line). */
  line: number;
  reason: string;
}

export class IngestError extends Error {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = "IngestError";
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

export interface RejectOptions {
  file: string;
  lenient: boolean;
  onReject?: (r: Rejected) => void;
}

/** Throws (strict) or reports (lenient) one bad line. */
export function reject(opts: RejectOptions, line: number, reason: string): void {
  if (!opts.lenient) throw new IngestError(opts.file, line, reason);
  opts.onReject?.({ file: opts.file, line, reason });
}
