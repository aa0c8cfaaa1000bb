// Loading an .sla spec for commands that run it (simulate, plan, ...):
// diagnostics go to stderr; errors stop the command.
import { compileSource } from "../language/compile.ts";
import { renderText } from "../language/diagnostics.ts";
import type { IR } from "../language/ir.ts";
import { FileError, readSource } from "./files.ts";
import { type CliIO, UsageError } from "./io.ts";

export function loadSpec(path: string, io: CliIO): { ir: IR; name: string; text: string } | null {
  let src: ReturnType<typeof readSource>;
  try {
    src = readSource(path);
  } catch (e) {
    if (e instanceof FileError) throw new UsageError(e.message);
    throw e;
  }
  const r = compileSource(src.text);
  if (r.diagnostics.length) io.err(renderText(src.name, src.text, r.diagnostics));
  if (!r.ir) {
    io.err(`${src.name}: fix the errors above first (sla check ${src.name})\n`);
    return null;
  }
  return { ir: r.ir, name: src.name, text: src.text };
}
