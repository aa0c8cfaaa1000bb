// The LiveHost the operations side needs, built around the engine loop of
// `sla run` (LiveRunner) without changing it: the store and the output are
// watched on their way through (commits tell which events were applied and
// which records were logged; printed notices tell which were refused), so
// an HTTP body can be answered once all its events are settled.
//
// HTTP bodies are all-or-nothing for what can be checked before applying:
// decoding (http.ts), events for leads neither in the state nor created
// earlier (EV201), events older than the engine's clock (EV601). An event
// that passes those checks and still cannot be applied (it loses an ordering
// tie at the engine's current instant) is reported in the answer as "late",
// the same notice stdin gets, never dropped silently.
import { appliedKey } from "../../engine/live/core.ts";
import { iso } from "../../engine/report.ts";
import { makeEventDecoder, type EventDecoder } from "../../engine/ingest/decode.ts";
import type { BodyEvent, IngestAnswer, LineProblem } from "./http.ts";
import type { LiveHost } from "./operations.ts";
import type { LoadedSpec } from "./reload.ts";
import type { InputItem, LiveRunner, Output } from "./runner.ts";
import type { CommitBatch, LiveStore, LoggedRecord } from "./store.ts";
import type { DeadLetterStore } from "./deliver.ts";

type Settled = { kind: "applied" } | { kind: "late" | "rejected"; code: string; reason: string };

/** Watches commits and printed notices; lets callers wait for events to settle. */
export class Settlement {
  private waiting = new Map<string, (s: Settled) => void>();
  /** hooks for metrics and delivery */
  onCommit: (logged: LoggedRecord[], applied: number) => void = () => {};
  /** every late or rejected notice printed */
  onNotice: (code: string, source: "http" | "stdin") => void = () => {};

  /** The store, with its commits watched (every other call passed through). */
  store(store: LiveStore): LiveStore {
    const self = this;
    return {
      open: () => store.open(),
      load: (partitions) => store.load(partitions),
      isApplied: (keys) => store.isApplied(keys),
      async commit(b: CommitBatch): Promise<LoggedRecord[]> {
        const logged = await store.commit(b);
        self.onCommit(logged, b.appliedKeys.length);
        if (self.waiting.size > 0)
          for (const k of b.appliedKeys) {
            const w = self.waiting.get(k);
            if (w) w({ kind: "applied" });
          }
        return logged;
      },
      unprinted: (limit) => store.unprinted(limit),
      markPrinted: (seq) => store.markPrinted(seq),
      claimDue: (limit, now, leaseMs) => store.claimDue(limit, now, leaseMs),
      markDelivered: (id) => store.markDelivered(id),
      markFailed: (id, error, next) => store.markFailed(id, error, next),
      outboxDepth: () => store.outboxDepth(),
      close: () => store.close(),
    };
  }

  /** The output, with notices watched (HTTP ones answer their body; the rest are counted). */
  output(out: Output): Output {
    return (text) => {
      if (text.includes('"kind":"late"') || text.includes('"kind":"rejected"')) {
        for (const line of text.split("\n")) {
          if (!line.includes('"kind":"late"') && !line.includes('"kind":"rejected"')) continue;
          let n: { kind: string; code: string; where: string; reason: string };
          try {
            n = JSON.parse(line);
          } catch {
            continue;
          }
          if (n.kind !== "late" && n.kind !== "rejected") continue;
          this.onNotice(n.code, n.where.startsWith("http:") ? "http" : "stdin");
          this.waiting.get(n.where)?.({ kind: n.kind, code: n.code, reason: n.reason });
        }
      }
      return out(text);
    };
  }

  /** Resolves when the event (by applied key, or its where tag for a notice) settles. */
  wait(key: string, where: string): Promise<Settled> {
    return new Promise((resolve) => {
      const done = (s: Settled) => {
        this.waiting.delete(key);
        this.waiting.delete(where);
        resolve(s);
      };
      this.waiting.set(key, done);
      this.waiting.set(where, done);
    });
  }

  forget(key: string, where: string): void {
    this.waiting.delete(key);
    this.waiting.delete(where);
  }
}

export interface HostParts {
  runner: LiveRunner;
  store: LiveStore & DeadLetterStore;
  settlement: Settlement;
  stateLabel: string;
  specPath: string;
  specGit: string | null;
  /** re-arm the wall-clock timer after new events were taken */
  reschedule(): void;
  /** wall clock: how long an answer may wait for the lateness window (ms) */
  answerWaitMs: number;
}

export function makeLiveHost(p: HostParts): LiveHost {
  const { runner } = p;
  const core = runner.core;
  let git = p.specGit;
  let decoder: EventDecoder = makeEventDecoder(core.ir);
  let decoderFor = core.specVersion;
  let requests = 0;
  /** leads created by accepted bodies, not yet applied (held for lateness) */
  const pendingLeads = new Set<string>();

  const submit = async (events: BodyEvent[]): Promise<IngestAnswer> => {
    // up-front checks: nothing is taken unless every event passes
    const problems: LineProblem[] = [];
    const now = core.now;
    const created = new Set<string>();
    for (const { event: e, line } of events) {
      if (now !== null && e.at < now)
        problems.push({
          line,
          code: "EV601",
          message: `event at ${iso(e.at)} is older than the engine's clock (${iso(now)}); not applied`,
        });
      if (e.type === "lead.created") created.add(e.lead);
      else if (e.type !== "rep.away" && !created.has(e.lead) && !pendingLeads.has(e.lead)) {
        if (core.exportLead(e.lead) === undefined)
          problems.push({
            line,
            code: "EV201",
            message: `event for an unknown lead "${e.lead}" (no lead.created for it in the state or earlier in the body)`,
          });
      }
    }
    if (problems.length > 0) return { ok: false, problems };
    for (const l of created) pendingLeads.add(l);

    const n = ++requests;
    const keys = events.map((b) => appliedKey(b.event));
    const before = await p.store.isApplied(keys);
    const items: InputItem[] = [];
    const waits: { key: string; where: string; line: number; settled: Promise<Settled> }[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    events.forEach((b, i) => {
      const where = `http:${n}:${b.line}`;
      items.push({ event: b.event, where });
      if (before.has(keys[i]) || seen.has(keys[i])) duplicates++;
      else {
        seen.add(keys[i]);
        waits.push({ key: keys[i], where, line: b.line, settled: p.settlement.wait(keys[i], where) });
      }
    });
    try {
      await runner.ingest(items);
      if (runner.opts.clock === "wall") {
        await runner.tick();
        p.reschedule();
      }
    } catch (e) {
      // the store failed: nothing to wait for (the client gets a 500 and may retry)
      for (const w of waits) p.settlement.forget(w.key, w.where);
      throw e;
    }
    // the events clock holds the newest instant until the stream moves on:
    // answer at once with what is held; the wall clock settles within the
    // lateness, so wait for it (the answer then means "committed")
    const limit = runner.opts.clock === "wall" ? p.answerWaitMs : 0;
    const settled = await settleWithin(
      waits.map((w) => w.settled),
      limit,
    );
    let applied = 0;
    let held = 0;
    const late: LineProblem[] = [];
    settled.forEach((s, i) => {
      const w = waits[i];
      if (s === null) {
        held++;
        p.settlement.forget(w.key, w.where);
      } else if (s.kind === "applied") applied++;
      else late.push({ line: w.line, code: s.code as LineProblem["code"], message: s.reason });
    });
    // leads applied by now need no remembering (held ones stay until they are)
    for (const l of pendingLeads) if (core.exportLead(l) !== undefined) pendingLeads.delete(l);
    return { ok: true, accepted: events.length, applied, duplicates, held, late };
  };

  return {
    store: p.store,
    stateLabel: p.stateLabel,
    clockMode: runner.opts.clock,
    specPath: p.specPath,
    specVersion: () => ({ sha256: core.specVersion, git }),
    decoder() {
      if (decoderFor !== core.specVersion) {
        decoder = makeEventDecoder(core.ir);
        decoderFor = core.specVersion;
      }
      return decoder;
    },
    openClocks: () => core.openClocks(),
    leads: () => core.leadCount,
    lastEventAt: () => core.exportGlobals().last?.at ?? null,
    engineNow: () => core.now,
    submit,
    async reload(spec: LoadedSpec) {
      await runner.reload({ ir: spec.ir, hash: spec.version.sha256, text: spec.text });
      git = spec.version.git;
    },
  };
}

/** Each promise's value if it settles within `ms` (null: not yet), in order. */
async function settleWithin<T>(ps: Promise<T>[], ms: number): Promise<(T | null)[]> {
  const out: (T | null)[] = ps.map(() => null);
  ps.forEach((p, i) => void p.then((v) => (out[i] = v)));
  if (ms > 0) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all(ps), new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  } else await Promise.resolve();
  // settle callbacks that already fired
  await new Promise((r) => setImmediate(r));
  return out;
}
