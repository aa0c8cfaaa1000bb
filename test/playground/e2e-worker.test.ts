// The analysis worker in the built site: the page's main bundle carries no
// checker, compiler or holiday data (they live in the worker), and typing a
// burst of keys ends with the markers and the report of the last text only:
// stale replays are dropped, never drawn over a newer one.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { compileSource } from "../../language/compile.ts";
import { PLAYGROUND_DATA, Simulator } from "../../playground/src/simulator.ts";
import * as h from "./harness.ts";
import { hasChromium, usePlayground, WAIT } from "./harness.ts";

const fixture = usePlayground();

it.skipIf(!hasChromium)("the main bundle has no compiler or holiday data: the worker has them", async () => {
  const assets = join(fixture.site.outDir, "assets");
  const files = (await readdir(assets)).filter((f) => f.endsWith(".js"));
  const worker = files.filter((f) => f.startsWith("analysis.worker-"));
  expect(worker).toHaveLength(1);
  const main = files.filter((f) => f.startsWith("index-"));
  expect(main).toHaveLength(1);
  const read = (f: string) => readFile(join(assets, f), "utf8");
  // date-holidays' data (compiled into `closed holidays "US"`) and the checker's messages
  for (const marker of ["Independence Day", "is not a value of"]) {
    expect(await read(worker[0]), marker).toContain(marker);
    expect(await read(main[0]), marker).not.toContain(marker);
  }
});

it.skipIf(!hasChromium)("a burst of keystrokes ends with the last text's markers and report", async () => {
  const p = fixture.page;
  await p.evaluate(() => {
    const { editor } = window.slaPlayground!;
    const m = editor.getModel()!.findMatches("respond to hand_raisers within 5", false, false, true, null, false, 1)[0];
    editor.setPosition({ lineNumber: m.range.endLineNumber, column: m.range.endColumn });
    editor.focus();
  });
  const before = (await h.state(p)).runs;
  // 5m -> 50m -> 500m -> 5000m -> 5000xm (an error) -> 5000m: each key 10 ms after the last
  for (const key of ["0", "0", "0", "x", "Backspace"]) {
    await p.keyboard.press(key);
    await p.waitForTimeout(10);
  }
  const text = await p.evaluate(() => window.slaPlayground!.editor.getValue());
  expect(text).toContain("respond to hand_raisers within 5000m");
  await p.waitForFunction(
    (n) => {
      const s = window.slaPlayground!.state();
      return s.runs > n && s.errors === 0 && s.status.includes("simulated");
    },
    before,
    { timeout: WAIT },
  );
  await p.waitForTimeout(300); // anything stale still in flight would land now
  const s = await h.state(p);
  expect(s.codes).toEqual([]);
  const expected = new Simulator(PLAYGROUND_DATA).run(compileSource(text).ir!).report;
  expect(s.breaches).toBe(expected.breaches.length);
  expect(s.events).toBe(expected.events);
  expect(await p.evaluate(() => window.slaPlayground!.editor.getValue())).toBe(text);
  expect(fixture.site.consoleErrors).toEqual([]);
  expect(fixture.site.foreignRequests).toEqual([]);
});

it.skipIf(!hasChromium)("the verdict badge's text stands out from its background", async () => {
  const p = fixture.page;
  await p.locator('[data-testid="tab-report"]').click();
  const colours = await p.evaluate(() => {
    const badge = document.querySelector("sla-results")!.shadowRoot!.querySelector(".badge")!;
    const cs = getComputedStyle(badge);
    return { color: cs.color, background: cs.backgroundColor };
  });
  expect(colours.color).not.toBe(colours.background);
});
