// The semantic diff (language/semantic-diff.ts): every kind of change in
// meaning is named in words with both values; a reformat is no change.
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { parseTestFile, runTestFile } from "slacode/engine";
import { semanticDiff as publicSemanticDiff } from "slacode/language";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../language/compile.ts";
import { disjoint } from "../../language/disjoint.ts";
import { format } from "../../language/format.ts";
import type { Cond, IR } from "../../language/ir.ts";
import { type SemanticChange, semanticDiff } from "../../language/semantic-diff.ts";

function ir(text: string): IR {
  const r = compileSource(text);
  if (!r.ir) throw new Error(`does not compile: ${JSON.stringify(r.diagnostics.slice(0, 2))}\n${text}`);
  return r.ir;
}
const INBOUND = readFileSync("specs/examples/inbound/inbound.sla", "utf8");
const SPECS = [
  ...readdirSync("specs/seeds")
    .filter((f) => f.endsWith(".sla"))
    .map((f) => `specs/seeds/${f}`),
  ...["inbound", "bpic2012", "helpdesk"].map((n) => `specs/examples/${n}/${n}.sla`),
];

/** The changes from editing inbound.sla with `edit`. */
function changes(edit: (s: string) => string): SemanticChange[] {
  const edited = edit(INBOUND);
  expect(edited).not.toBe(INBOUND); // the edit applied
  return semanticDiff(ir(INBOUND), ir(edited));
}
const texts = (edit: (s: string) => string) => changes(edit).map((c) => c.text);

describe("public API", () => {
  it("semanticDiff, parseTestFile and runTestFile are exported by the package's entry points", () => {
    const a = ir(INBOUND);
    expect(publicSemanticDiff(a, a)).toEqual([]);
    const file = parseTestFile(
      'test "t"\n  at 2027-01-04 09:00 create L1 source=demo\n  expect L1 segment everyone_else\n',
      a,
    );
    expect(runTestFile(a, file).tests[0].passed).toBe(true);
  });
});

describe("semantic diff: wording of each kind of change", () => {
  it("windows, in the language's own units", () => {
    expect(texts((s) => s.replace("within 24 business hours", "within 4 business hours"))).toEqual([
      "respond to trials: 24 business hours -> 4 business hours",
    ]);
    expect(texts((s) => s.replace("within 5m", "within 24h"))).toEqual(["respond to hand_raisers: 5m -> 24h"]);
    expect(texts((s) => s.replace("within 15d", "within 2w"))).toEqual(["cadence hand_raisers: 15d -> 2w"]);
    // the same window written another way is no change
    expect(semanticDiff(ir(INBOUND), ir(INBOUND.replace("within 5m", "within 5 minutes")))).toEqual([]);
  });
  it("the issue's examples", () => {
    expect(changes((s) => s.replace("executive: $100", "executive: $120"))).toEqual([
      {
        path: 'value["executive"]["demo"]',
        before: "$100",
        after: "$120",
        text: "value executive x demo: $100 -> $120",
      },
    ]);
    const square2 = readFileSync("specs/seeds/square2.sla", "utf8");
    const swapped = square2.replace(
      'segment chat_conversations when SQL and last_action = "chat"\nsegment hand_raisers when SQL\n',
      'segment hand_raisers when SQL\nsegment chat_conversations when SQL and last_action = "chat"\n',
    );
    expect(swapped).not.toBe(square2);
    expect(semanticDiff(ir(square2), ir(swapped))).toEqual([
      {
        path: 'segments["hand_raisers"].order',
        before: "below chat_conversations",
        after: "above chat_conversations",
        text: "segment hand_raisers moved above chat_conversations",
      },
    ]);
  });
  it("a reorder that cannot change where a lead lands is no change", () => {
    // hand_raisers (source = "demo") and trials (source = "trial") never both match
    expect(
      texts((s) =>
        s.replace(
          'segment hand_raisers when VQL and source = "demo"\nsegment trials when VQL and source = "trial"',
          'segment trials when VQL and source = "trial"\nsegment hand_raisers when VQL and source = "demo"',
        ),
      ),
    ).toEqual([]);
    // ...but once trials may also hold demo requests, the order decides
    expect(
      texts((s) =>
        s.replace(
          'segment hand_raisers when VQL and source = "demo"\nsegment trials when VQL and source = "trial"',
          'segment trials when VQL and source in ("trial", "demo")\nsegment hand_raisers when VQL and source = "demo"',
        ),
      ),
    ).toEqual([
      'segment trials: VQL and source = "trial" -> VQL and source in ("trial", "demo")',
      "segment trials moved above hand_raisers",
    ]);
  });
  it("targets, warn thresholds, pauses, breach actions, touches", () => {
    expect(texts((s) => s.replace("target 95%", "target 90%"))).toEqual(["respond to trials target: 95% -> 90%"]);
    expect(texts((s) => s.replace("warn at 80%", "warn at 50%"))).toEqual([
      "respond to hand_raisers warn at: 80% -> 50%",
    ]);
    expect(texts((s) => s.replace("  target 95%\n", "  target 95%\n  warn at 50%\n"))).toEqual([
      "respond to trials warn at: none -> 50%",
    ]);
    expect(texts((s) => s.replace('pause while status = "waiting on customer"', "pause while status is set"))).toEqual([
      'respond to trials pause while: status = "waiting on customer" -> status is set',
    ]);
    expect(texts((s) => s.replace('on breach nurture "Trial nurture"', 'on breach tag "late"'))).toEqual([
      'respond to trials on breach: nurture "Trial nurture" -> tag "late"',
    ]);
    expect(texts((s) => s.replace("8 touches", "6 touches"))).toEqual(["cadence hand_raisers touches: 8 -> 6"]);
  });
  it("terms, segment conditions, personas, actions, fields", () => {
    expect(texts((s) => s.replace("employees >= 50", "employees >= 100"))).toEqual([
      'term VQL: MQL and employees >= 50 and country in ("US", "CA", "GB") -> MQL and employees >= 100 and country in ("US", "CA", "GB")',
    ]);
    expect(texts((s) => s.replace('segment trials when VQL and source = "trial"', "segment trials when VQL"))).toEqual([
      'segment trials: VQL and source = "trial" -> VQL',
    ]);
    expect(
      texts((s) =>
        s.replace('persona director when title contains "director"', 'persona director when title starts with "dir"'),
      ),
    ).toEqual(['persona director: title contains "director" -> title starts with "dir"']);
    expect(texts((s) => s.replace("  status: text\n", "  status: text\n  region: text\n"))).toEqual([
      "field region added: text",
    ]);
    expect(
      texts((s) =>
        s.replace(
          'source: one of "demo", "trial", "webinar", "whitepaper"',
          'source: one of "demo", "trial", "webinar"',
        ),
      ),
    ).toEqual(['field source: one of "demo", "trial", "webinar", "whitepaper" -> one of "demo", "trial", "webinar"']);
  });
  it("calendars, teams, commitments, expect rules, plan, header", () => {
    expect(texts((s) => s.replace("open mon-fri 09:00-17:30", "open mon-fri 09:00-18:00"))).toEqual([
      "calendar business hours: mon-fri 09:00-17:30 -> mon-fri 09:00-18:00",
    ]);
    expect(texts((s) => s.replace("2027-12-24", "2027-12-24, 2027-12-31"))).toEqual([
      "calendar business: holiday 2027-12-31 added",
    ]);
    expect(texts((s) => s.replace("manager maria", "manager mia"))).toEqual(["team sdr manager: maria -> mia"]);
    expect(texts((s) => s.replace("members ana, ben, chloe", "members ben, ana, chloe"))).toEqual([
      "team sdr round-robin order: ana, ben, chloe -> ben, ana, chloe",
    ]);
    expect(texts((s) => s.replace("members ana, ben, chloe", "members ana, ben"))).toEqual([
      "team sdr: member chloe removed",
    ]);
    expect(texts((s) => s.replace("300 VQL per quarter", "350 VQL per quarter"))).toEqual([
      "marketing delivers VQL per quarter: 300 -> 350",
    ]);
    expect(texts((s) => s.replace("$84,000 in VQL", "$90,000 in VQL"))).toEqual([
      "marketing delivers $ in VQL per month: $84,000 -> $90,000",
    ]);
    expect(texts((s) => s.replace("within 13m after demo.started", "within 20m after demo.started"))).toEqual([
      "expect demo.held or noshow.reported after demo.started: 13m -> 20m",
    ]);
    expect(texts((s) => s.replace("lead to opportunity 70%", "lead to opportunity 60%"))).toEqual([
      "plan stages: lead to opportunity 70%, opportunity to customer 50% -> lead to opportunity 60%, opportunity to customer 50%",
    ]);
    expect(texts((s) => s.replace("average deal $10,000", "average deal $12,500"))).toEqual([
      "plan average deal: $10,000 -> $12,500",
    ]);
    expect(texts((s) => s.replace('timezone "America/New_York"', 'timezone "America/Chicago"'))).toEqual([
      "timezone: America/New_York -> America/Chicago",
    ]);
  });
  it("two rules for one segment: a changed window is a window change, not a removal and an addition", () => {
    const two = `sla "dup"\nfields {\n  score: number\n}\nsegment hot when score > 5\nsegment rest otherwise\nrespond to hot within 5m\n  target 90%\nrespond to hot within 1h\n  target 99%\n`;
    expect(semanticDiff(ir(two), ir(two.replace("within 5m", "within 10m"))).map((c) => [c.path, c.text])).toEqual([
      ['obligations["respond hot within 10m"].within', "respond to hot: 5m -> 10m"],
    ]);
  });
  it("added and removed obligations", () => {
    expect(
      texts((s) => s.replace("cadence hand_raisers 8 touches within 15d\n  on breach escalate to manager\n", "")),
    ).toEqual(["cadence hand_raisers within 15d removed"]);
  });
});

describe("disjoint conditions (what a reorder can change)", () => {
  const cmp = (field: string, op: "=" | "<" | "<=" | ">" | ">=", value: number | string): Cond => ({
    op: "cmp",
    field,
    cmp: op,
    value,
  });
  const and = (...args: Cond[]): Cond => ({ op: "and", args });
  it("proves what it can, and never claims an overlap is disjoint", () => {
    expect(disjoint(cmp("s", "=", "a"), cmp("s", "=", "b"), [])).toBe(true);
    expect(disjoint(cmp("s", "=", "a"), cmp("s", "=", "A"), [])).toBe(false);
    expect(disjoint(cmp("n", ">=", 50), cmp("n", "<", 50), [])).toBe(true);
    expect(disjoint(cmp("n", ">=", 50), cmp("n", "<=", 50), [])).toBe(false);
    expect(disjoint(cmp("n", ">", 50), cmp("n", "=", 50), [])).toBe(true);
    expect(disjoint(and(cmp("n", ">", 1), cmp("s", "=", "a")), { op: "in", field: "s", values: ["b", "c"] }, [])).toBe(
      true,
    );
    expect(disjoint({ op: "term", name: "T" }, cmp("s", "=", "b"), [{ name: "T", when: cmp("s", "=", "a") }])).toBe(
      true,
    );
    expect(disjoint({ op: "or", args: [cmp("s", "=", "a")] }, cmp("s", "=", "b"), [])).toBe(false); // not proved
    expect(disjoint(null, cmp("s", "=", "b"), [])).toBe(false);
  });
});

describe("semantic diff: no change in meaning", () => {
  it.each(SPECS)("%s against itself, formatted, and without its comments", (path) => {
    const text = readFileSync(path, "utf8");
    const a = ir(text);
    expect(semanticDiff(a, a)).toEqual([]);
    const f = format(text);
    if (!f.ok) throw new Error("format failed");
    expect(semanticDiff(a, ir(f.text))).toEqual([]);
    const bare = text
      .split("\n")
      .filter((l) => !l.trimStart().startsWith("#"))
      .map((l) => l.replace(/ +$/, ""))
      .join("\n\n");
    expect(semanticDiff(a, ir(bare))).toEqual([]);
  });
  it("reordering the parts of a condition, an `in` list or an enum's values is no change", () => {
    expect(
      texts((s) =>
        s
          .replace('country in ("US", "CA", "GB")', 'country in ("GB", "US", "CA")')
          .replace('define MQL when score >= 60 or source = "demo"', 'define MQL when source = "demo" or score >= 60')
          .replace(
            'segment hand_raisers when VQL and source = "demo"',
            'segment hand_raisers when source = "demo" and VQL',
          )
          .replace(
            'source: one of "demo", "trial", "webinar", "whitepaper"',
            'source: one of "trial", "demo", "whitepaper", "webinar"',
          ),
      ),
    ).toEqual([]);
  });
  it("moving a define (terms are in dependency order, not meaning) is no change", () => {
    const moved = INBOUND.replace(
      'define MQL when score >= 60 or source = "demo"\ndefine VQL when MQL and employees >= 50 and country in ("US", "CA", "GB")\n',
      "",
    ).replace(
      "# Marketing's side\n",
      '# Marketing\'s side\ndefine VQL when MQL and employees >= 50 and country in ("US", "CA", "GB")\ndefine MQL when score >= 60 or source = "demo"\n',
    );
    expect(semanticDiff(ir(INBOUND), ir(moved))).toEqual([]);
  });
});

// ---------------------------------------------------------------- properties

const WINDOWS = ["90s", "5m", "15m", "45m", "1h", "4h", "24h", "36h", "2d", "15d", "2w"];
const BUSINESS = ["30 business minutes", "1 business hour", "4 business hours", "24 business hours"];
const TARGETS = ["80%", "90%", "95%", "99%", "99.5%", "100%"];
const MONEY = ["$4", "$10", "$25.50", "$100", "$1,200", "$84,000"];

interface Gen {
  windows: string[];
  targets: string[];
  cells: string[][];
  threshold: number;
}

const genArb: fc.Arbitrary<Gen> = fc.record({
  windows: fc.array(fc.constantFrom(...WINDOWS, ...BUSINESS), { minLength: 3, maxLength: 3 }),
  targets: fc.array(fc.constantFrom(...TARGETS), { minLength: 3, maxLength: 3 }),
  cells: fc.array(fc.array(fc.constantFrom(...MONEY), { minLength: 2, maxLength: 2 }), { minLength: 2, maxLength: 2 }),
  threshold: fc.integer({ min: 1, max: 500 }),
});

function specText(g: Gen): string {
  return `sla "generated"
timezone "Europe/Paris"
calendar business {
  open mon-fri 09:00-17:00
}
fields {
  source: one of "demo", "trial"
  employees: number
  title: text
}
define big when employees >= ${g.threshold}
segment hot when big and source = "demo"
segment warm when source = "trial"
segment rest otherwise
team sdr {
  members ana, ben
  manager maria
}
persona exec when title contains "chief"
persona other otherwise
action demo when source = "demo"
action browse otherwise
value {
  columns demo, browse
  exec: ${g.cells[0].join(", ")}
  other: ${g.cells[1].join(", ")}
}
respond to hot within ${g.windows[0]}
  target ${g.targets[0]}
respond to warm within ${g.windows[1]}
  target ${g.targets[1]}
cadence rest 3 touches within ${g.windows[2]}
  target ${g.targets[2]}
`;
}

type Edit = { kind: "window" | "target"; i: number; to: string } | { kind: "cell"; r: number; c: number; to: string };
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant("window" as const),
    i: fc.nat({ max: 2 }),
    to: fc.constantFrom(...WINDOWS, ...BUSINESS),
  }),
  fc.record({ kind: fc.constant("target" as const), i: fc.nat({ max: 2 }), to: fc.constantFrom(...TARGETS) }),
  fc.record({
    kind: fc.constant("cell" as const),
    r: fc.nat({ max: 1 }),
    c: fc.nat({ max: 1 }),
    to: fc.constantFrom(...MONEY),
  }),
);

function applyEdit(g: Gen, e: Edit): { g: Gen; from: string } {
  const n: Gen = structuredClone(g);
  if (e.kind === "cell") {
    n.cells[e.r][e.c] = e.to;
    return { g: n, from: g.cells[e.r][e.c] };
  }
  const list = e.kind === "window" ? n.windows : n.targets;
  const from = list[e.i];
  list[e.i] = e.to;
  return { g: n, from };
}

describe("semantic diff: properties over generated specs", () => {
  it("diff A A has no changes; diff A fmt(A) has no changes", () => {
    fc.assert(
      fc.property(genArb, (g) => {
        const text = specText(g);
        const a = ir(text);
        expect(semanticDiff(a, a)).toEqual([]);
        const f = format(text);
        expect(f.ok).toBe(true);
        if (f.ok) expect(semanticDiff(a, ir(f.text))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
  it("a single edit (one window, one target, one value cell) is exactly one change naming both values", () => {
    fc.assert(
      fc.property(genArb, editArb, (g, e) => {
        const { g: edited, from } = applyEdit(g, e);
        fc.pre(from !== e.to);
        const c = semanticDiff(ir(specText(g)), ir(specText(edited)));
        expect(c).toHaveLength(1);
        expect(c[0].before).toBe(from);
        expect(c[0].after).toBe(e.to);
        expect(c[0].text).toContain(`${from} -> ${e.to}`);
        // and the reverse edit names them the other way round
        const back = semanticDiff(ir(specText(edited)), ir(specText(g)));
        expect(back.map((x) => [x.before, x.after])).toEqual([[e.to, from]]);
      }),
      { numRuns: 150 },
    );
  });
});

describe("semantic diff: which touches count, warning actions, aliases, holiday regions", () => {
  it("a `by` clause added, changed and removed", () => {
    const by = (s: string) =>
      s.replace("respond to hand_raisers within 5m", "respond to hand_raisers within 5m by call");
    expect(texts(by)).toEqual(["respond to hand_raisers counts any touch -> touches by call"]);
    const edited = by(INBOUND);
    expect(
      semanticDiff(ir(edited), ir(edited.replace("within 5m by call", "within 5m by call or meeting by owner"))).map(
        (c) => c.text,
      ),
    ).toEqual(["respond to hand_raisers counts touches by call -> touches by call or meeting by owner"]);
    expect(semanticDiff(ir(edited), ir(INBOUND)).map((c) => c.text)).toEqual([
      "respond to hand_raisers counts touches by call -> any touch",
    ]);
  });
  it("actions at the warning", () => {
    expect(
      texts((s) => s.replace("  warn at 80%\n", '  warn at 80% notify "https://hooks.example.com/warn"\n')),
    ).toEqual(['respond to hand_raisers at the warning: none -> notify "https://hooks.example.com/warn"']);
  });
  it("aliases of a rep", () => {
    expect(
      texts((s) => s.replace("members ana, ben, chloe", 'members ana ("Ana Ruiz", "ana@acme.com"), ben, chloe')),
    ).toEqual(['rep ana: alias "Ana Ruiz" added', 'rep ana: alias "ana@acme.com" added']);
  });
  it("a holiday region is one change, not one per date; a region's years follow the effective date", () => {
    const withUS = (s: string) => s.replace("  closed 2027-01-01", '  closed holidays "US"\n  closed 2027-01-01');
    expect(texts(withUS)).toEqual(['calendar business: holidays of "US" added (60 dates, 2026-2030)']);
    const a = withUS(INBOUND);
    expect(
      semanticDiff(ir(a), ir(a.replace("effective 2027-01-01", "effective 2028-01-01"))).map((c) => c.text),
    ).toEqual([
      "effective: 2027-01-01 -> 2028-01-01",
      'calendar business: holidays of "US" years: 2026-2030 -> 2027-2031',
    ]);
  });
});
