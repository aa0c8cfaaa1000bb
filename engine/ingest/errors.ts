// The strict/lenient contract shared by every reader: in strict mode the first
// bad line stops the read with an IngestError; in lenient mode the line is
// skipped and reported through onReject. (Codes: engine/problems.ts.)
import { type Failure, IngestError } from "../problems.ts";
import type { RejectedRow } from "../result.ts";

export { IngestError };

/** A skipped line or row, as the report lists it (line: of a CSV record's first line). */
export type Rejected = RejectedRow;

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
