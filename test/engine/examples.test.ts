// The real-data examples in specs/examples (BPI Challenge 2012 loan
// applications, the Italian helpdesk) run end to end through the CLI: convert
// script, CSV mapping, `sla simulate --format json`. Calendar-time numbers are
// recomputed here from the raw CSVs by separate, calendar-free logic; the
// business-hours numbers are pinned as the engine computed them (see the
// examples' READMEs). The data sets live outside the repository, in
// ../shared/data; without them the simulation tests are skipped.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ObligationReport, SimReport } from "../../engine/result.ts";
import { writeBpicLeads } from "../../specs/examples/bpic2012/convert.ts";
import { writeHelpdeskTickets } from "../../specs/examples/helpdesk/convert.ts";
import { sla as runSla } from "../run-sla.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLES = join(ROOT, "specs/examples");
// SLA_EXAMPLES_DATA points elsewhere (e.g. a missing folder, to see the skips)
const DATA = resolve(ROOT, process.env.SLA_EXAMPLES_DATA ?? "../shared/data");
const BPIC_DATA = join(DATA, "bpic2012-loan-application-funnel");
const HELPDESK_DATA = join(DATA, "helpdesk-italian-company");
const HAVE_BPIC = existsSync(join(BPIC_DATA, "events.csv")) && existsSync(join(BPIC_DATA, "cases.csv"));
const HAVE_HELPDESK = existsSync(join(HELPDESK_DATA, "finale.csv"));
const skipped = (have: boolean, dir: string) => (have ? "" : ` (skipped: data set not found at ${dir})`);

const BPIC_SLA = join(EXAMPLES, "bpic2012/bpic2012.sla");
const HELPDESK_SLA = join(EXAMPLES, "helpdesk/helpdesk.sla");

const DAY = 86_400_000;

const sla = (args: string[]) => runSla(...args);

function obligation(r: SimReport, name: string): ObligationReport {
  const o = r.obligations.find((x) => x.name === name);
  if (!o) throw new Error(`no obligation ${name}; have ${r.obligations.map((x) => x.name).join(", ")}`);
  return o;
}

const counts = (o: { inScope: number; met: number; breached: number; pending: number }) => ({
  inScope: o.inScope,
  met: o.met,
  breached: o.breached,
  pending: o.pending,
});

/** Rows of a header-first CSV without quotes (both data sets are), as objects. */
function readCsv(path: string): Record<string, string>[] {
  const lines = readFileSync(path, "utf8").split(/\r?\n/);
  const header = lines[0].split(",");
  const out: Record<string, string>[] = [];
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    const cells = line.split(",");
    const row: Record<string, string> = {};
    header.forEach((h, i) => {
      if (!(h in row)) row[h] = cells[i];
    });
    out.push(row);
  }
  return out;
}

/** Nearest-rank percentile of ms values, in seconds (as the report gives them). */
function pct(ms: number[], p: number): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] / 1000;
}

/**
 * An `expect C within D after A` rule recomputed from (time, kind) lists per
 * lead: every start opens a clock; the first closing event after it meets the
 * clock if it comes by the due instant; otherwise the clock is breached if the
 * due instant is within the data (at or before `end`), else pending.
 */
function expectRule(perLead: Iterable<{ starts: number[]; closes: number[] }>, windowMs: number, end: number) {
  let met = 0;
  let breached = 0;
  let pending = 0;
  for (const { starts, closes } of perLead) {
    for (const s of starts) {
      if (closes.includes(s)) throw new Error("a closing event at the same instant as the start: order would matter");
      const c = closes.filter((t) => t > s).sort((a, b) => a - b)[0];
      const due = s + windowMs;
      if (c !== undefined && c <= due) met++;
      else if (due <= end) breached++;
      else pending++;
    }
  }
  return { inScope: met + breached + pending, met, breached, pending };
}

describe("the example .sla files", () => {
  for (const file of [BPIC_SLA, HELPDESK_SLA]) {
    const name = file.slice(EXAMPLES.length + 1);
    it(`${name}: sla check reports no errors and no warnings`, async () => {
      const r = await sla(["check", "--format", "json", file]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ files: 1, errors: 0, warnings: 0, diagnostics: [], fileErrors: [] });
      expect((await sla(["check", "--strict", file])).code).toBe(0);
    });
    it(`${name}: sla fmt --check passes`, async () => {
      const r = await sla(["fmt", "--check", file]);
      expect(r.err + r.out).toBe("");
      expect(r.code).toBe(0);
    });
  }
});

describe(`BPI Challenge 2012 example${skipped(HAVE_BPIC, BPIC_DATA)}`, () => {
  let dir = "";
  let report: SimReport;
  let run: { code: number; out: string; err: string };

  beforeAll(async () => {
    if (!HAVE_BPIC) return;
    dir = mkdtempSync(join(tmpdir(), "sla-bpic-"));
    const leads = writeBpicLeads(BPIC_DATA, join(dir, "leads.csv"));
    run = await sla([
      "simulate",
      BPIC_SLA,
      "--leads",
      leads,
      "--activities",
      join(BPIC_DATA, "events.csv"),
      "--map",
      join(EXAMPLES, "bpic2012/mapping.json"),
      "--format",
      "json",
    ]);
    if (run.code === 0) report = JSON.parse(run.out) as SimReport;
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!HAVE_BPIC)("replays every case and event row, with nothing rejected", () => {
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    expect(report.leads).toBe(13_087);
    // 13,087 lead.created + 8,209 lead.assigned (cases whose first work-item
    // START names a resource) + 71,376 touches (START rows) + 37,898 custom
    // events (A_PREACCEPTED, A_ACCEPTED, A_DECLINED, A_CANCELLED, A_APPROVED,
    // A_ACTIVATED, O_SENT, O_SENT_BACK rows), less the types no rule names
    // (O_SENT as offer.sent, A_ACTIVATED as app.activated): ignored and counted
    expect(report.events).toBe(13_087 + 8_209 + 71_376 + 37_898 - 7_030 - 2_246);
    expect(report.ignored?.eventTypes).toEqual([
      { name: "offer.sent", events: 7_030 },
      { name: "app.activated", events: 2_246 },
    ]);
    expect(report.rejected).toEqual({ count: 0, byCode: {}, rows: [] });
    expect(report.duplicates).toBe(0);
    expect(report.from).toBe("2011-09-30T22:38:44.546Z");
    expect(report.to).toBe("2012-03-14T15:04:46.192Z");
  });

  it.skipIf(!HAVE_BPIC)("calendar-time rules match a recount from the raw CSVs", () => {
    const cases = readCsv(join(BPIC_DATA, "cases.csv"));
    const rows = readCsv(join(BPIC_DATA, "events.csv"));
    const CUSTOM = new Set([
      "A_PREACCEPTED",
      "A_ACCEPTED",
      "A_DECLINED",
      "A_CANCELLED",
      "A_APPROVED",
      "A_ACTIVATED",
      "O_SENT",
      "O_SENT_BACK",
    ]);
    const byCase = new Map<string, { at: number; lifecycle: string; activity: string }[]>();
    let end = -Infinity;
    for (const c of cases) end = Math.max(end, Date.parse(c.reg_date));
    for (const r of rows) {
      const at = Date.parse(r.timestamp);
      if (r.lifecycle === "START" || CUSTOM.has(r.activity)) end = Math.max(end, at); // the rows the mapping turns into events
      let list = byCase.get(r.case_id);
      if (!list) byCase.set(r.case_id, (list = []));
      list.push({ at, lifecycle: r.lifecycle, activity: r.activity });
    }
    expect(new Date(end).toISOString()).toBe("2012-03-14T15:04:46.192Z");

    // expect app.accepted or app.declined or app.cancelled within 14d after app.preaccepted
    const closing = new Set(["A_ACCEPTED", "A_DECLINED", "A_CANCELLED"]);
    const decided = expectRule(
      [...byCase.values()].map((list) => ({
        starts: list.filter((e) => e.activity === "A_PREACCEPTED").map((e) => e.at),
        closes: list.filter((e) => closing.has(e.activity)).map((e) => e.at),
      })),
      14 * DAY,
      end,
    );
    expect(decided).toEqual({ inScope: 7_367, met: 6_793, breached: 569, pending: 5 });
    expect(
      counts(obligation(report, "expect app.accepted or app.declined or app.cancelled after app.preaccepted")),
    ).toEqual(decided);

    // large_applications: amount >= 20,000 and routed to a person at intake (the
    // event right after A_PARTLYSUBMITTED pre-accepts it or queues lead handling)
    const large: { reg: number; touches: number[] }[] = [];
    for (const c of cases) {
      const list = (byCase.get(c.case_id) ?? []).slice().sort((a, b) => a.at - b.at);
      const i = list.findIndex((e) => e.activity === "A_PARTLYSUBMITTED");
      const route = list[i + 1]?.activity;
      if (Number(c.amount_req) >= 20_000 && (route === "A_PREACCEPTED" || route === "W_Afhandelen leads")) {
        large.push({
          reg: Date.parse(c.reg_date),
          touches: list.filter((e) => e.lifecycle === "START").map((e) => e.at),
        });
      }
    }
    expect(large.length).toBe(2_527);

    // cadence large_applications 5 touches within 14d, from the lead's creation
    let met = 0;
    let breached = 0;
    let pending = 0;
    for (const { reg, touches } of large) {
      const fifth = touches.filter((t) => t >= reg)[4];
      const due = reg + 14 * DAY;
      if (fifth !== undefined && fifth <= due) met++;
      else if (due <= end) breached++;
      else pending++;
    }
    expect({ inScope: large.length, met, breached, pending }).toEqual({
      inScope: 2_527,
      met: 1_415,
      breached: 1_103,
      pending: 9,
    });
    expect(counts(obligation(report, "cadence large_applications"))).toEqual({
      inScope: 2_527,
      met: 1_415,
      breached: 1_103,
      pending: 9,
    });

    // first-response times of respond large_applications, in calendar time:
    // first work-item START after the application came in
    const firsts = large.flatMap(({ reg, touches }) => {
      const t = touches.filter((x) => x >= reg).sort((a, b) => a - b)[0];
      return t === undefined ? [] : [t - reg];
    });
    const rt = obligation(report, "respond large_applications").responseTimes.calendar;
    expect(rt).toMatchObject({
      count: firsts.length,
      p50: pct(firsts, 0.5),
      p90: pct(firsts, 0.9),
      p99: pct(firsts, 0.99),
    });
    expect(rt.count).toBe(2_527);
  });

  it.skipIf(!HAVE_BPIC)("business-hours obligations, commitments and owners as recorded in the README", () => {
    const large = obligation(report, "respond large_applications");
    expect(counts(large)).toEqual({ inScope: 2_527, met: 1_874, breached: 653, pending: 0 });
    expect(large.responseTimes.business).toMatchObject({ count: 2_527, p50: 3315.643, p90: 14518.582 });
    expect(large.held).toBe(false);
    const apps = obligation(report, "respond applications");
    expect(counts(apps)).toEqual({ inScope: 7_064, met: 6_381, breached: 683, pending: 0 });
    expect(apps.held).toBe(true);
    expect(counts(obligation(report, "respond fraud_review"))).toEqual({
      inScope: 67,
      met: 48,
      breached: 19,
      pending: 0,
    });
    expect(
      counts(obligation(report, "expect app.approved or app.declined or app.cancelled after offer.returned")),
    ).toEqual({
      inScope: 3_454,
      met: 2_645,
      breached: 749,
      pending: 60,
    });
    // the employee who breached the large-loan response most often, by share
    const worst = large.owners.filter((o) => o.met + o.breached >= 20).sort((a, b) => a.compliance! - b.compliance!)[0];
    expect(worst).toMatchObject({ owner: "emp11203", met: 31, breached: 39 });
    // 900 pre-accepted applications a month: only December 2011 falls short
    const preaccepted = report.commitments.find((c) => c.kind === "count")!;
    expect(preaccepted.periods.map((p) => [p.period, p.actual])).toEqual([
      ["2011-10", 969],
      ["2011-11", 991],
      ["2011-12", 804],
      ["2012-01", 965],
      ["2012-02", 1_123],
      ["2012-03", 0],
    ]);
  });
});

describe(`Helpdesk example${skipped(HAVE_HELPDESK, HELPDESK_DATA)}`, () => {
  let dir = "";
  let report: SimReport;
  let run: { code: number; out: string; err: string };

  beforeAll(async () => {
    if (!HAVE_HELPDESK) return;
    dir = mkdtempSync(join(tmpdir(), "sla-helpdesk-"));
    const tickets = writeHelpdeskTickets(HELPDESK_DATA, join(dir, "tickets.csv"));
    run = await sla([
      "simulate",
      HELPDESK_SLA,
      "--leads",
      tickets,
      "--activities",
      join(HELPDESK_DATA, "finale.csv"),
      "--map",
      join(EXAMPLES, "helpdesk/mapping.json"),
      "--format",
      "json",
    ]);
    if (run.code === 0) report = JSON.parse(run.out) as SimReport;
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!HAVE_HELPDESK)("replays every ticket and event row, with nothing rejected", () => {
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    expect(report.leads).toBe(4_580);
    // 4,580 lead.created + 4,576 lead.assigned + 10,043 touches (5,060 "Take in
    // charge ticket" + 4,983 "Resolve ticket") + 16,080 custom events (the
    // same 10,043 rows again, 1,463 "Wait" and 4,574 "Closed")
    // less the 1,463 "Wait" rows (ticket.waiting): no rule names them, so they are ignored and counted
    expect(report.events).toBe(4_580 + 4_576 + 10_043 + 16_080 - 1_463);
    expect(report.ignored?.eventTypes).toEqual([{ name: "ticket.waiting", events: 1_463 }]);
    expect(report.rejected).toEqual({ count: 0, byCode: {}, rows: [] });
    expect(report.duplicates).toBe(0);
    // timestamps without offset are read as UTC (see the README)
    expect(report.from).toBe("2010-01-13T08:40:25Z");
    expect(report.to).toBe("2014-01-03T13:20:58Z");
  });

  it.skipIf(!HAVE_HELPDESK)("calendar-time rules match a recount from the raw CSV", () => {
    const rows = readCsv(join(HELPDESK_DATA, "finale.csv"));
    const utc = (s: string) => Date.parse(`${s.replaceAll("/", "-").replace(" ", "T")}Z`);
    const MAPPED = new Set(["Take in charge ticket", "Resolve ticket", "Wait", "Closed"]);
    const tickets = new Map<
      string,
      { created: number; seriousness: string; answers: number[]; resolved: number[]; closed: number[] }
    >();
    let end = -Infinity;
    for (const r of rows) {
      const at = utc(r["Complete Timestamp"]);
      let t = tickets.get(r["Case ID"]);
      if (!t) {
        tickets.set(
          r["Case ID"],
          (t = { created: at, seriousness: r.seriousness_2, answers: [], resolved: [], closed: [] }),
        );
        end = Math.max(end, at);
      }
      if (MAPPED.has(r.Activity)) end = Math.max(end, at);
      if (r.Activity === "Take in charge ticket" || r.Activity === "Resolve ticket") t.answers.push(at);
      if (r.Activity === "Resolve ticket") t.resolved.push(at);
      if (r.Activity === "Closed") t.closed.push(at);
    }
    expect(tickets.size).toBe(4_580);
    expect(new Date(end).toISOString()).toBe("2014-01-03T13:20:58.000Z");

    // expect ticket.closed within 45d after ticket.resolved (every Resolve row
    // starts a clock, including the 88 logged twice in the same second)
    const closed = expectRule(
      [...tickets.values()].map((t) => ({ starts: t.resolved, closes: t.closed })),
      45 * DAY,
      end,
    );
    expect(closed).toEqual({ inScope: 4_983, met: 4_403, breached: 572, pending: 8 });
    expect(counts(obligation(report, "expect ticket.closed after ticket.resolved"))).toEqual(closed);

    // first-response times of respond tickets (all but seriousness 4), in calendar time
    const firsts = [...tickets.values()]
      .filter((t) => t.seriousness !== "Value 4")
      .flatMap((t) => (t.answers.length === 0 ? [] : [Math.min(...t.answers) - t.created]));
    const rt = obligation(report, "respond tickets").responseTimes.calendar;
    expect(rt).toMatchObject({
      count: firsts.length,
      p50: pct(firsts, 0.5),
      p90: pct(firsts, 0.9),
      p99: pct(firsts, 0.99),
    });
    expect(rt.count).toBe(4_373);
  });

  it.skipIf(!HAVE_HELPDESK)("business-hours obligations as recorded in the README", () => {
    expect(counts(obligation(report, "respond urgent_tickets"))).toEqual({
      inScope: 203,
      met: 149,
      breached: 54,
      pending: 0,
    });
    const tickets = obligation(report, "respond tickets");
    expect(counts(tickets)).toEqual({ inScope: 4_377, met: 2_526, breached: 1_851, pending: 0 });
    expect(tickets.responseTimes.business).toMatchObject({ count: 4_373, p50: 14_431, p90: 304_625 });
    expect(counts(obligation(report, "expect ticket.resolved after ticket.taken"))).toEqual({
      inScope: 5_060,
      met: 3_499,
      breached: 1_561,
      pending: 0,
    });
    expect(counts(obligation(report, "expect ticket.resolved after ticket.taken for urgent_tickets"))).toEqual({
      inScope: 236,
      met: 164,
      breached: 72,
      pending: 0,
    });
    const worst = [...tickets.owners].sort((a, b) => b.breached - a.breached)[0];
    expect(worst).toMatchObject({ owner: "agent2", met: 530, breached: 763 });
  });
});
