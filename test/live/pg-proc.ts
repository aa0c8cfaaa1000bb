// A child process for the PostgreSQL tests: `sla run SPEC --state URL` on
// stdin, through the same code path (runPg) as the CLI, started with tsx.
// argv: URL SPEC LEASE_MS [BATCH]
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { compileSource } from "../../language/compile.ts";
import { runPg } from "../../cli/run/pg-run.ts";

const [url, specPath, leaseMs, batch] = process.argv.slice(2);
const text = readFileSync(specPath, "utf8");
const ir = compileSource(text).ir;
if (!ir) throw new Error(`${specPath} does not compile`);
process.stdin.setEncoding("utf8");
const t0 = Date.now();
const stats = await runPg({
  url,
  ir,
  specVersion: createHash("sha256").update(text).digest("hex"),
  input: process.stdin,
  inputName: "<stdin>",
  out: (s) => new Promise<void>((res, rej) => process.stdout.write(s, (e) => (e ? rej(e) : res()))),
  err: (s) => process.stderr.write(s),
  clock: "events",
  leaseMs: Number(leaseMs),
  batch: batch ? Number(batch) : undefined,
});
process.stderr.write(`pg-proc ${process.pid}: ${JSON.stringify({ ...stats, ms: Date.now() - t0 })}\n`);
