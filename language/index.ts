// The language front end in one call: text -> diagnostics (+ IR when clean).
export { parse, type ParseResult } from "./parse.ts";
export { check, type Model } from "./checker.ts";
export * from "./diagnostics.ts";
