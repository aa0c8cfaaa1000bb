// The JSON Schema of one event line (engine/event.schema.json), and the same
// schema with the SLA's fields typed, for editors and other tools.

import type { IRFieldType } from "../../language/ir.ts";
import { assertNever } from "../assert-never.ts";
import eventSchemaJson from "../event.schema.json" with { type: "json" };
import { MAX_DOLLARS, MONEY_PATTERN } from "./values.ts";

type Json = Record<string, unknown>;

export const eventSchema: Readonly<Json> = eventSchemaJson;

const YESNO_PATTERN = "^(?:[Yy][Ee][Ss]|[Nn][Oo]|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$";

function fieldSchema(t: IRFieldType): Json {
  switch (t.type) {
    case "number":
      return { type: ["number", "null"] };
    case "text":
      return { type: ["string", "null"] };
    case "money":
      return {
        anyOf: [
          { type: "number", minimum: -MAX_DOLLARS, maximum: MAX_DOLLARS },
          { type: "string", pattern: MONEY_PATTERN },
          { type: "null" },
        ],
      };
    case "yesno":
      return { anyOf: [{ type: "boolean" }, { type: "string", pattern: YESNO_PATTERN }, { type: "null" }] };
    case "date":
      // format "date" (ajv-formats) checks the calendar, leap years included
      return { anyOf: [{ type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", format: "date" }, { type: "null" }] };
    case "enum":
      return { enum: [...t.values, null] };
    default:
      return assertNever(t, "field type");
  }
}

/** The event schema with `fields` limited to the SLA's fields and typed. */
export function eventSchemaFor(fields: Record<string, IRFieldType>): Json {
  const schema = structuredClone(eventSchemaJson) as Json & { definitions: Json };
  const properties: Json = {};
  for (const [name, t] of Object.entries(fields)) {
    Object.defineProperty(properties, name, {
      value: fieldSchema(t),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  schema.definitions.fields = {
    description: "Lead field values by field name; null unsets a field.",
    type: "object",
    additionalProperties: false,
    properties,
  };
  return schema;
}
