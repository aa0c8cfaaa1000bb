// The outline of a spec: its statements as a tree (blocks hold their
// fields, reps or plan lines), for the editor's outline and "go to symbol".
import type * as A from "../ast.ts";
import { windowText } from "../vocabulary.ts";
import { analyze, type Doc, sourceOf } from "./document.ts";
import { guarded } from "./guard.ts";
import type { OutlineItem, OutlineKind, Range } from "./types.ts";

/** The outline of `text`, in source order. Never throws. */
export function outline(text: string): OutlineItem[] {
  return guarded([], () => {
    const doc = analyze(text);
    return doc.ast.statements.map((s) => statementItem(doc, s));
  });
}

function item(
  name: string,
  kind: OutlineKind,
  range: Range,
  selectionRange: Range = range,
  detail = "",
  children: OutlineItem[] = [],
): OutlineItem {
  return { name: name || "(unnamed)", kind, detail, range, selectionRange, children };
}

function statementItem(doc: Doc, s: A.Statement): OutlineItem {
  const oneLine = (r: Range) => {
    const t = sourceOf(doc, r).replace(/\s+/g, " ").trim();
    return t.length > 80 ? `${t.slice(0, 79)}…` : t;
  };
  switch (s.kind) {
    case "Sla":
      return item(s.name.value, "header", s.range, s.name.range, "sla");
    case "Owner":
      return item(s.name.value, "header", s.range, s.name.range, "owner");
    case "Effective":
      return item(s.date.value, "header", s.range, s.date.range, "effective");
    case "Timezone":
      return item(s.zone.value, "header", s.range, s.zone.range, "timezone");
    case "Calendar":
      return item(s.name.name, "calendar", s.range, s.name.range, "calendar");
    case "Fields":
      return item(
        "fields",
        "fields",
        s.range,
        { start: s.range.start, end: s.range.start + "fields".length },
        `${s.fields.length} fields`,
        s.fields.map((f) => item(f.name.name, "field", f.range, f.name.range, oneLine(f.type.range))),
      );
    case "Define":
      return item(s.name.name, "term", s.range, s.name.range, s.when ? oneLine(s.when.range) : "");
    case "Segment":
    case "Persona":
    case "Action":
      return item(
        s.name.name,
        s.kind === "Segment" ? "segment" : s.kind === "Persona" ? "persona" : "action",
        s.range,
        s.name.range,
        s.otherwise ? "otherwise" : s.when ? oneLine(s.when.range) : "",
      );
    case "Team":
      return item(s.name.name, "team", s.range, s.name.range, `${s.members.length} members`, [
        ...s.members.map((p) => item(p.name, "person", p.range, p.written.range, "member")),
        ...s.managers.map((p) => item(p.name, "person", p.range, p.written.range, "manager")),
      ]);
    case "Value":
      return item("value", "value", s.range, keywordRange(s.range, "value"), "value chart");
    case "Delivers":
      return item(oneLine(s.range), "commitment", s.range, s.term.range, "commitment");
    case "Respond":
      return item(
        `respond to ${s.segment.name}${s.within ? ` within ${windowText(s.within)}` : ""}`,
        "obligation",
        s.range,
        s.segment.range,
        "obligation",
      );
    case "Cadence":
      return item(
        `cadence ${s.segment.name} ${s.touches.text} touches${s.within ? ` within ${windowText(s.within)}` : ""}`,
        "obligation",
        s.range,
        s.segment.range,
        "obligation",
      );
    case "Expect":
      return item(
        `expect ${s.events.map((e) => e.name).join(" or ")}${s.after ? ` after ${s.after.name}` : ""}`,
        "obligation",
        s.range,
        s.events[0]?.range ?? keywordRange(s.range, "expect"),
        "obligation",
      );
    case "Plan":
      return item(
        "plan",
        "plan",
        s.range,
        keywordRange(s.range, "plan"),
        "funnel math",
        s.lines.map((l) => item(oneLine(l.range), "plan", l.range)),
      );
  }
}

function keywordRange(r: Range, word: string): Range {
  return { start: r.start, end: Math.min(r.end, r.start + word.length) };
}
