// HTML -> PDF through Debian's Chromium, headless, driven by playwright-core
// (no other PDF stack). The page is self-contained (no network); the print
// footer on every page repeats the spec's content hash and the page number.
import { existsSync } from "node:fs";
import { escapeHtml } from "../engine/render/escape.ts";

/** Where Chromium is looked for: SLA_CHROMIUM, then Debian's package. */
export function chromiumPath(): string | null {
  const candidates = [process.env.SLA_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  for (const c of candidates) if (c && existsSync(c)) return c;
  return null;
}

export class PdfError extends Error {}

/** Debian chromium under playwright-core, headless, no network of its own (see ../shared/STACK.md). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

async function withPage<T>(html: string, run: (page: import("playwright-core").Page) => Promise<T>): Promise<T> {
  const executablePath = chromiumPath();
  if (!executablePath)
    throw new PdfError(
      "PDF output needs Chromium: install Debian's chromium (apt-get install -y chromium) or set SLA_CHROMIUM to its path; --format html gives the same document",
    );
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    // no request leaves the machine: the page has everything inline
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html, { waitUntil: "load" });
    return await run(page);
  } finally {
    await browser.close();
  }
}

/** The page printed to PDF (A4), `footer` plus page numbers at the foot of every page. */
export async function htmlToPdf(html: string, footer: string): Promise<Uint8Array> {
  return withPage(html, async (page) => {
    const buf = await page.pdf({
      format: "A4",
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: `<div style="font:7px system-ui,sans-serif;color:#666;width:100%;padding:0 18mm;display:flex;justify-content:space-between"><span>${escapeHtml(footer)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
    });
    return new Uint8Array(buf);
  });
}

/** A PNG of the first printed page (A4 at 96 dpi), for documentation. */
export async function htmlFirstPagePng(html: string): Promise<Uint8Array> {
  return withPage(html, async (page) => {
    await page.emulateMedia({ media: "print" });
    // A4 at 96 dpi, with the @page margins (20mm top, 18mm sides) as padding
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.addStyleTag({ content: "body{background:#fff;padding:76px 68px 0}" });
    return new Uint8Array(await page.screenshot({ fullPage: false }));
  });
}
