// Every spec in specs/ ships with tests (NAME.slatest) that pass, and that
// fail (exit 1) when any window or any segment condition of the spec changes:
// each window's number + 1; each segment condition negated, each of its
// top-level `and`/`or` parts dropped, each number in it + 1.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../cli/io.ts";
import { main } from "../../cli/main.ts";
import { compileSource } from "../../language/compile.ts";

const SPECS = [
  "specs/seeds/leanlabs.sla",
  "specs/seeds/madkudu.sla",
  "specs/seeds/salesloft.sla",
  "specs/seeds/square2.sla",
  "specs/seeds/weidert.sla",
  "specs/examples/inbound/inbound.sla",
  "specs/examples/bpic2012/bpic2012.sla",
  "specs/examples/helpdesk/helpdesk.sla",
];

async function slaTest(path: string): Promise<{ code: number; out: string }> {
  let out = "";
  const io: CliIO = { out: (s) => void (out += s), err: (s) => void (out += s), errIsTTY: false, cwd: process.cwd() };
  const code = await main(["test", path], io);
  return { code, out };
}

/** Top-level parts of a condition split on ` and ` / ` or ` outside parentheses and quotes. */
function topLevel(cond: string, op: "and" | "or"): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < cond.length; i++) {
    const c = cond[i];
    if (c === '"') quoted = !quoted;
    if (quoted) continue;
    if (c === "(") depth++;
    if (c === ")") depth--;
    if (depth === 0 && cond.startsWith(` ${op} `, i)) {
      parts.push(cond.slice(start, i));
      start = i + op.length + 2;
    }
  }
  parts.push(cond.slice(start));
  return parts;
}

interface Mutation {
  what: string;
  text: string;
}

function mutations(text: string): Mutation[] {
  const lines = text.split("\n");
  const out: Mutation[] = [];
  const withLine = (i: number, line: string, what: string) =>
    out.push({ what: `line ${i + 1}: ${what}`, text: [...lines.slice(0, i), line, ...lines.slice(i + 1)].join("\n") });
  lines.forEach((line, i) => {
    const w = /^((?:respond|cadence|expect)\b.*?\bwithin )(\d+(?:\.\d+)?)/.exec(line);
    if (w) withLine(i, line.replace(w[0], `${w[1]}${Number(w[2]) + 1}`), `window ${w[2]} -> ${Number(w[2]) + 1}`);
    const s = /^(segment \w+ when )(.*?)\s*(#.*)?$/.exec(line);
    if (!s) return;
    const [, head, cond] = s;
    withLine(i, `${head}not (${cond})`, `segment condition negated`);
    for (const op of ["and", "or"] as const) {
      const parts = topLevel(cond, op);
      if (parts.length > 1)
        for (const k of parts.keys())
          withLine(
            i,
            `${head}${parts.filter((_, j) => j !== k).join(` ${op} `)}`,
            `segment condition without "${parts[k]}"`,
          );
    }
    for (const m of cond.matchAll(/(?<![\w."])(\d+)(?![\w"])/g))
      withLine(
        i,
        head + cond.slice(0, m.index) + String(Number(m[1]) + 1) + cond.slice(m.index! + m[1].length),
        `segment number ${m[1]} -> ${Number(m[1]) + 1}`,
      );
  });
  return out;
}

describe("every spec's tests", () => {
  it.each(SPECS)("%s has tests, and they pass", async (spec) => {
    expect(existsSync(spec.replace(/\.sla$/, ".slatest"))).toBe(true);
    const r = await slaTest(spec);
    expect(r.out).toContain("0 failed");
    expect(r.code).toBe(0);
  });

  it.each(SPECS)("%s: changing any window or segment condition fails its tests", async (spec) => {
    const text = readFileSync(spec, "utf8");
    const dir = mkdtempSync(join(tmpdir(), "sla-mutant-"));
    const name = basename(spec, ".sla");
    copyFileSync(spec.replace(/\.sla$/, ".slatest"), join(dir, `${name}.slatest`));
    const ms = mutations(text);
    expect(ms.length).toBeGreaterThan(2);
    const survivors: string[] = [];
    for (const m of ms) {
      // the mutant is a valid SLA: its tests must fail on meaning, not on a compile error
      expect(compileSource(m.text).ir, m.what).not.toBeNull();
      writeFileSync(join(dir, `${name}.sla`), m.text);
      const r = await slaTest(join(dir, `${name}.slatest`));
      if (r.code !== 1 || !r.out.includes("expected:")) survivors.push(m.what);
    }
    expect(survivors).toEqual([]);
  });
});
