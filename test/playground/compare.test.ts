// The Compare and Explain tabs' worker side, in Node: pinning refuses a spec
// with errors; the review of an edit against the pinned spec is what
// `sla diff --events --lenient --format json` prints on the same data (and
// its Markdown what `--format md` prints); the explanation of a lead is what
// `sla explain` prints; an unknown lead gets a did-you-mean; the current
// side's data-fit notices come with the review (EV507: no impact to show); a
// Salesforce id is found as ingest joins it (18 characters, never by case).
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageChannel } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { makeEventDecoder } from "../../engine/ingest/decode.ts";
import { decodeLine } from "../../engine/ingest/jsonl.ts";
import { prepareEvents } from "../../engine/prepared.ts";
import { Failure } from "../../engine/problems.ts";
import { reviewChange, reviewJson } from "../../engine/review-change.ts";
import { generateJsonl } from "../../generate/index.ts";
import { generateSpecJsonl } from "../../generate/spec.ts";
import { compileSource } from "../../language/compile.ts";
import type { IR } from "../../language/ir.ts";
import { CompareState, CURRENT_FILE, PINNED_FILE } from "../../playground/src/compare/compare.ts";
import type { FeatureContext, PreparedData } from "../../playground/src/compare/context.ts";
import { explainLead, leadIds, matchLead } from "../../playground/src/compare/explain-lead.ts";
import { sha256Hex } from "../../playground/src/compare/sha256.ts";
import { GeneratedSource, PLAYGROUND_DATA } from "../../playground/src/simulator.ts";
import { API_METHODS, type PlaygroundApi } from "../../playground/src/worker/protocol.ts";
import { connect, expose, type Port } from "../../playground/src/worker/rpc.ts";
import { Session } from "../../playground/src/worker/session.ts";
import { sla } from "../run-sla.ts";

const SPEC = "specs/examples/inbound/inbound.sla";
const EVENTS = "specs/examples/inbound/events.jsonl";
const TEXT = readFileSync(SPEC, "utf8");
const JSONL = readFileSync(EVENTS, "utf8");
const TIGHTER = TEXT.replace("within 24 business hours", "within 4 business hours");

/** A session context over the bundled events (JSONL), prepared per field declarations like a data source. */
function contextFor(text: string, jsonl = JSONL): FeatureContext & { prepared: number } {
  const cache = new Map<string, PreparedData>();
  const ir = compileSource(text).ir;
  const ctx = {
    text,
    ir,
    reportIr: ir,
    prepared: 0,
    data: { info: () => ({ label: EVENTS }) },
    async prepareFor(x: IR): Promise<PreparedData> {
      const key = JSON.stringify(x.fields);
      const hit = cache.get(key);
      if (hit) return hit;
      ctx.prepared++;
      const events = await prepareEvents(x, [jsonl], { file: EVENTS, lenient: true });
      const p: PreparedData = {
        events,
        *list() {
          const decode = makeEventDecoder(x);
          const lines = jsonl.split("\n");
          for (let i = 0; i < lines.length; i++) {
            const r = decodeLine(decode, lines[i]);
            if (r !== null && !(r instanceof Failure)) yield { event: r, file: EVENTS, line: i + 1 };
          }
        },
      };
      cache.set(key, p);
      return p;
    },
  };
  return ctx;
}

/** The CLI's JSON with the two sides named as the playground names them. */
function asPlayground(cliJson: string, oldText: string, newText: string): unknown {
  const j = JSON.parse(cliJson);
  const sha = (t: string) => createHash("sha256").update(t, "utf8").digest("hex");
  expect(j.versions.old.sha256).toBe(sha(oldText));
  expect(j.versions.new.sha256).toBe(sha(newText));
  j.versions = {
    old: { file: PINNED_FILE, sha256: sha(oldText), git: null },
    new: { file: CURRENT_FILE, sha256: sha(newText), git: null },
  };
  return j;
}

describe("sha256Hex", () => {
  it("is node:crypto's SHA-256 on UTF-8 text of any length", () => {
    for (const s of ["", "abc", "é€😀", "x".repeat(55), "y".repeat(56), "z".repeat(64), TEXT, TEXT.repeat(7)])
      expect(sha256Hex(s)).toBe(createHash("sha256").update(s, "utf8").digest("hex"));
  });
});

describe("pin", () => {
  it("refuses a spec with errors and keeps the previous baseline", () => {
    const c = new CompareState();
    expect(c.pin(TEXT, new Date("2026-11-30T15:00:00Z"))).toMatchObject({
      ok: true,
      pinned: { sha256: sha256Hex(TEXT), pinnedAt: "2026-11-30T15:00:00.000Z", text: TEXT },
    });
    const bad = TEXT.replace('source = "demo"\n', 'source = "demmo"\n');
    const r = c.pin(bad);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.message).toMatch(/^This version has an error \(first: line \d+: .*SLA\d+\): fix it before pinning/);
    expect(c.pinned()?.sha256).toBe(sha256Hex(TEXT));
    c.unpin();
    expect(c.pinned()).toBeNull();
  });

  it("compare says what is missing: no baseline, errors in the current text", async () => {
    const c = new CompareState();
    expect(await c.compare(contextFor(TEXT))).toEqual({ status: "unpinned" });
    c.pin(TEXT);
    const r = await c.compare(contextFor("sla"));
    expect(r.status).toBe("errors");
  });
});

describe("compare is sla diff --events --lenient on the same data", () => {
  for (const [name, after] of [
    ["a tighter window", TIGHTER],
    ["no change", TEXT],
    ["a new field (each side prepared for its fields)", TEXT.replace(/\nfields\s*\{/, "\nfields {\n  region: text\n")],
  ] as const)
    it(name, async () => {
      const c = new CompareState();
      c.pin(TEXT);
      const ctx = contextFor(after);
      const r = await c.compare(ctx);
      if (r.status !== "done") throw new Error(`status ${r.status}`);
      expect(ctx.prepared).toBe(after.includes("region: text") ? 2 : 1);
      const file = join(mkdtempSync(join(tmpdir(), "sla-cmp-")), "new.sla");
      writeFileSync(file, after);
      const json = await sla("diff", SPEC, file, "--events", EVENTS, "--lenient", "--format", "json");
      expect(json.code, json.err).toBe(0);
      expect(JSON.parse(JSON.stringify(r.review))).toEqual(asPlayground(json.out, TEXT, after));
      const md = await sla("diff", SPEC, file, "--events", EVENTS, "--lenient", "--format", "md");
      const renamed = md.out.replace(
        /_Compared .*? \(sha256 (\w+)(?:, git \w+)?\) with .*? \(sha256 (\w+)\)_/,
        `_Compared ${PINNED_FILE} (sha256 $1) with ${CURRENT_FILE} (sha256 $2)_`,
      );
      expect(r.markdown).toBe(renamed);
    });

  it("a tighter window: more breaches and lower compliance on respond trials", async () => {
    const c = new CompareState();
    c.pin(TEXT);
    const r = await c.compare(contextFor(TIGHTER));
    if (r.status !== "done") throw new Error(r.status);
    const trials = r.review.obligations.find((o) => o.name === "respond trials")!;
    expect(trials.after!.compliance!).toBeLessThan(trials.before!.compliance!);
    expect(r.review.newBreaches.length).toBeGreaterThan(0);
    expect(r.review.changes.map((x) => x.text)).toEqual(["respond to trials: 24 business hours -> 4 business hours"]);
    expect(r.data).toBe(EVENTS);
    expect(r.ms).toBeGreaterThan(0);
  });

  it("data that are not for the current spec: the change list and why there is no impact", async () => {
    const other = [
      'sla "other"',
      "fields {",
      "  region: text",
      "}",
      'segment eu when region = "EU"',
      "respond to eu within 1h",
      "",
    ].join("\n");
    const c = new CompareState();
    c.pin(TEXT);
    const r = await c.compare(contextFor(other));
    if (r.status !== "no-impact") throw new Error(r.status);
    expect(r.message).toMatch(/the data are not for the current SLA: .* \(EV507\)$/);
    expect(r.changes.length).toBeGreaterThan(0);
    expect(r.markdown).toContain("_Impact not computed: ");
  });
});

describe("compare in the worker: steps, supersession, the baseline's replay kept", () => {
  it("one baseline, several edits: each review is reviewChange's (the baseline's replay is reused)", async () => {
    const c = new CompareState(4096);
    c.pin(TEXT);
    const base = compileSource(TEXT).ir!;
    for (const edit of [TIGHTER, TEXT.replace("within 5m", "within 1m"), TEXT]) {
      const ctx = contextFor(edit);
      const r = await c.compare(ctx);
      if (r.status !== "done") throw new Error(r.status);
      const p = await ctx.prepareFor(ctx.ir!);
      const expected = reviewChange(
        { ir: base, version: { file: PINNED_FILE, sha256: sha256Hex(TEXT), git: null } },
        { ir: ctx.ir!, version: { file: CURRENT_FILE, sha256: sha256Hex(edit), git: null } },
        (await ctx.prepareFor(base)).events,
        p.events,
        { lenient: true },
      );
      if (!expected.ok) throw new Error("no impact");
      expect(r.review).toEqual(reviewJson(expected.review));
    }
  });

  it("a newer edit during the replay: superseded (the replay yields between chunks)", async () => {
    const c = new CompareState(1000);
    c.pin(TEXT);
    let turns = 0;
    const r = await c.compare(contextFor(TIGHTER), () => ++turns >= 3);
    expect(r).toEqual({ status: "superseded" });
    expect(turns).toBe(3);
    // not stale: done, after yielding once per 1000 events
    let yields = 0;
    const done = await c.compare(contextFor(TIGHTER), () => ++yields < 0);
    expect(done.status).toBe("done");
    expect(yields).toBeGreaterThanOrEqual(19);
  });
});

describe("explain is sla explain on the same data", () => {
  it("a lead that newly breaches: the CLI's text, spec named by its hash", async () => {
    const c = new CompareState();
    c.pin(TEXT);
    const ctx = contextFor(TIGHTER);
    const r = await c.compare(ctx);
    if (r.status !== "done") throw new Error(r.status);
    const id = r.review.newBreaches[0].lead;
    const x = await explainLead(ctx, id);
    if (x.status !== "done") throw new Error(x.status);
    const file = join(mkdtempSync(join(tmpdir(), "sla-exp-")), "new.sla");
    writeFileSync(file, TIGHTER);
    const cli = await sla("explain", file, "--events", EVENTS, "--lead", id);
    expect(cli.code, cli.err).toBe(0);
    expect(x.text).toBe(cli.out.replace(file, CURRENT_FILE));
    expect(x.text).toContain("BREACHED");
    expect(x.stale).toBe(false);
  });

  it("an unknown lead: a did-you-mean, as the CLI gives", async () => {
    const ctx = contextFor(TEXT);
    const x = await explainLead(ctx, "L2x3");
    expect(x).toMatchObject({ status: "unknown", suggestion: "L23" });
    if (x.status === "unknown") expect(x.message).toBe(`No lead "L2x3" in ${EVENTS} (did you mean "L23"?)`);
    expect((await explainLead(ctx, "  ")).status).toBe("failed");
  });

  it("the spec has errors: the last version that compiled explains, marked stale", async () => {
    const ctx = { ...contextFor(TEXT), text: "sla", ir: null };
    const x = await explainLead(ctx, "L23");
    expect(x).toMatchObject({ status: "done", stale: true });
  });

  it("lead ids for the search box: prefix matches first, then substring", async () => {
    const ctx = contextFor(TEXT);
    const ids = await leadIds(ctx, "L23", 5);
    expect(ids[0]).toBe("L23");
    expect(ids.every((i) => i.includes("L23"))).toBe(true);
    expect(ids.length).toBe(5);
    expect(await leadIds(ctx, "nope")).toEqual([]);
  });
});

describe("the worker's session: pin, edit, compare and explain on the generated quarter", () => {
  // the playground's own data, written out as JSONL for the CLI (the events are the sketch's fields: none dropped)
  const dir = mkdtempSync(join(tmpdir(), "sla-session-"));
  const QUARTER = "generated quarter";
  const at = (name: string) => join(dir, name);
  writeFileSync(join(dir, QUARTER), generateJsonl(PLAYGROUND_DATA));
  writeFileSync(join(dir, "old.sla"), TEXT);
  writeFileSync(join(dir, "new.sla"), TIGHTER);

  it("compare is sla diff on the quarter; explain of a new breach is sla explain; over the RPC", async () => {
    const session = new Session(new GeneratedSource(PLAYGROUND_DATA));
    const { port1, port2 } = new MessageChannel();
    expose(session, API_METHODS, port1 as unknown as Port);
    const api = connect<PlaygroundApi>(port2 as unknown as Port);
    try {
      expect(await api.compare()).toEqual({ status: "unpinned" });
      await api.check(TEXT, 1);
      expect((await api.simulate(1)).status).toBe("done");
      const pinned = await api.pin(TEXT);
      expect(pinned).toMatchObject({ ok: true, pinned: { sha256: sha256Hex(TEXT) } });
      expect(await api.pinned()).toMatchObject({ text: TEXT });
      await api.check(TIGHTER, 2);
      const r = await api.compare();
      if (r.status !== "done") throw new Error(r.status);
      expect(r.data).toBe("a generated quarter of inbound leads (seed 42)");
      const cli = await sla(
        "diff",
        at("old.sla"),
        at("new.sla"),
        "--events",
        at(QUARTER),
        "--lenient",
        "--format",
        "json",
      );
      expect(cli.code, cli.err).toBe(0);
      expect(JSON.parse(JSON.stringify(r.review))).toEqual(asPlayground(cli.out, TEXT, TIGHTER));
      expect(r.review.newBreaches.length).toBeGreaterThan(0);

      const id = r.review.newBreaches[0].lead;
      const x = await api.explain(id);
      if (x.status !== "done") throw new Error(x.status);
      const ex = await sla("explain", at("new.sla"), "--events", at(QUARTER), "--lead", id);
      expect(ex.code, ex.err).toBe(0);
      expect(x.text).toBe(
        ex.out.replace(`Spec ${at("new.sla")}`, `Spec ${CURRENT_FILE}`).replaceAll(at(QUARTER), QUARTER),
      );

      // a pinned text with errors is refused; the baseline stays
      const refused = await api.pin("sla {");
      expect(refused.ok).toBe(false);
      expect((await api.pinned())?.sha256).toBe(sha256Hex(TEXT));
      await api.unpin();
      expect(await api.compare()).toEqual({ status: "unpinned" });
      expect(await api.leadIds(id)).toContain(id);
    } finally {
      port1.close();
      port2.close();
    }
  });
});

describe("a pasted spec on data generated for it", () => {
  // the generated events are timed on the spec's own windows: each side must replay the same (the pinned spec's)
  const HELPDESK = readFileSync("specs/examples/helpdesk/helpdesk.sla", "utf8");
  const FASTER = HELPDESK.replace(
    "respond to urgent_tickets within 1 business hour",
    "respond to urgent_tickets within 30m",
  );

  it("both sides replay the pinned spec's generated quarter: sla diff on that quarter", async () => {
    expect(FASTER).not.toBe(HELPDESK);
    const session = new Session(new GeneratedSource(PLAYGROUND_DATA));
    session.check(HELPDESK, 1);
    session.pin(HELPDESK);
    session.check(FASTER, 2);
    const r = await session.compare();
    if (r.status !== "done") throw new Error(r.status);
    expect(r.data).toBe("a quarter generated for the pinned SLA (seed 42)");
    expect(r.review.changes.map((c) => c.text)).toEqual(["respond to urgent_tickets: 1 business hour -> 30m"]);
    const dir = mkdtempSync(join(tmpdir(), "sla-pasted-"));
    const base = compileSource(HELPDESK).ir!;
    const { seed, leads, months } = PLAYGROUND_DATA;
    writeFileSync(join(dir, "q.jsonl"), generateSpecJsonl(base, { seed, leads, months }));
    writeFileSync(join(dir, "old.sla"), HELPDESK);
    writeFileSync(join(dir, "new.sla"), FASTER);
    const cli = await sla(
      "diff",
      join(dir, "old.sla"),
      join(dir, "new.sla"),
      "--events",
      join(dir, "q.jsonl"),
      "--lenient",
      "--format",
      "json",
    );
    expect(cli.code, cli.err).toBe(0);
    expect(JSON.parse(JSON.stringify(r.review))).toEqual(asPlayground(cli.out, HELPDESK, FASTER));
    expect(r.review.newBreaches.length).toBeGreaterThan(0);
  });
});

describe("on uploaded data (the Data tab)", () => {
  it("compare and explain on an uploaded JSONL are sla diff and sla explain on that file", async () => {
    const session = new Session(new GeneratedSource(PLAYGROUND_DATA));
    session.check(TEXT, 1);
    const loaded = await session.loadData([{ role: "events", file: new File([JSONL], "events.jsonl") }], null);
    expect(loaded).toMatchObject({ ok: true });
    session.pin(TEXT);
    session.check(TIGHTER, 2);
    const r = await session.compare();
    if (r.status !== "done") throw new Error(r.status);
    expect(r.data).toBe("events.jsonl");
    const file = join(mkdtempSync(join(tmpdir(), "sla-upload-")), "new.sla");
    writeFileSync(file, TIGHTER);
    const cli = await sla("diff", SPEC, file, "--events", EVENTS, "--lenient", "--format", "json");
    expect(JSON.parse(JSON.stringify(r.review))).toEqual(asPlayground(cli.out, TEXT, TIGHTER));
    const id = r.review.newBreaches[0].lead;
    const x = await session.explain(id);
    if (x.status !== "done") throw new Error(x.status);
    const ex = await sla("explain", file, "--events", EVENTS, "--lead", id);
    expect(x.text).toBe(
      ex.out.replace(`Spec ${file}`, `Spec ${CURRENT_FILE}`).replaceAll(`[${EVENTS}:`, "[events.jsonl:"),
    );
  });
});

describe("compare shows how the data fit the current SLA (QA: a spec no lead fits read as good news)", () => {
  // every obligation scoped to a segment no lead of the data enters (a value the data never has)
  const UNFIT = TEXT.replace('"whitepaper"\n', '"whitepaper", "partner"\n')
    .replace('VQL and source = "demo"', 'source = "partner"')
    .replace('VQL and source = "trial"', 'source = "partner"')
    .replace(/expect demo\.held[^\n]*\n[^\n]*\n/, "");

  it("no lead in scope of the current SLA: the review is done, and fit.noScope says why (EV507)", async () => {
    expect(UNFIT).not.toContain("expect demo.held");
    const c = new CompareState();
    c.pin(TEXT);
    const r = await c.compare(contextFor(UNFIT));
    if (r.status !== "done") throw new Error(r.status);
    // what used to be shown alone: breaches that "disappear", compliance "-> –"
    expect(r.review.goneBreaches.length).toBeGreaterThan(0);
    expect(r.fit.noScope).toMatch(/\S/);
    expect(r.fit.items[0]).toMatchObject({ code: "EV507", tone: "why", new: true, text: r.fit.noScope });
    expect(r.fit.items.some((i) => i.code === "EV503" && i.new)).toBe(true);
    // a notice the pinned side has too, with other counts, is not new (owners in no team)
    expect(r.fit.items.find((i) => i.code === "EV506")).toMatchObject({ new: false });
  });

  it("data that fit: no notice marked new, no noScope", async () => {
    const c = new CompareState();
    c.pin(TEXT);
    const r = await c.compare(contextFor(TIGHTER));
    if (r.status !== "done") throw new Error(r.status);
    expect(r.fit.noScope).toBeNull();
    expect(r.fit.items.filter((i) => i.new)).toEqual([]);
  });

  it("a renamed field on the generated quarter: the current side's EV502/EV503 notices, marked new", async () => {
    const session = new Session(new GeneratedSource(PLAYGROUND_DATA));
    session.check(TEXT, 1);
    session.pin(TEXT);
    session.check(TEXT.replaceAll("source", "origin"), 2);
    const r = await session.compare();
    if (r.status !== "done") throw new Error(r.status);
    expect(r.review.goneBreaches.length).toBeGreaterThan(0);
    const fresh = r.fit.items.filter((i) => i.new).map((i) => i.code);
    expect(fresh).toContain("EV502");
    expect(fresh).toContain("EV503");
    expect(r.fit.items.find((i) => i.code === "EV502")?.text).toBe('field "origin" was never set on any lead');
  });

  it("no impact (the data are not for the current SLA): the current side's notices come along", async () => {
    const other = [
      'sla "other"',
      "fields {",
      "  region: text",
      "}",
      'segment eu when region = "EU"',
      "respond to eu within 1h",
      "",
    ];
    const c = new CompareState();
    c.pin(TEXT);
    const r = await c.compare(contextFor(other.join("\n")));
    if (r.status !== "no-impact") throw new Error(r.status);
    expect(r.fit.noScope).toMatch(/\S/);
    expect(r.fit.items[0].code).toBe("EV507");
  });
});

describe("explain finds a Salesforce id as ingest joins it (engine/ingest/lead-ids.ts)", () => {
  const ID15 = "00Q5g00000Lk2CD";
  const ID18 = "00Q5g00000Lk2CDEAZ";
  // the bundled events with lead L23 renamed to a Salesforce id
  const SF = JSONL.replaceAll('"lead":"L23"', `"lead":"${ID15}"`);

  it("matchLead: exact first; the 18-character form joins; a letter-case change or a bad checksum is only near", () => {
    const ids = ["L1", ID15, "L2"];
    expect(matchLead(ID15, ids)).toEqual({ status: "found", id: ID15 });
    expect(matchLead(ID18, ids)).toMatchObject({ status: "found", id: ID15 });
    // checksum letters are compared ignoring case, as ingest does
    expect(matchLead(`${ID15}eaz`, ids)).toMatchObject({ status: "found", id: ID15 });
    // the data hold the 18-character id, the 15-character one is typed
    expect(matchLead(ID15, ["L1", ID18])).toMatchObject({ status: "found", id: ID18 });
    expect(matchLead(ID15.toLowerCase(), ids)).toMatchObject({ status: "near", near: ID15 });
    expect(matchLead(ID18.toLowerCase(), ids)).toMatchObject({ status: "near", near: ID15 });
    expect(matchLead(`${ID15}AAA`, ids)).toMatchObject({ status: "near", near: ID15 });
    expect(matchLead("l1", ids)).toEqual({ status: "none" });
    expect(matchLead("00Q5g00000Zz2CD", ids)).toEqual({ status: "none" });
  });

  it("an 18-character id explains its 15-character lead: the same text as the lead's own id, with a note", async () => {
    const ctx = contextFor(TEXT, SF);
    const own = await explainLead(ctx, ID15);
    if (own.status !== "done") throw new Error(own.status);
    expect(own.note).toBeUndefined();
    const x = await explainLead(ctx, ID18);
    if (x.status !== "done") throw new Error(x.status);
    expect(x.lead).toBe(ID15);
    expect(x.text).toBe(own.text);
    expect(x.note).toBe(`"${ID18}" is the 18-character form of Salesforce id "${ID15}"`);
  });

  it("a different-case id is not joined (another Salesforce record): a did-you-mean that says why", async () => {
    const ctx = contextFor(TEXT, SF);
    const x = await explainLead(ctx, ID15.toLowerCase());
    if (x.status !== "unknown") throw new Error(x.status);
    expect(x.suggestion).toBe(ID15);
    expect(x.message).toBe(
      `No lead "00q5g00000lk2cd" in ${EVENTS}: lead "${ID15}" differs from it only in letter case, and Salesforce ids ` +
        `are case-sensitive (a spreadsheet may have changed the case), so it is another record (did you mean "${ID15}"?)`,
    );
    const bad = await explainLead(ctx, `${ID15}AAA`);
    expect(bad).toMatchObject({ status: "unknown", suggestion: ID15 });
    if (bad.status === "unknown") expect(bad.message).toContain('are not their checksum (expected "EAZ")');
  });

  it("the search box's suggestions: the lead an 18-character or different-case id names comes first", async () => {
    const ctx = contextFor(TEXT, SF);
    expect((await leadIds(ctx, ID18))[0]).toBe(ID15);
    expect((await leadIds(ctx, ID15.toLowerCase()))[0]).toBe(ID15);
    // typing past the 15 characters still offers it
    expect(await leadIds(ctx, `${ID15}E`)).toContain(ID15);
    expect(await leadIds(ctx, "00Q5g")).toEqual([ID15]);
  });
});
