// A small, strict option parser: unknown options are usage errors (exit 2).
import { UsageError } from "./io.ts";

export interface OptionSpec {
  /** options that take a value: --format json */
  values?: string[];
  /** boolean flags: --check */
  flags?: string[];
}

export interface ParsedArgs {
  positional: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

export function parseArgs(args: string[], spec: OptionSpec): ParsedArgs {
  const out: ParsedArgs = { positional: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      out.positional.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
      if (spec.flags?.includes(name)) {
        if (eq !== -1) throw new UsageError(`--${name} takes no value`);
        out.flags.add(name);
      } else if (spec.values?.includes(name)) {
        const v = eq !== -1 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) throw new UsageError(`--${name} needs a value`);
        out.values.set(name, v);
      } else throw new UsageError(`unknown option '${a}'`);
    } else if (a === "-h") out.flags.add("help");
    else out.positional.push(a);
  }
  return out;
}

export function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be one of ${allowed.join(", ")} (got '${value}')`);
  return value as T;
}
