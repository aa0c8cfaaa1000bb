// The language's public API (`slacode/language` in package.json's exports):
// text -> diagnostics, AST, IR; the formatter; the IR contract and its
// json-rules-engine export. Everything else in language/ is internal.

export type * as AST from "./ast.ts";
export { check, type Model } from "./checker.ts";
export { type CompileResult, compileSource } from "./compile.ts";
export * from "./diagnostics.ts";
export { applyEdits, applyFixes, type FixResult } from "./fixes.ts";
export { type FormatResult, format, isFormatted } from "./format.ts";
export type * from "./ir.ts";
export { type ParseResult, parse } from "./parse.ts";
export { type SemanticChange, semanticDiff } from "./semantic-diff.ts";
export { JRE_FORMAT, registerSlacodeOperators, toJsonRulesEngine } from "./targets/json-rules-engine.ts";
export { IR_SCHEMA, type ValidateIRResult, validateIR } from "./validate-ir.ts";
