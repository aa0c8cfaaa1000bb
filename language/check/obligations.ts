// Obligations (respond, cadence, expect): the segment and events they name,
// their window, and their clauses (target, warn at, pause while, on breach).
import type * as A from "../ast.ts";
import { editDistance } from "../diagnostics.ts";
import { windowText } from "../vocabulary.ts";
import type { CheckContext } from "./context.ts";
import { checkExpr, replaceWith } from "./expressions.ts";
import { checkWindow } from "./windows.ts";

type Obligation = A.RespondStmt | A.CadenceStmt | A.ExpectStmt;

/** The IR id an obligation compiles to, before de-duplication (null when parts are missing). */
export function obligationKey(o: Obligation): string | null {
  if (o.kind === "Respond") return `respond ${o.segment.name}`;
  if (o.kind === "Cadence") return `cadence ${o.segment.name}`;
  if (!o.after) return null;
  return `expect ${o.events.map((e) => e.name).join(" or ")} after ${o.after.name}${o.segment ? ` for ${o.segment.name}` : ""}`;
}

const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

export function checkObligations(cx: CheckContext): void {
  const hasManager = [...cx.m.teams.values()].some((t) => t.manager);
  const ids = new Map<string, A.Statement>();
  for (const o of cx.m.obligations) {
    // Two rules for one segment are fine when their windows differ
    // (5m at 80% and 1h at 99%); the same rule twice is a mistake.
    const id = obligationKey(o);
    if (id !== null && o.within) {
      const key = `${id} within ${windowText(o.within)}${byKey(o)}`;
      if (ids.has(key))
        cx.report(
          "SLA202",
          o.range,
          `this obligation is already declared (${key})`,
          "remove one, or change its window",
        );
      else ids.set(key, o);
    }
    if (o.kind === "Expect")
      for (const e of [...o.events, ...(o.after ? [o.after] : [])]) {
        if (e.name === "rep.away")
          cx.report("SLA430", e.range, `'rep.away' is about a rep, not a lead; expect rules follow lead events`);
        else if (e.name !== "touch" && !EVENT_TYPE.test(e.name)) {
          const lower = e.name.toLowerCase();
          const casing = /^[a-z]/i.test(e.name) && e.name.includes(".");
          cx.report(
            "SLA430",
            e.range,
            `'${e.name}' is not a valid event type`,
            casing
              ? `event types are lowercase, like ${lower}`
              : "event types are dotted names like demo.started, or touch",
            casing && EVENT_TYPE.test(lower) ? [replaceWith(e.range, lower)] : undefined,
          );
        }
      }
    if (o.kind === "Respond" || o.kind === "Cadence") segmentRef(cx, o.segment);
    if (o.kind === "Expect" && o.segment) segmentRef(cx, o.segment);
    if (o.kind === "Cadence" && (!Number.isInteger(o.touches.value) || o.touches.value < 1))
      cx.report("SLA426", o.touches.range, "a cadence needs a whole number of touches, at least 1");
    if (o.kind === "Expect" && o.after && o.events.some((e) => e.name === o.after!.name))
      cx.report(
        "SLA429",
        o.after.range,
        `'${o.after.name}' both starts the clock and meets it`,
        "name a different event after 'after'",
      );
    if (o.within) checkWindow(cx, o.within);
    checkClauses(cx, o, hasManager);
  }
}

function checkClauses(cx: CheckContext, o: Obligation, hasManager: boolean): void {
  const seen = new Set<string>();
  for (const c of o.clauses) {
    const key = c.kind === "By" ? byClauseSort(c) : c.kind;
    if (seen.has(key)) cx.report("SLA425", c.range, `this obligation already has a '${clauseWord(c)}' clause`);
    seen.add(key);
    switch (c.kind) {
      case "Target":
        if (!(c.value.value > 0 && c.value.value <= 1))
          cx.report(
            "SLA422",
            c.value.range,
            `target ${c.value.text} is out of range`,
            "a target is above 0% and at most 100%",
          );
        break;
      case "WarnAt":
        if (!(c.value.value > 0 && c.value.value < 1))
          cx.report(
            "SLA421",
            c.value.range,
            `warn at ${c.value.text} is out of range`,
            "warn at a share of the window between 0% and 100%, e.g. 80%",
          );
        checkActions(cx, c.actions, hasManager);
        break;
      case "PauseWhile":
        if (c.when) checkExpr(cx, c.when);
        break;
      case "OnBreach":
        checkActions(cx, c.actions, hasManager);
        break;
      case "By":
        checkBy(cx, o, c);
        break;
    }
  }
}

/** The actions of `on breach` or `warn at`: teams that exist, a manager to escalate to. */
function checkActions(cx: CheckContext, actions: A.BreachAction[], hasManager: boolean): void {
  for (const a of actions) {
    if (a.kind === "Reassign") {
      if (!cx.m.teams.has(a.team.name))
        cx.reportUnknown(
          "SLA206",
          a.team.range,
          `unknown team '${a.team.name}'`,
          cx.suggest("teams", a.team.name, () => cx.m.teams.keys()),
          "declare it with: team NAME { members ... }",
        );
    } else if (a.kind === "Escalate") {
      // Escalation goes to the manager of the team this clause reassigns to, if any.
      const re = actions.find((x): x is A.BreachAction & { kind: "Reassign" } => x.kind === "Reassign");
      const team = re ? cx.m.teams.get(re.team.name) : undefined;
      if (team && !team.manager)
        cx.report(
          "SLA427",
          a.range,
          `'escalate to manager' goes to team '${team.name.name}', which names no manager`,
          `add 'manager NAME' to team '${team.name.name}'`,
        );
      else if (!team && !hasManager)
        cx.report(
          "SLA427",
          a.range,
          "'escalate to manager' but no team names a manager",
          "add 'manager NAME' to a team",
        );
    }
  }
}

type ByClause = A.Clause & { kind: "By" };

/** A `by` clause names channels or people; one of each sort per obligation. */
function byClauseSort(c: ByClause): string {
  return c.items.some((i) => i.kind === "ByChannel") ? "By:channels" : "By:people";
}

function checkBy(cx: CheckContext, o: Obligation, c: ByClause): void {
  if (o.kind === "Expect" && !o.events.some((e) => e.name === "touch"))
    cx.report(
      "SLA462",
      c.range,
      "'by' says which touches count, but this rule is not met by a touch",
      "name touch among its events (expect touch within 1h after lead.assigned by owner), or remove 'by'",
    );
  const channels = c.items.filter((i) => i.kind === "ByChannel");
  if (channels.length && channels.length < c.items.length)
    cx.report(
      "SLA460",
      c.range,
      "a 'by' clause lists either channels or people, not both",
      "write two clauses, e.g. by call by owner (a touch must pass both)",
    );
  const seen = new Set<string>();
  for (const i of c.items) {
    const key = i.kind === "ByChannel" ? `c:${i.value.toLowerCase()}` : i.kind === "ByTeam" ? `t:${i.team.name}` : "o";
    if (seen.has(key)) cx.report("SLA464", i.range, "this is already listed in the 'by' clause");
    seen.add(key);
    if (i.kind === "ByTeam" && !cx.m.teams.has(i.team.name))
      cx.reportUnknown(
        "SLA206",
        i.team.range,
        `unknown team '${i.team.name}'`,
        cx.suggest("teams", i.team.name, () => cx.m.teams.keys()),
        "declare it with: team NAME { members ... }",
      );
    if (i.kind === "ByChannel") checkChannelWord(cx, i);
  }
}

/** Channel words are data (any word the CRM uses), but a misspelled keyword or a near-miss of a usual channel is flagged. */
function checkChannelWord(cx: CheckContext, i: A.ByItem & { kind: "ByChannel" }): void {
  if (i.value.trim() === "") {
    cx.report("SLA461", i.range, "an empty channel", "name a channel, e.g. by call");
    return;
  }
  if (i.quoted) return; // a quoted word is the data's own spelling: taken as written
  const w = i.value.toLowerCase();
  const keyword = PEOPLE_WORDS.find(
    (k) => w === k || (w.length >= 3 && editDistance(w, k, 2) <= (k.length > 4 ? 2 : 1)),
  );
  if (keyword) {
    const fix = keyword === "team" ? "team NAME" : keyword;
    cx.report(
      "SLA461",
      i.range,
      `'${i.value}' is read as a channel; did you mean '${fix}'?`,
      `people are 'owner' or 'team NAME'; a channel with this name is written as a string: "${i.value}"`,
      keyword === "owner"
        ? [{ title: "Replace with owner", edits: [{ range: i.range, newText: "owner" }] }]
        : undefined,
    );
    return;
  }
  if (COMMON_CHANNELS.includes(w)) return;
  const near = COMMON_CHANNELS.find((k) => editDistance(w, k, 1) <= 1 && w.length >= 3);
  if (near)
    cx.report(
      "SLA465",
      i.range,
      `channel '${i.value}' is close to the usual channel '${near}'`,
      `did you mean '${near}'? (if the data really says ${i.value}, write it as a string: "${i.value}")`,
      [{ title: `Replace with ${near}`, edits: [{ range: i.range, newText: near }] }],
    );
}

/** The words of `by` that name people (a plain word close to one of them is probably a typo). */
const PEOPLE_WORDS = ["owner", "team", "owners", "teams"];

/** Channel names CRMs commonly write; a word one edit away from one of them gets a did-you-mean. */
export const COMMON_CHANNELS = [
  "call",
  "email",
  "meeting",
  "sms",
  "chat",
  "voicemail",
  "linkedin",
  "text",
  "video",
  "social",
  "letter",
  "visit",
  "whatsapp",
];

/** The `by` clauses of an obligation, in a canonical form (for telling rules apart). */
function byKey(o: Obligation): string {
  const words: string[] = [];
  for (const c of o.clauses)
    if (c.kind === "By")
      for (const i of c.items)
        words.push(
          i.kind === "ByOwner" ? "owner" : i.kind === "ByTeam" ? `team ${i.team.name}` : i.value.toLowerCase(),
        );
  return words.length ? ` by ${[...new Set(words)].sort().join(" or ")}` : "";
}

function segmentRef(cx: CheckContext, id: A.Ident): void {
  if (cx.classifierNamed("Segment", id.name)) return;
  if (cx.m.terms.has(id.name)) {
    cx.report(
      "SLA203",
      id.range,
      `'${id.name}' is a defined term; obligations apply to segments`,
      `add: segment ${id.name.toLowerCase()}_leads when ${id.name}`,
    );
    return;
  }
  cx.reportUnknown(
    "SLA201",
    id.range,
    `unknown segment '${id.name}'`,
    cx.suggest("segments", id.name, () => cx.m.segments.map((x) => x.name.name)),
    "declare it with: segment NAME when ...",
  );
}

function clauseWord(c: A.Clause): string {
  switch (c.kind) {
    case "Target":
      return "target";
    case "WarnAt":
      return "warn at";
    case "PauseWhile":
      return "pause while";
    case "OnBreach":
      return "on breach";
    case "By":
      return byClauseSort(c) === "By:channels" ? "by CHANNEL" : "by PEOPLE";
  }
}
