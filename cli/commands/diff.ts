// sla diff OLD.sla NEW.sla --events FILE [--until T] [--format table|md|json]
// Replays the same events against both SLAs and shows what the change would
// have done. The events are parsed once (the prepared form) and replayed twice.

import { diffReports } from "../../engine/diff.ts";
import { IngestError } from "../../engine/problems.ts";
import { renderDiff } from "../../engine/render/diff.ts";
import { jsonText } from "../../engine/render/escape.ts";
import { fieldsSignature, type PreparedEvents, prepareEvents, replayPrepared } from "../../engine/prepared.ts";
import type { IR } from "../../language/ir.ts";
import { oneOf, parseArgs } from "../args.ts";
import { type CliIO, EXIT, UsageError } from "../io.ts";
import { InputError, openText } from "../read.ts";
import { loadSpec } from "../spec.ts";
import { parseUntil } from "./simulate.ts";

const HELP = `usage: sla diff OLD.sla NEW.sla --events FILE [--until TIME] [--format table|md|json] [--lenient]

Replays the same events against two versions of an SLA and shows what the
change would have done: compliance per obligation, commitments per period, and
the breaches that would appear or disappear. --format md is made for a
pull-request comment.
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { values: ["events", "until", "format", "max-breaches"], flags: ["help", "lenient"] });
  if (a.flags.has("help")) {
    io.out(HELP);
    return EXIT.ok;
  }
  const format = oneOf("format", a.values.get("format"), ["table", "md", "json"] as const, "table");
  if (a.positional.length !== 2) throw new UsageError("give the old and the new .sla file\n\n" + HELP);
  const events = a.values.get("events");
  if (!events) throw new UsageError("give --events FILE (JSONL)");
  const maxBreaches = a.values.has("max-breaches") ? Number(a.values.get("max-breaches")) : 20;
  const before = loadSpec(a.positional[0], io);
  const after = loadSpec(a.positional[1], io);
  if (!before || !after) return EXIT.failed;
  const until = a.values.has("until") ? parseUntil(a.values.get("until")!, after.ir.timezone) : undefined;
  const lenient = a.flags.has("lenient");
  try {
    // One preparation serves both when the field declarations agree.
    const prepare = (ir: IR) => prepareEvents(ir, openText(events), { file: events, lenient: true });
    const pa = await prepare(before.ir);
    const pb: PreparedEvents =
      fieldsSignature(before.ir.fields) === fieldsSignature(after.ir.fields) ? pa : await prepare(after.ir);
    for (const p of [pa, pb]) {
      const first = p.meta.rejected[0];
      if (!lenient && first) throw new IngestError(first.code, first.file, first.line, first.reason);
    }
    const d = diffReports(replayPrepared(before.ir, pa, { until }), replayPrepared(after.ir, pb, { until }));
    io.out(format === "json" ? jsonText(d) + "\n" : renderDiff(d, format, maxBreaches));
    return EXIT.ok;
  } catch (e) {
    if (e instanceof IngestError || e instanceof InputError) {
      io.err(`${e.message}\n`);
      return EXIT.failed;
    }
    throw e;
  }
}
