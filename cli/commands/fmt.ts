// sla fmt [--check] FILE|DIR... | sla fmt -
// In place: rewrites files not in the canonical layout and prints their names.
// --check: writes nothing, prints a unified diff per unformatted file, exit 1.
// "-": formats stdin to stdout. A file with syntax errors is never rewritten:
// its diagnostics go to stderr and the exit status is 1.
import { cleanText, terminalText } from "../../engine/render/escape.ts";
import { renderText } from "../../language/diagnostics.ts";
import { format } from "../../language/format.ts";
import { parseArgs } from "../args.ts";
import { FileError, readSource, slaFilesFromArgs } from "../files.ts";
import { type CliIO, EXIT, UsageError } from "../io.ts";
import { WriteFileError, writeFileAtomic } from "../write-file.ts";

const HELP = `usage: sla fmt [--check] FILE|DIR...
       sla fmt [--check] -

Prints .sla files in the one canonical layout: one clause per line, two-space
indentation, single spaces around operators and after commas, comments kept.
Directories are searched for .sla files (recursively).
  (default)   rewrite unformatted files in place and list them on stdout
  --check     change nothing; print a diff for each unformatted file and
              exit 1 if there is any (for CI)
  -           read stdin, write the formatted text to stdout
Files with syntax errors are left alone: their errors are printed, exit 1.
A file is replaced atomically (written beside it, then renamed over it): a kill
or a failed write leaves the old content. A symlink's target is rewritten (the
link stays); a read-only file is left alone with a message.
Exit status: 0 ok, 1 unformatted (--check) or syntax errors, 2 usage errors.
`;

/** The CLI's IO, plus an optional stdin reader (tests inject one). */
export interface FmtIO extends CliIO {
  readStdin?: () => Promise<string>;
}

export async function run(args: string[], io: FmtIO): Promise<number> {
  const dd = args.indexOf("--");
  for (const x of dd === -1 ? args : args.slice(0, dd))
    if (x.startsWith("-") && !x.startsWith("--") && x !== "-" && x !== "-h")
      throw new UsageError(`unknown option '${x}'`);
  const a = parseArgs(args, { flags: ["help", "check"] });
  if (a.flags.has("help")) {
    io.out(HELP);
    return EXIT.ok;
  }
  const check = a.flags.has("check");
  if (a.positional.length === 0) throw new UsageError("no files given\n\n" + HELP);
  const color = io.errIsTTY && !process.env.NO_COLOR;

  if (a.positional.includes("-")) {
    if (a.positional.length > 1) throw new UsageError("'-' (stdin) cannot be combined with other files");
    const text = io.readStdin ? await io.readStdin() : readSource("-").text;
    const r = format(text);
    if (!r.ok) {
      io.err(renderText("<stdin>", text, r.diagnostics, { color }));
      return EXIT.failed;
    }
    if (!check) {
      io.out(r.text);
      return EXIT.ok;
    }
    if (r.text === text) return EXIT.ok;
    io.out(terminalText(unifiedDiff(text, r.text, "<stdin>", "<stdin> (formatted)")));
    return EXIT.failed;
  }

  const paths = slaFilesFromArgs(a.positional, (m) => io.err(`sla fmt: ${m}\n`));

  let failed = false;
  let unformatted = 0;
  for (const p of paths) {
    let src: ReturnType<typeof readSource>;
    try {
      src = readSource(p);
    } catch (e) {
      if (!(e instanceof FileError)) throw e;
      io.err(`sla fmt: ${e.message}\n`);
      failed = true;
      continue;
    }
    const r = format(src.text);
    if (!r.ok) {
      io.err(renderText(src.name, src.text, r.diagnostics, { color }));
      failed = true;
      continue;
    }
    if (r.text === src.text) continue;
    unformatted++;
    // the diff is for a person: control and bidi characters of the spec are shown, not obeyed
    if (check) io.out(terminalText(unifiedDiff(src.text, r.text, src.name, `${src.name} (formatted)`)));
    else {
      try {
        writeFileAtomic(p, r.text);
      } catch (e) {
        if (!(e instanceof WriteFileError)) throw e;
        io.err(`sla fmt: ${e.message}\n`);
        failed = true;
        continue;
      }
      io.out(`${cleanText(src.name)}\n`);
    }
  }
  if (check && unformatted)
    io.err(
      `sla fmt: ${unformatted} file${unformatted === 1 ? "" : "s"} not formatted; run: sla fmt ${a.positional.join(" ")}\n`,
    );
  return failed || (check && unformatted > 0) ? EXIT.failed : EXIT.ok;
}

// ---------- a small unified diff ----------

type Op = { kind: " " | "-" | "+"; text: string };

/** Lines with their "\n" (the last one may have none). */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Line edit script by longest common subsequence (after trimming the common ends). */
export function diffLines(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const ops: Op[] = a.slice(0, pre).map((text) => ({ kind: " ", text }));
  const n = am.length;
  const m = bm.length;
  if (n * m > 4_000_000) {
    // Too big for the quadratic table: one replacement (correct, not minimal).
    for (const text of am) ops.push({ kind: "-", text });
    for (const text of bm) ops.push({ kind: "+", text });
  } else {
    // lcs[i][j] = LCS length of am[i..] and bm[j..]
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        lcs[i * w + j] =
          am[i] === bm[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        ops.push({ kind: " ", text: am[i] });
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]))
        ops.push({ kind: "-", text: am[i++] });
      else ops.push({ kind: "+", text: bm[j++] });
    }
  }
  for (const text of a.slice(a.length - suf)) ops.push({ kind: " ", text });
  return ops;
}

/** `--- A` / `+++ B` and `@@ -l,n +l,n @@` hunks with `context` lines around changes; "" when equal. */
export function unifiedDiff(a: string, b: string, nameA: string, nameB: string, context = 3): string {
  const ops = diffLines(splitLines(a), splitLines(b));
  const changed = ops.flatMap((o, i) => (o.kind === " " ? [] : [i]));
  if (changed.length === 0) return "";
  let out = `--- ${nameA}\n+++ ${nameB}\n`;
  // Line numbers (0-based count of lines before) at each op.
  const aAt: number[] = [];
  const bAt: number[] = [];
  let x = 0;
  let y = 0;
  for (const o of ops) {
    aAt.push(x);
    bAt.push(y);
    if (o.kind !== "+") x++;
    if (o.kind !== "-") y++;
  }
  let k = 0;
  while (k < changed.length) {
    let last = k;
    while (last + 1 < changed.length && changed[last + 1] - changed[last] <= 2 * context + 1) last++;
    const from = Math.max(0, changed[k] - context);
    const to = Math.min(ops.length, changed[last] + context + 1);
    const hunk = ops.slice(from, to);
    const aLen = hunk.filter((o) => o.kind !== "+").length;
    const bLen = hunk.filter((o) => o.kind !== "-").length;
    const range = (start: number, len: number) =>
      len === 1 ? `${start + 1}` : `${len === 0 ? start : start + 1},${len}`;
    out += `@@ -${range(aAt[from], aLen)} +${range(bAt[from], bLen)} @@\n`;
    for (const o of hunk) {
      const nl = o.text.endsWith("\n");
      out += o.kind + (nl ? o.text : o.text + "\n\\ No newline at end of file\n");
    }
    k = last + 1;
  }
  return out;
}
