// 2. Predicates vs json-rules-engine: the engine's compiled classification
// (terms, segment, persona, action) against json-rules-engine running the
// rules `sla compile --target json-rules-engine` emits, on the same generated
// leads, asserting identical results.

import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { compileClassifier, type Fields } from "../engine/predicates.ts";
import {
  classifyWithJsonRulesEngine,
  createJsonRulesEngine,
  type JreDocument,
  toJsonRulesEngine,
} from "../language/targets/json-rules-engine.ts";
import { inboundIr } from "./core.ts";
import { type BenchResult, type Ctx, newResult } from "./report.ts";
import { fmtMs, fmtRate, fmtRatio, interleave, median, repeatSync, runChild } from "./timing.ts";
import { INBOUND_SPEC, leadSnapshots, ROOT } from "./workloads.ts";

export async function run(ctx: Ctx): Promise<BenchResult> {
  const res = newResult("predicates", "2. Compiled predicates vs json-rules-engine (lead classification)");
  const ir = inboundIr();
  const nCompiled = ctx.quick ? 10_000 : 50_000;
  const nJre = ctx.quick ? 1_000 : 5_000;

  // the rules exactly as the CLI emits them
  const cli = await runChild(
    process.execPath,
    [join(ROOT, "cli", "bin", "sla.js"), "compile", INBOUND_SPEC, "--target", "json-rules-engine"],
    { timeoutMs: 60_000, cwd: ROOT },
  );
  if (cli.code !== 0) throw new Error(`sla compile --target json-rules-engine failed: ${cli.stderr.slice(0, 300)}`);
  const doc = JSON.parse(cli.stdout) as JreDocument;
  if (!isDeepStrictEqual(doc, JSON.parse(JSON.stringify(toJsonRulesEngine(ir)))))
    res.notes.push("the CLI's json-rules-engine export differs from toJsonRulesEngine(ir)");

  const snapshots = leadSnapshots(nCompiled, 7);
  // lead fields as the runtime keeps them: every declared field present (unset = undefined)
  const template: Fields = {};
  for (const k of Object.keys(ir.fields)) template[k] = undefined;
  const leads: Fields[] = snapshots.map((s) => Object.assign({ ...template }, s));

  const cl = compileClassifier(ir);
  const terms = new Uint8Array(cl.termNames.length);
  const seg = new Int16Array(leads.length);
  const per = new Int16Array(leads.length);
  const act = new Int16Array(leads.length);
  const classifyAll = () => {
    for (let i = 0; i < leads.length; i++) {
      const f = leads[i];
      cl.evalTerms(f, terms);
      seg[i] = cl.segment(f, terms);
      per[i] = cl.persona(f, terms);
      act[i] = cl.action(f, terms);
    }
  };

  const engine = createJsonRulesEngine(doc);
  const jreOut: { segment: string | null; persona: string | null; action: string | null }[] = [];
  const jreAll = async () => {
    jreOut.length = 0;
    for (let i = 0; i < nJre; i++) jreOut.push(await classifyWithJsonRulesEngine(engine, snapshots[i]));
  };

  ctx.log(`predicates: ${nCompiled} leads compiled, ${nJre} leads through json-rules-engine, 3 interleaved rounds`);
  let compiledBatches: number[] = [];
  const [compiled, jre] = await interleave(
    [
      {
        name: "compiled",
        run: () => {
          const b = repeatSync(classifyAll, { minMs: 300, minBatches: 5 });
          compiledBatches = compiledBatches.concat(b);
          return median(b);
        },
      },
      { name: "jre", run: jreAll },
    ],
    3,
    { warmup: 1 },
  );
  // per-lead times: compiled = median batch / leads; jre = median run / leads
  const compiledPerLead = median(compiledBatches) / leads.length;
  const compiledMinPerLead = Math.min(...compiledBatches) / leads.length;
  const jrePerLead = jre.median / nJre;
  const ratio = jrePerLead / compiledPerLead;

  // identical classifications on every lead json-rules-engine saw
  let mismatches = 0;
  let example = "";
  const name = (names: string[], i: number) => (i < 0 ? null : names[i]);
  for (let i = 0; i < nJre; i++) {
    const mine = {
      segment: name(cl.segmentNames, seg[i]),
      persona: name(cl.personaNames, per[i]),
      action: name(cl.actionNames, act[i]),
    };
    if (!isDeepStrictEqual(mine, jreOut[i])) {
      if (!mismatches)
        example = `lead ${JSON.stringify(snapshots[i])}: compiled ${JSON.stringify(mine)}, json-rules-engine ${JSON.stringify(jreOut[i])}`;
      mismatches++;
    }
  }
  const combos = new Set<string>();
  for (let i = 0; i < leads.length; i++) combos.add(`${seg[i]}/${per[i]}/${act[i]}`);

  res.rows.push({
    label: "leads (field snapshots after each change)",
    value: `${leads.length} compiled, ${nJre} json-rules-engine; ${combos.size} distinct segment/persona/action outcomes`,
  });
  res.rows.push({
    label: `compiled closures: ${leads.length} leads`,
    median: compiledPerLead * leads.length,
    min: compiledMinPerLead * leads.length,
    runs: compiledBatches.length,
    value: `${fmtRate(1000 / compiledPerLead, "leads")} (${fmtMs(compiledPerLead)}/lead)`,
  });
  res.rows.push({
    label: `json-rules-engine (awaited): ${nJre} leads`,
    median: jre.median,
    min: jre.min,
    runs: jre.ms.length,
    value: `${fmtRate(1000 / jrePerLead, "leads")} (${fmtMs(jrePerLead)}/lead)`,
  });
  res.rows.push({
    label: "identical classifications",
    value: mismatches === 0 ? `yes, all ${nJre}` : `NO: ${mismatches} of ${nJre} differ`,
  });
  if (mismatches) res.notes.push(`first mismatch: ${example}`);
  res.targets.push({
    label: "compiled predicates vs json-rules-engine",
    goal: ">= 100x faster",
    measured: `${fmtRatio(ratio)} faster${mismatches ? `, ${mismatches} MISMATCHES` : ", identical"}`,
    pass: ratio >= 100 && mismatches === 0,
  });
  res.data = {
    leads: leads.length,
    jreLeads: nJre,
    compiledNsPerLead: compiledPerLead * 1e6,
    jreNsPerLead: jrePerLead * 1e6,
    ratio,
    mismatches,
    compiledSamplesMs: compiled.ms,
    jreMs: jre.ms,
  };
  return res;
}
