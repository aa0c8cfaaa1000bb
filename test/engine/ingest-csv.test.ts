import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CsvParser,
  type CsvRecord,
  detectDelimiter,
  parseCsv,
  parseCsvText,
  readCsvTable,
} from "../../engine/ingest/csv.ts";
import { IngestError, type Rejected } from "../../engine/ingest/errors.ts";

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
function chunked(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(text.slice(prev, c));
    prev = c;
  }
  out.push(text.slice(prev));
  return out;
}
const cells = (text: string) => parseCsvText(text).map((r) => r.cells);

describe("CSV parsing", () => {
  it("reads plain and quoted fields", () => {
    expect(cells("a,b,c\n1,2,3\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
    expect(cells('"a","b,c","d""e"\n')).toEqual([["a", "b,c", 'd"e']]);
    expect(cells('"",x,""""\n')).toEqual([["", "x", '"']]);
  });

  it("keeps newlines inside quotes and reports each record's first line", () => {
    const recs = parseCsvText('h1,h2\n"line one\nline two",x\r\n"a\r\nb\n\nc",y\nlast,z');
    expect(recs).toEqual([
      { line: 1, cells: ["h1", "h2"] },
      { line: 2, cells: ["line one\nline two", "x"] },
      { line: 4, cells: ["a\r\nb\n\nc", "y"] },
      { line: 8, cells: ["last", "z"] },
    ]);
  });

  it("handles CRLF, bare CR, a missing final newline, and trailing empty cells", () => {
    expect(cells("a,b\r\n1,2\r\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(cells("a,b\r1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(cells("a,b\n1,")).toEqual([
      ["a", "b"],
      ["1", ""],
    ]);
    expect(cells("a,b\n,\n")).toEqual([
      ["a", "b"],
      ["", ""],
    ]);
    expect(cells('a,"b"')).toEqual([["a", "b"]]);
    expect(cells('a,"b"\r\n')).toEqual([["a", "b"]]);
  });

  it("yields blank lines as one empty cell, and nothing for empty input", () => {
    expect(cells("a\n\nb\n")).toEqual([["a"], [""], ["b"]]);
    expect(cells("")).toEqual([]);
  });

  it("drops a byte-order mark", () => {
    expect(cells('\uFEFF"Lead ID",x\n')).toEqual([["Lead ID", "x"]]);
  });

  it("tolerates stray quotes as spreadsheets do", () => {
    expect(cells('5" screen,x\n')).toEqual([['5" screen', "x"]]);
    expect(cells('"abc"def,x\n')).toEqual([["abcdef", "x"]]);
  });

  it("throws for a quote that is never closed, naming its line", () => {
    const p = new CsvParser();
    p.push('a,b\n1,"open\nmore\n');
    expect(() => p.end()).toThrow("unterminated quoted field (the quote opened on line 2 is never closed)");
  });

  it("resumes between the two quotes of an escaped quote and between CR and LF", async () => {
    const text = 'a,"x""y"\r\n"q",2\r\n';
    for (let i = 0; i <= text.length; i++) {
      const recs = await collect(parseCsv([text.slice(0, i), text.slice(i)]));
      expect(recs, `split at ${i}`).toEqual([
        { line: 1, cells: ["a", 'x"y'] },
        { line: 2, cells: ["q", "2"] },
      ]);
    }
  });

  it("round-trips random rows however the text is chunked", async () => {
    const cell = fc.string({
      unit: fc.constantFrom("a", "Z", " ", ",", '"', "\n", "\r", "\r\n", "é", "1"),
      maxLength: 8,
    });
    const needsQuotes = (c: string) => /[",\r\n]/.test(c) || c === "";
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 4 })
          .chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 6 })),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (rows, crlf, finalNewline, cuts) => {
          const eol = crlf ? "\r\n" : "\n";
          // quote a cell when it needs it (an empty one too: a lone empty cell would be a blank line), and sometimes when not
          const lines = rows.map((r) =>
            r.map((c, i) => (needsQuotes(c) || i % 2 === 1 ? `"${c.replace(/"/g, '""')}"` : c)).join(","),
          );
          const text = lines.join(eol) + (finalNewline ? eol : "");
          const recs: CsvRecord[] = await collect(parseCsv(chunked(text, cuts)));
          expect(recs.map((r) => r.cells)).toEqual(rows);
          // line numbers: each record starts one line after the previous one ends
          let line = 1;
          recs.forEach((r, i) => {
            expect(r.line).toBe(line);
            line += (lines[i].match(/\r\n|\n|\r(?!\n)/g) ?? []).length - countBareCRInQuotes(lines[i]) + 1;
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** Bare CRs inside quoted cells are not line ends for the line count (only LF is). */
function countBareCRInQuotes(line: string): number {
  return (line.match(/\r(?!\n)/g) ?? []).length;
}

describe("readCsvTable", () => {
  it("reads a header and rows, skipping blank lines", async () => {
    const t = await readCsvTable(["\n Lead ID ,Name\n1,Ann\n\n2,Bob\n"], { file: "l.csv", lenient: false });
    expect(t.header).toEqual(["Lead ID", "Name"]);
    expect(t.headerLine).toBe(2);
    expect(await collect(t.rows)).toEqual([
      { line: 3, cells: ["1", "Ann"] },
      { line: 5, cells: ["2", "Bob"] },
    ]);
  });

  it("strict: a row with the wrong number of cells is an error with its line", async () => {
    const t = await readCsvTable(['a,b\n1,2\n"x\ny",2,3\n'], { file: "l.csv", lenient: false });
    const err = await collect(t.rows).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).message).toBe("l.csv:3: expected 2 cells (as in the header), found 3");
  });

  it("lenient: reports bad rows and goes on", async () => {
    const rejected: Rejected[] = [];
    const t = await readCsvTable(["a,b\n1\n1,2\n1,2,3\n4,5"], {
      file: "l.csv",
      lenient: true,
      onReject: (r) => rejected.push(r),
    });
    expect((await collect(t.rows)).map((r) => r.line)).toEqual([3, 5]);
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, "expected 2 cells (as in the header), found 1"],
      [4, "expected 2 cells (as in the header), found 3"],
    ]);
  });

  it("an empty file or an unterminated quote is always an error", async () => {
    await expect(readCsvTable(["", "\n"], { file: "e.csv", lenient: true })).rejects.toThrow(
      "e.csv:1: empty file (expected a header row)",
    );
    const t = await readCsvTable(['a,b\n1,"2\n'], { file: "u.csv", lenient: true });
    await expect(collect(t.rows)).rejects.toThrow(
      "u.csv:2: unterminated quoted field (the quote opened on line 2 is never closed)",
    );
  });

  it("is fast enough", async () => {
    const row = 'L123456,"Smith, Jane",2027-01-04 14:03:00,Web,"Acme ""Corp""",1200\n';
    const text = "id,name,created,source,company,employees\n" + row.repeat(100_000);
    const chunks = chunked(
      text,
      Array.from({ length: Math.ceil(text.length / (1 << 20)) }, (_, i) => (i + 1) << 20),
    );
    const t0 = performance.now();
    let n = 0;
    for await (const r of parseCsv(chunks)) n += r.cells.length;
    const ms = performance.now() - t0;
    expect(n).toBe(600_006);
    expect(ms).toBeLessThan(3000); // about 100 ms here; generous for a busy machine
  });
});

describe("delimiters", () => {
  it("detects comma, semicolon and tab from the header row, outside quotes", () => {
    expect(detectDelimiter("a,b,c\n1;2;3\n")).toBe(",");
    expect(detectDelimiter("Lead ID;Create Date;Lead Owner\r\n")).toBe(";");
    expect(detectDelimiter("\uFEFFLead ID\tCreate Date\n")).toBe("\t");
    expect(detectDelimiter('"Name, full";"Owner, primary";x\n')).toBe(";");
    expect(detectDelimiter("\n\nid;at\n")).toBe(";");
    expect(detectDelimiter("id\n")).toBe(",");
    expect(detectDelimiter("")).toBe(",");
    // pipe-delimited exports (some data warehouses' unloads)
    expect(detectDelimiter("Lead ID|Create Date|Lead Owner\n")).toBe("|");
    expect(detectDelimiter('"a|b",c,d\n')).toBe(",");
  });

  it("parses with another delimiter, quotes and chunk boundaries included", async () => {
    const text = 'a;"b;c";"d""e"\r\n1;2,5;"x\ny"\r\n';
    for (let i = 0; i <= text.length; i++) {
      const recs = await collect(parseCsv([text.slice(0, i), text.slice(i)], ";"));
      expect(recs, `split at ${i}`).toEqual([
        { line: 1, cells: ["a", "b;c", 'd"e'] },
        { line: 2, cells: ["1", "2,5", "x\ny"] },
      ]);
    }
    expect(parseCsvText("a\tb\n1\t2\n", "\t").map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("readCsvTable detects the delimiter even when the header spans chunks; an explicit one wins", async () => {
    const t = await readCsvTable(["Lead", " ID;Crea", "te Date\n00Q1;1", ".3.2026\n"], {
      file: "l.csv",
      lenient: false,
    });
    expect(t.delimiter).toBe(";");
    expect(t.header).toEqual(["Lead ID", "Create Date"]);
    expect(await collect(t.rows)).toEqual([{ line: 2, cells: ["00Q1", "1.3.2026"] }]);
    const forced = await readCsvTable(["a;b,c\n1;2,3\n"], { file: "l.csv", lenient: false, delimiter: "," });
    expect(forced.header).toEqual(["a;b", "c"]);
    // a row that splits differently is still located
    const bad = await readCsvTable(["a;b\n1;2;3\n"], { file: "s.csv", lenient: false });
    await expect(collect(bad.rows)).rejects.toThrow("s.csv:2: expected 2 cells (as in the header), found 3");
  });

  it("keeps error codes and lines with a semicolon delimiter", async () => {
    const t = await readCsvTable(['a;b\n1;"2\n'], { file: "u.csv", lenient: true });
    const err = await collect(t.rows).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).code).toBe("EV301");
    expect((err as IngestError).line).toBe(2);
  });
});
