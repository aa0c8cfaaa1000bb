// The signable agreement generated from a spec (`sla agreement`). Browser-safe.
export { type AgreementDoc, buildAgreement, type SpecSource } from "./document.ts";
export { agreementHtml } from "./html.ts";
export { agreementMarkdown } from "./markdown.ts";
export { collectNotes, type Notes, noteText } from "./notes.ts";
