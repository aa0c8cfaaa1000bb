// Known-open problems the fuzzers find, each a named entry the lead removes
// once its fix is merged (the CI-sized fuzz test then holds the line; an entry
// that no longer matches anything is reported by the test so it can go).
// `npm run fuzz` prints each problem with a reproducer (written to fuzz-out/).
import type { Case } from "./harness.ts";
import type { Failure } from "./spec-fuzz.ts";

export interface KnownOpen {
  /** short name, used in reports */
  id: string;
  target: Case["target"];
  /** the module at fault */
  module: string;
  /** what goes wrong */
  summary: string;
  matches(f: Failure, c: Case): boolean;
}

export const KNOWN_OPEN: readonly KnownOpen[] = [];

/** Inputs a known-open issue makes take seconds to minutes each: not run while the issue is open.
 *  (None today: far years are EV107 and long lines are split in linear time since main 28e7068.) */
export function tooSlowToRun(_c: Case): boolean {
  return false;
}
