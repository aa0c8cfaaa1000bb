// Known-open problems the fuzzers find, each a named entry the lead removes
// once its fix is merged (the CI-sized fuzz test then holds the line; an entry
// that no longer matches anything is reported by the test so it can go).
// Details, reproducers and stacks: /work/notes/fuzz-findings.md.
import type { Case } from "./harness.ts";
import { PROTOTYPE_NAMES } from "./mutate.ts";
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

const PROTO = new RegExp(`\\b(?:${PROTOTYPE_NAMES.join("|")})\\b`);
const STACK = /Maximum call stack size exceeded/;

export const KNOWN_OPEN: readonly KnownOpen[] = [
  {
    id: "spec-prototype-names",
    target: "spec",
    module: "language/checker.ts (name tables), language/compile.ts",
    summary:
      "Object.prototype names (constructor, __proto__, toString...) in name positions crash the checker, " +
      "or give an IR that fails its schema / holds NaN (issue 7 part 3)",
    matches: (f, c) => PROTO.test(c.input) && /^(compileSource|compile|diagnostics|render)/.test(f.stage),
  },
  {
    id: "spec-format-line-separators",
    target: "spec",
    module: "language/format.ts (verify)",
    summary:
      "format() throws 'the formatted text would not have the same comments as the input' when the text " +
      "has lone CR, U+2028/U+2029 or other line breaks the lexer and the formatter count differently",
    matches: (f) => f.stage.startsWith("format") && /would not have the same comments/.test(f.message),
  },
  {
    id: "events-deep-nesting",
    target: "jsonl",
    module: "engine/ingest/decode.ts (value checks recurse), engine/prepared.ts",
    summary:
      "an event with a value nested thousands of levels deep overflows the stack (Array.join/toString), " +
      "even in lenient mode (issue 7 part 5)",
    matches: (f) => STACK.test(f.message),
  },
  {
    id: "events-far-years",
    target: "jsonl",
    module: "engine/periods.ts (quarter labels), engine/report.ts",
    summary:
      "an event dated before year 1000 is an internal error ('\"999-Q2\" is not a quarter label'); one in " +
      "9999 makes the report walk every period up to it (tens of seconds) (issue 7 part 5)",
    matches: (f) => /is not a (quarter|month|year) label/.test(f.message),
  },
  {
    id: "events-bom-prepared",
    target: "jsonl",
    module: "engine/prepared.ts vs engine/jsonl-feed.ts",
    summary:
      "a BOM at the top of a JSONL file is rejected by the streaming replay (simulate) but accepted by the " +
      "prepared form (--cache, diff), so the two reports differ (issue 7 part 5)",
    matches: (f, c) => f.stage === "prepared vs streaming" && c.input.startsWith("\ufeff"),
  },
];

/** Inputs a known-open issue makes take seconds to minutes each: not run while the issue is open. */
export function tooSlowToRun(c: Case): boolean {
  // events-far-years: a report over thousands of years of periods
  if (c.target !== "spec" && /"(?:at|until)":"(?:[+-]|0\d{3}|[3-9]\d{3})/.test(c.input)) return true;
  // the line splitter re-joins a long line per chunk (quadratic; issue 7 part 5): a 1 MB line
  // read 64 characters at a time takes minutes
  if (c.target === "jsonl" && c.chunk !== undefined && c.input.length / c.chunk > 5000) return true;
  return false;
}
