// Golden ASTs, one fixture per construct: test/fixtures/ast/NAME.sla ->
// NAME.ast.json (ranges included: they are part of the contract, carets and
// the formatter depend on them). A missing golden is written on first run;
// UPDATE_GOLDEN=1 rewrites them all (review the diff before committing).
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type * as A from "../../language/ast.ts";
import { compileSource } from "../../language/compile.ts";
import { parse } from "../../language/parse.ts";
import { validateIR } from "../../language/validate-ir.ts";
import { expectGolden } from "../golden.ts";

const DIR = fileURLToPath(new URL("../fixtures/ast/", import.meta.url));
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith(".sla"))
  .map((f) => f.slice(0, -4))
  .sort();

const golden = expectGolden;

function source(name: string): string {
  return readFileSync(DIR + name + ".sla", "utf8");
}

/** Every AST node (objects with a `kind`), depth first. */
function* nodes(x: unknown): Generator<{ kind: string; range: A.Range } & Record<string, unknown>> {
  if (Array.isArray(x)) for (const y of x) yield* nodes(y);
  else if (x && typeof x === "object") {
    const o = x as Record<string, unknown>;
    if (typeof o.kind === "string") yield o as { kind: string; range: A.Range } & Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) if (k !== "range") yield* nodes(v);
  }
}

function statements<K extends A.Statement["kind"]>(name: string, kind: K): (A.Statement & { kind: K })[] {
  return parse(source(name)).ast.statements.filter((s): s is A.Statement & { kind: K } => s.kind === kind);
}

describe("golden ASTs", () => {
  it("has a fixture for every construct", () => {
    for (const c of [
      "header",
      "calendar",
      "fields",
      "define",
      "segment",
      "team",
      "value",
      "delivers",
      "respond",
      "cadence",
      "expect",
      "breach",
      "plan",
      "plan-volume",
      "comments",
      "people",
      "by",
      "warn-actions",
      "holidays",
    ])
      expect(FIXTURES, `missing test/fixtures/ast/${c}.sla`).toContain(c);
  });

  for (const name of FIXTURES) {
    describe(name, () => {
      const text = source(name);
      const parsed = parse(text);

      it("parses without diagnostics and matches its golden AST", () => {
        expect(parsed.diagnostics).toEqual([]);
        golden(DIR + name + ".ast.json", JSON.stringify(parsed.ast, null, 2) + "\n");
      });

      it("has consistent ranges: inside the text, names and strings cover what was written", () => {
        for (const n of nodes(parsed.ast)) {
          expect(n.range.start, n.kind).toBeGreaterThanOrEqual(0);
          expect(n.range.end, n.kind).toBeLessThanOrEqual(text.length);
          expect(n.range.start, n.kind).toBeLessThanOrEqual(n.range.end);
          const written = text.slice(n.range.start, n.range.end);
          if (n.kind === "Ident") expect(written).toBe(n.name);
          if (n.kind === "String") expect(written.startsWith('"') && written.endsWith('"')).toBe(true);
          if (
            n.kind === "Number" ||
            n.kind === "Money" ||
            n.kind === "Percent" ||
            n.kind === "Duration" ||
            n.kind === "Time"
          )
            expect(written).toBe(n.text);
          if (n.kind === "Date") expect(written).toBe(n.value);
          if (n.kind === "Comment") expect(written).toBe(n.text);
        }
      });

      it("checks clean and compiles to a schema-valid IR", () => {
        const r = compileSource(text);
        expect(r.diagnostics).toEqual([]);
        expect(r.ir).not.toBeNull();
        expect(validateIR(r.ir)).toEqual({ ok: true });
      });
    });
  }
});

// What the goldens say, spelled out for the constructs that are easy to get wrong.
describe("AST meaning", () => {
  const show = (e: A.Expr | null): string => {
    if (!e) return "null";
    switch (e.kind) {
      case "Or":
        return `(${e.args.map(show).join(" | ")})`;
      case "And":
        return `(${e.args.map(show).join(" & ")})`;
      case "Not":
        return `!${show(e.arg)}`;
      case "NameRef":
        return e.name.name;
      case "Compare":
        return `${e.field.name}${e.op}${JSON.stringify(e.value.kind === "Money" ? e.value.cents : e.value.value)}`;
      case "In":
        return `${e.field.name} ${e.negated ? "not in" : "in"} [${e.values.map((v) => JSON.stringify(v.kind === "Money" ? v.cents : v.value)).join(",")}]`;
      case "Text":
        return `${e.field.name} ${e.match} ${JSON.stringify(e.value.kind === "Money" ? e.value.cents : e.value.value)}`;
      case "IsSet":
        return `${e.field.name} is ${e.negated ? "not " : ""}set`;
    }
  };

  it("parses every operator, with `and` binding tighter than `or` and `not` tighter than `and`", () => {
    const defs = Object.fromEntries(statements("define", "Define").map((d) => [d.name.name, show(d.when)]));
    expect(defs).toEqual({
      eq: 'source="demo"',
      eq2: 'source="trial"',
      ne: 'source!="webinar"',
      lt: "score<10",
      le: "score<=20.5",
      gt: "arr>100000",
      ge: 'first_seen>="2027-01-01"',
      yes_flag: "consented",
      yes_cmp: 'consented="no"',
      member: 'country in ["US","CA"]',
      not_member: 'country not in ["FR"]',
      has: 'title contains "Director"',
      starts: 'title starts "vp"',
      ends: 'title ends "officer"',
      present: "title is set",
      absent: "title is not set",
      negated: "!consented",
      double_not: "!!eq",
      precedence: "(eq | (ne & lt) | (!gt & ge))",
      grouped: "((eq | ne) & (lt | gt))",
      nested: "(!(member & (has | starts)) | ends)",
    });
  });

  it("keeps parentheses in a grouped expression's range", () => {
    const text = source("define");
    const grouped = statements("define", "Define").find((d) => d.name.name === "grouped")!;
    const and = grouped.when as A.AndExpr;
    expect(text.slice(and.args[0].range.start, and.args[0].range.end)).toBe("(eq or ne)");
    expect(text.slice(grouped.when!.range.start, grouped.when!.range.end)).toBe("(eq or ne) and (lt or gt)");
  });

  it("reads literals: money in cents, percentages as fractions, durations in ms, times in minutes", () => {
    const [value] = statements("value", "Value");
    expect(value.rows.map((r) => [r.persona.name, r.cells.map((c) => (c.kind === "Money" ? c.cents : NaN))])).toEqual([
      ["executive", [10000, 5000, 1000]],
      ["director", [5000, 2550, 500]],
      ["manager", [100000, 2000, 99]],
    ]);
    const [r1, r2, r3, r4, r5] = statements("respond", "Respond");
    expect(r1.within).toMatchObject({ duration: { ms: 300_000, text: "5m" }, business: false });
    expect(r1.clauses.map((c) => [c.kind, c.kind === "Target" || c.kind === "WarnAt" ? c.value.value : null])).toEqual([
      ["Target", 0.99],
      ["WarnAt", 0.8],
    ]);
    expect(r2.within).toMatchObject({
      duration: null,
      amount: { value: 24 },
      unit: { name: "hours" },
      business: true,
      calendar: null,
    });
    expect(r2.clauses[0]).toMatchObject({ kind: "Target", value: { value: 0.955 } });
    expect(r3.within).toMatchObject({
      amount: { value: 2 },
      unit: { name: "days" },
      business: true,
      calendar: { name: "emea" },
    });
    expect(r4.within).toMatchObject({ amount: { value: 3 }, unit: { name: "days" }, business: false, calendar: null });
    expect(r5.within).toMatchObject({ amount: { value: 90 }, unit: { name: "minutes" }, business: false });
    const [cal] = statements("calendar", "Calendar");
    const open = cal.rules.filter((r): r is A.OpenRule => r.kind === "Open");
    expect(open[0].hours[0]).toMatchObject({ from: { minutes: 540 }, to: { minutes: 1050 } });
    expect(open[2].days.map((d) => [d.from.name, d.to?.name ?? null])).toEqual([
      ["sun", null],
      ["wed", null],
    ]);
    expect(open[2].hours.map((h) => [h.from.text, h.to.text])).toEqual([
      ["07:00", "08:00"],
      ["18:00", "19:00"],
    ]);
    const closed = cal.rules.filter((r): r is A.ClosedRule => r.kind === "Closed");
    expect(closed.map((c) => c.dates.map((d) => [d.from.value, d.to?.value ?? null]))).toEqual([
      [
        ["2027-01-01", null],
        ["2027-12-25", null],
      ],
      [["2027-08-02", "2027-08-06"]],
    ]);
    const [d1, d2, d3] = statements("delivers", "Delivers");
    expect([d1.amount, d2.amount, d3.amount].map((a) => (a.kind === "Money" ? `$${a.cents}` : a.value))).toEqual([
      300,
      1200,
      "$8400000",
    ]);
    expect([d1, d2, d3].map((d) => d.per.name)).toEqual(["quarter", "year", "month"]);
  });

  it("reads field types, including `one of` and yes/no", () => {
    const [f] = statements("fields", "Fields");
    expect(f.fields.map((x) => [x.name.name, x.type.name, x.type.values.map((v) => v.value)])).toEqual([
      ["source", "enum", ["demo", "trial", "webinar", "whitepaper"]],
      ["employees", "number", []],
      ["title", "text", []],
      ["consented", "yes/no", []],
      ["first_seen", "date", []],
      ["arr", "money", []],
      ["tier", "enum", ["gold"]],
    ]);
  });

  it("reads classifiers, teams, obligations, breach actions and plans", () => {
    expect(statements("segment", "Segment").map((s) => [s.name.name, s.otherwise, s.when === null])).toEqual([
      ["hand_raisers", false, false],
      ["trials", false, false],
      ["everyone_else", true, true],
    ]);
    const teams = statements("team", "Team");
    expect(
      teams.map((t) => [t.name.name, t.members.map((m) => m.name), t.memberLines.length, t.manager?.name ?? null]),
    ).toEqual([
      ["sdr", ["ana", "ben", "chloe"], 1, "maria"],
      ["ae", ["dan", "eve", "frank"], 2, null],
    ]);
    const [c1, c2] = statements("cadence", "Cadence");
    expect([c1.touches.value, c1.within?.duration?.ms, c2.touches.value, c2.within?.duration?.ms]).toEqual([
      8,
      15 * 86_400_000,
      3,
      14 * 86_400_000,
    ]);
    const [e1, e2, e3] = statements("expect", "Expect");
    expect(
      [e1, e2, e3].map((e) => [
        e.events.map((x) => x.name),
        e.after?.name,
        e.segment?.name ?? null,
        e.within?.duration?.ms,
      ]),
    ).toEqual([
      [["demo.held", "noshow.reported"], "demo.started", null, 13 * 60_000],
      [["contract.signed"], "proposal.sent", "hand_raisers", 30 * 86_400_000],
      [["meeting.booked"], "lead.qualified", null, 90_000],
    ]);
    const [b1, b2] = statements("breach", "Respond");
    const onBreach = b1.clauses.find((c) => c.kind === "OnBreach")!;
    expect(onBreach.kind === "OnBreach" && onBreach.actions.map((a) => a.kind)).toEqual([
      "Reassign",
      "Escalate",
      "Nurture",
      "Notify",
      "Tag",
    ]);
    expect(b2.clauses[0]).toMatchObject({
      kind: "OnBreach",
      actions: [{ kind: "Tag", label: { value: 'very "late"', terminated: true } }],
    });
    const [plan] = statements("plan", "Plan");
    expect(plan.lines.map((l) => l.kind)).toEqual(["PlanRevenue", "PlanAverageDeal", "PlanStep", "PlanStep"]);
    expect(plan.lines[0]).toMatchObject({ amount: { cents: 100_000_000 }, per: { name: "year" } });
    const [pv] = statements("plan-volume", "Plan");
    expect(
      pv.lines.map((l) => (l.kind === "PlanStep" ? `${l.from.name}>${l.to.name}@${l.rate.value}` : l.kind)),
    ).toEqual(["PlanVolume", "lead>MQL@0.4", "MQL>SQL@0.255", "SQL>customer@0.1"]);
  });

  it("keeps comments, with their ranges, and never mistakes them for code", () => {
    const { ast } = parse(source("comments"));
    expect(ast.comments.map((c) => c.text)).toEqual([
      "# a comment on its own line",
      "# a trailing comment",
      '# "a string in a comment" is still a comment',
    ]);
    expect(ast.statements.map((s) => s.kind)).toEqual(["Sla"]);
  });

  it("accepts keywords as names where a name is expected", () => {
    const r = compileSource(
      'sla "k"\nfields {\n  status: text\n  value: number\n  at: yes/no\n}\ndefine open when value > 3 and at\nsegment manager when open\nsegment team otherwise\n',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.ir?.terms[0]).toEqual({
      name: "open",
      when: {
        op: "and",
        args: [
          { op: "cmp", field: "value", cmp: ">", value: 3 },
          { op: "flag", field: "at" },
        ],
      },
    });
    expect(r.ir?.segments.map((s) => s.name)).toEqual(["manager", "team"]);
  });
});
