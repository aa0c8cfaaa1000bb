import { describe, expect, it } from "vitest";
import { makeEventDecoder } from "../../engine/ingest/decode.ts";
import { Failure } from "../../engine/problems.ts";
import type { IR } from "../../language/ir.ts";

const ir: Pick<IR, "fields"> = {
  fields: {
    source: { type: "enum", values: ["demo", "trial", "webinar", "whitepaper"] },
    employees: { type: "number" },
    title: { type: "text" },
    consented: { type: "yesno" },
    first_seen: { type: "date" },
    arr: { type: "money" },
  },
};
const decode = makeEventDecoder(ir, { strictFields: true });
const AT = "2027-01-04T14:03:00Z";
const T = Date.UTC(2027, 0, 4, 14, 3);

function error(obj: unknown): string {
  const r = decode(obj);
  if (!(r instanceof Failure)) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r.message;
}
const created = (fields: unknown) => ({ id: "e1", at: AT, type: "lead.created", lead: "L1", fields });

describe("decoding valid events", () => {
  it("reads the examples of LANGUAGE.md", () => {
    expect(
      decode({ id: "e1", at: AT, type: "lead.created", lead: "L1", fields: { source: "demo", employees: 120 } }),
    ).toEqual({
      id: "e1",
      at: T,
      type: "lead.created",
      lead: "L1",
      fields: { source: "demo", employees: 120 },
    });
    expect(decode({ id: "e2", at: "2027-01-04T14:03:05Z", type: "lead.assigned", lead: "L1", owner: "ana" })).toEqual({
      id: "e2",
      at: T + 5000,
      type: "lead.assigned",
      lead: "L1",
      owner: "ana",
    });
    expect(decode({ id: "e3", at: AT, type: "touch", lead: "L1", by: "ana", channel: "call" })).toEqual({
      id: "e3",
      at: T,
      type: "touch",
      lead: "L1",
      by: "ana",
      channel: "call",
    });
    expect(
      decode({ id: "e4", at: AT, type: "lead.updated", lead: "L1", fields: { title: "waiting on customer" } }),
    ).toEqual({
      id: "e4",
      at: T,
      type: "lead.updated",
      lead: "L1",
      fields: { title: "waiting on customer" },
    });
    expect(
      decode({ id: "e5", at: "2027-01-06T00:00:00Z", type: "rep.away", rep: "ben", until: "2027-01-11T00:00:00Z" }),
    ).toEqual({
      id: "e5",
      at: Date.UTC(2027, 0, 6),
      type: "rep.away",
      rep: "ben",
      until: Date.UTC(2027, 0, 11),
    });
    // inside the engine a custom event has the tag "custom" and its name
    expect(decode({ id: "e6", at: AT, type: "demo.started", lead: "L1" })).toEqual({
      id: "e6",
      at: T,
      type: "custom",
      name: "demo.started",
      lead: "L1",
    });
  });

  it("turns numeric ids and lead ids into strings", () => {
    expect(decode({ id: 17, at: AT, type: "touch", lead: 42 })).toEqual({ id: "17", at: T, type: "touch", lead: "42" });
  });

  it("makes lead.created fields optional, and keeps an owner", () => {
    expect(decode({ id: "e", at: AT, type: "lead.created", lead: "L", owner: "ana" })).toEqual({
      id: "e",
      at: T,
      type: "lead.created",
      lead: "L",
      fields: {},
      owner: "ana",
    });
  });

  it("converts field values by type", () => {
    const ev = decode(created({ arr: "$1,200.50", consented: "Yes", first_seen: "2024-02-29", title: null }));
    expect(ev).toMatchObject({ fields: { arr: 120050, consented: true, first_seen: "2024-02-29", title: null } });
    expect(decode(created({ arr: 84000 }))).toMatchObject({ fields: { arr: 8400000 } });
    expect(decode(created({ arr: 0.29 }))).toMatchObject({ fields: { arr: 29 } });
    expect(decode(created({ arr: "-$5" }))).toMatchObject({ fields: { arr: -500 } });
    expect(decode(created({ arr: "1200" }))).toMatchObject({ fields: { arr: 120000 } });
    expect(decode(created({ consented: false }))).toMatchObject({ fields: { consented: false } });
    expect(decode(created({ consented: "no" }))).toMatchObject({ fields: { consented: false } });
    expect(decode(created({ consented: "TRUE" }))).toMatchObject({ fields: { consented: true } });
  });

  it("treats __proto__ and constructor as ordinary lead ids", () => {
    for (const lead of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      const ev = decode(JSON.parse(`{"id":"x","at":"${AT}","type":"lead.created","lead":"${lead}","fields":{}}`));
      expect(ev).toEqual({ id: "x", at: T, type: "lead.created", lead, fields: {} });
    }
    const ev = decode(JSON.parse(`{"id":"__proto__","at":"${AT}","type":"touch","lead":"constructor"}`));
    expect(ev).toEqual({ id: "__proto__", at: T, type: "touch", lead: "constructor" });
  });

  it("rejects field names that exist only on Object.prototype", () => {
    expect(error(created(JSON.parse('{"__proto__": 1}')))).toBe('unknown field "__proto__"');
    expect(error(created({ constructor: 1 }))).toBe('unknown field "constructor"');
    expect(error(created({ toString: "x" }))).toBe('unknown field "toString"');
  });

  it("accepts a field called __proto__ when the SLA declares one", () => {
    const d = makeEventDecoder({ fields: JSON.parse('{"__proto__": {"type": "number"}}') }, { strictFields: true });
    const ev = d(JSON.parse(`{"id":"x","at":"${AT}","type":"lead.updated","lead":"L","fields":{"__proto__":5}}`));
    expect(ev instanceof Failure).toBe(false);
    const fields = (ev as { fields: Record<string, unknown> }).fields;
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(fields, "__proto__")?.value).toBe(5);
  });

  it("does not confuse a field called error with a decode error", () => {
    const d = makeEventDecoder({ fields: { error: { type: "text" } } }, { strictFields: true });
    expect(d({ id: "x", at: AT, type: "lead.updated", lead: "L", fields: { error: "yes" } })).toMatchObject({
      fields: { error: "yes" },
    });
  });
});

describe("decoder error messages", () => {
  const cases: [string, unknown, string][] = [
    ["not an object", [1, 2], "expected a JSON object, got [1,2]"],
    ["null", null, "expected a JSON object, got null"],
    ["missing type", { id: "e", at: AT }, 'missing "type"'],
    ["type not a string", { id: "e", at: AT, type: 3 }, '"type": expected a string like "touch", got 3'],
    [
      "unknown type",
      { id: "e", at: AT, type: "tuch", lead: "L" },
      '"type": "tuch" is not an event type (did you mean "touch"?); custom event types are dotted lowercase names like "demo.started"',
    ],
    [
      "capitalised custom type",
      { id: "e", at: AT, type: "Demo.Started", lead: "L" },
      '"type": "Demo.Started" is not an event type; custom event types are dotted lowercase names like "demo.started"',
    ],
    ["missing id", { at: AT, type: "touch", lead: "L" }, 'missing "id"'],
    ["empty id", { id: "", at: AT, type: "touch", lead: "L" }, '"id": expected a non-empty string or a number, got ""'],
    [
      "boolean id",
      { id: true, at: AT, type: "touch", lead: "L" },
      '"id": expected a non-empty string or a number, got true',
    ],
    ["missing at", { id: "e", type: "touch", lead: "L" }, 'missing "at"'],
    [
      "numeric at",
      { id: "e", at: 1799071380000, type: "touch", lead: "L" },
      '"at": expected a timestamp string like "2027-01-04T14:03:00Z", got 1799071380000',
    ],
    [
      "month 13",
      { id: "e", at: "2027-13-01T00:00:00Z", type: "touch", lead: "L" },
      '"at": "2027-13-01T00:00:00Z" is not a valid timestamp (no month 13)',
    ],
    [
      "Feb 30",
      { id: "e", at: "2027-02-30T10:00:00Z", type: "touch", lead: "L" },
      '"at": "2027-02-30T10:00:00Z" is not a valid timestamp (February 2027 has 28 days)',
    ],
    [
      "hour 24",
      { id: "e", at: "2027-01-04T24:00:00Z", type: "touch", lead: "L" },
      '"at": "2027-01-04T24:00:00Z" is not a valid timestamp (hour 24)',
    ],
    [
      "no zone",
      { id: "e", at: "2027-01-04T14:03:00", type: "touch", lead: "L" },
      '"at": "2027-01-04T14:03:00" has no time zone (add "Z" for UTC, or an offset like "-05:00")',
    ],
    [
      "date only",
      { id: "e", at: "2027-01-04", type: "touch", lead: "L" },
      '"at": "2027-01-04" is a date without a time and time zone (expected e.g. "2027-01-04T09:00:00Z")',
    ],
    [
      "garbage at",
      { id: "e", at: "yesterday", type: "touch", lead: "L" },
      '"at": "yesterday" is not a valid timestamp (expected e.g. "2027-01-04T14:03:00Z")',
    ],
    ["missing lead", { id: "e", at: AT, type: "touch" }, 'missing "lead"'],
    ["missing lead on custom", { id: "e", at: AT, type: "demo.started" }, 'missing "lead"'],
    [
      "object lead",
      { id: "e", at: AT, type: "touch", lead: {} },
      '"lead": expected a non-empty string or a number, got {}',
    ],
    [
      "unknown property",
      { id: "e", at: AT, type: "lead.assigned", lead: "L", onwer: "ana" },
      'unknown property "onwer" on a lead.assigned event (did you mean "owner"?)',
    ],
    [
      "property of another type",
      { id: "e", at: AT, type: "touch", lead: "L", owner: "ana" },
      'unknown property "owner" on a touch event',
    ],
    [
      "typo for a built-in type",
      { id: "e", at: AT, type: "lead.create", lead: "L", fields: {} },
      'unknown property "fields" on a custom "lead.create" event (did you mean "type": "lead.created"?)',
    ],
    [
      "payload on a custom event",
      { id: "e", at: AT, type: "demo.started", lead: "L", room: 4 },
      'unknown property "room" on a custom "demo.started" event; custom events have only "id", "at", "type" and "lead"',
    ],
    ["missing owner", { id: "e", at: AT, type: "lead.assigned", lead: "L" }, 'missing "owner"'],
    [
      "numeric owner",
      { id: "e", at: AT, type: "lead.assigned", lead: "L", owner: 7 },
      '"owner": expected a non-empty string, got 7',
    ],
    [
      "bad owner on created",
      { id: "e", at: AT, type: "lead.created", lead: "L", owner: "" },
      '"owner": expected a non-empty string, got ""',
    ],
    ["bad by", { id: "e", at: AT, type: "touch", lead: "L", by: null }, '"by": expected a non-empty string, got null'],
    [
      "bad channel",
      { id: "e", at: AT, type: "touch", lead: "L", channel: ["call"] },
      '"channel": expected a non-empty string, got ["call"]',
    ],
    ["missing fields on update", { id: "e", at: AT, type: "lead.updated", lead: "L" }, 'missing "fields"'],
    [
      "fields not an object",
      { id: "e", at: AT, type: "lead.updated", lead: "L", fields: [] },
      '"fields": expected an object of field values, got []',
    ],
    ["missing rep", { id: "e", at: AT, type: "rep.away", until: AT }, 'missing "rep"'],
    ["missing until", { id: "e", at: AT, type: "rep.away", rep: "ben" }, 'missing "until"'],
    [
      "until before at",
      { id: "e", at: AT, type: "rep.away", rep: "ben", until: "2027-01-04T09:03:00-05:00" },
      '"until" ("2027-01-04T09:03:00-05:00") must be later than "at" ("2027-01-04T14:03:00Z")',
    ],
    [
      "until without zone",
      { id: "e", at: AT, type: "rep.away", rep: "ben", until: "2027-01-05 00:00" },
      '"until": "2027-01-05 00:00" has no time zone (add "Z" for UTC, or an offset like "-05:00")',
    ],
  ];
  it.each(cases)("%s", (_name, obj, message) => {
    expect(error(obj)).toBe(message);
  });

  const fieldCases: [string, unknown, string][] = [
    ["number", { employees: "fifty" }, 'field "employees": expected a number, got "fifty"'],
    ["number given as a numeric string", { employees: "50" }, 'field "employees": expected a number, got "50"'],
    ["text", { title: 5 }, 'field "title": expected text (a string), got 5'],
    [
      "enum",
      { source: "Demo" },
      'field "source": "Demo" is not one of "demo", "trial", "webinar", "whitepaper" (did you mean "demo"?)',
    ],
    [
      "enum far from any value",
      { source: "referral" },
      'field "source": "referral" is not one of "demo", "trial", "webinar", "whitepaper"',
    ],
    [
      "enum not a string",
      { source: 1 },
      'field "source": expected one of "demo", "trial", "webinar", "whitepaper", got 1',
    ],
    ["yes/no", { consented: "maybe" }, 'field "consented": expected yes/no (true or false), got "maybe"'],
    ["yes/no number", { consented: 1 }, 'field "consented": expected yes/no (true or false), got 1'],
    [
      "date shape",
      { first_seen: "01/31/2027" },
      'field "first_seen": "01/31/2027" is not a date (expected yyyy-mm-dd, e.g. "2027-01-31")',
    ],
    [
      "date calendar",
      { first_seen: "2027-02-29" },
      'field "first_seen": "2027-02-29" is not a valid date (February 2027 has 28 days)',
    ],
    ["date month", { first_seen: "2027-13-01" }, 'field "first_seen": "2027-13-01" is not a valid date (no month 13)'],
    [
      "date not a string",
      { first_seen: 20270131 },
      'field "first_seen": expected a date string like "2027-01-31", got 20270131',
    ],
    [
      "money string",
      { arr: "$1,2.00" },
      'field "arr": expected an amount of money (a number of dollars, or a string like "$1,200.50"), got "$1,2.00"',
    ],
    [
      "money boolean",
      { arr: true },
      'field "arr": expected an amount of money (a number of dollars, or a string like "$1,200.50"), got true',
    ],
    [
      "money too many decimals",
      { arr: "$1.005" },
      'field "arr": expected an amount of money (a number of dollars, or a string like "$1,200.50"), got "$1.005"',
    ],
    ["undeclared field", { employes: 5 }, 'unknown field "employes" (did you mean "employees"?)'],
    ["undeclared, nothing close", { region: "emea" }, 'unknown field "region"'],
  ];
  it.each(fieldCases)("field: %s", (_name, fields, message) => {
    expect(error(created(fields))).toBe(message);
    expect(error({ id: "u", at: AT, type: "lead.updated", lead: "L", fields })).toBe(message);
  });

  it("says so when the SLA declares no fields", () => {
    const d = makeEventDecoder({ fields: {} }, { strictFields: true });
    expect(d(created({ score: 5 }))).toEqual(
      new Failure("EV108", 'unknown field "score" (the SLA declares no fields)'),
    );
  });

  it("shortens long values in messages", () => {
    const msg = error(created({ employees: "x".repeat(500) }));
    expect(msg.length).toBeLessThan(120);
    expect(msg).toMatch(/\.\.\.$/);
  });
});
