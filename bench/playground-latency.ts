// The playground's latencies, measured in Debian's chromium on the built site
// (npx tsx bench/playground-latency.ts [--edits N] [--events FILE.jsonl]):
//  - keystroke to markers: a real key press in Monaco until the worker's
//    diagnostics are drawn (the page's own measure, state().markerMs);
//  - keystroke to results: until the replay's report is rendered (resultMs);
//  - typing during replays: a burst of keys 30 ms apart; the main thread never
//    waits for a replay (each key's markers come back), stale replays are
//    dropped and only the last one is rendered.
// With --events, the same after uploading that JSONL file (e.g. 1M events from
// `sla generate`). Prints a table; nothing is asserted (timings are not tests).
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { hasChromium, nextRun, screenshot, Site, state, WAIT } from "../test/playground/harness.ts";

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const EDITS = Number(arg("edits") ?? 30);
const EVENTS = arg("events");

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, min ${s[0].toFixed(1)} ms (n=${s.length})`;
}

/** Puts the cursor right after the first match of `find`. */
async function cursorAfter(page: Page, find: string): Promise<void> {
  await page.evaluate((f) => {
    const { editor } = window.slaPlayground!;
    const m = editor.getModel()!.findMatches(f, false, false, true, null, false, 1)[0];
    editor.setPosition({ lineNumber: m.range.endLineNumber, column: m.range.endColumn });
    editor.focus();
  }, find);
}

/** N single keystrokes, each followed by its undo; each waits for its analysis. */
async function keystrokes(page: Page, n: number): Promise<{ marker: number[]; result: number[] }> {
  const marker: number[] = [];
  const result: number[] = [];
  await cursorAfter(page, "respond to hand_raisers within 5");
  for (let i = 0; i < n; i++) {
    const key = i % 2 === 0 ? "0" : "Backspace"; // 5m -> 50m -> 5m ...
    const before = (await state(page)).runs;
    await page.keyboard.press(key);
    const s = await nextRun(page, before);
    if (s.markerMs !== null) marker.push(s.markerMs);
    if (s.resultMs !== null) result.push(s.resultMs);
  }
  return { marker, result };
}

/** A burst of keys typed 30 ms apart; how many analyses rendered a result. */
async function burst(page: Page, keys: number): Promise<{ ms: number; runs: number; markerMs: number | null }> {
  await cursorAfter(page, "respond to hand_raisers within 5");
  const before = (await state(page)).runs;
  const t0 = Date.now();
  for (let i = 0; i < keys; i++)
    await page.keyboard.press(i % 2 === 0 ? "0" : "Backspace", { delay: 0 }).then(() => page.waitForTimeout(30));
  await page.waitForFunction(
    (n) => {
      const s = window.slaPlayground!.state();
      return s.runs > n && s.resultMs !== null;
    },
    before,
    { timeout: WAIT * 3 },
  );
  const s = await state(page);
  return { ms: Date.now() - t0, runs: s.runs - before, markerMs: s.markerMs };
}

async function main(): Promise<void> {
  if (!hasChromium) {
    console.error("needs /usr/bin/chromium");
    process.exit(2);
  }
  const site = await Site.open();
  try {
    const page = await site.newPage();
    const t0 = Date.now();
    await site.openPlayground(page);
    const first = await state(page);
    console.log(`first report: ${Date.now() - t0} ms after navigation (${first.events} events, ${first.data})`);
    await keystrokes(page, 4); // warm-up
    const k = await keystrokes(page, EDITS);
    const s = await state(page);
    console.log(`generated quarter (${s.events} events):`);
    console.log(`  keystroke -> markers: ${stats(k.marker)}`);
    console.log(`  keystroke -> results: ${stats(k.result)}`);
    const b = await burst(page, 20);
    console.log(`  burst of 20 keys 30 ms apart: ${b.runs} analyses, last result ${b.ms} ms after the first key`);
    if (EVENTS) {
      const file = resolve(EVENTS);
      const up = Date.now();
      // (not `"loadData" in api`: the RPC proxy has every name, and no `has` trap)
      const loaded = (await page.locator('[data-testid="tab-data"]').count()) > 0;
      if (!loaded) throw new Error("this build has no upload api");
      await page.locator('[data-testid="tab-data"]').click();
      const before = (await state(page)).runs;
      await page.locator('input[type="file"]').first().setInputFiles(file);
      await page.waitForFunction(
        (n) => {
          const st = window.slaPlayground!.state();
          return st.runs > n && !st.data.startsWith("a generated");
        },
        before,
        { timeout: 600_000 },
      );
      const u = await state(page);
      console.log(`upload ${file}: report after ${Date.now() - up} ms (${u.events} events)`);
      await keystrokes(page, 2);
      const k2 = await keystrokes(page, Math.min(EDITS, 10));
      console.log(`  keystroke -> markers: ${stats(k2.marker)}`);
      console.log(`  keystroke -> results: ${stats(k2.result)}`);
      const b2 = await burst(page, 20);
      console.log(`  burst of 20 keys 30 ms apart: ${b2.runs} analyses, last result ${b2.ms} ms after the first key`);
    }
    await screenshot(page, "bench-latency");
    if (site.consoleErrors.length) console.log("console errors:", site.consoleErrors);
  } finally {
    await site.close();
  }
}

await main();
