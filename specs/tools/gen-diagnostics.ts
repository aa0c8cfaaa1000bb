// Generates specs/diagnostics.md from language/diagnostics.ts (CODES) and the
// checker's real output on the example snippets below. Run from /work/main:
//   npx tsx specs/tools/gen-diagnostics.ts > specs/diagnostics.md
import { readFileSync } from "node:fs";
import { compileSource } from "../../language/compile.ts";
import { CODES, type DiagnosticCode, renderText, toJson } from "../../language/diagnostics.ts";

interface Case {
  /** shown above the example, optional */
  note?: string;
  src: string;
  /** what to print instead of src when src is too long to show */
  shown?: string;
}
interface Doc {
  trigger: string;
  cases: Case[];
}

const HOT = `sla "Inbound"\nfields {\n  score: number\n}\nsegment hot when score >= 60\n`;
const CHART = `sla "Inbound"\nfields {\n  title: text\n  source: text\n}\npersona executive when title = "CEO"\npersona manager otherwise\naction demo when source = "demo"\naction content otherwise\n`;

const DOCS: Record<DiagnosticCode, Doc> = {
  SLA001: {
    trigger:
      "A character that starts no token of the language (`@`, `;`, `&`, a curly quote...). The lexer skips it and goes on, so later problems are still reported.",
    cases: [{ src: `sla "Inbound"\nowner "RevOps" @\n` }],
  },
  SLA002: {
    trigger:
      "The tokens do not fit the grammar: a keyword is missing or misplaced, a statement is incomplete, or a value is of the wrong kind for its place. The message names what was expected and what was found. The parser recovers at the next statement, so one run reports every syntax error; a syntax error on a line that already has an SLA001/SLA004 is not reported again.",
    cases: [{ src: `${HOT}respond to hot 5m\n` }, { src: `${HOT}respond to hot within soon\n` }],
  },
  SLA003: {
    trigger:
      'A string whose closing `"` is missing before the end of the line (strings cannot span lines). The help shows the string closed.',
    cases: [{ src: `sla "Inbound\ntimezone "America/New_York"\n` }],
  },
  SLA004: {
    trigger:
      "A word that starts with a digit but is no valid token (`5mins`, `12k`), a date that does not exist (`2027-02-30`; in `effective`, `closed` and comparisons), a time of day past 24:00 in `open`, or a number or amount too large to compute with (over about 1.8e308: more than 308 digits).",
    cases: [
      { src: `${HOT}respond to hot within 5mins\n` },
      { src: `sla "Inbound"\neffective 2027-02-30\n` },
      { src: `sla "Inbound"\ncalendar business {\n  open mon-fri 09:00-17:00\n  open sat 10:00-25:00\n}\n` },
    ],
  },
  SLA005: {
    trigger:
      "A condition nested more than 100 levels deep (parentheses and `not` together). Reported where the limit is crossed; the rest of that statement is skipped. Split the condition into defined terms.",
    cases: [
      {
        shown: `sla "Inbound"\nfields {\n  score: number\n}\ndefine hot when ((((((...30,000 levels...score > 1))))))...\n`,
        src: `sla "Inbound"\nfields {\n  score: number\n}\ndefine hot when ${"(".repeat(30000)}score > 1${")".repeat(30000)}\n`,
      },
    ],
  },
  SLA101: {
    trigger: 'The file has no `sla "NAME"` statement. Reported at the start of the file.',
    cases: [{ src: `timezone "America/New_York"\n` }],
  },
  SLA102: {
    trigger:
      "`sla`, `owner`, `effective`, `timezone`, `value` or `plan` appears a second time, or a team names a second `manager`. The later one is reported.",
    cases: [
      { src: `sla "Inbound"\ntimezone "America/New_York"\ntimezone "Europe/London"\n` },
      { src: `sla "Inbound"\nteam sdr {\n  members ana, ben\n  manager maria\n  manager mark\n}\n` },
    ],
  },
  SLA103: {
    trigger:
      "`timezone` names no IANA time zone. The help suggests the closest zone name. The SLA is then checked as if it were in UTC.",
    cases: [{ src: `sla "Inbound"\ntimezone "America/New_Yrok"\n` }],
  },
  SLA201: {
    trigger:
      "A name that is declared nowhere: a field or term in a condition, a segment in `respond`/`cadence`/`expect ... for`, or a term in a commitment. The help suggests the closest declared name (a likely typo) or how to declare it.",
    cases: [
      { src: `${HOT.replace("segment hot when score >= 60\n", "")}define MQL when scroe >= 60\n` },
      { src: `${HOT}respond to hto within 1h\n` },
    ],
  },
  SLA202: {
    trigger:
      "Two declarations with the same name in one namespace: fields and terms share one (a condition must know which is meant); segments, personas, actions, teams and calendars each have their own. Also a value listed twice in `one of`. The later declaration is reported.",
    cases: [
      {
        src: `${HOT.replace("segment hot when score >= 60\n", "")}define MQL when score >= 60\ndefine MQL when score >= 70\n`,
      },
    ],
  },
  SLA203: {
    trigger:
      "A name declared as something else than the place needs: a term where a segment is needed (`respond to MQL`), a segment where a commitment needs a term, a term compared like a field (`MQL >= 1`), or a segment, persona or team used in a condition.",
    cases: [
      {
        src: `${HOT.replace("segment hot when score >= 60\n", "")}define MQL when score >= 60\nsegment mqls when MQL\nrespond to MQL within 1h\n`,
      },
      {
        src: `${HOT.replace("segment hot when score >= 60\n", "")}define MQL when score >= 60\nsegment hot when MQL >= 1\n`,
      },
    ],
  },
  SLA204: {
    trigger:
      "Terms that depend on each other in a circle (directly or through other terms). Each cycle is reported once, at the first term of the cycle, with the whole path.",
    cases: [{ src: `sla "Inbound"\ndefine MQL when SQL\ndefine SQL when MQL\n` }],
  },
  SLA205: {
    trigger: "`N business ... on CAL` names a calendar that is not declared.",
    cases: [
      {
        src: `sla "Inbound"\ncalendar business {\n  open mon-fri 09:00-17:00\n}\nfields {\n  score: number\n}\nsegment hot when score >= 60\nrespond to hot within 4 business hours on emea\n`,
      },
    ],
  },
  SLA206: {
    trigger: "`reassign round robin TEAM` names a team that is not declared.",
    cases: [
      {
        src: `${HOT}team sdr {\n  members ana, ben\n}\nrespond to hot within 1h\n  on breach reassign round robin sdrs\n`,
      },
    ],
  },
  SLA207: {
    trigger: 'A field type other than `number`, `text`, `yes/no`, `date`, `money` or `one of "a", "b"`.',
    cases: [{ src: `sla "Inbound"\nfields {\n  employees: integer\n}\n` }],
  },
  SLA208: {
    trigger:
      "One spelling (a rep's name or an alias, compared ignoring case and extra spaces) names two different people: an alias given to two reps, a string member that is another rep's alias, or two names that differ only in case. Owners, touches' `by` and `rep.away` are matched to reps by any spelling, so each must name one person. Also an empty name or alias.",
    cases: [
      {
        src: `sla "Inbound"\nteam sdr {\n  members jen ("Jen Park", "jen@acme.com"), sam\n}\nteam ae {\n  members "Jen Park"\n}\n`,
      },
      { src: `sla "Inbound"\nteam sdr {\n  members jen ("j@acme.com"), sam ("J@ACME.COM")\n}\n` },
    ],
  },
  SLA209: {
    trigger:
      '`closed holidays` names a region the holiday data does not know: a country code like `"US"`, `"DE"`, `"GB"`, or a country-state code like `"US-CA"`. The help suggests the right spelling (upper case, a country name written as its code) when there is one.',
    cases: [
      {
        src: `sla "Inbound"\neffective 2027-01-01\ncalendar business {\n  open mon-fri 09:00-17:30\n  closed holidays "us"\n}\n`,
      },
      {
        src: `sla "Inbound"\neffective 2027-01-01\ncalendar business {\n  open mon-fri 09:00-17:30\n  closed holidays "US-XX"\n}\n`,
      },
    ],
  },
  SLA301: {
    trigger:
      'A literal of the wrong type for the field it is compared with (`employees >= "50"`, `arr >= 50000` on a money field, `consented = "yes"` on a yes/no field), or a text match (`contains`, `starts with`, `ends with`) given something other than a string. The help shows the literal written the right way when there is one.',
    cases: [
      { src: `sla "Inbound"\nfields {\n  employees: number\n}\ndefine big when employees >= "50"\n` },
      { src: `sla "Inbound"\nfields {\n  arr: money\n}\ndefine big when arr >= 50000\n` },
    ],
  },
  SLA302: {
    trigger:
      "A string compared with a `one of` field that is not one of its values (enum values are exact and case-sensitive). The help suggests the closest value, or lists them all.",
    cases: [
      {
        src: `sla "Inbound"\nfields {\n  source: one of "demo", "trial", "webinar"\n}\nsegment demos when source = "dmeo"\n`,
      },
      {
        src: `sla "Inbound"\nfields {\n  source: one of "demo", "trial", "webinar"\n}\nsegment demos when source = "demo request"\n`,
      },
    ],
  },
  SLA303: {
    trigger:
      "An ordering comparison (`<`, `<=`, `>`, `>=`) on a text, `one of` or yes/no field, or a text match (`contains`, `starts with`, `ends with`) on a field that is not text or `one of`.",
    cases: [
      { src: `sla "Inbound"\nfields {\n  title: text\n}\nsegment execs when title >= "CEO"\n` },
      { src: `sla "Inbound"\nfields {\n  score: number\n}\nsegment hot when score contains "9"\n` },
    ],
  },
  SLA304: {
    trigger:
      "A field that is not yes/no used on its own as a condition. Only defined terms and yes/no fields are conditions by themselves; the help shows a comparison for the field's type.",
    cases: [{ src: `${HOT.replace("segment hot when score >= 60\n", "")}segment hot when score\n` }],
  },
  SLA401: {
    trigger:
      "A segment, persona or action declared after the `otherwise` of its list. First match wins, and `otherwise` matches everything, so the later one can never match.",
    cases: [
      {
        src: `${HOT.replace("segment hot when score >= 60\n", "")}segment everyone otherwise\nsegment hot when score >= 60\n`,
      },
    ],
  },
  SLA402: {
    trigger:
      "A segment, persona or action whose condition implies the condition of an earlier one in the same list, so every lead it would match is taken by the earlier one (first match wins). The check expands terms and compares the conditions' disjunctive normal forms: it never reports a false positive, but it may miss subtle cases (it does not reason about number ranges, for example).",
    cases: [
      {
        src: `sla "Inbound"\nfields {\n  score: number\n  source: text\n}\nsegment hot when score >= 60\nsegment hot_demos when score >= 60 and source = "demo"\n`,
      },
    ],
  },
  SLA404: {
    trigger:
      "The shadowing check (SLA402) has a fixed budget of work (20,000,000 steps), so that `sla check` stays fast on any input. A list of hundreds of classifiers with large, overlapping conditions can use it up; the check then stops, says from which classifier on it did not look, and everything else is still checked. Conditions whose normal form would have more than 64 conjunctions or 1,024 atoms are never compared (they cannot be shown shadowed, nor shadow others).",
    cases: [
      {
        note: "170 segments, each a different pairing of twelve yes/no fields into six `or`s (64 conjunctions each):",
        shown: `sla "x"\nfields {\n  u0: yes/no\n  ...\n  u11: yes/no\n}\nsegment s0 when (u3 or u7) and (u0 or u5) and ...\n...\nsegment s169 when ...\n`,
        src: readFileSync(new URL("../../test/fixtures/diagnostics/SLA404.sla", import.meta.url), "utf8").replace(
          /^#.*\n/,
          "",
        ),
      },
    ],
  },
  SLA403: {
    trigger: "A second `otherwise` in the same list (segments, personas or actions).",
    cases: [{ src: `sla "Inbound"\nsegment rest otherwise\nsegment others otherwise\n` }],
  },
  SLA411: {
    trigger:
      "The value chart does not match the personas and actions: no persona or action statements at all, a column that is not an action, an action without a column, a row that is not a persona, a persona without a row, a name listed twice, or a row with more or fewer cells than there are columns.",
    cases: [
      { src: `${CHART}value {\n  columns demo, content\n  executive: $100, $10\n  manger: $40, $4\n}\n` },
      { src: `${CHART}value {\n  columns demo, content\n  executive: $100, $10, $1\n  manager: $40, $4\n}\n` },
    ],
  },
  SLA412: {
    trigger: "A value chart cell written as a plain number; cells are amounts of money.",
    cases: [{ src: `${CHART}value {\n  columns demo, content\n  executive: $100, 10\n  manager: $40, $4\n}\n` }],
  },
  SLA413: {
    trigger:
      "A value commitment (`marketing delivers $X in TERM per PERIOD`) in a file without a `value { ... }` chart: there is nothing to add up.",
    cases: [
      {
        src: `${HOT.replace("segment hot when score >= 60\n", "")}define MQL when score >= 60\nmarketing delivers $84,000 in MQL per month\n`,
      },
    ],
  },
  SLA421: {
    trigger:
      "`warn at` outside (0%, 100%): a warning at 0% or at 100% of the window is meaningless (100% is the breach itself).",
    cases: [{ src: `${HOT}respond to hot within 1h\n  warn at 100%\n` }],
  },
  SLA422: {
    trigger: "`target` not above 0% or above 100%; also a plan conversion rate outside (0%, 100%].",
    cases: [
      { src: `${HOT}respond to hot within 1h\n  target 120%\n` },
      { src: `sla "Inbound"\nplan {\n  volume 3000 per year\n  lead to customer 0%\n}\n` },
    ],
  },
  SLA423: {
    trigger:
      "A window of zero (`0m`, `0 business hours`), shorter than one second (`500ms`), or longer than 1,830 days (about five years). In business time the longest window is five years of the calendar's open time (on `open mon-fri 09:00-17:30`, 11,089 business hours): a replay walks the calendar until the window is used up, so this also bounds its work.",
    cases: [
      { src: `${HOT}respond to hot within 0m\n` },
      { src: `${HOT}respond to hot within 500ms\n` },
      { src: `${HOT}respond to hot within 100000 days\n` },
      {
        src: `sla "Inbound"\ncalendar business {\n  open mon-fri 09:00-17:30\n}\nfields {\n  score: number\n}\nsegment hot when score >= 60\nrespond to hot within 100000000 business hours\n`,
      },
    ],
  },
  SLA424: {
    trigger:
      "Business time without a calendar to count it on: `N business ...` with no `on CAL` when no calendar is named `business`; or `on CAL` after a calendar-time window (`24 hours on emea`), which has no calendar to use.",
    cases: [
      { src: `${HOT}respond to hot within 24 business hours\n` },
      {
        src: `sla "Inbound"\ncalendar emea {\n  open mon-fri 08:00-16:00\n}\nfields {\n  score: number\n}\nsegment hot when score >= 60\nrespond to hot within 24 hours on emea\n`,
      },
    ],
  },
  SLA425: {
    trigger:
      "An obligation with two clauses of the same kind (`target`, `warn at`, `pause while` or `on breach`). Put several breach actions in one `on breach`, separated by commas.",
    cases: [{ src: `${HOT}respond to hot within 1h\n  target 95%\n  target 99%\n` }],
  },
  SLA426: {
    trigger: "`cadence SEGMENT N touches` with N not a whole number of at least 1.",
    cases: [{ src: `${HOT}cadence hot 0 touches within 15d\n` }],
  },
  SLA427: {
    trigger:
      "`escalate to manager` in a file where no team names a `manager`: the escalation would have no one to go to.",
    cases: [
      { src: `${HOT}team sdr {\n  members ana, ben\n}\nrespond to hot within 1h\n  on breach escalate to manager\n` },
    ],
  },
  SLA428: {
    trigger:
      "A window unit other than minute(s), hour(s), day(s), week(s); or `business weeks` (business time is counted in minutes, hours or days).",
    cases: [
      { src: `${HOT}respond to hot within 2 fortnights\n` },
      {
        src: `sla "Inbound"\ncalendar business {\n  open mon-fri 09:00-17:00\n}\nfields {\n  score: number\n}\nsegment hot when score >= 60\nrespond to hot within 2 business weeks\n`,
      },
    ],
  },
  SLA430: {
    trigger:
      "An `expect` rule names an event type that no event can have: custom event types are lowercase dotted names (`demo.started`); the built-in lead events `lead.created`, `lead.updated`, `lead.assigned` and `touch` may also be named, `rep.away` may not (it is about a rep, not a lead).",
    cases: [{ src: `sla "Inbound"\nexpect Demo.Held within 13m after demo.started\n` }],
  },
  SLA429: {
    trigger:
      "An `expect` rule whose `after` event is also one of the events that meet it. The meeting event is applied first, so the rule's own start event would meet the previous clock and start a new one; this is almost always a typo.",
    cases: [{ src: `sla "Inbound"\nexpect demo.held or demo.started within 13m after demo.started\n` }],
  },
  SLA431: {
    trigger:
      "A calendar without a single valid `open` rule: it would never be open, so business time on it would never pass. Also reported when the only `open` rules are invalid (SLA004, SLA432, SLA433).",
    cases: [{ src: `sla "Inbound"\ncalendar business {\n  closed 2027-12-25\n}\n` }],
  },
  SLA432: {
    trigger:
      "A day name that is not mon..sun, monday..sunday, weekdays, weekends or daily (case-insensitive); or a range whose end is a group (`weekdays-fri`).",
    cases: [
      { src: `sla "Inbound"\ncalendar business {\n  open mon-fir 09:00-17:00\n  open sat 10:00-14:00\n}\n` },
      { src: `sla "Inbound"\ncalendar business {\n  open mon-fri 09:00-17:00\n  open weekdays-fri 18:00-20:00\n}\n` },
    ],
  },
  SLA433: {
    trigger:
      "Open hours that end at or before they start (`17:00-09:00`; overnight hours are two rules), or a holiday range that ends before it starts.",
    cases: [
      { src: `sla "Inbound"\ncalendar business {\n  open mon-fri 09:00-17:00\n  open sat 17:00-09:00\n}\n` },
      { src: `sla "Inbound"\ncalendar business {\n  open mon-fri 09:00-17:00\n  closed 2027-12-31 - 2027-12-24\n}\n` },
    ],
  },
  SLA434: {
    trigger:
      "The same holiday (or the same holiday range) listed twice in one calendar. Harmless, but usually a copy-paste slip.",
    cases: [
      { src: `sla "Inbound"\ncalendar business {\n  open mon-fri 09:00-17:00\n  closed 2027-12-25, 2027-12-25\n}\n` },
    ],
  },
  SLA435: {
    trigger: "A team without a `members` line (or with an empty one): round robin would have no one to pick.",
    cases: [{ src: `sla "Inbound"\nteam sdr {\n  manager maria\n}\n` }],
  },
  SLA436: {
    trigger: "A rep listed twice in one team (they would get two turns in the rotation).",
    cases: [{ src: `sla "Inbound"\nteam sdr {\n  members ana, ben, ana\n}\n` }],
  },
  SLA441: {
    trigger: "A period other than `month`, `quarter` or `year` in a commitment or a plan line.",
    cases: [
      {
        src: `${HOT.replace("segment hot when score >= 60\n", "")}define MQL when score >= 60\nmarketing delivers 300 MQL per quater\n`,
      },
    ],
  },
  SLA442: {
    trigger:
      "A commitment goal of zero (or a count that is not a whole number), or a plan revenue, average deal or volume of zero.",
    cases: [
      {
        src: `${HOT.replace("segment hot when score >= 60\n", "")}define MQL when score >= 60\nmarketing delivers 0 MQL per month\n`,
      },
      {
        src: `${HOT.replace("segment hot when score >= 60\n", "")}define MQL when score >= 60\nmarketing delivers 2.5 MQL per month\n`,
      },
    ],
  },
  SLA451: {
    trigger:
      "Plan stages that do not chain: each `A to B N%` line must start at the stage the previous one ended with.",
    cases: [
      {
        src: `sla "Inbound"\nplan {\n  revenue $1,000,000 per year\n  average deal $10,000\n  lead to opportunity 70%\n  opp to customer 50%\n}\n`,
      },
    ],
  },
  SLA452: {
    trigger:
      "A plan that cannot be computed: a revenue goal without `average deal`, neither a revenue goal nor a volume, both of them, or no stage line at all.",
    cases: [
      { src: `sla "Inbound"\nplan {\n  revenue $1,000,000 per year\n  lead to customer 10%\n}\n` },
      { src: `sla "Inbound"\nplan {\n  average deal $10,000\n  lead to customer 10%\n}\n` },
    ],
  },
  SLA453: {
    trigger: "`revenue`, `average deal` or `volume` given twice in one plan.",
    cases: [
      { src: `sla "Inbound"\nplan {\n  volume 3000 per year\n  volume 4000 per year\n  lead to customer 10%\n}\n` },
    ],
  },
  SLA480: {
    trigger:
      "A `marketing delivers N TERM per PERIOD` whose term is also a stage of a plan that starts from a revenue goal, with N below what the plan needs of that stage per period (section 9 of the reference: rounded up). The plan cannot be reached on that commitment: raise it, or change the plan's goal or rates. A plan that starts from a volume is a forecast and sets no floor.",
    cases: [
      {
        note: "$1,200,000 a year at $10,000 a deal is 120 customers; / 25% is 480 SQLs; / 10% is 4,800 MQLs a year, 400 a month.",
        src: `sla "Inbound"\nfields {\n  score: number\n}\ndefine MQL when score >= 50\ndefine SQL when score >= 80\nmarketing delivers 350 MQL per month\nplan {\n  revenue $1,200,000 per year\n  average deal $10,000\n  MQL to SQL 10%\n  SQL to customer 25%\n}\n`,
      },
    ],
  },
  SLA460: {
    trigger:
      "A `by` clause lists channels and people together (`by call or owner`). Write one clause for each: `by call by owner` means a call by the owner.",
    cases: [{ src: `${HOT}respond to hot within 5m\n  by call or owner\n` }],
  },
  SLA461: {
    trigger:
      'A plain word in `by` that is close to `owner` or `team` (`ownr`, `Owner`, `teams`): it would be read as a channel name. A channel that really has such a name is written as a string (`by "owners"`). Also an empty channel string.',
    cases: [{ src: `${HOT}respond to hot within 5m\n  by ownr\n` }],
  },
  SLA462: {
    trigger:
      "`by` on an `expect` rule none of whose meeting events is `touch`: `by` says which touches count, and such a rule is met by custom events only.",
    cases: [{ src: `sla "Inbound"\nexpect demo.held within 13m after demo.started\n  by owner\n` }],
  },
  SLA463: {
    trigger:
      "`closed holidays` in a spec without `effective`: the public holidays are listed for the effective year -1 to +3, so the spec needs an effective date to know which years.",
    cases: [{ src: `sla "Inbound"\ncalendar business {\n  open mon-fri 09:00-17:30\n  closed holidays "US"\n}\n` }],
  },
  SLA464: {
    trigger: "A `by` clause names the same channel (ignoring case), team or `owner` twice.",
    cases: [{ src: `${HOT}respond to hot within 5m\n  by call or email or Call\n` }],
  },
  SLA465: {
    trigger:
      "A channel word one letter away from a usual channel name (call, email, meeting, sms, chat, voicemail, linkedin, text, video, social, letter, visit, whatsapp). Channels are data words, so this is a warning; if the data really uses that word, write it as a string.",
    cases: [{ src: `${HOT}cadence hot 6 touches within 10d\n  by emial\n` }],
  },
};

const FILE = "inbound.sla";
let out = "";
const p = (s = "") => (out += s + "\n");

const codes = Object.keys(CODES) as DiagnosticCode[];
for (const c of codes) if (!DOCS[c]) throw new Error(`no documentation for ${c}`);
for (const c of Object.keys(DOCS)) if (!(c in CODES)) throw new Error(`${c} is documented but not in CODES`);

p("# Diagnostics");
p();
p("Every problem `sla check` reports (and `sla compile`, `sla simulate` and the");
p("playground, which run the same checker) has a stable code, a severity and a");
p("precise location. This page lists every code of `CODES` in");
p("`language/diagnostics.ts`, what triggers it, and the checker's exact output on an");
p("example. The language itself is described in [reference.md](reference.md).");
p();
p("- **error**: the file is not a valid agreement. Nothing is compiled; `sla check` exits 1.");
p("- **warning**: the file compiles and runs, but something is almost certainly not what");
p("  the author meant. `sla check` exits 0 (1 with `--strict`).");
p();
p("Codes are grouped by hundreds: 0xx syntax, 1xx header, 2xx names, 3xx types, 40x");
p("classification, 41x value chart, 42x obligations, 43x calendars and teams, 44x");
p("commitments, 45x plan. Codes are stable: scripts and CI rules may match on them.");
p();
p("## Output formats");
p();
p("### Text (default)");
p();
p("One block per diagnostic, sorted by position in the file:");
p();
p("```");
p("FILE:LINE:COL: error|warning CODE: message");
p("  |");
p("N | the source line");
p("  |     ^^^^ (carets under the span)");
p("  = help: a concrete fix (only when there is one)");
p("```");
p();
p("`LINE` and `COL` are 1-based; `COL` counts characters. The carets cover the");
p("offending span (to the end of the line when the span runs over several lines). The");
p("gutter is as wide as the line number. With `--color` (or on a terminal, unless");
p("`NO_COLOR` is set or `--no-color` is given) the location is bold, `error` red,");
p("`warning` yellow and the carets cyan. After all files, a summary goes to stderr when there were");
p("problems or several files: `N files checked: E errors, W warnings`.");
p();
const exampleSrc = `sla "Inbound"\nfields {\n  source: one of "demo", "trial", "webinar"\n  score: number\n}\nsegment demos when source = "dmeo" and score >= "60"\n`;
const exampleDs = compileSource(exampleSrc).diagnostics;
p("For example, for this file:");
p();
p("```sla");
out += exampleSrc;
p("```");
p();
p("`sla check inbound.sla` prints:");
p();
p("```");
out += renderText(FILE, exampleSrc, exampleDs);
p("```");
p();
p("### JSON (`--format json`)");
p();
p("`sla check --format json FILE...` prints one JSON document on stdout (nothing else):");
p();
p("```json");
p(
  JSON.stringify(
    {
      files: 1,
      errors: exampleDs.filter((d) => d.severity === "error").length,
      warnings: exampleDs.filter((d) => d.severity === "warning").length,
      diagnostics: toJson(FILE, exampleSrc, exampleDs),
      fileErrors: [],
    },
    null,
    2,
  ),
);
p("```");
p();
p("| key | meaning |");
p("|---|---|");
p("| `files` | number of `.sla` files checked |");
p("| `errors`, `warnings` | totals over all files |");
p("| `diagnostics[]` | one object per diagnostic, in file order then position order |");
p("| `file` | the file's path, relative to the current directory when it is inside it; `<stdin>` for `-` |");
p("| `line`, `column` | 1-based start of the span |");
p("| `endLine`, `endColumn` | 1-based position just after the span (exclusive end) |");
p('| `severity` | `"error"` or `"warning"` |');
p('| `code` | the code, e.g. `"SLA302"` |');
p("| `message` | the message, as in the text format |");
p("| `help` | the suggested fix; absent when there is none |");
p("| `fixes[]` | the problem's structured fixes (below); absent when there is none |");
p("| `fileErrors[]` | messages for files that were found but could not be checked (binary, larger than 8 MiB) |");
p("| `fixed[]` | with `--fix` only: `{ file, fixes }` for every file rewritten, with the number of fixes applied |");
p();
p("### Fixes");
p();
p("Where the fix is certain, a diagnostic carries it as data, not only as help text:");
p("`fixes` is a list of `{ title, edits }`, each edit replacing a span of the file with");
p("`newText` (an empty span inserts). In JSON an edit gives its span both as 1-based");
p("`line`/`column` to `endLine`/`endColumn` (end exclusive) and as `start`/`end`");
p("offsets in UTF-16 code units. Fixes are attached to:");
p();
p("| code | fix |");
p("|---|---|");
p('| SLA003 | add the closing `"` at the end of the string |');
p("| SLA103 | the closest IANA time zone (did you mean) |");
p("| SLA201, SLA205, SLA206, SLA207 | the closest declared name, calendar, team or type (did you mean) |");
p('| SLA301 | `"60"` for a number field becomes `60`; `5000` for money `$5000`; a bare word for text `"word"` |');
p("| SLA302 | the closest value of the enum (did you mean) |");
p("| SLA411 | the closest action (a column) or persona (a row) |");
p("| SLA412 | a value cell written as a number becomes an amount (`$100`) |");
p("| SLA428, SLA432, SLA441 | the closest time unit, day name or period |");
p("| SLA430 | an event type written with capitals, lowercased |");
p();
p("`sla check --fix FILE...` applies every unambiguous fix (a diagnostic with exactly");
p("one fix, whose edits touch no edit of another fix), writes each changed file");
p("atomically (a temporary file renamed over it; a failed write leaves the file as it");
p("was), says `FILE: applied N fixes` on stderr, then checks the new text and reports");
p("what is left, with the usual exit status. The playground offers the same fixes as");
p("quick fixes (Ctrl+. or the lightbulb) and as a button in the problems list.");
p();
p("Did-you-mean looks for the closest name by edit distance (a swap of neighbours");
p("counts one). Among more than 300 candidates it uses an index and suggests names at");
p("most two edits away; its work per kind of name is capped, so a file with thousands");
p("of misspellings is still checked in time proportional to its size.");
p();
p("### Exit status of `sla check`");
p();
p("| status | when |");
p("|---|---|");
p("| `0` | no errors (warnings allowed) |");
p(
  "| `1` | at least one error in any file, or a file that could not be checked (`fileErrors`); with `--strict`, also any warning |",
);
p(
  "| `2` | usage error: no files given, an unknown option or `--format` value, a path that does not exist, a directory without `.sla` files |",
);
p();
p("`sla check` accepts files, directories (searched recursively for `.sla` files,");
p("skipping `node_modules` and hidden directories) and `-` for stdin, and checks them");
p("all in one run, so CI sees every problem at once. Usage errors print a message and");
p("the usage on stderr.");
p();
p("## All codes");
p();
p("| code | severity | title |");
p("|---|---|---|");
for (const c of codes)
  p(`| [${c}](#${c.toLowerCase()}) | ${CODES[c].severity} | ${CODES[c].title.replace(/\|/g, "\\|")} |`);
p();
for (const c of codes) {
  const d = DOCS[c];
  p(`## ${c}`);
  p();
  p(`**${CODES[c].severity}**: ${CODES[c].title}`);
  p();
  p(d.trigger);
  for (const k of d.cases) {
    const r = compileSource(k.src);
    const mine = r.diagnostics.filter((x) => x.code === c);
    if (mine.length === 0)
      throw new Error(`${c}: example does not produce ${c}:\n${renderText(FILE, k.src, r.diagnostics)}`);
    const others = r.diagnostics.filter((x) => x.code !== c && !(c === "SLA431"));
    if (others.length)
      process.stderr.write(`note: ${c} example also reports ${others.map((x) => x.code).join(", ")}\n`);
    p();
    if (k.note) p(k.note + "\n");
    p("```sla");
    out += k.shown ?? k.src;
    p("```");
    p();
    p("```");
    out += k.shown ? renderText(FILE, k.src, mine).split("\n")[0] + "\n" : renderText(FILE, k.src, r.diagnostics);
    p("```");
  }
  p();
}
process.stdout.write(out.replace(/\n{3,}/g, "\n\n").replace(/\n+$/, "\n"));
