import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import { IngestError, type Rejected } from "../../engine/ingest/errors.ts";
import {
  type CsvStats,
  csvActivityEvents,
  csvLeadEvents,
  loadMapping,
  type Mapping,
  PRESETS,
} from "../../engine/ingest/mapping.ts";
import type { IR } from "../../language/ir.ts";

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/ingest/${name}`, import.meta.url)), "utf8");
const leadsCsv = fixture("leads.csv");
const activitiesCsv = fixture("activities.csv");
const mapJson = fixture("map.json");

const ir: Pick<IR, "fields"> = {
  fields: {
    source: { type: "enum", values: ["demo", "trial", "webinar", "whitepaper"] },
    employees: { type: "number" },
    title: { type: "text" },
    arr: { type: "money" },
    status: { type: "text" },
  },
};

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
/** The text in chunks of n characters. */
const pieces = (text: string, n: number) =>
  Array.from({ length: Math.ceil(text.length / n) }, (_, i) => text.slice(i * n, i * n + n));
const utc = (s: string) => Date.parse(s);

function mapping(json: unknown = mapJson): Mapping {
  return loadMapping(json, PRESETS, "map.json");
}

describe("loadMapping", () => {
  it("loads the presets by name", () => {
    for (const name of Object.keys(PRESETS)) {
      const m = loadMapping(name, PRESETS);
      expect(m.name).toBe(name);
      expect(m.activities).not.toBeNull();
      expect(m.leads.fields.map((f) => f.field)).toEqual(
        expect.arrayContaining(["source", "title", "employees", "arr", "status"]),
      );
    }
    const sf = loadMapping({ extends: "salesforce" }, PRESETS);
    expect(sf.leads.id.names).toEqual(["Lead ID", "Id"]);
    expect(sf.leads.fields.find((f) => f.field === "employees")?.column).toMatchObject({
      names: ["No. of Employees"],
      required: false,
    });
    const hs = loadMapping("hubspot", PRESETS);
    expect(hs.activities?.lead.names).toEqual(["Associated Contact ID", "Associated Contact IDs", "Record ID"]);
  });

  it("lets a file extend a preset: its entries win and are required", () => {
    const m = mapping();
    expect(m.name).toBe("map.json (extends salesforce)");
    expect(m.leads.time.timezone).toBe("America/New_York");
    expect(m.leads.time.timeFormats[0]).toBe("M/d/yyyy, h:mm a");
    const source = m.leads.fields.find((f) => f.field === "source")!;
    expect(source.column.required).toBe(true);
    expect(source.values).toEqual(
      new Map([
        ["Web", "demo"],
        ["Trial Signup", "trial"],
        ["Other", null],
      ]),
    );
    expect(m.leads.fields.find((f) => f.field === "title")!.column.required).toBe(false);
    expect(m.activities?.events.map((e) => e.type)).toEqual(["demo.started"]);
  });

  it("removes preset entries set to null, and stands alone without extends", () => {
    const m = mapping({ extends: "salesforce", leads: { owner: null, fields: { rating: null } }, activities: null });
    expect(m.leads.owner).toBeNull();
    expect(m.leads.fields.some((f) => f.field === "rating")).toBe(false);
    expect(m.activities).toBeNull();
    const own = mapping({ leads: { id: "id", created: ["created_at", "created"], fields: { employees: "size" } } });
    expect(own.leads.created.names).toEqual(["created_at", "created"]);
    expect(own.activities).toBeNull();
  });

  const errors: [string, unknown, string][] = [
    ["not JSON", "{ nope", "map.json: invalid JSON ("],
    [
      "unknown preset",
      { extends: "salesfroce" },
      'map.json: "extends": no preset named "salesfroce" (did you mean "salesforce"?); presets: "salesforce", "hubspot"',
    ],
    ["unknown key", { extends: "hubspot", leeds: {} }, 'map.json: unknown key "leeds" (did you mean "leads"?)'],
    [
      "unknown nested key",
      { extends: "hubspot", leads: { owners: "x" } },
      'map.json: "leads": unknown key "owners" (did you mean "owner"?)',
    ],
    ["missing leads", {}, 'map.json: missing "leads" (the columns of the leads export)'],
    ["missing id", { leads: { created: "c" } }, 'map.json: "leads": missing "id"'],
    [
      "bad column",
      { leads: { id: 3, created: "c" } },
      'map.json: "leads.id": expected a column name or a list of alternative column names, got 3',
    ],
    [
      "empty column list",
      { leads: { id: [], created: "c" } },
      'map.json: "leads.id": expected a string or a non-empty list of strings, got []',
    ],
    [
      "bad zone",
      { extends: "hubspot", timezone: "America/New_Yrok" },
      'map.json: "timezone": unknown time zone "America/New_Yrok"',
    ],
    [
      "bad values",
      { extends: "hubspot", leads: { fields: { source: { column: "x", values: { a: 1 } } } } },
      'map.json: "leads.fields.source.values.a": expected a string or null, got 1',
    ],
    [
      "field without column",
      { extends: "hubspot", leads: { fields: { source: { values: {} } } } },
      'map.json: "leads.fields.source": missing "column"',
    ],
    [
      "built-in event type",
      { extends: "hubspot", activities: { events: { touch: { value: "x" } } } },
      'map.json: "activities.events.touch": "touch" is not a custom event type',
    ],
    [
      "value and values",
      { extends: "hubspot", activities: { events: { "demo.held": { value: "x", values: ["y"] } } } },
      'map.json: "activities.events.demo.held": expected exactly one of "value" or "values"',
    ],
    [
      "rule with nothing to match",
      { leads: { id: "i", created: "c" }, activities: { lead: "l", at: "a", touch: { values: ["Call"] } } },
      'map.json: "activities.touch": no "column" to match on, and no "activities.type" column to default to',
    ],
  ];
  it.each(errors)("error: %s", (_name, json, message) => {
    let err: unknown;
    try {
      mapping(json);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).code).toMatch(/^EV40[12]$/);
    expect((err as Error).message.startsWith(message), (err as Error).message).toBe(true);
  });

  it("names an unknown preset given by name", () => {
    expect(() => loadMapping("hubspt", PRESETS)).toThrow('no preset named "hubspt" (did you mean "hubspot"?)');
  });
});

describe("csvLeadEvents", () => {
  const NY = (s: string) => utc(`${s}-05:00`);

  it("strict: stops at the first bad row with FILE:LINE", async () => {
    const err = await collect(
      csvLeadEvents([leadsCsv], { file: "exports/leads.csv", mapping: mapping(), ir, lenient: false }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).message).toBe(
      'exports/leads.csv:4: field "employees" (column "No. of Employees"): expected a number, got "fifty"',
    );
  });

  it("lenient: reads the good rows and reports each bad one, however the text is chunked", async () => {
    for (const chunks of [[leadsCsv], pieces(leadsCsv, 7), pieces(leadsCsv, 1)]) {
      const rejected: Rejected[] = [];
      const stats: CsvStats = { rows: 0, events: 0, ignored: 0 };
      const events = await collect(
        csvLeadEvents(chunks, {
          file: "exports/leads.csv",
          mapping: mapping(),
          ir,
          lenient: true,
          onReject: (r) => rejected.push(r),
          stats,
        }),
      );
      expect(events).toEqual<SlaEvent[]>([
        {
          id: "leads.csv:2",
          at: NY("2027-01-04T09:03"),
          type: "lead.created",
          lead: "00Q1",
          fields: { source: "demo", title: "CEO", employees: 1200, arr: 8400000, status: "Open" },
        },
        {
          id: "leads.csv:2#assigned",
          at: NY("2027-01-04T09:03"),
          type: "lead.assigned",
          lead: "00Q1",
          owner: "Ana Lopez",
        },
        {
          id: "leads.csv:3",
          at: NY("2027-01-04T14:15"),
          type: "lead.created",
          lead: "00Q2",
          fields: { source: "trial", title: 'VP "Growth"', employees: 45, status: "Working" },
        },
        {
          id: "leads.csv:6",
          at: NY("2027-01-05T11:30"),
          type: "lead.created",
          lead: "__proto__",
          fields: { title: "Founder", employees: 300, arr: 120000000, status: "Open" },
        },
        {
          id: "leads.csv:6#assigned",
          at: NY("2027-01-05T11:30"),
          type: "lead.assigned",
          lead: "__proto__",
          owner: "Chloe Park",
        },
      ]);
      expect(rejected).toEqual([
        {
          code: "EV109",
          file: "exports/leads.csv",
          line: 4,
          reason: 'field "employees" (column "No. of Employees"): expected a number, got "fifty"',
        },
        {
          code: "EV109",
          file: "exports/leads.csv",
          line: 7,
          reason:
            'field "source" (column "Lead Source"): "Referral" is not one of "demo", "trial", "webinar", "whitepaper"',
        },
      ]);
      expect(stats).toEqual({ rows: 5, events: 5, ignored: 0 });
    }
  });

  it("reads summer time in the mapping's zone, and enum values ignoring case", async () => {
    const m = mapping({ extends: "salesforce", timezone: "America/New_York" });
    const csv =
      '"Lead ID","Create Date","Lead Source"\nA,"7/1/2027, 9:00 AM",WEBINAR\nB,2027-07-01 09:00:00,\nC,2027-07-01T13:00:00Z,Demo\n';
    const events = await collect(csvLeadEvents([csv], { file: "l.csv", mapping: m, ir, lenient: false }));
    expect(events.map((e) => e.at)).toEqual([
      utc("2027-07-01T13:00Z"),
      utc("2027-07-01T13:00Z"),
      utc("2027-07-01T13:00Z"),
    ]);
    expect(events.map((e) => (e as { fields: object }).fields)).toEqual([
      { source: "webinar" },
      {},
      { source: "demo" },
    ]);
  });

  it("suggests a values table for CRM enum values", async () => {
    const csv = '"Lead ID","Create Date","Lead Source"\nA,2027-07-01T13:00:00Z,Web\n';
    const err = await collect(
      csvLeadEvents([csv], { file: "l.csv", mapping: loadMapping("salesforce", PRESETS), ir, lenient: false }),
    ).catch((e) => e);
    expect((err as Error).message).toBe(
      'l.csv:2: field "source" (column "Lead Source"): "Web" is not one of "demo", "trial", "webinar", "whitepaper" (translate CRM values with "values" in the mapping)',
    );
  });

  it("needs a zone for timestamps without one", async () => {
    const csv = '"Lead ID","Create Date"\nA,"1/4/2027, 9:03 AM"\n';
    const err = await collect(
      csvLeadEvents([csv], { file: "l.csv", mapping: loadMapping("salesforce", PRESETS), ir, lenient: false }),
    ).catch((e) => e);
    expect((err as Error).message).toBe(
      'l.csv:2: column "Create Date": "1/4/2027, 9:03 AM" has no time zone; name the zone of the export with "timezone" in the mapping (e.g. "America/New_York")',
    );
    // the caller's fallback zone (e.g. the SLA's) fills in
    const ok = await collect(
      csvLeadEvents([csv], {
        file: "l.csv",
        mapping: loadMapping("salesforce", PRESETS),
        ir,
        lenient: false,
        timezone: "UTC",
      }),
    );
    expect(ok[0].at).toBe(utc("2027-01-04T09:03Z"));
  });

  it("names an unreadable timestamp and the formats it tried", async () => {
    const csv = '"Lead ID","Create Date"\nA,04.01.2027 09:03\n';
    const m = mapping({ extends: "salesforce", timezone: "UTC", timeFormat: "d/M/yyyy HH:mm" });
    const err = await collect(csvLeadEvents([csv], { file: "l.csv", mapping: m, ir, lenient: false })).catch((e) => e);
    expect((err as Error).message).toBe(
      'l.csv:2: column "Create Date": "04.01.2027 09:03" is not a timestamp the mapping can read (expected ISO like "2027-01-04 14:03" or the format "d/M/yyyy HH:mm"; set "timeFormat" in the mapping to a luxon format such as "M/d/yyyy h:mm a")',
    );
    const ok = await collect(
      csvLeadEvents([csv], {
        file: "l.csv",
        mapping: mapping({ extends: "salesforce", timezone: "Europe/Berlin", timeFormat: "dd.MM.yyyy HH:mm" }),
        ir,
        lenient: false,
      }),
    );
    expect(ok[0].at).toBe(utc("2027-01-04T08:03Z"));
  });

  it("a missing required column is an error at the header, with a suggestion", async () => {
    const csv = "Lead Id,Created,Source\nA,2027-01-01T00:00Z,x\n";
    const err = await collect(csvLeadEvents([csv], { file: "l.csv", mapping: mapping(), ir, lenient: true })).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(IngestError);
    expect((err as Error).message).toBe(
      'l.csv:1: none of the columns "Create Date", "Created Date" for the creation time (mapping "leads.created") (did you mean "Created"?); the header has "Lead Id", "Created", "Source"',
    );
    const err2 = await collect(
      csvLeadEvents(["Lead ID,Create Date\n"], { file: "l.csv", mapping: mapping(), ir, lenient: true }),
    ).catch((e) => e);
    expect((err2 as Error).message).toBe(
      'l.csv:1: no column "Lead Source" for field "source" (mapping "leads.fields.source.column"); the header has "Lead ID", "Create Date"',
    );
  });

  it("a mapped field the SLA does not declare is a mapping error (preset fields are skipped)", async () => {
    const m = mapping({ extends: "salesforce", leads: { fields: { employes: "No. of Employees" } } });
    const err = await collect(
      csvLeadEvents(["Lead ID,Create Date\n"], { file: "l.csv", mapping: m, ir, lenient: false }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).code).toMatch(/^EV40[12]$/);
    expect((err as Error).message).toBe(
      'map.json (extends salesforce): "leads.fields.employes": the SLA declares no field "employes" (did you mean "employees"?)',
    );
  });

  it("reads yes/no, dates and money cells by field type", async () => {
    const typed: Pick<IR, "fields"> = {
      fields: { ok: { type: "yesno" }, seen: { type: "date" }, arr: { type: "money" }, n: { type: "number" } },
    };
    const m = mapping({
      leads: { id: "id", created: "at", fields: { ok: "ok", seen: "seen", arr: "arr", n: "n" } },
      dateFormat: "M/d/yyyy",
    });
    const csv = [
      "id,at,ok,seen,arr,n",
      'a,2027-01-01T00:00Z,Yes,2027-01-31,"USD 1,200.50","1,234.5"',
      "b,2027-01-01T00:00Z,0,1/31/2027,$ 5,-3",
      "c,2027-01-01T00:00Z,TRUE,2027-01-31 00:00:00,1200.5,1e3",
      "d,2027-01-01T00:00Z,, , ,",
      "e,2027-01-01T00:00Z,si,,,",
      "f,2027-01-01T00:00Z,,2/30/2027,,",
      "g,2027-01-01T00:00Z,,,12 dollars,",
      "h,2027-01-01T00:00Z,,,,1.2.3",
    ].join("\n");
    const rejected: Rejected[] = [];
    const events = await collect(
      csvLeadEvents([csv], { file: "t.csv", mapping: m, ir: typed, lenient: true, onReject: (r) => rejected.push(r) }),
    );
    expect(events.map((e) => (e as { fields: object }).fields)).toEqual([
      { ok: true, seen: "2027-01-31", arr: 120050, n: 1234.5 },
      { ok: false, seen: "2027-01-31", arr: 500, n: -3 },
      { ok: true, seen: "2027-01-31", arr: 120050, n: 1000 },
      {},
    ]);
    expect(rejected.map((r) => r.reason)).toEqual([
      'field "ok" (column "ok"): expected yes/no (Yes, No, true, false, 1 or 0), got "si"',
      'field "seen" (column "seen"): "2/30/2027" is not a date (expected yyyy-mm-dd, e.g. "2027-01-31")',
      'field "arr" (column "arr"): expected an amount of money like "$1,200.50", got "12 dollars"',
      'field "n" (column "n"): expected a number, got "1.2.3"',
    ]);
  });
});

describe("csvActivityEvents", () => {
  const NY = (s: string) => utc(`${s}-05:00`);

  it("turns rows into touches and custom events with deterministic ids", async () => {
    const rejected: Rejected[] = [];
    const stats: CsvStats = { rows: 0, events: 0, ignored: 0 };
    const opts = {
      file: "activities.csv",
      mapping: mapping(),
      ir,
      lenient: true,
      onReject: (r: Rejected) => rejected.push(r),
      stats,
    };
    const events = await collect(csvActivityEvents(pieces(activitiesCsv, 5), opts));
    expect(events).toEqual<SlaEvent[]>([
      { id: "T1", at: NY("2027-01-04T09:05"), type: "touch", lead: "00Q1", by: "Ana Lopez", channel: "call" },
      { id: "T2", at: NY("2027-01-04T09:30"), type: "touch", lead: "00Q1", by: "Ana Lopez", channel: "email" },
      // a meeting (no Task Subtype: the Type column is the fallback) called "Demo": both a demo.started and a touch
      { id: "E1#demo.started", at: NY("2027-01-07T10:00"), type: "custom", name: "demo.started", lead: "00Q1" },
      { id: "E1", at: NY("2027-01-07T10:00"), type: "touch", lead: "00Q1", by: "Ana Lopez", channel: "meeting" },
      // T3 is a Task: neither
      {
        id: "activities.csv:6",
        at: NY("2027-01-06T15:00"),
        type: "touch",
        lead: "00Q2",
        by: "Ben Ode",
        channel: "call",
      },
      { id: "T6", at: NY("2027-01-06T16:00"), type: "touch", lead: "__proto__", by: "Chloe Park", channel: "email" },
    ]);
    expect(rejected).toEqual([
      { code: "EV305", file: "activities.csv", line: 7, reason: 'empty lead id (column "Lead ID")' },
    ]);
    expect(stats).toEqual({ rows: 7, events: 6, ignored: 1 });
  });

  it("without a touch rule, every row that is not a custom event is a touch", async () => {
    const m = mapping({
      leads: { id: "id", created: "at" },
      activities: { lead: "lead", at: "when", type: "kind", events: { "noshow.reported": { value: "No-show" } } },
    });
    const csv = "lead,when,kind\nL1,2027-01-04T10:00Z,call\nL1,2027-01-04T11:00Z,no-show\nL2,2027-01-04T12:00Z,\n";
    const events = await collect(csvActivityEvents([csv], { file: "a.csv", mapping: m, ir, lenient: false }));
    expect(events).toEqual([
      { id: "a.csv:2", at: utc("2027-01-04T10:00Z"), type: "touch", lead: "L1", channel: "call" },
      {
        id: "a.csv:3#noshow.reported",
        at: utc("2027-01-04T11:00Z"),
        type: "custom",
        name: "noshow.reported",
        lead: "L1",
      },
      { id: "a.csv:4", at: utc("2027-01-04T12:00Z"), type: "touch", lead: "L2" },
    ]);
  });

  it("reads a HubSpot activities export", async () => {
    const m = mapping({ extends: "hubspot", timezone: "UTC" });
    const csv = [
      "Activity date,Activity type,Activity assigned to,Associated Contact ID,Record ID",
      "2027-01-04 10:00,Call,Ana,101,9001",
      "2027-01-04 10:05,Note,Ana,101,9002",
      "1/4/2027 11:30 AM,EMAIL,Ben,102,9003",
    ].join("\r\n");
    const events = await collect(csvActivityEvents([csv], { file: "hs.csv", mapping: m, ir, lenient: false }));
    expect(events).toEqual([
      { id: "hs.csv:2", at: utc("2027-01-04T10:00Z"), type: "touch", lead: "101", by: "Ana", channel: "call" },
      { id: "hs.csv:4", at: utc("2027-01-04T11:30Z"), type: "touch", lead: "102", by: "Ben", channel: "email" },
    ]);
  });

  it("a rule's column must exist", async () => {
    const err = await collect(
      csvActivityEvents(["Lead ID,Created Date,Assigned\n"], { file: "a.csv", mapping: mapping(), ir, lenient: true }),
    ).catch((e) => e);
    expect((err as Error).message).toBe(
      'a.csv:1: none of the columns "Task Subtype", "Type" for the activity type (mapping "activities.type"); the header has "Lead ID", "Created Date", "Assigned"',
    );
  });

  it("a mapping without activities can't read activities", async () => {
    const m = mapping({ extends: "salesforce", activities: null });
    await expect(
      collect(csvActivityEvents(["a\n"], { file: "a.csv", mapping: m, ir, lenient: false })),
    ).rejects.toThrow(IngestError);
  });
});
