// Generates specs/errors.md from engine/problems.ts (EV_CODES) and the engine's
// real output on the example inputs below. Run from the repository root:
//   npx tsx specs/tools/gen-errors.ts > specs/errors.md
import { csvActivityEvents, csvLeadEvents } from "../../engine/ingest/mapping.ts";
import { loadMapping } from "../../engine/ingest/mapping-load.ts";
import { PRESETS } from "../../engine/ingest/presets.ts";
import { makeEventDecoder } from "../../engine/ingest/decode.ts";
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
const T = "2027-01-04T14:00:00Z";
const created = `{"id":"e1","at":"${T}","type":"lead.created","lead":"L1","fields":{"source":"demo"}}`;

type Case =
  | { kind: "jsonl"; text: string; shown?: string; window?: number; lenient?: boolean }
  | { kind: "csv-leads" | "csv-activities"; text: string; mapping: unknown }
  | { kind: "mapping"; text: string }
  /** events applied one by one, in input order, by the live engine's core (sla run) */
  | { kind: "live"; text: string };

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
      'The `type` is neither a built-in event type nor a dotted lowercase custom type like `"demo.started"`. A near miss of a built-in type is suggested.',
    example: { kind: "jsonl", text: `${created}\n{"id":"e2","at":"${T}","type":"tuch","lead":"L1"}\n` },
  },
  EV105: {
    trigger: "A property the event's type does not have (a typo, or a custom event with extra properties).",
    example: {
      kind: "jsonl",
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
    trigger: "A field the SLA does not declare in `fields` (a near miss is suggested).",
    example: {
      kind: "jsonl",
      text: `{"id":"e1","at":"${T}","type":"lead.created","lead":"L1","fields":{"sorce":"demo"}}\n`,
    },
  },
  EV109: {
    trigger: "A field value that does not fit the field's declared type (in JSONL or in a CSV cell).",
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
  EV201: {
    trigger:
      "An event for a lead that has no `lead.created` before it in replay order. While streaming a file, `sla simulate` first re-reads it with a full sort (the lead may be created later in the file) and reports the event only if it persists.",
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
    // (activities alone have no leads: replayed leniently, to show the counts)
    const sim = new Simulation(ir, {
      reorderWindow: c.kind === "jsonl" ? (c.window ?? Infinity) : Infinity,
      lenient: c.kind === "csv-activities",
    });
    if (c.kind === "jsonl") {
      const feed = new JsonlFeed(ir, sim, "events.jsonl", false);
      feed.chunk(c.text);
      feed.end();
    } else {
      const file = c.kind === "csv-leads" ? "leads.csv" : "activities.csv";
      const read = c.kind === "csv-leads" ? csvLeadEvents : csvActivityEvents;
      const mapping = loadMapping(c.mapping, PRESETS, "map.json");
      for await (const ev of read([c.text], {
        file,
        mapping,
        ir,
        lenient: false,
        onIgnore: (x) => sim.ignore(x),
        timezone: ir.timezone,
      }))
        sim.push(ev, file);
    }
    const r = sim.finish();
    return `"ignoredRows": ${JSON.stringify(r.ignoredRows)}`;
  } catch (e) {
    if (!(e instanceof IngestError)) throw e;
    if (e.code !== code) throw new Error(`${code}: the example gives ${e.code}: ${e.message}`);
    return e.message;
  }
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
p("mappings, 6xx the live engine (`sla run`). Codes are stable: scripts and CI rules may match on them.");
p();
p("## Strict and lenient");
p();
p("- **Strict** (the default): the first error stops the read. The message goes to");
p("  stderr as `FILE:LINE: message`, followed by a hint to use `--lenient` when the");
p("  problem is with one row or event, and the exit status is 1.");
p("- **Lenient** (`--lenient`): a bad row or event is skipped and listed in the");
p("  report's `rejected.rows` (each with its `code`), counted in `rejected.count` and per code in");
const fileLevel = (Object.keys(EV_CODES) as EvCode[]).filter((c) => EV_CODES[c].scope === "file");
p(`  \`rejected.byCode\`. Problems with a whole file (${fileLevel.join(", ")})`);
p("  stop the read in either mode.");
p("- **Notices** are never errors: they are counted in the report (`ignoredRows`).");
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
  const lang = ex.kind === "jsonl" || ex.kind === "live" ? "jsonl" : ex.kind === "mapping" ? "json" : "csv";
  const name =
    ex.kind === "jsonl" || ex.kind === "live"
      ? "events.jsonl"
      : ex.kind === "mapping"
        ? "map.json"
        : ex.kind === "csv-leads"
          ? "leads.csv"
          : "activities.csv";
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
