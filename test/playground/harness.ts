// The browser tests' common ground: build the playground with Vite into a
// temp dir, serve the build on 127.0.0.1 (a plain static server: what any
// static host does), drive it in Debian's chromium with playwright-core, and
// record what must never happen: console errors and requests that leave the
// page's own origin. Each test file opens its own site (a build is ~3 s).
// Skip a file's tests when /usr/bin/chromium is absent: `it.skipIf(!hasChromium)`.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { CHROMIUM_ARGS } from "../../cli/agreement-pdf.ts";
import type { PlaygroundState } from "../../playground/src/sla-playground.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const PLAYGROUND = join(REPO, "playground");
/** Where screenshots go: $SLA_SCREENSHOTS, else <tmp>/slacode-playground-screenshots. */
export const SCREENSHOTS = process.env.SLA_SCREENSHOTS ?? join(tmpdir(), "slacode-playground-screenshots");
/** upper bound for any single wait in the page */
export const WAIT = 20_000;
/** for beforeAll: build + launch + first replay */
export const SETUP_TIMEOUT = 90_000;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".ttf": "font/ttf",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
  ".webmanifest": "application/manifest+json",
};

/** Builds the playground (production mode) into a new temp dir; returns the dir. */
export async function buildPlayground(): Promise<string> {
  const { build } = await import("vite");
  const outDir = await mkdtemp(join(tmpdir(), "slacode-playground-"));
  // vitest sets NODE_ENV=test; the build must be a production one (Lit's prod mode, minified).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      root: PLAYGROUND,
      configFile: join(PLAYGROUND, "vite.config.ts"),
      logLevel: "error",
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

/** A static file server for `dir`, on 127.0.0.1 and a free port. */
export async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const s = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(dir, path.endsWith("/") ? path + "index.html" : path));
    if (!file.startsWith(dir + sep) && file !== dir) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res
        .writeHead(200, {
          "content-type": TYPES[extname(file)] ?? "application/octet-stream",
          "cache-control": "no-store",
        })
        .end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((ok, fail) => {
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => ok());
  });
  return { server: s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/` };
}

/** One built and served site, one browser; pages opened on it are watched. */
export class Site {
  readonly consoleErrors: string[] = [];
  readonly foreignRequests: string[] = [];

  private constructor(
    readonly outDir: string,
    readonly server: Server,
    /** the site's root URL, ending in "/" */
    readonly base: string,
    readonly browser: Browser,
  ) {}

  static async open(): Promise<Site> {
    const { chromium } = await import("playwright-core");
    const outDir = await buildPlayground();
    const { server, url } = await serve(outDir);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: WAIT });
    return new Site(outDir, server, url, browser);
  }

  /** A new context + page, watched for console errors and foreign requests. */
  async newPage(opts: { colorScheme?: "light" | "dark"; acceptDownloads?: boolean } = {}): Promise<Page> {
    const context: BrowserContext = await this.browser.newContext({
      viewport: { width: 1440, height: 900 },
      colorScheme: opts.colorScheme ?? "light",
      acceptDownloads: opts.acceptDownloads ?? true,
    });
    const page = await context.newPage();
    this.watch(page);
    page.setDefaultTimeout(WAIT);
    return page;
  }

  /** Records the page's console errors and every request not to this site (data:, blob:, about: are the page's own). */
  watch(page: Page): void {
    page.on("console", (m) => {
      if (m.type() === "error") this.consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => this.consoleErrors.push(`pageerror: ${e.message}`));
    page.on("request", (r) => {
      const u = r.url();
      if (!u.startsWith(this.base) && !/^(data|blob|about):/.test(u)) this.foreignRequests.push(u);
    });
  }

  /** Opens the playground (optionally with a URL hash) and waits for its first replay. */
  async openPlayground(page: Page, hash = ""): Promise<void> {
    await page.goto(this.base + hash, { waitUntil: "load", timeout: WAIT });
    await waitForReport(page);
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => {});
    await new Promise<void>((r) => this.server.close(() => r()));
    await rm(this.outDir, { recursive: true, force: true });
  }
}

/** Waits until the playground has a report on screen. */
export async function waitForReport(page: Page): Promise<void> {
  await page.waitForFunction(() => (window.slaPlayground?.state().events ?? null) !== null, undefined, {
    timeout: WAIT,
  });
}

export async function state(page: Page): Promise<PlaygroundState> {
  return page.evaluate(() => window.slaPlayground!.state());
}

/** Waits (bounded) until the playground has analysed the text after the one counted by `before` runs. */
export async function nextRun(page: Page, before: number): Promise<PlaygroundState> {
  await page.waitForFunction((n) => (window.slaPlayground?.state().runs ?? 0) > n, before, { timeout: WAIT });
  // one more frame so Lit has rendered the new state
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  return state(page);
}

/** Replaces the first match of `find` (literal) in the editor with `replace`, as one edit; false when absent. */
export async function replaceInEditor(page: Page, find: string, replace: string): Promise<boolean> {
  return page.evaluate(
    ([f, r]) => {
      const { editor } = window.slaPlayground!;
      const model = editor.getModel()!;
      const m = model.findMatches(f, false, false, true, null, false, 1)[0];
      if (!m) return false;
      editor.executeEdits("test", [{ range: m.range, text: r }]);
      return true;
    },
    [find, replace] as const,
  );
}

/** Saves a screenshot of the page as SCREENSHOTS/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** A test file's site and its first page, open between the file's beforeAll and afterAll. */
export interface PlaygroundFixture {
  readonly site: Site;
  readonly page: Page;
}

/**
 * Registers the usual setup of a browser test file: build and serve the site,
 * open the playground in a page and wait for its first report (when chromium
 * is there); close it all after the file. Read `site` and `page` in tests only.
 */
export function usePlayground(): PlaygroundFixture {
  let site: Site | null = null;
  let page: Page | null = null;
  beforeAll(async () => {
    if (!hasChromium) return;
    site = await Site.open();
    page = await site.newPage();
    await site.openPlayground(page);
  }, SETUP_TIMEOUT);
  afterAll(async () => {
    await site?.close();
  });
  return {
    get site(): Site {
      if (!site) throw new Error("the site is open only inside tests (and needs chromium)");
      return site;
    },
    get page(): Page {
      if (!page) throw new Error("the page is open only inside tests (and needs chromium)");
      return page;
    },
  };
}
