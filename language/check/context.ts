// What every check pass shares: the program, the resolved model the passes
// fill in, the diagnostics they report, and name indexes built once (so an
// error costs a lookup, not a scan over every declaration).
import type * as A from "../ast.ts";
import { type Diagnostic, type DiagnosticCode, diag, type Fix, Suggester } from "../diagnostics.ts";
import { quote } from "../quote.ts";
import type { FieldType } from "../vocabulary.ts";

export interface FieldInfo {
  name: string;
  type: FieldType;
  values: string[];
  decl: A.FieldDecl;
}

export interface Model {
  header: { name: string | null; owner: string | null; effective: string | null; timezone: string };
  fields: Map<string, FieldInfo>;
  terms: Map<string, A.DefineStmt>;
  /** terms in dependency order */
  termOrder: string[];
  segments: A.ClassifierStmt[];
  personas: A.ClassifierStmt[];
  actions: A.ClassifierStmt[];
  teams: Map<string, A.TeamStmt>;
  calendars: Map<string, A.CalendarStmt>;
  value: A.ValueStmt | null;
  delivers: A.DeliversStmt[];
  obligations: (A.RespondStmt | A.CadenceStmt | A.ExpectStmt)[];
  plan: A.PlanStmt | null;
}

/** How a suggested replacement is written: a name as is, a string re-quoted. */
export type Spelling = "name" | "string";

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly m: Model = {
    header: { name: null, owner: null, effective: null, timezone: "UTC" },
    fields: new Map(),
    terms: new Map(),
    termOrder: [],
    segments: [],
    personas: [],
    actions: [],
    teams: new Map(),
    calendars: new Map(),
    value: null,
    delivers: [],
    obligations: [],
    plan: null,
  };
  private suggesters = new Map<string, Suggester>();
  private classifierNames: Map<string, Set<string>> | null = null;

  constructor(readonly program: A.Program) {}

  report(code: DiagnosticCode, range: A.Range, message: string, help?: string, fixes?: Fix[]): void {
    this.diagnostics.push(diag(code, range, message, help, fixes));
  }

  /**
   * An unknown word: the help is "did you mean 'X'?" (with a fix that writes
   * X in place of the word) when a close candidate exists, else `otherwise`.
   */
  reportUnknown(
    code: DiagnosticCode,
    range: A.Range,
    message: string,
    suggestion: string | null,
    otherwise: string | undefined,
    spelling: Spelling = "name",
  ): void {
    if (suggestion === null) {
      this.report(code, range, message, otherwise);
      return;
    }
    const written = spelling === "string" ? `"${suggestion}"` : `'${suggestion}'`;
    const newText = spelling === "string" ? quote(suggestion) : suggestion;
    this.report(code, range, message, `did you mean ${written}?`, [
      { title: `Replace with ${newText}`, edits: [{ range, newText }] },
    ]);
  }

  /**
   * The closest of a fixed set of candidates, through an index kept for the
   * run (`key` names the set; the candidates must not change after the first call).
   */
  suggest(key: string, word: string, candidates: () => Iterable<string>): string | null {
    let s = this.suggesters.get(key);
    if (!s) this.suggesters.set(key, (s = new Suggester(candidates())));
    return s.suggest(word);
  }

  /** Names declared as segments, personas or actions (after collection). */
  classifierNamed(kind: "Segment" | "Persona" | "Action", name: string): boolean {
    if (!this.classifierNames) {
      const byKind = new Map<string, Set<string>>();
      for (const [k, list] of [
        ["Segment", this.m.segments],
        ["Persona", this.m.personas],
        ["Action", this.m.actions],
      ] as const)
        byKind.set(k, new Set(list.map((s) => s.name.name)));
      this.classifierNames = byKind;
    }
    return this.classifierNames.get(kind)!.has(name);
  }
}
