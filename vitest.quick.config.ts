// The inner-loop suite (`npm run test:quick`): every test file except the slow
// kinds, which `npm test` (and CI) still run:
//  - the fuzzers' CI-sized runs (test/fuzz);
//  - the browser playground (a Vite build and Chromium);
//  - replays of the bundled and real-data examples;
//  - tests that run the CLI or a generator script as a subprocess;
//  - the heaviest property runs (thousands of generated specs, replays and renderings).
// Files share one module graph per worker (isolate: false): importing the
// sources again for every file was a third of the time. Files that mock
// modules keep their own graph.
import { defineConfig } from "vitest/config";

const SLOW = [
  "test/fuzz/**",
  "test/playground/playground.test.ts",
  "test/playground/e2e-*.test.ts",
  "test/engine/examples.test.ts",
  "test/cli/cache.test.ts",
  "test/cli/file-errors.test.ts",
  "test/cli/fmt-atomic.test.ts",
  "test/engine/errors-doc.test.ts",
  "test/language/docs.test.ts",
  "test/engine/properties.test.ts",
  "test/language/properties.test.ts",
  "test/language/prototype-keys.test.ts",
  "test/language/limits.test.ts",
  "test/language/shadowing.test.ts",
  "test/engine/escape.test.ts",
  "test/cli/workflow.test.ts",
  "test/engine/diff-golden.test.ts",
  "test/cli/sla-test-mutations.test.ts",
  "test/live/equivalence-cli.test.ts",
  "test/live/crash-sqlite.test.ts",
  "test/live/wall-clock.test.ts",
  "test/live/http.test.ts",
  "test/live/reload.test.ts",
  "test/live/webhooks.test.ts",
  // PostgreSQL: a throw-away cluster and `sla run` processes
  "test/live/pg-crash.test.ts",
  "test/live/pg-run.test.ts",
  "test/live/pg-ops.test.ts",
  "test/live/pg-leases.test.ts",
];
/** files that vi.mock modules: they need a module graph of their own */
const MOCKING = ["test/cli/write-file.test.ts"];

// as in vitest.config.ts (a project's `include` would add to an extended one, not replace it)
const shared = { testTimeout: 60_000, hookTimeout: 120_000, pool: "forks" } as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: "quick",
          include: ["test/**/*.test.ts"],
          exclude: [...SLOW, ...MOCKING],
          isolate: false,
        },
      },
      { test: { ...shared, name: "quick-isolated", include: MOCKING } },
    ],
  },
});
