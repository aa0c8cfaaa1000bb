// sla diff OLD.sla NEW.sla [--events FILE] [--until T] [--format table|md|json]
// First what changed in meaning (language/semantic-diff.ts, from the two IRs),
// then, with --events, what the change would have done: the same events
// replayed against both SLAs. The events are parsed once (the prepared form)
// and replayed twice; the review itself is engine/review-change.ts, shared
// with the playground's Compare tab.

import { fieldsSignature, type PreparedEvents, prepareEvents } from "../../engine/prepared.ts";
import { IngestError } from "../../engine/problems.ts";
import { jsonText } from "../../engine/render/escape.ts";
import { renderReview } from "../../engine/render/review.ts";
import { renderChanges } from "../../engine/render/semantic-diff.ts";
import { reviewChange, reviewJson, reviewVersions } from "../../engine/review-change.ts";
import { compileSource } from "../../language/compile.ts";
import { renderText } from "../../language/diagnostics.ts";
import type { IR } from "../../language/ir.ts";
import { oneOf, parseArgs } from "../args.ts";
import { FileError, readSource } from "../files.ts";
import { gitShow, isRevisionPath } from "../git-show.ts";
import { type CliIO, EXIT, UsageError } from "../io.ts";
import { InputError, openText } from "../read.ts";
import { type SpecVersion, specVersion } from "../spec-version.ts";
import { parseUntil } from "./simulate.ts";

const HELP = `usage: sla diff OLD NEW [--events FILE] [--until TIME] [--format table|md|json] [--lenient]

Lists every change in meaning between two versions of an SLA, in plain words
(windows, targets, segment conditions and order, calendars, value chart cells,
teams, commitments, plan...), computed from the compiled SLAs: a reformat is no
change. Each side is named by the SHA-256 of its text (and its git commit).

With --events (JSONL), also replays the same events against both versions and
shows what the change would have done: the targets that flip between held and
missed, the leads that land in another segment, how often each breach action
fires, the value of the leads that newly breach, then compliance per
obligation, commitments per period and the breaches that appear or disappear.

  --format md     a pull-request comment (details folded under <details>)
  --format json   {versions, changes, flips, segmentMoves, actions, breachValue, obligations, ...}

OLD and NEW are .sla files, or REV:PATH for a file at a git revision
(sla diff main:specs/inbound.sla specs/inbound.sla), read with git show.
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
  if (!events && a.values.has("until")) throw new UsageError("--until needs --events FILE");
  const maxBreaches = a.values.has("max-breaches") ? Number(a.values.get("max-breaches")) : 20;
  const before = loadSide(a.positional[0], io);
  const after = loadSide(a.positional[1], io);
  if (!before || !after) return EXIT.failed;
  if (!events) {
    const { versions, changes } = reviewVersions(before, after);
    io.out(format === "json" ? jsonText({ versions, changes }) + "\n" : renderChanges(changes, format, versions));
    return EXIT.ok;
  }
  const until = a.values.has("until") ? parseUntil(a.values.get("until")!, after.ir.timezone) : undefined;
  const lenient = a.flags.has("lenient");
  try {
    // One preparation serves both when the field declarations agree.
    const prepare = (ir: IR) => prepareEvents(ir, openText(events), { file: events, lenient: true });
    const pa = await prepare(before.ir);
    const pb: PreparedEvents =
      fieldsSignature(before.ir.fields) === fieldsSignature(after.ir.fields) ? pa : await prepare(after.ir);
    const r = reviewChange(before, after, pa, pb, { until, lenient });
    if (!r.ok) {
      const side = r.noImpact.side === "old" ? before : after;
      io.err(`${events}: no impact computed for ${side.name}: ${r.noImpact.message} (${r.noImpact.code})\n`);
      return EXIT.failed;
    }
    io.out(format === "json" ? jsonText(reviewJson(r.review)) + "\n" : renderReview(r.review, format, maxBreaches));
    return EXIT.ok;
  } catch (e) {
    if (e instanceof IngestError || e instanceof InputError) {
      io.err(`${e.message}\n`);
      return EXIT.failed;
    }
    throw e;
  }
}

/** A spec file, or REV:PATH read from git (`main:specs/inbound.sla`) when no such file exists; with its version. */
function loadSide(arg: string, io: CliIO): { ir: IR; name: string; version: SpecVersion } | null {
  let name: string;
  let text: string;
  let revision: string | undefined;
  if (isRevisionPath(arg)) {
    text = gitShow(arg, io.cwd);
    name = arg;
    revision = arg.slice(0, arg.indexOf(":"));
  } else {
    try {
      const src = readSource(arg);
      text = src.text;
      name = src.name;
    } catch (e) {
      if (e instanceof FileError) throw new UsageError(e.message);
      throw e;
    }
  }
  const r = compileSource(text);
  if (r.diagnostics.length) io.err(renderText(name, text, r.diagnostics));
  if (!r.ir) {
    io.err(`${name}: fix the errors above first (sla check)\n`);
    return null;
  }
  return { ir: r.ir, name, version: specVersion(revision === undefined ? arg : name, text, { cwd: io.cwd, revision }) };
}
