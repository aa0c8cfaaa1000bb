// `sla explain`: one lead's story agrees with the replay's own records, shows
// pauses and why each clock ended, and fails cleanly on bad input.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sla } from "../run-sla.ts";

const SPEC = "specs/examples/inbound/inbound.sla";
const EVENTS = "specs/examples/inbound/events.jsonl";
function events(lines: object[]): string {
  const path = join(mkdtempSync(join(tmpdir(), "sla-explain-")), "events.jsonl");
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  return path;
}

describe("sla explain", () => {
  it("agrees with the simulation's breach records for a lead of the bundled quarter", async () => {
    const sim = JSON.parse((await sla("simulate", SPEC, "--events", EVENTS, "--format", "json")).out);
    const breach = sim.breaches.find((b: { name: string }) => b.name === "respond hand_raisers");
    const r = await sla("explain", SPEC, "--events", EVENTS, "--lead", breach.lead, "--format", "json");
    expect(r.code).toBe(0);
    const x = JSON.parse(r.out);
    const clock = x.clocks.find((c: { obligation: string }) => c.obligation === "respond hand_raisers");
    expect(clock.state).toBe("breached");
    expect(x.spec).toMatchObject({ file: SPEC, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(clock.start.utc).toBe(breach.start);
    expect(clock.due.utc).toBe(breach.due);
    expect(clock.actions).toEqual(breach.actions);
    expect(x.events[0]).toMatchObject({
      type: "lead.created",
      segment: "hand_raisers",
      file: EVENTS,
      line: expect.any(Number),
    });
  });

  it("shows pauses, the due instant in the SLA's zone and in UTC, and why", async () => {
    const path = events([
      {
        id: "1",
        at: "2027-01-04T14:00:00Z",
        type: "lead.created",
        lead: "T1",
        fields: { source: "trial", employees: 80, country: "US", score: 60 },
      },
      {
        id: "2",
        at: "2027-01-04T15:00:00Z",
        type: "lead.updated",
        lead: "T1",
        fields: { status: "waiting on customer" },
      },
      { id: "3", at: "2027-01-05T15:00:00Z", type: "lead.updated", lead: "T1", fields: { status: null } },
      {
        id: "4",
        at: "2027-01-05T16:00:00Z",
        type: "lead.created",
        lead: "T2",
        fields: { source: "demo", employees: 80, country: "US" },
      },
      { id: "5", at: "2027-01-05T16:03:00Z", type: "touch", lead: "T2" },
      { id: "6", at: "2027-01-10T15:00:00Z", type: "touch", lead: "T1" },
    ]);
    const t1 = await sla("explain", SPEC, "--events", path, "--lead", "T1");
    expect(t1.code).toBe(0);
    expect(t1.out).toContain(
      [
        "  respond trials (24 business hours): BREACHED",
        "      started 2027-01-04 09:00:00 -05:00 (2027-01-04T14:00:00Z)",
        "      paused  2027-01-04 10:00:00 -05:00 (2027-01-04T15:00:00Z) until 2027-01-05 10:00:00 -05:00 (2027-01-05T15:00:00Z)",
        "      due     2027-01-07 16:00:00 -05:00 (2027-01-07T21:00:00Z)",
        "      why     no touch by the due instant 2027-01-07 16:00:00 -05:00",
        '      fired   nurture "Trial nurture"',
      ].join("\n"),
    );
    expect(t1.out).toContain("segment trials · terms MQL, VQL · value $4 (manager x content)");
    const t2 = JSON.parse((await sla("explain", SPEC, "--events", path, "--lead", "T2", "--format", "json")).out);
    expect(t2.clocks.map((c: { obligation: string; state: string }) => [c.obligation, c.state])).toEqual([
      ["respond hand_raisers", "met"],
      ["cadence hand_raisers", "pending"],
    ]);
    expect(t2.clocks[0].why).toBe(
      "touch at 2027-01-05 11:03:00 -05:00, not later than the due instant 2027-01-05 11:05:00 -05:00",
    );
  });

  it("an unknown lead, a bad event, usage errors: located messages, no stack trace", async () => {
    const path = events([{ id: "1", at: "2027-01-04T14:00:00Z", type: "lead.created", lead: "T1", fields: {} }]);
    const unknown = await sla("explain", SPEC, "--events", path, "--lead", "T2");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no lead "T2"');
    expect(unknown.err).toContain('did you mean "T1"?');
    const bad = events([
      { id: "1", at: "2027-01-04T14:00:00Z", type: "lead.created", lead: "T1", fields: { employees: "fifty" } },
    ]);
    const b = await sla("explain", SPEC, "--events", bad, "--lead", "T1");
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/events\.jsonl:1: /);
    expect((await sla("explain", SPEC, "--events", path)).code).toBe(2);
    expect((await sla("explain", SPEC, "--lead", "T1")).code).toBe(2);
    expect((await sla("explain", "--events", path, "--lead", "T1")).code).toBe(2);
    for (const r of [unknown, b]) expect(r.err).not.toContain("internal error");
  });
});
