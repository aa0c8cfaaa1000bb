// Events waiting to be written: reusable slots in one Float64Array (no object
// per event) and a time-ordered queue over them, so memory holds only the
// pending horizon whatever the total.
import { MinHeap } from "../engine/heap.ts";
import { CHANNELS } from "./model.ts";

export type Fields = Record<string, string | number>;

export const TYPE_NAMES = [
  "lead.created",
  "lead.assigned",
  "lead.updated",
  "touch",
  "rep.away",
  "demo.started",
  "demo.held",
  "noshow.reported",
] as const;
export const T_CREATED = 0,
  T_ASSIGNED = 1,
  T_UPDATED = 2,
  T_TOUCH = 3,
  T_AWAY = 4,
  T_DEMO_STARTED = 5,
  T_DEMO_HELD = 6,
  T_NOSHOW = 7;

// Pending events live in reusable slots of one Float64Array, 8 numbers (one cache line)
// a slot: no object per event, so hundreds of thousands of pending events cost the
// garbage collector next to nothing and each costs one memory fetch when released.
export const STRIDE = 8;
export const AT = 0,
  SEQ = 1,
  ID = 2,
  UNTIL = 3,
  TYPE = 4,
  LEAD = 5,
  X = 6,
  Y = 7;

export class Pool {
  d = new Float64Array(1024 * STRIDE);
  /** lead.created / lead.updated fields by slot */
  fields: (Fields | undefined)[] = [];
  private free: number[] = [];
  private used = 0;
  constructor(private readonly repNames: readonly string[]) {}
  alloc(): number {
    if (this.free.length) return this.free.pop()!;
    if (this.used * STRIDE === this.d.length) {
      const b = new Float64Array(this.d.length * 2);
      b.set(this.d);
      this.d = b;
    }
    return this.used++;
  }
  release(i: number): void {
    this.fields[i] = undefined;
    this.free.push(i);
  }
  at(i: number): number {
    return this.d[i * STRIDE + AT];
  }
  seq(i: number): number {
    return this.d[i * STRIDE + SEQ];
  }
  /** event number (the n of "en"), 0 until released; a duplicate carries its original's */
  id(i: number): number {
    return this.d[i * STRIDE + ID];
  }
  /** rep.away: until, epoch ms */
  until(i: number): number {
    return this.d[i * STRIDE + UNTIL];
  }
  typeCode(i: number): number {
    return this.d[i * STRIDE + TYPE];
  }
  leadNum(i: number): number {
    return this.d[i * STRIDE + LEAD];
  }
  /** touch: by; lead.assigned: owner; rep.away: rep */
  x(i: number): string {
    return this.repNames[this.d[i * STRIDE + X]];
  }
  /** touch: channel */
  y(i: number): string {
    return CHANNELS[this.d[i * STRIDE + Y]];
  }
}

/** Min-queue of pool slots by (at, seq): a heap for the current bucket, plain lists for
 *  later buckets, so a pending event far in the future costs an append, not a deep heap. */
export class EventQueue {
  /** ordered by (at, seq): seq is unique, so the order is total and the output deterministic */
  private readonly near: MinHeap<number>;
  private readonly far = new Map<number, number[]>();
  private farCount = 0;
  private nearEnd: number; // the near heap holds every pending event with at < nearEnd
  constructor(
    private readonly q: Pool,
    start: number,
    private readonly bucket: number,
  ) {
    this.nearEnd = Math.floor(start / bucket) * bucket + bucket;
    this.near = new MinHeap<number>((a, b) => {
      const at = q.at(a),
        bt = q.at(b);
      return at < bt || (at === bt && q.seq(a) < q.seq(b));
    });
  }
  push(p: number): void {
    const at = this.q.at(p);
    if (at < this.nearEnd) {
      this.near.push(p);
      return;
    }
    const key = Math.floor(at / this.bucket);
    const list = this.far.get(key);
    if (list) list.push(p);
    else this.far.set(key, [p]);
    this.farCount++;
  }
  /** The next slot if its time is <= bound (removed), else -1. */
  popUntil(bound: number): number {
    for (;;) {
      if (this.near.size && this.q.at(this.near.peek()!) <= bound) return this.near.pop()!;
      if (this.near.size || this.farCount === 0 || this.nearEnd > bound) return -1;
      // advance one bucket
      const key = Math.floor(this.nearEnd / this.bucket);
      this.nearEnd += this.bucket;
      const list = this.far.get(key);
      if (list) {
        this.far.delete(key);
        this.farCount -= list.length;
        for (const p of list) this.near.push(p);
      }
    }
  }
}
