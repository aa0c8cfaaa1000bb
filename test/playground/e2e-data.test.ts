// The Data tab in the built site, in Debian's chromium: upload the Salesforce
// fixture (leads + activities + history) with the Salesforce preset through the
// file input and see the report `sla simulate` gives; edit the spec so it no
// longer fits the data and see the data-fit warnings; a malformed file and a
// wrong mapping show their located errors; no request leaves the page.
// Then a 1M-event JSONL upload, timed (printed, not asserted).
import { createWriteStream, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { SimReport } from "../../engine/result.ts";
import { generateJsonlChunks } from "../../generate/index.ts";
import { sla } from "../run-sla.ts";
import { hasChromium, nextRun, SETUP_TIMEOUT, Site, screenshot, state, WAIT } from "./harness.ts";

const SF = fileURLToPath(new URL("../fixtures/crm/salesforce/", import.meta.url));
/** 1M events: 160k leads of the generator's inbound model (set SLA_E2E_UPLOAD_LEADS to change; 0 skips). */
const BIG_LEADS = Number(process.env.SLA_E2E_UPLOAD_LEADS ?? 160_000);

let site: Site | null = null;
let page: Page | null = null;
let tmp = "";

beforeAll(async () => {
  if (!hasChromium) return;
  tmp = await mkdtemp(join(tmpdir(), "slacode-e2e-data-"));
  site = await Site.open();
  page = await site.newPage();
  await site.openPlayground(page);
}, SETUP_TIMEOUT);

afterAll(async () => {
  await site?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Replaces the editor's text and waits for its analysis. */
async function setSpec(p: Page, text: string): Promise<void> {
  const before = (await state(p)).runs;
  await p.evaluate((t) => window.slaPlayground!.editor.setValue(t), text);
  await nextRun(p, before);
}

/** Waits until a replay ran on data whose label contains `label`. */
async function waitForData(p: Page, label: string, before: number, timeout = WAIT): Promise<void> {
  await p.waitForFunction(
    ([n, l]) => {
      const s = window.slaPlayground!.state();
      return s.runs > (n as number) && s.data.includes(l as string) && s.events !== null;
    },
    [before, label] as const,
    { timeout },
  );
}

const panel = (p: Page) => p.locator("sla-data-panel");

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe's WCAG A/AA violations inside `selector` (as e2e-compare checks its views). */
async function axeViolations(p: Page, selector: string): Promise<string[]> {
  // evaluated, not a <script>: the page's CSP (script-src 'self') refuses inline scripts
  if (!(await p.evaluate(() => "axe" in window))) await p.evaluate(AXE);
  return p.evaluate(async (sel) => {
    type Axe = { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
    const axe = (window as unknown as { axe: Axe }).axe;
    const r = await axe.run({ include: [[sel]] }, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } });
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  }, selector);
}

it.skipIf(!hasChromium)("upload a Salesforce export with the preset: the report sla simulate gives", async () => {
  const p = page!;
  const spec = await readFile(`${SF}inbound.sla`, "utf8");
  await setSpec(p, spec);
  await p.locator('[data-testid="tab-data"]').click();
  await expect.poll(() => panel(p).locator('[data-testid="data-label"]').textContent()).toContain("generated");
  const before = (await state(p)).runs;
  await panel(p)
    .locator('[data-testid="data-files"]')
    .setInputFiles([`${SF}leads.csv`, `${SF}activities.csv`, `${SF}history.csv`]);
  // the roles and the preset are recognised from the headers, so it loads at once
  await waitForData(p, "leads.csv + activities.csv + history.csv (Salesforce)", before);
  const roles = await panel(p)
    .locator('[data-testid="data-role"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value));
  expect(roles).toEqual(["leads", "activities", "history"]);
  expect(await panel(p).locator('[data-testid="data-mapping-salesforce"]').isChecked()).toBe(true);
  await expect.poll(() => panel(p).locator('[data-testid="data-summary"]').isVisible()).toBe(true);
  await screenshot(p, "data-tab-salesforce");
  expect(await axeViolations(p, "sla-data-panel")).toEqual([]);

  const cli = await sla(
    "simulate",
    `${SF}inbound.sla`,
    "--leads",
    `${SF}leads.csv`,
    "--activities",
    `${SF}activities.csv`,
    "--history",
    `${SF}history.csv`,
    "--map",
    "salesforce",
    "--lenient",
    "--format",
    "json",
    "--no-progress",
  );
  expect(cli.code, cli.err).toBe(0);
  const expected = JSON.parse(cli.out) as SimReport;
  const s = await state(p);
  expect([s.events, s.breaches]).toEqual([expected.events, expected.breaches.length]);
  expect(Number((await panel(p).locator('[data-testid="data-leads"]').textContent())?.replace(/,/g, ""))).toBe(
    expected.leads,
  );
  // the breached leads are the CLI's, on the report tab
  await p.locator('[data-testid="tab-report"]').click();
  const results = p.locator('sla-results [data-testid="results"]');
  await expect.poll(() => results.textContent()).toContain(expected.sla);
  const text = (await results.textContent()) ?? "";
  for (const b of expected.breaches) expect(text).toContain(b.lead);
  await screenshot(p, "data-report-salesforce");
});

it.skipIf(!hasChromium)("a spec that does not fit the uploaded data shows the data-fit warnings", async () => {
  const p = page!;
  const spec = await readFile(`${SF}inbound.sla`, "utf8");
  const before = (await state(p)).runs;
  await setSpec(
    p,
    spec.replace('segment mqls when status = "Marketing Qualified"', 'segment mqls when status = "MQL"'),
  );
  await waitForData(p, "(Salesforce)", before);
  await p.locator('[data-testid="tab-report"]').click();
  const fit = p.locator('sla-results [data-testid="data-fit"]');
  await expect.poll(() => fit.textContent()).toContain('no lead entered segment "mqls"');
  expect(await fit.textContent()).toContain("EV503");
  await screenshot(p, "data-fit-warnings");
  await setSpec(p, spec);
});

it.skipIf(!hasChromium)("a malformed file and a wrong mapping show their located errors; the data stays", async () => {
  const p = page!;
  await p.locator('[data-testid="tab-data"]').click();
  // the tab kept the export's files (roles and mapping on screen): remove them
  for (const name of ["leads.csv", "activities.csv", "history.csv"])
    await panel(p).locator(`button[aria-label="Remove ${name}"]`).click();
  const broken = join(tmp, "broken.jsonl");
  await writeFile(broken, "{not json\nstill not json\n");
  await panel(p).locator('[data-testid="data-files"]').setInputFiles(broken);
  const error = panel(p).locator('[data-testid="data-error"]');
  await expect
    .poll(() => error.textContent(), { timeout: WAIT })
    .toContain("broken.jsonl: no events: all 2 lines were rejected");
  expect(await error.textContent()).toContain("EV114");
  await screenshot(p, "data-error-malformed");
  // still the Salesforce export
  expect((await state(p)).data).toContain("(Salesforce)");

  // the Salesforce files read with the HubSpot preset: the missing column, at history.csv:1 (read first)
  await panel(p).locator('button[aria-label="Remove broken.jsonl"]').click();
  const before = (await state(p)).runs;
  await panel(p)
    .locator('[data-testid="data-files"]')
    .setInputFiles([`${SF}leads.csv`, `${SF}activities.csv`, `${SF}history.csv`]);
  await waitForData(p, "(Salesforce)", before);
  await panel(p).locator('[data-testid="data-mapping-hubspot"]').check();
  await panel(p).locator('[data-testid="data-load"]').click();
  await expect.poll(() => error.textContent(), { timeout: WAIT }).toContain("EV304");
  expect(await error.textContent()).toMatch(/history\.csv:1: none of the columns/);
  expect((await state(p)).data).toContain("(Salesforce)");

  // and back to the generated sample
  const again = (await state(p)).runs;
  await panel(p).locator('[data-testid="data-generated"]').click();
  await waitForData(p, "generated", again);
  expect(site!.consoleErrors).toEqual([]);
  expect(site!.foreignRequests).toEqual([]);
});

it.skipIf(!hasChromium)("a chosen mapping file stays on screen until removed (never used unseen)", async () => {
  const d = await site!.newPage();
  await site!.openPlayground(d);
  await d.locator('[data-testid="tab-data"]').click();
  // a CSV export, so the mapping chooser shows; the preset loads it first
  const before = (await state(d)).runs;
  await panel(d)
    .locator('[data-testid="data-files"]')
    .setInputFiles([`${SF}leads.csv`, `${SF}activities.csv`]);
  await waitForData(d, "(Salesforce)", before);
  await panel(d).locator('[data-testid="data-mapping-file"]').check();
  await panel(d).locator('[data-testid="data-map-file"]').setInputFiles(`${SF}map.json`);
  await expect.poll(() => panel(d).locator('[data-testid="data-map-file-name"]').textContent()).toBe("map.json");
  // removing every file and choosing them again keeps the mapping file visible, or gone: never hidden
  for (const name of ["leads.csv", "activities.csv"])
    await panel(d).locator(`button[aria-label="Remove ${name}"]`).click();
  await panel(d)
    .locator('[data-testid="data-files"]')
    .setInputFiles([`${SF}leads.csv`, `${SF}activities.csv`]);
  await panel(d).locator('[data-testid="data-mapping-file"]').check();
  expect(await panel(d).locator('[data-testid="data-map-file-name"]').textContent()).toBe("map.json");
  await panel(d).locator('[data-testid="data-map-file-remove"]').click();
  await expect.poll(() => panel(d).locator('[data-testid="data-map-file"]').isVisible()).toBe(true);
  expect(await panel(d).locator('[data-testid="data-map-file-name"]').count()).toBe(0);
  await d.context().close();
});

it.skipIf(!hasChromium)("the Data tab in the dark scheme: no WCAG A/AA violation, with files loaded", async () => {
  const d = await site!.newPage({ colorScheme: "dark" });
  await site!.openPlayground(d);
  await setSpec(d, await readFile(`${SF}inbound.sla`, "utf8"));
  await d.locator('[data-testid="tab-data"]').click();
  const before = (await state(d)).runs;
  await panel(d)
    .locator('[data-testid="data-files"]')
    .setInputFiles([`${SF}leads.csv`, `${SF}activities.csv`, `${SF}history.csv`]);
  await waitForData(d, "(Salesforce)", before);
  await expect.poll(() => panel(d).locator('[data-testid="data-summary"]').isVisible()).toBe(true);
  expect(await axeViolations(d, "sla-data-panel")).toEqual([]);
  await screenshot(d, "data-tab-dark");
  await d.context().close();
});

it.skipIf(!hasChromium || BIG_LEADS === 0)(
  "a 1M-event JSONL upload: read + prepare and replay times (printed)",
  async () => {
    const p = page!;
    const big = join(tmp, "events-1m.jsonl");
    const out = createWriteStream(big);
    for (const chunk of generateJsonlChunks({ seed: 42, leads: BIG_LEADS, start: "2027-01-01", months: 3 }, 1 << 20))
      if (!out.write(chunk)) await new Promise<void>((ok) => out.once("drain", () => ok()));
    await new Promise<void>((ok) => out.end(() => ok()));
    await setSpec(
      p,
      await readFile(fileURLToPath(new URL("../../specs/examples/inbound/inbound.sla", import.meta.url)), "utf8"),
    );
    await p.locator('[data-testid="tab-data"]').click();
    const before = (await state(p)).runs;
    const t0 = Date.now();
    await panel(p).locator('[data-testid="data-files"]').setInputFiles(big);
    await waitForData(p, "events-1m.jsonl", before, 300_000);
    const loadedMs = Date.now() - t0;
    const info = await p.evaluate(() => window.slaPlayground!.api.dataInfo());
    const s = await state(p);
    // an edit of a window: replayed from the prepared events
    const runs = s.runs;
    await p.evaluate(() => {
      const { editor } = window.slaPlayground!;
      const m = editor.getModel()!.findMatches("within 5m", false, false, true, null, false, 1)[0];
      editor.executeEdits("test", [{ range: m.range, text: "within 10m" }]);
    });
    // (nextRun: the analysis counts once its replay is rendered)
    const edited = await nextRun(p, runs);
    console.log(
      [
        `chromium upload of ${info.upload?.events.toLocaleString("en-US")} events (${info.upload?.leads.toLocaleString("en-US")} leads):`,
        `  read + decode + prepare in the worker: ${Math.round(info.upload?.prepareMs ?? 0)} ms`,
        `  file chosen -> report rendered: ${loadedMs} ms (first replay ${Math.round(s.replayMs ?? 0)} ms)`,
        `  edit -> results: ${Math.round(edited.resultMs ?? 0)} ms (replay ${Math.round(edited.replayMs ?? 0)} ms)`,
      ].join("\n"),
    );
    expect(s.events).toBe(info.upload?.events);
    await screenshot(p, "data-upload-1m");
    expect(site!.consoleErrors).toEqual([]);
    expect(site!.foreignRequests).toEqual([]);
  },
  400_000,
);
