// `sla simulate` names the spec version that judged the report (issue 10 part
// 6): the SHA-256 of the spec's text, and its commit when clean in git.
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sla } from "../run-sla.ts";

const SPEC = "specs/examples/inbound/inbound.sla";
const EVENTS = "specs/examples/inbound/events.jsonl";
const sha = createHash("sha256").update(readFileSync(SPEC, "utf8"), "utf8").digest("hex");

describe("sla simulate names the spec version", () => {
  it("in JSON (specVersion), the table, Markdown and HTML", async () => {
    const json = JSON.parse((await sla("simulate", SPEC, "--events", EVENTS, "--format", "json")).out);
    expect(json.specVersion).toMatchObject({ file: SPEC, sha256: sha });
    const line = `Judged by ${SPEC} (sha256 ${sha.slice(0, 12)}`;
    expect((await sla("simulate", SPEC, "--events", EVENTS)).out).toContain(line);
    expect((await sla("simulate", SPEC, "--events", EVENTS, "--format", "html")).out).toContain(
      `<p class="version">${line}`,
    );
    expect((await sla("simulate", SPEC, "--events", EVENTS, "--format", "md")).out).toContain(
      "sha256 " + sha.slice(0, 12),
    );
  });

  it("a spec outside git has its hash and no commit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sla-version-"));
    const copy = join(dir, "inbound.sla");
    copyFileSync(SPEC, copy);
    const json = JSON.parse((await sla("simulate", copy, "--events", EVENTS, "--format", "json")).out);
    expect(json.specVersion).toEqual({ file: copy, sha256: sha, git: null });
  });
});
