// Runs the tests of a `.slatest` file (syntax.ts) against an SLA's IR: each
// test replays its events through the engine's runtime (runtime.ts, the same
// code as `sla simulate`), checking each `expect` line at its instant, and
// records what the tests exercised (coverage). Browser-safe.
import type { IR } from "../../language/ir.ts";
import type { SlaEvent } from "../events.ts";
import { typeRank } from "../order.ts";
import { ReportBuilder } from "../report.ts";
import type { ActionRecord } from "../result.ts";
import { type Clock, type LeadState, type Observer, Runtime } from "../runtime.ts";
import { type Check, money, type Step, showTime, type TestCase, type TestFile } from "./syntax.ts";

export interface CheckFailure {
  /** line of the expect in the test file */
  line: number;
  source: string;
  expected: string;
  got: string;
}

export interface TestResult {
  name: string;
  line: number;
  passed: boolean;
  checks: number;
  failures: CheckFailure[];
}

export interface Coverage {
  segments: { total: number; missed: string[] };
  obligations: { total: number; missed: string[] };
  /** obligations with `on breach` actions whose breach no test caused */
  breachActions: { total: number; missed: string[] };
  /** value chart cells "persona x action" no lead was in */
  valueCells: { total: number; missed: string[] };
}

export interface FileResult {
  tests: TestResult[];
  coverage: Coverage;
}

/** What one test's replay saw, beyond the report. */
class Recorder implements Observer {
  /** per lead, per obligation index: its clocks in start order */
  clocks = new Map<string, Map<number, Clock[]>>();
  metAt = new Map<Clock, number>();
  breachedAt = new Map<Clock, number>();
  warnedAt = new Map<Clock, number>();
  fired = new Map<string, ActionRecord[]>();
  started = new Set<number>();
  breachedWithActions = new Set<number>();

  constructor(private report: ReportBuilder) {}

  clockStarted(c: Clock): void {
    this.report.clockStarted(c);
    this.started.add(c.ob.index);
    let byOb = this.clocks.get(c.lead.id);
    if (!byOb) this.clocks.set(c.lead.id, (byOb = new Map()));
    const list = byOb.get(c.ob.index);
    if (list) list.push(c);
    else byOb.set(c.ob.index, [c]);
  }
  clockMet(c: Clock, at: number): void {
    this.report.clockMet(c);
    this.metAt.set(c, at);
  }
  clockBreached(c: Clock, at: number, owner: string | null, actions: ActionRecord[]): void {
    this.report.clockBreached(c, at, owner, actions);
    this.breachedAt.set(c, at);
    if (actions.length) this.breachedWithActions.add(c.ob.index);
    const list = this.fired.get(c.lead.id);
    if (list) list.push(...actions);
    else this.fired.set(c.lead.id, [...actions]);
  }
  clockWarned(c: Clock, at: number): void {
    this.report.clockWarned(c, at);
    this.warnedAt.set(c, at);
  }
  responded(c: Clock, calendarMs: number, businessMs: number | null): void {
    this.report.responded(c, calendarMs, businessMs);
  }
  termFirstMatched(lead: LeadState, term: number, at: number, valueCents: number): void {
    this.report.termFirstMatched(lead, term, at, valueCents);
  }
  anomaly(
    kind: "assigned-while-away" | "reassign-no-rep" | "lead-recreated",
    owner: string | null,
    example: string,
  ): void {
    this.report.anomaly(kind, owner, example);
  }
}

/** An action as a test writes it: `reassign to ben`, `escalate to nobody`, `tag "late"`. */
export function actionText(a: ActionRecord): string {
  switch (a.type) {
    case "reassign":
    case "escalate":
      return `${a.type} to ${a.to ?? "nobody"}`;
    case "nurture":
      return `nurture ${JSON.stringify(a.campaign)}`;
    case "notify":
      return `notify ${JSON.stringify(a.url)}`;
    case "tag":
      return `tag ${JSON.stringify(a.label)}`;
  }
}

export function runTestFile(ir: IR, file: TestFile): FileResult {
  const seen = {
    segments: new Set<number>(),
    cells: new Set<string>(),
    started: new Set<number>(),
    actions: new Set<number>(),
  };
  const tests = file.tests.map((t) => runTest(ir, t, seen));
  const withActions = ir.obligations.filter((o) => o.onBreach.length > 0);
  const cells: string[] = [];
  if (ir.value) for (const p of ir.personas) for (const a of ir.actions) cells.push(`${p.name} x ${a.name}`);
  return {
    tests,
    coverage: {
      segments: {
        total: ir.segments.length,
        missed: ir.segments.filter((_, i) => !seen.segments.has(i)).map((s) => s.name),
      },
      obligations: {
        total: ir.obligations.length,
        missed: ir.obligations.filter((_, i) => !seen.started.has(i)).map((o) => o.id),
      },
      breachActions: {
        total: withActions.length,
        missed: withActions.filter((o) => !seen.actions.has(ir.obligations.indexOf(o))).map((o) => o.id),
      },
      valueCells: { total: cells.length, missed: cells.filter((c) => !seen.cells.has(c)) },
    },
  };
}

interface Seen {
  segments: Set<number>;
  cells: Set<string>;
  started: Set<number>;
  actions: Set<number>;
}

function runTest(ir: IR, test: TestCase, seen: Seen): TestResult {
  const report = new ReportBuilder(ir);
  const rec = new Recorder(report);
  const rt = new Runtime(ir, rec);
  const cl = rt.classifier;
  const terms = new Uint8Array(ir.terms.length);
  const failures: CheckFailure[] = [];
  let checks = 0;
  let first: number | null = null;
  let last: number | null = null;

  const observe = (leadId: string) => {
    const lead = rt.findLead(leadId);
    if (!lead) return;
    cl.evalTerms(lead.fields, terms);
    if (lead.segment >= 0) seen.segments.add(lead.segment);
    const p = cl.persona(lead.fields, terms);
    const a = cl.action(lead.fields, terms);
    if (ir.value && p >= 0 && a >= 0) seen.cells.add(`${ir.personas[p].name} x ${ir.actions[a].name}`);
  };

  // Events between two checks are applied in replay order (time, kind, line).
  let pending: Extract<Step, { kind: "event" }>[] = [];
  const flush = (upTo: number) => {
    pending.sort((x, y) => x.at - y.at || typeRank(x.event.type) - typeRank(y.event.type) || x.line - y.line);
    for (const s of pending) {
      const e = { ...s.event, id: `line ${s.line}`, at: s.at } as SlaEvent;
      const failure = rt.apply(e);
      // the parser only accepts events for leads created above, so this is a bug
      if (failure) throw new Error(`line ${s.line}: ${failure.message}`);
      first ??= s.at;
      last = s.at;
      if (e.type !== "rep.away") observe(e.lead);
    }
    pending = [];
    rt.advanceTo(upTo, true);
  };

  for (const step of test.steps) {
    if (step.kind === "event") {
      pending.push(step);
      continue;
    }
    if (step.kind === "advance") continue;
    flush(step.at);
    checks++;
    const [expected, got] = evaluate(step.check, step.at);
    if (expected !== got) failures.push({ line: step.line, source: step.source, expected, got });
  }
  flush(last ?? 0);
  for (const i of rec.started) seen.started.add(i);
  for (const i of rec.breachedWithActions) seen.actions.add(i);
  return { name: test.name, line: test.line, passed: failures.length === 0, checks, failures };

  function commitment(c: Extract<Check, { kind: "commitment" }>, at: number): [string, string] {
    const r = report.build(rt, {
      from: first,
      to: at,
      duplicates: 0,
      conflicts: 0,
      ignoredAfterUntil: 0,
      rejected: [],
      ignoredRows: new Map(),
    });
    const cm = r.commitments[c.commitment];
    const period = cm.periods.find((p) => p.period === c.period);
    const actual = period?.actual ?? 0;
    const show = (held: boolean, n: number) =>
      `${held ? "held" : "missed"} with ${cm.kind === "value" ? money(Math.round(n * 100)) : n}`;
    const gotHeld = period?.held ?? actual >= cm.goal;
    const wantActual = c.actual === null ? actual : cm.kind === "value" ? c.actual / 100 : c.actual;
    return [show(c.held, wantActual), show(gotHeld, actual)];
  }

  /** [expected, got] as text: equal when the check passes. */
  function evaluate(c: Check, at: number): [string, string] {
    const zone = ir.timezone;
    const t = (ms: number) => showTime(ms, zone);
    if (c.kind === "commitment") return commitment(c, at);
    const lead = rt.findLead(c.lead)!;
    cl.evalTerms(lead.fields, terms);
    switch (c.kind) {
      case "segment":
        return [c.name ?? "none", lead.segment >= 0 ? ir.segments[lead.segment].name : "none"];
      case "persona": {
        const p = cl.persona(lead.fields, terms);
        return [c.name ?? "none", p >= 0 ? ir.personas[p].name : "none"];
      }
      case "action": {
        const a = cl.action(lead.fields, terms);
        return [c.name ?? "none", a >= 0 ? ir.actions[a].name : "none"];
      }
      case "term": {
        const i = ir.terms.findIndex((x) => x.name === c.term);
        const holds = terms[i] === 1;
        return [`${c.holds ? "is" : "is not"} ${c.term}`, `${holds ? "is" : "is not"} ${c.term}`];
      }
      case "value":
        return [money(c.cents), money(cl.value(cl.persona(lead.fields, terms), cl.action(lead.fields, terms)))];
      case "owner":
        return [c.owner ?? "none", lead.owner ?? "none"];
      case "fired": {
        const fired = (rec.fired.get(c.lead) ?? []).map(actionText);
        return [c.actions.join(", ") || "nothing", fired.join(", ") || "nothing"];
      }
      case "obligation": {
        const clocks = rec.clocks.get(c.lead)?.get(c.obligation) ?? [];
        const clock = clocks[clocks.length - 1];
        const state = (): string => {
          if (!clock) return "not started";
          if (clock.state === "met") return `met at ${t(rec.metAt.get(clock)!)}`;
          if (clock.state === "breached") return `breached at ${t(rec.breachedAt.get(clock)!)}`;
          if (Number.isNaN(clock.runningSince)) return "paused";
          return `open due ${t(clock.due)}`;
        };
        const warned = clock ? rec.warnedAt.get(clock) : undefined;
        switch (c.state) {
          case "warned":
            return [
              c.at === null ? "warned" : `warned at ${t(c.at)}`,
              warned === undefined ? "not warned" : c.at === null ? "warned" : `warned at ${t(warned)}`,
            ];
          case "not warned":
            return ["not warned", warned === undefined ? "not warned" : `warned at ${t(warned)}`];
          case "not started":
          case "paused":
            return [c.state, state()];
          case "met":
          case "breached":
          case "open": {
            const got = state();
            const word = c.state === "open" ? "due" : "at";
            if (c.at !== null) return [`${c.state} ${word} ${t(c.at)}`, got];
            // without a time, only the state is compared
            return [c.state, got.startsWith(`${c.state} `) ? c.state : got];
          }
        }
        break;
      }
      default: {
        const never: never = c;
        return never;
      }
    }
    throw new Error("unreachable: every obligation state returns");
  }
}
