// Compare and Explain in the built site: pin the SLA, tighten a window in
// Monaco, see the impact against the pinned version (the change in words,
// compliance before -> after, the breaches that appear: as many as the worker's
// review, which equals `sla diff`); click a new breach and see its timeline as
// `sla explain` prints it; the report's breaches open it too; the lead search
// box works from the keyboard and suggests a close id. Screenshots of both
// views; no console errors, no foreign requests, no axe violations (WCAG A/AA).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CompareState } from "../../playground/src/compare/compare.ts";
import { explainLead } from "../../playground/src/compare/explain-lead.ts";
import { GeneratedSource, PLAYGROUND_DATA } from "../../playground/src/simulator.ts";
import { Session } from "../../playground/src/worker/session.ts";
import * as h from "./harness.ts";
import { hasChromium, SETUP_TIMEOUT, Site, WAIT } from "./harness.ts";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const FROM = "respond to trials within 24 business hours";
const TO = "respond to trials within 1 business hours";

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

/** The same review in Node: the worker's session over the same generated quarter. */
async function expectedReview(before: string, after: string) {
  const s = new Session(new GeneratedSource(PLAYGROUND_DATA));
  s.check(before, 1);
  const pin = new CompareState();
  pin.pin(before);
  s.check(after, 2);
  const r = await pin.compare(s.context());
  if (r.status !== "done") throw new Error(r.status);
  return { review: r.review, session: s };
}

async function axeViolations(p: Page, selector: string): Promise<string[]> {
  // evaluated, not a <script>: the page's CSP (script-src 'self') rightly refuses inline scripts
  if (!(await p.evaluate(() => "axe" in window))) await p.evaluate(AXE);
  return p.evaluate(async (sel) => {
    const axe = (
      window as unknown as {
        axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
      }
    ).axe;
    const r = await axe.run({ include: [[sel]] }, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } });
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  }, selector);
}

it.skipIf(!hasChromium)(
  "pin, edit a window, see the impact; click a new breach, see its timeline",
  async () => {
    const p = page!;
    const original = await p.evaluate(() => window.slaPlayground!.editor.getValue());
    expect(original).toContain(FROM);
    await p.getByTestId("tab-compare").click();
    await p.getByTestId("pin").click();
    const pinned = p.getByTestId("pinned");
    await pinned.waitFor();
    expect(await pinned.textContent()).toMatch(/Pinned sha256 [0-9a-f]{12} at/);
    // before any edit: no change in meaning, nothing appears
    await p.getByTestId("compare-review").waitFor();
    expect(await p.getByTestId("changes").textContent()).toContain("No change in meaning");

    // tighten the trials window in Monaco
    const runs = (await h.state(p)).runs;
    expect(await h.replaceInEditor(p, FROM, TO)).toBe(true);
    await h.nextRun(p, runs);
    const changes = p.getByTestId("changes");
    await p.waitForFunction(
      () =>
        document
          .querySelector("sla-compare-view")
          ?.shadowRoot?.querySelector('[data-testid="changes"]')
          ?.textContent?.includes("24 business hours -> 1 business hour") ?? false,
      undefined,
      { timeout: WAIT },
    );
    expect(await changes.textContent()).toContain("respond to trials: 24 business hours -> 1 business hour");
    const after = await p.evaluate(() => window.slaPlayground!.editor.getValue());
    const { review, session } = await expectedReview(original, after);
    expect(review.newBreaches.length).toBeGreaterThan(0);

    // compliance before -> after on the obligation whose window changed
    const trials = p.getByTestId("compare-obligations").locator("tr", { hasText: "respond trials" });
    const o = review.obligations.find((x) => x.name === "respond trials")!;
    expect(o.after!.compliance!).toBeLessThan(o.before!.compliance!);
    expect(await trials.textContent()).toMatch(/\d+(\.\d+)?% → \d+(\.\d+)?%/);
    // the breaches that appear: as many as sla diff's review says
    const heading = p.locator("h3", { hasText: "Breaches that appear" });
    expect(await heading.textContent()).toContain(`(${review.newBreaches.length.toLocaleString("en-US")})`);
    const rows = p.getByTestId("new-breaches").locator("tbody tr");
    expect(await rows.count()).toBe(Math.min(50, review.newBreaches.length));
    // the Markdown for the pull request is sla diff's
    const md = await p.evaluate(async () => {
      const r = await window.slaPlayground!.api.compare();
      return r.status === "done" ? r.markdown : r.status;
    });
    expect(md).toContain("### What changed in meaning (1 change)");
    expect(md).toContain("<details><summary>Details: compliance per obligation");
    const download = p.waitForEvent("download");
    await p.getByTestId("download-md").click();
    expect((await download).suggestedFilename()).toBe("sla-diff.md");
    expect(await axeViolations(p, "sla-compare-view")).toEqual([]);
    await h.screenshot(p, "compare");

    // click the first breach that appears: the Explain tab tells its story
    const first = review.newBreaches[0].lead;
    await rows
      .first()
      .getByRole("button", { name: `Explain lead ${first}` })
      .click();
    const timeline = p.getByTestId("timeline");
    await timeline.waitFor();
    expect(await p.getByTestId("tab-explain").getAttribute("aria-selected")).toBe("true");
    const text = (await timeline.textContent()) ?? "";
    const x = await explainLead(session.context(), first);
    if (x.status !== "done") throw new Error(x.status);
    expect(text).toBe(x.text);
    expect(text).toMatch(new RegExp(`^Lead ${first} under "Inbound lead SLA" · Times in America/New_York`));
    expect(text).toContain("respond trials (1 business hour): BREACHED");
    expect(await p.getByTestId("lead-id").inputValue()).toBe(first);
    expect(await axeViolations(p, "sla-explain-view")).toEqual([]);
    await h.screenshot(p, "explain");

    expect(site!.consoleErrors).toEqual([]);
    expect(site!.foreignRequests).toEqual([]);
  },
  90_000,
);

it.skipIf(!hasChromium)(
  "a breach in the report opens the Explain tab; the search box works from the keyboard, with a did-you-mean",
  async () => {
    const p = page!;
    await p.getByTestId("tab-report").click();
    const lead = p.getByTestId("breaches").locator("tbody tr").first().getByRole("button");
    const id = ((await lead.textContent()) ?? "").trim();
    expect(id).toMatch(/^L\d+$/);
    await lead.focus();
    await p.keyboard.press("Enter");
    await p.getByTestId("timeline").waitFor();
    expect(await p.getByTestId("timeline").textContent()).toContain(`Lead ${id} under`);

    // type a misspelt id and press Enter: a did-you-mean, and its button explains the close one
    const box = p.getByTestId("lead-id");
    await box.focus();
    await box.fill("");
    await p.keyboard.type(`${id}x`);
    await p.keyboard.press("Enter");
    const msg = p.getByTestId("explain-message");
    await msg.waitFor();
    const said = (await msg.textContent()) ?? "";
    const m = said.match(new RegExp(`^No lead "${id}x" in .*\\(did you mean "(L\\d+)"\\?\\)$`));
    expect(m, said).not.toBeNull();
    await p.getByTestId("did-you-mean").click();
    await p.getByTestId("timeline").waitFor();
    expect(await p.getByTestId("timeline").textContent()).toContain(`Lead ${m![1]} under`);
    // suggestions come from the data's lead ids
    await box.fill("");
    await box.focus();
    await p.keyboard.type(id);
    await p.waitForFunction(
      (want) =>
        [...(document.querySelector("sla-explain-view")?.shadowRoot?.querySelectorAll("#lead-ids option") ?? [])].some(
          (o) => (o as HTMLOptionElement).value === want,
        ),
      id,
      { timeout: WAIT },
    );

    // unpin from the Compare tab: the pin bar comes back
    await p.getByTestId("tab-compare").click();
    await p.getByTestId("unpin").click();
    await p.getByTestId("pin").waitFor();
    expect(site!.consoleErrors).toEqual([]);
    expect(site!.foreignRequests).toEqual([]);
  },
  60_000,
);
