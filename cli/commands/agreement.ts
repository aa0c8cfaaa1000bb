// sla agreement SPEC [--format md|html|pdf] [--out FILE]: the signable
// agreement generated from the spec (engine/agreement), with the spec's
// SHA-256 in its footer so a signed copy can be matched to the file in git.
import { resolve } from "node:path";
import { agreementHtml, agreementMarkdown, buildAgreement, collectNotes } from "../../engine/agreement/index.ts";
import { parse } from "../../language/parse.ts";
import { htmlToPdf, PdfError } from "../agreement-pdf.ts";
import { oneOf, parseArgs } from "../args.ts";
import { type CliIO, EXIT, UsageError } from "../io.ts";
import { loadSpec } from "../spec.ts";
import { specVersion } from "../spec-version.ts";
import { writeFileAtomic } from "../write-file.ts";

const HELP = `usage: sla agreement SPEC [--format md|html|pdf] [--out FILE]

Writes the agreement Marketing and Sales sign, generated from the spec: parties
and owner, effective date, business hours and holidays, every definition in
plain sentences, the lead value chart, Marketing's commitments, Sales' response
windows and cadences with their targets, what happens on a breach, the plan's
funnel math and a signature block. The footer names the spec's SHA-256 (and the
git commit, when the file is committed and unchanged).

Comment lines that start with '#:' are notes: their text is carried into the
document next to the statement that follows them.

  --format md     GitHub Markdown (default)
  --format html   one self-contained page
  --format pdf    printed by Chromium (/usr/bin/chromium, or SLA_CHROMIUM); needs --out
  --out FILE      write to FILE instead of standard output
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { values: ["format", "out"], flags: ["help"] });
  if (a.flags.has("help")) {
    io.out(HELP);
    return EXIT.ok;
  }
  const format = oneOf("format", a.values.get("format"), ["md", "html", "pdf"] as const, "md");
  if (a.positional.length !== 1) throw new UsageError("give exactly one .sla file\n\n" + HELP);
  const out = a.values.get("out");
  if (format === "pdf" && (out === undefined || out === "-"))
    throw new UsageError("--format pdf writes a binary file: give --out FILE.pdf");
  const spec = loadSpec(a.positional[0], io);
  if (!spec) return EXIT.failed;
  const version = specVersion(a.positional[0], spec.text, { cwd: io.cwd });
  const doc = buildAgreement(spec.ir, version, collectNotes(parse(spec.text).ast, spec.text));
  let data: string | Uint8Array;
  if (format === "md") data = agreementMarkdown(doc);
  else if (format === "html") data = agreementHtml(doc);
  else {
    try {
      data = await htmlToPdf(agreementHtml(doc), `${spec.ir.name} · SHA-256 ${version.sha256}`);
    } catch (e) {
      if (e instanceof PdfError) {
        io.err(`sla agreement: ${e.message}\n`);
        return EXIT.failed;
      }
      throw e;
    }
  }
  if (out === undefined || out === "-") io.out(data as string);
  else {
    writeFileAtomic(resolve(io.cwd, out), data);
    io.err(`wrote ${out}\n`);
  }
  return EXIT.ok;
}
