// Monaco's language features for `sla`, answered by the language service in
// the analysis worker (language/service/): completion, hover, go to
// definition, highlights of a name's mentions, and the outline (Ctrl+Shift+O,
// "Go to Symbol"). This file only converts: offsets <-> positions, the
// service's kinds -> Monaco's icons.
import * as monaco from "monaco-editor/editor";
import type { CompletionKind, OutlineItem, OutlineKind, Range } from "../../language/service/types.ts";
import { LANGUAGE_ID } from "./sla-language.ts";
import type { AnalysisApi } from "./worker/client.ts";

/** What the service needs from the worker: the language-service part of the api. */
export type LanguageServiceApi = Pick<AnalysisApi, "complete" | "hover" | "definition" | "references" | "outline">;

/** Typed characters that open the suggestions: after a word (space), a comparison, a list, an event type's dot, a quote. */
export const TRIGGER_CHARACTERS = [" ", "=", "(", ",", ".", '"'];

const CK = () => monaco.languages.CompletionItemKind;
const COMPLETION_KINDS: Record<CompletionKind, () => monaco.languages.CompletionItemKind> = {
  keyword: () => CK().Keyword,
  field: () => CK().Field,
  "enum-value": () => CK().EnumMember,
  term: () => CK().Function,
  segment: () => CK().Class,
  persona: () => CK().Struct,
  action: () => CK().Event,
  team: () => CK().Module,
  person: () => CK().User,
  calendar: () => CK().Folder,
  event: () => CK().Event,
  unit: () => CK().Unit,
  period: () => CK().Unit,
  type: () => CK().TypeParameter,
  day: () => CK().Value,
  channel: () => CK().Value,
  stage: () => CK().Reference,
};

const SK = () => monaco.languages.SymbolKind;
const SYMBOL_KINDS: Record<OutlineKind, () => monaco.languages.SymbolKind> = {
  header: () => SK().String,
  calendar: () => SK().Module,
  fields: () => SK().Struct,
  field: () => SK().Field,
  term: () => SK().Function,
  segment: () => SK().Class,
  persona: () => SK().Struct,
  action: () => SK().Event,
  team: () => SK().Namespace,
  person: () => SK().Variable,
  value: () => SK().Array,
  commitment: () => SK().Key,
  obligation: () => SK().Event,
  plan: () => SK().Object,
};

function toRange(model: monaco.editor.ITextModel, r: Range): monaco.IRange {
  const a = model.getPositionAt(r.start);
  const b = model.getPositionAt(r.end);
  return { startLineNumber: a.lineNumber, startColumn: a.column, endLineNumber: b.lineNumber, endColumn: b.column };
}

let registered = false;

/** Registers the providers (once per page). */
export function registerLanguageService(api: LanguageServiceApi): void {
  if (registered) return;
  registered = true;
  const L = monaco.languages;

  L.registerCompletionItemProvider(LANGUAGE_ID, {
    triggerCharacters: TRIGGER_CHARACTERS,
    async provideCompletionItems(model, position) {
      const text = model.getValue();
      const items = await api.complete(text, model.getOffsetAt(position));
      if (model.isDisposed()) return { suggestions: [] };
      const suggestions = items.map((i): monaco.languages.CompletionItem => {
        // what was typed before the cursor is matched; the rest of the word (or string) is replaced too
        const replace = toRange(model, i.range);
        const insert = { ...replace, endLineNumber: position.lineNumber, endColumn: position.column };
        return {
          // names show what they are next to the label; a keyword's longer meaning sits in the details
          label: i.kind === "keyword" ? i.label : { label: i.label, description: i.detail },
          kind: COMPLETION_KINDS[i.kind](),
          detail: i.detail,
          insertText: i.insertText,
          filterText: i.filterText ?? i.label,
          sortText: i.sortText,
          range: { insert, replace },
        };
      });
      return { suggestions };
    },
  });

  L.registerHoverProvider(LANGUAGE_ID, {
    async provideHover(model, position) {
      const h = await api.hover(model.getValue(), model.getOffsetAt(position));
      if (!h || model.isDisposed()) return null;
      return { range: toRange(model, h.range), contents: [{ value: h.markdown }] };
    },
  });

  L.registerDefinitionProvider(LANGUAGE_ID, {
    async provideDefinition(model, position) {
      const list = await api.definition(model.getValue(), model.getOffsetAt(position));
      if (model.isDisposed()) return [];
      // the caret lands on the name; a peek shows the whole declaration
      return list.map(
        (d): monaco.languages.LocationLink => ({
          uri: model.uri,
          range: toRange(model, d.declaringNode ?? d.range),
          targetSelectionRange: toRange(model, d.range),
        }),
      );
    },
  });

  L.registerDocumentHighlightProvider(LANGUAGE_ID, {
    async provideDocumentHighlights(model, position) {
      const text = model.getValue();
      const offset = model.getOffsetAt(position);
      const [refs, decls] = await Promise.all([api.references(text, offset), api.definition(text, offset)]);
      if (model.isDisposed()) return [];
      const declared = new Set(decls.map((d) => d.range.start));
      return refs.map((r) => ({
        range: toRange(model, r.range),
        kind: declared.has(r.range.start) ? L.DocumentHighlightKind.Write : L.DocumentHighlightKind.Read,
      }));
    },
  });

  L.registerDocumentSymbolProvider(LANGUAGE_ID, {
    displayName: "SLA outline",
    async provideDocumentSymbols(model) {
      const items = await api.outline(model.getValue());
      if (model.isDisposed()) return [];
      const convert = (i: OutlineItem): monaco.languages.DocumentSymbol => ({
        name: i.name,
        detail: i.detail,
        kind: SYMBOL_KINDS[i.kind](),
        tags: [],
        range: toRange(model, i.range),
        selectionRange: toRange(model, i.selectionRange),
        children: i.children.map(convert),
      });
      return items.map(convert);
    },
  });
}
