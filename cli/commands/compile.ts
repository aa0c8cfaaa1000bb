// sla compile FILE [--target ir|json-rules-engine] [--out FILE]
import { jsonText } from "../../engine/render/escape.ts";
import { compileSource } from "../../language/compile.ts";
import { renderText } from "../../language/diagnostics.ts";
import { toJsonRulesEngine } from "../../language/targets/json-rules-engine.ts";
import { validateIR } from "../../language/validate-ir.ts";
import { oneOf, parseArgs } from "../args.ts";
import { FileError, readSource } from "../files.ts";
import { type CliIO, EXIT, UsageError } from "../io.ts";
import { writeFileAtomic } from "../write-file.ts";

const HELP = `usage: sla compile FILE [--target ir|json-rules-engine] [--out FILE]

Compiles an .sla file. --target ir (default) prints the engine's IR as JSON
(validated against language/ir.schema.json; see specs/ir.md).
--target json-rules-engine prints the terms, segments, personas and actions as
json-rules-engine rules (see specs/reference.md, "Exporting to json-rules-engine").
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { values: ["target", "out"], flags: ["help"] });
  if (a.flags.has("help")) {
    io.out(HELP);
    return EXIT.ok;
  }
  const target = oneOf("target", a.values.get("target"), ["ir", "json-rules-engine"] as const, "ir");
  if (a.positional.length !== 1) throw new UsageError("give exactly one .sla file\n\n" + HELP);
  let src: ReturnType<typeof readSource>;
  try {
    src = readSource(a.positional[0]);
  } catch (e) {
    if (e instanceof FileError) throw new UsageError(e.message);
    throw e;
  }
  const r = compileSource(src.text);
  if (r.diagnostics.length) io.err(renderText(src.name, src.text, r.diagnostics));
  if (!r.ir) return EXIT.failed;
  const valid = validateIR(r.ir);
  if (!valid.ok) {
    io.err(`sla compile: internal error: the IR does not match its schema:\n  ${valid.errors.join("\n  ")}\n`);
    return EXIT.failed;
  }
  const doc = target === "ir" ? r.ir : toJsonRulesEngine(r.ir);
  const json = jsonText(doc) + "\n";
  const out = a.values.get("out");
  if (out) writeFileAtomic(out, json);
  else io.out(json);
  return EXIT.ok;
}
