// The spec mutation fuzzer: real specs (specs/seeds, the sketch, the examples)
// mutated token by token, then the whole front end run on them. A failure is
// anything a user could see as a crash or a wrong answer: an exception, a
// diagnostic outside the text or one that does not render, an IR with NaN or
// failing its schema, a formatter that is not idempotent or changes meaning.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileSource } from "../../language/compile.ts";
import { CODES, type Diagnostic, renderText, toJson } from "../../language/diagnostics.ts";
import { format } from "../../language/format.ts";
import { validateIR } from "../../language/validate-ir.ts";
import { HUGE_NUMBERS, PROTOTYPE_NAMES, pick, type Rng, randomChars, tokens } from "./mutate.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The starting specs: every .sla under specs/seeds and specs/examples, and the sketch's. */
export function specCorpus(): { name: string; text: string }[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".sla")) files.push(p);
    }
  };
  walk(join(ROOT, "specs/seeds"));
  walk(join(ROOT, "specs/examples"));
  const sketch = join(ROOT, "../shared/sketch/inbound.sla");
  try {
    readFileSync(sketch);
    files.push(sketch);
  } catch {
    // the sketch is outside the repository; the examples carry a copy
  }
  return files
    .sort()
    .map((p) => ({ name: p.startsWith(ROOT) ? p.slice(ROOT.length) : p, text: readFileSync(p, "utf8") }));
}

/** Top-level statements of a spec (each with the comments above it), split at unindented lines. */
export function statements(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (const line of text.split(/(?<=\n)/)) {
    if (/^[A-Za-z]/.test(line) && cur.trim() !== "" && !/^\s*#/.test(cur.split("\n").at(-2) ?? "")) {
      out.push(cur);
      cur = "";
    }
    cur += line;
  }
  if (cur) out.push(cur);
  return out;
}

/** Declarations kept in every slice, so the statements kept still find their names. */
const DECLARATION = /^(?:#[^\n]*\n)*(?:sla|owner|effective|timezone|calendar|fields|team)\b/;

/** A smaller spec made of some of a spec's statements: checking a whole seed takes tens of
 *  milliseconds (a slice, one or two), and most bugs need only a statement or two. */
export function sliceSpec(text: string, rng: Rng): string {
  const parts = statements(text);
  const keep = rng.chance(0.5) ? 0.15 : 0.4;
  return parts.filter((p) => DECLARATION.test(p) || rng.chance(keep)).join("");
}

/** Words of the language worth splicing in (keywords, units, day names). */
const WORDS = [
  "sla",
  "respond",
  "to",
  "within",
  "business",
  "hours",
  "minutes",
  "days",
  "weeks",
  "calendar",
  "open",
  "closed",
  "mon-fri",
  "sat",
  "define",
  "segment",
  "when",
  "and",
  "or",
  "not",
  "one",
  "of",
  "is",
  "fields",
  "team",
  "pause",
  "while",
  "expect",
  "after",
  "escalate",
  "manager",
  "commit",
  "per",
  "quarter",
  "month",
  "yes",
  "no",
  "otherwise",
  "timezone",
  "09:00-17:00",
  "2027-02-30",
  "99:99",
  "in",
];

type Mutator = (toks: string[], rng: Rng) => void;

const at = (toks: string[], rng: Rng): number => rng.int(Math.max(1, toks.length));

/** Token-level mutations; each edits `toks` in place. */
const MUTATORS: Record<string, Mutator> = {
  delete: (t, r) => void t.splice(at(t, r), 1 + (r.chance(0.2) ? r.int(8) : 0)),
  duplicate: (t, r) => {
    const i = at(t, r);
    const n = 1 + r.int(r.chance(0.1) ? 40 : 4);
    t.splice(i, 0, ...t.slice(i, i + n));
  },
  swap: (t, r) => {
    const i = at(t, r),
      j = at(t, r);
    [t[i], t[j]] = [t[j], t[i]];
  },
  prototypeName: (t, r) => {
    const words = t.map((x, i) => (/^[A-Za-z_]/.test(x) ? i : -1)).filter((i) => i >= 0);
    const name = pick(r, PROTOTYPE_NAMES);
    if (words.length && r.chance(0.8)) {
      const i = pick(r, words);
      // whole word, or a part of a hyphenated one (mon-constructor)
      t[i] = t[i].includes("-") && r.chance(0.5) ? t[i].replace(/[^-]+$/, name) : name;
    } else t.splice(at(t, r), 0, name);
  },
  quotedPrototypeName: (t, r) => void t.splice(at(t, r), 0, `"${pick(r, PROTOTYPE_NAMES)}"`),
  hugeNumber: (t, r) => {
    const nums = t.map((x, i) => (/^\d/.test(x) ? i : -1)).filter((i) => i >= 0);
    const n = pick(r, HUGE_NUMBERS);
    if (nums.length) t[pick(r, nums)] = n;
    else t.splice(at(t, r), 0, n);
  },
  deepNesting: (t, r) => {
    const depth = pick(r, [50, 200, 1000, 3000]);
    const open = pick(r, ["(", "not (", "{", "["]);
    const close = open === "{" ? "}" : open === "[" ? "]" : ")";
    t.splice(at(t, r), 0, open.repeat(depth), "x", close.repeat(r.chance(0.8) ? depth : r.int(depth)));
  },
  randomBytes: (t, r) => void t.splice(at(t, r), 0, randomChars(r, 1 + r.int(8))),
  keyword: (t, r) => void t.splice(at(t, r), 0, pick(r, WORDS), " "),
  truncate: (t, r) => void t.splice(at(t, r)),
  longToken: (t, r) => {
    const n = pick(r, [1000, 20000, 100000]);
    t.splice(at(t, r), 0, r.chance(0.5) ? `"${"x".repeat(n)}"` : "a".repeat(n));
  },
  lineEndings: (t, r) => {
    const nl = pick(r, ["\r\n", "\r", "\n\n\n", "\u2028"]);
    for (let i = 0; i < t.length; i++) if (t[i].includes("\n")) t[i] = t[i].replace(/\n/g, nl);
  },
  bom: (t) => void t.unshift("\ufeff"),
};
export const SPEC_MUTATORS = Object.keys(MUTATORS);

/** A mutated spec: 1-4 mutations of a corpus entry. */
export function mutateSpec(corpus: readonly { text: string }[], rng: Rng): { text: string; mutations: string[] } {
  const source = pick(rng, corpus).text;
  const toks = tokens(rng.chance(0.03) ? source : sliceSpec(source, rng));
  const mutations: string[] = [];
  for (let n = 1 + rng.int(4); n > 0; n--) {
    const m = pick(rng, SPEC_MUTATORS);
    mutations.push(m);
    MUTATORS[m](toks, rng);
  }
  return { text: toks.join(""), mutations };
}

/** A problem found in one input. `stage` says which module it came from. */
export interface Failure {
  stage: string;
  message: string;
  stack?: string;
}

function thrown(stage: string, e: unknown): Failure {
  return e instanceof Error
    ? { stage, message: `${e.name}: ${e.message}`, stack: e.stack }
    : { stage, message: `threw ${String(e)}` };
}

function badDiagnostic(text: string, d: Diagnostic): string | null {
  const { start, end } = d.range;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > text.length)
    return `${d.code} range ${start}..${end} outside the text (length ${text.length})`;
  if (!(d.code in CODES)) return `unknown code ${d.code}`;
  if (!d.message || /undefined|NaN|\[object /.test(d.message)) return `${d.code} message '${d.message}'`;
  if (/internal error/i.test(d.message)) return `${d.code} internal error: ${d.message}`;
  return null;
}

/** The paths of every NaN in a JSON-like value. */
export function nanPaths(v: unknown, path = "$", out: string[] = []): string[] {
  if (typeof v === "number" && Number.isNaN(v)) out.push(path);
  else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) nanPaths(v[i], `${path}[${i}]`, out);
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) nanPaths(x, `${path}.${k}`, out);
  return out;
}

/** Runs the front end on one spec; the problems found (empty: fine). */
export function checkSpec(text: string): Failure[] {
  const failures: Failure[] = [];
  let result: ReturnType<typeof compileSource>;
  try {
    result = compileSource(text);
  } catch (e) {
    return [thrown("compileSource", e)];
  }
  for (const d of result.diagnostics) {
    const bad = badDiagnostic(text, d);
    if (bad) failures.push({ stage: "diagnostics", message: bad });
  }
  try {
    renderText("fuzz.sla", text, result.diagnostics);
    toJson("fuzz.sla", text, result.diagnostics);
  } catch (e) {
    failures.push(thrown("render", e));
  }
  if (result.ir) {
    const nan = nanPaths(result.ir);
    if (nan.length) failures.push({ stage: "compile", message: `NaN in the IR at ${nan.slice(0, 3).join(", ")}` });
    const v = validateIR(result.ir);
    if (!v.ok) failures.push({ stage: "compile", message: `IR fails its schema: ${v.errors.slice(0, 2).join("; ")}` });
  }
  let formatted: ReturnType<typeof format>;
  try {
    formatted = format(text);
  } catch (e) {
    failures.push(thrown("format", e));
    return failures;
  }
  if (formatted.ok) {
    try {
      const again = format(formatted.text);
      if (!again.ok) failures.push({ stage: "format", message: "formatted text does not format again" });
      else if (again.text !== formatted.text) failures.push({ stage: "format", message: "format is not idempotent" });
    } catch (e) {
      failures.push(thrown("format (second pass)", e));
    }
  }
  return failures;
}
