// Runs the `sla` command in-process, as the tests use it: exit code, stdout
// and stderr captured (stderr as a non-TTY), in the given working directory.
import type { CliIO } from "../cli/io.ts";
import { main } from "../cli/main.ts";

export interface SlaRun {
  code: number;
  out: string;
  err: string;
}

export async function slaIn(cwd: string, ...argv: string[]): Promise<SlaRun> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (s) => void (out += s), err: (s) => void (err += s), errIsTTY: false, cwd };
  const code = await main(argv, io);
  return { code, out, err };
}

/** `sla ARGV...` in the current directory. */
export function sla(...argv: string[]): Promise<SlaRun> {
  return slaIn(process.cwd(), ...argv);
}
