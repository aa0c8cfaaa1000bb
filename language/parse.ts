// Text -> AST + syntax diagnostics: the public entry of the front end's first
// half. Never throws, and bounded on any input: a condition nested deeper
// than MAX_NESTING gets SLA005 where it crosses the limit (no stack
// overflow), and at most MAX_SYNTAX_DIAGNOSTICS syntax errors are listed, then
// one line saying how many more there were.
import type { IToken } from "chevrotain";
import type { Program } from "./ast.ts";
import { type Diagnostic, diag, LineIndex, sortDiagnostics } from "./diagnostics.ts";
import { MAX_NESTING, SlaGrammar } from "./grammar.ts";
import { parseLexer, StringLit } from "./lexer.ts";
import { tokenEnd, tokenRange } from "./literals.ts";
import { isTerminatedString } from "./strings.ts";

export interface ParseResult {
  ast: Program;
  diagnostics: Diagnostic[];
}

/** Syntax errors listed per file; past this one summary diagnostic counts the rest. */
export const MAX_SYNTAX_DIAGNOSTICS = 100;

/** One parser instance, reused: Chevrotain parsers are built once and reset per input. */
let grammar: SlaGrammar | undefined;

/** The parser instance, for the language service's content assist (it reads the grammar, not the state of a run). */
export function sharedGrammar(): SlaGrammar {
  grammar ??= new SlaGrammar();
  return grammar;
}

export function parse(text: string): ParseResult {
  const lexed = parseLexer.tokenize(text);
  const lines = new LineIndex(text);
  const lineOf = (offset: number) => lines.position(offset).line;
  const diagnostics: Diagnostic[] = [];

  // A lexing error: one diagnostic per bad word. After `1e3` or `5min` the
  // lexer resumes mid-word (`e3`, `min`); those leftovers are dropped so one
  // typo gives one diagnostic.
  const lexLines = new Set<number>();
  const leftovers: [number, number][] = [];
  for (const e of lexed.errors) {
    const word = wordAt(text, e.offset, NOT_SPACE) || text[e.offset];
    leftovers.push([e.offset, e.offset + wordAt(text, e.offset, NOT_SPACE_OR_PUNCTUATION).length]);
    lexLines.add(lineOf(e.offset));
    if (/^\d/.test(word))
      diagnostics.push(
        diag(
          "SLA004",
          { start: e.offset, end: e.offset + Math.max(1, Math.min(word.length, 40)) },
          `'${word}' is not a number, amount, percentage, date, time or duration`,
          "durations are written 90s, 5m, 24h, 15d or 2w; amounts $1,000; percentages 95%",
        ),
      );
    else
      diagnostics.push(
        diag("SLA001", { start: e.offset, end: e.offset + 1 }, `unexpected character '${text[e.offset]}'`),
      );
  }
  const tokens = withoutLeftovers(lexed.tokens, leftovers);

  const { statements, tooDeep, errors } = sharedGrammar().run(tokens);

  // Too deep: SLA005 where the limit was crossed, and nothing more about that
  // statement (its unmatched `)` would only repeat the news).
  const quiet: [number, number][] = [];
  let s = 0;
  for (const t of tooDeep) {
    while (s < statements.length && statements[s].range.start <= t.startOffset) s++;
    quiet.push([t.startOffset, statements[s]?.range.start ?? Infinity]);
    diagnostics.push(
      diag(
        "SLA005",
        tokenRange(t),
        `expressions are nested too deeply (more than ${MAX_NESTING} levels of parentheses and 'not')`,
        "split the condition into defined terms",
      ),
    );
  }

  for (const e of errors) {
    // Point at the unexpected token, unless it is the end of the file or sits on
    // a later line than the last good token: then the caret goes right after
    // that token, where the missing piece belongs (`score >=` at a line end).
    const token = e.token;
    const atEof = Number.isNaN(token.startOffset) || token.tokenType.name === "EOF";
    const prev = (e as { previousToken?: IToken }).previousToken;
    const usablePrev = prev && !Number.isNaN(prev.startOffset) ? prev : null;
    const useGap =
      usablePrev !== null && (atEof || LINE_BREAK.test(text.slice(tokenEnd(usablePrev), token.startOffset)));
    let start: number;
    let end: number;
    if (usablePrev && useGap) {
      start = Math.min(text.length, tokenEnd(usablePrev));
      end = Math.min(text.length, start + 1);
    } else if (atEof) {
      start = end = text.length;
    } else {
      start = token.startOffset;
      end = tokenEnd(token);
    }
    // A lexing error usually causes a parse error on the same line: report it once.
    if (lexLines.has(lineOf(start))) continue;
    if (inside(quiet, start)) continue;
    diagnostics.push(diag("SLA002", { start, end }, e.message));
  }

  for (const t of tokens)
    if (t.tokenType === StringLit && !isTerminatedString(t.image))
      diagnostics.push(
        diag("SLA003", tokenRange(t), "this string has no closing quote", `add '"' at the end: ${t.image}"`),
      );

  const comments = ((lexed.groups.comments ?? []) as IToken[]).map((c) => ({
    kind: "Comment" as const,
    text: c.image,
    range: tokenRange(c),
  }));
  const ast: Program = { kind: "Program", statements, comments, range: { start: 0, end: text.length } };
  return { ast, diagnostics: capped(sortDiagnostics(diagnostics)) };
}

/** A new line for the lexer (Chevrotain counts \n, \r\n and a lone \r). */
const LINE_BREAK = /[\n\r]/;
const NOT_SPACE = /[^\s]+/y;
const NOT_SPACE_OR_PUNCTUATION = /[^\s,(){}]+/y;
/** Longest words looked at after a lexing error (bounded, so a long run of errors stays linear). */
const WORD_LIMIT = 200;

function wordAt(text: string, offset: number, re: RegExp): string {
  re.lastIndex = 0;
  return re.exec(text.slice(offset, offset + WORD_LIMIT))?.[0] ?? "";
}

/** Drops the tokens that start strictly inside a bad word (both lists are in source order). */
function withoutLeftovers(tokens: IToken[], spans: [number, number][]): IToken[] {
  if (spans.length === 0) return tokens;
  const out: IToken[] = [];
  let i = 0;
  for (const t of tokens) {
    while (i < spans.length && spans[i][1] <= t.startOffset) i++;
    if (i < spans.length && t.startOffset > spans[i][0] && t.startOffset < spans[i][1]) continue;
    out.push(t);
  }
  return out;
}

/** Is `offset` inside one of `spans` (in order, not overlapping)? */
function inside(spans: [number, number][], offset: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid][1] <= offset) lo = mid + 1;
    else if (spans[mid][0] > offset) hi = mid - 1;
    else return true;
  }
  return false;
}

function capped(ds: Diagnostic[]): Diagnostic[] {
  if (ds.length <= MAX_SYNTAX_DIAGNOSTICS) return ds;
  const rest = ds.length - MAX_SYNTAX_DIAGNOSTICS;
  const first = ds[MAX_SYNTAX_DIAGNOSTICS];
  return [
    ...ds.slice(0, MAX_SYNTAX_DIAGNOSTICS),
    diag(
      "SLA002",
      first.range,
      `too many syntax errors: ${rest} more from here on are not listed`,
      "fix the errors above and check again",
    ),
  ];
}
