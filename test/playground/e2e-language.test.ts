// The language service in the built site: hover on a term shows its condition
// and how many leads of the loaded data matched it, F12 goes to a definition,
// Ctrl+Shift+O lists the spec's declarations, and typing `source = ` offers
// the field's values in Monaco's suggest widget. Screenshots of the hover and
// the completion are saved by the run.
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import * as h from "./harness.ts";
import { hasChromium, usePlayground, WAIT } from "./harness.ts";

const fixture = usePlayground();

/** Puts the caret `delta` characters into the first match of `find`; returns its 1-based line. */
async function caretAt(p: Page, find: string, delta: number): Promise<number> {
  return p.evaluate(
    ([f, d]) => {
      const { editor } = window.slaPlayground!;
      const model = editor.getModel()!;
      const m = model.findMatches(f, false, false, true, null, false, 1)[0];
      const pos = model.getPositionAt(model.getOffsetAt(m.range.getStartPosition()) + d);
      editor.setPosition(pos);
      editor.revealPositionInCenter(pos);
      editor.focus();
      return pos.lineNumber;
    },
    [find, delta] as const,
  );
}

/** The 1-based line of the first match of `find`. */
async function lineOf(p: Page, find: string): Promise<number> {
  return p.evaluate((f) => {
    const model = window.slaPlayground!.editor.getModel()!;
    return model.findMatches(f, false, false, true, null, false, 1)[0].range.startLineNumber;
  }, find);
}

it.skipIf(!hasChromium)("hover on a term shows its condition and how many leads matched it", async () => {
  const p = fixture.page;
  await caretAt(p, "segment hand_raisers when VQL", "segment hand_raisers when V".length);
  // the pointer over the word, as a user would
  const point = await p.evaluate(() => {
    const { editor } = window.slaPlayground!;
    const pos = editor.getPosition()!;
    const at = editor.getScrolledVisiblePosition(pos)!;
    const box = editor.getDomNode()!.getBoundingClientRect();
    return { x: box.left + at.left + 2, y: box.top + at.top + at.height / 2 };
  });
  await p.mouse.move(point.x, point.y);
  const hover = p.locator(".monaco-hover:not(.hidden)").filter({ hasText: "define VQL when" });
  await hover.waitFor({ state: "visible", timeout: WAIT });
  const text = (await hover.textContent()) ?? "";
  expect(text).toContain('define VQL when MQL and employees >= 50 and country in ("US", "CA", "GB")');
  expect(text).toMatch(/[\d,]+ of [\d,]+ leads in the loaded data matched it at some point/);
  await h.screenshot(p, "language-hover");
  await p.mouse.move(5, 5);
  await p.keyboard.press("Escape");
});

it.skipIf(!hasChromium)("F12 on a term moves the caret to its definition", async () => {
  const p = fixture.page;
  const from = await caretAt(p, "segment trials when VQL", "segment trials when V".length);
  await p.keyboard.press("F12");
  const target = await lineOf(p, "define VQL");
  await p.waitForFunction((line) => window.slaPlayground!.editor.getPosition()!.lineNumber === line, target, {
    timeout: WAIT,
  });
  expect(target).not.toBe(from);
  const pos = await p.evaluate(() => window.slaPlayground!.editor.getPosition()!);
  expect(pos.column).toBe("define ".length + 1);
});

it.skipIf(!hasChromium)("Ctrl+Shift+O lists the spec's declarations", async () => {
  const p = fixture.page;
  await caretAt(p, "sla ", 0);
  await p.keyboard.press("Control+Shift+O");
  const rows = p.locator(".quick-input-widget .monaco-list-row");
  // the list is virtual: only its first rows are in the page
  await rows.filter({ hasText: "VQL" }).first().waitFor({ state: "visible", timeout: WAIT });
  const labels = (await rows.allInnerTexts()).join("\n");
  expect(labels).toContain("Inbound lead SLA");
  expect(labels).toContain("MQL");
  await p.keyboard.type("hand", { delay: 15 });
  await rows.filter({ hasText: "hand_raisers" }).first().waitFor({ state: "visible", timeout: WAIT });
  await p.keyboard.press("Escape");
});

it.skipIf(!hasChromium)("typing `source = ` offers the field's enum values; Enter inserts one", async () => {
  const p = fixture.page;
  await p.evaluate(() => {
    const { editor } = window.slaPlayground!;
    const model = editor.getModel()!;
    const end = model.getFullModelRange().getEndPosition();
    editor.setPosition(end);
    editor.revealPosition(end);
    editor.focus();
  });
  await p.keyboard.type("\ndefine Hot when source = ", { delay: 15 });
  const widget = p.locator(".suggest-widget.visible");
  await widget.waitFor({ state: "visible", timeout: WAIT });
  const rows = widget.locator(".monaco-list-row");
  await rows.filter({ hasText: '"whitepaper"' }).waitFor({ state: "visible", timeout: WAIT });
  const labels = await rows.locator(".label-name").allTextContents();
  expect(labels).toEqual(['"demo"', '"trial"', '"webinar"', '"whitepaper"']);
  expect(await widget.textContent()).toContain("enum value of source");
  await h.screenshot(p, "language-completion");
  await p.keyboard.press("Enter");
  const text = await p.evaluate(() => window.slaPlayground!.editor.getValue());
  expect(text).toContain('define Hot when source = "demo"');
  expect(fixture.site.consoleErrors).toEqual([]);
  expect(fixture.site.foreignRequests).toEqual([]);
});

it.skipIf(!hasChromium)("Ctrl+Space after `respond to ` offers the segments (keyboard only)", async () => {
  const p = fixture.page;
  await p.evaluate(() => {
    const { editor } = window.slaPlayground!;
    const end = editor.getModel()!.getFullModelRange().getEndPosition();
    editor.setPosition(end);
    editor.focus();
  });
  await p.keyboard.type("\nrespond to ", { delay: 15 });
  await p.keyboard.press("Escape"); // close what the space opened: Ctrl+Space must bring it back
  await p.locator(".suggest-widget.visible").waitFor({ state: "hidden", timeout: WAIT });
  await p.keyboard.press("Control+Space");
  const widget = p.locator(".suggest-widget.visible");
  await widget.waitFor({ state: "visible", timeout: WAIT });
  const labels = await widget.locator(".monaco-list-row .label-name").allTextContents();
  expect(labels).toEqual(["everyone_else", "hand_raisers", "trials"]);
  await p.keyboard.press("Escape");
  expect(fixture.site.consoleErrors).toEqual([]);
});
