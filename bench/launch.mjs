// `npm run bench`: bundles the benchmark with esbuild (as `sla` itself runs:
// plain JavaScript, see cli/bin/build.js) and runs it, so what is measured is
// the code users run, not a TypeScript loader's output.

import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "bench", "out", "js");
await build({
  entryPoints: ["run", "child-language", "child-replay"].map((n) => join(root, "bench", `${n}.ts`)),
  outdir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["ajv", "ajv-formats", "json-rules-engine", "@duckdb/node-api", "tsx", "esbuild"],
  banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
  nodePaths: [join(root, "node_modules")],
  logLevel: "warning",
});
process.env.SLA_BENCH_BUNDLED = "1";
process.env.SLA_BENCH_ROOT = root;
await import(pathToFileURL(join(outdir, "run.mjs")).href);
