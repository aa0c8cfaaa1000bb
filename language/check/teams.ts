// Teams: one manager, at least one member, no member twice.
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
      if (seen.has(m.name)) cx.report("SLA436", m.range, `'${m.name}' is listed twice in team '${t.name.name}'`);
      seen.add(m.name);
    }
  }
}
