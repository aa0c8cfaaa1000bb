// The CSV parser decision (README, Decisions): engine/ingest/csv.ts against
// papaparse 5.7 on a generated 1M-row, ~117 MB Salesforce-style export with
// quoted commas, "" escapes and a quoted newline every 50 rows. Both parse
// the same 64 KiB chunks (how files are streamed); papaparse through its
// low-level Parser, carrying the unfinished tail to the next chunk, and
// counting each record's first line (our errors need it). Medians of 3 warm
// runs each, interleaved.
//   npx tsx bench/csv-parser.ts [ROWS]
import Papa from "papaparse";
import { CsvParser } from "../engine/ingest/csv.ts";

const ROWS = Number(process.argv[2] ?? 1_000_000);

function generate(): string {
  const sources = ["Web", "Trial Signup", "Webinar", "Partner Referral", "Other"];
  const parts = [
    "Lead ID,First Name,Last Name,Company,Title,Lead Source,Create Date,Lead Owner,No. of Employees,Annual Revenue,Description\n",
  ];
  for (let i = 0; i < ROWS; i++) {
    const id = `00Q8c00001${i.toString(36).padStart(5, "0")}`;
    const desc =
      i % 50 === 0 ? '"Called twice,\nleft ""voicemail"""' : i % 7 === 0 ? '"Met at booth, asked for pricing"' : "";
    parts.push(
      `${id},Jane,Smith${i % 100},"Acme ${i % 1000}, Inc.",VP Sales,${sources[i % 5]},${1 + (i % 12)}/${1 + (i % 28)}/2026 ${1 + (i % 12)}:${String(i % 60).padStart(2, "0")} PM,Jen Park,${(i % 5000) + 1},"$${(i % 900) + 1},000.00",${desc}\n`,
    );
  }
  return parts.join("");
}

const text = generate();
const CHUNK = 1 << 16;
const chunks: string[] = [];
for (let i = 0; i < text.length; i += CHUNK) chunks.push(text.slice(i, i + CHUNK));

function ours(): number {
  const p = new CsvParser();
  let n = 0;
  for (const c of chunks) n += p.push(c).length;
  return n + p.end().length;
}

type PapaParser = { parse(input: string, base: number, ignoreLast: boolean): Papa.ParseResult<string[]> };
const PapaParserClass = (Papa as unknown as { Parser: new (config: object) => PapaParser }).Parser;

function papa(): number {
  let n = 0;
  let line = 1;
  let tail = "";
  const rows = (data: string[][]) => {
    for (const cells of data) {
      for (const c of cells) for (let k = c.indexOf("\n"); k >= 0; k = c.indexOf("\n", k + 1)) line++;
      line++;
      n++;
    }
  };
  for (const c of chunks) {
    const input = tail + c;
    const r = new PapaParserClass({ delimiter: ",", newline: "\n" }).parse(input, 0, true);
    rows(r.data);
    tail = input.slice(r.meta.cursor);
  }
  const last = new PapaParserClass({ delimiter: ",", newline: "\n" }).parse(tail, 0, false);
  rows(last.data.filter((x) => !(x.length === 1 && x[0] === "")));
  // the last record's line, as ours reports it: checks the line count is right
  if (line - 1 !== text.split("\n").length - 1) throw new Error(`papaparse: ${line - 1} lines`);
  return n;
}

const times: Record<string, number[]> = { ours: [], papaparse: [] };
const runs: [string, () => number][] = [
  ["ours", ours],
  ["papaparse", papa],
];
for (const [, f] of runs) f(); // warm-up
for (let rep = 0; rep < 3; rep++)
  for (const [name, f] of runs) {
    const t0 = performance.now();
    const n = f();
    times[name].push(performance.now() - t0);
    if (n !== ROWS + 1) throw new Error(`${name}: ${n} records, expected ${ROWS + 1}`);
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
const m = { ours: median(times.ours), papaparse: median(times.papaparse) };
console.log(`${ROWS.toLocaleString("en-US")} rows, ${(text.length / 1e6).toFixed(0)} MB`);
console.log(`ours       ${m.ours.toFixed(0)} ms (runs ${times.ours.map((t) => t.toFixed(0)).join(", ")})`);
console.log(`papaparse  ${m.papaparse.toFixed(0)} ms (runs ${times.papaparse.map((t) => t.toFixed(0)).join(", ")})`);
console.log(`papaparse / ours: ${(m.papaparse / m.ours).toFixed(2)}x`);
