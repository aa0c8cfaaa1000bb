// `sla run` as a child process for the end-to-end operations tests: started
// with --listen 127.0.0.1:0, its address read from stderr, its records from
// stdout (JSONL), stopped with a signal.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const SLA = join(import.meta.dirname, "../../cli/bin/sla.js");

export class RunProcess {
  readonly proc: ChildProcess;
  stdout = "";
  stderr = "";
  url = "";
  private exited: Promise<number | null>;

  constructor(args: string[], opts: { cwd?: string; stdin?: boolean } = {}) {
    this.proc = spawn(process.execPath, [SLA, "run", ...args], {
      cwd: opts.cwd,
      stdio: [opts.stdin ? "pipe" : "ignore", "pipe", "pipe"],
    });
    this.proc.stdout!.setEncoding("utf8").on("data", (t: string) => void (this.stdout += t));
    this.proc.stderr!.setEncoding("utf8").on("data", (t: string) => void (this.stderr += t));
    this.exited = new Promise((r) => this.proc.on("exit", (code) => r(code)));
  }

  /** Waits for the "listening on URL" line. */
  async listening(ms = 60_000): Promise<string> {
    await this.until(() => /listening on (http:\/\/\S+)/.test(this.stderr), ms, "the listening line");
    this.url = /listening on (http:\/\/\S+)/.exec(this.stderr)![1];
    return this.url;
  }

  records(): Record<string, unknown>[] {
    return this.stdout
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  async until(cond: () => boolean, ms = 30_000, what = "a condition"): Promise<void> {
    const end = Date.now() + ms;
    while (!cond()) {
      if (this.proc.exitCode !== null)
        throw new Error(`sla run exited (${this.proc.exitCode}) waiting for ${what}:\n${this.stderr}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stderr:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  post(body: string, path = "/events"): Promise<Response> {
    return fetch(`${this.url}${path}`, { method: "POST", body });
  }

  async metric(name: string, labels = ""): Promise<number | null> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const line = text.split("\n").find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ""} `));
    return line ? Number(line.split(" ").at(-1)) : null;
  }

  signal(sig: NodeJS.Signals): void {
    this.proc.kill(sig);
  }

  /** SIGTERM and wait for the exit code. */
  async stop(): Promise<number | null> {
    if (this.proc.exitCode === null) this.proc.kill("SIGTERM");
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 20_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  wait(): Promise<number | null> {
    return this.exited;
  }
}
