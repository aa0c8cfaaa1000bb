// sla explain SPEC --events FILE --lead ID [--format text|json]: one lead's
// story, for a manager disputing a breach (engine/explain.ts).
import { Explainer } from "../../engine/explain.ts";
import { makeEventDecoder } from "../../engine/ingest/decode.ts";
import { decodeLine } from "../../engine/ingest/jsonl.ts";
import { LineSplitter, MAX_LINE_CHARS } from "../../engine/ingest/lines.ts";
import { closest } from "../../engine/ingest/suggest.ts";
import { Failure, IngestError, type Result } from "../../engine/problems.ts";
import { jsonText } from "../../engine/render/escape.ts";
import { renderExplanation } from "../../engine/render/explain.ts";
import { oneOf, parseArgs } from "../args.ts";
import { type CliIO, EXIT, UsageError } from "../io.ts";
import { InputError, openText } from "../read.ts";
import { loadSpec } from "../spec.ts";
import { specVersion } from "../spec-version.ts";

const HELP = `usage: sla explain SPEC --events FILE --lead ID [--format text|json]

Replays the events (JSONL) against the SLA and tells one lead's story: each of
its events in replay order with its terms, segment and value after it, then
every clock: its start, pauses, warning, due instant (in the SLA's zone and in
UTC), and why it was met or breached, with the breach actions and their
targets. The whole file is replayed: round robin depends on every lead.
Exit status: 0, 1 on bad input or an unknown lead, 2 on usage errors.
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { values: ["events", "lead", "format"], flags: ["help"] });
  if (a.flags.has("help")) {
    io.out(HELP);
    return EXIT.ok;
  }
  const format = oneOf("format", a.values.get("format"), ["text", "json"] as const, "text");
  if (a.positional.length !== 1) throw new UsageError("give exactly one .sla file\n\n" + HELP);
  const events = a.values.get("events");
  const lead = a.values.get("lead");
  if (!events) throw new UsageError("give --events FILE (JSONL)");
  if (lead === undefined || lead === "") throw new UsageError("give --lead ID");
  const loaded = loadSpec(a.positional[0], io);
  if (!loaded) return EXIT.failed;
  const spec = { ir: loaded.ir, version: specVersion(a.positional[0], loaded.text, { cwd: io.cwd }) };
  const ex = new Explainer(spec.ir, lead, { ...spec.version, file: loaded.name });
  const file = events === "-" ? "<stdin>" : events;
  const decode = makeEventDecoder(spec.ir);
  const splitter = new LineSplitter(MAX_LINE_CHARS);
  const onLine = (text: Result<string>, line: number): void => {
    const r = decodeLine(decode, text);
    if (r === null) return;
    if (r instanceof Failure) throw new IngestError(r.code, file, line, r.message);
    ex.push(r, file, line);
  };
  let x: ReturnType<Explainer["finish"]>;
  try {
    for await (const chunk of openText(events)) splitter.feed(chunk, onLine);
    splitter.finish(onLine);
    x = ex.finish();
  } catch (e) {
    if (e instanceof IngestError || e instanceof InputError) {
      io.err(`${e.message}\n`);
      return EXIT.failed;
    }
    throw e;
  }
  if (!x) {
    const c = closest(lead, ex.leadIds);
    io.err(
      `sla explain: no lead ${JSON.stringify(lead)} in ${file}${c ? ` (did you mean ${JSON.stringify(c)}?)` : ""}\n`,
    );
    return EXIT.failed;
  }
  io.out(format === "json" ? jsonText(x) + "\n" : renderExplanation(x));
  return EXIT.ok;
}
