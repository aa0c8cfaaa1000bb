// The playground: `npm run playground` (dev server) and `npm run build:playground`
// (static site in playground/dist). Root is this folder; the language and
// engine are imported from the repository, unchanged.
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

export default defineConfig({
  root,
  base: "./",
  plugins: [contentSecurityPolicy()],
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
