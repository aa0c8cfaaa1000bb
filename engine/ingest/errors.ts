// The strict/lenient contract shared by every reader: in strict mode the first
// bad line stops the read with an IngestError; in lenient mode the line is
// skipped and reported through onReject. (Codes: engine/problems.ts.)
import { type EvCode, type Failure, IngestError } from "../problems.ts";

export { IngestError };

export interface Rejected {
  /** stable code of the problem (specs/errors.md) */
  code: EvCode;
  file: string;
  /** 1-based line number (of a CSV record's first line). */
  line: number;
  reason: string;
}

export interface RejectOptions {
  file: string;
  lenient: boolean;
  onReject?: (r: Rejected) => void;
}

/** Throws (strict) or reports (lenient) one bad line. */
export function reject(opts: RejectOptions, line: number, f: Failure): void {
  if (!opts.lenient) throw new IngestError(f.code, opts.file, line, f.message);
  opts.onReject?.({ code: f.code, file: opts.file, line, reason: f.message });
}
