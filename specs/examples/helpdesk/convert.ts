// Builds the tickets export for the helpdesk example from the event log
// finale.csv (one row per event, 4,580 tickets): one row per ticket, as a
// ticketing system's export would list them.
//
//   ticket        Case ID
//   created       the ticket's first event ("Assign seriousness" for 4,384
//                 tickets, "Insert ticket" for 118, ...), as written in the log
//   seriousness   seriousness_2 on that first row ("Value 1" .. "Value 4"; the
//                 column "seriousness" is "Value 1" on every row)
//   service_level, service_type, workgroup, product, customer: on that first
//                 row (77 tickets change seriousness_2 later, 43 service_level;
//                 the export keeps what was known when the ticket came in)
//   owner         the agent who first took the ticket in charge (or resolved
//                 it, for tickets never taken in charge), written `agent<N>`
//                 for Resource "Value N", because team members in an .sla are
//                 names; empty when nobody did
//
// finale.csv itself is the activities export (the mapping reads it directly).
//
//   npx tsx specs/examples/helpdesk/convert.ts [DATA_DIR] [OUT_FILE]
//
// DATA_DIR defaults to ../shared/data/helpdesk-italian-company (from the
// repository root), OUT_FILE to specs/examples/helpdesk/out/tickets.csv
// (git-ignored). Output is deterministic: tickets in order of first appearance.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, "../../..");
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, "../shared/data/helpdesk-italian-company");
export const DEFAULT_OUT = resolve(HERE, "out/tickets.csv");

const HEADER =
  "Case ID,Activity,Resource,Complete Timestamp,Variant,Variant index,Variant,seriousness,customer,product,responsible_section,seriousness_2,service_level,service_type,support_section,workgroup";
/** Activities that answer a ticket (the mapping's touch rule). */
const ANSWERS = new Set(["Take in charge ticket", "Resolve ticket"]);

interface Ticket {
  first: string[];
  owner: string;
}

/** tickets.csv text from the text of finale.csv. */
export function helpdeskTicketsCsv(finaleCsv: string): string {
  const lines = finaleCsv.split(/\r?\n/);
  if (lines[0].replace(/^\uFEFF/, "") !== HEADER) throw new Error(`finale.csv: unexpected header ${lines[0]}`);
  const col = Object.fromEntries(HEADER.split(",").map((h, i) => [h, i])) as Record<string, number>;
  const tickets = new Map<string, Ticket>();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === "") continue;
    if (lines[i].includes('"')) throw new Error(`finale.csv:${i + 1}: quoted fields are not expected in this file`);
    const cells = lines[i].split(",");
    if (cells.length !== 16) throw new Error(`finale.csv:${i + 1}: expected 16 cells, got ${cells.length}`);
    const id = cells[0];
    let t = tickets.get(id);
    // yyyy/MM/dd HH:mm:ss.SSS sorts as text; the log lists each ticket's events in time order
    if (!t) tickets.set(id, (t = { first: cells, owner: "" }));
    else if (cells[col["Complete Timestamp"]] < t.first[col["Complete Timestamp"]])
      throw new Error(`finale.csv:${i + 1}: ${id} is not in time order`);
    if (t.owner === "" && ANSWERS.has(cells[col.Activity])) {
      const m = /^Value (\d+)$/.exec(cells[col.Resource]);
      if (m) t.owner = `agent${m[1]}`;
    }
  }
  const out = ["ticket,created,seriousness,service_level,service_type,workgroup,product,customer,owner"];
  for (const [id, { first, owner }] of tickets) {
    const f = (name: string) => first[col[name]];
    out.push(
      [
        id,
        f("Complete Timestamp"),
        f("seriousness_2"),
        f("service_level"),
        f("service_type"),
        f("workgroup"),
        f("product"),
        f("customer"),
        owner,
      ].join(","),
    );
  }
  return out.join("\n") + "\n";
}

/** Reads DATA_DIR's finale.csv and writes the tickets export to `out`. */
export function writeHelpdeskTickets(dataDir = DEFAULT_DATA_DIR, out = DEFAULT_OUT): string {
  const csv = helpdeskTicketsCsv(readFileSync(resolve(dataDir, "finale.csv"), "utf8"));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, csv);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = writeHelpdeskTickets(
    process.argv[2] ? resolve(process.argv[2]) : undefined,
    process.argv[3] ? resolve(process.argv[3]) : undefined,
  );
  process.stdout.write(`wrote ${out}\n`);
}
