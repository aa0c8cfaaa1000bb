// Puts events in replay order and drops duplicates. Replay order is a total
// order that does not depend on the input order: time, then event kind (a lead
// is created before it is updated, assigned or touched at the same instant),
// then id. Input may be out of order by up to `window` ms; anything later than
// that raises OutOfOrderError (the caller can re-read with window = Infinity).
import type { SlaEvent } from "./events.ts";
import { MinHeap } from "./heap.ts";

const RANK: Record<string, number> = { "lead.created": 0, "lead.updated": 1, "lead.assigned": 2, "rep.away": 3, touch: 5 };
export function typeRank(type: string): number {
  return RANK[type] ?? 4;
}

/** Negative when a replays before b. */
export function compareEvents(a: SlaEvent, b: SlaEvent): number {
  return a.at - b.at || typeRank(a.type) - typeRank(b.type) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface Located {
  event: SlaEvent;
  /** where the event came from, for error messages: file and 1-based line */
  file: string;
  line: number;
}

export class OutOfOrderError extends Error {
  constructor(
    public file: string,
    public line: number,
    public lateByMs: number,
  ) {
    super(`${file}:${line}: event is ${Math.round(lateByMs / 1000)}s older than events already replayed`);
  }
}

export interface OrderStats {
  duplicates: number;
  /** first few duplicate ids, for the report */
  duplicateExamples: string[];
}

/**
 * Reorder buffer + de-duplication. push() events in input order; ready events
 * come out of drain()/flush() in replay order.
 */
export class EventOrderer {
  private heap = new MinHeap<Located>((x, y) => compareEvents(x.event, y.event) < 0);
  private maxSeen = -Infinity;
  private lastOut: SlaEvent | null = null;
  /** id -> time, pruned as time moves on (duplicates share a timestamp, so a short memory suffices) */
  private seen = new Map<string, number>();
  private pruneAt = 0;
  readonly stats: OrderStats = { duplicates: 0, duplicateExamples: [] };

  constructor(
    private window: number,
    private emit: (e: SlaEvent, file: string, line: number) => void,
    private dedupeHorizon = 7 * 86_400_000,
  ) {}

  push(event: SlaEvent, file: string, line: number): void {
    if (this.lastOut && compareEvents(event, this.lastOut) < 0) {
      if (event.id === this.lastOut.id || this.seen.has(event.id)) {
        this.countDuplicate(event.id);
        return;
      }
      throw new OutOfOrderError(file, line, this.lastOut.at - event.at);
    }
    if (event.at > this.maxSeen) this.maxSeen = event.at;
    this.heap.push({ event, file, line });
    const horizon = this.maxSeen - this.window;
    while (this.heap.size > 0 && this.heap.peek()!.event.at < horizon) this.out(this.heap.pop()!);
  }

  /** Emits everything still buffered (end of input). */
  flush(): void {
    while (this.heap.size > 0) this.out(this.heap.pop()!);
  }

  private out(x: Located): void {
    const e = x.event;
    if (this.seen.has(e.id)) {
      this.countDuplicate(e.id);
      return;
    }
    this.seen.set(e.id, e.at);
    this.lastOut = e;
    if (this.seen.size > this.pruneAt) this.prune(e.at);
    this.emit(e, x.file, x.line);
  }

  private prune(now: number): void {
    const limit = now - this.dedupeHorizon;
    for (const [id, at] of this.seen) if (at < limit) this.seen.delete(id);
    this.pruneAt = this.seen.size * 2 + 100_000;
  }

  private countDuplicate(id: string): void {
    this.stats.duplicates++;
    if (this.stats.duplicateExamples.length < 10) this.stats.duplicateExamples.push(id);
  }
}
