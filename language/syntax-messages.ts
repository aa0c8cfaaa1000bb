// Human wording for Chevrotain's syntax errors: "expected a duration like 24h,
// found 'soon'" instead of token-type dumps.
import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";

const RULE_WORDS: Record<string, string> = {
  statement:
    "a statement (sla, timezone, calendar, fields, define, segment, team, persona, action, value, marketing, respond, cadence, expect, plan)",
  window: "a window like 5m, 24h or 24 business hours",
  literal: "a value (a string, number, amount, percentage or date)",
  breachAction:
    'a breach action (reassign round robin TEAM, escalate to manager, nurture "...", notify "...", tag "...")',
  whenOrOtherwise: "'when' and a condition, or 'otherwise'",
  typeRef: 'a type (number, text, yes/no, date, money, or one of "a", "b")',
  primary: "a condition (a name, a comparison, or parentheses)",
  predicate: "a comparison",
  planLine: "a plan line (revenue, average deal, volume, or STAGE to STAGE N%)",
  amount: "an amount like $40",
};

export function describeToken(t: IToken | undefined): string {
  if (!t || t.tokenType.name === "EOF") return "end of file";
  return `'${t.image}'`;
}

function label(t: TokenType): string {
  if (t.name === "Name" || t.name === "Identifier") return "a name";
  if (t.name === "EOF") return "the start of a new statement";
  if (t.name === "CompareOp") return "a comparison (=, !=, <, <=, >, >=)";
  return t.LABEL ?? t.name;
}

function firstTokens(paths: TokenType[][]): string[] {
  const seen = new Set<string>();
  for (const p of paths) if (p[0]) seen.add(label(p[0]));
  return [...seen];
}

function listWords(words: string[]): string {
  if (words.length <= 1) return words[0] ?? "something else";
  return `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

export const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${label(expected)}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}: expected a statement`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const what = RULE_WORDS[ruleName] ?? listWords(firstTokens(expectedPathsPerAlt.flat()));
    return `expected ${what}, found ${describeToken(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const what = RULE_WORDS[ruleName] ?? listWords(firstTokens(expectedIterationPaths));
    return `expected ${what}, found ${describeToken(actual[0])}`;
  },
};
