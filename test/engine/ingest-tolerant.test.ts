// Tolerant, counted ingest (issue 9, part 1): fields the SLA does not declare,
// properties an event's type does not have and event types no rule names are
// data the SLA does not use: ignored, counted by name, never an error; the
// report is the one the history without them gives. --strict-fields keeps
// today's strict reading.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeEventDecoder } from "../../engine/ingest/decode.ts";
import { IngestTally } from "../../engine/ingest/tally.ts";
import { JsonlFeed } from "../../engine/jsonl-feed.ts";
import { PreparedEvents, prepareEvents, replayPrepared } from "../../engine/prepared.ts";
import { Failure, IngestError } from "../../engine/problems.ts";
import type { SimReport } from "../../engine/result.ts";
import { Simulation } from "../../engine/simulate.ts";
import { compileSource } from "../../language/compile.ts";

const ir = compileSource(`sla "t"
timezone "UTC"
fields {
  source: one of "demo", "trial"
  score: number
}
segment demos when source = "demo"
segment trials otherwise
team sdr {
  members ana, ben
}
respond to demos within 1h
respond to trials within 4h
cadence demos 2 touches within 1d
expect demo.held within 2h after demo.started
`).ir!;

const T0 = Date.parse("2027-01-04T09:00:00Z");
const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString().replace(".000Z", "Z");

function replay(text: string, opts: { strictFields?: boolean; lenient?: boolean } = {}): SimReport {
  const sim = new Simulation(ir, { ...opts, reorderWindow: Infinity });
  const feed = new JsonlFeed(ir, sim, "events.jsonl", opts.lenient === true);
  feed.chunk(text);
  feed.end();
  return sim.finish();
}

async function replayCached(text: string): Promise<SimReport> {
  const p = await prepareEvents(ir, [text], { file: "events.jsonl", lenient: true });
  // through the cache's bytes, as `--cache` does
  return replayPrepared(ir, PreparedEvents.deserialize(p.serialize()));
}

/** The report without what tolerant ingest adds (ignored data and the notices about it). */
function core(r: SimReport) {
  const { ignored: _i, dataFit, ...rest } = r;
  return { ...rest, dataFit: (dataFit ?? []).filter((w) => w.code !== "EV501") };
}

// ---- a small random history, and extras the SLA does not use
const lead = fc.record({
  created: fc.integer({ min: 0, max: 3 * 1440 }),
  source: fc.constantFrom("demo", "trial", null),
  score: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  owner: fc.option(fc.constantFrom("ana", "ben", "zoe"), { nil: undefined }),
  touches: fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 3 }),
  demo: fc.option(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.option(fc.integer({ min: 0, max: 200 }))), {
    nil: undefined,
  }),
});
const extraField = fc.constantFrom("industry", "Lead Source", "constructor", "__proto__", "region");
const extraProp = fc.constantFrom("name", "subject", "toString", "meta");
const extraType = fc.constantFrom("activity", "email.opened", "Note", "call");
const extras = fc.record({
  fields: fc.array(fc.tuple(extraField, fc.oneof(fc.string(), fc.integer(), fc.constant(null))), { maxLength: 3 }),
  props: fc.array(extraProp, { maxLength: 2 }),
  otherEvents: fc.array(fc.tuple(extraType, fc.integer({ min: 0, max: 600 })), { maxLength: 3 }),
});

type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;

interface Line {
  obj: Record<string, unknown>;
}

/** The history as JSONL objects; with `x`, extras are added and counted. */
function history(
  leads: Of<typeof lead>[],
  x: Of<typeof extras>[] | null,
  counts: { fields: Map<string, number>; props: Map<string, number>; types: Map<string, number> },
): string {
  const lines: Line[] = [];
  let n = 0;
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  leads.forEach((l, i) => {
    const id = `L${i}`;
    const ex = x?.[i];
    const at = T0 + l.created * MIN;
    const fields: Record<string, unknown> = { source: l.source };
    if (l.score !== undefined) fields.score = l.score;
    const created: Record<string, unknown> = { id: `e${n++}`, at: iso(at), type: "lead.created", lead: id, fields };
    if (l.owner) created.owner = l.owner;
    if (ex) {
      for (const [k, v] of ex.fields)
        if (!Object.hasOwn(fields, k)) {
          Object.defineProperty(fields, k, { value: v, enumerable: true, writable: true, configurable: true });
          bump(counts.fields, k);
        }
      for (const p of ex.props)
        if (!Object.hasOwn(created, p)) {
          Object.defineProperty(created, p, { value: "x", enumerable: true, writable: true, configurable: true });
          bump(counts.props, p);
        }
    }
    lines.push({ obj: created });
    for (const t of l.touches) {
      const touch: Record<string, unknown> = { id: `e${n++}`, at: iso(at + t * MIN), type: "touch", lead: id };
      if (ex && ex.props.length > 0) {
        touch[ex.props[0] === "toString" ? "subject" : ex.props[0]] = "hello";
        bump(counts.props, ex.props[0] === "toString" ? "subject" : ex.props[0]);
      }
      lines.push({ obj: touch });
    }
    if (l.demo) {
      const [s, held] = l.demo;
      lines.push({ obj: { id: `e${n++}`, at: iso(at + s * MIN), type: "demo.started", lead: id } });
      if (held !== null)
        lines.push({ obj: { id: `e${n++}`, at: iso(at + (s + held) * MIN), type: "demo.held", lead: id } });
    }
    if (ex)
      for (const [type, t] of ex.otherEvents) {
        lines.push({ obj: { id: `x${n++}`, at: iso(at + t * MIN), type, lead: id, note: 1 } });
        bump(counts.types, type);
        // its own extra property is counted too
        bump(counts.props, "note");
      }
  });
  return lines.map((l) => JSON.stringify(l.obj)).join("\n") + "\n";
}

const sorted = (m: Map<string, number>) =>
  [...m].map(([name, events]) => ({ name, events })).sort((a, b) => b.events - a.events || (a.name < b.name ? -1 : 1));

describe("tolerant ingest", () => {
  it("the same history with extra fields, properties and event types gives the same report, plus the ignored counts", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(lead, { minLength: 1, maxLength: 8 })
          .chain((ls) => fc.tuple(fc.constant(ls), fc.array(extras, { minLength: ls.length, maxLength: ls.length }))),
        async ([leads, x]) => {
          const none = { fields: new Map(), props: new Map(), types: new Map() };
          const counts = { fields: new Map(), props: new Map(), types: new Map() };
          const plain = history(leads, null, none);
          const noisy = history(leads, x, counts);
          const a = replay(plain);
          const b = replay(noisy);
          expect(core(b)).toEqual(core(a));
          expect(a.ignored).toEqual({ fields: [], properties: [], eventTypes: [] });
          expect(b.ignored).toEqual({
            fields: sorted(counts.fields),
            properties: sorted(counts.props),
            eventTypes: sorted(counts.types),
          });
          // the prepared form (the --cache path, through its bytes) agrees, counts included
          const c = await replayCached(noisy);
          expect(c).toEqual(b);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("--strict-fields: each kind of ignored data is the error it was (EV104, EV105, EV108, EV109)", () => {
    const created = (extra: string) =>
      `{"id":"e1","at":"2027-01-04T09:00:00Z","type":"lead.created","lead":"L1","fields":{"source":"demo"${extra}}}`;
    const cases: [string, string, RegExp][] = [
      [
        `${created("")}\n{"id":"e2","at":"2027-01-04T09:10:00Z","type":"activity","lead":"L1"}`,
        "EV104",
        /"activity" is not an event type/,
      ],
      [
        `${created("")}\n{"id":"e2","at":"2027-01-04T09:10:00Z","type":"touch","lead":"L1","name":"x"}`,
        "EV105",
        /unknown property "name" on a touch event/,
      ],
      [created(`,"industry":"tech"`), "EV108", /unknown field "industry"/],
      [created(`,"score":1`).replace('"demo"', '"webinar"'), "EV109", /"webinar" is not one of "demo", "trial"/],
    ];
    for (const [text, code, message] of cases) {
      let err: unknown;
      try {
        replay(text, { strictFields: true });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(IngestError);
      expect((err as IngestError).code).toBe(code);
      expect((err as IngestError).message).toMatch(message);
      expect((err as IngestError).line).toBeGreaterThan(0);
      // and without it the same text replays
      expect(replay(text).rejected.count).toBe(0);
    }
  });

  it("--strict-fields replays dotted custom types no rule names, as before", () => {
    const text = [
      `{"id":"e1","at":"2027-01-04T09:00:00Z","type":"lead.created","lead":"L1","fields":{"source":"demo"}}`,
      `{"id":"e2","at":"2027-01-04T09:10:00Z","type":"email.opened","lead":"L1"}`,
    ].join("\n");
    expect(replay(text, { strictFields: true }).events).toBe(2);
    const tolerant = replay(text);
    expect(tolerant.events).toBe(1);
    expect(tolerant.ignored?.eventTypes).toEqual([{ name: "email.opened", events: 1 }]);
  });

  it("a wrong type for a declared field stays an error", () => {
    const text = `{"id":"e1","at":"2027-01-04T09:00:00Z","type":"lead.created","lead":"L1","fields":{"score":"high"}}`;
    expect(() => replay(text)).toThrow(/field "score": expected a number, got "high"/);
    const r = replay(text, { lenient: true });
    expect(r.rejected.rows).toEqual([
      { code: "EV109", file: "events.jsonl", line: 1, reason: 'field "score": expected a number, got "high"' },
    ]);
  });

  it("an enum value the SLA does not list is kept (it matches no segment value) and counted", () => {
    const tally = new IngestTally();
    const decode = makeEventDecoder(ir, { tally });
    const ev = decode({
      id: "e1",
      at: "2027-01-04T09:00:00Z",
      type: "lead.created",
      lead: "L1",
      fields: { source: "webinar" },
    });
    expect(ev).toMatchObject({ fields: { source: "webinar" } });
    expect([...tally.unlisted]).toEqual([["source", new Map([["webinar", 1]])]]);
  });

  it("a line that is rejected for another reason counts none of its ignored names", () => {
    const tally = new IngestTally();
    const decode = makeEventDecoder(ir, { tally });
    const r = decode({ id: "e1", at: "nope", type: "touch", lead: "L1", subject: "x" });
    expect(r).toBeInstanceOf(Failure);
    expect(tally.empty).toBe(true);
  });

  it("names close to declared ones get a did-you-mean notice (EV501)", () => {
    const text = [
      `{"id":"e1","at":"2027-01-04T09:00:00Z","type":"lead.created","lead":"L1","fields":{"source":"demo","scroe":5},"ownr":"ana"}`,
      `{"id":"e2","at":"2027-01-04T09:10:00Z","type":"lead.create","lead":"L1"}`,
      `{"id":"e3","at":"2027-01-04T09:20:00Z","type":"demo.hled","lead":"L1"}`,
    ].join("\n");
    const r = replay(text);
    const notices = (r.dataFit ?? []).filter((w) => w.code === "EV501").map((w) => w.message);
    expect(notices).toEqual([
      'ignored field "scroe" (1 event) looks like "score", which the SLA declares',
      'ignored property "ownr" (1 event) looks like "owner", an event property',
      'ignored event type "lead.create" (1 event) looks like "lead.created", an event type the SLA uses',
      'ignored event type "demo.hled" (1 event) looks like "demo.held", an event type the SLA uses',
    ]);
  });
});
