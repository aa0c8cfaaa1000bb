// The engine's public API (`slacode/engine` in package.json's exports):
// read events (JSONL, CRM CSV exports), replay them against a compiled IR,
// and render the report. Browser-safe, like everything in engine/.

export { diffReports, type SimDiff } from "./diff.ts";
export type * from "./events.ts";
export * from "./ingest/index.ts";
export { JsonlFeed } from "./jsonl-feed.ts";
export { computePlan, type PlanReport } from "./plan.ts";
export { PreparedEvents, PreparedFormatError, prepareDecoded, prepareEvents, replayPrepared } from "./prepared.ts";
export type * from "./result.ts";
export { renderDiff } from "./render/diff.ts";
export { escapeHtml, escapeMarkdown, jsonText, terminalText } from "./render/escape.ts";
export { renderHtml } from "./render/html.ts";
export { renderMarkdown } from "./render/markdown.ts";
export { renderTable } from "./render/table.ts";
export { Simulation, type SimulateOptions, simulate } from "./simulate.ts";
