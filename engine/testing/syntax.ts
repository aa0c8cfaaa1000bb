// The `.slatest` file: unit tests for an SLA (see specs/reference.md, "Testing
// an SLA"). One statement per line:
//
//   spec "inbound.sla"                      (optional, first; default: NAME.sla next to NAME.slatest)
//   test "a demo request is a hand raiser"
//     at 2027-01-04 09:00 create L1 source=demo employees=120 country=US score=70
//     expect L1 segment hand_raisers
//     at +6m
//     expect L1 respond hand_raisers breached at 2027-01-04 09:05
//
// This module reads the text against the SLA's IR (times in its zone, field
// values by their declared type, names checked with "did you mean") into
// steps the runner (run.ts) replays. Every problem is located (line, column,
// span) with a stable code (TEST_CODES). Browser-safe.
import { DateTime } from "luxon";
import type { IR, IRObligation } from "../../language/ir.ts";
import type { FieldValue } from "../events.ts";
import { closest } from "../ingest/suggest.ts";
import { inSupportedRange, rangeProblem } from "../ingest/timestamp.ts";
import { cellReader, parseMoney } from "../ingest/values.ts";
import { Failure } from "../problems.ts";

export const TEST_CODES = {
  /** the file itself: unreadable, its spec missing or with errors (reported by the CLI) */
  SLT000: "test file or spec cannot be read, or the spec has errors",
  SLT001: "syntax error",
  SLT002: "invalid time",
  SLT003: "unknown name",
  SLT004: "invalid value",
  SLT005: "time goes backwards",
  SLT006: "duplicate test name",
  SLT007: "statement outside a test",
} as const;
export type TestCode = keyof typeof TEST_CODES;

export interface TestDiagnostic {
  code: TestCode;
  message: string;
  line: number;
  /** 1-based column of the span's start, and its end (exclusive) */
  col: number;
  endCol: number;
  help?: string;
}

/** An event of a test, in the engine's terms (ids and times are filled by the runner). */
export type TestEvent =
  | { type: "lead.created"; lead: string; fields: Record<string, FieldValue> }
  | { type: "lead.updated"; lead: string; fields: Record<string, FieldValue> }
  | { type: "lead.assigned"; lead: string; owner: string }
  | { type: "touch"; lead: string; by?: string; channel?: string }
  | { type: "rep.away"; rep: string; until: number }
  | { type: "custom"; name: string; lead: string };

export type ObligationState = "met" | "breached" | "open" | "paused" | "warned" | "not warned" | "not started";

export type Check =
  | { kind: "segment" | "persona" | "action"; lead: string; name: string | null }
  | { kind: "term"; lead: string; term: string; holds: boolean }
  | { kind: "value"; lead: string; cents: number }
  | { kind: "owner"; lead: string; owner: string | null }
  | { kind: "obligation"; lead: string; obligation: number; state: ObligationState; at: number | null }
  | { kind: "fired"; lead: string; actions: string[] }
  | {
      kind: "commitment";
      commitment: number;
      period: string;
      held: boolean;
      /** count, or cents; null: not checked */
      actual: number | null;
    };

export type Step =
  | { kind: "event"; line: number; at: number; event: TestEvent }
  | { kind: "advance"; line: number; at: number }
  | { kind: "check"; line: number; at: number; check: Check; source: string };

export interface TestCase {
  name: string;
  line: number;
  steps: Step[];
}

export interface TestFile {
  /** the `spec "..."` line's path, or null */
  spec: string | null;
  tests: TestCase[];
  diagnostics: TestDiagnostic[];
}

// ---------------------------------------------------------------- tokens

interface Token {
  /** "word", "string" (quoted, unescaped), "assign" (key=value), "comma" */
  kind: "word" | "string" | "assign" | "comma";
  text: string;
  /** assign: the value (unquoted) */
  value?: string;
  col: number;
  endCol: number;
}

class LineError extends Error {
  constructor(
    readonly code: TestCode,
    message: string,
    readonly col: number,
    readonly endCol: number,
    readonly help?: string,
  ) {
    super(message);
  }
}

/** `"..."` with `\"` and `\\` escapes, starting at s[i] === '"'; returns [value, index after]. */
function readString(s: string, i: number, col0: number): [string, number] {
  let out = "";
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (c === "\\" && j + 1 < s.length) {
      out += s[++j];
      continue;
    }
    if (c === '"') return [out, j + 1];
    out += c;
  }
  throw new LineError("SLT001", "unterminated string", col0 + i, col0 + s.length, 'close it with "');
}

/** Tokens of one line; a `#` at the start of a word starts a comment. */
export function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    // any white space (the word loop below stops at the same class: \s)
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "#") break;
    if (c === ",") {
      out.push({ kind: "comma", text: ",", col: i + 1, endCol: i + 2 });
      i++;
      continue;
    }
    if (c === '"') {
      const [v, j] = readString(s, i, 1);
      out.push({ kind: "string", text: v, col: i + 1, endCol: j + 1 });
      i = j;
      continue;
    }
    const start = i;
    // a word; a comma between digits (`$84,000`, `1,200`) stays inside it
    while (i < s.length && !/[\s,"]/.test(s[i])) {
      i++;
      if (s[i] === "," && /\d$/.test(s.slice(start, i)) && /^\d{3}(?!\d)/.test(s.slice(i + 1))) i++;
      if (s[i] === '"' && s[i - 1] === "=") break;
    }
    const word = s.slice(start, i);
    const eq = word.indexOf("=");
    if (eq > 0) {
      let value = word.slice(eq + 1);
      if (value === "" && s[i] === '"') {
        const [v, j] = readString(s, i, 1);
        value = v;
        i = j;
      }
      out.push({ kind: "assign", text: word.slice(0, eq), value, col: start + 1, endCol: i + 1 });
    } else out.push({ kind: "word", text: word, col: start + 1, endCol: i + 1 });
  }
  return out;
}

// ---------------------------------------------------------------- times

const DURATION = /^\+(\d+(?:\.\d+)?)(s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^\d{2}:\d{2}(?::\d{2})?(?:[Zz]|[+-]\d{2}:?\d{2})?$/;
const ISO = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(?::\d{2})?(?:[Zz]|[+-]\d{2}:?\d{2})?$/;

/** Local wall-clock text in the SLA's zone (or with its own Z/offset) -> epoch ms. */
function timeOf(text: string, zone: string): number {
  const hasZone = /[zZ]$|[+-]\d{2}:?\d{2}$/.test(text);
  const dt = DateTime.fromISO(text.replace(" ", "T"), hasZone ? { setZone: true } : { zone });
  return dt.isValid ? dt.toMillis() : NaN;
}

/** A local time for messages: `2027-01-04 09:05` (seconds when not zero), in the SLA's zone. */
export function showTime(t: number, zone: string): string {
  const dt = DateTime.fromMillis(t, { zone });
  return dt.toFormat(dt.second || dt.millisecond ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm");
}

// ---------------------------------------------------------------- parser

/** The `spec "..."` path a test file names, without reading anything else (null: none). */
export function specPathOf(text: string): string | null {
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^spec\s+"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/.exec(line);
    return m ? m[1].replace(/\\(.)/g, "$1") : null;
  }
  return null;
}

const STATES = new Set(["met", "breached", "open", "paused", "warned", "not"]);

/** Reads a test file against the SLA it tests. */
export function parseTestFile(text: string, ir: IR): TestFile {
  return new Parser(ir).file(text);
}

class Parser {
  private diagnostics: TestDiagnostic[] = [];
  private tests: TestCase[] = [];
  private current: TestCase | null = null;
  /** the time of the last `at` in this test, and of its last check */
  private now = NaN;
  private checked = -Infinity;
  private leads = new Set<string>();
  private spec: string | null = null;
  private readers = new Map<string, (s: string) => FieldValue | Failure>();

  constructor(private ir: IR) {}

  file(text: string): TestFile {
    const lines = text.split("\n");
    let seenStatement = false;
    lines.forEach((raw, i) => {
      const line = i + 1;
      try {
        const toks = tokenize(raw);
        if (toks.length === 0) return;
        const first = toks[0];
        if (first.kind === "word" && first.text === "spec" && !seenStatement) {
          seenStatement = true;
          this.spec = this.stringArg(toks, 1, "the spec's path");
          this.end(toks, 2);
          return;
        }
        seenStatement = true;
        this.statement(toks, line, raw.trim());
      } catch (e) {
        if (!(e instanceof LineError)) throw e;
        const d: TestDiagnostic = { code: e.code, message: e.message, line, col: e.col, endCol: e.endCol };
        if (e.help) d.help = e.help;
        this.diagnostics.push(d);
      }
    });
    if (this.tests.length === 0 && this.diagnostics.length === 0)
      this.diagnostics.push({
        code: "SLT001",
        message: "no tests in this file",
        line: 1,
        col: 1,
        endCol: 2,
        help: 'start one with: test "what it checks"',
      });
    return { spec: this.spec, tests: this.tests, diagnostics: this.diagnostics };
  }

  private statement(toks: Token[], line: number, source: string): void {
    const first = toks[0];
    if (first.kind === "word" && first.text === "test") {
      const name = this.stringArg(toks, 1, "the test's name");
      this.end(toks, 2);
      if (this.tests.some((t) => t.name === name))
        throw new LineError(
          "SLT006",
          `a test named ${JSON.stringify(name)} already exists`,
          toks[1].col,
          toks[1].endCol,
        );
      this.current = { name, line, steps: [] };
      this.tests.push(this.current);
      this.now = NaN;
      this.checked = -Infinity;
      this.leads = new Set();
      return;
    }
    if (!this.current)
      throw new LineError(
        "SLT007",
        "this line is outside a test",
        first.col,
        toks[toks.length - 1].endCol,
        'start a test first: test "what it checks"',
      );
    if (first.kind === "word" && first.text === "at") {
      this.at(toks, line);
      return;
    }
    if (first.kind === "word" && first.text === "expect") {
      if (Number.isNaN(this.now))
        throw new LineError(
          "SLT002",
          "an expect before any `at`: when is it checked?",
          first.col,
          first.endCol,
          "write `at TIME` first",
        );
      const check = this.check(toks);
      this.checked = this.now;
      this.current.steps.push({ kind: "check", line, at: this.now, check, source });
      return;
    }
    throw new LineError(
      "SLT001",
      `expected \`test\`, \`at\` or \`expect\`, got ${JSON.stringify(first.text)}`,
      first.col,
      first.endCol,
    );
  }

  // ---- at TIME [event]

  private at(toks: Token[], line: number): void {
    let i = 1;
    const t = toks[i];
    if (t?.kind !== "word") throw this.missing(toks, "a time (2027-01-04 09:00, or +5m after the last one)");
    let at: number;
    let endTok = t;
    const rel = DURATION.exec(t.text);
    if (rel) {
      if (Number.isNaN(this.now))
        throw new LineError("SLT002", "a relative time needs an earlier `at` in this test", t.col, t.endCol);
      at = this.now + Math.round(Number(rel[1]) * UNIT_MS[rel[2]]);
      if (!inSupportedRange(at))
        throw new LineError("SLT002", `${JSON.stringify(t.text)} ${rangeProblem()}`, t.col, t.endCol);
      i++;
    } else {
      [at, i, endTok] = this.time(toks, i);
    }
    if (at < this.now)
      throw new LineError(
        "SLT005",
        `time goes backwards: ${showTime(at, this.ir.timezone)} is before ${showTime(this.now, this.ir.timezone)}`,
        t.col,
        endTok.endCol,
        "write the lines of a test in time order",
      );
    this.now = at;
    const steps = this.current!.steps;
    if (i >= toks.length) {
      steps.push({ kind: "advance", line, at });
      return;
    }
    if (at <= this.checked)
      throw new LineError(
        "SLT005",
        "an event at the instant an expect above already checked",
        t.col,
        endTok.endCol,
        "move the event above those expect lines, or give it a later time",
      );
    steps.push({ kind: "event", line, at, event: this.event(toks, i) });
  }

  /** A time at toks[i] (one or two words); returns [ms, next index, last token]. */
  private time(toks: Token[], i: number): [number, number, Token] {
    const t = toks[i];
    if (t?.kind !== "word") throw this.missing(toks, "a time (2027-01-04 09:00)");
    let text = t.text;
    let last = t;
    let next = i + 1;
    if (DATE.test(t.text)) {
      const c = toks[i + 1];
      if (c && c.kind === "word" && CLOCK.test(c.text)) {
        text = `${t.text}T${c.text}`;
        last = c;
        next = i + 2;
      }
    } else if (!ISO.test(t.text))
      throw new LineError(
        "SLT002",
        `${JSON.stringify(t.text)} is not a time`,
        t.col,
        t.endCol,
        "write 2027-01-04 09:00 (in the SLA's time zone), 2027-01-04T14:00Z, or +5m",
      );
    const ms = timeOf(text, this.ir.timezone);
    if (!Number.isNaN(ms) && !inSupportedRange(ms))
      throw new LineError("SLT002", `${JSON.stringify(text.replace("T", " "))} ${rangeProblem()}`, t.col, last.endCol);
    if (Number.isNaN(ms))
      throw new LineError(
        "SLT002",
        `${JSON.stringify(text.replace("T", " "))} is not a valid time`,
        t.col,
        last.endCol,
      );
    return [ms, next, last];
  }

  private event(toks: Token[], i: number): TestEvent {
    const verb = toks[i];
    if (verb.kind !== "word")
      throw this.unexpected(
        verb,
        "an event (create, update, clear, assign, touch, away, or a custom event like demo.started)",
      );
    switch (verb.text) {
      case "create": {
        const lead = this.word(toks, i + 1, "a lead id");
        const fields = this.fields(toks, i + 2);
        this.leads.add(lead.text);
        return { type: "lead.created", lead: lead.text, fields };
      }
      case "update": {
        const lead = this.lead(toks, i + 1);
        const fields = this.fields(toks, i + 2);
        if (Object.keys(fields).length === 0) throw this.missing(toks, "field=value to change");
        return { type: "lead.updated", lead, fields };
      }
      case "clear": {
        const lead = this.lead(toks, i + 1);
        const fields: Record<string, FieldValue> = {};
        for (let j = i + 2; j < toks.length; j++) {
          const f = toks[j];
          if (f.kind === "comma") continue;
          if (f.kind !== "word") throw this.unexpected(f, "a field name");
          this.field(f);
          fields[f.text] = null;
        }
        if (Object.keys(fields).length === 0) throw this.missing(toks, "the fields to clear");
        return { type: "lead.updated", lead, fields };
      }
      case "assign": {
        const lead = this.lead(toks, i + 1);
        this.keyword(toks, i + 2, "to");
        const owner = this.person(toks, i + 3, "a rep");
        this.end(toks, i + 4);
        return { type: "lead.assigned", lead, owner: owner.text };
      }
      case "touch": {
        // touch L1 [by REP] [via CHANNEL]: who and on which channel (`by` clauses read them)
        const lead = this.lead(toks, i + 1);
        const e: TestEvent & { type: "touch" } = { type: "touch", lead };
        let j = i + 2;
        for (const [kw, key] of [
          ["by", "by"],
          ["via", "channel"],
        ] as const)
          if (toks[j]?.kind === "word" && toks[j].text === kw) {
            e[key] = this.person(toks, j + 1, kw === "by" ? "who touched the lead" : "a channel").text;
            j += 2;
          }
        this.end(toks, j);
        return e;
      }
      case "away": {
        const rep = this.person(toks, i + 1, "a rep");
        this.keyword(toks, i + 2, "until");
        const [until, next, last] = this.time(toks, i + 3);
        if (until <= this.now)
          throw new LineError("SLT005", "an absence must end after it starts", toks[i + 3].col, last.endCol);
        this.end(toks, next);
        return { type: "rep.away", rep: rep.text, until };
      }
      default: {
        if (!/^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$/.test(verb.text))
          throw this.unexpected(
            verb,
            "an event: create, update, clear, assign, touch, away, or a custom event like demo.started",
          );
        if (["lead.created", "lead.updated", "lead.assigned", "rep.away"].includes(verb.text))
          throw new LineError(
            "SLT001",
            `write ${JSON.stringify(verb.text)} with its own verb (create, update, assign, touch, away)`,
            verb.col,
            verb.endCol,
          );
        const lead = this.lead(toks, i + 1);
        this.end(toks, i + 2);
        return { type: "custom", name: verb.text, lead };
      }
    }
  }

  private fields(toks: Token[], i: number): Record<string, FieldValue> {
    const out: Record<string, FieldValue> = {};
    for (let j = i; j < toks.length; j++) {
      const t = toks[j];
      if (t.kind === "comma") continue;
      if (t.kind !== "assign") throw this.unexpected(t, "field=value");
      const read = this.field(t);
      const v = read(t.value!);
      if (v instanceof Failure)
        throw new LineError("SLT004", `field ${t.text}: ${v.message.replace(/^field "[^"]*": /, "")}`, t.col, t.endCol);
      if (v === null)
        throw new LineError(
          "SLT004",
          `field ${t.text}: no value (to unset it, write: clear LEAD ${t.text})`,
          t.col,
          t.endCol,
        );
      Object.defineProperty(out, t.text, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  /** The reader of a declared field, or an SLT003 with a suggestion. */
  private field(t: Token): (s: string) => FieldValue | Failure {
    let r = this.readers.get(t.text);
    if (r) return r;
    if (!Object.hasOwn(this.ir.fields, t.text)) throw this.unknown(t, "field", Object.keys(this.ir.fields));
    r = cellReader(this.ir.fields[t.text]);
    this.readers.set(t.text, r);
    return r;
  }

  // ---- expect ...

  private check(toks: Token[]): Check {
    const t = toks[1];
    if (!t) throw this.missing(toks, "a lead id or `commitment`");
    if (t.kind === "word" && t.text === "commitment") return this.commitment(toks, 2);
    const lead = this.lead(toks, 1);
    const what = toks[2];
    if (!what)
      throw this.missing(toks, "what to check: segment, is, persona, action, value, owner, fired, or an obligation");
    if (what.kind === "word")
      switch (what.text) {
        case "segment":
        case "persona":
        case "action": {
          const n = this.word(toks, 3, `a ${what.text} (or none)`);
          this.end(toks, 4);
          if (n.text === "none") return { kind: what.text, lead, name: null };
          const names = (
            what.text === "segment" ? this.ir.segments : what.text === "persona" ? this.ir.personas : this.ir.actions
          ).map((s) => s.name);
          if (!names.includes(n.text)) throw this.unknown(n, what.text, names);
          return { kind: what.text, lead, name: n.text };
        }
        case "is": {
          let j = 3;
          let holds = true;
          if (toks[j]?.kind === "word" && toks[j].text === "not") {
            holds = false;
            j++;
          }
          const n = this.word(toks, j, "a term (a `define` name)");
          const names = this.ir.terms.map((x) => x.name);
          if (!names.includes(n.text)) throw this.unknown(n, "term", names);
          this.end(toks, j + 1);
          return { kind: "term", lead, term: n.text, holds };
        }
        case "value": {
          const v = this.word(toks, 3, "an amount like $50");
          const cents = parseMoney(v.text);
          if (cents === null)
            throw new LineError(
              "SLT004",
              `${JSON.stringify(v.text)} is not an amount of money`,
              v.col,
              v.endCol,
              "write $50 or $1,200.50",
            );
          this.end(toks, 4);
          return { kind: "value", lead, cents };
        }
        case "owner": {
          const o = this.word(toks, 3, "a rep (or none)");
          this.end(toks, 4);
          return { kind: "owner", lead, owner: o.text === "none" ? null : o.text };
        }
        case "fired":
          return { kind: "fired", lead, actions: this.actions(toks, 3) };
      }
    return this.obligation(toks, 2, lead);
  }

  /** `respond SEG STATE`, `cadence SEG STATE`, `expect A or B after C [for S] STATE`, or `"id" STATE`. */
  private obligation(toks: Token[], i: number, lead: string): Check {
    const first = toks[i];
    let id: string;
    let j: number;
    if (first.kind === "string") {
      id = first.text;
      j = i + 1;
    } else {
      j = i;
      const words: string[] = [];
      while (j < toks.length && toks[j].kind === "word" && !STATES.has(toks[j].text)) words.push(toks[j++].text);
      id = words.join(" ");
    }
    const ids = this.ir.obligations.map((o: IRObligation) => o.id);
    const index = ids.indexOf(id);
    if (index < 0) {
      const last = toks[Math.max(i, j - 1)];
      const known = ["segment", "is", "persona", "action", "value", "owner", "fired"];
      if (first.kind === "word" && !["respond", "cadence", "expect"].includes(first.text) && j === i + 1)
        throw new LineError(
          "SLT001",
          `expected what to check (${known.join(", ")}, or an obligation like "respond ${this.ir.segments[0]?.name ?? "SEGMENT"}"), got ${JSON.stringify(first.text)}`,
          first.col,
          first.endCol,
          closest(first.text, known) ? `did you mean ${JSON.stringify(closest(first.text, known))}?` : undefined,
        );
      const c = closest(id, ids);
      throw new LineError(
        "SLT003",
        `no obligation ${JSON.stringify(id)} in this SLA`,
        first.col,
        last.endCol,
        c ? `did you mean ${JSON.stringify(c)}?` : `its obligations: ${ids.map((x) => JSON.stringify(x)).join(", ")}`,
      );
    }
    const st = toks[j];
    if (!st) throw this.missing(toks, "a state: met, breached, open, paused, warned, not warned, not started");
    let state: ObligationState;
    let k = j + 1;
    if (st.kind === "word" && st.text === "not") {
      const n = this.word(toks, k, "warned or started");
      if (n.text !== "warned" && n.text !== "started") throw this.unexpected(n, "warned or started");
      state = n.text === "warned" ? "not warned" : "not started";
      k++;
    } else if (st.kind === "word" && STATES.has(st.text)) state = st.text as ObligationState;
    else throw this.unexpected(st, "a state: met, breached, open, paused, warned, not warned, not started");
    let at: number | null = null;
    const kw = toks[k];
    if (kw) {
      const want = state === "open" ? "due" : "at";
      if (
        !(state === "met" || state === "breached" || state === "warned" || state === "open") ||
        kw.kind !== "word" ||
        kw.text !== want
      )
        throw this.unexpected(
          kw,
          state === "open"
            ? "`due TIME` or the end of the line"
            : state === "met" || state === "breached" || state === "warned"
              ? "`at TIME` or the end of the line"
              : "the end of the line",
        );
      const [t, next] = this.time(toks, k + 1);
      at = t;
      this.end(toks, next);
    }
    return { kind: "obligation", lead, obligation: index, state, at };
  }

  /** `reassign to ben, escalate to maria, nurture "X", notify "U", tag "L"` or `nothing`. */
  private actions(toks: Token[], i: number): string[] {
    const first = toks[i];
    if (!first) throw this.missing(toks, "the actions fired (or nothing)");
    if (first.kind === "word" && first.text === "nothing") {
      this.end(toks, i + 1);
      return [];
    }
    const out: string[] = [];
    let j = i;
    for (;;) {
      const verb = this.word(toks, j, "an action: reassign, escalate, nurture, notify or tag");
      if (verb.text === "reassign" || verb.text === "escalate") {
        this.keyword(toks, j + 1, "to");
        const who = this.word(toks, j + 2, "a rep (or nobody)");
        out.push(`${verb.text} to ${who.text}`);
        j += 3;
      } else if (verb.text === "nurture" || verb.text === "notify" || verb.text === "tag") {
        out.push(
          `${verb.text} ${JSON.stringify(this.stringArg(toks, j + 1, `the ${verb.text === "nurture" ? "campaign" : verb.text === "notify" ? "URL" : "label"} in quotes`))}`,
        );
        j += 2;
      } else throw this.unexpected(verb, "an action: reassign, escalate, nurture, notify or tag");
      if (j >= toks.length) return out;
      if (toks[j].kind !== "comma") throw this.unexpected(toks[j], "a comma before the next action");
      j++;
    }
  }

  /** `commitment 300 VQL per quarter in 2027-Q1 held|missed [with N]` (`$84,000 in VQL per month` for value). */
  private commitment(toks: Token[], i: number): Check {
    const amount = this.word(toks, i, "the commitment as the SLA writes it, e.g. 300 VQL per quarter");
    let j = i + 1;
    const isValue = amount.text.startsWith("$");
    const goal = isValue
      ? parseMoney(amount.text)
      : /^\d[\d_,]*$/.test(amount.text)
        ? Number(amount.text.replace(/[_,]/g, ""))
        : null;
    if (goal === null)
      throw new LineError(
        "SLT004",
        `${JSON.stringify(amount.text)} is not a count or an amount`,
        amount.col,
        amount.endCol,
      );
    if (isValue) this.keyword(toks, j++, "in");
    const term = this.word(toks, j++, "a term");
    this.keyword(toks, j++, "per");
    const per = this.word(toks, j++, "month, quarter or year");
    const index = this.ir.commitments.findIndex(
      (c) => c.kind === (isValue ? "value" : "count") && c.term === term.text && c.per === per.text && c.goal === goal,
    );
    if (index < 0) {
      const written = this.ir.commitments.map(
        (c) => `${c.kind === "value" ? `${money(c.goal)} in ` : `${c.goal} `}${c.term} per ${c.per}`,
      );
      throw new LineError(
        "SLT003",
        `this SLA has no commitment ${JSON.stringify(`${amount.text}${isValue ? " in" : ""} ${term.text} per ${per.text}`)}`,
        amount.col,
        per.endCol,
        written.length ? `its commitments: ${written.join("; ")}` : "it has no `marketing delivers` lines",
      );
    }
    this.keyword(toks, j++, "in");
    const period = this.word(toks, j++, "a period: 2027-01, 2027-Q1 or 2027");
    const pattern = { month: /^\d{4}-(0[1-9]|1[0-2])$/, quarter: /^\d{4}-Q[1-4]$/, year: /^\d{4}$/ }[
      this.ir.commitments[index].per
    ];
    if (!pattern.test(period.text))
      throw new LineError(
        "SLT004",
        `${JSON.stringify(period.text)} is not a ${this.ir.commitments[index].per}`,
        period.col,
        period.endCol,
        "write 2027-01 (month), 2027-Q1 (quarter) or 2027 (year)",
      );
    const verdict = this.word(toks, j++, "held or missed");
    if (verdict.text !== "held" && verdict.text !== "missed") throw this.unexpected(verdict, "held or missed");
    let actual: number | null = null;
    if (toks[j]) {
      this.keyword(toks, j++, "with");
      const a = this.word(toks, j++, isValue ? "an amount like $1,200" : "a count");
      actual = isValue ? parseMoney(a.text) : /^\d[\d,]*$/.test(a.text) ? Number(a.text.replace(/,/g, "")) : null;
      if (actual === null)
        throw new LineError(
          "SLT004",
          `${JSON.stringify(a.text)} is not ${isValue ? "an amount" : "a count"}`,
          a.col,
          a.endCol,
        );
      this.end(toks, j);
    }
    return { kind: "commitment", commitment: index, period: period.text, held: verdict.text === "held", actual };
  }

  // ---- small readers

  private lead(toks: Token[], i: number): string {
    const t = this.word(toks, i, "a lead id");
    if (!this.leads.has(t.text)) {
      const c = closest(t.text, this.leads);
      throw new LineError(
        "SLT003",
        `lead ${JSON.stringify(t.text)} is not created in this test`,
        t.col,
        t.endCol,
        c ? `did you mean ${JSON.stringify(c)}?` : `create it first: at TIME create ${t.text} field=value ...`,
      );
    }
    return t.text;
  }

  private word(toks: Token[], i: number, what: string): Token {
    const t = toks[i];
    if (!t) throw this.missing(toks, what);
    if (t.kind !== "word") throw this.unexpected(t, what);
    return t;
  }

  /** A rep (or a channel): a word, or a string for one written like "Jen Park". */
  private person(toks: Token[], i: number, what: string): Token {
    const t = toks[i];
    if (!t) throw this.missing(toks, what);
    if (t.kind !== "word" && t.kind !== "string") throw this.unexpected(t, what);
    return t;
  }

  private keyword(toks: Token[], i: number, kw: string): void {
    const t = toks[i];
    if (!t) throw this.missing(toks, `\`${kw}\``);
    if (t.kind !== "word" || t.text !== kw) throw this.unexpected(t, `\`${kw}\``);
  }

  private stringArg(toks: Token[], i: number, what: string): string {
    const t = toks[i];
    if (!t) throw this.missing(toks, `${what} in quotes`);
    if (t.kind !== "string") throw this.unexpected(t, `${what} in quotes`);
    return t.text;
  }

  private end(toks: Token[], i: number): void {
    if (i < toks.length) {
      const t = toks[i];
      throw new LineError(
        "SLT001",
        `unexpected ${JSON.stringify(t.text)} at the end of the line`,
        t.col,
        toks[toks.length - 1].endCol,
      );
    }
  }

  private missing(toks: Token[], what: string): LineError {
    const last = toks[toks.length - 1];
    return new LineError("SLT001", `expected ${what} at the end of the line`, last.endCol, last.endCol + 1);
  }

  private unexpected(t: Token, what: string): LineError {
    return new LineError(
      "SLT001",
      `expected ${what}, got ${JSON.stringify(t.kind === "assign" ? `${t.text}=${t.value}` : t.text)}`,
      t.col,
      t.endCol,
    );
  }

  private unknown(t: Token, what: string, names: string[]): LineError {
    const c = closest(t.text, names);
    return new LineError(
      "SLT003",
      `this SLA has no ${what} ${JSON.stringify(t.text)}`,
      t.col,
      t.endCol,
      c
        ? `did you mean ${JSON.stringify(c)}?`
        : names.length
          ? `its ${what}s: ${names.join(", ")}`
          : `it declares no ${what}s`,
    );
  }
}

/** Cents as `$1,200` / `$131.25`. */
export function money(cents: number): string {
  const whole = Math.floor(Math.abs(cents) / 100);
  const frac = Math.abs(cents) % 100;
  return `${cents < 0 ? "-" : ""}$${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${frac ? `.${String(frac).padStart(2, "0")}` : ""}`;
}
