// Every request of the language service answers, whatever the text: a bug on
// some half-typed input gives an empty answer, not an exception in the
// editor. Tests switch that off to see the bugs (test/language/service/robustness.test.ts).
let rethrow = false;

/** Tests only: let errors through instead of answering with the fallback. */
export function rethrowErrors(on: boolean): void {
  rethrow = on;
}

/** f(), or `fallback` if it throws. */
export function guarded<T>(fallback: T, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (rethrow) throw e;
    return fallback;
  }
}
