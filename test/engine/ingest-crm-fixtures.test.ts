// Realistic HubSpot and Salesforce exports (test/fixtures/crm/, each with a
// README saying how every expected number was computed by hand) replayed
// through `sla simulate`, as a RevOps analyst would run it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { SimReport } from "../../engine/result.ts";
import { sla } from "../run-sla.ts";

const dir = (name: string) => fileURLToPath(new URL(`../fixtures/crm/${name}/`, import.meta.url));
const HS = dir("hubspot");
const SF = dir("salesforce");
const SEMI = dir("salesforce-semicolon");

/** The parts of a report the fixtures' READMEs compute by hand. */
function handComputed(r: SimReport) {
  return {
    events: r.events,
    leads: r.leads,
    from: r.from,
    to: r.to,
    ignoredRows: r.ignoredRows,
    rejected: r.rejected.count,
    obligations: r.obligations.map((o) => ({
      name: o.name,
      inScope: o.inScope,
      met: o.met,
      breached: o.breached,
      pending: o.pending,
      compliance: o.compliance,
      target: o.target,
      held: o.held,
    })),
    breaches: r.breaches.map((b) => ({
      lead: b.lead,
      name: b.name,
      start: b.start,
      due: b.due,
      owner: b.owner,
      actions: b.actions,
    })),
    warnings: r.warnings.length,
  };
}

const expected = (d: string) => JSON.parse(readFileSync(`${d}expected.json`, "utf8"));

async function simulate(...args: string[]): Promise<SimReport> {
  const r = await sla("simulate", ...args, "--format", "json", "--no-progress");
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as SimReport;
}

const hubspot = (...more: string[]) =>
  simulate(
    `${HS}inbound.sla`,
    "--leads",
    `${HS}contacts.csv`,
    "--activities",
    `${HS}activities.csv`,
    "--map",
    `${HS}map.json`,
    ...more,
  );
const salesforce = (d: string, ...more: string[]) =>
  simulate(
    `${SF}inbound.sla`,
    "--leads",
    `${d}leads.csv`,
    "--activities",
    `${d}activities.csv`,
    "--map",
    `${d}map.json`,
    ...more,
  );

describe("CRM fixtures: hand-computed reports", () => {
  it("HubSpot: contacts, activities and property history", async () => {
    const r = await hubspot("--history", `${HS}property-history.csv`);
    expect(handComputed(r)).toEqual(expected(HS));
  });

  it("Salesforce: Lead report (15-character ids), Tasks report (18-character ids), Lead History report", async () => {
    const r = await salesforce(SF, "--history", `${SF}history.csv`);
    expect(handComputed(r)).toEqual(expected(SF));
  });

  it("Salesforce re-saved by a German Excel (semicolons, day-first dates, decimal commas): the same report", async () => {
    const semi = await salesforce(SEMI, "--history", `${SEMI}history.csv`);
    expect(handComputed(semi)).toEqual(expected(SF));
    const forced = await salesforce(SEMI, "--history", `${SEMI}history.csv`, "--delimiter", ";");
    expect(handComputed(forced)).toEqual(expected(SF));
  });
});

describe("CRM fixtures: what the history, stage dates and owner mapping change (README, 'Why')", () => {
  it("Salesforce without the history file: Ava is hot from her creation and breaches", async () => {
    const r = await salesforce(SF);
    expect(r.breaches.map((b) => [b.lead, b.name])).toEqual([
      ["00Q5g00000Lk1AB", "respond hot"],
      ["00Q5g00000Lk2CD", "respond hot"],
      ["00Q5g00000Lk4GH", "respond mqls"],
    ]);
  });

  it("HubSpot without the owner table: Eve's breach hands her to jen, her own owner under another spelling", async () => {
    const bare = await simulate(
      `${HS}inbound.sla`,
      "--leads",
      `${HS}contacts.csv`,
      "--activities",
      `${HS}activities.csv`,
      "--history",
      `${HS}property-history.csv`,
      "--map",
      "hubspot",
    );
    // (the bare preset names no zone: the SLA's, the same one, is used)
    const eve = bare.breaches.find((b) => b.lead === "51234567805")!;
    expect([eve.owner, eve.actions]).toEqual(["81234567", [{ type: "reassign", to: "jen" }]]);
  });

  it("a delimiter that does not split the header is a located missing-column error", async () => {
    const r = await sla(
      "simulate",
      `${SF}inbound.sla`,
      "--leads",
      `${SEMI}leads.csv`,
      "--map",
      `${SEMI}map.json`,
      "--delimiter",
      ",",
      "--no-progress",
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/leads\.csv:1: none of the columns "Lead ID", "Id" for the lead id/);
  });

  it("--delimiter takes , ; tab or |", async () => {
    const r = await sla(
      "simulate",
      `${SF}inbound.sla`,
      "--leads",
      `${SF}leads.csv`,
      "--map",
      "salesforce",
      "--delimiter",
      "::",
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain("--delimiter: '::' is not a CSV delimiter (use , ; tab or |)");
  });
});

describe("CRM fixtures: no silent zeros", () => {
  it("a contacts export without the preset's lifecycle column says so in its first lines (EV507, EV550)", async () => {
    const r = await simulate(`${HS}inbound.sla`, "--leads", `${HS}contacts-other-columns.csv`, "--map", "hubspot");
    expect(r.obligations.every((o) => o.inScope === 0)).toBe(true);
    const fit = (r.dataFit ?? []).map((w) => w.code);
    expect(fit[0]).toBe("EV507");
    expect(fit).toContain("EV550");
    const missing = r.dataFit!.find((w) => w.code === "EV550" && w.field === "lifecycle_stage")!;
    expect(missing.message).toContain(
      'has no column "Lifecycle Stage" (mapping "leads.fields.lifecycle_stage.column") for field "lifecycle_stage"; did you mean "Lifecycle stage (contact)"?',
    );
    expect(r.dataFit![0].message).toContain('field "lifecycle_stage" was never set');
  });

  it("history rows for fields the mapping does not use are listed by name (EV551)", async () => {
    const r = await salesforce(SF, "--history", `${SF}history.csv`);
    expect(r.dataFit?.find((w) => w.code === "EV551")?.counts).toEqual([
      { name: "Created.", count: 1 },
      { name: "Phone", count: 1 },
    ]);
  });
});

describe("CRM fixtures: owners in two layers", () => {
  it("the mapping translates owner ids to names, the SLA's aliases names to reps: the same report", async () => {
    const r = await simulate(
      `${HS}inbound-aliases.sla`,
      "--leads",
      `${HS}contacts.csv`,
      "--activities",
      `${HS}activities.csv`,
      "--history",
      `${HS}property-history.csv`,
      "--map",
      `${HS}map-owner-ids.json`,
    );
    expect(handComputed(r)).toEqual(expected(HS));
    expect((r.dataFit ?? []).filter((w) => w.code === "EV506")).toEqual([]);
  });
});
