// Offline once loaded: registers the build's service worker (dist/sw.js, made
// by the "slacode-playground-offline" plugin in playground/vite.config.ts from
// playground/service-worker.js). Only in the build (the dev server serves no
// sw.js and must not be cached) and only over http(s) (a page opened from
// file:// cannot have one). A failure is no error: the page works online.
export function registerOffline(): void {
  if (!import.meta.env.PROD) return;
  if (location.protocol !== "http:" && location.protocol !== "https:") return;
  if (!("serviceWorker" in navigator)) return;
  // relative to the page, so the site works under any path
  navigator.serviceWorker.register("./sw.js").catch(() => {
    // e.g. a private window that refuses service workers: online only
  });
}
