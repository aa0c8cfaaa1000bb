// End to end: build the playground with Vite, serve the build on 127.0.0.1,
// drive it in Debian's chromium (playwright-core) and check that editing the
// SLA re-checks and re-simulates it. Skipped when /usr/bin/chromium is absent.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CHROMIUM_ARGS } from "../../cli/agreement-pdf.ts";
import { format } from "../../language/format.ts";
import type { PlaygroundState } from "../../playground/src/sla-playground.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const PLAYGROUND = join(REPO, "playground");
const SKETCH_PATH = join(REPO, "specs/examples/inbound/inbound.sla");
export const SCREENSHOT = "/tmp/slacode-playground.png";
export const SCREENSHOT_ERROR = "/tmp/slacode-playground-error.png";
/** upper bound for any single wait in the page */
const WAIT = 15_000;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".ttf": "font/ttf",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
};

let outDir = "";
let server: Server | null = null;
let browser: Browser | null = null;
let page: Page | null = null;
let base = "";
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

/** A static file server for the build, on 127.0.0.1 and a free port. */
async function serve(dir: string): Promise<{ server: Server; url: string }> {
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

async function state(): Promise<PlaygroundState> {
  return page!.evaluate(() => window.slaPlayground!.state());
}

/** Waits (bounded) until the playground has analysed the text after the current one. */
async function nextRun(before: number): Promise<PlaygroundState> {
  await page!.waitForFunction((n) => (window.slaPlayground?.state().runs ?? 0) > n, before, { timeout: WAIT });
  // one more frame so Lit has rendered the new state
  await page!.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  return state();
}

/** Replaces the first match of `find` (literal) in the editor with `replace`, as one edit. */
async function replaceInEditor(find: string, replace: string): Promise<void> {
  const ok = await page!.evaluate(
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
  expect(ok, `"${find}" in the editor`).toBe(true);
}

async function statusText(): Promise<string> {
  return (await page!.locator('[data-testid="status"]').textContent({ timeout: WAIT })) ?? "";
}

beforeAll(async () => {
  if (!hasChromium) return;
  const { build } = await import("vite");
  const { chromium } = await import("playwright-core");
  outDir = await mkdtemp(join(tmpdir(), "slacode-playground-"));
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
  const served = await serve(outDir);
  server = served.server;
  base = served.url;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    timeout: WAIT,
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: "light" });
  page.setDefaultTimeout(WAIT);
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith("data:") && !u.startsWith("blob:") && !u.startsWith("about:"))
      foreignRequests.push(u);
  });
  await page.goto(base, { waitUntil: "load", timeout: WAIT });
  await page.waitForFunction(() => (window.slaPlayground?.state().events ?? null) !== null, undefined, {
    timeout: WAIT,
  });
}, 50_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

it.skipIf(!hasChromium)(
  "loads without console errors, shows the sketch, checks it clean and simulates it",
  async () => {
    const p = page!;
    const sketch = await readFile(SKETCH_PATH, "utf8");
    expect(await p.evaluate(() => window.slaPlayground!.editor.getValue())).toBe(sketch);
    // rendered by Monaco, highlighted by the sla tokenizer
    // (Monaco renders spaces as no-break spaces)
    const shown = async () =>
      ((await p.locator(".monaco-editor .view-lines").textContent()) ?? "").replace(/\u00a0/g, " ");
    await expect.poll(shown, { timeout: WAIT }).toContain('sla "Inbound lead SLA"');
    const tokens = await p.evaluate(() => {
      const { monaco } = window.slaPlayground!;
      return monaco.editor
        .tokenize("marketing delivers $84,000 in VQL per month # c\nrespond to x within 5m\n  target 99%", "sla")
        .flat()
        .map((t) => t.type);
    });
    for (const t of [
      "keyword.sla",
      "number.money.sla",
      "identifier.sla",
      "comment.sla",
      "number.duration.sla",
      "number.percent.sla",
    ])
      expect(tokens).toContain(t);

    const s = await state();
    expect(s.errors).toBe(0);
    expect(s.warnings).toBe(0);
    expect(s.events).toBeGreaterThan(5_000);
    expect(s.breaches).toBeGreaterThan(0);
    expect(await statusText()).toMatch(/^0 errors, 0 warnings · simulated [\d,]+ events in [\d.]+ ms/);
    // the summary: obligations, commitments and first breaches
    await expect
      .poll(() => p.locator("sla-results table[data-testid=obligations] tbody tr").count(), { timeout: WAIT })
      .toBe(4);
    expect(await p.locator("sla-results table[data-testid=commitments]").textContent()).toContain(
      "$84,000 in VQL per month",
    );
    expect(await p.locator("sla-results table[data-testid=breaches] tbody tr").count()).toBeGreaterThan(0);
    await p.screenshot({ path: SCREENSHOT });
    expect(consoleErrors).toEqual([]);
  },
);

it.skipIf(!hasChromium)("a typo typed on the keyboard becomes an SLA302 marker and 1 error", async () => {
  const p = page!;
  const before = (await state()).runs;
  // the cursor goes just after `"dem` in the hand_raisers segment, then a real keystroke
  await p.evaluate(() => {
    const { editor } = window.slaPlayground!;
    const model = editor.getModel()!;
    const m = model.findMatches(
      'segment hand_raisers when VQL and source = "dem',
      false,
      false,
      true,
      null,
      false,
      1,
    )[0];
    editor.setPosition({ lineNumber: m.range.endLineNumber, column: m.range.endColumn });
    editor.focus();
  });
  await p.keyboard.type("m");
  const s = await nextRun(before);
  expect(await p.evaluate(() => window.slaPlayground!.editor.getValue())).toContain('source = "demmo"');
  expect(s.errors).toBe(1);
  expect(s.codes).toEqual(["SLA302"]);
  const markers = await p.evaluate(() => {
    const { monaco, editor } = window.slaPlayground!;
    return monaco.editor
      .getModelMarkers({ resource: editor.getModel()!.uri })
      .map((m) => ({ code: m.code, severity: m.severity, message: m.message }));
  });
  expect(markers).toHaveLength(1);
  expect(markers[0].code).toBe("SLA302");
  expect(markers[0].severity).toBe(8);
  expect(markers[0].message).toContain('did you mean "demo"?');
  expect(await statusText()).toMatch(/^1 error, 0 warnings · not re-simulated/);
  await expect.poll(() => p.locator(".monaco-editor .squiggly-error").count(), { timeout: WAIT }).toBeGreaterThan(0);
  expect(await p.locator("sla-problems li").first().textContent()).toContain("SLA302");
  await p.screenshot({ path: SCREENSHOT_ERROR });

  // undo: clean again, and simulated again
  const runs = (await state()).runs;
  await p.evaluate(() => window.slaPlayground!.editor.trigger("test", "undo", null));
  const t = await nextRun(runs);
  expect(t.errors).toBe(0);
  expect(await statusText()).toMatch(/^0 errors, 0 warnings · simulated/);
});

it.skipIf(!hasChromium)("a wider response window changes the breach count", async () => {
  const p = page!;
  const before = await state();
  await replaceInEditor("respond to hand_raisers within 5m", "respond to hand_raisers within 1h");
  const after = await nextRun(before.runs);
  expect(after.errors).toBe(0);
  expect(after.breaches).not.toBe(before.breaches);
  expect(after.breaches!).toBeLessThan(before.breaches!);
  // the change since the previous run is shown
  expect(await p.locator("sla-results [data-testid=breaches]").first().textContent()).toMatch(/−\d/);
  expect(await statusText()).toMatch(/^0 errors, 0 warnings · simulated [\d,]+ events in [\d.]+ ms$/);
});

it.skipIf(!hasChromium)("the Format button prints the canonical layout", async () => {
  const p = page!;
  const before = (await state()).runs;
  await replaceInEditor("respond to hand_raisers within 1h", "respond   to hand_raisers    within 1h");
  await replaceInEditor("  target 99%", "        target 99%");
  await nextRun(before);
  const messy = await p.evaluate(() => window.slaPlayground!.editor.getValue());
  const expected = format(messy);
  expect(expected.ok).toBe(true);
  await p.locator('[data-testid="format"]').click();
  const text = await p.evaluate(() => window.slaPlayground!.editor.getValue());
  expect(text).toBe(expected.ok ? expected.text : "");
  expect(text).toContain("respond to hand_raisers within 1h\n  target 99%\n");
  expect(await p.locator('[data-testid="note"]').textContent()).toBe("Formatted");
});

it.skipIf(!hasChromium)("shows the full HTML report in a sandboxed iframe; nothing left the page", async () => {
  const p = page!;
  await p.locator("sla-results nav button", { hasText: "Full report" }).click();
  const frame = p.frameLocator("sla-results iframe");
  await expect
    .poll(() => frame.locator("h1").textContent({ timeout: WAIT }), { timeout: WAIT })
    .toBe("Inbound lead SLA");
  expect(await p.locator("sla-results iframe").getAttribute("sandbox")).toBe("");
  await p.locator("sla-results nav button", { hasText: "Summary" }).click();
  expect(foreignRequests).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
