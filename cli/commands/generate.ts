// `sla generate [SPEC]`: write seeded example events (JSONL). Without SPEC (or
// for a SPEC the built-in inbound model fits, like the bundled example) the
// inbound model of generate/history.ts; for any other SPEC, data shaped by the
// spec itself (generate/spec.ts).
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  DEFAULT_OPTIONS,
  GeneratorOptionError,
  type GeneratorOptions,
  generateJsonlChunks,
  resolveOptions,
} from "../../generate/index.ts";
import {
  DEFAULT_SPEC_DATA,
  fitsSketchModel,
  generateSpecJsonlChunks,
  resolveSpecOptions,
} from "../../generate/spec.ts";
import type { IR } from "../../language/ir.ts";
import { type CliIO, EXIT, processIO, UsageError } from "../io.ts";
import { loadSpec } from "../spec.ts";
import { type AtomicFile, openAtomic, WriteFileError } from "../write-file.ts";

const d = DEFAULT_OPTIONS;
export const USAGE = `usage: sla generate [SPEC] [options]

Write a seeded, realistic history of lead events as JSONL (one event per line,
sorted by time) to stdout or --out. The same options always produce the same
bytes.

Without SPEC: the built-in inbound model (the sketch's fields: source,
employees, title, country, score, status; reps ana..erin; demo events).
With SPEC: data for that spec. When the built-in model fits it (its fields,
people and events are the model's, as in specs/examples/inbound) that model is
used, so the bundled data stays the same; otherwise (or with --model spec) the
events are shaped by the spec: its own fields with values around its
thresholds, every segment and term both matched and missed, owners from its
teams, the custom events its expect rules name, and touches timed around each
window's due instant (some met, some just before, some just after, some late,
some never), on its business calendar.

options:
  --model M             inbound or spec (default: inbound when it fits SPEC, else spec)
  --seed N              random seed (default ${d.seed})
  --start DATE          first day of the period, YYYY-MM-DD (default ${d.start})
  --months N            length of the period in months (default ${d.months})
  --leads N             exact number of leads (default: --leads-per-day x days)
  --leads-per-day N     average leads per day when --leads is not given (default ${d.leadsPerDay})
  --timezone ZONE       IANA zone of the reps' working hours (default ${d.timezone})
  --reps a,b,c          reps who receive leads (default ${d.reps.join(",")})
  --responsiveness X    rep speed: 2 = twice as fast, 0.5 = half (default ${d.responsiveness})
  --follow-up X         multiplier on follow-up touches (default ${d.followUp})
  --mix D,T,W,P         weights of demo,trial,webinar,whitepaper leads (default ${Object.values(d.sourceMix).join(",")})
  --duplicates RATE     share of events delivered twice (default ${d.duplicateRate})
  --away-rate X         vacations per rep per month (default ${d.awayRate})
  --work-hours H-H      reps' hours Mon-Fri (default ${d.workHours})
  --holidays D,D        days nobody works (default ${d.holidays.join(",")}; "" for none)
  -o, --out FILE        write to FILE instead of stdout
  -h, --help            show this help

With --model spec only --seed, --leads (default ${DEFAULT_SPEC_DATA.leads}), --start (default: the
spec's effective date), --months and --out apply.

examples:
  sla generate --seed 42 --leads 3000 --out specs/examples/inbound/events.jsonl
  sla generate specs/seeds/madkudu.sla --leads 2000 --out madkudu.jsonl
`;

/** Options of the built-in inbound model only (not of --model spec). */
const INBOUND_ONLY = [
  "leads-per-day",
  "timezone",
  "reps",
  "responsiveness",
  "follow-up",
  "mix",
  "duplicates",
  "away-rate",
  "work-hours",
  "holidays",
] as const;

const NUMBER_RE = /^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = v.replace(/_/g, "");
  if (!NUMBER_RE.test(t)) throw new UsageError(`--${name} expects a number, got '${v}'`);
  return Number(t);
}

function list(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** Parse argv into generator options (throws UsageError). */
export function parseGenerateArgs(args: string[]): {
  options: Partial<GeneratorOptions>;
  out?: string;
  help: boolean;
  spec?: string;
  model?: "inbound" | "spec";
  /** inbound-only options given on the command line, as written (--mix, ...) */
  inboundOnly: string[];
} {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        seed: { type: "string" },
        start: { type: "string" },
        months: { type: "string" },
        leads: { type: "string" },
        "leads-per-day": { type: "string" },
        timezone: { type: "string" },
        reps: { type: "string" },
        responsiveness: { type: "string" },
        "follow-up": { type: "string" },
        mix: { type: "string" },
        duplicates: { type: "string" },
        "away-rate": { type: "string" },
        "work-hours": { type: "string" },
        holidays: { type: "string" },
        model: { type: "string" },
        out: { type: "string", short: "o" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    throw new UsageError(
      `${(e instanceof Error ? e.message : String(e)).split(". To specify")[0]} (see 'sla generate --help')`,
    );
  }
  if (positionals.length > 1)
    throw new UsageError(`unexpected argument '${positionals[1]}' (see 'sla generate --help')`);
  const model = values.model as string | undefined;
  if (model !== undefined && model !== "inbound" && model !== "spec")
    throw new UsageError(`--model expects inbound or spec, got '${model}'`);
  if (model === "spec" && positionals.length === 0) throw new UsageError("--model spec needs a SPEC file");
  const str = (k: string) => values[k] as string | undefined;
  const options: Partial<GeneratorOptions> = {
    seed: num("seed", str("seed")),
    start: str("start"),
    months: num("months", str("months")),
    leads: num("leads", str("leads")),
    leadsPerDay: num("leads-per-day", str("leads-per-day")),
    timezone: str("timezone"),
    reps: list(str("reps")),
    responsiveness: num("responsiveness", str("responsiveness")),
    followUp: num("follow-up", str("follow-up")),
    duplicateRate: num("duplicates", str("duplicates")),
    awayRate: num("away-rate", str("away-rate")),
    workHours: str("work-hours"),
    holidays: list(str("holidays")),
  };
  const mix = list(str("mix"));
  if (mix) {
    if (mix.length !== 4)
      throw new UsageError(`--mix expects four weights demo,trial,webinar,whitepaper, got '${str("mix")}'`);
    const [demo, trial, webinar, whitepaper] = mix.map((m) => num("mix", m)!);
    options.sourceMix = { demo, trial, webinar, whitepaper };
  }
  return {
    options,
    out: str("out"),
    help: values.help === true,
    spec: positionals[0],
    model: model as "inbound" | "spec" | undefined,
    inboundOnly: INBOUND_ONLY.filter((k) => values[k] !== undefined).map((k) => `--${k}`),
  };
}

interface Sink {
  write(chunk: string): Promise<void> | void;
  close(): Promise<void>;
}

/** A Node stream with backpressure; a closed pipe (EPIPE) ends the output quietly. */
function streamSink(stream: NodeJS.WritableStream, closeStream: boolean): Sink & { broken(): boolean } {
  let error: (Error & { code?: string }) | null = null;
  const onError = (e: Error) => {
    error = e;
  };
  stream.on("error", onError);
  const check = () => {
    if (error && error.code !== "EPIPE") throw error;
  };
  return {
    broken: () => error !== null,
    write(chunk) {
      check();
      if (error) return;
      if (stream.write(chunk)) return;
      return new Promise<void>((res) => {
        const done = () => {
          stream.off("drain", done);
          stream.off("error", done);
          stream.off("close", done);
          res();
        };
        stream.on("drain", done);
        stream.on("error", done);
        stream.on("close", done);
      }).then(check);
    },
    async close() {
      if (closeStream && !error)
        await new Promise<void>((res) => {
          stream.end(res);
          stream.once("error", () => res());
        });
      // (stdout keeps the listener: a late EPIPE must not crash the process)
      if (closeStream) stream.off("error", onError);
      check();
    },
  };
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { options, out, help, spec, model, inboundOnly } = parseGenerateArgs(args);
  if (help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  let ir: IR | null = null;
  if (spec !== undefined) {
    const loaded = loadSpec(spec, io);
    if (!loaded) return EXIT.failed;
    if (model === "spec" || (model === undefined && !fitsSketchModel(loaded.ir))) ir = loaded.ir;
    if (ir && inboundOnly.length)
      throw new UsageError(
        `${inboundOnly.join(", ")} ${inboundOnly.length === 1 ? "applies" : "apply"} to the built-in inbound model only; ` +
          `${spec} gets data shaped by the spec (see 'sla generate --help')`,
      );
  }
  let chunks: Iterable<string>;
  let leads: number;
  try {
    if (ir) {
      const o = resolveSpecOptions(ir, {
        seed: options.seed,
        leads: options.leads,
        start: options.start,
        months: options.months,
      });
      leads = o.leads;
      chunks = generateSpecJsonlChunks(ir, o);
    } else {
      const resolved = resolveOptions(options);
      leads = resolved.leads;
      chunks = generateJsonlChunks(resolved);
    }
  } catch (e) {
    if (e instanceof GeneratorOptionError) throw new UsageError(e.message);
    throw e;
  }
  let sink: Sink & { broken?: () => boolean };
  const target = out === undefined || out === "-" ? undefined : resolve(io.cwd, out);
  let file: AtomicFile | undefined;
  if (target) {
    // Written beside the target and renamed over it at the end: an interrupted
    // run leaves the previous file, never a truncated one.
    try {
      file = openAtomic(target);
    } catch (e) {
      if (!(e instanceof WriteFileError)) throw e;
      io.err(`sla generate: ${e.message}\n`);
      return EXIT.failed;
    }
    const f = file;
    sink = { write: (c) => f.write(c), close: async () => f.commit() };
  } else if (io === processIO) {
    sink = streamSink(process.stdout, false);
  } else {
    sink = { write: (c) => io.out(c), close: async () => {} };
  }

  const started = Date.now();
  const progress = io.errIsTTY;
  let events = 0;
  let reported = 0;
  try {
    for (const chunk of chunks) {
      for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1)) events++;
      const w = sink.write(chunk);
      if (w) await w;
      if (sink.broken?.()) break;
      if (progress && events - reported >= 100_000) {
        reported = events;
        io.err(`\rsla generate: ${events.toLocaleString("en-US")} events`);
      }
    }
    await sink.close();
  } catch (e) {
    file?.abort();
    // `-o /dev/stdout | head`: the reader has all it wanted, as with stdout
    if (e instanceof WriteFileError && e.code === "EPIPE") return EXIT.ok;
    if (e instanceof WriteFileError) {
      if (progress) io.err("\n");
      io.err(`sla generate: ${e.message}\n`);
      return EXIT.failed;
    }
    if (!(e instanceof Error && "syscall" in e)) throw e; // not an I/O error: a bug, reported by main
    if (progress) io.err("\n");
    io.err(`sla generate: cannot write ${out ?? "stdout"}: ${e.message}\n`);
    return EXIT.failed;
  }
  if (progress) {
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    io.err(
      `\rsla generate: ${events.toLocaleString("en-US")} events for ${leads.toLocaleString("en-US")} leads` +
        `${target ? ` to ${out}` : ""} in ${secs}s\n`,
    );
  }
  return EXIT.ok;
}
