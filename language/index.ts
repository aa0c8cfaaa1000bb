// The language front end in one call: text -> diagnostics (+ IR when clean).

export { check, type Model } from "./checker.ts";
export * from "./diagnostics.ts";
export { type ParseResult, parse } from "./parse.ts";
