// End to end, in chromium against the built site: share and keep (the URL
// hash, Copy link, the downloads), the Plan tab, and offline once loaded (the
// service worker). Skipped when /usr/bin/chromium is absent.
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import type { Download, Page } from "playwright-core";
import { expect, it } from "vitest";
import { decodeState } from "../../playground/src/share/url-state.ts";
import type { SlaPlayground } from "../../playground/src/sla-playground.ts";
import * as h from "./harness.ts";
import { hasChromium, REPO, usePlayground, WAIT } from "./harness.ts";

const SKETCH_PATH = join(REPO, "specs/examples/inbound/inbound.sla");

const fixture = usePlayground();

const editorText = (p: Page) => p.evaluate(() => window.slaPlayground!.editor.getValue());
const selectedTab = (p: Page) => p.locator('[role="tab"][aria-selected="true"]').getAttribute("id");
/** Copy link, as a user clicks it; the link the page put on the clipboard. */
async function copyLink(p: Page): Promise<string> {
  await p.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: fixture.site.base });
  await p.locator('[data-testid="copy-link"]').click();
  await expect
    .poll(() => p.locator('[data-testid="share-note"]').textContent())
    .toMatch(/^Link copied \([\d,]+ characters\)/);
  const copied = await p.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(
    await p.evaluate(() => document.querySelector<SlaPlayground>("sla-playground")!.shareMenu!.lastLink),
  );
  // the address bar holds the same link
  expect(copied).toBe(await p.evaluate(() => location.href));
  return copied;
}
/** The numbers a report shows: the state's counts and the whole report. */
async function reportView(p: Page) {
  const s = await h.state(p);
  return {
    breaches: s.breaches,
    events: s.events,
    codes: s.codes,
    // the whole report as the worker renders it for the Markdown download (every number, no deltas)
    markdown: await p.evaluate(() => window.slaPlayground!.api.reportMarkdown()),
  };
}

it.skipIf(!hasChromium)(
  "edit, copy the link, open it in a fresh page: same spec, same report numbers, same tab",
  async () => {
    const p = fixture.page;
    const before = (await h.state(p)).runs;
    const entries = await p.evaluate(() => history.length);
    expect(await h.replaceInEditor(p, "within 5m", "within 7m")).toBe(true);
    await h.nextRun(p, before);
    const spec = await editorText(p);
    const report = await reportView(p);
    // the hash follows the edit (debounced), without history entries
    await expect
      .poll(async () => decodeState(await p.evaluate(() => location.hash)), { timeout: WAIT })
      .toEqual({ kind: "ok", state: { spec } });
    expect(await p.evaluate(() => history.length)).toBe(entries);

    // the Plan tab, then the link
    await p.locator('[data-testid="tab-plan"]').click();
    await expect.poll(() => p.locator("sla-plan-view table[data-testid=plan-funnel]").count()).toBe(1);
    const link = await copyLink(p);
    expect(link.startsWith(fixture.site.base)).toBe(true);
    expect(decodeState(new URL(link).hash)).toEqual({ kind: "ok", state: { spec, tab: "plan" } });
    console.log(`shared link for the edited sketch: ${link.length} characters`);
    await h.screenshot(p, "share-plan");

    // a fresh browser context: no localStorage, nothing cached
    const fresh = await fixture.site.newPage();
    await fresh.goto(link, { waitUntil: "load" });
    await h.waitForReport(fresh);
    expect(await editorText(fresh)).toBe(spec);
    expect(await selectedTab(fresh)).toBe("tab-plan");
    await expect.poll(() => fresh.locator("sla-plan-view table[data-testid=plan-funnel]").count()).toBe(1);
    await fresh.locator('[data-testid="tab-report"]').click();
    await expect.poll(() => fresh.locator("sla-results table[data-testid=obligations] tbody tr").count()).toBe(4);
    expect(await reportView(fresh)).toEqual(report);
    await fresh.context().close();
    expect(fixture.site.consoleErrors).toEqual([]);
  },
);

it.skipIf(!hasChromium)("the hash wins over the spec kept in this browser", async () => {
  const p = fixture.page;
  const kept = await editorText(p);
  expect(kept).toContain("within 7m");
  const sketch = await readFile(SKETCH_PATH, "utf8");
  const other = sketch.replace("within 5m", "within 9m");
  const { encodeState } = await import("../../playground/src/share/url-state.ts");
  // a page of the same context: it shares p's localStorage, which keeps the 7m spec
  const tab = await p.context().newPage();
  fixture.site.watch(tab);
  await tab.goto(fixture.site.base + encodeState({ spec: other }), { waitUntil: "load" });
  await h.waitForReport(tab);
  expect(await editorText(tab)).toBe(other);
  // without a hash, the kept copy (now the shared one: it was analysed and kept)
  await tab.goto(fixture.site.base, { waitUntil: "load" });
  await h.waitForReport(tab);
  expect(await editorText(tab)).toBe(other);
  await tab.close();
});

it.skipIf(!hasChromium)("a link pasted into the address bar of an open playground opens", async () => {
  const p = await fixture.site.newPage();
  await fixture.site.openPlayground(p);
  const sketch = await readFile(SKETCH_PATH, "utf8");
  const other = sketch.replace("within 24 business hours", "within 12 business hours");
  const { encodeState } = await import("../../playground/src/share/url-state.ts");
  await Promise.all([
    p.waitForEvent("load"),
    p.evaluate(
      (hash) => {
        location.hash = hash;
      },
      encodeState({ spec: other, tab: "plan" }),
    ),
  ]);
  await h.waitForReport(p);
  expect(await editorText(p)).toBe(other);
  expect(await selectedTab(p)).toBe("tab-plan");
  await p.context().close();
});

it.skipIf(!hasChromium)(
  "a damaged or foreign link shows why, keeps the kept spec, and no error is thrown",
  async () => {
    const cases: [string, RegExp][] = [
      ["#v1=AAAA", /cut off or damaged/],
      ["#v1=%%%", /characters a playground link never has/],
      ["#v7=abc", /newer version/],
    ];
    for (const [hash, message] of cases) {
      const p = await fixture.site.newPage();
      await p.goto(fixture.site.base + hash, { waitUntil: "load" });
      await h.waitForReport(p);
      const banner = p.locator('[data-testid="share-error"]');
      await expect.poll(() => banner.textContent()).toMatch(message);
      expect(await editorText(p)).toBe(await readFile(SKETCH_PATH, "utf8"));
      // the damaged link stays in the address bar until the first edit
      expect(await p.evaluate(() => location.hash)).toBe(hash);
      await p.context().close();
    }
    expect(fixture.site.consoleErrors).toEqual([]);
  },
);

it.skipIf(!hasChromium)("downloads: the .sla, the report as HTML and Markdown, with the spec's name", async () => {
  const p = fixture.page;
  const spec = await editorText(p);
  const get = async (kind: string): Promise<{ name: string; text: string }> => {
    await p.locator('[data-testid="download-menu"]').click();
    const [download] = (await Promise.all([
      p.waitForEvent("download", { timeout: WAIT }),
      p.locator(`[data-testid="download-${kind}"]`).click(),
    ])) as [Download, unknown];
    const path = await download.path();
    return { name: download.suggestedFilename(), text: await readFile(path, "utf8") };
  };
  const sla = await get("sla");
  expect(sla).toEqual({ name: "inbound-lead-sla.sla", text: spec });
  const html = await get("report-html");
  expect(html.name).toBe("inbound-lead-sla-report.html");
  expect(html.text).toMatch(/^<!doctype html>/);
  expect(html.text).toContain("Inbound lead SLA");
  expect(html.text).toMatch(/Judged by &quot;Inbound lead SLA&quot; \(sha256 [0-9a-f]{12}\) in the slacode playground/);
  const md = await get("report-md");
  expect(md.name).toBe("inbound-lead-sla-report.md");
  expect(md.text).toMatch(/^### .*Inbound lead SLA/);
  expect(md.text).toContain(`${(await h.state(p)).breaches}`);
  // nothing pinned: the diff is not offered
  await p.locator('[data-testid="download-menu"]').click();
  expect(await p.locator('[data-testid="download-diff-md"]').getAttribute("aria-disabled")).toBe("true");
  await h.screenshot(p, "share-menu");
  await p.keyboard.press("Escape");
  expect(fixture.site.consoleErrors).toEqual([]);
});

it.skipIf(!hasChromium)(
  "pinned: the header downloads the diff, and the link keeps the baseline and the explained lead",
  async () => {
    const p = await fixture.site.newPage();
    await fixture.site.openPlayground(p);
    const original = await editorText(p);
    await p.getByTestId("tab-compare").click();
    await p.getByTestId("pin").click();
    await p.getByTestId("pinned").waitFor();
    const runs = (await h.state(p)).runs;
    expect(await h.replaceInEditor(p, "within 24 business hours", "within 1 business hour")).toBe(true);
    await h.nextRun(p, runs);
    await p.getByTestId("compare-review").waitFor();
    const spec = await editorText(p);

    // the diff from the header's menu: sla diff's Markdown, named after the spec
    const expected = await p.evaluate(async () => {
      const r = await window.slaPlayground!.api.compare();
      return r.status === "done" ? r.markdown : r.status;
    });
    expect(expected).toContain("### What changed in meaning (1 change)");
    await p.locator('[data-testid="download-menu"]').click();
    expect(await p.locator('[data-testid="download-diff-md"]').getAttribute("aria-disabled")).toBe("false");
    const [download] = await Promise.all([
      p.waitForEvent("download"),
      p.locator('[data-testid="download-diff-md"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe("inbound-lead-sla-diff.md");
    expect(await readFile(await download.path(), "utf8")).toBe(expected);

    // explain a lead that breaches now: it goes into the link with the baseline and the tab
    const lead = await p.evaluate(async () => {
      const r = await window.slaPlayground!.api.compare();
      return r.status === "done" ? r.review.newBreaches[0].lead : "";
    });
    expect(lead).not.toBe("");
    await p
      .getByTestId("new-breaches")
      .getByRole("button", { name: `Explain lead ${lead}` })
      .first()
      .click();
    await p.getByTestId("timeline").waitFor();
    const timeline = await p.getByTestId("timeline").textContent();
    const link = await copyLink(p);
    expect(decodeState(new URL(link).hash)).toEqual({
      kind: "ok",
      state: { spec, baseline: original, tab: "explain", lead },
    });

    // a fresh page: the same spec, the Explain tab on the same lead, the same baseline pinned
    const fresh = await fixture.site.newPage();
    await fresh.goto(link, { waitUntil: "load" });
    await h.waitForReport(fresh);
    expect(await editorText(fresh)).toBe(spec);
    expect(await selectedTab(fresh)).toBe("tab-explain");
    await expect.poll(() => fresh.getByTestId("timeline").textContent(), { timeout: WAIT }).toBe(timeline);
    expect(await fresh.evaluate(async () => (await window.slaPlayground!.api.pinned())?.text)).toBe(original);
    await fresh.getByTestId("tab-compare").click();
    await fresh.getByTestId("pinned").waitFor();
    await expect
      .poll(() => fresh.evaluate(async () => (await window.slaPlayground!.api.compare()).status))
      .toBe("done");
    expect(
      await fresh.evaluate(async () => {
        const r = await window.slaPlayground!.api.compare();
        return r.status === "done" ? r.markdown : r.status;
      }),
    ).toBe(expected);
    await h.screenshot(fresh, "share-restored-compare");
    await fresh.context().close();
    await p.context().close();
    expect(fixture.site.consoleErrors).toEqual([]);
  },
);

it.skipIf(!hasChromium)("the Download menu works from the keyboard (menu button pattern)", async () => {
  const p = fixture.page;
  const button = p.locator('[data-testid="download-menu"]');
  await button.focus();
  await p.keyboard.press("ArrowDown");
  expect(await button.getAttribute("aria-expanded")).toBe("true");
  const focused = () => p.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? "");
  await expect.poll(focused).toBe("download-sla");
  await p.keyboard.press("ArrowDown");
  expect(await focused()).toBe("download-report-html");
  await p.keyboard.press("End");
  expect(await focused()).toBe("download-diff-md");
  await p.keyboard.press("ArrowDown");
  expect(await focused()).toBe("download-sla");
  await p.keyboard.press("ArrowUp");
  expect(await focused()).toBe("download-diff-md");
  await p.keyboard.press("Escape");
  expect(await button.getAttribute("aria-expanded")).toBe("false");
  expect(await focused()).toBe("download-menu");
  // Enter on an item downloads it
  await p.keyboard.press("Enter");
  await expect.poll(focused).toBe("download-sla");
  const [download] = await Promise.all([p.waitForEvent("download"), p.keyboard.press("Enter")]);
  expect(download.suggestedFilename()).toBe("inbound-lead-sla.sla");
  expect(await focused()).toBe("download-menu");
});

it.skipIf(!hasChromium)(
  "Plan tab: the funnel, the commitments, and the step the data breaks when a stage is counted",
  async () => {
    const p = fixture.page;
    await p.locator('[data-testid="tab-plan"]').click();
    const view = p.locator("sla-plan-view");
    await expect.poll(() => view.locator("table[data-testid=plan-funnel] tbody tr").count()).toBe(3);
    const funnel = await view.locator("table[data-testid=plan-funnel]").textContent();
    expect(funnel).toMatch(/lead\s+286\s+72\s+24/);
    expect(funnel).toMatch(/customer.*\s+100\s+25\s+9/);
    expect(await view.locator("[data-testid=plan-commitments]").textContent()).toContain("300 VQL per quarter");
    // the generated quarter has no opportunity.* events: nothing measured until a stage is counted
    expect(await view.locator("[data-testid=plan-verdict]").textContent()).toMatch(/No step can be measured/);
    await view.locator("[data-testid=plan-stage-opportunity]").selectOption("demo.held");
    await expect.poll(() => view.locator("[data-testid=plan-breaks]").count()).toBe(1);
    expect(await view.locator("[data-testid=plan-breaks]").textContent()).toMatch(/lead → opportunity/);
    expect(await view.locator("[data-testid=plan-verdict]").textContent()).toMatch(
      /The step that breaks the plan: lead → opportunity, [\d.]+% against 70\.0% planned/,
    );
    await h.screenshot(p, "plan");

    // without a plan: the empty state shows what one looks like
    const before = (await h.state(p)).runs;
    await p.evaluate(() => {
      const { editor } = window.slaPlayground!;
      const model = editor.getModel()!;
      const m = model.findMatches("# The funnel math", false, false, true, null, false, 1)[0];
      editor.executeEdits("test", [
        { range: { ...model.getFullModelRange(), startLineNumber: m.range.startLineNumber, startColumn: 1 }, text: "" },
      ]);
    });
    await h.nextRun(p, before);
    await expect.poll(() => view.locator("[data-testid=plan-empty]").count()).toBe(1);
    const empty = (await view.locator("[data-testid=plan-empty]").textContent()) ?? "";
    expect(empty).toContain("lead to opportunity 70%");
    // the reference's own sections on plans, cut from specs/reference.md at build time
    const reference = await readFile(join(REPO, "specs/reference.md"), "utf8");
    expect(empty).toContain("### 3.10 `plan`: the funnel math");
    expect(empty).toContain("## 9 Plan math");
    expect(reference).toContain("Lean Labs' example");
    expect(empty).toContain("Lean Labs' example");
    expect(empty).not.toContain("## 10 Events");
    await h.screenshot(p, "plan-empty");
    await p.evaluate(() => window.slaPlayground!.editor.trigger("test", "undo", null));
    await expect.poll(() => view.locator("table[data-testid=plan-funnel]").count()).toBe(1);
    expect(fixture.site.consoleErrors).toEqual([]);
  },
);

it.skipIf(!hasChromium)("Plan tab on an uploaded history: the numbers sla plan --events --stage prints", async () => {
  const p = await fixture.site.newPage();
  await fixture.site.openPlayground(p);
  const events = join(REPO, "specs/examples/inbound/events.jsonl");
  const before = (await h.state(p)).runs;
  await p.locator('[data-testid="tab-data"]').click();
  await p.locator('sla-data-panel [data-testid="data-files"]').setInputFiles(events);
  await p.waitForFunction(
    (n) => {
      const s = window.slaPlayground!.state();
      return s.runs > n && s.data.includes("events.jsonl") && s.events !== null;
    },
    before,
    { timeout: 60_000 },
  );
  await p.locator('[data-testid="tab-plan"]').click();
  const view = p.locator("sla-plan-view");
  await expect.poll(() => view.locator("[data-testid=plan-stage-opportunity]").count(), { timeout: WAIT }).toBe(1);
  await view.locator("[data-testid=plan-stage-opportunity]").selectOption("demo.held");
  await expect.poll(() => view.locator("[data-testid=plan-breaks]").count(), { timeout: WAIT }).toBe(1);
  // specs/reference.md, section 9, and `sla plan inbound.sla --events events.jsonl --stage opportunity=demo.held`
  const rows = (table: string) =>
    view.locator(`[data-testid=${table}] tbody tr`).evaluateAll((trs) =>
      trs.map((tr) =>
        [...tr.children].map((c) => {
          const select = c.querySelector("select");
          return select ? select.value : (c.textContent ?? "").trim();
        }),
      ),
    );
  expect(await rows("plan-stages")).toEqual([
    ["lead", "", "24", "989", "932", "1,079"],
    ["opportunity", "demo.held", "17", "59", "50", "73"],
    ["customer", "", "9", "–", "–", "–"],
  ]);
  expect((await rows("plan-steps"))[0]).toEqual([
    "lead → opportunity breaks the plan",
    "70.0%",
    "6.1% ✗",
    "6.0%",
    "5.4%",
    "6.8%",
  ]);
  expect(await view.locator("[data-testid=plan-verdict]").textContent()).toBe(
    "The step that breaks the plan: lead → opportunity, 6.1% against 70.0% planned.",
  );
  expect(await view.locator("h2#plan-actual").textContent()).toContain("events.jsonl");
  await h.screenshot(p, "plan-upload");
  await p.context().close();
  expect(fixture.site.consoleErrors).toEqual([]);
  expect(fixture.site.foreignRequests).toEqual([]);
});

it.skipIf(!hasChromium)("offline once loaded: the service worker serves the site, and it still works", async () => {
  const p = await fixture.site.newPage();
  const sw = await p.goto(fixture.site.base, { waitUntil: "load" });
  expect(sw?.fromServiceWorker()).toBe(false);
  await h.waitForReport(p);
  // installed (every built file precached) and in control of the page
  await p.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await p.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: WAIT });
  const cached = await p.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith("slacode-playground-"))!);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached.some((u) => /analysis\.worker-.*\.js$/.test(u))).toBe(true);
  expect(cached.some((u) => /editor\.worker-.*\.js$/.test(u))).toBe(true);
  // every built file (but the worker script itself), and the page
  const built = (await readdir(fixture.site.outDir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => "/" + relative(fixture.site.outDir, join(e.parentPath, e.name)).split(sep).join("/"))
    .filter((f) => f !== "/sw.js" && f !== "/index.html");
  expect(built.length).toBeGreaterThan(4);
  expect(cached.sort()).toEqual(["/", ...built].sort());

  await p.context().setOffline(true);
  const reloaded = await p.reload({ waitUntil: "load" });
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await h.waitForReport(p);
  const before = (await h.state(p)).runs;
  expect(await h.replaceInEditor(p, "within 24 business hours", "within 48 business hours")).toBe(true);
  const s = await h.nextRun(p, before);
  expect(s.errors).toBe(0);
  expect(s.simError).toBe("");
  await p.context().setOffline(false);
  await p.context().close();
  expect(fixture.site.consoleErrors).toEqual([]);
  expect(fixture.site.foreignRequests).toEqual([]);
});

it.skipIf(!hasChromium)("the build works under any path of a static host, offline too", async () => {
  // the same files, served from /team/sla/playground/ of another server
  const root = await mkdtemp(join(tmpdir(), "slacode-subpath-"));
  const dir = join(root, "team", "sla", "playground");
  await cp(fixture.site.outDir, dir, { recursive: true });
  const { server, url } = await h.serve(root);
  try {
    const base = url + "team/sla/playground/";
    const p = await fixture.site.newPage();
    const requests: string[] = [];
    p.on("request", (r) => requests.push(r.url()));
    await p.goto(base, { waitUntil: "load" });
    await h.waitForReport(p);
    expect(requests.filter((r) => !r.startsWith(base))).toEqual([]);
    const scope = await p.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(base);
    await p.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: WAIT });
    await p.context().setOffline(true);
    await p.reload({ waitUntil: "load" });
    await h.waitForReport(p);
    expect((await h.state(p)).errors).toBe(0);
    await p.context().close();
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    await rm(root, { recursive: true, force: true });
  }
  expect(fixture.site.consoleErrors).toEqual([]);
});
