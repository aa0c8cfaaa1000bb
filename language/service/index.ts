// The language service: completion, hover, definition, references and the
// outline of a spec, from the grammar and the checker. Pure functions of the
// text (no DOM, no editor): the playground's worker calls them, tests call
// them in Node. Each one answers on broken, half-typed text and never throws.
export { complete } from "./completion.ts";
export { definition, references } from "./definition.ts";
export { type HoverOptions, hover } from "./hover.ts";
export { outline } from "./outline.ts";
export type * from "./types.ts";
