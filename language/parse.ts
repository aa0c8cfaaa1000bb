// Text -> AST + syntax diagnostics. Never throws: any input gives a Program
// (possibly partial) and a list of diagnostics.
import type { Program } from "./ast.ts";
import { buildAst } from "./cst-to-ast.ts";
import { type Diagnostic, diag, sortDiagnostics } from "./diagnostics.ts";
import { parseSyntax } from "./parser.ts";
import { isTerminatedString } from "./strings.ts";

export interface ParseResult {
  ast: Program;
  diagnostics: Diagnostic[];
}

export function parse(text: string): ParseResult {
  const syntax = parseSyntax(text);
  const diagnostics: Diagnostic[] = [];
  const lexLines = new Set<number>();
  for (const e of syntax.lexErrors) {
    const word = /^[^\s]+/.exec(text.slice(e.offset))?.[0] ?? text[e.offset];
    const range = { start: e.offset, end: e.offset + Math.max(1, Math.min(word.length, 40)) };
    lexLines.add(lineOf(text, e.offset));
    if (/^\d/.test(word))
      diagnostics.push(
        diag(
          "SLA004",
          range,
          `'${word}' is not a number, amount, percentage, date, time or duration`,
          "durations are written 90s, 5m, 24h, 15d or 2w; amounts $1,000; percentages 95%",
        ),
      );
    else
      diagnostics.push(
        diag("SLA001", { start: e.offset, end: e.offset + 1 }, `unexpected character '${text[e.offset]}'`),
      );
  }
  for (const e of syntax.parseErrors) {
    // Point at the unexpected token, unless it is the end of the file or sits on
    // a later line than the last good token: then the caret goes right after
    // that token, where the missing piece belongs (`score >=` at a line end).
    const atEof = Number.isNaN(e.token.startOffset) || e.token.tokenType.name === "EOF";
    const prev = e.previous && !Number.isNaN(e.previous.startOffset) ? e.previous : null;
    const useGap = prev !== null && (atEof || (e.token.startLine ?? 0) > (prev.endLine ?? prev.startLine ?? 0));
    let start: number;
    let end: number;
    if (useGap) {
      start = Math.min(text.length, (prev!.endOffset ?? prev!.startOffset) + 1);
      end = Math.min(text.length, start + 1);
    } else if (atEof) {
      start = end = text.length;
    } else {
      start = e.token.startOffset;
      end = (e.token.endOffset ?? e.token.startOffset) + 1;
    }
    // A lexing error usually causes a parse error on the same line: report it once.
    if (lexLines.has(lineOf(text, start))) continue;
    diagnostics.push(diag("SLA002", { start, end }, e.message));
  }
  for (const t of syntax.tokens)
    if (t.tokenType.name === "String" && !isTerminatedString(t.image))
      diagnostics.push(
        diag(
          "SLA003",
          { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 },
          "this string has no closing quote",
          `add '"' at the end: ${t.image}"`,
        ),
      );
  const ast = buildAst(syntax.cst, syntax.comments, text.length);
  return { ast, diagnostics: sortDiagnostics(diagnostics) };
}

function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
