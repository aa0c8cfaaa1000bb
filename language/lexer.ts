// Tokens of the .sla language. Keywords are "soft": each keyword token also
// belongs to the `Name` category, so a keyword can be used where a name is
// expected (a persona called `manager`, a field called `status`), and the
// parser asks for the keyword only where the grammar needs it.
import { createToken, Lexer, type TokenType } from "chevrotain";

export const Name = createToken({ name: "Name", pattern: Lexer.NA });
export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Name] });

const keywordTokens: TokenType[] = [];
function keyword(word: string): TokenType {
  const t = createToken({
    name: "Kw_" + word,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Name],
    label: `'${word}'`,
  });
  keywordTokens.push(t);
  return t;
}

export const Kw = {
  sla: keyword("sla"),
  owner: keyword("owner"),
  effective: keyword("effective"),
  timezone: keyword("timezone"),
  calendar: keyword("calendar"),
  open: keyword("open"),
  closed: keyword("closed"),
  holidays: keyword("holidays"),
  fields: keyword("fields"),
  one: keyword("one"),
  of: keyword("of"),
  define: keyword("define"),
  when: keyword("when"),
  segment: keyword("segment"),
  otherwise: keyword("otherwise"),
  team: keyword("team"),
  members: keyword("members"),
  manager: keyword("manager"),
  persona: keyword("persona"),
  action: keyword("action"),
  value: keyword("value"),
  columns: keyword("columns"),
  marketing: keyword("marketing"),
  delivers: keyword("delivers"),
  in: keyword("in"),
  per: keyword("per"),
  respond: keyword("respond"),
  to: keyword("to"),
  within: keyword("within"),
  target: keyword("target"),
  warn: keyword("warn"),
  at: keyword("at"),
  on: keyword("on"),
  breach: keyword("breach"),
  reassign: keyword("reassign"),
  round: keyword("round"),
  robin: keyword("robin"),
  escalate: keyword("escalate"),
  nurture: keyword("nurture"),
  notify: keyword("notify"),
  tag: keyword("tag"),
  pause: keyword("pause"),
  while: keyword("while"),
  cadence: keyword("cadence"),
  touches: keyword("touches"),
  by: keyword("by"),
  expect: keyword("expect"),
  after: keyword("after"),
  for: keyword("for"),
  plan: keyword("plan"),
  revenue: keyword("revenue"),
  average: keyword("average"),
  deal: keyword("deal"),
  volume: keyword("volume"),
  business: keyword("business"),
  or: keyword("or"),
  and: keyword("and"),
  not: keyword("not"),
  contains: keyword("contains"),
  starts: keyword("starts"),
  ends: keyword("ends"),
  with: keyword("with"),
  is: keyword("is"),
  set: keyword("set"),
};

export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/,
  group: Lexer.SKIPPED,
});
export const Comment = createToken({ name: "Comment", pattern: /#[^\n\r]*/, group: "comments" });
// An unterminated string still lexes (to the end of the line) so the checker can
// report it precisely instead of the lexer giving up on the rest of the line.
// Written as an unrolled loop (runs of plain characters between escapes): the
// form `(?:[^"\\]|\\.)*` backtracks once per character and overflows the
// regex engine's stack on a string of a few megabytes.
const STRING_BODY = String.raw`"[^"\\\n\r]*(?:\\.[^"\\\n\r]*)*`;
export const StringLit = createToken({ name: "String", pattern: new RegExp(`${STRING_BODY}"?`), label: "a string" });
/** A string with its closing quote (an editor shows the others as errors). */
export const TERMINATED_STRING = new RegExp(`${STRING_BODY}"`);
export const Money = createToken({
  name: "Money",
  pattern: /\$(?:\d{1,3}(?:,\d{3})+|\d[\d_]*)(?:\.\d+)?/,
  label: "an amount like $1,000",
});
export const DateLit = createToken({ name: "Date", pattern: /\d{4}-\d{2}-\d{2}/, label: "a date like 2027-01-01" });
export const TimeOfDay = createToken({ name: "Time", pattern: /\d{1,2}:\d{2}/, label: "a time like 09:00" });
export const Percent = createToken({ name: "Percent", pattern: /\d+(?:\.\d+)?%/, label: "a percentage like 95%" });
export const Duration = createToken({
  name: "Duration",
  pattern: /\d+(?:\.\d+)?(?:ms|s|m|h|d|w)(?![A-Za-z0-9_])/,
  label: "a duration like 24h",
});
export const NumberLit = createToken({ name: "Number", pattern: /\d[\d_]*(?:\.\d+)?(?![A-Za-z_])/, label: "a number" });
// Dotted event names: demo.started, noshow.reported. Must precede Identifier.
export const EventType = createToken({
  name: "EventType",
  pattern: /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+/,
  label: "an event type like demo.started",
});

export const LBrace = createToken({ name: "LBrace", pattern: /\{/, label: "'{'" });
export const RBrace = createToken({ name: "RBrace", pattern: /\}/, label: "'}'" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "')'" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "':'" });
export const Slash = createToken({ name: "Slash", pattern: /\//, label: "'/'" });
export const Minus = createToken({ name: "Minus", pattern: /-/, label: "'-'" });
export const CompareOp = createToken({ name: "CompareOp", pattern: Lexer.NA });
export const Ge = createToken({ name: "Ge", pattern: />=/, label: "'>='", categories: [CompareOp] });
export const Le = createToken({ name: "Le", pattern: /<=/, label: "'<='", categories: [CompareOp] });
export const Ne = createToken({ name: "Ne", pattern: /!=/, label: "'!='", categories: [CompareOp] });
export const Gt = createToken({ name: "Gt", pattern: />/, label: "'>'", categories: [CompareOp] });
export const Lt = createToken({ name: "Lt", pattern: /</, label: "'<'", categories: [CompareOp] });
export const Eq = createToken({ name: "Eq", pattern: /==?/, label: "'='", categories: [CompareOp] });

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLit,
  Money,
  DateLit,
  TimeOfDay,
  Percent,
  Duration,
  NumberLit,
  EventType,
  // Longest keyword first, so `one` is not lexed as `on` + `e`, nor `touches` as `to`...
  ...[...keywordTokens].sort((a, b) => String(b.PATTERN).length - String(a.PATTERN).length),
  Identifier,
  Name,
  LBrace,
  RBrace,
  LParen,
  RParen,
  Comma,
  Colon,
  Slash,
  Minus,
  Ge,
  Le,
  Ne,
  Gt,
  Lt,
  Eq,
  CompareOp,
];

export const slaLexer = new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: false });
/**
 * The parser's lexer: start offsets only (tokens half the size, which is most
 * of the memory a large spec takes); ends come from the image, lines from the
 * text when a diagnostic needs them.
 */
export const parseLexer = new Lexer(allTokens, { positionTracking: "onlyOffset", ensureOptimizations: false });

export const KEYWORDS: ReadonlySet<string> = new Set(Object.keys(Kw));

/**
 * The class of each token, for editors: the playground's Monaco tokenizer is
 * built from `allTokens` (their patterns, in lexer order) and this table.
 * Keywords are not listed: an editor finds them among identifiers (KEYWORDS).
 */
export const TOKEN_CLASSES: ReadonlyMap<TokenType, string> = new Map([
  [WhiteSpace, "white"],
  [Comment, "comment"],
  [StringLit, "string"],
  [Money, "number.money"],
  [DateLit, "number.date"],
  [TimeOfDay, "number.time"],
  [Percent, "number.percent"],
  [Duration, "number.duration"],
  [NumberLit, "number"],
  [EventType, "type.event"],
  [Identifier, "identifier"],
  [LBrace, "@brackets"],
  [RBrace, "@brackets"],
  [LParen, "@brackets"],
  [RParen, "@brackets"],
  [Comma, "delimiter"],
  [Colon, "delimiter"],
  [Slash, "delimiter"],
  [Minus, "delimiter"],
  [Ge, "operator"],
  [Le, "operator"],
  [Ne, "operator"],
  [Gt, "operator"],
  [Lt, "operator"],
  [Eq, "operator"],
]);

/** The keyword token types (each also a `Name`). */
export const KEYWORD_TOKENS: ReadonlySet<TokenType> = new Set(keywordTokens);
