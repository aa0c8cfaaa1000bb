// engine/event.schema.json (checked with ajv) and the hand-written decoder
// must accept and reject the same events.

import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeEventDecoder } from "../../engine/ingest/decode.ts";
import { eventSchema, eventSchemaFor } from "../../engine/ingest/schema.ts";
import { Failure } from "../../engine/problems.ts";
import type { IR } from "../../language/ir.ts";

// ajv-formats is CommonJS: depending on the loader its function is the default export or its .default
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: Ajv,
) => Ajv;

const ir: Pick<IR, "fields"> = {
  fields: {
    source: { type: "enum", values: ["demo", "trial"] },
    employees: { type: "number" },
    title: { type: "text" },
    consented: { type: "yesno" },
    first_seen: { type: "date" },
    arr: { type: "money" },
  },
};

function compile(schema: object) {
  const ajv = new Ajv({ allowUnionTypes: true });
  addFormats(ajv);
  return ajv.compile(schema);
}
const validateTyped = compile(eventSchemaFor(ir.fields));
const validateGeneric = compile(eventSchema);
const decode = makeEventDecoder(ir, { strictFields: true });
const decodeAny = makeEventDecoder({ fields: {} }, { strictFields: true });

const AT = "2027-01-04T14:03:00Z";
const valid: unknown[] = [
  { id: "e1", at: AT, type: "lead.created", lead: "L1", fields: { source: "demo", employees: 120, arr: "$1,200.50" } },
  { id: 1, at: "2027-01-04T14:03Z", type: "lead.created", lead: 2 },
  {
    id: "e",
    at: AT,
    type: "lead.created",
    lead: "L",
    owner: "ana",
    fields: { consented: "Yes", first_seen: "2024-02-29", title: null },
  },
  { id: "e", at: "2027-01-04 09:03:00.5-05:00", type: "lead.updated", lead: "L", fields: {} },
  { id: "e", at: "2027-01-04T09:03:00-0500", type: "lead.assigned", lead: "L", owner: "ben" },
  { id: "e", at: AT, type: "touch", lead: "L", by: "ana", channel: "call" },
  { id: "e", at: AT, type: "rep.away", rep: "ben", until: "2027-01-11T00:00:00Z" },
  { id: "e", at: AT, type: "demo.started", lead: "L" },
  { id: "e", at: AT, type: "noshow_v2.reported.late", lead: "L" },
  { id: "e", at: AT, type: "lead.create", lead: "L" },
  { id: "__proto__", at: AT, type: "touch", lead: "constructor" },
];
const invalid: unknown[] = [
  null,
  [],
  "touch",
  5,
  { at: AT, type: "touch", lead: "L" },
  { id: "", at: AT, type: "touch", lead: "L" },
  { id: "e", type: "touch", lead: "L" },
  { id: "e", at: "2027-13-01T00:00:00Z", type: "touch", lead: "L" },
  { id: "e", at: "2027-04-31T00:00:00Z", type: "touch", lead: "L" },
  { id: "e", at: "2027-01-04T14:03:00", type: "touch", lead: "L" },
  { id: "e", at: "2027-01-04", type: "touch", lead: "L" },
  { id: "e", at: "2027-01-04T14:03:00+05", type: "touch", lead: "L" },
  { id: "e", at: AT, type: "tuch", lead: "L" },
  { id: "e", at: AT, type: "Demo.started", lead: "L" },
  { id: "e", at: AT, type: "touch" },
  { id: "e", at: AT, type: "touch", lead: "L", owner: "x" },
  { id: "e", at: AT, type: "lead.create", lead: "L", fields: {} },
  { id: "e", at: AT, type: "lead.updated", lead: "L" },
  { id: "e", at: AT, type: "lead.assigned", lead: "L" },
  { id: "e", at: AT, type: "lead.assigned", lead: "L", owner: "" },
  { id: "e", at: AT, type: "rep.away", rep: "ben" },
  { id: "e", at: AT, type: "rep.away", lead: "L", rep: "ben", until: "2027-01-11T00:00:00Z" },
  { id: "e", at: AT, type: "lead.created", lead: "L", fields: { employees: "fifty" } },
  { id: "e", at: AT, type: "lead.created", lead: "L", fields: { source: "Demo" } },
  { id: "e", at: AT, type: "lead.created", lead: "L", fields: { consented: "maybe" } },
  { id: "e", at: AT, type: "lead.created", lead: "L", fields: { first_seen: "2027-02-29" } },
  { id: "e", at: AT, type: "lead.created", lead: "L", fields: { arr: "$1,2.00" } },
  { id: "e", at: AT, type: "lead.created", lead: "L", fields: { employes: 3 } },
  { id: "e", at: AT, type: "lead.created", lead: "L", fields: [] },
  { id: 2 ** 53 + 2, at: AT, type: "touch", lead: "L" },
  { id: "e", at: AT, type: "touch", lead: -(2 ** 60) },
  { id: "e\uFFFD", at: AT, type: "touch", lead: "L" },
  { id: "e", at: AT, type: "lead.assigned", lead: "L", owner: "Jos\uFFFD" },
  { id: "e", at: "0999-01-04T14:03:00Z", type: "touch", lead: "L" },
  { id: "e", at: "9999-01-04T14:03:00Z", type: "touch", lead: "L" },
  { id: "e", at: "1969-12-31T23:00:00Z", type: "touch", lead: "L" },
];

const accepts = (obj: unknown) => !(decode(obj) instanceof Failure);

describe("event.schema.json", () => {
  it("accepts the valid samples, like the decoder", () => {
    for (const obj of valid) {
      expect(validateTyped(obj), JSON.stringify(obj) + JSON.stringify(validateTyped.errors)).toBe(true);
      expect(accepts(obj), JSON.stringify(decode(obj))).toBe(true);
    }
  });

  it("rejects the invalid samples, like the decoder", () => {
    for (const obj of invalid) {
      expect(validateTyped(obj), JSON.stringify(obj)).toBe(false);
      expect(accepts(obj), JSON.stringify(obj)).toBe(false);
    }
  });

  it("without fields typed, checks everything but the field values", () => {
    expect(
      validateGeneric({ id: "e", at: AT, type: "lead.updated", lead: "L", fields: { anything: 1, at: "all" } }),
    ).toBe(true);
    expect(validateGeneric({ id: "e", at: AT, type: "lead.updated", lead: "L", fields: { x: {} } })).toBe(false);
    for (const obj of valid) {
      expect(validateGeneric(obj)).toBe(true);
    }
  });

  it("agrees with the decoder on random events", () => {
    // mostly valid values, so that many whole events are valid too
    const mix = (good: unknown[], bad: unknown[]) =>
      fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 6 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });
    const timestamp = mix(
      [AT, "2027-01-04T14:03Z", "2027-01-04 14:03:00.123+01:00", "2027-01-04T09:03:00-0500", "2024-02-29T12:00:00z"],
      ["2027-13-01T00:00:00Z", "2027-01-04T14:03:00", "2027-01-04", "2027-01-04T25:00Z", "2027-06-31T00:00Z", "", 5],
    );
    const id = mix(["e1", "__proto__", 7, 1.5], ["", true, null, {}]);
    const name = mix(["ana"], ["", 3, null]);
    const fieldName = mix(
      ["source", "employees", "title", "consented", "first_seen", "arr"],
      ["employes", "__proto__", "constructor"],
    );
    const fieldValues = [
      "demo",
      "Demo",
      "trial",
      50,
      -1.25,
      "fifty",
      "50",
      true,
      false,
      "yes",
      "No",
      "maybe",
      "2027-01-31",
      "2027-02-29",
      "01/31/2027",
      "$1,200.50",
      "$1,2.00",
      "-$5",
      ".5",
      "$1.005",
      1200.5,
      null,
      [],
      {},
    ];
    // built as JSON text so that "__proto__" becomes an own key, as JSON.parse makes it
    const entries = fc.array(fc.tuple(fieldName, fc.constantFrom(...fieldValues)), { maxLength: 2 });
    const fieldsObject = entries.map(
      (es) => JSON.parse(`{${es.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`) as unknown,
    );
    const fields = fc.oneof(
      { arbitrary: fieldsObject, weight: 6 },
      { arbitrary: fc.constantFrom<unknown>(null, [], "x"), weight: 1 },
    );
    const type = mix(
      ["lead.created", "lead.updated", "lead.assigned", "touch", "rep.away", "demo.started"],
      ["lead.create", "tuch", "Demo.x", 3, undefined],
    );
    const until = mix(["2099-01-01T00:00:00Z"], ["2099-01-01T00:00:00", 1]);
    const values: Record<string, fc.Arbitrary<unknown>> = {
      id,
      at: timestamp,
      lead: id,
      fields,
      owner: name,
      by: name,
      channel: name,
      rep: name,
      until,
      extra: fc.constant(1),
    };
    const props: Record<string, string[]> = {
      "lead.created": ["id", "at", "lead", "fields", "owner"],
      "lead.updated": ["id", "at", "lead", "fields"],
      "lead.assigned": ["id", "at", "lead", "owner"],
      touch: ["id", "at", "lead", "by", "channel"],
      "rep.away": ["id", "at", "rep", "until"],
    };
    // mostly the properties of the chosen type, each sometimes missing, sometimes one too many
    const event = type.chain((t) => {
      const own = props[String(t)] ?? ["id", "at", "lead"];
      const keys = fc.tuple(
        fc.subarray(own, { minLength: Math.max(0, own.length - 1) }),
        fc.option(fc.constantFrom(...Object.keys(values)), { freq: 8 }),
      );
      return keys.chain(([ks, extra]) => {
        const all = extra === null ? ks : [...ks, extra];
        const rec: Record<string, fc.Arbitrary<unknown>> = {};
        for (const k of all) rec[k] = values[k];
        return fc
          .record(rec)
          .map((r) => JSON.parse(JSON.stringify(t === undefined ? r : { ...r, type: t })) as unknown);
      });
    });
    let accepted = 0;
    fc.assert(
      fc.property(event, (obj) => {
        const ok = accepts(obj);
        if (ok) accepted++;
        expect(validateTyped(obj), `${JSON.stringify(obj)} -> ${JSON.stringify(decode(obj))}`).toBe(ok);
        expect(validateGeneric(obj), JSON.stringify(obj)).toBe(
          !(decodeAny(obj) instanceof Failure) || !!validateGeneric(obj),
        );
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(200); // the generator does reach valid events
  });
});
