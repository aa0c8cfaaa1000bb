// Object.prototype names (constructor, __proto__, toString, ...) in every
// name position of a spec: the front end must answer with a diagnostic or a
// schema-valid IR, never an exception, an internal error or a NaN; and the
// IR must replay without a NaN in the report (issue 7: `within 5
// constructor` compiled, then every clock breached with due `0NaN-NaN-NaN`).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import { makeEventDecoder } from "../../engine/ingest/decode.ts";
import { Failure } from "../../engine/problems.ts";
import { simulate } from "../../engine/simulate.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";
import { validateIR } from "../../language/validate-ir.ts";

/** Every own name of Object.prototype, and the names functions and arrays add. */
const PROTO_KEYS = [
  ...Object.getOwnPropertyNames(Object.prototype),
  ...["prototype", "length", "name", "call", "apply", "bind", "arguments", "caller", "toJSON", "then"],
];

/** Name positions and the name each holds when not substituted. */
const POSITIONS = {
  calendar: "business",
  dayFrom: "mon",
  dayTo: "fri",
  numberField: "score",
  flagField: "opted_in",
  enumField: "source",
  enumValue: "demo",
  typedField: "region",
  type: "text",
  term: "hot",
  segment: "hot_leads",
  fallback: "rest",
  team: "sdr",
  member: "ana",
  manager: "ben",
  persona: "exec",
  action: "demo_req",
  period: "quarter",
  unit: "minutes",
  businessUnit: "hours",
  eventType: "demo.started",
  afterType: "demo.booked",
  zone: "UTC",
  // people written as strings and with aliases, `by` clauses, holiday regions
  stringMember: "Jen Park",
  alias: "ana@acme.com",
  channel: "call",
  quotedChannel: "phone call",
  byTeam: "sdr",
  region: "US",
} as const;
type Position = keyof typeof POSITIONS;
type Names = Record<Position, string>;

function spec(n: Names): string {
  return `sla "Prototype keys"
effective 2027-01-01
timezone "${n.zone}"
calendar ${n.calendar} {
  open ${n.dayFrom}-${n.dayTo} 09:00-17:00
  open ${n.dayFrom} 18:00-19:00
  closed holidays ${JSON.stringify(n.region)}
}
fields {
  ${n.numberField}: number
  ${n.flagField}: yes/no
  ${n.enumField}: one of "${n.enumValue}", "other"
  ${n.typedField}: ${n.type}
}
define ${n.term} when ${n.numberField} > 5 and ${n.flagField} = yes
segment ${n.segment} when ${n.term} and ${n.enumField} = "${n.enumValue}"
segment ${n.fallback} otherwise
team ${n.team} {
  members ${n.member} (${JSON.stringify(n.alias)}), ${n.manager}, ${JSON.stringify(n.stringMember)}
  manager ${n.manager}
}
persona ${n.persona} when ${n.numberField} > 10
persona others otherwise
action ${n.action} when ${n.flagField}
action browse otherwise
value {
  columns ${n.action}, browse
  ${n.persona}: $100, $10
  others: $50, $5
}
marketing delivers 10 ${n.term} per ${n.period}
marketing delivers $5,000 in ${n.term} per ${n.period}
respond to ${n.segment} within 5 ${n.unit}
  by ${n.channel} or ${JSON.stringify(n.quotedChannel)}
  by owner or team ${n.byTeam}
  warn at 50% notify "https://hooks.example.com/warn", reassign round robin ${n.team}
  target 90%
  on breach reassign round robin ${n.team}, escalate to manager
respond to ${n.fallback} within 2 business ${n.businessUnit} on ${n.calendar}
cadence ${n.segment} 2 touches within 3 ${n.unit}
expect ${n.eventType} within 2d after ${n.afterType} for ${n.segment}
`;
}

/**
 * A few events in their JSON form (JSON.parse makes "__proto__" an own
 * property, as reading a file would), decoded as a replay decodes them;
 * events the decoder rejects are left out, as `--lenient` would.
 */
function events(n: Names, ir: IR): SlaEvent[] {
  const fields = `{${[
    [n.numberField, 20],
    [n.flagField, true],
    [n.enumField, n.enumValue],
    [n.typedField, "x"],
  ]
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(", ")}}`;
  const lines = [
    `{"id": "e1", "at": "2027-01-04T09:30:00Z", "type": "lead.created", "lead": "L1", "fields": ${fields}, "owner": ${JSON.stringify(n.member)}}`,
    `{"id": "e2", "at": "2027-01-04T09:31:00Z", "type": "lead.created", "lead": "L2", "fields": {}, "owner": ${JSON.stringify(n.alias)}}`,
    `{"id": "e3", "at": "2027-01-04T09:40:00Z", "type": "touch", "lead": "L1", "by": ${JSON.stringify(n.member)}, "channel": ${JSON.stringify(n.channel)}}`,
    `{"id": "e3b", "at": "2027-01-04T09:41:00Z", "type": "touch", "lead": "L2", "by": ${JSON.stringify(n.stringMember)}, "channel": ${JSON.stringify(n.quotedChannel)}}`,
    `{"id": "e4", "at": "2027-01-04T10:00:00Z", "type": "rep.away", "rep": ${JSON.stringify(n.manager)}, "until": "2027-01-05T00:00:00Z"}`,
    `{"id": "e5", "at": "2027-01-04T11:00:00Z", "type": ${JSON.stringify(n.afterType)}, "lead": "L1"}`,
    `{"id": "e6", "at": "2027-01-05T11:00:00Z", "type": ${JSON.stringify(n.eventType)}, "lead": "L1"}`,
    `{"id": "e7", "at": "2027-01-09T11:00:00Z", "type": "touch", "lead": "L2"}`,
  ];
  const decode = makeEventDecoder(ir);
  const out: SlaEvent[] = [];
  for (const line of lines) {
    const e = decode(JSON.parse(line));
    if (!(e instanceof Failure)) out.push(e);
  }
  return out;
}

/** Paths of every NaN or infinite number, and every "NaN" inside a string, in a JSON-like value. */
function nanPaths(x: unknown, path = "", out: string[] = []): string[] {
  if (typeof x === "number" && !Number.isFinite(x)) out.push(`${path}=${x}`);
  else if (typeof x === "string" && /NaN|Infinity|Invalid/.test(x)) out.push(`${path}=${JSON.stringify(x)}`);
  else if (Array.isArray(x)) for (let i = 0; i < x.length; i++) nanPaths(x[i], `${path}/${i}`, out);
  else if (x instanceof Map) for (const [k, v] of x) nanPaths(v, `${path}/${String(k)}`, out);
  else if (x && typeof x === "object")
    for (const k of Object.getOwnPropertyNames(x)) nanPaths((x as Record<string, unknown>)[k], `${path}/${k}`, out);
  return out;
}

/** The checks every spec must pass; returns what happened, for the statistics. */
function verify(n: Names): "diagnostics" | "ir" {
  const text = spec(n);
  const r = compileSource(text);
  const where = JSON.stringify(n);
  for (const d of r.diagnostics) {
    expect(d.code, `${where}: ${d.message}`).not.toBe("SLA005");
    expect(d.message, where).not.toMatch(/internal|undefined|NaN|\[object /);
    expect(d.range.start, where).toBeGreaterThanOrEqual(0);
    expect(d.range.end, where).toBeLessThanOrEqual(text.length);
  }
  if (!r.ir) {
    expect(r.diagnostics.some((d) => d.severity === "error")).toBe(true);
    return "diagnostics";
  }
  const ir: IR = JSON.parse(JSON.stringify(r.ir)); // as the CLI and playground pass it on
  expect(validateIR(ir), where).toEqual({ ok: true });
  expect(nanPaths(r.ir), where).toEqual([]);
  const evs = events(n, ir);
  if (n.numberField === DEFAULTS.numberField) expect(evs.length, where).toBeGreaterThanOrEqual(5);
  const report = simulate(ir, evs, { lenient: true });
  expect(nanPaths(report), where).toEqual([]);
  expect(nanPaths(JSON.parse(JSON.stringify(report))), where).toEqual([]);
  return "ir";
}

const DEFAULTS = POSITIONS as Names;

describe("Object.prototype names in every name position", () => {
  it("the spec with ordinary names compiles and replays", () => {
    expect(verify(DEFAULTS)).toBe("ir");
  });

  it("every key in every position, one at a time: a diagnostic or a valid, NaN-free IR and report", () => {
    const outcomes = { diagnostics: 0, ir: 0 };
    for (const pos of Object.keys(POSITIONS) as Position[])
      for (const key of PROTO_KEYS) {
        const values = pos === "eventType" || pos === "afterType" ? [key, `${key}.started`, `demo.${key}`] : [key];
        for (const v of values) outcomes[verify({ ...DEFAULTS, [pos]: v })]++;
      }
    // both outcomes occur: most names are fine anywhere, words of the language are not
    expect(outcomes.ir).toBeGreaterThan(100);
    expect(outcomes.diagnostics).toBeGreaterThan(50);
  });

  it("keys in several positions at once (fast-check)", () => {
    const key = fc.constantFrom(...PROTO_KEYS);
    const value = (p: Position) =>
      p === "eventType" || p === "afterType"
        ? fc.oneof(
            key,
            key.map((k) => `${k}.started`),
            key.map((k) => `demo.${k}`),
          )
        : key;
    const substitution = fc
      .uniqueArray(fc.constantFrom(...(Object.keys(POSITIONS) as Position[])), { minLength: 1, maxLength: 4 })
      .chain((ps) => fc.tuple(...ps.map((p) => value(p).map((v) => [p, v] as const))));
    fc.assert(
      fc.property(substitution, (pairs) => {
        verify({ ...DEFAULTS, ...Object.fromEntries(pairs) });
      }),
      { numRuns: 200 },
    );
  });
});
