// The IR's JSON Schema (language/ir.schema.json) and validateIR: every IR the
// compiler produces validates; corrupted IRs fail with messages that say where
// and what.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";
import { IR_SCHEMA, validateIR } from "../../language/validate-ir.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const INBOUND = readFileSync(join(ROOT, "test/fixtures/syntax/inbound.sla"), "utf8");

function slaFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? slaFiles(p) : f.endsWith(".sla") ? [p] : [];
  });
}

function inboundIR(): IR {
  const r = compileSource(INBOUND);
  expect(r.diagnostics).toEqual([]);
  return structuredClone(r.ir!);
}

describe("IR schema", () => {
  it("is a draft-07 schema with no extra properties allowed at the root", () => {
    const s = IR_SCHEMA as { $schema: string; additionalProperties: boolean; required: string[] };
    expect(s.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(s.additionalProperties).toBe(false);
    // `people` is optional (absent when a spec gives no aliases)
    const sample: Record<Exclude<keyof IR, "people">, true> = {
      version: true,
      name: true,
      owner: true,
      effective: true,
      timezone: true,
      calendars: true,
      fields: true,
      terms: true,
      segments: true,
      teams: true,
      personas: true,
      actions: true,
      value: true,
      commitments: true,
      obligations: true,
      plan: true,
    };
    expect([...s.required].sort()).toEqual(Object.keys(sample).sort());
  });

  it("accepts the IR of inbound.sla, also after a JSON round trip", () => {
    const ir = inboundIR();
    expect(validateIR(ir)).toEqual({ ok: true });
    expect(validateIR(JSON.parse(JSON.stringify(ir)))).toEqual({ ok: true });
  });

  const specs = slaFiles(join(ROOT, "specs"));
  it.each(specs.length ? specs.map((p) => [p.slice(ROOT.length)]) : [["(no specs/**/*.sla yet)"]])(
    "accepts the IR of %s",
    (rel) => {
      if (!rel.endsWith(".sla")) return;
      const r = compileSource(readFileSync(join(ROOT, rel), "utf8"));
      if (r.ir === null) return; // specs that are meant to fail (diagnostic examples) have no IR
      const v = validateIR(r.ir);
      expect(v).toEqual({ ok: true });
    },
  );

  it("accepts a minimal IR (only the name) and every optional part set to null", () => {
    const r = compileSource('sla "minimal"\n');
    expect(r.ir).toMatchObject({ owner: null, effective: null, timezone: "UTC", value: null, plan: null });
    expect(validateIR(r.ir)).toEqual({ ok: true });
  });

  it("accepts every condition, window, action and obligation shape", () => {
    const r = compileSource(`sla "all shapes"
calendar business {
  open mon-fri 09:00-17:00
}
calendar emea {
  open mon-fri 08:00-16:00
}
fields {
  n: number
  m: money
  d: date
  t: text
  e: one of "a", "b"
  y: yes/no
}
define T when n = 1 or n != 2 or n < 3 or n <= 4 or n > 5 or n >= 6.5 or m > $1 or d < 2027-01-01
define U when T and e in ("a", "b") and e not in ("b") and t contains "x" and t starts with "y" and t ends with "z"
define V when U or t is set or t is not set or y or y = no or not (y != yes)
segment s1 when V
segment s2 otherwise
team sdr {
  members ana
  manager maria
}
persona p otherwise
action a otherwise
value {
  columns a
  p: $1
}
marketing delivers 10 V per month
marketing delivers $100 in V per quarter
respond to s1 within 5m
  target 99%
  warn at 80%
  pause while t = "waiting"
  on breach reassign round robin sdr, escalate to manager, nurture "n", notify "https://x", tag "t"
respond to s2 within 2 business days on emea
cadence s1 3 touches within 24 business hours
expect a.b or c.d within 1h after e.f for s1
plan {
  volume 100 per month
  lead to customer 10%
}
`);
    expect(r.diagnostics).toEqual([]);
    expect(validateIR(r.ir)).toEqual({ ok: true });
  });
});

describe("validateIR rejects corrupted IRs with useful messages", () => {
  // biome-ignore lint/suspicious/noExplicitAny: each case corrupts the IR in its own way
  const cases: [string, (ir: any) => void, string[]][] = [
    ["a wrong version", (ir) => (ir.version = 2), ["/version must be 1, found 2"]],
    ["a missing property", (ir) => delete ir.timezone, ["(root) is missing the property 'timezone'"]],
    ["an unknown property", (ir) => (ir.extra = true), ["(root) has an unexpected property 'extra'"]],
    ["an invalid date", (ir) => (ir.effective = "2027-02-30"), ['/effective must match format "date"']],
    [
      "a bad day number",
      (ir) => (ir.calendars.business.open[0].day = 0),
      ["/calendars/business/open/0/day must be >= 1"],
    ],
    [
      "open hours that end before they start",
      (ir) => (ir.calendars.business.open[0].from = 1200),
      ["/calendars/business/open/0 opens at 1200 but closes at 1050 (minutes after midnight)"],
    ],
    [
      "an unknown field type",
      (ir) => (ir.fields.title = { type: "string" }),
      ['/fields/title has type "string"; expected one of "number", "text", "yesno", "date", "money", "enum"'],
    ],
    [
      "an enum without values",
      (ir) => delete ir.fields.source.values,
      ["/fields/source is missing the property 'values'"],
    ],
    [
      "an unknown condition op",
      (ir) => (ir.terms[0].when.op = "xor"),
      [
        '/terms/0/when has op "xor"; expected one of "true", "and", "or", "not", "term", "flag", "cmp", "in", "text", "set"',
      ],
    ],
    [
      "a condition with a stray property",
      (ir) => (ir.terms[0].when.args[0].negate = true),
      ["/terms/0/when/args/0 has an unexpected property 'negate'"],
    ],
    [
      "an unknown comparison",
      (ir) => (ir.terms[0].when.args[0].cmp = "=>"),
      ['/terms/0/when/args/0/cmp must be one of "=", "!=", "<", "<=", ">", ">=", found "=>"'],
    ],
    [
      "a non-scalar literal",
      (ir) => (ir.terms[0].when.args[0].value = { n: 60 }),
      ["/terms/0/when/args/0/value must be string or number or boolean, found an object"],
    ],
    [
      "an empty in-list",
      (ir) => (ir.terms[1].when.args[2].values = []),
      ["/terms/1/when/args/2/values must NOT have fewer than 1 items"],
    ],
    [
      "a segment condition of the wrong type",
      (ir) => (ir.segments[0].when = "VQL"),
      ['/segments/0/when must be an object or null, found "VQL"'],
    ],
    [
      "a term used before it is defined",
      (ir) => ir.terms.reverse(),
      ["/terms/0/when/args/0/name uses term 'MQL', which is not defined before it"],
    ],
    [
      "an undeclared field",
      (ir) => (ir.terms[0].when.args[0].field = "scroe"),
      ["/terms/0/when/args/0/field 'scroe' is not a declared field"],
    ],
    [
      "a flag on a non-yes/no field",
      (ir) => (ir.segments[0].when = { op: "flag", field: "title" }),
      ["/segments/0/when/field 'title' is used as a flag but is not a yes/no field"],
    ],
    ["otherwise before the end", (ir) => ir.segments.reverse(), ["/segments/0/when 'otherwise' (null) must be last"]],
    [
      "a duplicate segment",
      (ir) => (ir.segments[1].name = "hand_raisers"),
      ["/segments/1/name segment 'hand_raisers' is declared twice", "/obligations/1/segment 'trials' is not a segment"],
    ],
    ["a zero window", (ir) => (ir.obligations[0].within.ms = 0), ["/obligations/0/within/ms must be >= 1"]],
    [
      "a window of an unknown kind",
      (ir) => (ir.obligations[0].within = { kind: "lunar", ms: 5 }),
      ['/obligations/0/within has kind "lunar"; expected one of "calendar", "business"'],
    ],
    [
      "a business window on a missing calendar",
      (ir) => (ir.obligations[1].within.calendar = "emea"),
      ["/obligations/1/within/calendar 'emea' is not a calendar"],
    ],
    ["a target above 100%", (ir) => (ir.obligations[0].target = 1.5), ["/obligations/0/target must be <= 1"]],
    ["warn at 100%", (ir) => (ir.obligations[0].warnAt = 1), ["/obligations/0/warnAt must be < 1"]],
    [
      "an unknown breach action",
      (ir) => ir.obligations[0].onBreach.push({ type: "page" }),
      ['/obligations/0/onBreach/2 has type "page"; expected one of "reassign", "escalate", "nurture", "notify", "tag"'],
    ],
    [
      "a reassign to a missing team",
      (ir) => (ir.obligations[0].onBreach[0].team = "ae"),
      ["/obligations/0/onBreach/0/team 'ae' is not a team"],
    ],
    [
      "an obligation on a missing segment",
      (ir) => (ir.obligations[0].segment = "vips"),
      ["/obligations/0/segment 'vips' is not a segment"],
    ],
    ["a cadence with zero touches", (ir) => (ir.obligations[2].touches = 0), ["/obligations/2/touches must be >= 1"]],
    [
      "an expect without events",
      (ir) => (ir.obligations[3].events = []),
      ["/obligations/3/events must NOT have fewer than 1 items"],
    ],
    [
      "a malformed event type",
      (ir) => (ir.obligations[3].after = "demo started"),
      ['/obligations/3/after must match pattern "^(touch|[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+)$"'],
    ],
    [
      "a commitment per week",
      (ir) => (ir.commitments[0].per = "week"),
      ['/commitments/0/per must be one of "month", "quarter", "year", found "week"'],
    ],
    [
      "a commitment on a missing term",
      (ir) => (ir.commitments[0].term = "SQL"),
      ["/commitments/0/term 'SQL' is not a defined term"],
    ],
    [
      "fractional cents in the value chart",
      (ir) => (ir.value.rows.executive[0] = 99.5),
      ["/value/rows/executive/0 must be an integer, found 99.5"],
    ],
    [
      "a value row of the wrong length",
      (ir) => ir.value.rows.manager.pop(),
      ["/value/rows/manager has 2 cells for 3 columns"],
    ],
    [
      "a value chart missing a persona",
      (ir) => delete ir.value.rows.director,
      ["/value/rows has no row for persona 'director'"],
    ],
    ["a plan rate above 100%", (ir) => (ir.plan.steps[0].rate = 7), ["/plan/steps/0/rate must be <= 1"]],
    [
      "an invalid name",
      // (members may be strings like "Jen Park" since people can be written as strings)
      (ir) => (ir.teams[0].name = "sdr team"),
      ['/teams/0/name must match pattern "^[A-Za-z_][A-Za-z0-9_]*$"'],
    ],
  ];

  it("rejects a non-object", () => {
    for (const v of [null, 1, "ir", []]) {
      const r = validateIR(v);
      expect(r.ok).toBe(false);
      expect(r.ok === false && r.errors[0]).toMatch(/^\(root\) must be an object, found (null|1|"ir"|an array)$/);
    }
  });

  for (const [what, mutate, expected] of cases)
    it(what, () => {
      const ir = inboundIR();
      mutate(ir);
      const r = validateIR(ir);
      expect(r.ok).toBe(false);
      expect(r.ok === false && r.errors).toEqual(expected);
    });

  it("reports every problem at once", () => {
    // biome-ignore lint/suspicious/noExplicitAny: the test corrupts the IR on purpose
    const ir = inboundIR() as any;
    ir.version = 3;
    ir.segments[0].when.op = "nand";
    ir.plan.steps = [];
    const r = validateIR(ir);
    expect(r.ok === false && r.errors).toEqual([
      "/version must be 1, found 3",
      '/segments/0/when has op "nand"; expected one of "true", "and", "or", "not", "term", "flag", "cmp", "in", "text", "set"',
      "/plan/steps must NOT have fewer than 1 items",
    ]);
  });
});
