// Teams: one manager, at least one member, no member twice; and people:
// every spelling of a person (their name and aliases, matched ignoring case
// and surrounding spaces) names exactly one person across all teams.
import type * as A from "../ast.ts";
import { personKey } from "../people.ts";
import type { CheckContext } from "./context.ts";

export function checkTeams(cx: CheckContext): void {
  for (const s of cx.program.statements)
    if (s.kind === "Team" && s.managers.length > 1)
      cx.report(
        "SLA102",
        s.managers[1].range,
        `team '${s.name.name}' already has a manager (${s.managers[0].name})`,
        "a team has one manager",
      );
  for (const t of cx.m.teams.values()) {
    if (t.members.length === 0)
      cx.report("SLA435", t.name.range, `team '${t.name.name}' has no members`, "add a line like: members ana, ben");
    const seen = new Set<string>();
    for (const m of t.members) {
      if (seen.has(m.name))
        cx.report("SLA436", m.written.range, `'${m.name}' is listed twice in team '${t.name.name}'`);
      seen.add(m.name);
    }
  }
  checkPeople(cx);
}

/** Who a spelling belongs to, and where that was first said. */
interface Owner {
  person: string;
  team: string;
  alias: boolean;
}

function checkPeople(cx: CheckContext): void {
  const spellings = new Map<string, Owner>();
  for (const t of cx.m.teams.values())
    for (const p of [...t.members, ...(t.manager ? [t.manager] : [])]) {
      claim(cx, spellings, p.name, p.written.range, { person: p.name, team: t.name.name, alias: false });
      for (const a of p.aliases)
        claim(cx, spellings, a.value, a.range, { person: p.name, team: t.name.name, alias: true });
    }
}

function claim(cx: CheckContext, spellings: Map<string, Owner>, text: string, range: A.Range, who: Owner): void {
  const key = personKey(text);
  if (key === "") {
    cx.report("SLA208", range, "an empty name names nobody", "write the name the CRM uses for this rep");
    return;
  }
  const prev = spellings.get(key);
  if (!prev) {
    spellings.set(key, who);
    return;
  }
  if (prev.person === who.person) return;
  const what = prev.alias ? `an alias of '${prev.person}'` : `the rep '${prev.person}'`;
  const help = !who.alias
    ? `if this is ${prev.person}, write '${prev.person}' here; otherwise use another spelling`
    : "an alias must name one person: remove it from one of them";
  const fixes =
    !who.alias && /^[A-Za-z_][A-Za-z0-9_]*$/.test(prev.person)
      ? [{ title: `Replace with ${prev.person}`, edits: [{ range, newText: prev.person }] }]
      : undefined;
  cx.report(
    "SLA208",
    range,
    `'${text}' is already ${what} (team '${prev.team}'); owners and touches are matched by name ignoring case`,
    help,
    fixes,
  );
}
