// The language service's answers: plain data (they cross to the page by
// structured clone). Ranges are [start, end) character offsets into the text;
// the editor turns them into line/column positions.
import type { Range } from "../ast.ts";

export type { Range } from "../ast.ts";

/** What a completion item is, so the editor can pick an icon. */
export type CompletionKind =
  | "keyword"
  | "field"
  | "enum-value"
  | "term"
  | "segment"
  | "persona"
  | "action"
  | "team"
  | "person"
  | "calendar"
  | "event"
  | "unit"
  | "period"
  | "type"
  | "day"
  | "channel"
  | "stage";

export interface CompletionItemData {
  label: string;
  kind: CompletionKind;
  /** one line shown next to the label: "enum value of source", "term", "field: number" */
  detail: string;
  insertText: string;
  /** the text the editor matches what was typed against (the label when absent) */
  filterText?: string;
  /** orders the list: names the context asks for first, keywords after */
  sortText: string;
  /** the text the item replaces: the word (or unterminated string) being typed, empty at a fresh position */
  range: Range;
}

export interface HoverData {
  /** the word hovered */
  range: Range;
  /** Markdown */
  markdown: string;
}

/** What a name in the spec stands for (the namespaces of reference.md section 2, plus free names). */
export type SymbolKind =
  | "field"
  | "term"
  | "segment"
  | "persona"
  | "action"
  | "team"
  | "person"
  | "calendar"
  | "event"
  | "stage"
  | "enum-value"
  | "unit"
  | "period"
  | "day";

export interface LocationData {
  name: string;
  kind: SymbolKind;
  /** the name */
  range: Range;
  /** definitions only: the whole declaring node (a field's line, a `define`, a team block) */
  declaringNode?: Range;
}

export type OutlineKind =
  | "header"
  | "calendar"
  | "fields"
  | "field"
  | "term"
  | "segment"
  | "persona"
  | "action"
  | "team"
  | "person"
  | "value"
  | "commitment"
  | "obligation"
  | "plan";

export interface OutlineItem {
  name: string;
  detail: string;
  kind: OutlineKind;
  /** the whole declaration */
  range: Range;
  /** the part to select when the item is picked: its name */
  selectionRange: Range;
  children: OutlineItem[];
}

/**
 * How many leads of the loaded data matched each term (engine/term-counts.ts
 * computes it; the language service only formats it).
 */
export interface TermCounts {
  /** leads replayed */
  leads: number;
  /** one per term, in the IR's order (a list, not a record: a term may be called __proto__) */
  terms: { name: string; ever: number; atEnd: number }[];
}
