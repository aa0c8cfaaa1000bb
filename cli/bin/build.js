// Compiles the CLI's TypeScript into one cached ES module on first use (and
// again whenever a source file changes), so `npx sla` needs no build step yet
// runs plain JavaScript: faster start-up than a TypeScript loader, and no
// per-closure naming overhead in the parser's hot path. Falls back to tsx
// when esbuild is unavailable.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SOURCE_DIRS = ["language", "engine", "cli", "specs/mappings"];

/** A fingerprint of every source file's path, size and modification time. */
function fingerprint() {
  const h = createHash("sha1");
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|json)$/.test(e.name)) {
        const s = statSync(p);
        h.update(`${p}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  for (const d of SOURCE_DIRS) walk(join(root, d));
  return h.digest("hex").slice(0, 16);
}

function cacheDir() {
  for (const dir of [join(root, "node_modules", ".cache", "slacode"), join(tmpdir(), "slacode-cache")]) {
    try {
      mkdirSync(dir, { recursive: true });
      return dir;
    } catch {
      /* try the next one */
    }
  }
  return null;
}

/** URL of the compiled CLI entry module (or of the TypeScript source, via tsx). */
export async function cliEntry() {
  if (!process.env.SLA_NO_BUNDLE) {
    const dir = cacheDir();
    if (dir) {
      const out = join(dir, `cli-${fingerprint()}.mjs`);
      if (existsSync(out)) return pathToFileURL(out).href;
      try {
        const { build } = await import("esbuild");
        const tmp = `${out}.${process.pid}.tmp`;
        await build({
          entryPoints: [join(root, "cli", "main.ts")],
          outfile: tmp,
          bundle: true,
          platform: "node",
          format: "esm",
          target: "node20",
          // Bundling chevrotain (and its lodash-es) and luxon saves ~0.5 s of
          // module loading per run; CommonJS packages stay external.
          // Native addons (better-sqlite3) and the database/metrics clients stay external too.
          external: [
            "ajv",
            "ajv-formats",
            "json-rules-engine",
            "tsx",
            "esbuild",
            "@duckdb/node-api",
            "better-sqlite3",
            "pg",
            "prom-client",
            "playwright-core",
          ],
          logLevel: "silent",
          // Bare imports resolve from the repository, wherever the bundle lives.
          nodePaths: [join(root, "node_modules")],
        });
        renameSync(tmp, out); // atomic: concurrent first runs race harmlessly
        return pathToFileURL(out).href;
      } catch {
        /* fall back to tsx below */
      }
    }
  }
  const { register } = await import("tsx/esm/api");
  register();
  return pathToFileURL(join(root, "cli", "main.ts")).href;
}
