// The synthetic-data generator's public API (see history.ts for the model).
// Browser-safe: the playground imports it.
export { COUNTRIES } from "./model.ts";
export {
  DEFAULT_OPTIONS,
  GeneratorOptionError,
  type GeneratorOptions,
  type ResolvedOptions,
  resolveOptions,
  SOURCES,
  type Source,
} from "./options.ts";
export { generateEventObjects, generateEvents, generateJsonl, generateJsonlChunks } from "./writer.ts";
