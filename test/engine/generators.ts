// Generators shared by the replay's property tests and the live engine's
// equivalence tests: one parameterised spec and streams of lead histories.
import fc from "fast-check";
import { BUILTIN_TYPES, type SlaEvent } from "../../engine/events.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";

export const BASE = Date.parse("2027-03-08T05:00:00Z"); // Monday 00:00 EST, the week of the DST change
export const MIN = 60_000;

/** The source text of the generated spec. */
export function specSource(window: string, extra = ""): string {
  return `sla "p"
timezone "America/New_York"
calendar business {
  open mon-fri 09:00-17:30
  open sat 10:00-14:00
  closed 2027-03-10
}
fields {
  source: one of "demo", "trial"
  status: text
}
segment demos when source = "demo"
segment trials otherwise
team sdr {
  members ana, ben, chloe
  manager maria
}
respond to demos within ${window}
  warn at 50%
  pause while status = "waiting"
  on breach reassign round robin sdr, escalate to manager
respond to trials within ${window}
cadence demos 3 touches within ${window}
expect demo.held within ${window} after demo.started
${extra}`;
}

export function spec(window: string, extra = ""): IR {
  const r = compileSource(specSource(window, extra));
  if (!r.ir) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.ir;
}

export interface LeadPlan {
  created: number;
  source: "demo" | "trial";
  touches: number[];
  pauses: [number, number][];
  demos: [number, number | null][];
}

export const leadPlan = fc.record({
  created: fc.integer({ min: 0, max: 14 * 1440 }),
  source: fc.constantFrom("demo" as const, "trial" as const),
  touches: fc.array(fc.integer({ min: 0, max: 5 * 1440 }), { maxLength: 5 }),
  pauses: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * 1440 }), fc.integer({ min: 1, max: 2 * 1440 })), {
    maxLength: 2,
  }),
  demos: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * 1440 }), fc.option(fc.integer({ min: 0, max: 600 }))), {
    maxLength: 2,
  }),
});

export function events(plans: LeadPlan[], withIds = true): SlaEvent[] {
  const out: SlaEvent[] = [];
  let id = 0;
  // a dotted type that is not built in is a custom event (tag "custom", its name)
  const e = (at: number, type: string, rest: Record<string, unknown>) => {
    const tag = (BUILTIN_TYPES as readonly string[]).includes(type) ? { type } : { type: "custom", name: type };
    out.push({ id: withIds ? `e${++id}` : "", at: BASE + at * MIN, ...tag, ...rest } as SlaEvent);
  };
  e(0, "rep.away", { rep: "ben", until: BASE + 3 * 1440 * MIN });
  plans.forEach((p, i) => {
    const lead = `L${i}`;
    e(p.created, "lead.created", { lead, fields: { source: p.source }, owner: ["ana", "ben", "chloe"][i % 3] });
    for (const t of p.touches) e(p.created + t, "touch", { lead });
    for (const [a, len] of p.pauses) {
      e(p.created + a, "lead.updated", { lead, fields: { status: "waiting" } });
      e(p.created + a + len, "lead.updated", { lead, fields: { status: "working" } });
    }
    for (const [a, held] of p.demos) {
      e(p.created + a, "demo.started", { lead });
      if (held !== null) e(p.created + a + held, "demo.held", { lead });
    }
  });
  return out;
}

export const windows = fc.constantFrom("5m", "90m", "1d", "3 business hours", "45 business minutes", "2 business days");
