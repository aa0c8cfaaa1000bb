// Compare and Explain in the built site: pin the SLA, tighten a window in
// Monaco, see the impact against the pinned version (the change in words,
// compliance before -> after, the breaches that appear: as many as the worker's
// review, which equals `sla diff`); click a new breach and see its timeline as
// `sla explain` prints it; the report's breaches open it too; the lead search
// box works from the keyboard and suggests a close id; an edit no lead fits
// shows why instead of an impact; on a Salesforce export an 18-character id
// finds its lead and a different-case one is a did-you-mean; an empty search
// replaces the old message. Screenshots of both
// views; no console errors, no foreign requests, no axe violations (WCAG A/AA).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { CompareState } from "../../playground/src/compare/compare.ts";
import { explainLead } from "../../playground/src/compare/explain-lead.ts";
import { encodeState } from "../../playground/src/share/url-state.ts";
import { GeneratedSource, PLAYGROUND_DATA } from "../../playground/src/simulator.ts";
import { Session } from "../../playground/src/worker/session.ts";
import * as h from "./harness.ts";
import { hasChromium, usePlayground, WAIT } from "./harness.ts";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const FROM = "respond to trials within 24 business hours";
const TO = "respond to trials within 1 business hours";

const fixture = usePlayground();

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
    return r.violations.map(
      (v) =>
        `${v.id}: ${v.nodes.map((n) => (n as { html: string; failureSummary?: string }).html + " " + (n as { failureSummary?: string }).failureSummary).join("; ")}`,
    );
  }, selector);
}

it.skipIf(!hasChromium)(
  "pin, edit a window, see the impact; click a new breach, see its timeline",
  async () => {
    const p = fixture.page;
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

    expect(fixture.site.consoleErrors).toEqual([]);
    expect(fixture.site.foreignRequests).toEqual([]);
  },
  90_000,
);

it.skipIf(!hasChromium)(
  "a breach in the report opens the Explain tab; the search box works from the keyboard, with a did-you-mean",
  async () => {
    const p = fixture.page;
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
    expect(fixture.site.consoleErrors).toEqual([]);
    expect(fixture.site.foreignRequests).toEqual([]);
  },
  60_000,
);

it.skipIf(!hasChromium)(
  "dark scheme: both views pass axe (contrast included)",
  async () => {
    const p = await fixture.site.newPage({ colorScheme: "dark" });
    await fixture.site.openPlayground(p);
    await p.getByTestId("tab-compare").click();
    await p.getByTestId("pin").click();
    await p.getByTestId("compare-review").waitFor();
    const runs = (await h.state(p)).runs;
    expect(await h.replaceInEditor(p, FROM, TO)).toBe(true);
    await h.nextRun(p, runs);
    await p.getByTestId("new-breaches").locator("tbody tr").first().waitFor();
    expect(await axeViolations(p, "sla-compare-view")).toEqual([]);
    await h.screenshot(p, "compare-dark");
    await p.getByTestId("new-breaches").locator("tbody tr").first().getByRole("button").click();
    await p.getByTestId("timeline").waitFor();
    expect(await axeViolations(p, "sla-explain-view")).toEqual([]);
    await h.screenshot(p, "explain-dark");
    await p.context().close();
    expect(fixture.site.consoleErrors).toEqual([]);
    expect(fixture.site.foreignRequests).toEqual([]);
  },
  60_000,
);

it.skipIf(!hasChromium)(
  "a shared link with a baseline opens Compare with the impact; with a lead, Explain with its story",
  async () => {
    const spec = readFileSync(new URL("../../specs/examples/inbound/inbound.sla", import.meta.url), "utf8");
    const tighter = spec.replace(FROM, TO);
    const { review } = await expectedReview(spec, tighter);
    const p = await fixture.site.newPage();
    await fixture.site.openPlayground(p, encodeState({ spec: tighter, baseline: spec, tab: "compare" }));
    await p.getByTestId("pinned").waitFor();
    await p.getByTestId("compare-review").waitFor();
    expect(await p.getByTestId("changes").textContent()).toContain("24 business hours -> 1 business hour");
    expect(await p.locator("h3", { hasText: "Breaches that appear" }).textContent()).toContain(
      `(${review.newBreaches.length})`,
    );
    await p.context().close();

    const lead = review.newBreaches[0].lead;
    const q = await fixture.site.newPage();
    await fixture.site.openPlayground(q, encodeState({ spec: tighter, baseline: spec, tab: "explain", lead }));
    await q.getByTestId("timeline").waitFor();
    expect(await q.getByTestId("timeline").textContent()).toContain(`Lead ${lead} under`);
    await q.context().close();
    expect(fixture.site.consoleErrors).toEqual([]);
    expect(fixture.site.foreignRequests).toEqual([]);
  },
  60_000,
);

/** The inbound SLA with every obligation on a segment no lead of the data enters (a value the data never has). */
function unfit(spec: string): string {
  return spec
    .replace('"whitepaper"\n', '"whitepaper", "partner"\n')
    .replace('VQL and source = "demo"', 'source = "partner"')
    .replace('VQL and source = "trial"', 'source = "partner"')
    .replace(/expect demo\.held[^\n]*\n[^\n]*\n/, "");
}

it.skipIf(!hasChromium)(
  "an edit no lead fits: Compare says there is no impact to show and says why (EV507) above the other data-fit notices",
  async () => {
    const spec = readFileSync(new URL("../../specs/examples/inbound/inbound.sla", import.meta.url), "utf8");
    const edited = unfit(spec);
    // in Node first: on the generated quarter the review is done, with breaches that "disappear"
    const s = new Session(new GeneratedSource(PLAYGROUND_DATA));
    s.check(spec, 1);
    const pin = new CompareState();
    pin.pin(spec);
    s.check(edited, 2);
    const r = await pin.compare(s.context());
    if (r.status !== "done") throw new Error(r.status);
    expect(r.review.goneBreaches.length).toBeGreaterThan(0);
    expect(r.fit.noScope).not.toBeNull();

    const p = await fixture.site.newPage();
    await fixture.site.openPlayground(p, encodeState({ spec: edited, baseline: spec, tab: "compare" }));
    const banner = p.getByTestId("compare-no-scope");
    await banner.waitFor();
    expect(await banner.textContent()).toContain("no lead is in scope of the current SLA");
    expect(await banner.textContent()).toContain(r.fit.noScope!);
    expect(await banner.textContent()).toContain("EV507");
    // the other notices below it (the EV507 sentence is the banner's), those this edit brought marked so
    const fit = p.getByTestId("compare-fit").locator("li");
    expect(r.fit.items[0].code).toBe("EV507");
    expect(await fit.count()).toBe(r.fit.items.length - 1);
    expect(await fit.first().textContent()).toContain("EV503");
    expect(await fit.first().textContent()).toContain("(new with this edit)");
    expect(await p.getByTestId("compare-fit").textContent()).not.toContain("EV507");
    // no "breaches that disappear" read as good news, no compliance "-> –"
    expect(await p.locator("h3", { hasText: "Breaches that disappear" }).count()).toBe(0);
    expect(await p.getByTestId("compare-obligations").count()).toBe(0);
    expect(await axeViolations(p, "sla-compare-view")).toEqual([]);
    await h.screenshot(p, "compare-no-scope");
    await p.context().close();

    // a renamed field: leads are still in scope, so the impact shows, with the new notices above it and a
    // word next to the breaches that disappear (their leads are no longer measured, it is no improvement)
    const q = await fixture.site.newPage();
    await fixture.site.openPlayground(
      q,
      encodeState({ spec: spec.replaceAll("source", "origin"), baseline: spec, tab: "compare" }),
    );
    await q.getByTestId("compare-review").waitFor();
    expect(await q.getByTestId("compare-fit").textContent()).toContain('field "origin" was never set on any lead');
    expect(await q.getByTestId("gone-unfit").textContent()).toContain("no longer measured");
    expect(await q.getByTestId("compare-no-scope").count()).toBe(0);
    await q.context().close();
    expect(fixture.site.consoleErrors).toEqual([]);
    expect(fixture.site.foreignRequests).toEqual([]);
  },
  60_000,
);

it.skipIf(!hasChromium)(
  "Explain on a Salesforce export: the 18-character id finds its lead, a different-case id is a did-you-mean; an empty search clears the old message",
  async () => {
    const SF = new URL("../fixtures/crm/salesforce/", import.meta.url);
    const ID15 = "00Q5g00000Lk2CD";
    const ID18 = "00Q5g00000Lk2CDEAZ";
    const p = await fixture.site.newPage();
    await fixture.site.openPlayground(p);
    const runs = (await h.state(p)).runs;
    await p.evaluate((t) => window.slaPlayground!.editor.setValue(t), readFileSync(new URL("inbound.sla", SF), "utf8"));
    await h.nextRun(p, runs);
    await p.getByTestId("tab-data").click();
    const before = (await h.state(p)).runs;
    await p
      .locator("sla-data-panel")
      .locator('[data-testid="data-files"]')
      .setInputFiles(["leads.csv", "activities.csv", "history.csv"].map((f) => new URL(f, SF).pathname));
    await p.waitForFunction(
      (n) => {
        const s = window.slaPlayground!.state();
        return s.runs > n && s.data.includes("(Salesforce)") && s.events !== null;
      },
      before,
      { timeout: WAIT },
    );

    await p.getByTestId("tab-explain").click();
    const box = p.getByTestId("lead-id");
    // the 18-character form: the 15-character lead's story, with a note saying how it was found
    await box.fill(ID18);
    await box.press("Enter");
    const timeline = p.getByTestId("timeline");
    await timeline.waitFor();
    expect(await timeline.textContent()).toMatch(new RegExp(`^Lead ${ID15} under`));
    expect(await p.getByTestId("explain-note").textContent()).toContain(`18-character form of Salesforce id "${ID15}"`);
    // the suggestions offer the lead for its 18-character id too
    await box.fill("");
    await box.focus();
    await p.keyboard.type(ID18);
    await p.waitForFunction(
      (want) =>
        [...(document.querySelector("sla-explain-view")?.shadowRoot?.querySelectorAll("#lead-ids option") ?? [])].some(
          (o) => (o as HTMLOptionElement).value === want,
        ),
      ID15,
      { timeout: WAIT },
    );

    // letter case changed: another Salesforce record, so not joined: a did-you-mean that says why
    await box.fill(ID15.toLowerCase());
    await box.press("Enter");
    const msg = p.getByTestId("explain-message");
    await msg.waitFor();
    const said = (await msg.textContent()) ?? "";
    expect(said).toContain(`No lead "${ID15.toLowerCase()}"`);
    expect(said).toContain("Salesforce ids are case-sensitive");
    expect(said).toContain(`(did you mean "${ID15}"?)`);
    expect(await timeline.count()).toBe(0);
    await p.getByTestId("did-you-mean").click();
    await timeline.waitFor();
    expect(await timeline.textContent()).toMatch(new RegExp(`^Lead ${ID15} under`));

    // a typo, then an empty search: the typo's message does not stay
    await box.fill("L1x");
    await box.press("Enter");
    await p.waitForFunction(
      () =>
        document
          .querySelector("sla-explain-view")
          ?.shadowRoot?.querySelector('[data-testid="explain-message"]')
          ?.textContent?.includes('"L1x"') ?? false,
      undefined,
      { timeout: WAIT },
    );
    await box.fill("");
    await box.press("Enter");
    await expect.poll(() => msg.textContent()).toBe("Type a lead id.");
    expect(await axeViolations(p, "sla-explain-view")).toEqual([]);
    await p.context().close();
    expect(fixture.site.consoleErrors).toEqual([]);
    expect(fixture.site.foreignRequests).toEqual([]);
  },
  90_000,
);
