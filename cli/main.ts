import { terminalText } from "../engine/render/escape.ts";
import { type CliIO, EXIT, processIO, UsageError } from "./io.ts";
import { WriteFileError } from "./write-file.ts";

type Command = (args: string[], io: CliIO) => Promise<number>;

// Each command lives in its own module and is loaded on demand, so `sla check`
// does not pay for the simulator's imports. A Map, not an object literal: the
// name comes from the user, and `sla constructor` must not find Object's.
const COMMANDS = new Map<string, { summary: string; load: () => Promise<Command> }>(
  Object.entries({
    check: { summary: "check .sla files for errors", load: async () => (await import("./commands/check.ts")).run },
    fmt: {
      summary: "format .sla files (in place, or --check)",
      load: async () => (await import("./commands/fmt.ts")).run,
    },
    compile: {
      summary: "compile an .sla file to IR JSON or json-rules-engine rules",
      load: async () => (await import("./commands/compile.ts")).run,
    },
    simulate: {
      summary: "replay lead history against an SLA and report",
      load: async () => (await import("./commands/simulate.ts")).run,
    },
    diff: {
      summary: "what a change to an SLA means, in words; with --events, what it would have done",
      load: async () => (await import("./commands/diff.ts")).run,
    },
    explain: {
      summary: "tell one lead's story: events, clocks, why each was met or breached",
      load: async () => (await import("./commands/explain.ts")).run,
    },
    test: {
      summary: "run an SLA's unit tests (.slatest files)",
      load: async () => (await import("./commands/test.ts")).run,
    },
    plan: {
      summary: "print the funnel math of an SLA's plan",
      load: async () => (await import("./commands/plan.ts")).run,
    },
    run: {
      summary: "enforce an SLA live over a stream of events (state in a directory)",
      load: async () => (await import("./commands/run.ts")).run,
    },
    agreement: {
      summary: "write the signable agreement (Markdown, HTML or PDF) generated from an SLA",
      load: async () => (await import("./commands/agreement.ts")).run,
    },
    staff: {
      summary: "how many reps the response windows need at the volume in the events",
      load: async () => (await import("./commands/staff.ts")).run,
    },
    generate: {
      summary: "write seeded example events (JSONL) for an SLA",
      load: async () => (await import("./commands/generate.ts")).run,
    },
  }),
);

export function usage(): string {
  const lines = [...COMMANDS].map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`);
  return `usage: sla <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun 'sla <command> --help' for a command's options.\n`;
}

export async function main(argv: string[], base: CliIO = processIO): Promise<number> {
  // stderr never carries a control, C1 or bidi character from user input (a
  // file name, a value in an error message): shown escaped, our colours kept
  const io: CliIO = { ...base, err: (t) => base.err(terminalText(t)) };
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === "--version") {
    io.out("slacode 0.1.0\n");
    return EXIT.ok;
  }
  const command = COMMANDS.get(name);
  if (!command) {
    io.err(`sla: unknown command '${name}'\n\n${usage()}`);
    return EXIT.usage;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`sla ${name}: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof WriteFileError) {
      io.err(`sla ${name}: ${e.message}\n`);
      return EXIT.failed;
    }
    // Never a stack trace for user input: an unexpected error is our bug.
    const message = e instanceof Error ? e.message : String(e);
    io.err(
      `sla ${name}: internal error: ${message}\n(please report this with the input that caused it; set SLA_DEBUG=1 for a stack trace)\n`,
    );
    if (process.env.SLA_DEBUG && e instanceof Error) io.err(`${e.stack}\n`);
    return EXIT.failed;
  }
}
