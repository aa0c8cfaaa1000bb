// The replay's JSONL hot path: text chunks in, events into a Simulation.
// Lines are split and decoded synchronously per chunk (an async step per
// line costs more than JSON.parse itself).
import type { IR } from "../language/ir.ts";
import { type EventDecoder, makeEventDecoder } from "./ingest/decode.ts";
import { IngestError } from "./ingest/errors.ts";
import { decodeLine } from "./ingest/jsonl.ts";
import type { Simulation } from "./simulate.ts";

export class JsonlFeed {
  private decode: EventDecoder;
  private rest = "";
  private line = 0;

  constructor(
    ir: Pick<IR, "fields">,
    private sim: Simulation,
    private file: string,
    private lenient: boolean,
  ) {
    this.decode = makeEventDecoder(ir);
  }

  chunk(text: string): void {
    const s = this.rest.length ? this.rest + text : text;
    let i = 0;
    for (let j = s.indexOf("\n"); j !== -1; j = s.indexOf("\n", i)) {
      this.lineText(s, i, j);
      i = j + 1;
    }
    this.rest = i < s.length ? s.slice(i) : "";
  }

  end(): void {
    if (this.rest.length) this.lineText(this.rest, 0, this.rest.length);
    this.rest = "";
  }

  private lineText(s: string, start: number, end: number): void {
    this.line++;
    if (end > start && s.charCodeAt(end - 1) === 13) end--; // CRLF
    const r = decodeLine(this.decode, s.slice(start, end));
    if (typeof r === "string") this.fail(r);
    else if (r !== null) this.sim.push(r, this.file, this.line);
  }

  private fail(reason: string): void {
    if (!this.lenient) throw new IngestError(this.file, this.line, reason);
    this.sim.reject({ file: this.file, line: this.line, reason });
  }
}
