// The `sla` language for Monaco: Monarch tokenizer (derived from language/lexer.ts),
// brackets and comments, themes, formatting and "did you mean" quick fixes.
// The checker and the formatter run in the analysis worker: this file gets
// their answers through `LanguageHost`. Completion, hover, definition and the
// outline come from the language service: language-service.ts.
import * as monaco from "monaco-editor/editor";
import type { Diagnostic } from "../../language/diagnostics.ts";
import { allTokens, Identifier, Kw, StringLit, TERMINATED_STRING, TOKEN_CLASSES } from "../../language/lexer.ts";
import { TYPE_WORDS, WINDOW_UNIT_WORDS } from "../../language/vocabulary.ts";
import { MARKER_OWNER, quickFixes } from "./markers.ts";

export const LANGUAGE_ID = "sla";

/** Every keyword of the language (they are soft: also valid names). */
export const KEYWORDS: readonly string[] = Object.freeze(Object.keys(Kw));
// `yes/no` has its own rule below; the rest are plain words.
const TYPES = TYPE_WORDS.filter((w) => /^\w+$/.test(w));
const UNITS = [...WINDOW_UNIT_WORDS];

/**
 * The Monarch tokenizer, derived from the lexer: every token type with a
 * pattern becomes a rule, in the lexer's order, classed by TOKEN_CLASSES.
 * Only what an editor shows differently is added here: strings without their
 * closing quote, `yes/no` as one type word, keywords, types and units among
 * identifiers, and any other character as invalid (the lexer rejects it).
 */
function tokenizerRules(): monaco.languages.IMonarchLanguageRule[] {
  const rules: monaco.languages.IMonarchLanguageRule[] = [];
  for (const t of allTokens) {
    const cls = TOKEN_CLASSES.get(t);
    if (!cls || !(t.PATTERN instanceof RegExp)) continue;
    if (t === StringLit) rules.push([TERMINATED_STRING, "string"], [t.PATTERN, "string.invalid"]);
    else if (t === Identifier) {
      const slashed = TYPE_WORDS.filter((w) => w.includes("/"));
      if (slashed.length) rules.push([new RegExp(`(?:${slashed.map(escapeRegExp).join("|")})\\b`), "type"]);
      rules.push([
        t.PATTERN,
        { cases: { "@keywords": "keyword", "@types": "type", "@units": "number.duration", "@default": cls } },
      ]);
    } else rules.push([t.PATTERN, cls]);
  }
  rules.push([/./, "invalid"]);
  return rules;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

export const monarch: monaco.languages.IMonarchLanguage = {
  defaultToken: "",
  keywords: [...KEYWORDS],
  types: TYPES,
  units: UNITS,
  tokenizer: { root: tokenizerRules() },
};

export const configuration: monaco.languages.LanguageConfiguration = {
  comments: { lineComment: "#" },
  brackets: [
    ["{", "}"],
    ["(", ")"],
  ],
  autoClosingPairs: [
    { open: "{", close: "}" },
    { open: "(", close: ")" },
    { open: '"', close: '"', notIn: ["string", "comment"] },
  ],
  surroundingPairs: [
    { open: "{", close: "}" },
    { open: "(", close: ")" },
    { open: '"', close: '"' },
  ],
  wordPattern: /(-?\d*\.\d\w*)|([A-Za-z_][\w.]*)/,
  indentationRules: {
    increaseIndentPattern: /\{\s*(#.*)?$/,
    decreaseIndentPattern: /^\s*\}/,
  },
};

const LIGHT: monaco.editor.ITokenThemeRule[] = [
  { token: "keyword", foreground: "8250df" },
  { token: "identifier", foreground: "1f2328" },
  { token: "type", foreground: "116329" },
  { token: "type.event", foreground: "953800" },
  { token: "string", foreground: "0a3069" },
  { token: "string.invalid", foreground: "cf222e" },
  { token: "number", foreground: "0550ae" },
  { token: "number.money", foreground: "1a7f37", fontStyle: "bold" },
  { token: "number.percent", foreground: "bc4c00", fontStyle: "bold" },
  { token: "number.duration", foreground: "0550ae", fontStyle: "bold" },
  { token: "number.date", foreground: "6639ba" },
  { token: "number.time", foreground: "6639ba" },
  { token: "comment", foreground: "6e7781", fontStyle: "italic" },
  { token: "operator", foreground: "cf222e" },
  { token: "delimiter", foreground: "57606a" },
];
const DARK: monaco.editor.ITokenThemeRule[] = [
  { token: "keyword", foreground: "d2a8ff" },
  { token: "identifier", foreground: "e6edf3" },
  { token: "type", foreground: "7ee787" },
  { token: "type.event", foreground: "ffa657" },
  { token: "string", foreground: "a5d6ff" },
  { token: "string.invalid", foreground: "ff7b72" },
  { token: "number", foreground: "79c0ff" },
  { token: "number.money", foreground: "56d364", fontStyle: "bold" },
  { token: "number.percent", foreground: "ffa657", fontStyle: "bold" },
  { token: "number.duration", foreground: "79c0ff", fontStyle: "bold" },
  { token: "number.date", foreground: "bc8cff" },
  { token: "number.time", foreground: "bc8cff" },
  { token: "comment", foreground: "8b949e", fontStyle: "italic" },
  { token: "operator", foreground: "ff7b72" },
  { token: "delimiter", foreground: "8b949e" },
];

/** What the providers need from the page: the checked text's diagnostics, and the formatter (in the worker). */
export interface LanguageHost {
  /** the text last checked and its diagnostics */
  diagnostics(): { text: string; diagnostics: readonly Diagnostic[] };
  format(text: string): Promise<{ ok: true; text: string } | { ok: false }>;
}

let registered = false;

export function registerSlaLanguage(host: LanguageHost): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: LANGUAGE_ID, extensions: [".sla"], aliases: ["SLA", "sla"] });
  monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, monarch);
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, configuration);
  monaco.editor.defineTheme("sla-light", {
    base: "vs",
    inherit: true,
    rules: LIGHT,
    colors: { "editor.background": "#ffffff" },
  });
  monaco.editor.defineTheme("sla-dark", {
    base: "vs-dark",
    inherit: true,
    rules: DARK,
    colors: { "editor.background": "#0d1117" },
  });

  // Shift+Alt+F and "Format Document" use the language's formatter.
  monaco.languages.registerDocumentFormattingEditProvider(LANGUAGE_ID, {
    async provideDocumentFormattingEdits(model) {
      const text = model.getValue();
      const r = await host.format(text);
      if (!r.ok || r.text === text || model.getValue() !== text) return [];
      return [{ range: model.getFullModelRange(), text: r.text }];
    },
  });

  // The checker's structured fixes ("did you mean ...?", a missing closing
  // quote, ...) become quick fixes (Ctrl+. or the lightbulb).
  monaco.languages.registerCodeActionProvider(LANGUAGE_ID, {
    provideCodeActions(model, _range, context) {
      const actions: monaco.languages.CodeAction[] = [];
      const checked = host.diagnostics();
      // markers of an older text may still show while the worker checks the new one
      if (checked.text !== model.getValue()) return { actions, dispose() {} };
      const { text, diagnostics } = checked;
      for (const marker of context.markers) {
        if (marker.source !== MARKER_OWNER) continue;
        const start = model.getOffsetAt({ lineNumber: marker.startLineNumber, column: marker.startColumn });
        const d = diagnostics.find((x) => x.code === marker.code && x.range.start === start);
        if (!d) continue;
        for (const fix of quickFixes(text, d))
          actions.push({
            title: fix.title,
            kind: "quickfix",
            diagnostics: [marker],
            isPreferred: fix.preferred,
            edit: {
              edits: fix.edits.map((e) => ({
                resource: model.uri,
                versionId: model.getVersionId(),
                textEdit: { range: e.range, text: e.text },
              })),
            },
          });
      }
      return { actions, dispose() {} };
    },
  });
}
