// The engine's public API (`slacode/engine` in package.json's exports):
// read events (JSONL, CRM CSV exports), replay them against a compiled IR,
// and render the report. Browser-safe, like everything in engine/.

export { type ActionCount, actionCounts } from "./action-counts.ts";
export { diffReports, type SimDiff } from "./diff.ts";
export type * from "./events.ts";
export { Explainer, type Explanation } from "./explain.ts";
export * from "./ingest/index.ts";
export { JsonlFeed } from "./jsonl-feed.ts";
export { computePlan, type PlanReport } from "./plan.ts";
export { PreparedEvents, PreparedFormatError, prepareDecoded, prepareEvents, replayPrepared } from "./prepared.ts";
export { renderDiff } from "./render/diff.ts";
export { escapeHtml, escapeMarkdown, jsonText, terminalText } from "./render/escape.ts";
export { renderExplanation } from "./render/explain.ts";
export { renderHtml } from "./render/html.ts";
export { renderMarkdown } from "./render/markdown.ts";
export { type Review, renderReview } from "./render/review.ts";
export { renderChanges } from "./render/semantic-diff.ts";
export { renderTable } from "./render/table.ts";
export type * from "./result.ts";
export { type SegmentMove, segmentMoves } from "./segment-moves.ts";
export { type SimulateOptions, Simulation, simulate } from "./simulate.ts";
export { renderFileResult, renderTestDiagnostics } from "./testing/render.ts";
export { type FileResult, runTestFile } from "./testing/run.ts";
export { parseTestFile, TEST_CODES, type TestFile } from "./testing/syntax.ts";
