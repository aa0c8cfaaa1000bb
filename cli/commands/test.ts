// sla test FILE|DIR... [--format text|json]: runs the `.slatest` files (unit
// tests for SLAs, see specs/reference.md "Testing an SLA") against their specs.
// Exit 0 when every test passes, 1 on a failure or a broken file, 2 on usage.
import { readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { cleanText, jsonText } from "../../engine/render/escape.ts";
import { renderFileResult, renderTestDiagnostics } from "../../engine/testing/render.ts";
import { type FileResult, runTestFile } from "../../engine/testing/run.ts";
import { parseTestFile, specPathOf, type TestDiagnostic } from "../../engine/testing/syntax.ts";
import { compileSource } from "../../language/compile.ts";
import { renderText } from "../../language/diagnostics.ts";
import { oneOf, parseArgs } from "../args.ts";
import { FileError, readSource } from "../files.ts";
import { type CliIO, EXIT, UsageError } from "../io.ts";
import { type SpecVersion, specVersion, versionText } from "../spec-version.ts";

const HELP = `usage: sla test [--format text|json] FILE|DIR...

Runs unit tests for SLAs. A test file NAME.slatest sits next to NAME.sla (or
names its spec on a first line: spec "path.sla"); each test gives events at
times and the outcome expected at an instant: a lead's segment, terms, value,
owner, obligations met/breached/open/warned, actions fired, commitments held.

FILE may be a .slatest file, an .sla file (its NAME.slatest is run) or a
directory (every .slatest file inside). Failures print expected vs got with
the test file's FILE:LINE; each file ends with a coverage line naming the
segments, obligations, breach actions and value chart cells no test exercised.
Exit status: 0 when every test passes, 1 otherwise, 2 on usage errors.
`;

interface JsonFile {
  file: string;
  spec: string | null;
  /** the spec's content hash and git commit (when clean in git) */
  specVersion: SpecVersion | null;
  problems: { file: string; line: number; column: number; code: string; message: string; help?: string }[];
  tests: FileResult["tests"];
  coverage: FileResult["coverage"] | null;
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { values: ["format"], flags: ["help"] });
  if (a.flags.has("help")) {
    io.out(HELP);
    return EXIT.ok;
  }
  const format = oneOf("format", a.values.get("format"), ["text", "json"] as const, "text");
  if (a.positional.length === 0) throw new UsageError("no files given\n\n" + HELP);
  const files = testFiles(a.positional);
  if (files.length === 0) throw new UsageError(`no .slatest files in ${a.positional.join(", ")}`);
  const json: JsonFile[] = [];
  let failedFiles = 0;
  let tests = 0;
  let failed = 0;
  for (const path of files) {
    const r = runOne(path);
    json.push(r.json);
    tests += r.json.tests.length;
    failed += r.json.tests.filter((t) => !t.passed).length;
    if (!r.ok) failedFiles++;
    if (format === "text") io.out(r.text);
  }
  const passed = tests - failed;
  if (format === "json")
    io.out(
      jsonText({ tests, passed, failed, brokenFiles: json.filter((f) => f.problems.length).length, files: json }) +
        "\n",
    );
  else
    io.out(
      `\n${tests} test${tests === 1 ? "" : "s"} in ${files.length} file${files.length === 1 ? "" : "s"}: ${passed} passed, ${failed} failed${failedFiles && !failed ? " (a file could not be run)" : ""}\n`,
    );
  return failedFiles > 0 ? EXIT.failed : EXIT.ok;
}

/** Reads, checks and runs one test file: its text output, its JSON, and whether it passed. */
function runOne(path: string): { ok: boolean; text: string; json: JsonFile } {
  const json: JsonFile = { file: path, spec: null, specVersion: null, problems: [], tests: [], coverage: null };
  const fail = (text: string) => ({ ok: false, text, json });
  let src: ReturnType<typeof readSource>;
  try {
    src = readSource(path);
  } catch (e) {
    if (!(e instanceof FileError)) throw e;
    json.problems.push({ file: path, line: 0, column: 0, code: "SLT000", message: e.message });
    return fail(`sla test: ${cleanText(e.message)}\n`);
  }
  json.file = src.name;
  const named = specPathOf(src.text);
  const specPath = named !== null ? join(dirname(path), named) : path.replace(/\.slatest$/, ".sla");
  let spec: ReturnType<typeof readSource>;
  try {
    spec = readSource(specPath);
  } catch (e) {
    if (!(e instanceof FileError)) throw e;
    const message = `${src.name}: its spec ${specPath} cannot be read (${e.message.replace(`${specPath}: `, "")})`;
    json.problems.push({ file: src.name, line: 1, column: 1, code: "SLT000", message });
    return fail(
      `sla test: ${cleanText(message)}\n  (a test file tests NAME.sla next to it, or the spec named on its first line: spec "path.sla")\n`,
    );
  }
  json.spec = spec.name;
  const version = specVersion(specPath, spec.text, { cwd: process.cwd() });
  json.specVersion = version;
  const compiled = compileSource(spec.text);
  if (!compiled.ir) {
    json.problems.push({ file: spec.name, line: 0, column: 0, code: "SLT000", message: "the spec has errors" });
    return fail(
      renderText(spec.name, spec.text, compiled.diagnostics) +
        `sla test: ${cleanText(spec.name)} has errors; fix them first (sla check ${cleanText(spec.name)})\n`,
    );
  }
  const parsed = parseTestFile(src.text, compiled.ir);
  if (parsed.diagnostics.length) {
    json.problems.push(...parsed.diagnostics.map((d: TestDiagnostic) => problem(src.name, d)));
    return fail(renderTestDiagnostics(src.name, src.text, parsed.diagnostics));
  }
  const result = runTestFile(compiled.ir, parsed);
  json.tests = result.tests;
  json.coverage = result.coverage;
  const ok = result.tests.every((t) => t.passed);
  return { ok, text: renderFileResult(src.name, `${spec.name} @ ${versionText(version)}`, result), json };
}

function problem(file: string, d: TestDiagnostic): JsonFile["problems"][number] {
  const p: JsonFile["problems"][number] = { file, line: d.line, column: d.col, code: d.code, message: d.message };
  if (d.help) p.help = d.help;
  return p;
}

/** .slatest files named or inside directories (sorted); an .sla file stands for its NAME.slatest. */
function testFiles(args: string[]): string[] {
  const out: string[] = [];
  for (const p of args) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new UsageError(`${p}: no such file or directory`);
    }
    if (st.isDirectory()) {
      const walk = (dir: string): void => {
        for (const e of readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
          if (e.name === "node_modules" || e.name.startsWith(".")) continue;
          const full = join(dir, e.name);
          if (e.isDirectory()) walk(full);
          else if (e.name.endsWith(".slatest") && e.isFile()) out.push(full);
        }
      };
      walk(p);
    } else if (p.endsWith(".sla")) {
      const t = p.replace(/\.sla$/, ".slatest");
      try {
        statSync(t);
      } catch {
        throw new UsageError(`${p} has no tests: write them in ${join(dirname(p), basename(t))}`);
      }
      out.push(t);
    } else out.push(p);
  }
  return out;
}
