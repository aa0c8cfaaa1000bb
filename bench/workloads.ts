// Seeded workloads for the benchmarks, generated into bench/out/ once and
// reused while their parameters and the generator are unchanged: files are
// named by their parameters, and a `.meta.json` next to each records the
// generator's content hash and what the file holds.
import { createHash } from "node:crypto";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SlaEvent } from "../engine/events.ts";
import { generateEventObjects, generateJsonlChunks } from "../generate/index.ts";

// The repository root; bench/launch.mjs runs a bundled copy from bench/out/js/.
export const ROOT = process.env.SLA_BENCH_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), "..");

/** Arguments for `node` to run a bench child script: the bundled copy when the launcher built one. */
export function childArgs(name: "child-language" | "child-replay"): string[] {
  return process.env.SLA_BENCH_BUNDLED
    ? [join(ROOT, "bench", "out", "js", `${name}.mjs`)]
    : ["--import", "tsx", join(ROOT, "bench", `${name}.ts`)];
}
export const OUT = join(ROOT, "bench", "out");
export const INBOUND_SPEC = join(ROOT, "specs", "examples", "inbound", "inbound.sla");
export const CSV_MAP = join(ROOT, "bench", "csv-map.json");

export function ensureOut(): void {
  mkdirSync(OUT, { recursive: true });
}

let genHash: string | undefined;
/** Changes whenever the generator does (its output may change with it): generate/ and the
 *  engine modules it reuses. */
function generatorHash(): string {
  if (genHash === undefined) {
    const h = createHash("sha256");
    const files = readdirSync(join(ROOT, "generate"))
      .filter((f) => f.endsWith(".ts"))
      .sort()
      .map((f) => join(ROOT, "generate", f));
    files.push(
      join(ROOT, "engine", "calendar.ts"),
      join(ROOT, "engine", "heap.ts"),
      join(ROOT, "bench", "workloads.ts"),
    );
    for (const f of files) h.update(readFileSync(f));
    genHash = h.digest("hex").slice(0, 16);
  }
  return genHash;
}

interface Meta {
  generator: string;
  params: unknown;
  files: Record<string, number>; // name -> size in bytes
  [k: string]: unknown;
}

/** The meta of a workload whose files are all present and intact, else null. */
function reusable(metaPath: string, params: unknown): Meta | null {
  if (!existsSync(metaPath)) return null;
  try {
    const meta = JSON.parse(readFileSync(metaPath, "utf8")) as Meta;
    if (meta.generator !== generatorHash() || JSON.stringify(meta.params) !== JSON.stringify(params)) return null;
    for (const [name, size] of Object.entries(meta.files)) {
      const p = join(OUT, name);
      if (!existsSync(p) || statSync(p).size !== size) return null;
    }
    return meta;
  } catch {
    return null;
  }
}

/** Writes chunks to `path` through a temporary file (an interrupted run leaves no half file under the real name). */
async function writeChunks(path: string, chunks: Iterable<string>): Promise<number> {
  const tmp = `${path}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  let bytes = 0;
  for (const c of chunks) {
    bytes += Buffer.byteLength(c);
    if (!out.write(c)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  renameSync(tmp, path);
  return bytes;
}

// ---------------------------------------------------------------------------
// JSONL events

export interface EventsParams {
  seed: number;
  leads: number;
  months: number;
}
export interface EventsWorkload extends EventsParams {
  path: string;
  /** lines (events, duplicates included) */
  events: number;
  bytes: number;
  generatedMs: number | null; // null: reused
}

export async function eventsWorkload(p: EventsParams, log: (s: string) => void): Promise<EventsWorkload> {
  ensureOut();
  const name = `events-s${p.seed}-l${p.leads}-m${p.months}.jsonl`;
  const path = join(OUT, name);
  const metaPath = `${path}.meta.json`;
  const params = { ...p, start: "2027-01-01" };
  const meta = reusable(metaPath, params);
  if (meta) return { ...p, path, events: meta.events as number, bytes: meta.files[name], generatedMs: null };
  log(`generating ${name} ...`);
  const t0 = performance.now();
  let events = 0;
  function* counted(): Generator<string> {
    for (const c of generateJsonlChunks(
      { seed: p.seed, leads: p.leads, months: p.months, start: "2027-01-01" },
      1 << 20,
    )) {
      for (let i = c.indexOf("\n"); i !== -1; i = c.indexOf("\n", i + 1)) events++;
      yield c;
    }
  }
  const bytes = await writeChunks(path, counted());
  const generatedMs = performance.now() - t0;
  writeFileSync(
    metaPath,
    JSON.stringify({ generator: generatorHash(), params, files: { [name]: bytes }, events, generatedMs }, null, 2),
  );
  log(`  ${events} events, ${(bytes / 1e6).toFixed(0)} MB in ${(generatedMs / 1000).toFixed(1)} s`);
  return { ...p, path, events, bytes, generatedMs };
}

// ---------------------------------------------------------------------------
// Lead field snapshots (what the engine classifies: a lead's fields after each change)

export function leadSnapshots(count: number, seed: number): Record<string, string | number>[] {
  const out: Record<string, string | number>[] = [];
  const state = new Map<string, Record<string, string | number>>();
  // about 1.4 snapshots per lead (creation + updates)
  for (const e of generateEventObjects({ seed, leads: Math.ceil(count / 1.2) + 10, months: 3, start: "2027-01-01" })) {
    if (e.type === "lead.created") {
      const f = { ...(e as { fields: Record<string, string | number> }).fields };
      state.set(e.lead, f);
      out.push({ ...f });
    } else if (e.type === "lead.updated") {
      const f = state.get(e.lead);
      if (!f) continue;
      Object.assign(f, (e as { fields: Record<string, string | number> }).fields);
      out.push({ ...f });
    }
    if (out.length >= count) break;
  }
  return out;
}

// ---------------------------------------------------------------------------
// CSV exports (Salesforce-like), from the same generated quarter

export interface CsvWorkload extends EventsParams {
  leadsPath: string;
  activitiesPath: string;
  /** rows written */
  leadRows: number;
  activityRows: number;
  bytes: number;
  /** events of the JSONL that a CSV export cannot carry (updates, absences, reassignments) */
  dropped: number;
}

const SOURCE_LABEL: Record<string, string> = {
  demo: "Demo Request",
  trial: "Free Trial",
  webinar: "Webinar",
  whitepaper: "Whitepaper",
};
const TYPE_LABEL: Record<string, string> = { call: "Call", email: "Email", linkedin: "LinkedIn" };
const CUSTOM_SUBJECT: Record<string, string> = {
  "demo.started": "Demo",
  "demo.held": "Demo held",
  "noshow.reported": "No show",
};

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** "M/d/yyyy, h:mm a" in the zone (Salesforce's export format), cached per minute. */
function salesforceTime(zone: string): (ms: number) => string {
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    hour12: true,
  });
  let minute = NaN;
  let text = "";
  return (ms) => {
    const m = Math.floor(ms / 60_000);
    if (m !== minute) {
      minute = m;
      const p: Record<string, string> = {};
      for (const part of fmt.formatToParts(m * 60_000)) p[part.type] = part.value;
      text = `${p.month}/${p.day}/${p.year}, ${p.hour}:${p.minute} ${p.dayPeriod}`;
    }
    return text;
  };
}

export async function csvWorkload(p: EventsParams, log: (s: string) => void): Promise<CsvWorkload> {
  ensureOut();
  const base = `crm-s${p.seed}-l${p.leads}-m${p.months}`;
  const leadsName = `${base}-leads.csv`;
  const actName = `${base}-activities.csv`;
  const leadsPath = join(OUT, leadsName);
  const activitiesPath = join(OUT, actName);
  const metaPath = join(OUT, `${base}.meta.json`);
  const params = { ...p, start: "2027-01-01", format: "salesforce" };
  const meta = reusable(metaPath, params);
  const result = (m: Meta): CsvWorkload => ({
    ...p,
    leadsPath,
    activitiesPath,
    leadRows: m.leadRows as number,
    activityRows: m.activityRows as number,
    dropped: m.dropped as number,
    bytes: m.files[leadsName] + m.files[actName],
  });
  if (meta) return result(meta);
  log(`generating ${base} CSV exports ...`);
  const time = salesforceTime("America/New_York");
  // lead rows wait for their first assignment (a few seconds after creation) to know the owner
  const leadRows = new Map<string, { cells: string[]; owner: string }>();
  const seenIds = new Set<string>();
  const activities: string[] = ["Activity ID,Lead ID,Created Date,Assigned,Type,Subject\n"];
  let dropped = 0;
  for (const e of generateEventObjects({
    seed: p.seed,
    leads: p.leads,
    months: p.months,
    start: "2027-01-01",
  }) as Iterable<SlaEvent & Record<string, unknown>>) {
    if (seenIds.has(e.id)) {
      // a duplicate delivery: the CRM has the record once, except for activities re-exported
      if (e.type !== "touch") continue;
    }
    seenIds.add(e.id);
    const lead = e.lead as string;
    switch (e.type) {
      case "lead.created": {
        const f = e.fields as Record<string, string | number>;
        leadRows.set(lead, {
          cells: [
            lead,
            time(e.at),
            "",
            `Acme ${lead.slice(1)} Inc.`,
            SOURCE_LABEL[f.source as string] ?? String(f.source),
            String(f.title ?? ""),
            Number(f.employees).toLocaleString("en-US"),
            String(f.country ?? ""),
            String(f.score ?? ""),
            "New",
          ],
          owner: "",
        });
        break;
      }
      case "lead.assigned": {
        const row = leadRows.get(lead);
        if (row && row.owner === "") row.owner = e.owner as string;
        else dropped++; // a later reassignment
        break;
      }
      case "touch":
        activities.push(
          `${e.id},${lead},${csvCell(time(e.at))},${e.by ?? ""},${TYPE_LABEL[e.channel as string] ?? "Call"},Follow-up\n`,
        );
        break;
      case "custom":
        activities.push(`${e.id},${lead},${csvCell(time(e.at))},,Event,${CUSTOM_SUBJECT[e.name]}\n`);
        break;
      default:
        dropped++;
    }
  }
  const header =
    "Lead ID,Create Date,Lead Owner,Company,Lead Source,Title,No. of Employees,Country,Lead Score,Lead Status\n";
  function* leadLines(): Generator<string> {
    yield header;
    let buf = "";
    for (const { cells, owner } of leadRows.values()) {
      cells[2] = owner;
      buf += cells.map(csvCell).join(",") + "\n";
      if (buf.length > 1 << 16) {
        yield buf;
        buf = "";
      }
    }
    yield buf;
  }
  function* actLines(): Generator<string> {
    for (let i = 0; i < activities.length; i += 4096) yield activities.slice(i, i + 4096).join("");
  }
  const b1 = await writeChunks(leadsPath, leadLines());
  const b2 = await writeChunks(activitiesPath, actLines());
  const m: Meta = {
    generator: generatorHash(),
    params,
    files: { [leadsName]: b1, [actName]: b2 },
    leadRows: leadRows.size,
    activityRows: activities.length - 1,
    dropped,
  };
  writeFileSync(metaPath, JSON.stringify(m, null, 2));
  return result(m);
}

// ---------------------------------------------------------------------------
// Large .sla specs

/** A small seeded PRNG (mulberry32). */
function rng(seed: number): { int(n: number): number; pick<T>(xs: readonly T[]): T; chance(p: number): boolean } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

type FieldKind = "number" | "money" | "text" | "enum" | "yesno" | "date";
interface GenField {
  name: string;
  kind: FieldKind;
  values?: string[];
}

const WORDS = [
  "alpha",
  "bravo",
  "delta",
  "echo",
  "gamma",
  "kilo",
  "lima",
  "nova",
  "orion",
  "pico",
  "sigma",
  "tango",
  "vega",
  "zulu",
];
const COUNTRIES = ["US", "CA", "GB", "DE", "FR", "IN", "BR", "AU", "NL", "ES"];
const TITLES = ["CEO", "CFO", "Founder", "VP Sales", "Director", "Manager", "Engineer", "Analyst"];

/**
 * A valid spec of exactly `lines` lines exercising every statement: a big
 * fields block, terms that build on each other, segments, teams, personas x
 * actions with a value chart, commitments, and every obligation kind with
 * business windows, pauses and breach actions. Comments and blank lines are
 * sprinkled in as people write them. Deterministic for a seed.
 */
export function generateSpec(lines: number, seed = 1): string {
  const r = rng(seed);
  const out: string[] = [];
  const add = (s: string) => out.push(s);
  // budget per section, as shares of the file
  const scale = lines / 10_000;
  const nFields = Math.max(8, Math.round(600 * scale));
  const nTerms = Math.max(4, Math.round(1700 * scale));
  const nSegments = Math.max(3, Math.round(900 * scale));
  const nTeams = Math.max(1, Math.round(60 * scale));
  const nPersonas = Math.max(3, Math.round(120 * scale));
  const nActions = Math.max(3, Math.min(12, Math.round(12 * scale)));
  const nCommit = Math.max(2, Math.round(150 * scale));
  const nCalendars = Math.max(1, Math.round(20 * scale));

  add(`# A generated agreement for benchmarks (${lines} lines, seed ${seed}).`);
  add(`sla "Benchmark agreement ${lines}"`);
  add(`owner "RevOps"`);
  add(`effective 2027-01-01`);
  add(`timezone "America/New_York"`);
  add("");
  add("calendar business {");
  add("  open mon-fri 09:00-17:30");
  add("  closed 2027-01-01, 2027-05-31, 2027-07-05, 2027-12-24");
  add("}");
  const calendars = ["business"];
  for (let i = 1; i < nCalendars; i++) {
    const name = `region_${i}`;
    calendars.push(name);
    const open = 7 + r.int(3);
    add(`calendar ${name} {`);
    add(`  open mon-fri 0${open}:00-1${6 + r.int(3)}:30`);
    if (r.chance(0.5)) add(`  open sat 10:00-14:00`);
    add(`  closed 2027-01-0${1 + r.int(8)}, 2027-12-2${4 + r.int(5)}`);
    add("}");
  }
  add("");

  // fields: a few fixed ones the obligations use, then many of every type
  const fields: GenField[] = [
    { name: "source", kind: "enum", values: ["demo", "trial", "webinar", "whitepaper", "referral"] },
    { name: "status", kind: "text" },
    { name: "score", kind: "number" },
    { name: "employees", kind: "number" },
    { name: "title", kind: "text" },
    { name: "country", kind: "text" },
    { name: "arr", kind: "money" },
    { name: "opted_in", kind: "yesno" },
  ];
  const kinds: FieldKind[] = ["number", "number", "money", "text", "text", "enum", "yesno", "date"];
  for (let i = fields.length; i < nFields; i++) {
    const kind = r.pick(kinds);
    const f: GenField = { name: `${r.pick(WORDS)}_${i}`, kind };
    if (kind === "enum") f.values = Array.from({ length: 3 + r.int(5) }, (_, k) => `${r.pick(WORDS)} ${k}`);
    fields.push(f);
  }
  add("# Lead fields as the CRM sends them");
  add("fields {");
  for (const f of fields) {
    const type =
      f.kind === "enum"
        ? `one of ${f.values!.map((v) => `"${v}"`).join(", ")}`
        : f.kind === "yesno"
          ? "yes/no"
          : f.kind;
    add(`  ${f.name}: ${type}`);
  }
  add("}");
  add("");

  const atom = (): string => {
    const f = r.pick(fields);
    switch (f.kind) {
      case "number":
        return r.chance(0.5) ? `${f.name} >= ${r.int(500)}` : `${f.name} < ${100 + r.int(5000)}`;
      case "money":
        return `${f.name} >= $${(1 + r.int(900)).toLocaleString("en-US")},000`;
      case "text":
        return r.pick([
          () => `${f.name} is set`,
          () => `${f.name} contains "${r.pick(WORDS)}"`,
          () => `${f.name} starts with "${r.pick(WORDS).slice(0, 3)}"`,
          () =>
            `${f.name} in (${[r.pick(COUNTRIES), r.pick(COUNTRIES), r.pick(TITLES)].map((v) => `"${v}"`).join(", ")})`,
          () => `${f.name} != "${r.pick(TITLES)}"`,
        ])();
      case "enum":
        return r.chance(0.5)
          ? `${f.name} = "${r.pick(f.values!)}"`
          : `${f.name} in (${f
              .values!.slice(0, 2)
              .map((v) => `"${v}"`)
              .join(", ")})`;
      case "yesno":
        return r.chance(0.7) ? f.name : `not ${f.name}`;
      case "date":
        return `${f.name} >= 2027-0${1 + r.int(9)}-1${r.int(9)}`;
    }
  };
  // Vocabulary in layers, as people build it (MQL -> VQL -> SQL): a term refers
  // to terms of lower layers only, so definitions nest at most three deep.
  const terms: string[] = [];
  const byLayer: string[][] = [[], [], []];
  // A term of the `below` lowest layers (as r.pick over them joined, without
  // building the list: that made large specs quadratic to generate).
  const termRef = (below = 3): string => {
    let total = 0;
    for (let k = 0; k < below; k++) total += byLayer[k].length;
    if (total === 0) return atom();
    let i = r.int(total);
    let k = 0;
    while (i >= byLayer[k].length) i -= byLayer[k++].length;
    return byLayer[k][i];
  };
  let refsBelow = 0; // the layer being written: refer to terms below it
  const expr = (depth: number): string => {
    const n = 2 + r.int(3);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const x = refsBelow > 0 && r.chance(0.3) ? termRef(refsBelow) : atom();
      parts.push(depth > 0 && r.chance(0.25) ? `(${expr(depth - 1)})` : x);
    }
    return parts.join(r.chance(0.6) ? " and " : " or ");
  };

  add("# Vocabulary both teams signed");
  for (let i = 0; i < nTerms; i++) {
    if (i % 25 === 0 && i > 0) add(`# terms, part ${i / 25 + 1}`);
    const name = i === 0 ? "MQL" : i === 1 ? "VQL" : `term_${i}`;
    const layer = i === 0 ? 0 : i === 1 ? 1 : i < nTerms * 0.5 ? 0 : i < nTerms * 0.8 ? 1 : 2;
    refsBelow = layer;
    const when =
      i === 0
        ? `score >= 60 or source = "demo"`
        : i === 1
          ? `MQL and employees >= 50 and country in ("US", "CA", "GB")`
          : expr(1);
    add(`define ${name} when ${when}`);
    terms.push(name);
    byLayer[layer].push(name);
  }
  add("");

  add("# Which promise applies to a lead: first match wins");
  const segments: string[] = [];
  for (let i = 0; i < nSegments; i++) {
    const name = `seg_${i}`;
    segments.push(name);
    add(`segment ${name} when ${termRef()} and ${atom()} and ${atom()}`);
  }
  segments.push("everyone_else");
  add("segment everyone_else otherwise");
  add("");

  const teams: string[] = [];
  for (let i = 0; i < nTeams; i++) {
    const name = `team_${i}`;
    teams.push(name);
    add(`team ${name} {`);
    add(`  members ${Array.from({ length: 3 + r.int(4) }, (_, k) => `rep_${i}_${k}`).join(", ")}`);
    add(`  manager boss_${i}`);
    add("}");
  }
  add("");

  add("# What a lead is worth: persona x action");
  const personas: string[] = [];
  for (let i = 0; i < nPersonas - 1; i++) {
    personas.push(`persona_${i}`);
    add(`persona persona_${i} when ${atom()} and ${r.chance(0.5) ? termRef() : atom()}`);
  }
  personas.push("everyone");
  add("persona everyone otherwise");
  const actions: string[] = [];
  for (let i = 0; i < nActions - 1; i++) {
    actions.push(`act_${i}`);
    add(`action act_${i} when ${atom()}`);
  }
  actions.push("other_action");
  add("action other_action otherwise");
  add("value {");
  add(`  columns ${actions.join(", ")}`);
  for (const p of personas) add(`  ${p}: ${actions.map(() => `$${1 + r.int(200)}`).join(", ")}`);
  add("}");
  add("");

  add("# Marketing's side");
  for (let i = 0; i < nCommit; i++) {
    const t = r.pick(terms);
    const per = r.pick(["month", "quarter", "year"]);
    add(
      r.chance(0.5)
        ? `marketing delivers ${10 + r.int(500)} ${t} per ${per}`
        : `marketing delivers $${(1 + r.int(99)).toLocaleString("en-US")},000 in ${t} per ${per}`,
    );
  }
  add("");

  add("# The funnel math");
  add("plan {");
  add("  revenue $1,000,000 per year");
  add("  average deal $10,000");
  add("  lead to opportunity 70%");
  add("  opportunity to customer 50%");
  add("}");
  add("");

  // obligations fill the rest of the budget
  add("# Sales' side");
  const tail: string[] = [];
  let k = 0;
  const events = ["demo.started", "demo.held", "noshow.reported", "call.completed", "feedback.logged", "proposal.sent"];
  while (out.length + tail.length < lines - 6) {
    const seg = segments[k % segments.length];
    const team = r.pick(teams);
    const cal = r.pick(calendars);
    const block: string[] = [];
    if (k % 10 === 0) block.push(`# obligations, part ${k / 10 + 1}`);
    switch (k % 3) {
      case 0:
        block.push(
          `respond to ${seg} within ${r.chance(0.5) ? `${5 + r.int(55)}m` : `${1 + r.int(24)} business hours${cal === "business" ? "" : ` on ${cal}`}`}`,
        );
        block.push(`  target ${90 + r.int(10)}%`);
        block.push(`  warn at ${50 + r.int(40)}%`);
        if (r.chance(0.5)) block.push(`  pause while status = "waiting on customer"`);
        block.push(`  on breach reassign round robin ${team}, escalate to manager`);
        break;
      case 1:
        block.push(
          `cadence ${seg} ${2 + r.int(8)} touches within ${3 + r.int(20)}${r.chance(0.5) ? "d" : " business days"}`,
        );
        block.push(`  target ${80 + r.int(20)}%`);
        block.push(`  on breach escalate to manager`);
        break;
      default: {
        const a = r.pick(events);
        let b = r.pick(events);
        if (b === a) b = events[(events.indexOf(a) + 1) % events.length];
        block.push(`expect ${b} within ${1 + r.int(48)}h after ${a} for ${seg}`);
        block.push(`  on breach notify "https://hooks.example.com/sla/${k}", tag "late ${k}"`);
      }
    }
    if (out.length + tail.length + block.length > lines - 1) break;
    tail.push(...block);
    k++;
  }
  out.push(...tail);
  while (out.length < lines) out.push(out.length % 7 === 0 ? "" : `# note ${out.length}`);
  return out.slice(0, lines).join("\n") + "\n";
}
