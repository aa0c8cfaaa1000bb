// Files the playground hands over: the .sla, the report (HTML, Markdown) and
// the diff against the pinned baseline (Markdown, for a pull request). The
// names come from the spec's `sla "..."` title; the content is made by the
// worker (the CLI's renderers). `downloadNames` and `specTitle` are pure
// (tested in Node); `saveFile` needs a document.

export type DownloadKind = "sla" | "report-html" | "report-md" | "diff-md";

export interface DownloadFile {
  name: string;
  type: string;
}

const TYPES: Record<DownloadKind, string> = {
  sla: "text/plain;charset=utf-8",
  "report-html": "text/html;charset=utf-8",
  "report-md": "text/markdown;charset=utf-8",
  "diff-md": "text/markdown;charset=utf-8",
};

const SUFFIX: Record<DownloadKind, string> = {
  sla: ".sla",
  "report-html": "-report.html",
  "report-md": "-report.md",
  "diff-md": "-diff.md",
};

/** The `sla "TITLE"` of a spec (as written, escapes undone), or null when there is none. */
export function specTitle(text: string): string | null {
  const m = /^[ \t]*sla[ \t]+"((?:[^"\\\r\n]|\\.)*)"/m.exec(text);
  return m ? m[1].replace(/\\(.)/g, "$1") : null;
}

/** A file name stem safe on every OS: "Inbound lead SLA" -> "inbound-lead-sla"; "sla" when nothing is left. */
export function fileStem(title: string | null): string {
  const stem = (title ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return stem || "sla";
}

/** Name and MIME type of each download for a spec. */
export function downloadFile(kind: DownloadKind, text: string): DownloadFile {
  return { name: fileStem(specTitle(text)) + SUFFIX[kind], type: TYPES[kind] };
}

/** Saves `content` as a file the browser downloads (a Blob behind a temporary link). */
export function saveFile(file: DownloadFile, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: file.type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = file.name;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  // the download has started by the next task; the URL is no longer needed
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
