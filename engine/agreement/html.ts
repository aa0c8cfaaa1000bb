// The agreement as one self-contained HTML page (inline CSS, no scripts, no
// external resources), laid out for printing on A4 or Letter: the PDF is this
// page printed by Chromium. Every string from the model goes through htmlText.
// Browser-safe.
import { htmlText } from "../render/escape.ts";
import type { AgreementDoc, Block, Text } from "./document.ts";

const esc = htmlText;

const CSS = `
@page{size:A4;margin:20mm 18mm 22mm}
*{box-sizing:border-box}
body{margin:0;font:11pt/1.5 Georgia,"Times New Roman",serif;color:#1b1b1b;background:#fff}
.page{max-width:820px;margin:0 auto;padding:28px 32px}
header{border-bottom:2px solid #1b1b1b;padding-bottom:10px;margin-bottom:6px}
.kicker{font:600 9pt/1.2 system-ui,sans-serif;letter-spacing:.12em;text-transform:uppercase;color:#5a5a5a;margin:0 0 6px}
h1{font-size:22pt;line-height:1.2;margin:0 0 6px;overflow-wrap:anywhere}
.subtitle{color:#444;margin:0;font-size:10.5pt}
h2{font:600 13pt/1.3 system-ui,sans-serif;margin:22px 0 8px;padding-bottom:3px;border-bottom:1px solid #ccc;break-after:avoid}
p{margin:6px 0}
ul{margin:4px 0 8px;padding-left:22px}
li{margin:2px 0}
table{border-collapse:collapse;margin:8px 0 10px;font-size:10pt;break-inside:avoid}
th,td{border:1px solid #bbb;padding:3px 9px;text-align:left;vertical-align:top}
th{background:#f1f1f1;font-family:system-ui,sans-serif;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
blockquote{margin:8px 0;padding:4px 12px;border-left:3px solid #8a8a8a;color:#333;font-style:italic;background:#fafafa}
.signatures{display:grid;grid-template-columns:1fr 1fr;gap:26px 40px;margin-top:14px;break-inside:avoid}
.sig .role{font-weight:600;margin-bottom:30px}
.sig .line{border-top:1px solid #1b1b1b;padding-top:2px;font:9pt system-ui,sans-serif;color:#555;margin-bottom:22px}
footer{margin-top:30px;border-top:1px solid #ccc;padding-top:6px;font:8.5pt/1.4 system-ui,sans-serif;color:#555;overflow-wrap:anywhere}
@media print{.page{max-width:none;padding:0}}
`;

function text(t: Text): string {
  return t.map((s) => (typeof s === "string" ? esc(s) : `<strong>${esc(s.strong)}</strong>`)).join("");
}

function block(b: Block): string {
  switch (b.kind) {
    case "paragraph":
      return `<p>${text(b.text)}</p>`;
    case "note":
      return `<blockquote>${b.paragraphs.map((p) => `<p>${esc(p)}</p>`).join("")}</blockquote>`;
    case "list":
      return `<ul>${b.items.map((i) => `<li>${text(i)}</li>`).join("")}</ul>`;
    case "table": {
      const cls = (i: number) => (b.numeric[i] ? ' class="num"' : "");
      return `<table><thead><tr>${b.head.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join("")}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${esc(c)}</td>`).join("")}</tr>`)
        .join("")}</tbody></table>`;
    }
    case "signatures":
      return `<div class="signatures">${b.roles
        .map(
          (r) =>
            `<div class="sig"><div class="role">${esc(r)}</div><div class="line">Name and title</div><div class="line">Signature</div><div class="line">Date</div></div>`,
        )
        .join("")}</div>`;
  }
}

export function agreementHtml(doc: AgreementDoc): string {
  const parts: string[] = [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    // the short hash in the title: the PDF's document information carries it
    `<title>${esc(doc.title)} (sha256 ${esc(doc.sha256.slice(0, 12))})</title>`,
    `<style>${CSS}</style></head><body><div class="page">`,
    `<header><p class="kicker">Service level agreement</p><h1>${esc(doc.title)}</h1><p class="subtitle">${esc(doc.subtitle)}</p></header>`,
  ];
  for (const s of doc.sections)
    parts.push(`<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>${s.blocks.map(block).join("\n")}</section>`);
  parts.push(`<footer>${doc.footer.map((f) => `<p>${esc(f)}</p>`).join("")}</footer>`, "</div></body></html>");
  return parts.join("\n") + "\n";
}
