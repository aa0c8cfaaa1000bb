import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import { IngestError, parseJsonlText, type Rejected, readJsonlEvents } from "../../engine/ingest/jsonl.ts";
import { splitLines, splitLinesSync } from "../../engine/ingest/lines.ts";
import type { IR } from "../../language/ir.ts";

const ir: Pick<IR, "fields"> = {
  fields: { employees: { type: "number" }, source: { type: "enum", values: ["demo", "trial"] } },
};

/** The text cut into chunks at the given positions. */
function chunked(text: string, cuts: number[] = []): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(text.slice(prev, c));
    prev = c;
  }
  out.push(text.slice(prev));
  return out;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const touch = (id: string, lead = "L1") => JSON.stringify({ id, at: "2027-01-04T14:03:00Z", type: "touch", lead });

describe("splitLines", () => {
  it("splits on LF, drops CR before LF, keeps blank and unterminated lines", async () => {
    const text = "a\r\n\r\nb\n\nc";
    const expected = [
      { text: "a", line: 1 },
      { text: "", line: 2 },
      { text: "b", line: 3 },
      { text: "", line: 4 },
      { text: "c", line: 5 },
    ];
    expect(await collect(splitLines([text]))).toEqual(expected);
    expect([...splitLinesSync(text)]).toEqual(expected);
  });

  it("drops a byte-order mark, and yields nothing for empty input", async () => {
    expect(await collect(splitLines(["\uFEFFa\n"]))).toEqual([{ text: "a", line: 1 }]);
    expect(await collect(splitLines([]))).toEqual([]);
    expect(await collect(splitLines(["", ""]))).toEqual([]);
    expect([...splitLinesSync("")]).toEqual([]);
  });

  it("gives the same lines however the text is split into chunks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("a", "b", "\n", "\r", "\r\n", "é", "😀"), { maxLength: 40 }).map((xs) => xs.join("")),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (text, cuts) => {
          expect(await collect(splitLines(chunked(text, cuts)))).toEqual([...splitLinesSync(text)]);
        },
      ),
    );
  });
});

describe("readJsonlEvents", () => {
  it("reads events, skipping blank lines", async () => {
    const text = `${touch("e1")}\n\n   \n${touch("e2")}\n`;
    const events = await collect(readJsonlEvents([text], { file: "events.jsonl", ir, lenient: false }));
    expect(events.map((e) => e.id)).toEqual(["e1", "e2"]);
  });

  it("strict: the first bad line throws FILE:LINE: reason, with the right line despite CRLF and blank lines", async () => {
    const text = `${touch("e1")}\r\n\r\n${touch("e2")}\r\n  \r\n{"id":"e3","at":"2027-01-04T14:03:00","type":"touch","lead":"L"}\r\n${touch("e4")}\r\n`;
    for (const chunks of [[text], chunked(text, [3, 50, 51, 100, 140])]) {
      const err = await collect(readJsonlEvents(chunks, { file: "ev.jsonl", ir, lenient: false })).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(IngestError);
      const e = err as IngestError;
      expect(e.file).toBe("ev.jsonl");
      expect(e.line).toBe(5);
      expect(e.reason).toBe(
        '"at": "2027-01-04T14:03:00" has no time zone (add "Z" for UTC, or an offset like "-05:00")',
      );
      expect(e.message).toBe(`ev.jsonl:5: ${e.reason}`);
    }
  });

  it("strict: stops at bad JSON", async () => {
    const text = `${touch("e1")}\n{"id": "e2",\n${touch("e3")}`;
    const seen: string[] = [];
    const err = await (async () => {
      for await (const ev of readJsonlEvents([text], { file: "x.jsonl", ir, lenient: false })) seen.push(ev.id);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["e1"]);
    expect((err as IngestError).line).toBe(2);
    expect((err as IngestError).reason).toMatch(/^invalid JSON \(.+\)$/);
  });

  it("lenient: skips and reports every bad line", async () => {
    const lines = [
      touch("e1"),
      "not json",
      "",
      '{"id":"e3","at":"2027-01-04T14:03:00Z","type":"lead.created","lead":"L","fields":{"employees":"fifty"}}',
      touch("e4"),
      "[1,2]",
      '{"id":"e6","at":"2027-01-04T14:03:00Z","type":"lead.updated","lead":"L","fields":{"source":"Trial"}}',
      touch("e7"),
      "{",
    ];
    const rejected: Rejected[] = [];
    const events = await collect(
      readJsonlEvents([lines.join("\r\n")], {
        file: "f.jsonl",
        ir,
        lenient: true,
        strictFields: true,
        onReject: (r) => rejected.push(r),
      }),
    );
    expect(events.map((e) => e.id)).toEqual(["e1", "e4", "e7"]);
    expect(rejected.map((r) => r.line)).toEqual([2, 4, 6, 7, 9]);
    expect(rejected.map((r) => r.code)).toEqual(["EV002", "EV109", "EV101", "EV109", "EV002"]);
    expect(rejected[1]).toEqual({
      code: "EV109",
      file: "f.jsonl",
      line: 4,
      reason: 'field "employees": expected a number, got "fifty"',
    });
    expect(rejected[2].reason).toBe("expected a JSON object, got [1,2]");
    expect(rejected[3].reason).toBe('field "source": "Trial" is not one of "demo", "trial" (did you mean "trial"?)');
  });

  it("lenient without onReject still skips", async () => {
    const events = await collect(readJsonlEvents([`x\n${touch("e1")}`], { file: "f", ir, lenient: true }));
    expect(events).toHaveLength(1);
  });

  it("treats __proto__ lead ids as ordinary ids", async () => {
    const text = [touch("a", "__proto__"), touch("b", "constructor")].join("\n");
    const events = await collect(readJsonlEvents([text], { file: "f", ir, lenient: false }));
    expect(events.map((e) => (e as { lead: string }).lead)).toEqual(["__proto__", "constructor"]);
  });
});

describe("parseJsonlText", () => {
  it("returns events and rejected lines", () => {
    const { events, rejected } = parseJsonlText(`\uFEFF${touch("e1")}\n\nnope\n${touch("e2")}`, {
      file: "play",
      ir,
      lenient: true,
    });
    expect(events.map((e: SlaEvent) => e.id)).toEqual(["e1", "e2"]);
    expect(rejected).toEqual([
      { code: "EV002", file: "play", line: 3, reason: expect.stringMatching(/^invalid JSON/) },
    ]);
  });

  it("throws in strict mode", () => {
    expect(() => parseJsonlText(`${touch("e1")}\nnope`, { file: "play", ir, lenient: false })).toThrow(
      /^play:2: invalid JSON/,
    );
  });
});
