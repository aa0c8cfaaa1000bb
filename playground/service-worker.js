// The playground's service worker: once the page has been loaded, it works
// offline. Hand-written on purpose (no dependency): the build (vite.config.ts,
// plugin "slacode-playground-offline") copies it to dist/sw.js and replaces the
// two placeholders below with the list of built files and a version derived
// from their contents. Registered by playground/src/share/offline.ts, only in
// the build and only over http(s).
//
// - install: precache every built file (paths relative to this script, so the
//   site works under any path of any static host);
// - activate: drop the caches of older builds, take control of open pages;
// - fetch (same origin, GET only): the page itself network-first (a new build
//   is seen at once when online), falling back to the cached page offline;
//   everything else cache-first (file names carry a content hash), and what
//   was missing is cached as it is fetched.

/** @type {string[]} */
const PRECACHE = self.__SLA_PRECACHE__;
/** @type {string} */
const VERSION = self.__SLA_CACHE_VERSION__;
const PREFIX = "slacode-playground-";
const CACHE = PREFIX + VERSION;
const PAGE = new URL("./", self.location.href).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(PRECACHE.map((p) => new Request(new URL(p, self.location.href), { cache: "reload" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") event.respondWith(page(request));
  else event.respondWith(asset(request));
});

/** The page: the network when it answers, else the cached page (whatever the query; the state is in the hash). */
async function page(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && new URL(request.url).pathname === new URL(PAGE).pathname)
      await cache.put(PAGE, response.clone());
    return response;
  } catch (error) {
    const cached = (await cache.match(PAGE)) ?? (await cache.match(request, { ignoreSearch: true }));
    if (cached) return cached;
    throw error;
  }
}

/** A built file: from the cache, else from the network (and kept). */
async function asset(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}
