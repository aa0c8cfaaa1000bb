// Builds the typed AST from Chevrotain's CST. Recovered (partial) CST nodes
// produce partial AST nodes with `null` parts; statements whose head is
// missing entirely are dropped (the parser already reported the error).
import type { CstElement, CstNode, IToken } from "chevrotain";
import type * as A from "./ast.ts";
import { isTerminatedString } from "./strings.ts";

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}
function kids(n: CstNode): Children {
  return n.children as Children;
}
// Accessors: plain loops, since a 10,000-line spec calls them ~10^6 times.
const NO_TOKENS: IToken[] = [];
function tokens(n: CstNode, name: string): IToken[] {
  const list = kids(n)[name];
  if (!list) return NO_TOKENS;
  let out: IToken[] | null = null;
  for (const e of list) if (isToken(e) && !e.isInsertedInRecovery) (out ??= []).push(e);
  return out ?? NO_TOKENS;
}
function token(n: CstNode, name: string): IToken | null {
  const list = kids(n)[name];
  if (list) for (const e of list) if (isToken(e) && !e.isInsertedInRecovery) return e;
  return null;
}
const NO_NODES: CstNode[] = [];
function nodes(n: CstNode, name: string): CstNode[] {
  const list = kids(n)[name];
  if (!list) return NO_NODES;
  let out: CstNode[] | null = null;
  for (const e of list) if (!isToken(e)) (out ??= []).push(e);
  return out ?? NO_NODES;
}
function node(n: CstNode, name: string): CstNode | null {
  const list = kids(n)[name];
  if (list) for (const e of list) if (!isToken(e)) return e;
  return null;
}

function tokRange(t: IToken): A.Range {
  return { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 };
}
function span(a: A.Range, b: A.Range | null | undefined): A.Range {
  return { start: a.start, end: Math.max(a.end, b?.end ?? a.end) };
}
/** The range covered by every real token under a CST node. */
function nodeRange(n: CstNode): A.Range | null {
  // Chevrotain tracks node offsets; they are only unreliable for nodes that
  // error recovery built (then we walk the tokens).
  const loc = n.location;
  if (loc && !n.recoveredNode && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset))
    return { start: loc.startOffset, end: loc.endOffset! + 1 };
  return walkRange(n);
}
function walkRange(n: CstNode): A.Range | null {
  let start = Infinity;
  let end = -Infinity;
  const visit = (e: CstElement): void => {
    if (isToken(e)) {
      if (e.isInsertedInRecovery || Number.isNaN(e.startOffset)) return;
      start = Math.min(start, e.startOffset);
      end = Math.max(end, (e.endOffset ?? e.startOffset) + 1);
    } else for (const list of Object.values(e.children)) for (const c of list ?? []) visit(c);
  };
  visit(n);
  return start === Infinity ? null : { start, end };
}

// ---------- literals ----------

function ident(t: IToken): A.Ident {
  return { kind: "Ident", name: t.image, range: tokRange(t) };
}
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", '"': '"', "\\": "\\" };
export function stringLit(t: IToken): A.StringLit {
  const img = t.image;
  const terminated = isTerminatedString(img);
  const body = img.slice(1, terminated ? -1 : undefined);
  const value = body.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
  return { kind: "String", value, terminated, range: tokRange(t) };
}
function numberValue(text: string): number {
  return Number(text.replace(/[_,]/g, ""));
}
function numberLit(t: IToken): A.NumberLit {
  return { kind: "Number", value: numberValue(t.image), text: t.image, range: tokRange(t) };
}
function moneyLit(t: IToken): A.MoneyLit {
  // cents, computed from the text to avoid float error: $9.99 -> 999
  const [whole, frac = ""] = t.image.slice(1).replace(/[_,]/g, "").split(".");
  const cents =
    Number(whole) * 100 + Number((frac + "00").slice(0, 2)) + (Number(frac.slice(2, 3) || "0") >= 5 ? 1 : 0);
  return { kind: "Money", cents, text: t.image, range: tokRange(t) };
}
function percentLit(t: IToken): A.PercentLit {
  return { kind: "Percent", value: numberValue(t.image.slice(0, -1)) / 100, text: t.image, range: tokRange(t) };
}
function dateLit(t: IToken): A.DateLit {
  return { kind: "Date", value: t.image, range: tokRange(t) };
}
function timeLit(t: IToken): A.TimeLit {
  const [h, m] = t.image.split(":").map(Number);
  return { kind: "Time", minutes: h * 60 + m, text: t.image, range: tokRange(t) };
}
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
function durationLit(t: IToken): A.DurationLit {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(t.image)!;
  return { kind: "Duration", ms: Math.round(Number(m[1]) * UNIT_MS[m[2]]), text: t.image, range: tokRange(t) };
}
function literal(n: CstNode): A.Literal | null {
  const t = firstToken(n);
  if (!t) return null;
  switch (t.tokenType.name) {
    case "String":
      return stringLit(t);
    case "Number":
      return numberLit(t);
    case "Money":
      return moneyLit(t);
    case "Percent":
      return percentLit(t);
    case "Date":
      return dateLit(t);
    default:
      return { kind: "Word", value: t.image, range: tokRange(t) };
  }
}
function firstToken(n: CstNode): IToken | null {
  const ch = kids(n);
  for (const k in ch) for (const e of ch[k]!) if (isToken(e) && !e.isInsertedInRecovery) return e;
  return null;
}

// ---------- expressions ----------

function expr(n: CstNode | null): A.Expr | null {
  if (!n) return null;
  const args = nodes(n, "andExpr").map(andExpr);
  if (args.some((a) => a === null) || args.length === 0) return null;
  return args.length === 1 ? args[0] : { kind: "Or", args: args as A.Expr[], range: nodeRange(n)! };
}
function andExpr(n: CstNode): A.Expr | null {
  const args = nodes(n, "notExpr").map(notExpr);
  if (args.some((a) => a === null) || args.length === 0) return null;
  return args.length === 1 ? args[0] : { kind: "And", args: args as A.Expr[], range: nodeRange(n)! };
}
function notExpr(n: CstNode): A.Expr | null {
  const inner = node(n, "notExpr");
  if (token(n, "Kw_not")) {
    const arg = inner ? notExpr(inner) : null;
    return arg ? { kind: "Not", arg, range: nodeRange(n)! } : null;
  }
  const p = node(n, "primary");
  return p ? primary(p) : null;
}
function primary(n: CstNode): A.Expr | null {
  const paren = node(n, "expr");
  if (paren) {
    const e = expr(paren);
    // Keep the parentheses in the range so carets cover what was written.
    return e ? { ...e, range: nodeRange(n) ?? e.range } : null;
  }
  const nameTok = token(n, "Name");
  if (!nameTok) return null;
  const name = ident(nameTok);
  const pred = node(n, "predicate");
  if (!pred) return { kind: "NameRef", name, range: name.range };
  const range = span(name.range, nodeRange(pred));
  const lits = nodes(pred, "literal").map(literal);
  if (lits.some((l) => l === null)) return null;
  const values = lits as A.Literal[];
  const op = token(pred, "CompareOp");
  if (op)
    return values[0] ? { kind: "Compare", field: name, op: normalizeOp(op.image), value: values[0], range } : null;
  if (token(pred, "Kw_in"))
    return values.length ? { kind: "In", field: name, negated: !!token(pred, "negated"), values, range } : null;
  const textOp = token(pred, "textOp");
  if (textOp)
    return values[0]
      ? { kind: "Text", field: name, match: textOp.image as "contains" | "starts" | "ends", value: values[0], range }
      : null;
  if (token(pred, "Kw_is") && token(pred, "Kw_set"))
    return { kind: "IsSet", field: name, negated: !!token(pred, "negated"), range };
  return null;
}
function normalizeOp(image: string): A.CompareOp {
  return (image === "==" ? "=" : image) as A.CompareOp;
}

// ---------- statements ----------

function window(n: CstNode | null): A.WindowExpr | null {
  if (!n) return null;
  const range = nodeRange(n);
  if (!range) return null;
  const d = token(n, "Duration");
  if (d)
    return {
      kind: "Window",
      duration: durationLit(d),
      amount: null,
      unit: null,
      business: false,
      calendar: null,
      range,
    };
  const amount = token(n, "Number");
  const unit = token(n, "unit");
  if (!amount || !unit) return null;
  const cal = token(n, "calendar");
  return {
    kind: "Window",
    duration: null,
    amount: numberLit(amount),
    unit: ident(unit),
    business: !!token(n, "Kw_business"),
    calendar: cal ? ident(cal) : null,
    range,
  };
}

function breachAction(n: CstNode): A.BreachAction | null {
  const range = nodeRange(n);
  if (!range) return null;
  if (token(n, "Kw_reassign")) {
    const t = token(n, "Name");
    return t ? { kind: "Reassign", team: ident(t), range } : null;
  }
  if (token(n, "Kw_escalate")) return token(n, "Kw_manager") ? { kind: "Escalate", range } : null;
  const s = token(n, "String");
  if (!s) return null;
  if (token(n, "Kw_nurture")) return { kind: "Nurture", campaign: stringLit(s), range };
  if (token(n, "Kw_notify")) return { kind: "Notify", url: stringLit(s), range };
  return { kind: "Tag", label: stringLit(s), range };
}

function clauses(n: CstNode | null): A.Clause[] {
  if (!n) return [];
  // The CST groups tokens by name, not by clause; walk them in source order.
  const out: A.Clause[] = [];
  const heads = [
    ...tokens(n, "Kw_target"),
    ...tokens(n, "Kw_warn"),
    ...tokens(n, "Kw_pause"),
    ...tokens(n, "Kw_on"),
  ].sort((a, b) => a.startOffset - b.startOffset);
  const percents = tokens(n, "Percent");
  const exprs = nodes(n, "expr");
  const actions = nodes(n, "breachAction");
  for (let i = 0; i < heads.length; i++) {
    const head = heads[i];
    const limit = heads[i + 1]?.startOffset ?? Infinity;
    const inClause = (off: number) => off > head.startOffset && off < limit;
    switch (head.tokenType.name) {
      case "Kw_target":
      case "Kw_warn": {
        const p = percents.find((t) => inClause(t.startOffset));
        if (!p) break;
        const range = span(tokRange(head), tokRange(p));
        out.push(
          head.tokenType.name === "Kw_target"
            ? { kind: "Target", value: percentLit(p), range }
            : { kind: "WarnAt", value: percentLit(p), range },
        );
        break;
      }
      case "Kw_pause": {
        const e = exprs.find((x) => inClause(nodeRange(x)?.start ?? -1)) ?? null;
        out.push({ kind: "PauseWhile", when: expr(e), range: span(tokRange(head), e ? nodeRange(e) : null) });
        break;
      }
      case "Kw_on": {
        const acts = actions
          .filter((x) => inClause(nodeRange(x)?.start ?? -1))
          .map(breachAction)
          .filter((a): a is A.BreachAction => a !== null);
        out.push({ kind: "OnBreach", actions: acts, range: span(tokRange(head), acts.at(-1)?.range) });
        break;
      }
    }
  }
  return out;
}

function classifier(kind: "Segment" | "Persona" | "Action", n: CstNode, head: IToken): A.ClassifierStmt | null {
  const name = token(n, "Name");
  if (!name) return null;
  const wo = node(n, "whenOrOtherwise");
  const otherwise = !!(wo && token(wo, "Kw_otherwise"));
  const when = wo && !otherwise ? expr(node(wo, "expr")) : null;
  return { kind, name: ident(name), when, otherwise, range: span(tokRange(head), nodeRange(n)) };
}

function statement(n: CstNode): A.Statement | null {
  let inner: CstNode | null = null;
  const ch = kids(n);
  for (const k in ch) {
    const first = ch[k]![0];
    if (first && !isToken(first)) inner = first;
    break;
  }
  if (!inner) return null;
  const head = firstToken(inner);
  const range = nodeRange(inner);
  if (!head || !range) return null;
  const str = () => {
    const t = token(inner, "String");
    return t ? stringLit(t) : null;
  };
  switch (inner.name) {
    case "slaStmt": {
      const s = str();
      return s && { kind: "Sla", name: s, range };
    }
    case "ownerStmt": {
      const s = str();
      return s && { kind: "Owner", name: s, range };
    }
    case "timezoneStmt": {
      const s = str();
      return s && { kind: "Timezone", zone: s, range };
    }
    case "effectiveStmt": {
      const d = token(inner, "Date");
      return d && { kind: "Effective", date: dateLit(d), range };
    }
    case "calendarStmt": {
      const name = token(inner, "Name");
      if (!name) return null;
      const rules: (A.OpenRule | A.ClosedRule)[] = [];
      for (const r of [...nodes(inner, "openRule"), ...nodes(inner, "closedRule")]) {
        const rr = nodeRange(r);
        if (!rr) continue;
        if (r.name === "openRule") {
          const days = nodes(r, "daySpan").flatMap((d): A.DaySpan[] => {
            const [from, to] = tokens(d, "Name");
            return from
              ? [{ kind: "DaySpan", from: ident(from), to: to ? ident(to) : null, range: nodeRange(d)! }]
              : [];
          });
          const hours = nodes(r, "timeSpan").flatMap((t): A.TimeSpan[] => {
            const [from, to] = tokens(t, "Time");
            return from && to ? [{ kind: "TimeSpan", from: timeLit(from), to: timeLit(to), range: nodeRange(t)! }] : [];
          });
          rules.push({ kind: "Open", days, hours, range: rr });
        } else {
          const dates = nodes(r, "dateSpan").flatMap((d): A.DateSpan[] => {
            const [from, to] = tokens(d, "Date");
            return from
              ? [{ kind: "DateSpan", from: dateLit(from), to: to ? dateLit(to) : null, range: nodeRange(d)! }]
              : [];
          });
          rules.push({ kind: "Closed", dates, range: rr });
        }
      }
      rules.sort((a, b) => a.range.start - b.range.start);
      return { kind: "Calendar", name: ident(name), rules, range };
    }
    case "fieldsStmt": {
      const fields: A.FieldDecl[] = [];
      for (const f of nodes(inner, "fieldDecl")) {
        const name = token(f, "Name");
        const t = node(f, "typeRef");
        const tr = t && nodeRange(t);
        if (!name || !t || !tr) continue;
        let typeName: string;
        const values = tokens(t, "String").map(stringLit);
        if (token(t, "Kw_one")) typeName = "enum";
        else {
          const a = token(t, "typeName")?.image ?? "";
          const b = token(t, "typeName2")?.image;
          typeName = b !== undefined ? `${a}/${b}` : a;
        }
        fields.push({
          kind: "Field",
          name: ident(name),
          type: { kind: "Type", name: typeName, values, range: tr },
          range: span(tokRange(name), tr),
        });
      }
      return { kind: "Fields", fields, range };
    }
    case "defineStmt": {
      const name = token(inner, "Name");
      return name && { kind: "Define", name: ident(name), when: expr(node(inner, "expr")), range };
    }
    case "segmentStmt":
      return classifier("Segment", inner, head);
    case "personaStmt":
      return classifier("Persona", inner, head);
    case "actionStmt":
      return classifier("Action", inner, head);
    case "teamStmt": {
      const name = token(inner, "Name");
      if (!name) return null;
      const memberLines = nodes(inner, "membersLine").map((m) => {
        const list = node(m, "nameList");
        return list ? tokens(list, "Name").map(ident) : [];
      });
      const managers = tokens(inner, "managerName").map(ident);
      return {
        kind: "Team",
        name: ident(name),
        members: memberLines.flat(),
        memberLines,
        manager: managers[0] ?? null,
        managers,
        range,
      };
    }
    case "valueStmt": {
      const list = node(inner, "nameList");
      const rows = nodes(inner, "valueRow").flatMap((r): A.ValueRow[] => {
        const p = token(r, "Name");
        if (!p) return [];
        const cells = nodes(r, "amount").flatMap((a): (A.MoneyLit | A.NumberLit)[] => {
          const m = token(a, "Money");
          const num = token(a, "Number");
          return m ? [moneyLit(m)] : num ? [numberLit(num)] : [];
        });
        return [{ kind: "ValueRow", persona: ident(p), cells, range: nodeRange(r)! }];
      });
      return { kind: "Value", columns: list ? tokens(list, "Name").map(ident) : [], rows, range };
    }
    case "deliversStmt": {
      const m = token(inner, "Money");
      const num = token(inner, "Number");
      const term = token(inner, "term");
      const per = token(inner, "period");
      if ((!m && !num) || !term || !per) return null;
      return { kind: "Delivers", amount: m ? moneyLit(m) : numberLit(num!), term: ident(term), per: ident(per), range };
    }
    case "respondStmt": {
      const seg = token(inner, "Name");
      return (
        seg && {
          kind: "Respond",
          segment: ident(seg),
          within: window(node(inner, "window")),
          clauses: clauses(node(inner, "clauses")),
          range,
        }
      );
    }
    case "cadenceStmt": {
      const seg = token(inner, "Name");
      const num = token(inner, "Number");
      if (!seg || !num) return null;
      return {
        kind: "Cadence",
        segment: ident(seg),
        touches: numberLit(num),
        within: window(node(inner, "window")),
        clauses: clauses(node(inner, "clauses")),
        range,
      };
    }
    case "expectStmt": {
      const eventRef = (n: CstNode): A.EventRef | null => {
        const t = firstToken(n);
        return t ? { kind: "EventRef", name: t.image, range: tokRange(t) } : null;
      };
      const evs = nodes(inner, "event").flatMap((n) => eventRef(n) ?? []);
      const afterNode = node(inner, "after");
      const afterRef = afterNode ? eventRef(afterNode) : null;
      const seg = token(inner, "segment");
      return {
        kind: "Expect",
        events: evs,
        within: window(node(inner, "window")),
        after: afterRef,
        segment: seg ? ident(seg) : null,
        clauses: clauses(node(inner, "clauses")),
        range,
      };
    }
    case "planStmt": {
      const lines = nodes(inner, "planLine").flatMap((l): A.PlanLine[] => {
        const r = nodeRange(l);
        if (!r) return [];
        const money = token(l, "Money");
        const per = token(l, "period");
        if (token(l, "Kw_revenue"))
          return money && per ? [{ kind: "PlanRevenue", amount: moneyLit(money), per: ident(per), range: r }] : [];
        if (token(l, "Kw_average"))
          return money ? [{ kind: "PlanAverageDeal", amount: moneyLit(money), range: r }] : [];
        if (token(l, "Kw_volume")) {
          const num = token(l, "Number");
          return num && per ? [{ kind: "PlanVolume", amount: numberLit(num), per: ident(per), range: r }] : [];
        }
        const from = token(l, "from");
        const to = token(l, "to");
        const pct = token(l, "Percent");
        return from && to && pct
          ? [{ kind: "PlanStep", from: ident(from), to: ident(to), rate: percentLit(pct), range: r }]
          : [];
      });
      return { kind: "Plan", lines, range };
    }
  }
  return null;
}

export function buildAst(cst: CstNode, comments: IToken[], textLength: number): A.Program {
  const statements = nodes(cst, "statement")
    .map(statement)
    .filter((s): s is A.Statement => s !== null);
  return {
    kind: "Program",
    statements,
    comments: comments.map((c) => ({ kind: "Comment", text: c.image, range: tokRange(c) })),
    range: { start: 0, end: textLength },
  };
}
