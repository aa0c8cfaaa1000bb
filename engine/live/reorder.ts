// Holds events back for the lateness allowed, then releases them in replay
// order (engine/order.ts). The horizon is the latest event time seen minus
// the lateness (events clock) or the wall time minus the lateness (wall
// clock); events before the horizon are released. An event that arrives after
// later ones were released is released too, and the core refuses it (EV601):
// reported, never dropped silently.
import type { SlaEvent } from "../events.ts";
import { compareEvents } from "../order.ts";

export interface Held<T> {
  event: SlaEvent;
  /** the caller's tag (where the event was read) */
  tag: T;
}

export class ReorderBuffer<T> {
  /** held events in replay order, from `head` */
  private buf: Held<T>[] = [];
  private head = 0;

  constructor(readonly lateness: number) {}

  get size(): number {
    return this.buf.length - this.head;
  }

  /** The earliest held event's time. */
  get earliest(): number | undefined {
    return this.head < this.buf.length ? this.buf[this.head].event.at : undefined;
  }

  push(event: SlaEvent, tag: T): void {
    const h: Held<T> = { event, tag };
    const buf = this.buf;
    if (buf.length === this.head || compareEvents(buf[buf.length - 1].event, event) <= 0) {
      buf.push(h);
      return;
    }
    let lo = this.head;
    let hi = buf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareEvents(event, buf[mid].event) < 0) hi = mid;
      else lo = mid + 1;
    }
    buf.splice(lo, 0, h);
  }

  /** Events strictly before `horizon`, in replay order (Infinity: all). */
  release(horizon: number): Held<T>[] {
    const buf = this.buf;
    const from = this.head;
    while (this.head < buf.length && buf[this.head].event.at < horizon) this.head++;
    const out = buf.slice(from, this.head);
    if (this.head === buf.length) {
      this.buf = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > buf.length) {
      buf.splice(0, this.head);
      this.head = 0;
    }
    return out;
  }
}
