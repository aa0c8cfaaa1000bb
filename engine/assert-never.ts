// The end of every switch over a closed union: the call does not type-check
// while a member is unhandled, so adding an event type, an obligation kind or
// a clock state makes the compiler list every place to change. Reaching it at
// run time is a bug (a value outside the union), never bad input.

export function assertNever(x: never, what = "value"): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
