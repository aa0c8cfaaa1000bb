// The analysis worker's session, called directly (as the worker does), and
// the RPC that carries its answers to the page, over a MessageChannel.
import { readFileSync } from "node:fs";
import { MessageChannel } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { replayPrepared } from "../../engine/prepared.ts";
import { compileSource } from "../../language/compile.ts";
import { GeneratedSource } from "../../playground/src/simulator.ts";
import { API_METHODS, type PlaygroundApi } from "../../playground/src/worker/protocol.ts";
import { connect, expose, type Port } from "../../playground/src/worker/rpc.ts";
import { Session } from "../../playground/src/worker/session.ts";

const SKETCH = readFileSync(new URL("../../specs/examples/inbound/inbound.sla", import.meta.url), "utf8");
const DATA = { seed: 42, leads: 300, start: "2027-01-01", months: 3 };

describe("Session", () => {
  it("checks, then replays the current version: the same report as replayPrepared", async () => {
    const s = new Session(new GeneratedSource(DATA));
    const c = s.check(SKETCH, 1);
    expect(c).toMatchObject({ version: 1, ok: true, diagnostics: [] });
    const r = await s.simulate(1);
    expect(r.status).toBe("done");
    if (r.status !== "done") return;
    const ir = compileSource(SKETCH).ir!;
    expect(r.report).toEqual(replayPrepared(ir, new GeneratedSource(DATA).prepare(ir).events));
    expect(r.data.label).toBe("a generated quarter of inbound leads (seed 42)");
    expect(r.prepared).toBe(true);
    // the second replay of the same fields hits the cache
    s.check(SKETCH.replace("within 5m", "within 1h"), 2);
    const again = await s.simulate(2);
    expect(again.status === "done" && again.prepared).toBe(false);
  });

  it("a newer check supersedes a replay part-way (it gives the event loop a turn between chunks)", async () => {
    const s = new Session(new GeneratedSource(DATA), 500);
    s.check(SKETCH, 1);
    await s.simulate(1); // prepared and cached
    s.check(SKETCH, 2);
    const events = (await s.simulate(2)).status === "done";
    expect(events).toBe(true);
    s.check(SKETCH.replace("within 5m", "within 1h"), 3);
    const pending = s.simulate(3);
    // the edit after it arrives while it replays
    await new Promise((ok) => setTimeout(ok, 0));
    s.check(SKETCH.replace("within 5m", "within 2h"), 4);
    expect(await pending).toEqual({ status: "superseded", version: 3 });
    expect((await s.simulate(4)).status).toBe("done");
  });

  it("an older check arriving late does not replace the current text", async () => {
    const s = new Session(new GeneratedSource(DATA));
    s.check(SKETCH, 5);
    s.check("sla {", 4);
    expect(s.context().text).toBe(SKETCH);
    expect((await s.simulate(4)).status).toBe("superseded");
  });

  it("a spec with errors is not replayed, with a message", async () => {
    const s = new Session(new GeneratedSource(DATA));
    expect(s.check('sla "x" {', 1).ok).toBe(false);
    expect(await s.simulate(1)).toMatchObject({ status: "failed", message: "the SLA has errors" });
  });

  it("formats like sla fmt", () => {
    const s = new Session(new GeneratedSource(DATA));
    expect(s.format("sla {")).toEqual({ ok: false });
    const r = s.format(SKETCH.replace("respond to hand_raisers within 5m", "respond   to hand_raisers  within 5m"));
    expect(r).toEqual({ ok: true, text: SKETCH });
  });
});

describe("rpc", () => {
  function pair(): { remote: ReturnType<typeof connect<PlaygroundApi>>; close(): void } {
    const ch = new MessageChannel();
    expose(new Session(new GeneratedSource(DATA)), API_METHODS, ch.port1 as unknown as Port);
    return {
      remote: connect<PlaygroundApi>(ch.port2 as unknown as Port),
      close: () => {
        ch.port1.close();
        ch.port2.close();
      },
    };
  }

  it("carries requests and answers as plain data", async () => {
    const { remote, close } = pair();
    try {
      const c = await remote.check(SKETCH, 1);
      expect(c.ok).toBe(true);
      const r = await remote.simulate(1);
      expect(r.status).toBe("done");
      expect(r.status === "done" && r.report.events).toBeGreaterThan(1000);
    } finally {
      close();
    }
  });

  it("answers only the API's methods", async () => {
    const { remote, close } = pair();
    const any = remote as unknown as Record<string, () => Promise<unknown>>;
    try {
      for (const m of ["constructor", "setData", "context", "__proto__", "toString", "hasOwnProperty"])
        await expect(any[m]()).rejects.toThrow(`no method "${m}"`);
    } finally {
      close();
    }
  });
});

describe("rpc handle with the API's names", () => {
  it("has those names and no other (a library probing properties finds nothing)", async () => {
    const ch = new MessageChannel();
    expose(new Session(new GeneratedSource(DATA)), API_METHODS, ch.port1 as unknown as Port);
    const remote = connect<PlaygroundApi>(ch.port2 as unknown as Port, API_METHODS);
    try {
      const any = remote as unknown as Record<string, unknown>;
      expect("check" in remote).toBe(true);
      expect("_$litDirective$" in remote).toBe(false);
      expect(any._$litDirective$).toBeUndefined();
      expect(any.constructor).toBeUndefined();
      expect((await remote.check(SKETCH, 1)).ok).toBe(true);
    } finally {
      ch.port1.close();
      ch.port2.close();
    }
  });
});
