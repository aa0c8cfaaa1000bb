// Bounded work and honest identities on hostile event files (issue 7, parts 5
// and 6): linear line splitting with a maximum line length, located errors for
// deep nesting and out-of-range years, one BOM rule for every reader,
// conflicts told apart from duplicates with a survivor that does not depend on
// the input order, ids that would merge rejected, ignored CSV rows counted.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import { parseJsonlText } from "../../engine/ingest/jsonl.ts";
import { LineSplitter } from "../../engine/ingest/lines.ts";
import { csvActivityEvents } from "../../engine/ingest/mapping.ts";
import { loadMapping } from "../../engine/ingest/mapping-load.ts";
import { PRESETS } from "../../engine/ingest/presets.ts";
import { MAX_TIME } from "../../engine/ingest/timestamp.ts";
import { JsonlFeed } from "../../engine/jsonl-feed.ts";
import { prepareDecoded, prepareEvents, replayPrepared } from "../../engine/prepared.ts";
import { Failure, IngestError } from "../../engine/problems.ts";
import { Simulation, simulate } from "../../engine/simulate.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";

function spec(src: string): IR {
  const r = compileSource(src);
  if (!r.ir) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.ir;
}
const ir = spec(`sla "t"
timezone "America/New_York"
fields {
  source: one of "demo", "trial"
  score: number
}
define VQL when score >= 60
segment hot when source = "demo"
segment rest otherwise
respond to hot within 30m
respond to rest within 4h
marketing delivers 2 VQL per month
`);

const AT = "2027-01-04T14:00:00Z";
const line = (o: Record<string, unknown>) => JSON.stringify(o);
const created = (id: string, lead: string, at = AT, fields: Record<string, unknown> = { source: "demo" }) =>
  line({ id, at, type: "lead.created", lead, fields });
const touch = (id: string, lead: string, at = AT, by?: string) =>
  line({ id, at, type: "touch", lead, ...(by ? { by } : {}) });

/** Feeds text through the CLI's streaming path, cut into chunks of `size`. */
function feed(text: string, opts: { lenient?: boolean; size?: number; maxLine?: number; window?: number } = {}) {
  const sim = new Simulation(ir, { lenient: opts.lenient ?? false, reorderWindow: opts.window ?? Infinity });
  const f = new JsonlFeed(ir, sim, "ev.jsonl", opts.lenient ?? false, opts.maxLine);
  const size = opts.size ?? 1 << 20;
  for (let i = 0; i < text.length; i += size) f.chunk(text.slice(i, i + size));
  f.end();
  return sim.finish();
}

function thrown(fn: () => unknown): IngestError {
  try {
    fn();
  } catch (e) {
    if (e instanceof IngestError) return e;
    throw e;
  }
  throw new Error("expected an IngestError");
}

describe("line splitting: linear, with a maximum line length (EV001)", () => {
  it("a 20M-character line in 1 KiB chunks takes linear time and is a located, counted reject", () => {
    const big = `{"id":"x","note":"${"a".repeat(20_000_000)}"}`;
    const text = `${created("e1", "L1")}\n${big}\n${touch("e2", "L1")}\n`;
    const t0 = performance.now();
    const r = feed(text, { lenient: true, size: 1024 });
    const ms = performance.now() - t0;
    expect(r.events).toBe(2);
    expect(r.rejected.rows).toEqual([
      {
        code: "EV001",
        file: "ev.jsonl",
        line: 2,
        reason: "line too long (20,000,020 characters; the limit is 1,048,576)",
      },
    ]);
    // quadratic re-joining of 20,000 chunks would take minutes
    expect(ms).toBeLessThan(5000);
  });

  it("strict: an overlong line stops the read at its line", () => {
    const e = thrown(() => feed(`${created("e1", "L1")}\n${"x".repeat(200)}\n`, { maxLine: 100 }));
    expect([e.code, e.line]).toEqual(["EV001", 2]);
  });

  it("the same lines however the text is chunked, at and around the limit", () => {
    const max = 8;
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom("a", "b", "\r"), maxLength: 12 }), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (lines, cuts) => {
          const text = lines.join("\n");
          const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const s = new LineSplitter(max);
          const got: unknown[] = [];
          const on = (t: string | Failure, n: number) => got.push([typeof t === "string" ? t : t.code, n]);
          let prev = 0;
          for (const c of [...at, text.length]) {
            s.feed(text.slice(prev, c), on);
            prev = c;
          }
          s.finish(on);
          // reference: split once, drop one CR before each LF, apply the limit
          const want = text === "" ? [] : text.split("\n");
          const expected = want
            .map((l, i) => {
              const hasEnd = i < want.length - 1;
              const t = hasEnd && l.endsWith("\r") ? l.slice(0, -1) : l.endsWith("\r") && !hasEnd ? l.slice(0, -1) : l;
              return [t.length > max ? "EV001" : t, i + 1];
            })
            .filter((_, i) => i < want.length - 1 || want[i] !== "");
          expect(got).toEqual(expected);
        },
      ),
    );
  });
});

describe("nesting (EV003)", () => {
  const deep = (n: number) =>
    `{"id":"e9","at":"${AT}","type":"touch","lead":"L1","by":${"[".repeat(n)}${"]".repeat(n)}}`;
  it("an event nested 5,000 levels deep is a located reject in lenient mode", () => {
    const r = feed(`${created("e1", "L1")}\n${deep(5000)}\n${touch("e2", "L1")}\n`, { lenient: true });
    expect(r.events).toBe(2);
    expect(r.rejected.rows).toEqual([
      {
        code: "EV003",
        file: "ev.jsonl",
        line: 2,
        reason: "nested too deeply (more than 64 levels of arrays and objects)",
      },
    ]);
  });
  it("and stops a strict read at its line", () => {
    const e = thrown(() => feed(`${created("e1", "L1")}\n${deep(100_000)}\n`));
    expect([e.code, e.line]).toEqual(["EV003", 2]);
  });
  it("a shallow wrong value keeps its own message", () => {
    const e = thrown(() => feed(`${created("e1", "L1")}\n${deep(2)}\n`));
    expect([e.code, e.reason]).toEqual(["EV103", '"by": expected a non-empty string, got [[]]']);
  });
});

describe("a byte-order mark at the top is accepted by every reader", () => {
  const text = `\uFEFF${created("e1", "L1")}\n${touch("e2", "L1", "2027-01-04T14:10:00Z")}\n`;
  it("streaming replay, prepared form and the playground agree", async () => {
    const streamed = feed(text);
    expect(streamed.events).toBe(2);
    const p = await prepareEvents(ir, [text], { file: "ev.jsonl" });
    expect(replayPrepared(ir, p)).toEqual(streamed);
    expect(parseJsonlText(text, { file: "p", ir, lenient: false }).events.map((e) => e.id)).toEqual(["e1", "e2"]);
  });
  it("a BOM after the first character is an error like any other", () => {
    const e = thrown(() => feed(`${created("e1", "L1")}\n\uFEFF${touch("e2", "L1")}\n`));
    expect([e.code, e.line]).toEqual(["EV002", 2]);
  });
});

describe("supported years (EV107)", () => {
  it.each([
    ["0999-06-01T00:00:00Z"],
    ["0001-01-01T00:00:00Z"],
    ["1969-12-31T23:59:59Z"],
    ["2200-01-01T00:00:00Z"],
    ["9999-12-31T23:59:59Z"],
  ])("%s is a located reject", (at) => {
    const e = thrown(() => feed(`${created("e1", "L1")}\n${touch("e2", "L1", at)}\n`));
    expect([e.code, e.line, e.reason]).toEqual(["EV107", 2, `"at": "${at}" is outside the supported years 1970-2199`]);
  });
  it("the range's ends are accepted", () => {
    const r = feed(`${created("e1", "L1", "1970-01-01T00:00:00Z")}\n${touch("e2", "L1", "2199-12-31T23:59:59Z")}\n`);
    expect([r.from, r.to]).toEqual(["1970-01-01T00:00:00Z", "2199-12-31T23:59:59Z"]);
    // a commitment per month over the whole range: bounded (2,760 months)
    expect(r.commitments[0].periods.length).toBe(230 * 12 + 1);
  });
  it("rep.away's until too", () => {
    const away = line({ id: "a", at: AT, type: "rep.away", rep: "ben", until: "9999-01-01T00:00:00Z" });
    expect(thrown(() => feed(`${away}\n`)).code).toBe("EV107");
  });
  it("a replay cut off outside the range is a bug in the caller", () => {
    expect(() => new Simulation(ir, { until: MAX_TIME })).toThrow(RangeError);
  });
});

describe("ids that would merge different things", () => {
  it("a numeric id beyond 2^53 is EV111 (9007199254740993 would read as ...992)", () => {
    const text = `${created("e1", "L1")}\n{"id":9007199254740993,"at":"${AT}","type":"touch","lead":"L1"}\n`;
    const e = thrown(() => feed(text));
    expect([e.code, e.line]).toEqual(["EV111", 2]);
    expect(e.reason).toContain("write it as a string");
    const lead = `{"id":"e2","at":"${AT}","type":"touch","lead":-12345678901234567890}\n`;
    expect(thrown(() => feed(`${created("e1", "L1")}\n${lead}`)).code).toBe("EV111");
    const huge = `{"id":1e400,"at":"${AT}","type":"touch","lead":"L1"}\n`;
    expect(thrown(() => feed(`${created("e1", "L1")}\n${huge}`)).reason).toBe(
      '"id": a number is too large to be exact (beyond 2^53, different ids would merge); write it as a string',
    );
  });
  it("the largest exact integers are fine", () => {
    const text = `{"id":9007199254740991,"at":"${AT}","type":"lead.created","lead":9007199254740991,"fields":{}}\n`;
    expect(feed(text).leads).toBe(1);
  });
  it.each(["id", "lead", "owner"])("U+FFFD (bytes that were not UTF-8) in %s is EV112", (prop) => {
    const ev = { id: "e1", at: AT, type: "lead.created", lead: "L1", fields: {}, [prop]: "Jos\uFFFD" };
    const e = thrown(() => feed(`${line(ev)}\n`));
    expect([e.code, e.line]).toEqual(["EV112", 1]);
  });
  it("in a CSV id too", async () => {
    const m = loadMapping({ extends: "salesforce", timezone: "UTC" }, PRESETS, "m");
    const csv = "Lead ID,Created Date,Type\n00Q\uFFFD1,2027-01-04 10:00,Call\n";
    const rows: unknown[] = [];
    for await (const _ of csvActivityEvents([csv], {
      file: "a.csv",
      mapping: m,
      ir,
      lenient: true,
      onReject: (r) => rows.push(r.code),
    }));
    expect(rows).toEqual(["EV112"]);
  });
});

describe("conflicts (EV203) are not duplicates", () => {
  const a = { id: "t1", at: Date.parse(AT) + 60_000, type: "touch", lead: "L1", by: "ana" } as const;
  const b = { ...a, by: "ben" } as const;
  const base: SlaEvent[] = [
    { id: "c1", at: Date.parse(AT), type: "lead.created", lead: "L1", fields: { source: "demo" } },
  ];

  it("strict: an error at the dropped event's line, naming the other", () => {
    const e = thrown(() => simulate(ir, [...base, a, b]));
    expect(e.code).toBe("EV203");
    expect(e.message).toBe(
      'events:3: event id "t1" is also used by a different event at the same time (line 2); the same id and time must mean the same event',
    );
  });
  it("lenient: counted as a conflict and a rejected row, not as a duplicate", () => {
    const r = simulate(ir, [...base, a, b, { ...a }], { lenient: true });
    expect([r.duplicates, r.conflicts, r.rejected.count, r.rejected.byCode]).toEqual([1, 1, 1, { EV203: 1 }]);
  });

  // Any multiset of events with shared ids and times, in any order, through
  // any reader: the same report (who survives never depends on input order).
  const event = fc.record({
    id: fc.constantFrom("x1", "x2"),
    minute: fc.integer({ min: 1, max: 3 }),
    kind: fc.constantFrom("touch", "update", "custom"),
    v: fc.integer({ min: 0, max: 2 }),
  });
  const toEvent = (e: { id: string; minute: number; kind: string; v: number }): SlaEvent => {
    const at = Date.parse(AT) + e.minute * 60_000;
    if (e.kind === "touch") return { id: e.id, at, type: "touch", lead: "L1", by: `r${e.v}` };
    if (e.kind === "update")
      return { id: e.id, at, type: "lead.updated", lead: "L1", fields: { source: e.v ? "trial" : "demo", score: e.v } };
    return { id: e.id, at, type: "custom", name: `demo.e${e.v}`, lead: "L1" };
  };
  const toLine = (e: SlaEvent) => {
    const o: Record<string, unknown> = { ...e, at: new Date(e.at).toISOString() };
    if (e.type === "custom") {
      o.type = e.name;
      delete o.name;
    }
    return JSON.stringify(o);
  };
  const strip = (r: ReturnType<typeof simulate>) => ({
    ...r,
    rejected: { ...r.rejected, rows: r.rejected.rows.length },
  });

  it("the report does not depend on the input order, and every reader agrees", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 10 }), fc.nat(), async (raw, seed) => {
        const evs = [...base, ...raw.map(toEvent)];
        const shuffled = [...evs].sort((x, y) => ((x.id.length * 31 + seed + y.at) % 3) - 1);
        const r1 = simulate(ir, evs, { lenient: true });
        const r2 = simulate(ir, [...evs].reverse(), { lenient: true });
        const r3 = simulate(ir, shuffled, { lenient: true });
        expect(strip(r2)).toEqual(strip(r1));
        expect(strip(r3)).toEqual(strip(r1));
        const prepared = replayPrepared(ir, prepareDecoded(ir, [...evs].reverse(), { file: "events", lenient: true }));
        expect(strip(prepared)).toEqual(strip(r1));
        const text = [...evs].reverse().map(toLine).join("\n");
        const streamed = feed(text, { lenient: true, window: 3_600_000 });
        expect(strip(streamed)).toEqual(strip(r1));
        const fromText = replayPrepared(ir, await prepareEvents(ir, [text], { file: "ev.jsonl", lenient: true }));
        expect(strip(fromText)).toEqual(strip(r1));
        // conflicts, duplicates and event types no rule names account for every event that was not replayed
        const ignoredTypes = (r1.ignored?.eventTypes ?? []).reduce((n, t) => n + t.events, 0);
        expect(r1.events + r1.duplicates + r1.conflicts + ignoredTypes).toBe(evs.length);
      }),
    );
  });

  it("a conflict found late in a streaming replay asks for a full sort (EV202), never picks by order", () => {
    // b sorts before a (by "ana" < "ben"... a's content is smaller), so feed the larger one first and then
    // enough later events to replay it before the smaller one arrives
    const text = [
      created("c1", "L1"),
      touch("t1", "L1", "2027-01-04T14:01:00Z", "ben"),
      touch("t9", "L1", "2027-01-04T16:00:00Z"),
      touch("t1", "L1", "2027-01-04T14:01:00Z", "ana"),
    ].join("\n");
    const e = thrown(() => feed(text, { lenient: true, window: 60_000 }));
    expect([e.code, e.line]).toEqual(["EV202", 4]);
    const full = feed(text, { lenient: true });
    expect(full.conflicts).toBe(1);
    expect(full.rejected.rows[0]).toMatchObject({ code: "EV203", line: 2 });
  });
});

describe("every skipped CSV row is counted by reason", () => {
  it("activity rows that match no rule are counted (EV306) in the report", async () => {
    const m = loadMapping(
      {
        leads: { id: "id", created: "at" },
        activities: { lead: "lead", at: "when", type: "kind", touch: { value: "call" } },
      },
      PRESETS,
      "m",
    );
    const csv = "lead,when,kind\nL1,2027-01-04T10:00Z,call\nL1,2027-01-04T11:00Z,note\nL1,2027-01-04T12:00Z,note\n";
    const sim = new Simulation(ir, { lenient: true });
    const stats = { rows: 0, events: 0, ignored: 0 };
    for await (const ev of csvActivityEvents([csv], {
      file: "a.csv",
      mapping: m,
      ir,
      lenient: true,
      stats,
      onIgnore: (code) => sim.ignore(code),
    }))
      sim.push(ev);
    expect(stats).toEqual({ rows: 3, events: 1, ignored: 2 });
    const r = sim.finish();
    expect(r.ignoredRows).toEqual({ count: 2, byCode: { EV306: 2 } });
    // (the touch is for a lead never created: a rejected row, also counted by code)
    expect(r.rejected.byCode).toEqual({ EV201: 1 });
  });
});

describe("CSV events are located", () => {
  it("onRow gives the line of each row before its events, so replay errors name it", async () => {
    const m = loadMapping({ extends: "salesforce", timezone: "UTC" }, PRESETS, "m");
    const csv = "Lead ID,Created Date,Type\n00Q1,2027-01-04 10:00,Call\n\n00Q2,2027-01-04 10:05,Call\n";
    const sim = new Simulation(ir, { lenient: true });
    let row = 0;
    for await (const ev of csvActivityEvents([csv], {
      file: "a.csv",
      mapping: m,
      ir,
      lenient: true,
      onRow: (l) => {
        row = l;
      },
    }))
      sim.push(ev, "a.csv", row);
    expect(sim.finish().rejected.rows.map((r) => [r.code, r.line])).toEqual([
      ["EV201", 2],
      ["EV201", 4],
    ]);
  });
});

describe("Result values", () => {
  it("a Failure is never an event", () => {
    const r = parseJsonlText(`${created("e1", "L1")}\n{"id":"x"}\n`, { file: "p", ir, lenient: true });
    expect(r.events.every((e) => !(e instanceof Failure))).toBe(true);
    expect(r.rejected.map((x) => x.code)).toEqual(["EV102"]);
  });
});
