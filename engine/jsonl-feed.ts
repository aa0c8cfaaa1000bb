// The replay's JSONL hot path: text chunks in, events into a Simulation.
// Lines are split and decoded synchronously per chunk (an async step per
// line costs more than JSON.parse itself); the splitter is ingest/lines.ts
// (linear work, a maximum line length, a leading BOM dropped), the same one
// every other JSONL reader uses.
import type { IR } from "../language/ir.ts";
import { type EventDecoder, makeEventDecoder } from "./ingest/decode.ts";
import { decodeLine } from "./ingest/jsonl.ts";
import { LineSplitter, MAX_LINE_CHARS } from "./ingest/lines.ts";
import { Failure, IngestError, type Result } from "./problems.ts";
import type { Simulation } from "./simulate.ts";

export class JsonlFeed {
  private decode: EventDecoder;
  private splitter: LineSplitter;
  private onLine = (text: Result<string>, line: number): void => {
    const r = decodeLine(this.decode, text);
    if (r === null) return;
    if (r instanceof Failure) this.fail(r, line);
    else this.sim.push(r, this.file, line);
  };

  constructor(
    ir: Pick<IR, "fields">,
    private sim: Pick<Simulation, "push" | "reject" | "strictFields" | "tally">,
    private file: string,
    private lenient: boolean,
    maxLine = MAX_LINE_CHARS,
  ) {
    this.decode = makeEventDecoder(ir, { strictFields: sim.strictFields, tally: sim.tally });
    this.splitter = new LineSplitter(maxLine);
  }

  chunk(text: string): void {
    this.splitter.feed(text, this.onLine);
  }

  end(): void {
    this.splitter.finish(this.onLine);
  }

  private fail(f: Failure, line: number): void {
    if (!this.lenient) throw new IngestError(f.code, this.file, line, f.message);
    this.sim.reject({ code: f.code, file: this.file, line, reason: f.message });
  }
}
