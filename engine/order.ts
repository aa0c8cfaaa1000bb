// Puts events in replay order and drops duplicates. Replay order is a total
// order that does not depend on the input order: time, then event kind (a lead
// is created before it is updated, assigned or touched at the same instant),
// then id, then content (only two events with the same id and time get that
// far). Input may be out of order by up to `window` ms; an event later than
// that is an IngestError with code EV202 (the caller can re-read with
// window = Infinity).
//
// Identity: an event is its id and time. The same event exported twice (same
// id, time and content) is a duplicate: counted, replayed once. Two different
// events with the same id and time are a conflict (EV203): the one whose
// content sorts first is replayed, whatever the input order, and the caller is
// told about each other one (strict: an error; lenient: a counted reject).
//
// Exports are nearly sorted, so the buffer is a sorted array: an in-order
// event is an O(1) append, a late one a binary-search insert. With an infinite
// window everything is collected and sorted once at the end.
import { assertNever } from "./assert-never.ts";
import type { EventType, SlaEvent } from "./events.ts";
import { typeName } from "./events.ts";
import { Failure, IngestError } from "./problems.ts";
import { iso } from "./report.ts";

const RANK: Record<EventType, number> = {
  "lead.created": 0,
  "lead.updated": 1,
  "lead.assigned": 2,
  "rep.away": 3,
  custom: 4,
  touch: 5,
};
export function typeRank(type: EventType): number {
  return RANK[type];
}

/**
 * The content of an event as a string: equal for equal events (field order
 * does not matter), and a total order for picking a conflict's survivor.
 * Only computed for events that share an id and a time.
 */
export function contentKey(e: SlaEvent): string {
  switch (e.type) {
    case "lead.created":
      return JSON.stringify([e.type, e.lead, e.owner ?? null, sortedFields(e.fields)]);
    case "lead.updated":
      return JSON.stringify([e.type, e.lead, sortedFields(e.fields)]);
    case "lead.assigned":
      return JSON.stringify([e.type, e.lead, e.owner]);
    case "touch":
      return JSON.stringify([e.type, e.lead, e.by ?? null, e.channel ?? null]);
    case "rep.away":
      return JSON.stringify([e.type, e.rep, e.until]);
    case "custom":
      return JSON.stringify([e.type, e.lead, e.name]);
    default:
      return assertNever(e, "event");
  }
}
function sortedFields(f: Record<string, unknown>): [string, unknown][] {
  return Object.keys(f)
    .sort()
    .map((k) => [k, f[k]]);
}

/** Same id and time: events that must be equal. */
export function compareContent(a: SlaEvent, b: SlaEvent): number {
  if (a === b) return 0;
  const x = contentKey(a);
  const y = contentKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Ids compared "naturally": digit runs by value, so `e9` < `e10` and CSV row
 * ids `leads.csv:9` < `leads.csv:10` (same-instant rows replay in file order).
 */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i) && !isDigit(a.charCodeAt(i))) i++;
  // back up to the start of a digit run shared by both
  while (i > 0 && isDigit(a.charCodeAt(i - 1))) i--;
  let x = i;
  let y = i;
  while (x < a.length && y < b.length) {
    const ca = a.charCodeAt(x);
    const cb = b.charCodeAt(y);
    if (isDigit(ca) && isDigit(cb)) {
      let xe = x;
      let ye = y;
      while (xe < a.length && isDigit(a.charCodeAt(xe))) xe++;
      while (ye < b.length && isDigit(b.charCodeAt(ye))) ye++;
      // strip leading zeros, then longer run = bigger number
      let xs = x;
      let ys = y;
      while (xs < xe - 1 && a.charCodeAt(xs) === 48) xs++;
      while (ys < ye - 1 && b.charCodeAt(ys) === 48) ys++;
      if (xe - xs !== ye - ys) return xe - xs - (ye - ys);
      for (let k = 0; k < xe - xs; k++) {
        const d = a.charCodeAt(xs + k) - b.charCodeAt(ys + k);
        if (d !== 0) return d;
      }
      x = xe;
      y = ye;
      continue;
    }
    if (ca !== cb) return ca - cb;
    x++;
    y++;
  }
  const rest = a.length - x - (b.length - y);
  return rest !== 0 ? rest : a < b ? -1 : 1; // "e01" vs "e1": still a total order
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Negative when a replays before b; 0 only for equal events. */
export function compareEvents(a: SlaEvent, b: SlaEvent): number {
  return a.at - b.at || typeRank(a.type) - typeRank(b.type) || compareIds(a.id, b.id) || compareContent(a, b);
}

interface Entry {
  event: SlaEvent;
  rank: number;
  file: string;
  line: number;
}

function before(a: Entry, b: Entry): boolean {
  const ea = a.event;
  const eb = b.event;
  if (ea.at !== eb.at) return ea.at < eb.at;
  if (a.rank !== b.rank) return a.rank < b.rank;
  const c = compareIds(ea.id, eb.id);
  return c !== 0 ? c < 0 : compareContent(ea, eb) < 0;
}

/** EV202: the caller may re-read with a full sort. */
function outOfOrder(file: string, line: number, lateByMs: number): IngestError {
  return new IngestError(
    "EV202",
    file,
    line,
    `event is ${Math.round(lateByMs / 1000)}s older than events already replayed`,
  );
}

export interface OrderStats {
  duplicates: number;
  /** first few duplicate ids, for the report */
  duplicateExamples: string[];
  /** events dropped because a different event has the same id and time */
  conflicts: number;
}

/** Where an event came from, for messages. */
export interface Located {
  event: SlaEvent;
  file: string;
  line: number;
}

/** Told about each event that conflicts with the replayed one (`survivor`). */
export type ConflictHandler = (dropped: Located, survivor: Located) => void;

/** The message of a conflict (EV203), at the dropped event's location. */
export function conflictMessage(dropped: Located, survivor: Located): string {
  const where = survivor.file === dropped.file ? `line ${survivor.line}` : `${survivor.file}:${survivor.line}`;
  return (
    `event id ${JSON.stringify(dropped.event.id)} is also used by a different event at the same time (${where}); ` +
    "the same id and time must mean the same event"
  );
}

/**
 * EV113: an event for a lead whose lead.created comes later in the data (an
 * activity logged before the CRM created the lead, or a clock skew between
 * two exports) — not an "unknown lead" (EV201 is for leads never created).
 */
export function precedesCreation(e: SlaEvent & { lead: string }, file: string, created: Located): Failure {
  const where = created.file === file ? `line ${created.line}` : `${created.file}:${created.line}`;
  return new Failure(
    "EV113",
    `${typeName(e)} at ${iso(e.at)} precedes lead ${JSON.stringify(e.lead)}'s creation at ${iso(created.event.at)} (${where})`,
  );
}

export class EventOrderer {
  /** buffered entries in replay order, from index `head` */
  private buf: Entry[] = [];
  private head = 0;
  private maxSeen = -Infinity;
  private last: Entry | null = null;
  /**
   * Events replayed at the current instant, by id. A duplicate is the same
   * event exported twice: same id AND same time, so after sorting the copies
   * are neighbours and a map per instant finds them, at no memory cost.
   */
  private seen = new Map<string, Entry>();
  private seenAt = NaN;
  readonly stats: OrderStats = { duplicates: 0, duplicateExamples: [], conflicts: 0 };

  constructor(
    private window: number,
    private emit: (e: SlaEvent, file: string, line: number) => void,
    private conflict: ConflictHandler = () => {},
  ) {}

  push(event: SlaEvent, file: string, line: number): void {
    const entry: Entry = { event, rank: typeRank(event.type), file, line };
    if (this.last && before(entry, this.last)) {
      // a copy of an event already replayed is still a duplicate; a different
      // one might have been the survivor, so only a full sort can tell
      const prev = event.at === this.seenAt ? this.seen.get(event.id) : undefined;
      if (prev !== undefined && compareContent(prev.event, event) === 0) {
        this.countDuplicate(event.id);
        return;
      }
      throw outOfOrder(file, line, this.last.event.at - event.at);
    }
    if (this.window === Infinity) {
      this.buf.push(entry);
      return;
    }
    if (event.at > this.maxSeen) this.maxSeen = event.at;
    this.insert(entry);
    const horizon = this.maxSeen - this.window;
    const buf = this.buf;
    while (this.head < buf.length && buf[this.head].event.at < horizon) this.out(buf[this.head++]);
    if (this.head > 4096 && this.head * 2 > buf.length) {
      buf.splice(0, this.head);
      this.head = 0;
    }
  }

  /** lead -> its first buffered lead.created, while a full sort's buffer is being emitted */
  private creations: Map<string, Entry> | null = null;
  private flushing = false;

  /**
   * The lead.created of `lead` still ahead in the buffer (replay order), if
   * any: a later creation of a lead an event arrived too early for. With an
   * infinite window (a full sort) that is every later creation in the input.
   */
  laterCreation(lead: string): Located | undefined {
    const buf = this.buf;
    if (this.flushing && this.window === Infinity) {
      if (this.creations === null) {
        this.creations = new Map();
        for (const x of buf)
          if (x.event.type === "lead.created" && !this.creations.has(x.event.lead)) this.creations.set(x.event.lead, x);
      }
      return this.creations.get(lead);
    }
    for (let i = this.head; i < buf.length; i++) {
      const e = buf[i].event;
      if (e.type === "lead.created" && e.lead === lead) return buf[i];
    }
    return undefined;
  }

  /** Emits everything still buffered (end of input). */
  flush(): void {
    const buf = this.buf;
    if (this.window === Infinity) buf.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : a.line - b.line));
    this.flushing = true;
    try {
      for (let i = this.head; i < buf.length; i++) this.out(buf[i]);
    } finally {
      this.flushing = false;
      this.creations = null;
    }
    this.buf = [];
    this.head = 0;
  }

  private insert(e: Entry): void {
    const buf = this.buf;
    if (buf.length === this.head || !before(e, buf[buf.length - 1])) {
      buf.push(e);
      return;
    }
    let lo = this.head;
    let hi = buf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(e, buf[mid])) hi = mid;
      else lo = mid + 1;
    }
    buf.splice(lo, 0, e);
  }

  private out(x: Entry): void {
    const e = x.event;
    if (e.at !== this.seenAt) {
      this.seen.clear();
      this.seenAt = e.at;
    } else {
      const prev = this.seen.get(e.id);
      if (prev !== undefined) {
        if (compareContent(prev.event, e) === 0) this.countDuplicate(e.id);
        else {
          this.stats.conflicts++;
          this.conflict(x, prev);
        }
        return;
      }
    }
    this.seen.set(e.id, x);
    this.last = x;
    this.emit(e, x.file, x.line);
  }

  private countDuplicate(id: string): void {
    this.stats.duplicates++;
    if (this.stats.duplicateExamples.length < 10) this.stats.duplicateExamples.push(id);
  }
}
