// `sla generate`: write seeded example events (JSONL) — see generate/history.ts for the model.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  DEFAULT_OPTIONS,
  GeneratorOptionError,
  type GeneratorOptions,
  generateJsonlChunks,
  resolveOptions,
} from "../../generate/index.ts";
import { type CliIO, EXIT, processIO, UsageError } from "../io.ts";
import { type AtomicFile, openAtomic, WriteFileError } from "../write-file.ts";

const d = DEFAULT_OPTIONS;
export const USAGE = `usage: sla generate [options]

Write a seeded, realistic history of inbound-lead events as JSONL (one event per
line, sorted by time) to stdout or --out. The same options always produce the
same bytes.

options:
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

example:
  sla generate --seed 42 --leads 3000 --out specs/examples/inbound/events.jsonl
`;

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
export function parseGenerateArgs(args: string[]): { options: Partial<GeneratorOptions>; out?: string; help: boolean } {
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
        out: { type: "string", short: "o" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    throw new UsageError(
      `${(e instanceof Error ? e.message : String(e)).split(". To specify")[0]} (see 'sla generate --help')`,
    );
  }
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}' (see 'sla generate --help')`);
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
  return { options, out: str("out"), help: values.help === true };
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
  const { options, out, help } = parseGenerateArgs(args);
  if (help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  let resolved: ReturnType<typeof resolveOptions>;
  try {
    resolved = resolveOptions(options);
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
    for (const chunk of generateJsonlChunks(resolved)) {
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
      `\rsla generate: ${events.toLocaleString("en-US")} events for ${resolved.leads.toLocaleString("en-US")} leads` +
        `${target ? ` to ${out}` : ""} in ${secs}s\n`,
    );
  }
  return EXIT.ok;
}
