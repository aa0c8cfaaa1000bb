// The playground: `npm run playground` (dev server) and `npm run build:playground`
// (static site in playground/dist). Root is this folder; the language and
// engine are imported from the repository, unchanged.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const repo = fileURLToPath(new URL("..", import.meta.url));

/**
 * The built page may talk to nobody: a Content-Security-Policy without
 * connect-src. (Dev only gets it off because Vite's HMR needs a websocket.)
 * Inline styles are allowed: Monaco positions with them and the full report
 * (an iframe srcdoc, which inherits this policy) carries its own <style>.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self'",
  "connect-src 'none'",
  "frame-src 'self' about:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

function contentSecurityPolicy(): Plugin {
  return {
    name: "slacode-playground-csp",
    apply: "build",
    transformIndexHtml: () => [
      { tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CSP }, injectTo: "head-prepend" },
    ],
  };
}

/** Where the service worker goes in the build (next to index.html; playground/src/share/offline.ts registers it). */
export const SERVICE_WORKER = "sw.js";

/**
 * Offline once loaded: emits playground/service-worker.js as dist/sw.js with
 * the list of every built file to precache and a cache version derived from
 * their contents (a new build replaces the old cache). Runs after Vite's own
 * plugins so index.html and the workers' chunks are in the bundle.
 */
function offlineCache(): Plugin {
  return {
    name: "slacode-playground-offline",
    apply: "build",
    enforce: "post",
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => f !== SERVICE_WORKER && !f.endsWith(".map"))
        .sort();
      const hash = createHash("sha256");
      for (const f of files) {
        const out = bundle[f];
        hash.update(f).update(out.type === "chunk" ? out.code : out.source);
      }
      const precache = ["./", ...files.filter((f) => f !== "index.html")];
      const source = readFileSync(join(root, "service-worker.js"), "utf8")
        .replace("self.__SLA_PRECACHE__", () => JSON.stringify(precache))
        .replace("self.__SLA_CACHE_VERSION__", () => JSON.stringify(hash.digest("hex").slice(0, 16)));
      if (source.includes("__SLA_")) this.error("service-worker.js: a placeholder was not replaced");
      this.emitFile({ type: "asset", fileName: SERVICE_WORKER, source });
    },
  };
}

/**
 * `import { planReference } from "virtual:sla-reference-plan"`: the language
 * reference's sections on plans (3.10 and 9), read from specs/reference.md at
 * build time, so the Plan tab's empty state quotes the reference rather than a
 * copy that drifts (and the page stays self-contained offline).
 */
function referenceExcerpt(): Plugin {
  const id = "virtual:sla-reference-plan";
  const file = join(repo, "specs/reference.md");
  return {
    name: "slacode-playground-reference",
    resolveId: (source) => (source === id ? "\0" + id : null),
    load(loaded) {
      if (loaded !== "\0" + id) return null;
      this.addWatchFile(file);
      const md = readFileSync(file, "utf8");
      const section = (start: RegExp, end: RegExp): string => {
        const from = md.search(start);
        if (from < 0) this.error(`specs/reference.md: no section ${start}`);
        const rest = md.slice(from);
        const body = rest.indexOf("\n"); // the next heading after this one's line
        const to = rest.slice(body).search(end);
        return (to < 0 ? rest : rest.slice(0, body + to)).replace(/\n-{3,}\s*$/, "").trim();
      };
      const sections = [section(/^### 3\.10 .*$/m, /^#{2,3} /m), section(/^## 9 Plan math$/m, /^## /m)];
      return `export const planReference = ${JSON.stringify(sections)};`;
    },
  };
}

export default defineConfig({
  root,
  base: "./",
  plugins: [contentSecurityPolicy(), referenceExcerpt(), offlineCache()],
  server: {
    host: "127.0.0.1",
    fs: { allow: [repo] },
  },
  preview: {
    host: "127.0.0.1",
    strictPort: true,
  },
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Monaco is most of the bundle; it is one chunk on purpose.
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
  },
});
