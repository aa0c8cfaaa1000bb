// Notes: comments written for the signed document rather than for engineers.
// A note is a comment line that starts with `#:`; consecutive note lines form
// one note (an empty `#:` line starts a new paragraph). The lexer already
// treats every `#...` line as a comment, so notes need no grammar: they are
// read from the parsed program's comments and attached to a statement:
// - a note inside a statement (inside `calendar { ... }`, between a rule's
//   clauses) belongs to that statement;
// - otherwise it belongs to the next statement after it;
// - a note after the last statement closes the document ("closing").
// A run of note lines ends at anything that is not blank space.
// Browser-safe.
import type * as A from "../../language/ast.ts";

/** Note paragraphs by statement key (see statementKey). */
export type Notes = Map<string, string[]>;

const NOTE = /^#:(?: ?)(.*)$/;

/** The text of a note line (`#: text` -> "text"), or null for any other comment. */
export function noteText(comment: string): string | null {
  const m = NOTE.exec(comment.trimEnd());
  return m ? m[1] : null;
}

/**
 * The key a statement's notes are filed under, matching what the agreement
 * shows: "header", "calendar:NAME", "fields", "term:NAME", "segment:NAME",
 * "persona:NAME", "action:NAME", "team:NAME", "value", "commitment:I"
 * (I-th `marketing delivers`), "obligation:I" (I-th respond/cadence/expect),
 * "plan". Statements the document does not know get "other".
 */
function keyer(): (s: A.Statement) => string {
  let commitment = 0;
  let obligation = 0;
  return (s) => {
    switch (s.kind) {
      case "Sla":
      case "Owner":
      case "Effective":
      case "Timezone":
        return "header";
      case "Calendar":
        return `calendar:${s.name.name}`;
      case "Fields":
        return "fields";
      case "Define":
        return `term:${s.name.name}`;
      case "Segment":
      case "Persona":
      case "Action":
        return `${s.kind.toLowerCase()}:${s.name.name}`;
      case "Team":
        return `team:${s.name.name}`;
      case "Value":
        return "value";
      case "Delivers":
        return `commitment:${commitment++}`;
      case "Respond":
      case "Cadence":
      case "Expect":
        return `obligation:${obligation++}`;
      case "Plan":
        return "plan";
      default:
        return "other";
    }
  };
}

/** The notes of a parsed program, by statement key. */
export function collectNotes(program: A.Program, text: string): Notes {
  const key = keyer();
  const statements = program.statements.map((s) => ({ start: s.range.start, end: s.range.end, key: key(s) }));
  const notes: Notes = new Map();
  // runs of consecutive note lines (nothing but whitespace between them)
  let run: { lines: string[]; start: number; end: number } | null = null;
  const flush = () => {
    if (!run) return;
    const owner =
      statements.find((s) => s.start <= run!.start && run!.end <= s.end) ?? statements.find((s) => s.start >= run!.end);
    const k = owner?.key ?? "closing";
    const paragraphs = toParagraphs(run.lines);
    if (paragraphs.length) notes.set(k, [...(notes.get(k) ?? []), ...paragraphs]);
    run = null;
  };
  for (const c of program.comments) {
    const t = noteText(c.text);
    if (t === null) {
      flush();
      continue;
    }
    // anything but blank space between two notes (a statement, a clause) ends the first run
    if (run) {
      const gap = text.slice(run.end, c.range.start);
      if (/\S/.test(gap)) flush();
      else if (/\n[ \t\r]*\n/.test(gap)) run.lines.push("");
    }
    if (!run) run = { lines: [], start: c.range.start, end: c.range.end };
    run.lines.push(t);
    run.end = c.range.end;
  }
  flush();
  return notes;
}

/** Lines into paragraphs: an empty line separates; lines of a paragraph are joined with spaces. */
function toParagraphs(lines: string[]): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  for (const l of lines) {
    if (l.trim() === "") {
      if (cur.length) out.push(cur.join(" "));
      cur = [];
    } else cur.push(l.trim());
  }
  if (cur.length) out.push(cur.join(" "));
  return out;
}
