// Exhaustive types: a value outside a union is a type error where it is
// switched on (assertNever), and lead flags beyond the first 32 terms and
// segments work like the first 32 (bitsets, not string keys).
import { describe, expect, it } from "vitest";
import { assertNever } from "../../engine/assert-never.ts";
import type { EventType, SlaEvent } from "../../engine/events.ts";
import type { ClockState, ObligationKind } from "../../engine/runtime.ts";
import { simulate } from "../../engine/simulate.ts";
import { compileSource } from "../../language/compile.ts";

describe("assertNever", () => {
  it("only accepts never: an unhandled member is a type error", () => {
    const kinds = (k: ObligationKind): string => {
      switch (k) {
        case "respond":
        case "cadence":
          return k;
        default:
          // @ts-expect-error "expect" is not handled
          return assertNever(k);
      }
    };
    expect(kinds("respond")).toBe("respond");
    expect(() => kinds("expect")).toThrow('unexpected value: "expect"');
    const states: ClockState[] = ["open", "met", "breached"];
    const tags: EventType[] = ["lead.created", "lead.updated", "lead.assigned", "touch", "rep.away", "custom"];
    expect(states.length + tags.length).toBe(9);
  });
  it("custom events narrow: name is there only on the custom tag", () => {
    const e: SlaEvent = { id: "e", at: 0, type: "custom", name: "demo.held", lead: "L" };
    expect(e.type === "custom" ? e.name : null).toBe("demo.held");
  });
});

describe("flags beyond 32 terms and segments", () => {
  const N = 40;
  const lines = ['sla "many"', "fields {", "  score: number", "}"];
  for (let i = 0; i < N; i++) lines.push(`define T${i} when score >= ${i}`);
  for (let i = N - 1; i >= 0; i--) lines.push(`segment s${i} when T${i}`);
  lines.push("respond to s36 within 5m", "respond to s39 within 5m", "respond to s3 within 5m");
  lines.push("marketing delivers 1 T35 per month", "marketing delivers 1 T2 per month");
  const r = compileSource(lines.join("\n") + "\n");
  if (!r.ir) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  const ir = r.ir;

  it("a segment entered twice starts its clocks once; a term matched twice counts once", () => {
    const t = (m: number) => Date.UTC(2027, 0, 4, 14, m);
    const up = (id: string, m: number, score: number): SlaEvent => ({
      id,
      at: t(m),
      type: "lead.updated",
      lead: "L1",
      fields: { score },
    });
    const report = simulate(ir, [
      { id: "c", at: t(0), type: "lead.created", lead: "L1", fields: { score: 36 } },
      up("u1", 1, 40),
      up("u2", 2, 36),
      up("u3", 3, 40),
      up("u4", 4, 3),
      up("u5", 5, 36),
    ]);
    const inScope = Object.fromEntries(report.obligations.map((o) => [o.segment, o.inScope]));
    expect(inScope).toEqual({ s36: 1, s39: 1, s3: 1 });
    expect(report.commitments.map((c) => [c.term, c.periods[0].actual])).toEqual([
      ["T35", 1],
      ["T2", 1],
    ]);
  });
});
