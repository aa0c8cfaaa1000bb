// Collection: the symbol tables of the model (fields, terms, classifiers,
// teams, calendars, the one-off statements) and the duplicates among them.
import type * as A from "../ast.ts";
import { fieldType, TYPE_WORDS } from "../vocabulary.ts";
import type { CheckContext, FieldInfo } from "./context.ts";

export function collect(cx: CheckContext): void {
  const m = cx.m;
  const seen = new Map<string, Map<string, A.Ident>>();
  const unique = (space: string, id: A.Ident, what: string): boolean => {
    let names = seen.get(space);
    if (!names) seen.set(space, (names = new Map()));
    const prev = names.get(id.name);
    if (prev) {
      cx.report("SLA202", id.range, `${what} '${id.name}' is already declared`, "rename one of them");
      return false;
    }
    names.set(id.name, id);
    return true;
  };
  const once = new Map<string, A.Statement>();
  for (const s of cx.program.statements) {
    switch (s.kind) {
      case "Sla":
      case "Owner":
      case "Effective":
      case "Timezone": {
        const prev = once.get(s.kind);
        if (prev) cx.report("SLA102", s.range, `'${s.kind.toLowerCase()}' may appear only once`);
        else once.set(s.kind, s);
        break;
      }
      case "Calendar":
        if (unique("calendar", s.name, "calendar")) m.calendars.set(s.name.name, s);
        break;
      case "Fields":
        for (const f of s.fields) {
          if (!unique("expr", f.name, "field")) continue;
          const info = fieldInfo(cx, f);
          if (info) m.fields.set(f.name.name, info);
        }
        break;
      case "Define":
        if (unique("expr", s.name, "term")) m.terms.set(s.name.name, s);
        break;
      case "Segment":
        if (unique("segment", s.name, "segment")) m.segments.push(s);
        break;
      case "Persona":
        if (unique("persona", s.name, "persona")) m.personas.push(s);
        break;
      case "Action":
        if (unique("action", s.name, "action")) m.actions.push(s);
        break;
      case "Team":
        if (unique("team", s.name, "team")) m.teams.set(s.name.name, s);
        break;
      case "Value":
        if (m.value) cx.report("SLA102", s.range, "'value' may appear only once");
        else m.value = s;
        break;
      case "Plan":
        if (m.plan) cx.report("SLA102", s.range, "'plan' may appear only once");
        else m.plan = s;
        break;
      case "Delivers":
        m.delivers.push(s);
        break;
      case "Respond":
      case "Cadence":
      case "Expect":
        m.obligations.push(s);
        break;
    }
  }
  const get = <K extends A.Statement["kind"]>(k: K) => once.get(k) as Extract<A.Statement, { kind: K }> | undefined;
  m.header.name = get("Sla")?.name.value ?? null;
  m.header.owner = get("Owner")?.name.value ?? null;
  m.header.effective = get("Effective")?.date.value ?? null;
  const tz = get("Timezone");
  if (tz) m.header.timezone = tz.zone.value;
  const sla = get("Sla");
  if (sla && sla.name.value.trim() === "")
    cx.report("SLA101", sla.name.range, "the agreement's name is empty", 'e.g. sla "Inbound lead SLA"');
  if (!get("Sla"))
    cx.report(
      "SLA101",
      { start: 0, end: 0 },
      "missing the agreement's name",
      'start the file with: sla "Inbound lead SLA"',
    );
}

function fieldInfo(cx: CheckContext, f: A.FieldDecl): FieldInfo | null {
  if (f.type.name === "enum") {
    const values = f.type.values.map((v) => v.value);
    // the first value listed a second time (a Set, not indexOf: `one of` may list 100,000 values)
    const listed = new Set<string>();
    const dup = f.type.values.find((v) => listed.size === listed.add(v.value).size);
    if (dup) cx.report("SLA202", dup.range, `value "${dup.value}" is listed twice`);
    return { name: f.name.name, type: "enum", values, decl: f };
  }
  const t = fieldType(f.type.name);
  if (!t) {
    cx.reportUnknown(
      "SLA207",
      f.type.range,
      `unknown type '${f.type.name}'`,
      cx.suggest("types", f.type.name, () => TYPE_WORDS),
      'types are number, text, yes/no, date, money, or one of "a", "b"',
    );
    return null;
  }
  return { name: f.name.name, type: t, values: [], decl: f };
}
