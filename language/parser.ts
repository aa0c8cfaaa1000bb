// The concrete syntax of .sla as a Chevrotain CstParser. It only recognises
// structure; `cst-to-ast.ts` turns the CST into the typed AST. Error recovery
// is on, so one run reports every syntax error (re-sync at statement level).
import { type CstNode, CstParser, type IOrAlt, type IToken, type TokenType } from "chevrotain";
import * as T from "./lexer.ts";
import { messageProvider } from "./syntax-messages.ts";

const { Kw } = T;

export class SlaParser extends CstParser {
  // Cached OR alternatives (Chevrotain's recommended optimisation): built on
  // the first call instead of on every call of the rule.
  private statementAlts?: IOrAlt<unknown>[];
  private literalAlts?: IOrAlt<unknown>[];
  private predicateAlts?: IOrAlt<unknown>[];
  private primaryAlts?: IOrAlt<unknown>[];
  private clauseAlts?: IOrAlt<unknown>[];
  private actionAlts?: IOrAlt<unknown>[];
  private whenAlts?: IOrAlt<unknown>[];
  private amountAlts?: IOrAlt<unknown>[];
  private eventAlts?: IOrAlt<unknown>[];

  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      errorMessageProvider: messageProvider,
      nodeLocationTracking: "onlyOffset",
    });
    this.performSelfAnalysis();
  }

  program = this.RULE("program", () => {
    this.MANY(() => this.SUBRULE(this.statement));
  });

  statement = this.RULE("statement", () => {
    this.OR(
      (this.statementAlts ??= [
        { ALT: () => this.SUBRULE(this.slaStmt) },
        { ALT: () => this.SUBRULE(this.ownerStmt) },
        { ALT: () => this.SUBRULE(this.effectiveStmt) },
        { ALT: () => this.SUBRULE(this.timezoneStmt) },
        { ALT: () => this.SUBRULE(this.calendarStmt) },
        { ALT: () => this.SUBRULE(this.fieldsStmt) },
        { ALT: () => this.SUBRULE(this.defineStmt) },
        { ALT: () => this.SUBRULE(this.segmentStmt) },
        { ALT: () => this.SUBRULE(this.teamStmt) },
        { ALT: () => this.SUBRULE(this.personaStmt) },
        { ALT: () => this.SUBRULE(this.actionStmt) },
        { ALT: () => this.SUBRULE(this.valueStmt) },
        { ALT: () => this.SUBRULE(this.deliversStmt) },
        { ALT: () => this.SUBRULE(this.respondStmt) },
        { ALT: () => this.SUBRULE(this.cadenceStmt) },
        { ALT: () => this.SUBRULE(this.expectStmt) },
        { ALT: () => this.SUBRULE(this.planStmt) },
      ]),
    );
  });

  slaStmt = this.RULE("slaStmt", () => {
    this.CONSUME(Kw.sla);
    this.CONSUME(T.StringLit);
  });
  ownerStmt = this.RULE("ownerStmt", () => {
    this.CONSUME(Kw.owner);
    this.CONSUME(T.StringLit);
  });
  effectiveStmt = this.RULE("effectiveStmt", () => {
    this.CONSUME(Kw.effective);
    this.CONSUME(T.DateLit);
  });
  timezoneStmt = this.RULE("timezoneStmt", () => {
    this.CONSUME(Kw.timezone);
    this.CONSUME(T.StringLit);
  });

  // ---- calendar ----
  calendarStmt = this.RULE("calendarStmt", () => {
    this.CONSUME(Kw.calendar);
    this.CONSUME(T.Name);
    this.CONSUME(T.LBrace);
    this.MANY(() =>
      this.OR([{ ALT: () => this.SUBRULE(this.openRule) }, { ALT: () => this.SUBRULE(this.closedRule) }]),
    );
    this.CONSUME(T.RBrace);
  });
  openRule = this.RULE("openRule", () => {
    this.CONSUME(Kw.open);
    this.SUBRULE(this.daySpan);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.daySpan);
    });
    this.SUBRULE(this.timeSpan);
    this.MANY2(() => {
      this.CONSUME2(T.Comma);
      this.SUBRULE2(this.timeSpan);
    });
  });
  daySpan = this.RULE("daySpan", () => {
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.Minus);
      this.CONSUME2(T.Name);
    });
  });
  timeSpan = this.RULE("timeSpan", () => {
    this.CONSUME(T.TimeOfDay);
    this.CONSUME(T.Minus);
    this.CONSUME2(T.TimeOfDay);
  });
  closedRule = this.RULE("closedRule", () => {
    this.CONSUME(Kw.closed);
    this.SUBRULE(this.dateSpan);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.dateSpan);
    });
  });
  dateSpan = this.RULE("dateSpan", () => {
    this.CONSUME(T.DateLit);
    this.OPTION(() => {
      this.CONSUME(T.Minus);
      this.CONSUME2(T.DateLit);
    });
  });

  // ---- fields ----
  fieldsStmt = this.RULE("fieldsStmt", () => {
    this.CONSUME(Kw.fields);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.fieldDecl));
    this.CONSUME(T.RBrace);
  });
  fieldDecl = this.RULE("fieldDecl", () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
  });
  typeRef = this.RULE("typeRef", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(Kw.one);
            this.CONSUME(Kw.of);
            this.CONSUME(T.StringLit);
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.CONSUME2(T.StringLit);
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Name, { LABEL: "typeName" });
            this.OPTION(() => {
              this.CONSUME(T.Slash);
              this.CONSUME2(T.Name, { LABEL: "typeName2" });
            });
          },
        },
      ],
    });
  });

  // ---- vocabulary and classification ----
  defineStmt = this.RULE("defineStmt", () => {
    this.CONSUME(Kw.define);
    this.CONSUME(T.Name);
    this.CONSUME(Kw.when);
    this.SUBRULE(this.expr);
  });
  whenOrOtherwise = this.RULE("whenOrOtherwise", () => {
    this.OR(
      (this.whenAlts ??= [
        {
          ALT: () => {
            this.CONSUME(Kw.when);
            this.SUBRULE(this.expr);
          },
        },
        { ALT: () => this.CONSUME(Kw.otherwise) },
      ]),
    );
  });
  segmentStmt = this.RULE("segmentStmt", () => {
    this.CONSUME(Kw.segment);
    this.CONSUME(T.Name);
    this.SUBRULE(this.whenOrOtherwise);
  });
  personaStmt = this.RULE("personaStmt", () => {
    this.CONSUME(Kw.persona);
    this.CONSUME(T.Name);
    this.SUBRULE(this.whenOrOtherwise);
  });
  actionStmt = this.RULE("actionStmt", () => {
    this.CONSUME(Kw.action);
    this.CONSUME(T.Name);
    this.SUBRULE(this.whenOrOtherwise);
  });

  teamStmt = this.RULE("teamStmt", () => {
    this.CONSUME(Kw.team);
    this.CONSUME(T.Name);
    this.CONSUME(T.LBrace);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.membersLine) },
        {
          ALT: () => {
            this.CONSUME(Kw.manager);
            this.CONSUME2(T.Name, { LABEL: "managerName" });
          },
        },
      ]),
    );
    this.CONSUME(T.RBrace);
  });
  membersLine = this.RULE("membersLine", () => {
    this.CONSUME(Kw.members);
    this.SUBRULE(this.nameList);
  });
  nameList = this.RULE("nameList", () => {
    this.CONSUME(T.Name);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.Name);
    });
  });

  valueStmt = this.RULE("valueStmt", () => {
    this.CONSUME(Kw.value);
    this.CONSUME(T.LBrace);
    this.CONSUME(Kw.columns);
    this.SUBRULE(this.nameList);
    this.MANY(() => this.SUBRULE(this.valueRow));
    this.CONSUME(T.RBrace);
  });
  valueRow = this.RULE("valueRow", () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.amount);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.amount);
    });
  });
  amount = this.RULE("amount", () => {
    this.OR((this.amountAlts ??= [{ ALT: () => this.CONSUME(T.Money) }, { ALT: () => this.CONSUME(T.NumberLit) }]));
  });

  // ---- commitments ----
  deliversStmt = this.RULE("deliversStmt", () => {
    this.CONSUME(Kw.marketing);
    this.CONSUME(Kw.delivers);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.NumberLit);
          this.CONSUME(T.Name, { LABEL: "term" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Money);
          this.CONSUME(Kw.in);
          this.CONSUME2(T.Name, { LABEL: "term" });
        },
      },
    ]);
    this.CONSUME(Kw.per);
    this.CONSUME3(T.Name, { LABEL: "period" });
  });

  // ---- obligations ----
  respondStmt = this.RULE("respondStmt", () => {
    this.CONSUME(Kw.respond);
    this.CONSUME(Kw.to);
    this.CONSUME(T.Name);
    this.CONSUME(Kw.within);
    this.SUBRULE(this.window);
    this.SUBRULE(this.clauses);
  });
  cadenceStmt = this.RULE("cadenceStmt", () => {
    this.CONSUME(Kw.cadence);
    this.CONSUME(T.Name);
    this.CONSUME(T.NumberLit);
    this.CONSUME(Kw.touches);
    this.CONSUME(Kw.within);
    this.SUBRULE(this.window);
    this.SUBRULE(this.clauses);
  });
  expectStmt = this.RULE("expectStmt", () => {
    this.CONSUME(Kw.expect);
    this.SUBRULE(this.eventName, { LABEL: "event" });
    this.MANY(() => {
      this.CONSUME(Kw.or);
      this.SUBRULE2(this.eventName, { LABEL: "event" });
    });
    this.CONSUME(Kw.within);
    this.SUBRULE(this.window);
    this.CONSUME(Kw.after);
    this.SUBRULE3(this.eventName, { LABEL: "after" });
    this.OPTION(() => {
      this.CONSUME(Kw.for);
      this.CONSUME(T.Name, { LABEL: "segment" });
    });
    this.SUBRULE(this.clauses);
  });
  /** demo.started, or the built-in `touch` (a plain word; the checker validates it) */
  eventName = this.RULE("eventName", () => {
    this.OR((this.eventAlts ??= [{ ALT: () => this.CONSUME(T.EventType) }, { ALT: () => this.CONSUME(T.Identifier) }]));
  });
  window = this.RULE("window", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Duration) },
      {
        ALT: () => {
          this.CONSUME(T.NumberLit);
          this.OPTION(() => this.CONSUME(Kw.business));
          this.CONSUME(T.Name, { LABEL: "unit" });
          this.OPTION2({
            // `on breach` starts a clause; `on emea` names a calendar.
            GATE: () => this.LA(2).tokenType !== Kw.breach,
            DEF: () => {
              this.CONSUME(Kw.on);
              this.CONSUME2(T.Name, { LABEL: "calendar" });
            },
          });
        },
      },
    ]);
  });
  clauses = this.RULE("clauses", () => {
    this.MANY(() =>
      this.OR(
        (this.clauseAlts ??= [
          {
            ALT: () => {
              this.CONSUME(Kw.target);
              this.CONSUME(T.Percent);
            },
          },
          {
            ALT: () => {
              this.CONSUME(Kw.warn);
              this.CONSUME(Kw.at);
              this.CONSUME2(T.Percent);
            },
          },
          {
            ALT: () => {
              this.CONSUME(Kw.pause);
              this.CONSUME(Kw.while);
              this.SUBRULE(this.expr);
            },
          },
          {
            ALT: () => {
              this.CONSUME(Kw.on);
              this.CONSUME(Kw.breach);
              this.SUBRULE(this.breachAction);
              this.MANY2(() => {
                this.CONSUME(T.Comma);
                this.SUBRULE2(this.breachAction);
              });
            },
          },
        ]),
      ),
    );
  });
  breachAction = this.RULE("breachAction", () => {
    this.OR(
      (this.actionAlts ??= [
        {
          ALT: () => {
            this.CONSUME(Kw.reassign);
            this.CONSUME(Kw.round);
            this.CONSUME(Kw.robin);
            this.CONSUME(T.Name);
          },
        },
        {
          ALT: () => {
            this.CONSUME(Kw.escalate);
            this.CONSUME(Kw.to);
            this.CONSUME(Kw.manager);
          },
        },
        {
          ALT: () => {
            this.CONSUME(Kw.nurture);
            this.CONSUME(T.StringLit);
          },
        },
        {
          ALT: () => {
            this.CONSUME(Kw.notify);
            this.CONSUME2(T.StringLit);
          },
        },
        {
          ALT: () => {
            this.CONSUME(Kw.tag);
            this.CONSUME3(T.StringLit);
          },
        },
      ]),
    );
  });

  // ---- plan ----
  planStmt = this.RULE("planStmt", () => {
    this.CONSUME(Kw.plan);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.planLine));
    this.CONSUME(T.RBrace);
  });
  planLine = this.RULE("planLine", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(Kw.revenue);
            this.CONSUME(T.Money);
            this.CONSUME(Kw.per);
            this.CONSUME(T.Name, { LABEL: "period" });
          },
        },
        {
          ALT: () => {
            this.CONSUME(Kw.average);
            this.CONSUME(Kw.deal);
            this.CONSUME2(T.Money);
          },
        },
        {
          ALT: () => {
            this.CONSUME(Kw.volume);
            this.CONSUME(T.NumberLit);
            this.CONSUME2(Kw.per);
            this.CONSUME2(T.Name, { LABEL: "period" });
          },
        },
        {
          ALT: () => {
            this.CONSUME3(T.Name, { LABEL: "from" });
            this.CONSUME(Kw.to);
            this.CONSUME4(T.Name, { LABEL: "to" });
            this.CONSUME(T.Percent);
          },
        },
      ],
    });
  });

  // ---- expressions: or < and < not < comparison ----
  expr = this.RULE("expr", () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(Kw.or);
      this.SUBRULE2(this.andExpr);
    });
  });
  andExpr = this.RULE("andExpr", () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(Kw.and);
      this.SUBRULE2(this.notExpr);
    });
  });
  notExpr = this.RULE("notExpr", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          // `not` followed by a comparison-free word is negation; a field called
          // `not` is not supported.
          ALT: () => {
            this.CONSUME(Kw.not);
            this.SUBRULE(this.notExpr);
          },
        },
        { ALT: () => this.SUBRULE(this.primary) },
      ],
    });
  });
  primary = this.RULE("primary", () => {
    this.OR(
      (this.primaryAlts ??= [
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.expr);
            this.CONSUME(T.RParen);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Name);
            this.OPTION(() => this.SUBRULE(this.predicate));
          },
        },
      ]),
    );
  });
  predicate = this.RULE("predicate", () => {
    this.OR(
      (this.predicateAlts ??= [
        {
          ALT: () => {
            this.CONSUME(T.CompareOp);
            this.SUBRULE(this.literal);
          },
        },
        {
          ALT: () => {
            this.OPTION(() => this.CONSUME(Kw.not, { LABEL: "negated" }));
            this.CONSUME(Kw.in);
            this.CONSUME(T.LParen);
            this.SUBRULE2(this.literal);
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.SUBRULE3(this.literal);
            });
            this.CONSUME(T.RParen);
          },
        },
        {
          ALT: () => {
            this.CONSUME(Kw.contains, { LABEL: "textOp" });
            this.SUBRULE4(this.literal);
          },
        },
        {
          ALT: () => {
            this.CONSUME(Kw.starts, { LABEL: "textOp" });
            this.CONSUME(Kw.with);
            this.SUBRULE5(this.literal);
          },
        },
        {
          ALT: () => {
            this.CONSUME(Kw.ends, { LABEL: "textOp" });
            this.CONSUME2(Kw.with);
            this.SUBRULE6(this.literal);
          },
        },
        {
          ALT: () => {
            this.CONSUME(Kw.is);
            this.OPTION2(() => this.CONSUME2(Kw.not, { LABEL: "negated" }));
            this.CONSUME(Kw.set);
          },
        },
      ]),
    );
  });
  literal = this.RULE("literal", () => {
    this.OR(
      (this.literalAlts ??= [
        { ALT: () => this.CONSUME(T.StringLit) },
        { ALT: () => this.CONSUME(T.NumberLit) },
        { ALT: () => this.CONSUME(T.Money) },
        { ALT: () => this.CONSUME(T.Percent) },
        { ALT: () => this.CONSUME(T.DateLit) },
        // Only plain words (yes, no): a keyword here means a missing value.
        { ALT: () => this.CONSUME(T.Identifier) },
      ]),
    );
  });
}

/** One parser instance, reused: Chevrotain parsers are built once and reset per input. */
export const slaParser = new SlaParser();

export interface SyntaxResult {
  cst: CstNode;
  tokens: IToken[];
  comments: IToken[];
  lexErrors: { offset: number; length: number; message: string }[];
  parseErrors: { token: IToken; message: string; previous: IToken | null; ruleStack: string[] }[];
}

export function parseSyntax(text: string): SyntaxResult {
  const lexed = T.slaLexer.tokenize(text);
  // After a bad word like `1e3` or `5min`, the lexer resumes mid-word (`e3`,
  // `min`); drop those leftovers so one typo gives one diagnostic.
  let tokens = lexed.tokens;
  if (lexed.errors.length) {
    const spans = lexed.errors.map((e) => {
      const word = /^[^\s,(){}]+/.exec(text.slice(e.offset))?.[0] ?? "";
      return [e.offset, e.offset + word.length] as const;
    });
    tokens = tokens.filter((t) => !spans.some(([a, b]) => t.startOffset > a && t.startOffset < b));
  }
  slaParser.input = tokens;
  const cst = slaParser.program();
  return {
    cst,
    tokens,
    comments: (lexed.groups.comments ?? []) as IToken[],
    lexErrors: lexed.errors.map((e) => ({ offset: e.offset, length: e.length, message: e.message })),
    parseErrors: slaParser.errors.map((e) => ({
      token: e.token,
      message: e.message,
      previous: (e as { previousToken?: IToken }).previousToken ?? null,
      ruleStack: e.context?.ruleStack ?? [],
    })),
  };
}

export type { TokenType };
