// Validates a value against the IR's JSON Schema (language/ir.schema.json),
// then checks what a schema cannot express: that every name the IR uses is
// declared (terms before use, fields, segments, teams, calendars, value chart
// rows and columns). Messages name the JSON pointer of the offending value.
import { Ajv, type ErrorObject } from "ajv";
import addFormats from "ajv-formats";
import schema from "./ir.schema.json" with { type: "json" };
import type { Cond, IR } from "./ir.ts";

export type ValidateIRResult = { ok: true } | { ok: false; errors: string[] };

export const IR_SCHEMA: object = schema;

const ajv = new Ajv({ allErrors: true, discriminator: true, verbose: true, strictTypes: true, allowUnionTypes: true });
addFormats.default(ajv, ["date"]);
const validateSchema = ajv.compile(schema);

export function validateIR(ir: unknown): ValidateIRResult {
  if (!validateSchema(ir)) return { ok: false, errors: formatErrors(validateSchema.errors ?? []) };
  const errors = checkReferences(ir as unknown as IR);
  return errors.length ? { ok: false, errors } : { ok: true };
}

// ---------- schema errors -> messages ----------

function where(e: ErrorObject): string {
  return e.instancePath === "" ? "(root)" : e.instancePath;
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "additionalProperties":
      return `has an unexpected property '${String(p.additionalProperty)}'`;
    case "required":
      return `is missing the property '${String(p.missingProperty)}'`;
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}, found ${JSON.stringify(e.data)}`;
    case "const":
      return `must be ${JSON.stringify(p.allowedValue)}, found ${JSON.stringify(e.data)}`;
    case "discriminator": {
      const tag = String(p.tag);
      const allowed = (
        (e.parentSchema as { oneOf?: { properties?: Record<string, { const?: unknown }> }[] } | undefined)?.oneOf ?? []
      )
        .map((s) => s.properties?.[tag]?.const)
        .filter((v) => v !== undefined);
      const found = (e.data as Record<string, unknown> | null)?.[tag];
      return found === undefined
        ? `is missing the property '${tag}'`
        : `has ${tag} ${JSON.stringify(found)}; expected one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    case "propertyNames":
      return `has an invalid name ${JSON.stringify(p.propertyName)}`;
    case "type":
      return `must be ${typeWords(p.type)}, found ${found(e.data)}`;
    default:
      return e.message ?? e.keyword;
  }
}

function formatErrors(errs: ErrorObject[]): string[] {
  // A nullable value is `oneOf: [X, null]`; when X fails, ajv also reports
  // "must be null" and "must match exactly one schema": fold those away.
  const deeper = (e: ErrorObject) =>
    errs.some(
      (o) =>
        o !== e &&
        o.keyword !== "oneOf" &&
        !isNullType(o) &&
        (o.instancePath === e.instancePath || o.instancePath.startsWith(e.instancePath + "/")),
    );
  const nullable = new Set(errs.filter(isNullType).map((e) => e.instancePath));
  const out: string[] = [];
  for (const e of errs) {
    if (e.keyword === "oneOf" && deeper(e)) continue;
    if (isNullType(e) && deeper(e)) continue;
    // An invalid property name is reported once by propertyNames; skip its echo at the key.
    if (e.propertyName !== undefined && e.keyword !== "propertyNames") continue;
    let msg = `${where(e)} ${describe(e)}`;
    if (e.keyword === "type" && nullable.has(e.instancePath))
      msg = `${where(e)} must be ${typeWords((e.params as { type: unknown }).type)} or null, found ${found(e.data)}`;
    if (!out.includes(msg)) out.push(msg);
  }
  return out;
}

function typeWords(t: unknown): string {
  return String(t)
    .split(",")
    .map((x) => (x === "integer" ? "an integer" : x === "object" ? "an object" : x === "array" ? "an array" : x))
    .join(" or ");
}

function found(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  if (v !== null && typeof v === "object") return "an object";
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? s.slice(0, 37) + "..." : s;
}

function isNullType(e: ErrorObject): boolean {
  return e.keyword === "type" && (e.params as { type?: unknown }).type === "null";
}

// ---------- references ----------

function checkReferences(ir: IR): string[] {
  const errors: string[] = [];
  const has = (o: object, k: string) => Object.hasOwn(o, k);
  const terms = new Set<string>();
  const checkCond = (c: Cond, path: string): void => {
    switch (c.op) {
      case "and":
      case "or":
        c.args.forEach((a, i) => {
          checkCond(a, `${path}/args/${i}`);
        });
        return;
      case "not":
        checkCond(c.arg, `${path}/arg`);
        return;
      case "term":
        if (!terms.has(c.name)) errors.push(`${path}/name uses term '${c.name}', which is not defined before it`);
        return;
      case "true":
        return;
      default:
        if (!has(ir.fields, c.field)) errors.push(`${path}/field '${c.field}' is not a declared field`);
        else if (c.op === "flag" && ir.fields[c.field].type !== "yesno")
          errors.push(`${path}/field '${c.field}' is used as a flag but is not a yes/no field`);
    }
  };
  const uniqueNames = (list: { name: string }[], path: string, what: string) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.name)) errors.push(`${path}/${i}/name ${what} '${x.name}' is declared twice`);
      seen.add(x.name);
    });
  };
  ir.terms.forEach((t, i) => {
    if (terms.has(t.name)) errors.push(`/terms/${i}/name term '${t.name}' is declared twice`);
    checkCond(t.when, `/terms/${i}/when`);
    terms.add(t.name);
  });
  for (const key of ["segments", "personas", "actions"] as const) {
    uniqueNames(ir[key], `/${key}`, key.slice(0, -1));
    ir[key].forEach((s, i) => {
      if (s.when) checkCond(s.when, `/${key}/${i}/when`);
      else if (i !== ir[key].length - 1) errors.push(`/${key}/${i}/when 'otherwise' (null) must be last`);
    });
  }
  uniqueNames(ir.teams, "/teams", "team");
  const segments = new Set(ir.segments.map((s) => s.name));
  const teams = new Set(ir.teams.map((t) => t.name));
  if (ir.value) {
    const actions = ir.actions.map((a) => a.name);
    const personas = ir.personas.map((p) => p.name);
    ir.value.columns.forEach((c, i) => {
      if (!actions.includes(c)) errors.push(`/value/columns/${i} '${c}' is not an action`);
    });
    for (const a of actions)
      if (!ir.value.columns.includes(a)) errors.push(`/value/columns has no column for action '${a}'`);
    for (const [p, row] of Object.entries(ir.value.rows)) {
      if (!personas.includes(p)) errors.push(`/value/rows/${p} '${p}' is not a persona`);
      if (row.length !== ir.value.columns.length)
        errors.push(`/value/rows/${p} has ${row.length} cells for ${ir.value.columns.length} columns`);
    }
    for (const p of personas) if (!has(ir.value.rows, p)) errors.push(`/value/rows has no row for persona '${p}'`);
  }
  ir.commitments.forEach((c, i) => {
    if (!terms.has(c.term)) errors.push(`/commitments/${i}/term '${c.term}' is not a defined term`);
    if (c.kind === "value" && !ir.value)
      errors.push(`/commitments/${i} is a value commitment but the IR has no value chart`);
  });
  ir.obligations.forEach((o, i) => {
    const path = `/obligations/${i}`;
    if (o.segment !== null && !segments.has(o.segment)) errors.push(`${path}/segment '${o.segment}' is not a segment`);
    if (o.within.kind === "business" && !has(ir.calendars, o.within.calendar))
      errors.push(`${path}/within/calendar '${o.within.calendar}' is not a calendar`);
    if (o.pauseWhile) checkCond(o.pauseWhile, `${path}/pauseWhile`);
    o.onBreach.forEach((a, j) => {
      if (a.type === "reassign" && !teams.has(a.team))
        errors.push(`${path}/onBreach/${j}/team '${a.team}' is not a team`);
    });
    o.onWarn?.forEach((a, j) => {
      if (a.type === "reassign" && !teams.has(a.team))
        errors.push(`${path}/onWarn/${j}/team '${a.team}' is not a team`);
    });
    o.by?.people?.teams.forEach((t, j) => {
      if (!teams.has(t)) errors.push(`${path}/by/people/teams/${j} '${t}' is not a team`);
    });
  });
  const reps = new Set(ir.teams.flatMap((t) => [...t.members, ...(t.manager === null ? [] : [t.manager])]));
  ir.people?.forEach((p, i) => {
    if (!reps.has(p.name)) errors.push(`/people/${i}/name '${p.name}' is not a team member or manager`);
  });
  for (const [name, cal] of Object.entries(ir.calendars))
    cal.open.forEach((o, i) => {
      if (!(o.from < o.to))
        errors.push(`/calendars/${name}/open/${i} opens at ${o.from} but closes at ${o.to} (minutes after midnight)`);
    });
  return errors;
}
