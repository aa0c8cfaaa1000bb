// The report as files (the share menu's downloads), made in the worker with
// the CLI's renderers: HTML as `sla simulate --format html`, Markdown as
// `--format md`, each closed by the line naming the spec version that judged
// it (the SHA-256 of the text, as the CLI prints it) and the data replayed.
// No DOM.
import { escapeHtml, escapeMarkdown } from "../../../engine/render/escape.ts";
import { renderHtml } from "../../../engine/render/html.ts";
import { renderMarkdown } from "../../../engine/render/markdown.ts";
import type { SimReport } from "../../../engine/result.ts";
import type { IR } from "../../../language/ir.ts";
import type { DataInfo } from "../worker/protocol.ts";
import { specTitle } from "./downloads.ts";

export interface ReportSource {
  text: string;
  ir: IR | null;
  report: SimReport | null;
  reportIr: IR | null;
  data: { info(ir: IR | null): DataInfo };
}

/** The last report as an HTML page or Markdown; null before the first replay. */
export async function reportFile(ctx: ReportSource, format: "html" | "md"): Promise<string | null> {
  const report = ctx.report;
  if (!report) return null;
  const line = await judgedBy(ctx);
  return format === "html"
    ? renderHtml(report).replace("</body>", `<p class="version">${escapeHtml(line)}</p>\n</body>`)
    : `${renderMarkdown(report)}\n_${escapeMarkdown(line)}_\n`;
}

/** "Judged by inbound-lead-sla.sla (sha256 1a2b3c4d5e6f) in the slacode playground, on a generated quarter …" */
async function judgedBy(ctx: ReportSource): Promise<string> {
  const data = ctx.data.info(ctx.reportIr).label;
  // the report belongs to the current text only when it was made from the current IR
  if (ctx.ir === null || ctx.reportIr !== ctx.ir)
    return `Judged by an earlier version of the spec in the slacode playground (the current one has errors), on ${data}`;
  const name = specTitle(ctx.text) ?? "the spec";
  return `Judged by "${name}" (sha256 ${(await sha256(ctx.text)).slice(0, 12)}) in the slacode playground, on ${data}`;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
