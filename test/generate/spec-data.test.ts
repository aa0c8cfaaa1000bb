// Sample data for any spec (issue 9, part 8): generate/spec.ts and
// `sla generate SPEC`. A fast-check property over generated specs: the events
// are schema-valid, replay without errors, and every segment is entered by
// some lead; on the seeds' real SLAs every term is matched and missed, every
// obligation is met and breached, touches land right around due instants.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import { makeEventDecoder } from "../../engine/ingest/decode.ts";
import { decodeLine } from "../../engine/ingest/jsonl.ts";
import { eventSchemaFor } from "../../engine/ingest/schema.ts";
import { compileClassifier, type Fields } from "../../engine/predicates.ts";
import { simulate } from "../../engine/simulate.ts";
import { generateJsonl } from "../../generate/index.ts";
import { candidateValues, fitsSketchModel, generateSpecEventObjects, generateSpecJsonl } from "../../generate/spec.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";
import { sla } from "../run-sla.ts";

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: Ajv,
) => Ajv;
const ROOT = new URL("../../", import.meta.url).pathname;

function compile(text: string): IR {
  const r = compileSource(text);
  if (!r.ir) throw new Error(`spec does not compile:\n${text}\n${JSON.stringify(r.diagnostics, null, 1)}`);
  return r.ir;
}
const seed = (name: string) => compile(readFileSync(`${ROOT}specs/seeds/${name}.sla`, "utf8"));

/** ajv validators per field declarations (the generated specs share theirs: compiled once) */
const validators = new Map<string, { ajv: Ajv; valid: ReturnType<Ajv["compile"]> }>();

/** Decodes every line (throws on the first bad one), checking it against the spec's event schema too. */
function decodeAll(ir: IR, jsonl: string): SlaEvent[] {
  const key = JSON.stringify(ir.fields);
  let v = validators.get(key);
  if (!v) {
    // one Ajv per schema: the schemas share their $id
    const ajv = new Ajv({ allowUnionTypes: true });
    addFormats(ajv);
    validators.set(key, (v = { ajv, valid: ajv.compile(eventSchemaFor(ir.fields)) }));
  }
  const { ajv, valid } = v;
  const decode = makeEventDecoder(ir);
  return jsonl
    .trimEnd()
    .split("\n")
    .map((line, i) => {
      if (!valid(JSON.parse(line))) throw new Error(`line ${i + 1} fails the schema: ${ajv.errorsText(valid.errors)}`);
      const e = decodeLine(decode, line);
      if (e === null || !("at" in e)) throw new Error(`line ${i + 1}: ${JSON.stringify(e)}`);
      return e;
    });
}

/** Segments each lead was in after any of its field changes (first match wins), by name. */
function segmentsEntered(ir: IR, events: SlaEvent[]): Set<string> {
  const cl = compileClassifier(ir);
  const terms = new Uint8Array(ir.terms.length);
  const leads = new Map<string, Fields>();
  const out = new Set<string>();
  for (const e of events) {
    if (e.type !== "lead.created" && e.type !== "lead.updated") continue;
    const f = leads.get(e.lead) ?? (Object.create(null) as Fields);
    for (const [k, v] of Object.entries(e.fields))
      if (v === null) delete f[k];
      else f[k] = v;
    leads.set(e.lead, f);
    cl.evalTerms(f, terms);
    const s = cl.segment(f, terms);
    if (s >= 0) out.add(ir.segments[s].name);
  }
  return out;
}

// ---------------------------------------------------------------- generated specs

const OPS = [">=", ">", "<", "<=", "=", "!="] as const;
const specArb = fc
  .record({
    zone: fc.constantFrom(null, "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"),
    calendar: fc.boolean(),
    segments: fc.integer({ min: 1, max: 4 }),
    otherwise: fc.boolean(),
    extras: fc.array(
      fc.record({
        kind: fc.constantFrom("none", "number", "money", "flag", "text", "term", "in"),
        op: fc.constantFrom(...OPS),
        n: fc.integer({ min: 0, max: 5000 }),
      }),
      { minLength: 5, maxLength: 5 },
    ),
    termOp: fc.constantFrom(...OPS),
    termN: fc.integer({ min: 1, max: 200 }),
    obligations: fc.array(fc.constantFrom("respond", "cadence", "expect"), { minLength: 1, maxLength: 5 }),
    window: fc.constantFrom("5m", "2h", "1d", "4 business hours", "2 business days"),
    team: fc.boolean(),
    pause: fc.boolean(),
  })
  .map((s) => {
    const names = Array.from({ length: s.segments }, (_, i) => `s${i}`);
    const extra = (i: number): string => {
      const x = s.extras[i];
      switch (x.kind) {
        case "number":
          return ` and employees ${x.op} ${x.n}`;
        case "money":
          return ` and arr ${x.op} $${x.n}`;
        case "flag":
          return x.n % 2 ? " and vip" : " and not vip";
        case "text":
          return ` and title contains "${["director", "vp", "@gmail.com"][x.n % 3]}"`;
        case "term":
          return x.n % 2 ? " and big" : " and not big";
        case "in":
          return ` and country in ("US", "CA")`;
        default:
          return "";
      }
    };
    const window = s.calendar ? s.window : s.window.includes("business") ? "8h" : s.window;
    const lines = [
      `sla "Generated"`,
      s.zone ? `timezone "${s.zone}"` : "",
      s.calendar ? `calendar business {\n  open mon-fri 09:00-17:30\n}` : "",
      `fields {\n  kind: one of "k0", "k1", "k2", "k3"\n  employees: number\n  arr: money\n  vip: yes/no\n  title: text\n  country: text\n  score: number\n  status: text\n}`,
      `define big when score ${s.termOp} ${s.termN}`,
      ...names.map((n, i) => `segment ${n} when kind = "k${i}"${extra(i)}`),
      s.otherwise ? "segment rest otherwise" : "",
      s.team ? "team reps {\n  members ana, bo, cy\n  manager max\n}" : "",
    ];
    const declared = new Set<string>();
    s.obligations.forEach((kind, i) => {
      const seg = names[i % names.length];
      const key = `${kind} ${kind === "expect" && i % 2 === 0 ? "" : seg}`;
      if (declared.has(key)) return; // one rule of a kind per segment
      declared.add(key);
      const breach = s.team ? "\n  on breach reassign round robin reps" : "";
      const pause = s.pause ? `\n  pause while status = "on hold"` : "";
      if (kind === "respond") lines.push(`respond to ${seg} within ${window}\n  target 90%${pause}${breach}`);
      else if (kind === "cadence") lines.push(`cadence ${seg} 3 touches within 5d\n  target 80%`);
      else
        lines.push(
          `expect meeting.held or meeting.dropped within ${window} after meeting.booked${i % 2 ? ` for ${seg}` : ""}`,
        );
    });
    return lines.filter((l) => l !== "").join("\n\n") + "\n";
  });

describe("generate for a spec: properties over generated specs", () => {
  it("events are schema-valid, replay without errors, and every segment is entered", () => {
    fc.assert(
      fc.property(specArb, fc.integer({ min: 0, max: 1000 }), (text, s) => {
        const ir = compile(text);
        const jsonl = generateSpecJsonl(ir, { seed: s, leads: 250, months: 2 });
        const events = decodeAll(ir, jsonl);
        const report = simulate(ir, events);
        expect(report.rejected.count).toBe(0);
        expect(report.leads).toBe(250);
        const entered = segmentsEntered(ir, events);
        for (const seg of ir.segments) expect([seg.name, entered.has(seg.name)]).toEqual([seg.name, true]);
        // owners are the spec's people
        if (ir.teams.length)
          for (const e of events) if (e.type === "lead.assigned") expect(["ana", "bo", "cy"]).toContain(e.owner);
        // the custom events are the ones its expect rules name
        const named = new Set(ir.obligations.flatMap((o) => (o.kind === "expect" ? [o.after, ...o.events] : [])));
        for (const e of events) if (e.type === "custom") expect(named.has(e.name)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it("is deterministic for a seed (and the seed matters)", () => {
    const ir = seed("madkudu");
    const a = generateSpecJsonl(ir, { seed: 5, leads: 300 });
    expect(generateSpecJsonl(ir, { seed: 5, leads: 300 })).toBe(a);
    expect(generateSpecJsonl(ir, { seed: 6, leads: 300 })).not.toBe(a);
    // objects and JSONL are the same events
    expect(generateSpecEventObjects(ir, { seed: 5, leads: 300 }).length).toBe(a.trimEnd().split("\n").length);
  });
});

describe("generate for a spec: the seeds' SLAs", () => {
  for (const name of ["madkudu", "leanlabs", "salesloft", "square2", "weidert"]) {
    it(`${name}: every term and segment matched and missed, every obligation met and breached`, () => {
      const ir = seed(name);
      expect(fitsSketchModel(ir)).toBe(false);
      const events = decodeAll(ir, generateSpecJsonl(ir, { seed: 1, leads: 1000 }));
      const report = simulate(ir, events);
      expect(report.rejected.count).toBe(0);
      for (const o of report.obligations) {
        expect([o.name, o.met > 0]).toEqual([o.name, true]);
        expect([o.name, o.breached > 0]).toEqual([o.name, true]);
      }
      expect([...segmentsEntered(ir, events)].sort()).toEqual(ir.segments.map((s) => s.name).sort());
      // each term held by some lead at creation and not by another
      const cl = compileClassifier(ir);
      const terms = new Uint8Array(ir.terms.length);
      const held = new Set<number>();
      const missed = new Set<number>();
      for (const e of events) {
        if (e.type !== "lead.created") continue;
        cl.evalTerms(e.fields as Fields, terms);
        for (const [i, v] of terms.entries()) (v ? held : missed).add(i);
      }
      for (let i = 0; i < ir.terms.length; i++)
        expect([ir.terms[i].name, held.has(i), missed.has(i)]).toEqual([ir.terms[i].name, true, true]);
    });
  }

  it("times touches right around the due instants, on the business calendar", () => {
    // one respond rule in calendar time: the first touch after each creation, relative to the window
    const ir = compile(`sla "Edges"
timezone "America/New_York"
fields {
  source: one of "demo", "web"
}
segment demos when source = "demo"
respond to demos within 30m
`);
    const events = generateSpecEventObjects(ir, { seed: 3, leads: 400 });
    const created = new Map<string, number>();
    const first = new Map<string, number>();
    for (const e of events) {
      if (e.type === "lead.created" && e.fields.source === "demo") created.set(e.lead, e.at);
      if (e.type === "touch" && created.has(e.lead) && !first.has(e.lead))
        first.set(e.lead, e.at - created.get(e.lead)!);
    }
    const W = 30 * 60_000;
    const justBefore = [...first.values()].filter((d) => d < W && d >= W - 2 * 60_000).length;
    const justAfter = [...first.values()].filter((d) => d > W && d <= W + 2 * 60_000).length;
    const never = [...created.keys()].filter((l) => !first.has(l)).length;
    expect(justBefore).toBeGreaterThan(5);
    expect(justAfter).toBeGreaterThan(5);
    expect(never).toBeGreaterThan(5);
    const report = simulate(ir, events);
    expect(report.obligations[0].met).toBeGreaterThan(0);
    expect(report.obligations[0].breached).toBeGreaterThan(0);
  });

  it("follows `by` filters, aliases and expect rules on built-in events", () => {
    const ir = compile(`sla "Which touches count"
timezone "America/Chicago"
fields {
  source: text
}
segment hot when source = "demo"
team sdr {
  members jen ("Jen Park", "jen@acme.com"), "Sam Lee", ana
}
respond to hot within 10m by call
cadence hot 4 touches within 5d by owner
expect touch within 1h after lead.assigned by call or meeting
`);
    const events = decodeAll(ir, generateSpecJsonl(ir, { seed: 2, leads: 600 }));
    const report = simulate(ir, events);
    expect(report.rejected.count).toBe(0);
    for (const o of report.obligations) {
      expect([o.name, o.met > 0]).toEqual([o.name, true]);
      expect([o.name, o.breached > 0]).toEqual([o.name, true]);
    }
    const touches = events.filter((e) => e.type === "touch");
    // touches that count for `by call` and some that do not
    expect(touches.some((e) => e.channel === "call")).toBe(true);
    expect(touches.some((e) => e.channel !== "call")).toBe(true);
    // owners sometimes written as the CRM would: an alias of the rep
    const owners = new Set(events.flatMap((e) => (e.type === "lead.assigned" ? [e.owner] : [])));
    expect(owners.has("Sam Lee")).toBe(true);
    expect([...owners].some((o) => o === "Jen Park" || o === "jen@acme.com")).toBe(true);
    // no custom event named like a built-in one
    expect(events.some((e) => e.type === "custom")).toBe(false);
  });

  it("candidate values sit at, below and above each threshold", () => {
    const ir = compile(`sla "T"
fields {
  score: number
  arr: money
  when_signed: date
}
define hot when score >= 60 and arr > $1,000 and when_signed < 2027-02-01
segment s when hot
`);
    const c = candidateValues(ir, "2027-01-01");
    expect(c.get("score")).toEqual(expect.arrayContaining([59, 60, 61]));
    expect(c.get("arr")).toEqual(expect.arrayContaining([99_900, 100_000, 100_100]));
    expect(c.get("when_signed")).toEqual(expect.arrayContaining(["2027-01-31", "2027-02-01", "2027-02-02"]));
    // money is written in dollars
    const created = generateSpecEventObjects(ir, { leads: 50 }).find((e) => e.type === "lead.created");
    expect(created && created.type === "lead.created" && typeof created.fields.arr).toBe("number");
  });
});

describe("sla generate SPEC", () => {
  const dir = mkdtempSync(join(tmpdir(), "sla-generate-spec-"));

  it("keeps the built-in model's bytes for the bundled example (it fits that model)", async () => {
    const spec = `${ROOT}specs/examples/inbound/inbound.sla`;
    expect(fitsSketchModel(compile(readFileSync(spec, "utf8")))).toBe(true);
    const r = await sla("generate", spec, "--seed", "7", "--leads", "200", "--months", "1");
    expect(r.code).toBe(0);
    expect(r.out).toBe(generateJsonl({ seed: 7, leads: 200, months: 1 }));
    // --model spec asks for the spec-shaped data instead
    const s = await sla("generate", spec, "--model", "spec", "--seed", "7", "--leads", "200", "--months", "1");
    expect(s.code).toBe(0);
    expect(s.out).not.toBe(r.out);
  });

  it("writes data shaped by any other spec, deterministic, that sla simulate replays", async () => {
    const spec = `${ROOT}specs/seeds/madkudu.sla`;
    const out = join(dir, "madkudu.jsonl");
    const r = await sla("generate", spec, "--seed", "9", "--leads", "300", "--out", out);
    expect([r.code, r.err]).toEqual([0, ""]);
    const text = readFileSync(out, "utf8");
    expect(text).toBe(generateSpecJsonl(seed("madkudu"), { seed: 9, leads: 300 }));
    expect(text).toContain('"fortune_100":');
    const again = await sla("generate", spec, "--seed", "9", "--leads", "300");
    expect(again.out).toBe(text);
    const sim = await sla("simulate", spec, "--events", out, "--format", "json");
    expect(sim.code).toBe(0);
    const report = JSON.parse(sim.out);
    expect(report.leads).toBe(300);
    expect(report.rejected.count).toBe(0);
    expect(report.breaches.length).toBeGreaterThan(0);
  });

  it("refuses options of the built-in model, a broken spec and a second argument", async () => {
    const spec = `${ROOT}specs/seeds/madkudu.sla`;
    const mix = await sla("generate", spec, "--mix", "1,1,1,1");
    expect(mix.code).toBe(2);
    expect(mix.err).toContain("--mix applies to the built-in inbound model only");
    const bad = join(dir, "bad.sla");
    writeFileSync(bad, 'sla "x"\nsegment a when nope >= 1\n');
    const broken = await sla("generate", bad);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/bad\.sla:2:\d+: error SLA\d+/);
    expect((await sla("generate", spec, spec)).code).toBe(2);
    expect((await sla("generate", "--model", "spec")).code).toBe(2);
    expect((await sla("generate", spec, "--model", "other")).code).toBe(2);
    expect((await sla("generate", spec, "--leads", "1.5")).code).toBe(2);
    expect((await sla("generate", "--help")).out).toContain("usage: sla generate [SPEC] [options]");
  });

  it("cleans up", () => rmSync(dir, { recursive: true, force: true }));
});
