// End to end: build the playground with Vite, serve the build on 127.0.0.1,
// drive it in Debian's chromium (playwright-core) and check that editing the
// SLA re-checks and re-simulates it. Skipped when /usr/bin/chromium is absent.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { format } from "../../language/format.ts";
import type { PlaygroundState } from "../../playground/src/sla-playground.ts";
import * as h from "./harness.ts";
import { hasChromium, REPO, usePlayground, WAIT } from "./harness.ts";

const SKETCH_PATH = join(REPO, "specs/examples/inbound/inbound.sla");

const fixture = usePlayground();

async function state(): Promise<PlaygroundState> {
  return h.state(fixture.page);
}

async function nextRun(before: number): Promise<PlaygroundState> {
  return h.nextRun(fixture.page, before);
}

async function replaceInEditor(find: string, replace: string): Promise<void> {
  expect(await h.replaceInEditor(fixture.page, find, replace), `"${find}" in the editor`).toBe(true);
}

async function statusText(): Promise<string> {
  return (await fixture.page.locator('[data-testid="status"]').textContent({ timeout: WAIT })) ?? "";
}

it.skipIf(!hasChromium)(
  "loads without console errors, shows the sketch, checks it clean and simulates it",
  async () => {
    const p = fixture.page;
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
    await h.screenshot(p, "report");
    expect(fixture.site.consoleErrors).toEqual([]);
  },
);

it.skipIf(!hasChromium)("a typo typed on the keyboard becomes an SLA302 marker and 1 error", async () => {
  const p = fixture.page;
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
  await h.screenshot(p, "error-marker");

  // undo: clean again, and simulated again
  const runs = (await state()).runs;
  await p.evaluate(() => window.slaPlayground!.editor.trigger("test", "undo", null));
  const t = await nextRun(runs);
  expect(t.errors).toBe(0);
  expect(await statusText()).toMatch(/^0 errors, 0 warnings · simulated/);
});

it.skipIf(!hasChromium)("a wider response window changes the breach count", async () => {
  const p = fixture.page;
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
  const p = fixture.page;
  const before = (await state()).runs;
  await replaceInEditor("respond to hand_raisers within 1h", "respond   to hand_raisers    within 1h");
  await replaceInEditor("  target 99%", "        target 99%");
  await nextRun(before);
  const messy = await p.evaluate(() => window.slaPlayground!.editor.getValue());
  const expected = format(messy);
  expect(expected.ok).toBe(true);
  await p.locator('[data-testid="format"]').click();
  // the formatter runs in the worker
  await expect
    .poll(() => p.evaluate(() => window.slaPlayground!.editor.getValue()), { timeout: WAIT })
    .toBe(expected.ok ? expected.text : "");
  const text = await p.evaluate(() => window.slaPlayground!.editor.getValue());
  expect(text).toContain("respond to hand_raisers within 1h\n  target 99%\n");
  await expect.poll(() => p.locator('[data-testid="note"]').textContent(), { timeout: WAIT }).toBe("Formatted");
});

it.skipIf(!hasChromium)("shows the full HTML report in a sandboxed iframe; nothing left the page", async () => {
  const p = fixture.page;
  await p.locator("sla-results nav button", { hasText: "Full report" }).click();
  const frame = p.frameLocator("sla-results iframe");
  await expect
    .poll(() => frame.locator("h1").textContent({ timeout: WAIT }), { timeout: WAIT })
    .toBe("Inbound lead SLA");
  expect(await p.locator("sla-results iframe").getAttribute("sandbox")).toBe("");
  await p.locator("sla-results nav button", { hasText: "Summary" }).click();
  expect(fixture.site.foreignRequests).toEqual([]);
  expect(fixture.site.consoleErrors).toEqual([]);
});
