// Accessibility, end to end in chromium against the built site: axe-core on
// the main views (light and dark), failing on serious or critical violations;
// and keyboard-only use (Tab order through the header, the tabs as an ARIA
// tablist with arrow keys). Skipped when /usr/bin/chromium is absent.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as h from "./harness.ts";
import { hasChromium, REPO, SETUP_TIMEOUT, Site, WAIT } from "./harness.ts";

let site: Site | null = null;
let axeSource = "";

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

beforeAll(async () => {
  if (!hasChromium) return;
  axeSource = await readFile(join(REPO, "node_modules/axe-core/axe.min.js"), "utf8");
  site = await Site.open();
}, SETUP_TIMEOUT);

afterAll(async () => {
  await site?.close();
});

/** axe-core on the page as it is now: the serious and critical violations, one line each. */
async function serious(p: Page): Promise<string[]> {
  if (!(await p.evaluate(() => "axe" in window))) await p.evaluate(axeSource); // (not a script tag: the page's CSP allows no inline script)
  const violations = await p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } })
      .axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}) e.g. ${JSON.stringify(v.nodes[0]?.target)} ${v.nodes[0]?.failureSummary ?? ""}`,
    );
}

async function open(scheme: "light" | "dark", hash = ""): Promise<Page> {
  const p = await site!.newPage({ colorScheme: scheme });
  await site!.openPlayground(p, hash);
  return p;
}

for (const scheme of ["light", "dark"] as const) {
  it.skipIf(!hasChromium)(`axe: no serious or critical violations on the main views (${scheme})`, async () => {
    const p = await open(scheme);
    await expect.poll(() => p.locator("sla-results table[data-testid=obligations] tbody tr").count()).toBe(4);
    const found: Record<string, string[]> = {};
    found.report = await serious(p);

    // the share menu, open
    await p.locator('[data-testid="download-menu"]').click();
    await expect.poll(() => p.locator('[role="menu"]').count()).toBe(1);
    found.shareMenu = await serious(p);
    await p.keyboard.press("Escape");

    // the Plan tab, with plan vs actual measured
    await p.locator('[data-testid="tab-plan"]').click();
    await expect.poll(() => p.locator("sla-plan-view table[data-testid=plan-funnel]").count()).toBe(1);
    await p.locator("sla-plan-view [data-testid=plan-stage-opportunity]").selectOption("demo.held");
    await expect.poll(() => p.locator("sla-plan-view [data-testid=plan-breaks]").count()).toBe(1);
    found.plan = await serious(p);

    // Compare (nothing pinned) and Explain (no lead yet)
    await p.getByTestId("tab-compare").click();
    await p.getByTestId("pin").waitFor();
    found.compare = await serious(p);
    await p.getByTestId("tab-explain").click();
    await p.getByTestId("lead-id").waitFor();
    found.explain = await serious(p);
    // Data (the generated quarter, the upload controls)
    await p.getByTestId("tab-data").click();
    await p.locator("sla-data-panel").waitFor();
    found.data = await serious(p);
    await p.locator('[data-testid="tab-plan"]').click();

    // a spec with errors: markers, problems list, stale views
    const before = (await h.state(p)).runs;
    expect(await h.replaceInEditor(p, 'source = "demo"', 'source = "demmo"')).toBe(true);
    await h.nextRun(p, before);
    found.errors = await serious(p);
    await p.locator('[data-testid="tab-report"]').click();
    found.errorsReport = await serious(p);
    await p.context().close();

    // a damaged link's banner, and the empty plan
    const q = await open(scheme, "#v1=AAAA");
    await expect.poll(() => q.locator('[data-testid="share-error"]').count()).toBe(1);
    found.shareError = await serious(q);
    await q.context().close();

    expect(found, scheme).toEqual(Object.fromEntries(Object.keys(found).map((view) => [view, []])));
    expect(site!.consoleErrors).toEqual([]);
  });
}

it.skipIf(!hasChromium)(
  "keyboard only: Tab reaches every header control in order, tabs move with the arrow keys",
  async () => {
    const p = await open("light");
    // from the top of the page
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      await p.keyboard.press("Tab");
      order.push(
        await p.evaluate(() => {
          const e = document.activeElement as HTMLElement | null;
          return e?.getAttribute("data-testid") ?? e?.getAttribute("aria-label") ?? e?.tagName ?? "";
        }),
      );
    }
    // the header's buttons, then the editor (Monaco's textarea, labelled with the Ctrl+M note)
    expect(order.slice(0, 4)).toEqual(["format", "reset", "copy-link", "download-menu"]);
    expect(order[4]).toMatch(/^SLA editor\. Press Ctrl\+M/);

    // in the editor, Tab indents; Ctrl+M makes it move the focus on (Monaco's tab trap toggle)
    const inEditor = () => p.evaluate(() => !!document.activeElement?.closest(".monaco-editor"));
    expect(await inEditor()).toBe(true);
    await p.keyboard.press("Tab");
    expect(await inEditor()).toBe(true);
    await p.keyboard.press("Control+M");
    await p.keyboard.press("Tab");
    expect(await inEditor()).toBe(false);
    await p.keyboard.press("Control+M"); // (a global toggle in Monaco: back as it was)

    // every control in the header and the tab list has an accessible name
    const unnamed = await p.evaluate(() =>
      [...document.querySelectorAll("header button, [role=tab], [role=tablist]")]
        .filter((e) => !(e.getAttribute("aria-label") || e.textContent?.trim()))
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);

    // the right pane's tablist: one tab in the Tab order, arrows move and select
    const TAB = 'section.right > [role="tablist"] > [role="tab"]';
    const tabs = p.locator(TAB);
    const n = await tabs.count();
    expect(n).toBeGreaterThanOrEqual(2);
    expect(await p.locator(`${TAB}[tabindex="0"]`).count()).toBe(1);
    await p.locator(`${TAB}[aria-selected="true"]`).focus();
    const selected = () => p.locator(`${TAB}[aria-selected="true"]`).getAttribute("id");
    const focusedId = () => p.evaluate(() => document.activeElement?.id ?? "");
    expect(await selected()).toBe("tab-report");
    await p.keyboard.press("ArrowRight");
    await expect.poll(selected).toBe(await tabs.nth(1).getAttribute("id"));
    expect(await focusedId()).toBe(await tabs.nth(1).getAttribute("id"));
    await p.keyboard.press("End");
    await expect.poll(selected).toBe(await tabs.nth(n - 1).getAttribute("id"));
    await p.keyboard.press("Home");
    await expect.poll(selected).toBe("tab-report");
    await p.keyboard.press("ArrowLeft");
    await expect.poll(selected).toBe(await tabs.nth(n - 1).getAttribute("id"));
    // each tab controls its panel, labelled by it
    const panel = await p.evaluate(() => {
      const tab = document.querySelector('section.right > [role="tablist"] > [role="tab"][aria-selected="true"]')!;
      const el = document.getElementById(tab.getAttribute("aria-controls")!)!;
      return { role: el.getAttribute("role"), labelledBy: el.getAttribute("aria-labelledby"), hidden: el.hidden };
    });
    expect(panel).toEqual({ role: "tabpanel", labelledBy: await tabs.nth(n - 1).getAttribute("id"), hidden: false });
    await p.context().close();
    expect(site!.consoleErrors).toEqual([]);
  },
);

it.skipIf(!hasChromium)("the Plan tab's controls are labelled and reachable by keyboard", async () => {
  const p = await open("light");
  await p.locator('[data-testid="tab-plan"]').click();
  await expect.poll(() => p.locator("sla-plan-view table[data-testid=plan-funnel]").count()).toBe(1);
  const select = p.locator("sla-plan-view [data-testid=plan-stage-opportunity]");
  expect(await select.getAttribute("aria-label")).toBe("count the stage opportunity from");
  await select.focus();
  // a native select: typing an option's start picks it
  await p.keyboard.type("demo.held");
  await expect.poll(() => select.inputValue()).toBe("demo.held");
  await expect.poll(() => p.locator("sla-plan-view [data-testid=plan-breaks]").count(), { timeout: WAIT }).toBe(1);
  await p.context().close();
});
