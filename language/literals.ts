// Tokens -> AST leaves: names, literals and their ranges. Values are computed
// from the token text (money in integer cents, so $9.99 is exactly 999).
import type { IToken } from "chevrotain";
import type * as A from "./ast.ts";
import { isTerminatedString } from "./strings.ts";

/** Just after a token's last character (the parser's lexer tracks start offsets only). */
export function tokenEnd(t: IToken): number {
  return t.startOffset + t.image.length;
}

export function tokenRange(t: IToken): A.Range {
  return { start: t.startOffset, end: tokenEnd(t) };
}

export function ident(t: IToken): A.Ident {
  return { kind: "Ident", name: t.image, range: tokenRange(t) };
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", '"': '"', "\\": "\\" };

/** A string token (possibly missing its closing quote) and its unescaped value. */
export function stringLit(t: IToken): A.StringLit {
  const img = t.image;
  const terminated = isTerminatedString(img);
  const body = img.slice(1, terminated ? -1 : undefined);
  const value = body.replace(/\\(.)/g, (_, c: string) => (Object.hasOwn(ESCAPES, c) ? ESCAPES[c] : c));
  return { kind: "String", value, terminated, range: tokenRange(t) };
}

function numberValue(text: string): number {
  return Number(text.replace(/[_,]/g, ""));
}

export function numberLit(t: IToken): A.NumberLit {
  return { kind: "Number", value: numberValue(t.image), text: t.image, range: tokenRange(t) };
}

export function moneyLit(t: IToken): A.MoneyLit {
  const [whole, frac = ""] = t.image.slice(1).replace(/[_,]/g, "").split(".");
  const cents =
    Number(whole) * 100 + Number((frac + "00").slice(0, 2)) + (Number(frac.slice(2, 3) || "0") >= 5 ? 1 : 0);
  return { kind: "Money", cents, text: t.image, range: tokenRange(t) };
}

export function percentLit(t: IToken): A.PercentLit {
  return { kind: "Percent", value: numberValue(t.image.slice(0, -1)) / 100, text: t.image, range: tokenRange(t) };
}

export function dateLit(t: IToken): A.DateLit {
  return { kind: "Date", value: t.image, range: tokenRange(t) };
}

export function timeLit(t: IToken): A.TimeLit {
  const [h, m] = t.image.split(":").map(Number);
  return { kind: "Time", minutes: h * 60 + m, text: t.image, range: tokenRange(t) };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function durationLit(t: IToken): A.DurationLit {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(t.image)!;
  return { kind: "Duration", ms: Math.round(Number(m[1]) * UNIT_MS[m[2]]), text: t.image, range: tokenRange(t) };
}

export function wordLit(t: IToken): A.WordLit {
  return { kind: "Word", value: t.image, range: tokenRange(t) };
}

export function eventRef(t: IToken): A.EventRef {
  return { kind: "EventRef", name: t.image, range: tokenRange(t) };
}
