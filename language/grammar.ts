// The grammar of .sla as a Chevrotain EmbeddedActionsParser that builds the
// AST while it parses (through drafts, see drafts.ts). Error recovery is on,
// so one run reports every syntax error (re-sync at statement level) and
// keeps whatever each broken statement said before its error.
//
// Rules for whoever edits this file:
// - read tokens only through `this.eat(idx, Type)` (it returns null for a
//   token that error recovery invented, and records what was really read for
//   the ranges); a test fails on a bare CONSUME;
// - a rule fills the draft its caller passed in (ARGS), which the caller
//   linked into its own draft *before* the call: a rule that fails half-way
//   leaves a partial draft where its caller can see it. Rule parameters are
//   optional because Chevrotain runs every rule once without arguments to
//   record the grammar (see `node`);
// - the closures a rule hands to OR, MANY and OPTION are made once, when the
//   rule is defined, not on every call (allocation; under tsx, which names
//   every closure it creates, that was a third of the parse time); they reach
//   the running rule's draft through `self()`;
// - the rule structure (which rule calls which, and where) decides where
//   error recovery re-syncs, and so which partial statements users get; keep
//   it unless you mean to change error recovery (test/fixtures/partial/).
import {
  EmbeddedActionsParser,
  type IOrAlt,
  type IRecognitionException,
  type IToken,
  NoViableAltException,
  type TokenType,
} from "chevrotain";
import type * as A from "./ast.ts";
import * as D from "./drafts.ts";
import * as T from "./lexer.ts";
import { messageProvider } from "./syntax-messages.ts";

const { Kw } = T;
const { blank } = D;

/**
 * Deepest nesting of parentheses and `not` in one condition. Recursive descent
 * needs stack per level; past this the parser stops with SLA005 instead of
 * running out of stack (and the checker and compiler never see such a tree).
 */
export const MAX_NESTING = 100;

export class SlaGrammar extends EmbeddedActionsParser {
  /** Statements read so far in this run. */
  private statements: D.StatementDraft[] = [];
  /** Start and end offsets of every real token read, in order (the ranges of drafts come from here). */
  private starts: number[] = [];
  private ends: number[] = [];
  private read = 0;
  /** The draft of every rule running now, innermost last. */
  private drafts: unknown[] = [];
  /** Parentheses and `not`s open around the current token. */
  private depth = 0;
  /** The tokens where a condition got nested more than MAX_NESTING deep. */
  private tooDeep: IToken[] = [];

  // Cached OR alternatives (Chevrotain's recommended optimisation): built on
  // the first call instead of on every call of the rule.
  private statementAlts?: IOrAlt<unknown>[];

  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      errorMessageProvider: messageProvider,
    });
    this.performSelfAnalysis();
  }

  /** Parses a token vector; the drafts come back finished (see drafts.ts), plus the nesting errors. */
  run(tokens: IToken[]): { statements: A.Statement[]; tooDeep: IToken[]; errors: IRecognitionException[] } {
    this.input = tokens;
    this.statements = [];
    this.starts = [];
    this.ends = [];
    this.read = 0;
    this.drafts = [];
    this.depth = 0;
    this.tooDeep = [];
    this.program();
    const statements: A.Statement[] = [];
    for (const d of this.statements) {
      const s = D.finishStatement(d);
      if (s) statements.push(s);
    }
    const tooDeep = this.tooDeep;
    const errors = this.errors;
    // The instance is reused for the next input: let go of this one's tokens
    // and drafts now (a large spec's token vector is hundreds of MB).
    this.input = [];
    this.statements = [];
    this.starts = [];
    this.ends = [];
    this.drafts = [];
    this.tooDeep = [];
    return { statements, tooDeep, errors };
  }

  /** Reads a token; null when error recovery had to invent it. */
  private eat(idx: number, type: TokenType): IToken | null {
    const t = this.consume(idx, type);
    if (t.isInsertedInRecovery) return null;
    this.starts[this.read] = t.startOffset;
    this.ends[this.read++] = t.startOffset + t.image.length;
    return t;
  }

  /**
   * A grammar rule that fills a draft. `define` runs once, when the rule is
   * defined: it makes the rule's closures and returns the rule's body; a
   * closure finds the draft of the call it runs in with `self()`. The draft's
   * range is set however the rule ends (normally or by an error), from the
   * tokens it really read. `fresh` makes the throw-away draft for
   * Chevrotain's recording run.
   */
  private node<Dr extends { range: A.Range | null }>(
    name: string,
    fresh: () => Dr,
    define: (self: () => Dr) => (d: Dr) => void,
  ) {
    // Sound because a rule's closures only run while that rule is the innermost one running.
    const body = define(() => this.drafts[this.drafts.length - 1] as Dr);
    return this.RULE(name, (d: Dr = fresh()) => {
      const from = this.read;
      this.drafts.push(d);
      try {
        body(d);
      } finally {
        this.drafts.pop();
        d.range = this.read > from ? { start: this.starts[from], end: this.ends[this.read - 1] } : null;
      }
    });
  }

  /** A new statement draft, linked into the program before its rule runs. */
  private begin<K extends D.StatementDraft["kind"]>(kind: K) {
    const d = D.statementDraft(kind);
    this.statements.push(d);
    return this.pass(d);
  }

  /**
   * SUBRULE's options passing one draft. One object, reused: Chevrotain reads
   * ARGS when it calls the rule and keeps no reference (saves two objects per call).
   */
  private pass<Dr>(d: Dr): { ARGS: [Dr] } {
    this.shared.ARGS[0] = d;
    return this.shared as { ARGS: [Dr] };
  }
  private shared: { ARGS: [unknown] } = { ARGS: [null] };

  /** Enters one level of parentheses or `not`; past MAX_NESTING, stops the condition (SLA005). */
  private nest(): void {
    if (this.depth < MAX_NESTING || this.RECORDING_PHASE) {
      this.depth++;
      return;
    }
    const at = this.LA(1);
    this.tooDeep.push(at);
    // Skip the rest of the run of `(` and `not`: Chevrotain's search for a
    // place to resume costs (tokens scanned) x (rules open), which is slow
    // from this deep inside; after the run the next `)` is usually close.
    const skipper = this as unknown as { SKIP_TOKEN(): IToken };
    for (let t = this.LA(1).tokenType; t === T.LParen || t === Kw.not; t = this.LA(1).tokenType) skipper.SKIP_TOKEN();
    // A recognition error: Chevrotain re-syncs after it like after any syntax error.
    throw new NoViableAltException("nested too deeply", at, this.LA(0));
  }

  program = this.RULE("program", () => {
    this.MANY(() => this.SUBRULE(this.statement));
  });

  statement = this.RULE("statement", () => {
    this.OR(
      (this.statementAlts ??= [
        { ALT: () => this.SUBRULE(this.slaStmt, this.begin("Sla")) },
        { ALT: () => this.SUBRULE(this.ownerStmt, this.begin("Owner")) },
        { ALT: () => this.SUBRULE(this.effectiveStmt, this.begin("Effective")) },
        { ALT: () => this.SUBRULE(this.timezoneStmt, this.begin("Timezone")) },
        { ALT: () => this.SUBRULE(this.calendarStmt, this.begin("Calendar")) },
        { ALT: () => this.SUBRULE(this.fieldsStmt, this.begin("Fields")) },
        { ALT: () => this.SUBRULE(this.defineStmt, this.begin("Define")) },
        { ALT: () => this.SUBRULE(this.segmentStmt, this.begin("Segment")) },
        { ALT: () => this.SUBRULE(this.teamStmt, this.begin("Team")) },
        { ALT: () => this.SUBRULE(this.personaStmt, this.begin("Persona")) },
        { ALT: () => this.SUBRULE(this.actionStmt, this.begin("Action")) },
        { ALT: () => this.SUBRULE(this.valueStmt, this.begin("Value")) },
        { ALT: () => this.SUBRULE(this.deliversStmt, this.begin("Delivers")) },
        { ALT: () => this.SUBRULE(this.respondStmt, this.begin("Respond")) },
        { ALT: () => this.SUBRULE(this.cadenceStmt, this.begin("Cadence")) },
        { ALT: () => this.SUBRULE(this.expectStmt, this.begin("Expect")) },
        { ALT: () => this.SUBRULE(this.planStmt, this.begin("Plan")) },
      ]),
    );
  });

  slaStmt = this.node(
    "slaStmt",
    () => D.statementDraft("Sla"),
    () => (d) => {
      this.eat(0, Kw.sla);
      d.text = this.eat(0, T.StringLit);
    },
  );
  ownerStmt = this.node(
    "ownerStmt",
    () => D.statementDraft("Owner"),
    () => (d) => {
      this.eat(0, Kw.owner);
      d.text = this.eat(0, T.StringLit);
    },
  );
  effectiveStmt = this.node(
    "effectiveStmt",
    () => D.statementDraft("Effective"),
    () => (d) => {
      this.eat(0, Kw.effective);
      d.date = this.eat(0, T.DateLit);
    },
  );
  timezoneStmt = this.node(
    "timezoneStmt",
    () => D.statementDraft("Timezone"),
    () => (d) => {
      this.eat(0, Kw.timezone);
      d.text = this.eat(0, T.StringLit);
    },
  );

  // ---- calendar ----
  calendarStmt = this.node(
    "calendarStmt",
    () => D.statementDraft("Calendar"),
    (self) => {
      const alts: IOrAlt<unknown>[] = [
        { ALT: () => this.SUBRULE(this.openRule, this.pass(push(self().rules, blank.open()))) },
        { ALT: () => this.SUBRULE(this.closedRule, this.pass(push(self().rules, blank.closed()))) },
      ];
      const rule = () => this.OR(alts);
      return (d) => {
        this.eat(0, Kw.calendar);
        d.name = this.eat(0, T.Name);
        this.eat(0, T.LBrace);
        this.MANY(rule);
        this.eat(0, T.RBrace);
      };
    },
  );
  openRule = this.node("openRule", blank.open, (self) => {
    const moreDays = () => {
      this.eat(0, T.Comma);
      this.SUBRULE2(this.daySpan, this.pass(push(self().days, blank.daySpan())));
    };
    const moreHours = () => {
      this.eat(2, T.Comma);
      this.SUBRULE2(this.timeSpan, this.pass(push(self().hours, blank.timeSpan())));
    };
    return (d) => {
      this.eat(0, Kw.open);
      this.SUBRULE(this.daySpan, this.pass(push(d.days, blank.daySpan())));
      this.MANY(moreDays);
      this.SUBRULE(this.timeSpan, this.pass(push(d.hours, blank.timeSpan())));
      this.MANY2(moreHours);
    };
  });
  daySpan = this.node("daySpan", blank.daySpan, (self) => {
    const to = () => {
      this.eat(0, T.Minus);
      self().to = this.eat(2, T.Name);
    };
    return (d) => {
      d.from = this.eat(0, T.Name);
      this.OPTION(to);
    };
  });
  timeSpan = this.node("timeSpan", blank.timeSpan, () => (d) => {
    d.from = this.eat(0, T.TimeOfDay);
    this.eat(0, T.Minus);
    d.to = this.eat(2, T.TimeOfDay);
  });
  closedRule = this.node("closedRule", blank.closed, (self) => {
    const more = () => {
      this.eat(0, T.Comma);
      this.SUBRULE2(this.dateSpan, this.pass(push(self().dates, blank.dateSpan())));
    };
    const moreRegions = () => {
      this.eat(2, T.Comma);
      pushTok(self().holidays, this.eat(2, T.StringLit));
    };
    const alts: IOrAlt<unknown>[] = [
      {
        // `closed holidays "US", "US-CA"`: a region's public holidays
        ALT: () => {
          this.eat(0, Kw.holidays);
          pushTok(self().holidays, this.eat(0, T.StringLit));
          this.MANY2(moreRegions);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.dateSpan, this.pass(push(self().dates, blank.dateSpan())));
          this.MANY(more);
        },
      },
    ];
    return () => {
      this.eat(0, Kw.closed);
      this.OR(alts);
    };
  });
  dateSpan = this.node("dateSpan", blank.dateSpan, (self) => {
    const to = () => {
      this.eat(0, T.Minus);
      self().to = this.eat(2, T.DateLit);
    };
    return (d) => {
      d.from = this.eat(0, T.DateLit);
      this.OPTION(to);
    };
  });

  // ---- fields ----
  fieldsStmt = this.node(
    "fieldsStmt",
    () => D.statementDraft("Fields"),
    (self) => {
      const field = () => this.SUBRULE(this.fieldDecl, this.pass(push(self().fields, blank.field())));
      return () => {
        this.eat(0, Kw.fields);
        this.eat(0, T.LBrace);
        this.MANY(field);
        this.eat(0, T.RBrace);
      };
    },
  );
  fieldDecl = this.node("fieldDecl", blank.field, () => (d) => {
    d.name = this.eat(0, T.Name);
    this.eat(0, T.Colon);
    this.SUBRULE(this.typeRef, this.pass((d.type = blank.type())));
  });
  typeRef = this.node("typeRef", blank.type, (self) => {
    const moreValues = () => {
      this.eat(0, T.Comma);
      pushTok(self().values, this.eat(2, T.StringLit));
    };
    const secondName = () => {
      this.eat(0, T.Slash);
      self().name2 = this.eat(2, T.Name);
    };
    const alts = {
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            const d = self();
            this.eat(0, Kw.one);
            d.isEnum = true;
            this.eat(0, Kw.of);
            pushTok(d.values, this.eat(0, T.StringLit));
            this.MANY(moreValues);
          },
        },
        {
          ALT: () => {
            self().name = this.eat(0, T.Name);
            this.OPTION(secondName);
          },
        },
      ],
    };
    return () => this.OR(alts);
  });

  // ---- vocabulary and classification ----
  defineStmt = this.node(
    "defineStmt",
    () => D.statementDraft("Define"),
    () => (d) => {
      this.eat(0, Kw.define);
      d.name = this.eat(0, T.Name);
      this.eat(0, Kw.when);
      this.SUBRULE(this.expr, this.pass((d.when = blank.or())));
    },
  );
  whenOrOtherwise = this.node("whenOrOtherwise", blank.when, (self) => {
    const alts: IOrAlt<unknown>[] = [
      {
        ALT: () => {
          const d = self();
          this.eat(0, Kw.when);
          this.SUBRULE(this.expr, this.pass((d.expr = blank.or())));
        },
      },
      {
        ALT: () => {
          self().otherwise = this.eat(0, Kw.otherwise) !== null;
        },
      },
    ];
    return () => this.OR(alts);
  });
  segmentStmt = this.node(
    "segmentStmt",
    () => D.statementDraft("Segment"),
    () => (d) => {
      this.eat(0, Kw.segment);
      d.name = this.eat(0, T.Name);
      this.SUBRULE(this.whenOrOtherwise, this.pass((d.when = blank.when())));
    },
  );
  personaStmt = this.node(
    "personaStmt",
    () => D.statementDraft("Persona"),
    () => (d) => {
      this.eat(0, Kw.persona);
      d.name = this.eat(0, T.Name);
      this.SUBRULE(this.whenOrOtherwise, this.pass((d.when = blank.when())));
    },
  );
  actionStmt = this.node(
    "actionStmt",
    () => D.statementDraft("Action"),
    () => (d) => {
      this.eat(0, Kw.action);
      d.name = this.eat(0, T.Name);
      this.SUBRULE(this.whenOrOtherwise, this.pass((d.when = blank.when())));
    },
  );

  teamStmt = this.node(
    "teamStmt",
    () => D.statementDraft("Team"),
    (self) => {
      const alts: IOrAlt<unknown>[] = [
        { ALT: () => this.SUBRULE(this.membersLine, this.pass(push(self().memberLines, blank.membersLine()))) },
        {
          ALT: () => {
            const d = self();
            this.eat(0, Kw.manager);
            this.SUBRULE(this.person, this.pass(push(d.managers, blank.person())));
          },
        },
      ];
      const line = () => this.OR(alts);
      return (d) => {
        this.eat(0, Kw.team);
        d.name = this.eat(0, T.Name);
        this.eat(0, T.LBrace);
        this.MANY(line);
        this.eat(0, T.RBrace);
      };
    },
  );
  membersLine = this.node("membersLine", blank.membersLine, () => (d) => {
    this.eat(0, Kw.members);
    this.SUBRULE(this.personList, this.pass((d.list = blank.persons())));
  });
  personList = this.node("personList", blank.persons, (self) => {
    const more = () => {
      this.eat(0, T.Comma);
      this.SUBRULE2(this.person, this.pass(push(self().persons, blank.person())));
    };
    return (d) => {
      this.SUBRULE(this.person, this.pass(push(d.persons, blank.person())));
      this.MANY(more);
    };
  });
  /** `jen`, `"Jen Park"`, `jen ("Jen Park", "jen@acme.com")` */
  person = this.node("person", blank.person, (self) => {
    const moreAliases = () => {
      this.eat(0, T.Comma);
      pushTok(self().aliases, this.eat(2, T.StringLit));
    };
    const aliases = () => {
      this.eat(0, T.LParen);
      pushTok(self().aliases, this.eat(3, T.StringLit));
      this.MANY(moreAliases);
      this.eat(0, T.RParen);
    };
    const alts: IOrAlt<unknown>[] = [
      {
        ALT: () => {
          self().name = this.eat(0, T.Name);
        },
      },
      {
        ALT: () => {
          self().name = this.eat(0, T.StringLit);
        },
      },
    ];
    return () => {
      this.OR(alts);
      this.OPTION(aliases);
    };
  });
  nameList = this.node("nameList", blank.names, (self) => {
    const more = () => {
      this.eat(0, T.Comma);
      pushTok(self().names, this.eat(2, T.Name));
    };
    return (d) => {
      pushTok(d.names, this.eat(0, T.Name));
      this.MANY(more);
    };
  });

  valueStmt = this.node(
    "valueStmt",
    () => D.statementDraft("Value"),
    (self) => {
      const row = () => this.SUBRULE(this.valueRow, this.pass(push(self().rows, blank.valueRow())));
      return (d) => {
        this.eat(0, Kw.value);
        this.eat(0, T.LBrace);
        this.eat(0, Kw.columns);
        this.SUBRULE(this.nameList, this.pass((d.columns = blank.names())));
        this.MANY(row);
        this.eat(0, T.RBrace);
      };
    },
  );
  valueRow = this.node("valueRow", blank.valueRow, (self) => {
    const more = () => {
      this.eat(0, T.Comma);
      this.SUBRULE2(this.amount, this.pass(push(self().cells, blank.amount())));
    };
    return (d) => {
      d.persona = this.eat(0, T.Name);
      this.eat(0, T.Colon);
      this.SUBRULE(this.amount, this.pass(push(d.cells, blank.amount())));
      this.MANY(more);
    };
  });
  amount = this.node("amount", blank.amount, () => {
    const alts: IOrAlt<IToken | null>[] = [
      { ALT: () => this.eat(0, T.Money) },
      { ALT: () => this.eat(0, T.NumberLit) },
    ];
    return (d) => {
      d.token = this.OR(alts);
    };
  });

  // ---- commitments ----
  deliversStmt = this.node(
    "deliversStmt",
    () => D.statementDraft("Delivers"),
    (self) => {
      const alts: IOrAlt<unknown>[] = [
        {
          ALT: () => {
            const d = self();
            d.number = this.eat(0, T.NumberLit);
            d.term = this.eat(0, T.Name);
          },
        },
        {
          ALT: () => {
            const d = self();
            d.money = this.eat(0, T.Money);
            this.eat(0, Kw.in);
            d.term = this.eat(2, T.Name);
          },
        },
      ];
      return (d) => {
        this.eat(0, Kw.marketing);
        this.eat(0, Kw.delivers);
        this.OR(alts);
        this.eat(0, Kw.per);
        d.per = this.eat(3, T.Name);
      };
    },
  );

  // ---- obligations ----
  respondStmt = this.node(
    "respondStmt",
    () => D.statementDraft("Respond"),
    () => (d) => {
      this.eat(0, Kw.respond);
      this.eat(0, Kw.to);
      d.segment = this.eat(0, T.Name);
      this.eat(0, Kw.within);
      this.SUBRULE(this.window, this.pass((d.within = blank.window())));
      this.SUBRULE(this.clauses, this.pass((d.clauses = blank.clauses())));
    },
  );
  cadenceStmt = this.node(
    "cadenceStmt",
    () => D.statementDraft("Cadence"),
    () => (d) => {
      this.eat(0, Kw.cadence);
      d.segment = this.eat(0, T.Name);
      d.touches = this.eat(0, T.NumberLit);
      this.eat(0, Kw.touches);
      this.eat(0, Kw.within);
      this.SUBRULE(this.window, this.pass((d.within = blank.window())));
      this.SUBRULE(this.clauses, this.pass((d.clauses = blank.clauses())));
    },
  );
  expectStmt = this.node(
    "expectStmt",
    () => D.statementDraft("Expect"),
    (self) => {
      const moreEvents = () => {
        this.eat(0, Kw.or);
        this.SUBRULE2(this.eventName, this.pass(push(self().events, blank.eventName())));
      };
      const forSegment = () => {
        this.eat(0, Kw.for);
        self().segment = this.eat(0, T.Name);
      };
      return (d) => {
        this.eat(0, Kw.expect);
        this.SUBRULE(this.eventName, this.pass(push(d.events, blank.eventName())));
        this.MANY(moreEvents);
        this.eat(0, Kw.within);
        this.SUBRULE(this.window, this.pass((d.within = blank.window())));
        this.eat(0, Kw.after);
        this.SUBRULE3(this.eventName, this.pass((d.after = blank.eventName())));
        this.OPTION(forSegment);
        this.SUBRULE(this.clauses, this.pass((d.clauses = blank.clauses())));
      };
    },
  );
  /** demo.started, or the built-in `touch` (a plain word; the checker validates it) */
  eventName = this.node("eventName", blank.eventName, () => {
    const alts: IOrAlt<IToken | null>[] = [
      { ALT: () => this.eat(0, T.EventType) },
      { ALT: () => this.eat(0, T.Identifier) },
    ];
    return (d) => {
      d.token = this.OR(alts);
    };
  });
  window = this.node("window", blank.window, (self) => {
    const business = () => {
      self().business = this.eat(0, Kw.business) !== null;
    };
    const onCalendar = {
      // `on breach` starts a clause; `on emea` names a calendar.
      GATE: () => this.LA(2).tokenType !== Kw.breach,
      DEF: () => {
        this.eat(0, Kw.on);
        self().calendar = this.eat(2, T.Name);
      },
    };
    const alts: IOrAlt<unknown>[] = [
      {
        ALT: () => {
          self().duration = this.eat(0, T.Duration);
        },
      },
      {
        ALT: () => {
          const d = self();
          d.amount = this.eat(0, T.NumberLit);
          this.OPTION(business);
          d.unit = this.eat(0, T.Name);
          this.OPTION2(onCalendar);
        },
      },
    ];
    return () => this.OR(alts);
  });
  clauses = this.node("clauses", blank.clauses, (self) => {
    const moreActions = () => {
      const actions = self().onBreach;
      this.eat(0, T.Comma);
      this.SUBRULE2(this.breachAction, this.pass(push(actions, blank.action())));
    };
    // `warn at 80% notify "..."`: the same actions as `on breach`, run at the warning
    const moreWarnActions = () => {
      const actions = self().onBreach;
      this.eat(5, T.Comma);
      this.SUBRULE4(this.breachAction, this.pass(push(actions, blank.action())));
    };
    const warnActions = () => {
      this.SUBRULE3(this.breachAction, this.pass(push(self().onBreach, blank.action())));
      this.MANY3(moreWarnActions);
    };
    const moreByItems = () => {
      this.eat(0, Kw.or);
      this.SUBRULE2(this.byItem, this.pass(push(self().byItems, blank.byItem())));
    };
    const alts: IOrAlt<unknown>[] = [
      {
        ALT: () => {
          const head = this.eat(0, Kw.target)!;
          const c: D.PercentClauseDraft = { kind: "Target", head, percent: null, actions: [] };
          self().clauses.push(c);
          c.percent = this.eat(0, T.Percent);
        },
      },
      {
        ALT: () => {
          const d = self();
          const head = this.eat(0, Kw.warn)!;
          const c: D.PercentClauseDraft = { kind: "WarnAt", head, percent: null, actions: [] };
          d.clauses.push(c);
          d.onBreach = c.actions;
          this.eat(0, Kw.at);
          c.percent = this.eat(2, T.Percent);
          this.OPTION(warnActions);
        },
      },
      {
        ALT: () => {
          const head = this.eat(0, Kw.pause)!;
          const when = blank.or();
          self().clauses.push({ kind: "PauseWhile", head, when });
          this.eat(0, Kw.while);
          this.SUBRULE(this.expr, this.pass(when));
        },
      },
      {
        ALT: () => {
          const d = self();
          const head = this.eat(0, Kw.on)!;
          const actions: D.ActionDraft[] = [];
          d.clauses.push({ kind: "OnBreach", head, actions });
          d.onBreach = actions;
          this.eat(0, Kw.breach);
          this.SUBRULE(this.breachAction, this.pass(push(actions, blank.action())));
          this.MANY2(moreActions);
        },
      },
      {
        ALT: () => {
          const head = this.eat(0, Kw.by)!;
          const items: D.ByItemDraft[] = [];
          self().clauses.push({ kind: "By", head, items });
          self().byItems = items;
          this.SUBRULE(this.byItem, this.pass(push(items, blank.byItem())));
          this.MANY4(moreByItems);
        },
      },
    ];
    const clause = () => this.OR(alts);
    return () => this.MANY(clause);
  });
  /** `owner`, `team sdr`, or a channel: `call`, `"phone call"` */
  byItem = this.node("byItem", blank.byItem, (self) => {
    const alts = {
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.eat(0, Kw.owner);
            self().kind = "ByOwner";
          },
        },
        {
          ALT: () => {
            const d = self();
            this.eat(0, Kw.team);
            d.kind = "ByTeam";
            d.team = this.eat(0, T.Name);
          },
        },
        {
          ALT: () => {
            const d = self();
            d.kind = "ByChannel";
            d.word = this.eat(0, T.StringLit);
          },
        },
        {
          ALT: () => {
            const d = self();
            d.kind = "ByChannel";
            d.word = this.eat(0, T.Identifier);
          },
        },
      ],
    };
    return () => this.OR(alts);
  });
  breachAction = this.node("breachAction", blank.action, (self) => {
    const alts: IOrAlt<unknown>[] = [
      {
        ALT: () => {
          const d = self();
          this.eat(0, Kw.reassign);
          d.kind = "Reassign";
          this.eat(0, Kw.round);
          this.eat(0, Kw.robin);
          d.team = this.eat(0, T.Name);
        },
      },
      {
        ALT: () => {
          const d = self();
          this.eat(0, Kw.escalate);
          d.kind = "Escalate";
          this.eat(0, Kw.to);
          d.manager = this.eat(0, Kw.manager) !== null;
        },
      },
      {
        ALT: () => {
          const d = self();
          this.eat(0, Kw.nurture);
          d.kind = "Nurture";
          d.text = this.eat(0, T.StringLit);
        },
      },
      {
        ALT: () => {
          const d = self();
          this.eat(0, Kw.notify);
          d.kind = "Notify";
          d.text = this.eat(2, T.StringLit);
        },
      },
      {
        ALT: () => {
          const d = self();
          this.eat(0, Kw.tag);
          d.kind = "Tag";
          d.text = this.eat(3, T.StringLit);
        },
      },
    ];
    return () => this.OR(alts);
  });

  // ---- plan ----
  planStmt = this.node(
    "planStmt",
    () => D.statementDraft("Plan"),
    (self) => {
      const line = () => this.SUBRULE(this.planLine, this.pass(push(self().lines, blank.planLine())));
      return () => {
        this.eat(0, Kw.plan);
        this.eat(0, T.LBrace);
        this.MANY(line);
        this.eat(0, T.RBrace);
      };
    },
  );
  planLine = this.node("planLine", blank.planLine, (self) => {
    const alts = {
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            const d = self();
            this.eat(0, Kw.revenue);
            d.kind = "PlanRevenue";
            d.money = this.eat(0, T.Money);
            this.eat(0, Kw.per);
            d.per = this.eat(0, T.Name);
          },
        },
        {
          ALT: () => {
            const d = self();
            this.eat(0, Kw.average);
            d.kind = "PlanAverageDeal";
            this.eat(0, Kw.deal);
            d.money = this.eat(2, T.Money);
          },
        },
        {
          ALT: () => {
            const d = self();
            this.eat(0, Kw.volume);
            d.kind = "PlanVolume";
            d.number = this.eat(0, T.NumberLit);
            this.eat(2, Kw.per);
            d.per = this.eat(2, T.Name);
          },
        },
        {
          ALT: () => {
            const d = self();
            d.from = this.eat(3, T.Name);
            d.kind = "PlanStep";
            this.eat(0, Kw.to);
            d.to = this.eat(4, T.Name);
            d.rate = this.eat(0, T.Percent);
          },
        },
      ],
    };
    return () => this.OR(alts);
  });

  // ---- expressions: or < and < not < comparison ----
  expr = this.node("expr", blank.or, (self) => {
    const more = () => {
      this.eat(0, Kw.or);
      this.SUBRULE2(this.andExpr, this.pass(push(self().args, blank.and())));
    };
    return (d) => {
      this.SUBRULE(this.andExpr, this.pass(push(d.args, blank.and())));
      this.MANY(more);
    };
  });
  andExpr = this.node("andExpr", blank.and, (self) => {
    const more = () => {
      this.eat(0, Kw.and);
      this.SUBRULE2(this.notExpr, this.pass(push(self().args, blank.not())));
    };
    return (d) => {
      this.SUBRULE(this.notExpr, this.pass(push(d.args, blank.not())));
      this.MANY(more);
    };
  });
  notExpr = this.node("notExpr", blank.not, (self) => {
    const alts = {
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          // `not` followed by a comparison-free word is negation; a field called
          // `not` is not supported.
          ALT: () => {
            const d = self();
            this.nest();
            try {
              this.eat(0, Kw.not);
              d.isNot = true;
              this.SUBRULE(this.notExpr, this.pass((d.negated = blank.not())));
            } finally {
              this.depth--;
            }
          },
        },
        { ALT: () => this.SUBRULE(this.primary, this.pass((self().primary = blank.primary()))) },
      ],
    };
    return () => this.OR(alts);
  });
  primary = this.node("primary", blank.primary, (self) => {
    const predicate = () => this.SUBRULE(this.predicate, this.pass((self().predicate = blank.predicate())));
    const alts: IOrAlt<unknown>[] = [
      {
        ALT: () => {
          const d = self();
          this.nest();
          try {
            this.eat(0, T.LParen);
            this.SUBRULE(this.expr, this.pass((d.paren = blank.or())));
            this.eat(0, T.RParen);
          } finally {
            this.depth--;
          }
        },
      },
      {
        ALT: () => {
          self().name = this.eat(0, T.Name);
          this.OPTION(predicate);
        },
      },
    ];
    return () => this.OR(alts);
  });
  predicate = this.node("predicate", blank.predicate, (self) => {
    const notIn = () => {
      self().negated = this.eat(0, Kw.not) !== null;
    };
    const moreValues = () => {
      this.eat(0, T.Comma);
      this.SUBRULE3(this.literal, this.pass(push(self().values, blank.literal())));
    };
    const isNot = () => {
      self().negated = this.eat(2, Kw.not) !== null;
    };
    const alts: IOrAlt<unknown>[] = [
      {
        ALT: () => {
          const d = self();
          d.op = this.eat(0, T.CompareOp);
          this.SUBRULE(this.literal, this.pass(push(d.values, blank.literal())));
        },
      },
      {
        ALT: () => {
          const d = self();
          this.OPTION(notIn);
          d.isIn = this.eat(0, Kw.in) !== null;
          this.eat(0, T.LParen);
          this.SUBRULE2(this.literal, this.pass(push(d.values, blank.literal())));
          this.MANY(moreValues);
          this.eat(0, T.RParen);
        },
      },
      {
        ALT: () => {
          const d = self();
          d.textOp = this.eat(0, Kw.contains);
          this.SUBRULE4(this.literal, this.pass(push(d.values, blank.literal())));
        },
      },
      {
        ALT: () => {
          const d = self();
          d.textOp = this.eat(0, Kw.starts);
          this.eat(0, Kw.with);
          this.SUBRULE5(this.literal, this.pass(push(d.values, blank.literal())));
        },
      },
      {
        ALT: () => {
          const d = self();
          d.textOp = this.eat(0, Kw.ends);
          this.eat(2, Kw.with);
          this.SUBRULE6(this.literal, this.pass(push(d.values, blank.literal())));
        },
      },
      {
        ALT: () => {
          const d = self();
          d.isIs = this.eat(0, Kw.is) !== null;
          this.OPTION2(isNot);
          d.set = this.eat(0, Kw.set);
        },
      },
    ];
    return () => this.OR(alts);
  });
  literal = this.node("literal", blank.literal, () => {
    const alts: IOrAlt<IToken | null>[] = [
      { ALT: () => this.eat(0, T.StringLit) },
      { ALT: () => this.eat(0, T.NumberLit) },
      { ALT: () => this.eat(0, T.Money) },
      { ALT: () => this.eat(0, T.Percent) },
      { ALT: () => this.eat(0, T.DateLit) },
      // Only plain words (yes, no): a keyword here means a missing value.
      { ALT: () => this.eat(0, T.Identifier) },
    ];
    return (d) => {
      d.token = this.OR(alts);
    };
  });
}

/** Appends a draft to its parent's list and returns it (so the rule can fill it). */
function push<T, U extends T>(list: T[], item: U): U {
  list.push(item);
  return item;
}

/** Appends a token that was really read. */
function pushTok(list: IToken[], t: IToken | null): void {
  if (t) list.push(t);
}
