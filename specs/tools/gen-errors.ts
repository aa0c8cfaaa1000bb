// Generates specs/errors.md from engine/problems.ts (EV_CODES) and the engine's
// real output on the example inputs below. Run from the repository root:
//   npx tsx specs/tools/gen-errors.ts > specs/errors.md
import { historyFieldsFit, missingColumnFit } from "../../engine/ingest/crm-fit.ts";
import { readFieldHistory } from "../../engine/ingest/history.ts";
import { LeadIds } from "../../engine/ingest/lead-ids.ts";
import { csvActivityEvents, csvLeadEvents, type MissingColumn } from "../../engine/ingest/mapping.ts";
import { loadMapping } from "../../engine/ingest/mapping-load.ts";
import { PRESETS } from "../../engine/ingest/presets.ts";
import { makeEventDecoder } from "../../engine/ingest/decode.ts";
import { emptyInputError, prepareInputs } from "../../engine/ingest/inputs.ts";
import { decodeLine } from "../../engine/ingest/jsonl.ts";
import { JsonlFeed } from "../../engine/jsonl-feed.ts";
import { LiveCore, LiveRefusal } from "../../engine/live/core.ts";
import { EV_CODES, type EvCode, Failure, IngestError } from "../../engine/problems.ts";
import { Simulation } from "../../engine/simulate.ts";
import { compileSource } from "../../language/compile.ts";

const SLA = `sla "Inbound"
fields {
  source: one of "demo", "trial"
  employees: number
}
segment hot when source = "demo"
respond to hot within 30m
`;
const ir = compileSource(SLA).ir!;
/** Variants for the data-fit examples that need more rules. */
const IRS = {
  expect: compileSource(`${SLA}expect demo.held within 1h after demo.started\n`).ir!,
  team: compileSource(`${SLA}team sdr {\n  members ana, ben\n}\n`).ir!,
  byCall: compileSource(SLA.replace("within 30m", "within 30m by call")).ir!,
};
const T = "2027-01-04T14:00:00Z";
const created = `{"id":"e1","at":"${T}","type":"lead.created","lead":"L1","fields":{"source":"demo"}}`;

type Case =
  | {
      kind: "jsonl";
      text: string;
      shown?: string;
      window?: number;
      lenient?: boolean;
      strict?: boolean;
      /** a variant of the example SLA (IRS) */
      sla?: keyof typeof IRS;
    }
  | { kind: "csv-leads" | "csv-activities"; text: string; mapping: unknown; leads?: string }
  | { kind: "csv-history"; text: string; mapping: unknown; leads: string }
  | { kind: "mapping"; text: string }
  /** events applied one by one, in input order, by the live engine's core (sla run) */
  | { kind: "live"; text: string }
  /** a JSONL file read as the playground reads an upload (engine/ingest/inputs.ts: lenient, checked for no events) */
  | { kind: "page"; text: string; maxChars?: number };

interface Doc {
  trigger: string;
  example: Case;
}

const SF = { extends: "salesforce", timezone: "America/New_York" };

const DOCS: Record<EvCode, Doc> = {
  EV001: {
    trigger: `A line longer than 1,048,576 characters (an event is a few hundred). The line is never built in memory: with \`--lenient\` it is counted and the read goes on.`,
    example: {
      kind: "jsonl",
      text: `${created}\n{"id":"e2","note":"${"x".repeat(1 << 20)}"}\n`,
      shown: `${created}\n{"id":"e2","note":"xxxxxxxx...1,048,576 x...xxxx"}\n`,
    },
  },
  EV002: {
    trigger: "A line that is not JSON (the parser's message is quoted, without control characters).",
    example: { kind: "jsonl", text: `${created}\n{"id":"e2","at":\n` },
  },
  EV003: {
    trigger:
      "Arrays or objects nested more than 64 levels deep in an event (a valid event nests 2: the event and its fields). Reported instead of describing the nesting.",
    example: {
      kind: "jsonl",
      text: `${created}\n{"id":"e2","at":"${T}","type":"touch","lead":"L1","by":${"[".repeat(5000)}${"]".repeat(5000)}}\n`,
      shown: `${created}\n{"id":"e2","at":"${T}","type":"touch","lead":"L1","by":[[[[...5,000 levels...]]]]}\n`,
    },
  },
  EV101: {
    trigger: "A line whose JSON is not an object.",
    example: { kind: "jsonl", text: `${created}\n[1,2]\n` },
  },
  EV102: {
    trigger:
      "A required property (`id`, `at`, `type`, `lead`, `fields` on `lead.updated`, `owner`, `rep`, `until`) is absent.",
    example: { kind: "jsonl", text: `${created}\n{"id":"e2","type":"touch","lead":"L1"}\n` },
  },
  EV103: {
    trigger:
      "A property has a value of the wrong JSON type (a number where a name is expected, an array for `fields`...).",
    example: { kind: "jsonl", text: `${created}\n{"id":"e2","at":"${T}","type":"touch","lead":"L1","by":7}\n` },
  },
  EV104: {
    trigger:
      'With `--strict-fields`: the `type` is neither a built-in event type nor a dotted lowercase custom type like `"demo.started"`. A near miss of a built-in type is suggested. Without it, any other type is an event type no rule names: ignored and counted in the report (`ignored.eventTypes`; a near miss of a type the SLA uses is EV501).',
    example: { kind: "jsonl", strict: true, text: `${created}\n{"id":"e2","at":"${T}","type":"tuch","lead":"L1"}\n` },
  },
  EV105: {
    trigger:
      "With `--strict-fields`: a property the event's type does not have (a typo, or a custom event with extra properties). Without it, the property is ignored and counted in the report (`ignored.properties`).",
    example: {
      kind: "jsonl",
      strict: true,
      text: `${created}\n{"id":"e2","at":"${T}","type":"touch","lead":"L1","chanel":"call"}\n`,
    },
  },
  EV106: {
    trigger:
      "A timestamp that is not RFC 3339 with a zone (`at`, `until`; in CSV exports, the time columns, which may also be read with the mapping's zone and formats).",
    example: { kind: "jsonl", text: `${created}\n{"id":"e2","at":"2027-01-04 14:00","type":"touch","lead":"L1"}\n` },
  },
  EV107: {
    trigger:
      "A time outside the supported years 1970-2199 (UTC). Every period label then has four digits and a report spans a bounded number of months. `--until` has the same range.",
    example: {
      kind: "jsonl",
      text: `${created}\n{"id":"e2","at":"9999-12-31T23:59:59Z","type":"touch","lead":"L1"}\n`,
    },
  },
  EV108: {
    trigger:
      "With `--strict-fields`: a field the SLA does not declare in `fields` (a near miss is suggested). Without it, the field is ignored and counted in the report (`ignored.fields`; a near miss of a declared field is EV501).",
    example: {
      kind: "jsonl",
      strict: true,
      text: `{"id":"e1","at":"${T}","type":"lead.created","lead":"L1","fields":{"sorce":"demo"}}\n`,
    },
  },
  EV109: {
    trigger:
      "A field value that does not fit the field's declared type (in JSONL or in a CSV cell): always an error. A string that is not one of an enum field's values is an error only with `--strict-fields`; without it the value is kept (it equals none of the SLA's values) and counted (EV505).",
    example: {
      kind: "jsonl",
      text: `{"id":"e1","at":"${T}","type":"lead.created","lead":"L1","fields":{"employees":"fifty"}}\n`,
    },
  },
  EV110: {
    trigger: "A `rep.away` whose `until` is not later than its `at`.",
    example: {
      kind: "jsonl",
      text: `{"id":"a1","at":"${T}","type":"rep.away","rep":"ben","until":"2027-01-04T09:00:00Z"}\n`,
    },
  },
  EV111: {
    trigger:
      "A numeric `id` or `lead` beyond 2^53 (9,007,199,254,740,991): JSON numbers that large are not exact, so two different ids would read as the same one. Write such ids as strings.",
    example: { kind: "jsonl", text: `${created}\n{"id":9007199254740993,"at":"${T}","type":"touch","lead":"L1"}\n` },
  },
  EV112: {
    trigger:
      "An id or name (`id`, `lead`, `owner`, `rep`, `by`, `channel`; in CSV exports the id and owner cells) containing U+FFFD, which is what reading bytes that are not UTF-8 leaves: two different names in a broken encoding would merge. Save the file as UTF-8.",
    example: { kind: "jsonl", text: `{"id":"e1","at":"${T}","type":"lead.created","lead":"Jos\uFFFD","fields":{}}\n` },
  },
  EV113: {
    trigger:
      "An event for a lead whose `lead.created` comes later in the data (an activity logged before the CRM created the lead, or two exports with skewed clocks). The message gives both times and the creation's line. In `--lenient` mode the event is skipped and counted; the lead's later events replay normally.",
    example: {
      kind: "jsonl",
      text: `{"id":"t1","at":"2027-01-04T13:30:00Z","type":"touch","lead":"L1"}\n${created}\n`,
    },
  },
  EV114: {
    trigger:
      "The playground (and code reading uploads with `engine/ingest/inputs.ts`) refuses a file that gives no events: an empty file, a CSV with only its header row, or one whose every row was rejected (the message then shows the first). `sla simulate` replays such data and says why nothing is in scope (EV507).",
    example: {
      kind: "page",
      text: `{"id":"e1","at":"yesterday","type":"lead.created","lead":"L1"}\n`,
    },
  },
  EV115: {
    trigger:
      "The playground reads an upload into memory (prepared once, replayed on every edit) and refuses a file longer than its limit, as soon as the limit is passed (never a hang). `sla simulate` streams any size.",
    example: { kind: "page", maxChars: 100, text: `${created}\n${created}\n` },
  },
  EV201: {
    trigger:
      "An event for a lead that is never created (no `lead.created` anywhere in the data; one that comes later is EV113). While streaming a file, `sla simulate` first re-reads it with a full sort (the lead may be created later in the file) and reports the event only if it persists.",
    example: { kind: "jsonl", text: `{"id":"e2","at":"${T}","type":"touch","lead":"L9"}\n` },
  },
  EV202: {
    trigger:
      "While streaming, an event more than an hour older than events already replayed (or a different event with the id and time of one already replayed). Never shown by `sla simulate`: it re-reads the file with a full sort instead (and says so on stderr). Code that uses `Simulation` with a reorder window sees it.",
    example: {
      kind: "jsonl",
      window: 3_600_000,
      text: `${created}\n{"id":"e3","at":"2027-01-04T18:00:00Z","type":"touch","lead":"L1"}\n{"id":"e4","at":"2027-01-04T20:00:00Z","type":"touch","lead":"L1"}\n{"id":"e2","at":"2027-01-04T14:30:00Z","type":"touch","lead":"L1"}\n`,
    },
  },
  EV203: {
    trigger:
      "Two different events with the same `id` and `at`. The same event exported twice (same id, time and content) is a duplicate: counted in `duplicates` and replayed once. Different content is a conflict: an error, or with `--lenient` a rejected row counted in `conflicts`; the event whose content sorts first is replayed, whatever the order of the input.",
    example: {
      kind: "jsonl",
      text: `${created}\n{"id":"e2","at":"${T}","type":"touch","lead":"L1","by":"ana"}\n{"id":"e2","at":"${T}","type":"touch","lead":"L1","by":"ben"}\n`,
    },
  },
  EV301: {
    trigger:
      "A CSV quoted field whose closing quote never comes: it would swallow the rest of the file, so it stops the read even with `--lenient`.",
    example: { kind: "csv-leads", mapping: SF, text: 'Lead ID,Create Date,Lead Source\n00Q1,2027-01-04 09:00,"Web\n' },
  },
  EV302: {
    trigger: "A CSV row with more or fewer cells than the header.",
    example: {
      kind: "csv-leads",
      mapping: SF,
      text: "Lead ID,Create Date,Lead Source\n00Q1,2027-01-04 09:00,Web,extra\n",
    },
  },
  EV303: {
    trigger: "A CSV file with no header row.",
    example: { kind: "csv-leads", mapping: SF, text: "\n" },
  },
  EV304: {
    trigger: "A column the mapping requires is not in the header (a near spelling is suggested; the header is listed).",
    example: { kind: "csv-leads", mapping: SF, text: "Lead,Create Date\n00Q1,2027-01-04 09:00\n" },
  },
  EV305: {
    trigger: "A CSV row whose lead id cell is empty.",
    example: { kind: "csv-leads", mapping: SF, text: "Lead ID,Create Date\n,2027-01-04 09:00\n" },
  },
  EV306: {
    trigger:
      "Not an error: an activity row that matches neither the `touch` rule nor any `events` rule is not turned into an event. Each one is counted in the report's `ignoredRows` (by code), so no row vanishes silently.",
    example: {
      kind: "csv-activities",
      mapping: {
        extends: "salesforce",
        timezone: "America/New_York",
        activities: { touch: { column: "Type", values: ["Call", "Email"] } },
      },
      text: "Lead ID,Created Date,Type\n00Q1,2027-01-04 09:30,Call\n00Q1,2027-01-04 09:40,Note\n",
    },
  },
  EV307: {
    trigger:
      "A lead id in an activities or history export that is not in the leads export, but is a Salesforce id of one of its leads with the letters' case changed (15-character Salesforce ids are case-sensitive; spreadsheets and some tools change case). The 15- and 18-character forms of the same id are joined without a message: the 18-character form is the 15 characters plus a checksum of their case.",
    example: {
      kind: "csv-activities",
      mapping: SF,
      leads: "Lead ID,Create Date\n00Q8c00001AbCdE,2027-01-04 09:00\n",
      text: "Lead ID,Created Date,Type\n00Q8c00001AbCdEEAV,2027-01-04 09:30,Call\n00Q8C00001ABCDE,2027-01-04 09:40,Call\n",
    },
  },
  EV308: {
    trigger:
      "Not an error: a field-history row (`--history`) for a field the mapping does not use (its name is neither an SLA field's leads column nor in `history.fields`, nor the owner). It is counted in the report's `ignoredRows`.",
    example: {
      kind: "csv-history",
      mapping: SF,
      leads: "Lead ID,Create Date,Lead Source\n00Q1,2027-01-04 09:00,demo\n",
      text: "Lead ID,Edit Date,Field / Event,Old Value,New Value\n00Q1,2027-01-04 09:30,Phone,,555-0100\n00Q1,2027-01-04 09:40,Lead Source,demo,trial\n",
    },
  },
  EV501: {
    trigger:
      "Not an error: an ignored field, property or event type whose name is within two edits of a declared field, an event property or an event type the SLA uses: probably a typo. Listed in the report's `dataFit` with the ignored name's count.",
    example: {
      kind: "jsonl",
      text: `{"id":"e1","at":"${T}","type":"lead.created","lead":"L1","fields":{"sorce":"demo","industry":"tech"}}\n`,
    },
  },
  EV502: {
    trigger:
      "Not an error: a field the SLA declares that no event ever set (to anything but null) on any lead. Conditions that read it are never true: check the export or the mapping's column for it.",
    example: {
      kind: "jsonl",
      text: `{"id":"e1","at":"${T}","type":"lead.created","lead":"L1","fields":{"source":"demo"}}\n`,
    },
  },
  EV503: {
    trigger:
      "Not an error: a segment no lead entered. When the fields its condition reads were never set, the message says which.",
    example: {
      kind: "jsonl",
      text: `{"id":"e1","at":"${T}","type":"lead.created","lead":"L1","fields":{"source":"trial","employees":10}}\n`,
    },
  },
  EV504: {
    trigger:
      "Not an error: an obligation no lead was in scope of although its segment was entered (e.g. an `expect` rule whose starting event never occurs).",
    example: {
      kind: "jsonl",
      sla: "expect",
      text: `{"id":"e1","at":"${T}","type":"lead.created","lead":"L1","fields":{"source":"demo"}}\n`,
    },
  },
  EV505: {
    trigger:
      "Not an error: values of an enum field that the SLA does not list, with their counts. The value is kept as it is (it equals none of the SLA's values), so no lead is silently dropped; with `--strict-fields` such a value is an error (EV109).",
    example: {
      kind: "jsonl",
      text: `${created}\n{"id":"e2","at":"${T}","type":"lead.created","lead":"L2","fields":{"source":"webinar"}}\n`,
    },
  },
  EV506: {
    trigger:
      "Not an error: leads whose owner (at the end of the replay) is a member or manager of no team, counted per owner. Round robin and escalation only know the teams' members.",
    example: {
      kind: "jsonl",
      sla: "team",
      text: `{"id":"e1","at":"${T}","type":"lead.created","lead":"L1","fields":{"source":"demo"},"owner":"Jen Park"}\n`,
    },
  },
  EV507: {
    trigger:
      "Not an error: no lead was in scope of any obligation. The report says why in its first lines: no lead.created at all, a field the segments read that was never set (with what the mapping says about its column, when a CSV mapping reported it), or values the SLA does not list.",
    example: {
      kind: "jsonl",
      text: `{"id":"e1","at":"${T}","type":"lead.created","lead":"L1","fields":{"employees":10}}\n`,
    },
  },
  EV549: {
    trigger:
      "Not an error: a `by` clause that no touch in the data can meet. `by call` when no touch has the channel `call` (the notice lists the channels the data does have, with counts: often the CRM writes `phone` or `CALL`... channels compare ignoring case), or `by owner` / `by team` when no touch says who made it (`by`). Every clock of that rule can only be breached or pending.",
    example: {
      kind: "jsonl",
      sla: "byCall",
      text: `${created}\n{"id":"e2","at":"2027-01-04T14:05:00Z","type":"touch","lead":"L1","channel":"email"}\n{"id":"e3","at":"2027-01-04T14:06:00Z","type":"touch","lead":"L1","channel":"meeting"}\n{"id":"e4","at":"2027-01-04T14:07:00Z","type":"touch","lead":"L1","channel":"Email"}\n`,
    },
  },
  EV550: {
    trigger:
      "Not an error: a column a preset names is not in the export's header (exports hold the columns the user picked, so this does not stop the run). When it is a field's column, the field is never set from that file: the notice says so, with a near header name, and EV502/EV507 repeat it where the field matters. A column your own mapping names must exist (EV304).",
    example: {
      kind: "csv-leads",
      mapping: { extends: "salesforce", timezone: "America/New_York" },
      text: "Lead ID,Create Date,Lead Owner,Lead_Source\n00Q1,2027-01-04 09:00,Jen Park,demo\n",
    },
  },
  EV551: {
    trigger:
      "Not an error: the field names of the history rows the mapping does not use (EV308), with their row counts, and the SLA field a name looks like, if any (map it with `history.fields`).",
    example: {
      kind: "csv-history",
      mapping: SF,
      leads: "Lead ID,Create Date,Lead Source\n00Q1,2027-01-04 09:00,demo\n",
      text: "Lead ID,Edit Date,Field / Event,Old Value,New Value\n00Q1,2027-01-04 09:00,Created.,,\n00Q1,2027-01-04 09:30,Employees,10,12\n00Q1,2027-01-04 09:40,Employees,12,15\n",
    },
  },
  EV552: {
    trigger:
      'Not an error: a semicolon-delimited export (as Excel saves CSV in most European locales) whose slash dates the mapping reads month first, as the presets do. `03/02/2027` is then March 2, where the file\'s locale most likely meant 3 February; dates are never guessed, so set `timeFormat` (e.g. `"dd/MM/yyyy HH:mm"`). A date that only reads day first (`13/02/2027`) is an error (EV106) anyway.',
    example: {
      kind: "csv-leads",
      mapping: { extends: "salesforce", timezone: "Europe/Paris" },
      text: "Lead ID;Create Date;Lead Source\n00Q1;03/02/2027 09:00;demo\n",
    },
  },
  EV401: {
    trigger: "A `--map` file that is not JSON.",
    example: { kind: "mapping", text: '{"extends": ' },
  },
  EV402: {
    trigger:
      "A mapping that is JSON but not a valid mapping: an unknown key, a preset that does not exist, a field the SLA does not declare, a wrong value.",
    example: { kind: "mapping", text: '{"extends": "salesfroce"}' },
  },
  EV601: {
    trigger:
      "`sla run` applies events in replay order as they arrive, holding them back for `--lateness` (events-clock: measured from the latest event time seen; wall clock: from now) so that events out of order by less than that are still applied in order. An event older than that (older than an event already applied) is not applied: it is reported as a `late` record with this code, and the engine goes on. `sla simulate` never reports it (a file is sorted).",
    example: {
      kind: "live",
      text: `${created}\n{"id":"e3","at":"2027-01-04T18:00:00Z","type":"touch","lead":"L1"}\n{"id":"e2","at":"2027-01-04T14:30:00Z","type":"touch","lead":"L1"}\n`,
    },
  },
};

/** What the CLI prints for the case: the first error in a strict read, or the report's counts. */
async function run(c: Case, code: EvCode): Promise<string> {
  try {
    if (c.kind === "mapping") {
      loadMapping(c.text, PRESETS, "map.json");
      return "";
    }
    if (c.kind === "live") return runLive(c.text);
    if (c.kind === "page") return await runPage(c.text, c.maxChars);
    // (activities alone have no leads: replayed leniently, to show the counts)
    const specIr = c.kind === "jsonl" && c.sla ? IRS[c.sla] : ir;
    const sim = new Simulation(specIr, {
      reorderWindow: c.kind === "jsonl" ? (c.window ?? Infinity) : Infinity,
      lenient: c.kind === "csv-activities",
      strictFields: c.kind === "jsonl" && c.strict === true,
    });
    if (c.kind === "jsonl") {
      const feed = new JsonlFeed(specIr, sim, "events.jsonl", false);
      feed.chunk(c.text);
      feed.end();
    } else {
      const mapping = loadMapping(c.mapping, PRESETS, "map.json");
      const common = {
        mapping,
        ir,
        lenient: false,
        onIgnore: (x: EvCode) => sim.ignore(x),
        onMissingColumn: (m: MissingColumn) => sim.addDataFit(missingColumnFit(m)),
        onDataFit: (w: DataFitWarning) => sim.addDataFit(w),
        timezone: ir.timezone,
      };
      const history =
        c.kind === "csv-history" ? await readFieldHistory([c.text], { ...common, file: "history.csv" }) : undefined;
      const fit = history && historyFieldsFit(history, ir);
      if (fit) sim.addDataFit(fit);
      const leadIds = new LeadIds("leads.csv");
      const leads = c.kind === "csv-leads" ? c.text : c.leads;
      const files: [string, string, typeof csvLeadEvents][] = [];
      if (leads !== undefined) files.push(["leads.csv", leads, csvLeadEvents]);
      if (c.kind === "csv-activities") files.push(["activities.csv", c.text, csvActivityEvents]);
      for (const [file, text, read] of files)
        for await (const ev of read([text], { ...common, file, leadIds, history })) sim.push(ev, file);
    }
    const r = sim.finish();
    if (code.startsWith("EV5")) {
      const found = (r.dataFit ?? []).filter((w) => w.code === code);
      if (found.length === 0) throw new Error(`${code}: the example gives no such data-fit notice`);
      const ignored = code === "EV501" ? `"ignored": ${JSON.stringify(r.ignored)}\n` : "";
      return `${ignored}"dataFit": ${JSON.stringify(found, null, 2)}`;
    }
    return `"ignoredRows": ${JSON.stringify(r.ignoredRows)}`;
  } catch (e) {
    if (!(e instanceof IngestError)) throw e;
    if (e.code !== code) throw new Error(`${code}: the example gives ${e.code}: ${e.message}`);
    return e.message;
  }
}

/** What the playground says about an upload: its first error (empty, too large), or "". */
async function runPage(text: string, maxChars?: number): Promise<string> {
  const { prepared, stats } = await prepareInputs(ir, [{ kind: "jsonl", file: "events.jsonl", chunks: [text] }], {
    lenient: true,
    maxChars,
  });
  const empty = emptyInputError(stats, prepared.meta.rejected);
  if (empty) throw empty;
  return "";
}

/** The live core's first refusal, as `sla run` reports it (late and rejected records name the line). */
function runLive(text: string): string {
  const core = new LiveCore(ir, "example");
  const decode = makeEventDecoder(ir);
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const e = decodeLine(decode, lines[i]);
    if (e === null) continue;
    if (e instanceof Failure) throw new Error(e.message);
    try {
      core.apply(e);
    } catch (x) {
      if (x instanceof LiveRefusal)
        return new IngestError(x.failure.code, "events.jsonl", i + 1, x.failure.message).message;
      throw x;
    }
  }
  return "";
}

let out = "";
const p = (s = "") => {
  out += `${s}\n`;
};

p("# Event errors");
p();
p("Every problem `sla simulate` and `sla diff` find in event files, CRM exports and");
p("mappings (and the playground, which runs the same engine) has a stable code");
p("`EV###`, a message and a location (`FILE:LINE:`, or the file alone for a problem");
p("with the whole file). This page lists every code of `EV_CODES` in");
p("`engine/problems.ts`, what triggers it, and the engine's exact output on an");
p("example. Problems in `.sla` files have `SLA` codes: see [diagnostics.md](diagnostics.md).");
p();
p("Codes are grouped by hundreds: 0xx lines, 1xx events, 2xx replay, 3xx CSV, 4xx");
p(
  "mappings, 5xx data-fit notices, 6xx the live engine (`sla run`). Codes are stable: scripts and CI rules may match on them.",
);
p();
p("## Strict and lenient");
p();
p("- **Strict** (the default): the first error stops the read. The message goes to");
p("  stderr as `FILE:LINE: message`, followed by a hint to use `--lenient` when the");
p("  problem is with one row or event, and the exit status is 1.");
p("- **Lenient** (`--lenient`): a bad row or event is skipped and listed in the");
p("  report's `rejected.rows` (each with its `code`), counted in `rejected.count` and per code in");
const fileLevel = (Object.keys(EV_CODES) as EvCode[]).filter(
  (c) => EV_CODES[c].scope === "file" && EV_CODES[c].severity === "error",
);
p(`  \`rejected.byCode\`. Problems with a whole file (${fileLevel.join(", ")})`);
p("  stop the read in either mode.");
p("- **Notices** are never errors: they are counted in the report (`ignoredRows`), or");
p("  listed in its `dataFit` section (EV5xx: how the data does not fit the SLA).");
p("- **Ignored data**: fields the SLA does not declare, properties an event's type");
p("  does not have and event types no rule names are data the SLA does not use:");
p("  skipped and counted by name in the report's `ignored` section. With");
p("  `--strict-fields` the first one is an error instead (EV104, EV105, EV108), as is");
p("  an enum value the SLA does not list (EV109).");
p();
p("The scope of a code says which: `row` (one line, row or event) or `file`.");
p();
p("In the engine's code, functions where failure is expected (decoding a line,");
p("converting a CSV row, reading a value, applying an event) return");
p("`Result<T>`: the value or a `Failure { code, message }`. A read stops with the one");
p("exception for bad input, `IngestError { code, file, line, reason }`. Any other");
p("exception is a bug. Callers decide on codes, never on message text.");
p();
p("## All codes");
p();
p("| code | severity | scope | title |");
p("|---|---|---|---|");
const codes = Object.keys(EV_CODES) as EvCode[];
for (const c of codes)
  p(`| [${c}](#${c.toLowerCase()}) | ${EV_CODES[c].severity} | ${EV_CODES[c].scope} | ${EV_CODES[c].title} |`);
p();
for (const c of codes) {
  const d = DOCS[c];
  p(`## ${c}`);
  p();
  p(`**${EV_CODES[c].severity}**: ${EV_CODES[c].title}`);
  p();
  p(d.trigger);
  p();
  const ex = d.example;
  const lang =
    ex.kind === "jsonl" || ex.kind === "live" || ex.kind === "page" ? "jsonl" : ex.kind === "mapping" ? "json" : "csv";
  const name =
    ex.kind === "jsonl" || ex.kind === "live" || ex.kind === "page"
      ? "events.jsonl"
      : ex.kind === "mapping"
        ? "map.json"
        : ex.kind === "csv-leads"
          ? "leads.csv"
          : ex.kind === "csv-history"
            ? "history.csv"
            : "activities.csv";
  if ("leads" in ex && ex.leads !== undefined) {
    p("`leads.csv`:");
    p();
    p("```csv");
    out += ex.leads.replace(/\n?$/, "\n");
    p("```");
    p();
  }
  p(`\`${name}\`${"mapping" in ex ? ` (mapping \`${JSON.stringify(ex.mapping)}\`)` : ""}:`);
  p();
  p("```" + lang);
  out += ("shown" in ex && ex.shown !== undefined ? ex.shown : ex.text).replace(/\n?$/, "\n");
  p("```");
  p();
  p("```");
  p(await run(ex, c));
  p("```");
  p();
}
process.stdout.write(out.replace(/\n{3,}/g, "\n\n").replace(/\n+$/, "\n"));
