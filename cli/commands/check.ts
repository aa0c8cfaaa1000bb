// sla check FILE... [--format text|json|sarif|github] [--fix]: exit 0 clean (warnings allowed), 1 errors, 2 usage.
import { cleanText, jsonText } from "../../engine/render/escape.ts";
import { toGithubAnnotations, toSarif } from "../../language/ci-formats.ts";
import { compileSource } from "../../language/compile.ts";
import { type JsonDiagnostic, renderText, toJson } from "../../language/diagnostics.ts";
import { applyFixes } from "../../language/fixes.ts";
import { oneOf, parseArgs } from "../args.ts";
import { FileError, readSource, slaFilesFromArgs } from "../files.ts";
import { type CliIO, EXIT, UsageError } from "../io.ts";
import { WriteFileError, writeFileAtomic } from "../write-file.ts";

const HELP = `usage: sla check [--format text|json|sarif|github] [--strict] [--fix] FILE|DIR...

Checks .sla files and prints every problem found:
  FILE:LINE:COL: error|warning CODE: message
Exit status: 0 when there are no errors, 1 when there are, 2 on usage errors.
  --format json   machine-readable diagnostics for CI (with each problem's fixes)
  --format sarif  SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, ...)
  --format github GitHub Actions workflow commands: annotations on the lines
  --strict        treat warnings as errors
  --fix           apply every unambiguous fix (a problem with exactly one fix
                  whose edits touch no other fix's), rewrite the file
                  atomically, then check it again and report what is left
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { values: ["format"], flags: ["help", "strict", "fix", "color", "no-color"] });
  if (a.flags.has("help")) {
    io.out(HELP);
    return EXIT.ok;
  }
  const format = oneOf("format", a.values.get("format"), ["text", "json", "sarif", "github"] as const, "text");
  if (a.positional.length === 0) throw new UsageError("no files given\n\n" + HELP);
  const fix = a.flags.has("fix");
  if (fix && a.positional.includes("-"))
    throw new UsageError("--fix rewrites files; it cannot fix stdin (-)\n\n" + HELP);
  const paths = slaFilesFromArgs(a.positional, (m) => io.err(`sla check: ${m}\n`));
  const color =
    a.flags.has("color") || (io.errIsTTY && !a.flags.has("no-color") && !process.env.NO_COLOR && format === "text");
  let errors = 0;
  let warnings = 0;
  let failed = false;
  const json: JsonDiagnostic[] = [];
  const fileErrors: string[] = [];
  const fixed: { file: string; fixes: number }[] = [];
  for (const p of paths) {
    let src: ReturnType<typeof readSource>;
    try {
      src = readSource(p);
    } catch (e) {
      if (!(e instanceof FileError)) throw e;
      fileErrors.push(e.message);
      failed = true;
      continue;
    }
    let r = compileSource(src.text);
    if (fix) {
      const f = applyFixes(src.text, r.diagnostics);
      if (f.applied.length && f.text !== src.text) {
        try {
          writeFileAtomic(p, f.text);
        } catch (e) {
          if (!(e instanceof WriteFileError)) throw e;
          fileErrors.push(e.message);
          failed = true;
          continue;
        }
        fixed.push({ file: src.name, fixes: f.applied.length });
        if (format === "text")
          io.err(
            `sla check: ${cleanText(src.name)}: applied ${f.applied.length} fix${f.applied.length === 1 ? "" : "es"}\n`,
          );
        src = { ...src, text: f.text };
        r = compileSource(f.text);
      }
    }
    for (const d of r.diagnostics) d.severity === "error" ? errors++ : warnings++;
    if (format !== "text") json.push(...toJson(src.name, src.text, r.diagnostics));
    else if (r.diagnostics.length) io.out(renderText(src.name, src.text, r.diagnostics, { color }));
  }
  if (format === "json")
    io.out(
      jsonText(
        fix
          ? { files: paths.length, errors, warnings, diagnostics: json, fileErrors, fixed }
          : { files: paths.length, errors, warnings, diagnostics: json, fileErrors },
      ) + "\n",
    );
  else if (format === "sarif") {
    io.out(jsonText(toSarif(json, "0.1.0")) + "\n");
    for (const m of fileErrors) io.err(`sla check: ${cleanText(m)}\n`);
  } else if (format === "github") {
    io.out(toGithubAnnotations(json));
    for (const m of fileErrors) io.out(`::error ::${cleanText(m).replace(/%/g, "%25")}\n`);
  } else {
    for (const m of fileErrors) io.err(`sla check: ${cleanText(m)}\n`);
    const summary = `${paths.length} file${paths.length === 1 ? "" : "s"} checked: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}\n`;
    if (errors || warnings || paths.length > 1) io.err(summary);
  }
  return failed || errors > 0 || (a.flags.has("strict") && warnings > 0) ? EXIT.failed : EXIT.ok;
}
