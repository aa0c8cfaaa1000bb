// `sla check` for CI: SARIF 2.1.0 (code scanning) and GitHub workflow
// commands (annotations on a pull request's lines), both from the JSON
// diagnostics (diagnostics.ts). Browser-safe, pure.
import { CODES, type DiagnosticCode, type JsonDiagnostic } from "./diagnostics.ts";
import { cleanText } from "./text-safety.ts";

/** A file name as a relative URI reference: forward slashes, each segment percent-encoded. */
function uri(file: string): string {
  return file.replace(/\\/g, "/").split("/").map(encodeURIComponent).join("/");
}

/** A SARIF 2.1.0 log with one run; rules are the codes that occur. */
export function toSarif(diagnostics: JsonDiagnostic[], version: string): object {
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  const index = new Map(codes.map((c, i) => [c, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "slacode",
            version,
            rules: codes.map((code) => {
              const info = Object.hasOwn(CODES, code) ? CODES[code as DiagnosticCode] : null;
              return {
                id: code,
                shortDescription: { text: info?.title ?? code },
                defaultConfiguration: { level: info?.severity === "warning" ? "warning" : "error" },
              };
            }),
          },
        },
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          ruleIndex: index.get(d.code),
          level: d.severity === "warning" ? "warning" : "error",
          message: { text: d.help ? `${d.message} (${d.help})` : d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uri(d.file) },
                region: {
                  startLine: d.line,
                  startColumn: d.column,
                  endLine: d.endLine,
                  endColumn: Math.max(d.endColumn, d.endLine === d.line ? d.column + 1 : 1),
                },
              },
            },
          ],
        })),
      },
    ],
  };
}

/** Workflow-command escaping: the message (data) and property values. */
const data = (s: string) => cleanText(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const prop = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=CODE::message`, one per diagnostic. */
export function toGithubAnnotations(diagnostics: JsonDiagnostic[]): string {
  return diagnostics
    .map((d) => {
      const props = [
        `file=${prop(d.file.replace(/\\/g, "/"))}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${prop(d.code)}`,
      ].join(",");
      return `::${d.severity === "warning" ? "warning" : "error"} ${props}::${data(d.help ? `${d.message} (${d.help})` : d.message)}\n`;
    })
    .join("");
}
