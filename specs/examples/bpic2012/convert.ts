// Builds the leads export for the BPI Challenge 2012 example: the data set's
// cases.csv plus two columns a CRM's leads export would carry and the raw log
// keeps only in events.csv:
//
//   intake  the route the loan system gave the application at submission,
//           decided automatically (by resource "112") within 2 minutes of
//           A_PARTLYSUBMITTED: "preaccepted" (A_PREACCEPTED), "lead handling"
//           (W_Afhandelen leads scheduled), "fraud check" (W_Beoordelen fraude
//           scheduled) or "declined" (A_DECLINED: no human ever works it).
//   owner   the employee who picked the application up: the resource of its
//           first work-item START, written `emp<id>` because team members in
//           an .sla are names (`emp11181`); empty when that START has no
//           resource in the log, or when no human ever worked the application.
//
// events.csv is used as it is (the mapping reads it directly).
//
//   npx tsx specs/examples/bpic2012/convert.ts [DATA_DIR] [OUT_FILE]
//
// DATA_DIR defaults to ../shared/data/bpic2012-loan-application-funnel (from
// the repository root), OUT_FILE to specs/examples/bpic2012/out/leads.csv
// (git-ignored). Output is deterministic: same rows, same order as cases.csv.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, "../../..");
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, "../shared/data/bpic2012-loan-application-funnel");
export const DEFAULT_OUT = resolve(HERE, "out/leads.csv");

/** The first event after A_PARTLYSUBMITTED -> the intake route. */
const INTAKE: Record<string, string> = {
  A_PREACCEPTED: "preaccepted",
  "W_Afhandelen leads": "lead handling",
  "W_Beoordelen fraude": "fraud check",
  A_DECLINED: "declined",
};

interface Row {
  resource: string;
  lifecycle: string;
  activity: string;
  at: number;
  order: number;
}

/** Rows of a header-first CSV without quoted fields (the BPIC 2012 files have none). */
function table(text: string, file: string, expected: string[]): string[][] {
  const lines = text.split(/\r?\n/);
  const header = lines[0].replace(/^\uFEFF/, "").split(",");
  if (header.join(",") !== expected.join(","))
    throw new Error(`${file}: expected the header ${expected.join(",")}, got ${header.join(",")}`);
  const out: string[][] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === "") continue;
    if (lines[i].includes('"')) throw new Error(`${file}:${i + 1}: quoted fields are not expected in this file`);
    const cells = lines[i].split(",");
    if (cells.length !== expected.length)
      throw new Error(`${file}:${i + 1}: expected ${expected.length} cells, got ${cells.length}`);
    out.push(cells);
  }
  return out;
}

/** leads.csv text from the texts of cases.csv and events.csv. */
export function bpicLeadsCsv(casesCsv: string, eventsCsv: string): string {
  const byCase = new Map<string, Row[]>();
  table(eventsCsv, "events.csv", ["case_id", "resource", "lifecycle", "activity", "timestamp"]).forEach(
    ([id, resource, lifecycle, activity, ts], order) => {
      const at = Date.parse(ts);
      if (Number.isNaN(at)) throw new Error(`events.csv: bad timestamp ${ts}`);
      let rows = byCase.get(id);
      if (!rows) byCase.set(id, (rows = []));
      rows.push({ resource, lifecycle, activity, at, order });
    },
  );
  const out = ["case_id,reg_date,amount_req,intake,owner"];
  for (const [regDate, id, amount] of table(casesCsv, "cases.csv", ["reg_date", "case_id", "amount_req"])) {
    const rows = (byCase.get(id) ?? []).sort((a, b) => a.at - b.at || a.order - b.order);
    const p = rows.findIndex((r) => r.activity === "A_PARTLYSUBMITTED");
    const next = p >= 0 ? rows[p + 1] : undefined;
    const intake = next ? (INTAKE[next.activity] ?? "") : "";
    const start = rows.find((r) => r.lifecycle === "START");
    const owner = start && start.resource !== "" ? `emp${start.resource}` : "";
    out.push([id, regDate, amount, intake, owner].join(","));
  }
  return out.join("\n") + "\n";
}

/** Reads DATA_DIR's cases.csv and events.csv and writes the leads export to `out`. */
export function writeBpicLeads(dataDir = DEFAULT_DATA_DIR, out = DEFAULT_OUT): string {
  const csv = bpicLeadsCsv(
    readFileSync(resolve(dataDir, "cases.csv"), "utf8"),
    readFileSync(resolve(dataDir, "events.csv"), "utf8"),
  );
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, csv);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = writeBpicLeads(
    process.argv[2] ? resolve(process.argv[2]) : undefined,
    process.argv[3] ? resolve(process.argv[3]) : undefined,
  );
  process.stdout.write(`wrote ${out}\n`);
}
