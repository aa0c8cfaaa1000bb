// Monaco, trimmed: the core editor API, the editor worker (word-based
// suggestions, diffing) and only the editor features the playground uses.
// No TypeScript/JSON/CSS language services or workers.
import * as monaco from "monaco-editor/editor";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";

import "monaco-editor/features/codicon/register";
import "monaco-editor/features/hover/register";
import "monaco-editor/features/find/register";
import "monaco-editor/features/comment/register";
import "monaco-editor/features/gotoError/register";
import "monaco-editor/features/bracketMatching/register";
import "monaco-editor/features/clipboard/register";
import "monaco-editor/features/contextmenu/register";
import "monaco-editor/features/codeAction/register";
import "monaco-editor/features/format/register";
import "monaco-editor/features/suggest/register";
// features/suggest/register only brings inline completions in 0.57: the suggest widget (Ctrl+Space) is this
import "monaco-editor/editor/contrib/suggest/browser/suggestController.js";
import "monaco-editor/features/folding/register";
import "monaco-editor/features/wordHighlighter/register";
import "monaco-editor/features/multicursor/register";
import "monaco-editor/features/linesOperations/register";
import "monaco-editor/features/wordOperations/register";
import "monaco-editor/features/cursorUndo/register";
// Ctrl+M: Tab moves the focus instead of indenting (keyboard-only use)
import "monaco-editor/features/toggleTabFocusMode/register";
// language service (language-service.ts): F12 / Ctrl+click to a definition, Ctrl+Shift+O to a symbol
import "monaco-editor/features/gotoSymbol/register";
import "monaco-editor/features/documentSymbols/register";
import "monaco-editor/features/quickOutline/register";

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export { monaco };
