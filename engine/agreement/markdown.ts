// The agreement as GitHub Markdown. Every string from the model goes through
// escapeMarkdown (user text: names, values, URLs, notes). Browser-safe.
import { escapeMarkdown } from "../render/escape.ts";
import type { AgreementDoc, Block, Text } from "./document.ts";

const md = escapeMarkdown;

/** Escaped, keeping the spaces at its edges as spaces (they sit inside a line, between spans). */
function inline(s: string): string {
  const m = /^( *)(.*?)( *)$/s.exec(s)!;
  return m[1] + md(m[2]) + m[3];
}

function text(t: Text): string {
  return t
    .map((s) => (typeof s === "string" ? inline(s) : `**${md(s.strong)}**`))
    .join("")
    .trim();
}

function block(b: Block): string {
  switch (b.kind) {
    case "paragraph":
      return text(b.text);
    case "note":
      return b.paragraphs.map((p) => `> ${md(p)}`).join("\n>\n");
    case "list":
      return b.items.map((i) => `- ${text(i)}`).join("\n");
    case "table": {
      const cell = (s: string) => md(s) || " ";
      const lines = [
        `| ${b.head.map(cell).join(" | ")} |`,
        `|${b.head.map((_, i) => (b.numeric[i] ? " ---: " : " --- ")).join("|")}|`,
        ...b.rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
      ];
      return lines.join("\n");
    }
    case "signatures":
      return b.roles
        .map(
          (r) =>
            `**${md(r)}**\n\nName: ______________________  Title: ______________________\n\nSignature: ______________________  Date: ____________`,
        )
        .join("\n\n");
  }
}

export function agreementMarkdown(doc: AgreementDoc): string {
  const out: string[] = [`# ${md(doc.title)}`, "", md(doc.subtitle)];
  for (const s of doc.sections) {
    out.push("", `## ${md(s.title)}`);
    for (const b of s.blocks) out.push("", block(b));
  }
  out.push("", "---", "", ...doc.footer.map((f) => `<sub>${md(f)}</sub>`).flatMap((l) => [l, ""]));
  return out.join("\n").replace(/\n+$/, "\n");
}
