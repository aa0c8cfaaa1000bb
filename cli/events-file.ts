// The whole JSONL lead history in memory, for the commands that replay it
// more than once or outside `sla simulate` (sla staff, sla plan --events).
// Problems go to stderr as `sla simulate` prints them; null means stop.
import type { SlaEvent } from "../engine/events.ts";
import { readJsonlEvents } from "../engine/ingest/jsonl.ts";
import { IngestError, isRowLevel } from "../engine/problems.ts";
import type { IR } from "../language/ir.ts";
import type { CliIO } from "./io.ts";
import { InputError, openText } from "./read.ts";

export async function readEventsFile(
  path: string,
  ir: Pick<IR, "fields">,
  lenient: boolean,
  io: CliIO,
): Promise<SlaEvent[] | null> {
  const list: SlaEvent[] = [];
  try {
    const file = path === "-" ? "<stdin>" : path;
    for await (const e of readJsonlEvents(openText(path), { file, ir, lenient })) list.push(e);
  } catch (e) {
    if (e instanceof IngestError || e instanceof InputError) {
      io.err(`${e.message}\n`);
      if (e instanceof IngestError && isRowLevel(e.code)) io.err("(use --lenient to skip bad rows)\n");
      return null;
    }
    throw e;
  }
  return list;
}
