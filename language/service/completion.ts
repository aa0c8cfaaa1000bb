// Completion at a cursor, from the language itself: the grammar says which
// tokens may come next (Chevrotain's content assist over the tokens before the
// cursor), and the checker's symbol tables fill in the names a context takes
// (the segments after `respond to`, a field's values after `source = `, ...).
import type { IToken, TokenType } from "chevrotain";
import { COMMON_CHANNELS } from "../check/obligations.ts";
import { tokenEnd } from "../literals.ts";
import { EventType, Identifier, KEYWORD_TOKENS, Name, NumberLit, parseLexer, StringLit } from "../lexer.ts";
import { sharedGrammar } from "../parse.ts";
import { quote } from "../quote.ts";
import { isTerminatedString } from "../strings.ts";
import { DAY_WORDS, PERIOD_WORDS, TYPE_WORDS, WINDOW_UNIT_WORDS } from "../vocabulary.ts";
import { analyze, type Doc, peopleOf, sourceOf } from "./document.ts";
import { guarded } from "./guard.ts";
import type { CompletionItemData, CompletionKind, Range } from "./types.ts";
import { BUILTIN_LEAD_EVENTS, keywordMeaning, PERIOD_MEANINGS, unitMeaning } from "./words.ts";

/** Words that begin a statement (reference.md section 2). */
const STATEMENT_KEYWORDS: ReadonlySet<string> = new Set([
  "sla",
  "owner",
  "effective",
  "timezone",
  "calendar",
  "fields",
  "define",
  "segment",
  "team",
  "persona",
  "action",
  "value",
  "marketing",
  "respond",
  "cadence",
  "expect",
  "plan",
]);

/** Statement starts tried, nearest first, before giving up (each try is one content-assist run). */
const MAX_STARTS_TRIED = 6;

/** The completions at `offset` of `text`. Never throws: any failure is an empty list. */
export function complete(text: string, offset: number): CompletionItemData[] {
  return guarded([], () => completeAt(text, clampOffset(text, offset)));
}

export function clampOffset(text: string, offset: number): number {
  if (!Number.isFinite(offset)) return text.length;
  return Math.max(0, Math.min(text.length, Math.floor(offset)));
}

interface Cursor {
  /** tokens before what is being typed */
  before: IToken[];
  /** the word or unterminated string being typed (replaced by the completion) */
  range: Range;
  /** what is being typed is a string (`"de`): values are offered quoted */
  inString: boolean;
}

function completeAt(text: string, at: number): CompletionItemData[] {
  const cursor = cursorAt(text, at);
  if (!cursor) return [];
  const paths = expectedPaths(text, cursor.range.start, cursor.before);
  const doc = analyze(text);
  const items = new Map<string, CompletionItemData>();
  const add = (label: string, kind: CompletionKind, detail: string, insertText = label, rank = 0) => {
    const key = `${kind}\u0000${label}`;
    if (items.has(key)) return;
    const filterText = kind === "enum-value" && !cursor.inString ? label.replace(/^"|"$/g, "") : label;
    items.set(key, {
      label,
      kind,
      detail,
      insertText,
      ...(filterText !== label ? { filterText } : {}),
      sortText: `${rank}${label}`,
      range: cursor.range,
    });
  };
  const contexts = new Set<string>();
  for (const p of paths) {
    const t = p.nextTokenType;
    const rule = p.ruleStack[p.ruleStack.length - 1] ?? "program";
    if (KEYWORD_TOKENS.has(t)) {
      if (cursor.inString) continue;
      const word = t.name.slice("Kw_".length);
      const startsStatement = p.ruleStack.length <= 3 && STATEMENT_KEYWORDS.has(word) && rule.endsWith("Stmt");
      if (word === "one" && rule === "typeRef") add("one of", "keyword", keywordMeaning("one"), "one of ", 1);
      else add(word, "keyword", keywordMeaning(word), word, startsStatement ? 2 : 1);
    } else contexts.add(`${rule}\u0000${tokenKind(t)}`);
  }
  for (const c of contexts) {
    const [rule, token] = c.split("\u0000");
    names(doc, cursor, rule, token, add);
  }
  return [...items.values()].sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0));
}

type Add = (label: string, kind: CompletionKind, detail: string, insertText?: string, rank?: number) => void;

function tokenKind(t: TokenType): string {
  if (t === Name || t === Identifier) return "name";
  if (t === EventType) return "event";
  if (t === StringLit) return "string";
  return t.name;
}

/** Where the cursor is: null inside a comment or right after a number (nothing to offer there). */
function cursorAt(text: string, at: number): Cursor | null {
  const lexed = parseLexer.tokenize(text.slice(0, at));
  const comments = (lexed.groups.comments ?? []) as IToken[];
  const lastComment = comments[comments.length - 1];
  if (lastComment && tokenEnd(lastComment) === at) return null;
  const tokens = lexed.tokens;
  const last = tokens[tokens.length - 1];
  // `demo.` : the lexer stops at the dot (an event type needs a word after it)
  if (text[at - 1] === "." && last && tokenEnd(last) === at - 1 && /^[A-Za-z_]/.test(last.image))
    return { before: tokens.slice(0, -1), range: wordRange(text, last.startOffset, at), inString: false };
  if (!last || tokenEnd(last) !== at) return { before: tokens, range: wordRange(text, at, at), inString: false };
  if (last.tokenType === StringLit) {
    // a closed string right before the cursor is complete; an open one is being typed
    if (isTerminatedString(last.image)) return { before: tokens, range: { start: at, end: at }, inString: false };
    return { before: tokens.slice(0, -1), range: stringRange(text, last.startOffset), inString: true };
  }
  if (/^[A-Za-z_]/.test(last.image))
    return { before: tokens.slice(0, -1), range: wordRange(text, last.startOffset, at), inString: false };
  // a number or a punctuation mark: punctuation is a fresh start, a number is still being typed
  if (/[A-Za-z0-9_$%]$/.test(last.image)) return null;
  return { before: tokens, range: { start: at, end: at }, inString: false };
}

/** From `start` to the end of the word the cursor is in (words may hold dots: event types). */
function wordRange(text: string, start: number, at: number): Range {
  let end = at;
  while (end < text.length && end - at < 200 && /[A-Za-z0-9_.]/.test(text[end])) end++;
  return { start, end };
}

/** A string from `start` (its opening quote) to its closing quote on the same line, if any. */
function stringRange(text: string, start: number): Range {
  const m = /"(?:[^"\\\n\r]|\\.)*"?/y;
  m.lastIndex = start;
  const found = m.exec(text);
  return { start, end: found ? start + found[0].length : start + 1 };
}

/**
 * What the grammar accepts after `before`. Content assist replays the tokens
 * from a statement start; the nearest statement keyword at the start of a
 * line is tried first (keywords are soft, so `by team sdr` or a field called
 * `owner` may look like one: a start whose tokens do not parse gives no paths,
 * and the next one back is tried).
 */
function expectedPaths(text: string, at: number, before: IToken[]) {
  const grammar = sharedGrammar();
  let tried = 0;
  for (let k = before.length - 1; k >= 0 && tried < MAX_STARTS_TRIED; k--) {
    const t = before[k];
    if (!KEYWORD_TOKENS.has(t.tokenType) || !STATEMENT_KEYWORDS.has(t.image) || !firstOnLine(text, t.startOffset))
      continue;
    tried++;
    const paths = grammar.computeContentAssist("program", before.slice(k));
    if (paths.length) return paths;
  }
  // the start of the file, or a new line no statement keyword opens: what may start a statement
  const last = before[before.length - 1];
  if (!last || /[\n\r]/.test(text.slice(tokenEnd(last), at))) return grammar.computeContentAssist("program", []);
  return [];
}

function firstOnLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === "\n" || c === "\r") return true;
    if (c !== " " && c !== "\t") return false;
  }
  return true;
}

/** The names a context takes: `rule` is the grammar rule asking, `token` the kind of token it asks for. */
function names(doc: Doc, cursor: Cursor, rule: string, token: string, add: Add): void {
  if (rule === "literal") {
    fieldValues(doc, cursor, add);
    return;
  }
  // elsewhere names only where a name goes (not where a string or a number does), and not inside a string
  if ((token !== "name" && token !== "event") || cursor.inString) return;
  const m = doc.model;
  const prev = cursor.before[cursor.before.length - 1];
  const prevWord = prev?.image ?? "";
  const terms = () => {
    for (const [name, d] of m.terms) add(name, "term", `term: ${conditionText(doc, d.when?.range)}`);
  };
  const segments = () => {
    for (const s of m.segments)
      add(s.name.name, "segment", s.otherwise ? "segment: otherwise" : `segment: ${conditionText(doc, s.when?.range)}`);
  };
  const teams = () => {
    for (const [name, t] of m.teams) add(name, "team", `team: ${t.members.map((p) => p.name).join(", ")}`);
  };
  const periods = () => {
    for (const p of PERIOD_WORDS) add(p, "period", PERIOD_MEANINGS.get(p) ?? "period");
  };
  switch (rule) {
    case "primary":
      for (const f of m.fields.values()) add(f.name, "field", `field: ${fieldTypeText(f.type, f.values)}`);
      terms();
      return;
    case "respondStmt":
    case "cadenceStmt":
    case "expectStmt":
      segments();
      return;
    case "window":
      if (prevWord === "on") {
        for (const name of m.calendars.keys()) add(name, "calendar", "calendar (business hours)");
        return;
      }
      for (const u of WINDOW_UNIT_WORDS) if (u.endsWith("s")) add(u, "unit", unitMeaning(u));
      if (prev?.tokenType === NumberLit)
        for (const u of ["business hours", "business days", "business minutes"])
          add(u, "unit", "counted only while the calendar is open", u, 0);
      return;
    case "breachAction":
      teams();
      return;
    case "byItem":
      if (prevWord === "team") teams();
      else for (const c of COMMON_CHANNELS) add(c, "channel", "a touch channel, as the data writes it");
      return;
    case "eventName":
      eventTypes(doc, cursor.range, add);
      return;
    case "deliversStmt":
      if (prevWord === "per") periods();
      else terms();
      return;
    case "planLine":
      if (prevWord === "per") periods();
      else
        for (const o of doc.occurrences)
          if (o.kind === "stage" && o.declaration && !touches(o.range, cursor.range))
            add(o.name, "stage", "plan stage");
      return;
    case "typeRef":
      for (const t of TYPE_WORDS) add(t, "type", `field type ${t}`);
      return;
    case "daySpan":
      for (const d of DAY_WORDS) add(d, "day", "day of the week");
      return;
    case "nameList":
      for (const a of m.actions) add(a.name.name, "action", "action (a value chart column)");
      return;
    case "valueRow":
      for (const p of m.personas) add(p.name.name, "persona", "persona (a value chart row)");
      return;
    case "person":
      for (const [name, roles] of peopleOf(m))
        add(
          /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : quote(name),
          "person",
          roles.map((r) => `${r.role} of ${r.team}`).join(", "),
        );
      return;
    default:
      // a new name (a field, a term, a segment being declared): nothing to offer
      return;
  }
}

/** The values of the field a literal compares with: `source = `, `source in (`, `source not in ("a", `. */
function fieldValues(doc: Doc, cursor: Cursor, add: Add): void {
  const field = comparedField(cursor.before);
  if (field === null) return;
  const f = doc.model.fields.get(field);
  if (!f) return;
  if (f.type === "enum") {
    for (const v of f.values) add(quote(v), "enum-value", `enum value of ${field}`, quote(v), 0);
  } else if (f.type === "yesno" && !cursor.inString) {
    add("yes", "enum-value", `yes/no value of ${field}`, "yes", 0);
    add("no", "enum-value", `yes/no value of ${field}`, "no", 0);
  }
}

/** The field name before the comparison the cursor is in (walks back over `(`, values and commas). */
function comparedField(before: IToken[]): string | null {
  for (let i = before.length - 1, steps = 0; i > 0 && steps < 1000; i--, steps++) {
    const t = before[i];
    const word = t.image;
    if (t.tokenType.name === "LParen" || t.tokenType.name === "Comma") continue;
    if (t.tokenType.CATEGORIES?.some((c) => c.name === "CompareOp") || word === "contains") return before[i - 1].image;
    if (word === "with") return i >= 2 ? before[i - 2].image : null;
    if (word === "in" && KEYWORD_TOKENS.has(t.tokenType)) {
      const f = before[i - 1];
      return f.image === "not" && i >= 2 ? before[i - 2].image : f.image;
    }
    // a value of the list: keep walking back
    if (/^["0-9$]/.test(word) || (t.tokenType === Identifier && before[i - 1]?.tokenType.name === "Comma")) continue;
    return null;
  }
  return null;
}

/** Built-in events and the custom types the spec names elsewhere (not the word being typed). */
function eventTypes(doc: Doc, typing: Range, add: Add): void {
  for (const [name, meaning] of BUILTIN_LEAD_EVENTS) add(name, "event", meaning);
  for (const o of doc.occurrences)
    if (o.kind === "event" && !BUILTIN_LEAD_EVENTS.has(o.name) && !touches(o.range, typing))
      add(o.name, "event", "custom event type");
}

function touches(a: Range, b: Range): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function fieldTypeText(type: string, values: readonly string[]): string {
  if (type === "enum") {
    const shown = values.slice(0, 6).map(quote).join(", ");
    return `one of ${shown}${values.length > 6 ? `, … (${values.length})` : ""}`;
  }
  return type === "yesno" ? "yes/no" : type;
}

/** A condition on one line, shortened for a detail line. */
function conditionText(doc: Doc, r: Range | undefined): string {
  if (!r) return "…";
  const s = sourceOf(doc, r).replace(/\s+/g, " ").trim();
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}
