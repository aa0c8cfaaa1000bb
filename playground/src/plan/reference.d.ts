// The reference's sections on plans, cut from specs/reference.md at build time
// (plugin "slacode-playground-reference" in playground/vite.config.ts).
declare module "virtual:sla-reference-plan" {
  /** Markdown of section 3.10 (`plan`: the funnel math) and section 9 (Plan math), in that order. */
  export const planReference: string[];
}
