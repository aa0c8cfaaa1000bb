// `sla fmt`: prints an .sla file in its one canonical layout (the layout of
// /work/shared/sketch/inbound.sla, which is a fixed point of `format`).
// Browser-safe: no Node imports (the playground formats in the page).
//
// How it works
// - The text is parsed; any syntax error refuses formatting (broken input is
//   never rewritten). Semantic errors do not matter here.
// - Every statement is printed from the AST as a list of output lines. Each
//   line remembers the source offsets of the first and last token it prints,
//   so comments (kept by the lexer with offsets) can be put back:
//     * an own-line comment goes above the output line holding the next token,
//       at that line's indentation (inside a block before `}`: the body's);
//     * a trailing comment stays at the end of the output line holding the
//       token before it, after exactly two spaces;
//     * a comment between two tokens that end up on one output line (a
//       statement the user split over several lines) moves above that line,
//       so comments always keep their source order.
// - Blank lines: one is kept where the source had one or more between two
//   top-level statements, block lines or comments; never at the start of the
//   file, right after `{`, before `}` or between an obligation and its
//   clauses. The file ends with exactly one newline.
// - Literals print as written (`$84,000`, `12_500`, `24h`); strings are
//   re-quoted from their value; `==` prints as `=`; redundant parentheses are
//   dropped, but a parenthesised `or` inside `or` (or `and` inside `and`) keeps
//   them, because the parser does not flatten those and the IR would change.
// - Safety net: every run re-lexes its output and checks that only layout
//   changed (same tokens apart from parentheses, same comments in the same
//   order); otherwise it throws rather than return a rewritten agreement.
//
// Value chart alignment rule: there is none. The canonical sketch prints rows
// as `persona: cell, cell, cell` with single spaces (`executive: $100, $50, $10`
// above `director: $50, $25, $5` in inbound.sla, `executive: $100, $10` above
// `manager: $40, $4` in LANGUAGE.md). Any padding of persona names or cells
// would make those files non-fixed-points, and it would also turn a change to
// one cell into a diff of every row whenever a column's width changes, against
// the language's "one promise per line in a diff" rule.
import type * as A from "./ast.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { slaLexer } from "./lexer.ts";
import { stringLit } from "./literals.ts";
import { parse } from "./parse.ts";
import { quote } from "./quote.ts";
import { windowText } from "./vocabulary.ts";

export { quote } from "./quote.ts";

export type FormatResult = { ok: true; text: string } | { ok: false; diagnostics: Diagnostic[] };

const INDENT = 2;

interface Tok {
  type: string;
  image: string;
  start: number;
  end: number;
}

/** One printed line before comments are attached. */
interface PLine {
  indent: number;
  text: string;
  /** source offset of the first token printed on this line */
  start: number;
  /** may a blank line precede it (if the source had one)? */
  gap: boolean;
  /** ends with `{`: no blank line may follow */
  opener: boolean;
  /** a closing `}`: comments above it are indented like the block's body */
  closer: boolean;
}

interface Line extends PLine {
  /** source offset just after the last token printed on this line */
  end: number;
  above: A.Comment[];
  trailing: A.Comment | null;
}

export function format(text: string): FormatResult {
  const parsed = parse(text);
  const syntax = parsed.diagnostics.filter((d) => d.severity === "error");
  if (syntax.length) return { ok: false, diagnostics: parsed.diagnostics };
  const toks = lex(text);
  const out = new Printer(text, toks).program(parsed.ast);
  verify(text, out);
  return { ok: true, text: out };
}

/** True when `text` is already in canonical layout (false on syntax errors). */
export function isFormatted(text: string): boolean {
  const r = format(text);
  return r.ok && r.text === text;
}

function lex(text: string): Tok[] {
  return slaLexer.tokenize(text).tokens.map((t) => ({
    type: t.tokenType.name,
    image: t.image,
    start: t.startOffset,
    end: (t.endOffset ?? t.startOffset) + 1,
  }));
}

class Printer {
  constructor(
    private text: string,
    private toks: Tok[],
  ) {}

  program(p: A.Program): string {
    const lines: Line[] = [];
    for (const s of p.statements) {
      const pl = this.statement(s);
      for (let i = 0; i < pl.length; i++) {
        const next = i + 1 < pl.length ? pl[i + 1].start : s.range.end;
        const end = i + 1 < pl.length ? this.lastTokenEndBefore(next) : s.range.end;
        lines.push({ ...pl[i], end, above: [], trailing: null });
      }
    }
    for (let i = 1; i < lines.length; i++)
      if (lines[i].start < lines[i - 1].end) throw new Error("formatter: output lines out of source order");

    // Attach comments.
    const tail: A.Comment[] = [];
    for (const c of p.comments) {
      const o = c.range.start;
      if (this.ownLine(o)) {
        const i = firstIndex(lines, (l) => l.end > o);
        if (i === -1) tail.push(c);
        else lines[i].above.push(c);
      } else {
        const i = lastIndex(lines, (l) => l.start < o);
        if (i === -1)
          tail.push(c); // cannot happen: code precedes it on its line
        else if (o >= lines[i].end) lines[i].trailing = c;
        else lines[i].above.push(c);
      }
    }

    // Emit.
    const out: string[] = [];
    let prevEnd = -1;
    let prevOpener = false;
    const emit = (s: string, gap: boolean, srcStart: number, srcEnd: number, opener: boolean): void => {
      if (out.length && gap && !prevOpener && prevEnd <= srcStart && hasBlankLine(this.text.slice(prevEnd, srcStart)))
        out.push("");
      out.push(s);
      prevEnd = srcEnd;
      prevOpener = opener;
    };
    for (const l of lines) {
      const ci = l.closer ? l.indent + INDENT : l.indent;
      for (const c of l.above) emit(pad(ci) + commentText(c), l.gap || l.closer, c.range.start, c.range.end, false);
      const trail = l.trailing ? "  " + commentText(l.trailing) : "";
      emit(pad(l.indent) + l.text + trail, l.gap, l.start, l.trailing ? l.trailing.range.end : l.end, l.opener);
    }
    for (const c of tail) emit(commentText(c), true, c.range.start, c.range.end, false);
    return out.length ? out.join("\n") + "\n" : "";
  }

  /** Only whitespace between the start of its source line and `offset`. */
  private ownLine(offset: number): boolean {
    // a lone \r ends a line too (the lexer ends comments there)
    const lineStart = Math.max(this.text.lastIndexOf("\n", offset - 1), this.text.lastIndexOf("\r", offset - 1)) + 1;
    return /^[^\S\n]*$/.test(this.text.slice(lineStart, offset));
  }

  private tokenIndexAt(offset: number): number {
    // first token starting at or after offset
    let lo = 0;
    let hi = this.toks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.toks[mid].start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lastTokenEndBefore(offset: number): number {
    const i = this.tokenIndexAt(offset) - 1;
    if (i < 0) throw new Error("formatter: no token before a line start");
    return this.toks[i].end;
  }

  /** The `{` of a block statement. */
  private lbrace(s: A.Statement): number {
    for (let i = this.tokenIndexAt(s.range.start); i < this.toks.length && this.toks[i].start < s.range.end; i++)
      if (this.toks[i].type === "LBrace") return i;
    throw new Error(`formatter: no '{' in ${s.kind}`);
  }

  private statement(s: A.Statement): PLine[] {
    const top = (text: string, opener = false): PLine => ({
      indent: 0,
      text,
      start: s.range.start,
      gap: true,
      opener,
      closer: false,
    });
    const body = (text: string, start: number, gap = true): PLine => ({
      indent: INDENT,
      text,
      start,
      gap,
      opener: false,
      closer: false,
    });
    const close = (): PLine => ({
      indent: 0,
      text: "}",
      start: s.range.end - 1,
      gap: false,
      opener: false,
      closer: true,
    });
    const block = (header: string, lines: PLine[]): PLine[] => [top(header + " {", true), ...lines, close()];
    const obligation = (header: string, clauses: A.Clause[]): PLine[] => [
      top(header),
      ...clauses.map((c) => body(clause(c), c.range.start, false)),
    ];
    switch (s.kind) {
      case "Sla":
        return [top(`sla ${str(s.name)}`)];
      case "Owner":
        return [top(`owner ${str(s.name)}`)];
      case "Effective":
        return [top(`effective ${s.date.value}`)];
      case "Timezone":
        return [top(`timezone ${str(s.zone)}`)];
      case "Calendar":
        return block(
          `calendar ${s.name.name}`,
          s.rules.map((r) =>
            body(
              r.kind === "Open"
                ? `open ${r.days.map((d) => (d.to ? `${d.from.name}-${d.to.name}` : d.from.name)).join(", ")} ${r.hours.map((h) => `${h.from.text}-${h.to.text}`).join(", ")}`
                : r.holidays.length
                  ? `closed holidays ${r.holidays.map(str).join(", ")}`
                  : // Date ranges are spaced (`2027-12-24 - 2027-12-31`): glued, the
                    // dashes of the dates and of the range would run together.
                    `closed ${r.dates.map((d) => (d.to ? `${d.from.value} - ${d.to.value}` : d.from.value)).join(", ")}`,
              r.range.start,
            ),
          ),
        );
      case "Fields":
        return block(
          "fields",
          s.fields.map((f) =>
            body(
              `${f.name.name}: ${f.type.name === "enum" ? `one of ${f.type.values.map(str).join(", ")}` : f.type.name}`,
              f.range.start,
            ),
          ),
        );
      case "Define":
        return [top(`define ${s.name.name} when ${expr(need(s.when))}`)];
      case "Segment":
      case "Persona":
      case "Action":
        return [
          top(`${s.kind.toLowerCase()} ${s.name.name} ${s.otherwise ? "otherwise" : `when ${expr(need(s.when))}`}`),
        ];
      case "Team":
        return block(`team ${s.name.name}`, this.teamLines(s));
      case "Value": {
        const columns = this.toks[this.lbrace(s) + 1];
        return block("value", [
          body(`columns ${s.columns.map((c) => c.name).join(", ")}`, columns.start),
          ...s.rows.map((r) => body(`${r.persona.name}: ${r.cells.map((c) => c.text).join(", ")}`, r.range.start)),
        ]);
      }
      case "Delivers":
        return [
          top(
            s.amount.kind === "Money"
              ? `marketing delivers ${s.amount.text} in ${s.term.name} per ${s.per.name}`
              : `marketing delivers ${s.amount.text} ${s.term.name} per ${s.per.name}`,
          ),
        ];
      case "Respond":
        return obligation(`respond to ${s.segment.name} within ${windowText(need(s.within))}`, s.clauses);
      case "Cadence":
        return obligation(
          `cadence ${s.segment.name} ${s.touches.text} touches within ${windowText(need(s.within))}`,
          s.clauses,
        );
      case "Expect":
        return obligation(
          `expect ${s.events.map((e) => e.name).join(" or ")} within ${windowText(need(s.within))} after ${need(s.after).name}${s.segment ? ` for ${s.segment.name}` : ""}`,
          s.clauses,
        );
      case "Plan":
        return block(
          "plan",
          s.lines.map((l) => body(planLine(l), l.range.start)),
        );
    }
  }

  /**
   * Team lines: the AST keeps every person but not the order of `members`
   * and `manager` lines, so the walk goes over the tokens and takes each
   * person (a name or string, with its aliases) from the AST by its offset.
   */
  private teamLines(s: A.TeamStmt): PLine[] {
    const byStart = new Map<number, A.Person>();
    for (const p of [...s.memberLines.flat(), ...s.managers]) byStart.set(p.range.start, p);
    const t = this.toks;
    let i = this.lbrace(s) + 1;
    /** the person starting at token i; moves i past it */
    const personAt = (): string => {
      const p = byStart.get(t[i].start);
      if (!p) throw new Error(`formatter: no person at '${t[i].image}' in team`);
      while (i < t.length && t[i].start < p.range.end) i++;
      return person(p);
    };
    const lines: PLine[] = [];
    while (i < t.length && t[i].type !== "RBrace") {
      const head = t[i];
      let text: string;
      i++;
      if (head.type === "Kw_members") {
        const names = [personAt()];
        while (t[i]?.type === "Comma") {
          i++;
          names.push(personAt());
        }
        text = `members ${names.join(", ")}`;
      } else if (head.type === "Kw_manager") text = `manager ${personAt()}`;
      else throw new Error(`formatter: unexpected '${head.image}' in team`);
      lines.push({ indent: INDENT, text, start: head.start, gap: true, opener: false, closer: false });
    }
    return lines;
  }
}

/** `jen`, `"Jen Park"`, `jen ("Jen Park", "jen@acme.com")` */
function person(p: A.Person): string {
  const name = p.written.kind === "String" ? str(p.written) : p.written.name;
  return p.aliases.length ? `${name} (${p.aliases.map(str).join(", ")})` : name;
}

// ---------- pieces ----------

function need<T>(x: T | null): T {
  if (x === null) throw new Error("formatter: incomplete syntax tree without a syntax error");
  return x;
}

function pad(n: number): string {
  return " ".repeat(n);
}

function commentText(c: A.Comment): string {
  return c.text.trimEnd();
}

function hasBlankLine(gap: string): boolean {
  return /\n[^\S\n]*\n/.test(gap);
}

/** First index where the monotone predicate `p` (false...true) holds, or -1. */
function firstIndex<T>(xs: T[], p: (x: T) => boolean): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p(xs[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo < xs.length ? lo : -1;
}
/** Last index where the monotone predicate `p` (true...false) holds, or -1. */
function lastIndex<T>(xs: T[], p: (x: T) => boolean): number {
  const i = firstIndex(xs, (x) => !p(x));
  return (i === -1 ? xs.length : i) - 1;
}

function str(s: A.StringLit): string {
  return quote(s.value);
}

function literal(v: A.Literal): string {
  switch (v.kind) {
    case "String":
      return str(v);
    case "Number":
    case "Money":
    case "Percent":
      return v.text;
    case "Date":
    case "Word":
      return v.value;
  }
}

/** Binding strength: or < and < not < comparisons and names. */
function prec(e: A.Expr): number {
  return e.kind === "Or" ? 1 : e.kind === "And" ? 2 : e.kind === "Not" ? 3 : 4;
}

/**
 * Parentheses are printed where a child binds less tightly than its parent,
 * and around an `or` inside `or` / `and` inside `and` (only written with
 * parentheses, and kept as nested nodes by the parser and in the IR).
 */
export function expr(e: A.Expr): string {
  const wrap = (x: A.Expr, parens: boolean): string => (parens ? `(${expr(x)})` : expr(x));
  switch (e.kind) {
    case "Or":
      return e.args.map((a) => wrap(a, prec(a) <= 1)).join(" or ");
    case "And":
      return e.args.map((a) => wrap(a, prec(a) <= 2)).join(" and ");
    case "Not":
      return `not ${wrap(e.arg, prec(e.arg) < 3)}`;
    case "NameRef":
      return e.name.name;
    case "Compare":
      return `${e.field.name} ${e.op} ${literal(e.value)}`;
    case "In":
      return `${e.field.name} ${e.negated ? "not in" : "in"} (${e.values.map(literal).join(", ")})`;
    case "Text":
      return `${e.field.name} ${e.match === "contains" ? "contains" : `${e.match} with`} ${literal(e.value)}`;
    case "IsSet":
      return `${e.field.name} is ${e.negated ? "not set" : "set"}`;
  }
}

function breachAction(a: A.BreachAction): string {
  switch (a.kind) {
    case "Reassign":
      return `reassign round robin ${a.team.name}`;
    case "Escalate":
      return "escalate to manager";
    case "Nurture":
      return `nurture ${str(a.campaign)}`;
    case "Notify":
      return `notify ${str(a.url)}`;
    case "Tag":
      return `tag ${str(a.label)}`;
  }
}

function clause(c: A.Clause): string {
  switch (c.kind) {
    case "Target":
      return `target ${c.value.text}`;
    case "WarnAt":
      return `warn at ${c.value.text}${c.actions.length ? ` ${c.actions.map(breachAction).join(", ")}` : ""}`;
    case "By":
      return `by ${c.items.map(byItem).join(" or ")}`;
    case "PauseWhile":
      return `pause while ${expr(need(c.when))}`;
    case "OnBreach":
      return `on breach ${c.actions.map(breachAction).join(", ")}`;
  }
}

function byItem(i: A.ByItem): string {
  switch (i.kind) {
    case "ByOwner":
      return "owner";
    case "ByTeam":
      return `team ${i.team.name}`;
    case "ByChannel":
      return i.quoted ? quote(i.value) : i.value;
  }
}

function planLine(l: A.PlanLine): string {
  switch (l.kind) {
    case "PlanRevenue":
      return `revenue ${l.amount.text} per ${l.per.name}`;
    case "PlanAverageDeal":
      return `average deal ${l.amount.text}`;
    case "PlanVolume":
      return `volume ${l.amount.text} per ${l.per.name}`;
    case "PlanStep":
      return `${l.from.name} to ${l.to.name} ${l.rate.text}`;
  }
}

// ---------- safety net ----------

/**
 * The formatter may only move whitespace and comments, drop redundant
 * parentheses, re-quote strings and spell `==` as `=`. Check exactly that on
 * every run (one extra lexing pass), so a printer bug can never silently
 * rewrite a user's agreement.
 */
function verify(before: string, after: string): void {
  const a = signature(before);
  const b = signature(after);
  if (a.code.length !== b.code.length || a.code.some((x, i) => x !== b.code[i]))
    throw new Error("formatter: the formatted text would not have the same tokens as the input");
  if (a.comments.length !== b.comments.length || a.comments.some((x, i) => x !== b.comments[i]))
    throw new Error("formatter: the formatted text would not have the same comments as the input");
}

function signature(text: string): { code: string[]; comments: string[] } {
  const r = slaLexer.tokenize(text);
  const code: string[] = [];
  for (const t of r.tokens) {
    const type = t.tokenType.name;
    if (type === "LParen" || type === "RParen") continue;
    if (type === "String") code.push("S" + JSON.stringify(stringLit(t).value));
    else if (type === "Eq") code.push("=");
    else code.push(t.image);
  }
  const comments = ((r.groups.comments ?? []) as { image: string }[]).map((c) => c.image.trimEnd());
  return { code, comments };
}
