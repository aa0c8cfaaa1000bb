// Field history, stage dates, activity field changes, owner mapping, 15/18-character
// Salesforce ids, semicolon exports: the CRM side of issue 9 (parts 3, 4 and 6).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SlaEvent } from "../../engine/events.ts";
import type { MissingColumn } from "../../engine/ingest/columns.ts";
import type { Rejected } from "../../engine/ingest/errors.ts";
import { readFieldHistory } from "../../engine/ingest/history.ts";
import { joinKey, LeadIds, salesforceChecksum, salesforceId18 } from "../../engine/ingest/lead-ids.ts";
import { csvActivityEvents, csvLeadEvents, loadMapping, type Mapping, PRESETS } from "../../engine/ingest/mapping.ts";
import { type EvCode, Failure, IngestError } from "../../engine/problems.ts";
import type { IR } from "../../language/ir.ts";

const ir: Pick<IR, "fields"> = {
  fields: {
    status: { type: "text" },
    rating: { type: "enum", values: ["hot", "warm", "cold"] },
    lifecycle_stage: {
      type: "enum",
      values: ["subscriber", "lead", "marketing qualified lead", "sales qualified lead", "customer"],
    },
    employees: { type: "number" },
    arr: { type: "money" },
  },
};

const utc = (s: string) => Date.parse(s);
const map = (json: unknown): Mapping => loadMapping(json, PRESETS, "map.json");

interface Run {
  events: SlaEvent[];
  located: { id: string; file: string; line: number }[];
  rejected: Rejected[];
  ignored: EvCode[];
  missing: MissingColumn[];
}

/** history (optional) -> leads -> activities (optional), as the CLI reads them. */
async function read(
  mapping: Mapping,
  files: { history?: string; leads: string; activities?: string },
  lenient = false,
): Promise<Run> {
  const run: Run = { events: [], located: [], rejected: [], ignored: [], missing: [] };
  const common = {
    mapping,
    ir,
    lenient,
    onReject: (r: Rejected) => run.rejected.push(r),
    onIgnore: (c: EvCode) => run.ignored.push(c),
    onMissingColumn: (m: MissingColumn) => run.missing.push(m),
  };
  const history =
    files.history === undefined
      ? undefined
      : await readFieldHistory([files.history], { ...common, file: "history.csv" });
  const leadIds = new LeadIds("leads.csv");
  for (const [file, text, gen] of [
    ["leads.csv", files.leads, csvLeadEvents],
    ["activities.csv", files.activities, csvActivityEvents],
  ] as const) {
    if (text === undefined) continue;
    let at: { file: string; line: number } = { file, line: 0 };
    for await (const ev of gen([text], {
      ...common,
      file,
      leadIds,
      history,
      onRow: (line, from) => {
        at = { file: from ?? file, line };
      },
    })) {
      run.events.push(ev);
      run.located.push({ id: ev.id, ...at });
    }
  }
  return run;
}

describe("Salesforce ids: 15 and 18 characters", () => {
  it("computes the case-safe checksum", () => {
    // a documented example: 0015000000Gv7qJ is 0015000000Gv7qJAAR
    expect(salesforceChecksum("0015000000Gv7qJ")).toBe("AAR");
    expect(salesforceId18("0015000000Gv7qJ")).toBe("0015000000Gv7qJAAR");
    expect(salesforceId18("0015000000Gv7qJAAR")).toBe("0015000000Gv7qJAAR");
    expect(salesforceId18("0015000000Gv7qJaar")).toBe("0015000000Gv7qJAAR");
    // all five letters of a block uppercase: bits 0-4 set = 31 -> "5"
    expect(salesforceChecksum("ABCDEabcde00000")).toBe("5AA");
    expect(salesforceId18("0015000000Gv7qJAAB")).toBeNull(); // wrong checksum
    expect(salesforceId18("00Q-00000000001")).toBeNull();
    expect(salesforceId18("1001")).toBeNull();
    expect(joinKey("1001")).toBe("1001");
  });

  it("18-character forms: idempotent, equal only for the same 15 characters (property)", () => {
    const id15 = fc.string({
      unit: fc.constantFrom(..."0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
      minLength: 15,
      maxLength: 15,
    });
    fc.assert(
      fc.property(id15, id15, (a, b) => {
        const a18 = salesforceId18(a)!;
        expect(a18.slice(0, 15)).toBe(a);
        expect(salesforceId18(a18)).toBe(a18);
        expect(salesforceId18(b) === a18).toBe(a === b);
      }),
    );
  });

  it("joins an activity's 18-character id to the lead's 15-character one, and hints at a case change", () => {
    const ids = new LeadIds("leads.csv");
    ids.add("00Q8c00001AbCdE");
    ids.add("1001");
    expect(ids.resolve("00Q8c00001AbCdEEAV")).toBe("00Q8c00001AbCdE");
    expect(ids.resolve("00Q8c00001AbCdE")).toBe("00Q8c00001AbCdE");
    expect(ids.resolve("1001")).toBe("1001");
    expect(ids.resolve("2002")).toBe("2002"); // unknown: the replay reports it
    expect((ids.resolve("00Q8c00001AbCdEEAA") as Failure).message).toBe(
      'lead "00Q8c00001AbCdEEAA" is not in leads.csv: its first 15 characters are lead "00Q8c00001AbCdE"\'s, but its last 3 are not their checksum (expected "EAV"): a damaged or hand-edited id?',
    );
    expect(ids.joined).toBe(1);
    const hint = ids.resolve("00q8c00001abcde");
    expect(hint).toBeInstanceOf(Failure);
    expect((hint as Failure).code).toBe("EV307");
    expect((hint as Failure).message).toBe(
      'lead "00q8c00001abcde" is not in leads.csv, but looks like its lead "00Q8c00001AbCdE" with the letters\' case changed (Salesforce ids are case-sensitive: a spreadsheet may have changed it; re-export the 18-character ids)',
    );
  });

  it("CSV activity rows with the other form of a lead's id join it; a case-changed one is a located EV307", async () => {
    const m = map({ extends: "salesforce", timezone: "UTC", leads: { fields: { rating: null } } });
    const run = await read(
      m,
      {
        leads: "Lead ID,Create Date\n00Q8c00001AbCdE,2026-03-02 14:00\n",
        activities:
          "Activity ID,Lead ID,Created Date,Type\nT1,00Q8c00001AbCdEEAV,2026-03-02 14:05,Call\nT2,00Q8C00001ABCDE,2026-03-02 14:06,Call\n",
      },
      true,
    );
    expect(run.events.filter((e) => e.type === "touch").map((e) => [e.id, "lead" in e && e.lead])).toEqual([
      ["T1", "00Q8c00001AbCdE"],
    ]);
    expect(run.rejected.map((r) => [r.code, r.file, r.line])).toEqual([["EV307", "activities.csv", 3]]);
  });
});

describe("owners", () => {
  const m = map({
    extends: "salesforce",
    timezone: "UTC",
    owners: { "Jen Park": "jen", "sam@acme.com": "sam", "0058c00000A1bCdAAF": "jen" },
    leads: { fields: { rating: null } },
  });

  it("maps lead owners and touch reps (exactly, then ignoring case and spaces); others stay as written", async () => {
    const run = await read(m, {
      leads:
        "Lead ID,Create Date,Lead Owner\nL1,2026-03-02 14:00,Jen Park\nL2,2026-03-02 14:00, SAM@acme.com \nL3,2026-03-02 14:00,Kim Lee\n",
      activities:
        "Lead ID,Created Date,Type,Assigned\nL1,2026-03-02 14:05,Call,0058c00000A1bCdAAF\nL2,2026-03-02 14:05,Call,jen park\n",
    });
    expect(run.events.filter((e) => e.type === "lead.assigned").map((e) => "owner" in e && e.owner)).toEqual([
      "jen",
      "sam",
      "Kim Lee",
    ]);
    expect(run.events.filter((e) => e.type === "touch").map((e) => "by" in e && e.by)).toEqual(["jen", "jen"]);
  });

  it("an owner that is not a string is a mapping error", () => {
    expect(() => map({ extends: "salesforce", owners: { "Jen Park": 3 } })).toThrow(
      'map.json: "owners.Jen Park": expected a non-empty string, got 3',
    );
  });
});

const SF_HISTORY_MAP = {
  extends: "salesforce",
  timezone: "America/New_York",
  owners: { "Jen Park": "jen", "Sam Lee": "sam", "005000000000001": "jen", "005000000000002": "sam" },
  leads: { fields: { rating: { column: "Rating", values: { Hot: "hot", Warm: "warm", Cold: "cold" } } } },
};

describe("field history (Salesforce Lead History report)", () => {
  const leads =
    "Lead ID,Create Date,Lead Owner,Lead Status,Rating,Phone\n" +
    '00Q000000000001,"3/2/2026, 2:05 PM",Sam Lee,Qualified,Hot,555\n' +
    '00Q000000000002,"3/2/2026, 3:00 PM",Jen Park,Open,Cold,556\n';
  const history =
    "Lead ID,Edited By,Edit Date,Field / Event,Old Value,New Value\n" +
    '00Q000000000001EAA,Jen Park,"3/2/2026, 2:05 PM",Created.,,\n' +
    '00Q000000000001EAA,Jen Park,"3/2/2026, 2:40 PM",Lead Status,Open,Working\n' +
    '00Q000000000001EAA,Jen Park,"3/3/2026, 9:15 AM",Lead Status,Working,Qualified\n' +
    '00Q000000000001EAA,Jen Park,"3/3/2026, 9:15 AM",Rating,Warm,Hot\n' +
    '00Q000000000001EAA,Jen Park,"3/3/2026, 10:00 AM",Lead Owner,Jen Park,Sam Lee\n' +
    '00Q000000000001EAA,Jen Park,"3/3/2026, 10:00 AM",Phone,,555\n' +
    '00Q000000000009EAA,Jen Park,"3/4/2026, 10:00 AM",Lead Status,Open,Working\n';

  it("creates each lead with its value before the first change, then replays the changes at their times", async () => {
    const run = await read(map(SF_HISTORY_MAP), { history, leads }, true);
    const l1 = run.events.filter((e) => "lead" in e && e.lead === "00Q000000000001");
    expect(l1).toEqual([
      {
        id: "leads.csv:2",
        at: utc("2026-03-02T19:05:00Z"),
        type: "lead.created",
        lead: "00Q000000000001",
        fields: { status: "Open", rating: "warm" },
      },
      {
        id: "leads.csv:2#assigned",
        at: utc("2026-03-02T19:05:00Z"),
        type: "lead.assigned",
        lead: "00Q000000000001",
        owner: "jen",
      },
      {
        id: "history.csv:3",
        at: utc("2026-03-02T19:40:00Z"),
        type: "lead.updated",
        lead: "00Q000000000001",
        fields: { status: "Working" },
      },
      {
        id: "history.csv:4",
        at: utc("2026-03-03T14:15:00Z"),
        type: "lead.updated",
        lead: "00Q000000000001",
        fields: { status: "Qualified", rating: "hot" },
      },
      {
        id: "history.csv:6#assigned",
        at: utc("2026-03-03T15:00:00Z"),
        type: "lead.assigned",
        lead: "00Q000000000001",
        owner: "sam",
      },
    ]);
    // replay errors name the history row
    expect(run.located.find((l) => l.id === "history.csv:4")).toEqual({
      id: "history.csv:4",
      file: "history.csv",
      line: 4,
    });
    expect(run.located.find((l) => l.id === "leads.csv:2#assigned")).toEqual({
      id: "leads.csv:2#assigned",
      file: "leads.csv",
      line: 2,
    });
    // a lead without history keeps its row's values
    expect(run.events.find((e) => e.id === "leads.csv:3")).toMatchObject({
      fields: { status: "Open", rating: "cold" },
    });
    // rows for fields the mapping does not use are counted
    expect(run.ignored.filter((c) => c === "EV308")).toHaveLength(2);
    // a history row whose lead the leads file lacks is replayed at its time (the replay reports it)
    expect(run.events.at(-1)).toMatchObject({ id: "history.csv:8", lead: "00Q000000000009EAA", type: "lead.updated" });
    expect(run.located.at(-1)).toEqual({ id: "history.csv:8", file: "history.csv", line: 8 });
  });

  it("reads the LeadHistory object's API names too (Data Loader export), with owner ids", async () => {
    const api =
      "Id,LeadId,CreatedById,CreatedDate,Field,DataType,OldValue,NewValue\n" +
      "017A,00Q000000000001,005000000000001,2026-03-02T19:40:00.000Z,Status,Text,Open,Working\n" +
      "017B,00Q000000000001,005000000000001,2026-03-03T15:00:00.000Z,Owner,EntityId,005000000000001,005000000000002\n" +
      "017C,00Q000000000001,005000000000001,2026-03-03T15:00:00.000Z,Owner,Text,Jen Park,Sam Lee\n";
    const run = await read(map(SF_HISTORY_MAP), { history: api, leads });
    expect(run.events.filter((e) => "lead" in e && e.lead === "00Q000000000001").map((e) => [e.type, e.at])).toEqual([
      ["lead.created", utc("2026-03-02T19:05:00Z")],
      ["lead.assigned", utc("2026-03-02T19:05:00Z")],
      ["lead.updated", utc("2026-03-02T19:40:00Z")],
      ["lead.assigned", utc("2026-03-03T15:00:00Z")], // the two Owner rows of one change: one event
    ]);
    expect(run.events[0]).toMatchObject({ fields: { status: "Open", rating: "hot" } });
  });

  it("history values go through the mapping's values and the field's type: a bad one is located", async () => {
    const bad =
      "Lead ID,Edit Date,Field / Event,Old Value,New Value\n" +
      '00Q000000000001,"3/3/2026, 9:15 AM",Rating,Warm,Scorching\n';
    const err = await read(map(SF_HISTORY_MAP), { history: bad, leads }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).message).toBe(
      'history.csv:2: field "rating" (Rating, column "New Value"): "Scorching" is not one of "hot", "warm", "cold"',
    );
  });

  it("changes logged before the creation minute happen at the creation", async () => {
    const early =
      "Lead ID,Edit Date,Field / Event,Old Value,New Value\n" +
      '00Q000000000002,"3/2/2026, 2:59 PM",Lead Status,New,Open\n';
    const run = await read(map(SF_HISTORY_MAP), { history: early, leads });
    const l2 = run.events.filter((e) => "lead" in e && e.lead === "00Q000000000002");
    expect(l2.map((e) => [e.type, e.at, "fields" in e ? e.fields : null])).toEqual([
      ["lead.created", utc("2026-03-02T20:00:00Z"), { status: "New", rating: "cold" }],
      ["lead.assigned", utc("2026-03-02T20:00:00Z"), null],
      ["lead.updated", utc("2026-03-02T20:00:00Z"), { status: "Open" }],
    ]);
  });
});

describe("field history (HubSpot property history) and stage dates", () => {
  const m = map({
    extends: "hubspot",
    timezone: "America/New_York",
    owners: { "Jen Park": "jen", "52718391": "jen", "52718392": "sam" },
  });
  const contacts =
    "Record ID,First Name,Create Date,Contact owner,Lifecycle Stage,Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,Number of Employees\n" +
    "51234567801,Ann,2026-03-02 09:00,Jen Park,Sales Qualified Lead,2026-03-02 10:30,2026-03-04 16:00,250\n" +
    "51234567802,Bo,2026-03-02 11:00,Jen Park,Lead,,,12\n" +
    "51234567803,Cy,2026-03-02 12:00,Jen Park,Marketing Qualified Lead,2026-03-02 12:00,,40\n";

  it("stage dates become changes; a lead with one starts at the stage reached by its creation", async () => {
    const run = await read(m, { leads: contacts });
    const of = (lead: string) =>
      run.events
        .filter((e) => "lead" in e && e.lead === lead)
        .map((e) => [e.type, e.at, "fields" in e ? e.fields : null]);
    expect(of("51234567801")).toEqual([
      ["lead.created", utc("2026-03-02T14:00:00Z"), { employees: 250 }],
      ["lead.assigned", utc("2026-03-02T14:00:00Z"), null],
      ["lead.updated", utc("2026-03-02T15:30:00Z"), { lifecycle_stage: "marketing qualified lead" }],
      ["lead.updated", utc("2026-03-04T21:00:00Z"), { lifecycle_stage: "sales qualified lead" }],
    ]);
    expect(of("51234567802")[0]).toEqual([
      "lead.created",
      utc("2026-03-02T16:00:00Z"),
      { lifecycle_stage: "lead", employees: 12 },
    ]);
    expect(of("51234567803")).toEqual([
      ["lead.created", utc("2026-03-02T17:00:00Z"), { employees: 40 }],
      ["lead.assigned", utc("2026-03-02T17:00:00Z"), null],
      ["lead.updated", utc("2026-03-02T17:00:00Z"), { lifecycle_stage: "marketing qualified lead" }],
    ]);
    expect(run.events.find((e) => e.type === "lead.updated")?.id).toBe(
      "leads.csv:2#lifecycle_stage=Marketing Qualified Lead",
    );
  });

  it("property history (internal names and values, no old value): a field with history starts unset", async () => {
    const history =
      "Record ID,Property,Value,Timestamp,Source\n" +
      "51234567802,lifecyclestage,lead,2026-03-02T16:00:00Z,FORM\n" +
      "51234567802,lifecyclestage,marketingqualifiedlead,2026-03-03T13:00:00.120Z,WORKFLOW\n" +
      "51234567802,hubspot_owner_id,52718392,2026-03-03T13:05:00Z,CRM_UI\n" +
      "51234567802,hs_email_domain,acme.com,2026-03-02T16:00:00Z,FORM\n";
    const run = await read(m, { history, leads: contacts });
    const of = (lead: string) =>
      run.events
        .filter((e) => "lead" in e && e.lead === lead)
        .map((e) => [e.type, e.at, "fields" in e ? e.fields : "owner" in e ? e.owner : null]);
    expect(of("51234567802")).toEqual([
      ["lead.created", utc("2026-03-02T16:00:00Z"), { employees: 12 }],
      ["lead.updated", utc("2026-03-02T16:00:00Z"), { lifecycle_stage: "lead" }],
      ["lead.updated", utc("2026-03-03T13:00:00.120Z"), { lifecycle_stage: "marketing qualified lead" }],
      ["lead.assigned", utc("2026-03-03T13:05:00Z"), "sam"],
    ]);
    expect(run.ignored).toEqual(["EV308"]);
  });

  it("a stage value the SLA's field does not allow is a mapping error naming the stage", async () => {
    const mm = map({
      extends: "hubspot",
      timezone: "UTC",
      leads: { stages: { lifecycle_stage: { Champion: "Became a Champion Date" } } },
    });
    await expect(
      read(mm, { leads: "Record ID,Create Date,Became a Champion Date\n1,2026-03-02 09:00,\n" }),
    ).rejects.toThrow(
      'map.json (extends hubspot): "leads.stages.lifecycle_stage.Champion": field "lifecycle_stage": "Champion" is not one of',
    );
  });
});

describe("activity rows that set fields", () => {
  it("a non-empty cell sets the field at the activity's time, through the leads mapping's values", async () => {
    const m = map({
      extends: "salesforce",
      timezone: "UTC",
      leads: { fields: { rating: { column: "Rating", values: { Hot: "hot", Warm: "warm" } } } },
      activities: { touch: null, fields: { status: "Status After", rating: "Rating After" } },
    });
    const run = await read(m, {
      leads: "Lead ID,Create Date,Rating\nL1,2026-03-02 09:00,Warm\n",
      activities:
        "Lead ID,Created Date,Type,Status After,Rating After\nL1,2026-03-02 09:30,Call,Working,\nL1,2026-03-02 10:00,Call,,Hot\n",
    });
    expect(run.events.slice(1).map((e) => [e.id, e.type, "fields" in e ? e.fields : null])).toEqual([
      ["activities.csv:2#fields", "lead.updated", { status: "Working" }],
      ["activities.csv:2", "touch", null],
      ["activities.csv:3#fields", "lead.updated", { rating: "hot" }],
      ["activities.csv:3", "touch", null],
    ]);
  });
});

describe("data fit: mapping columns the header lacks", () => {
  it("notes each declared field's preset column that is absent, with a near header name", async () => {
    const run = await read(map({ extends: "hubspot", timezone: "UTC" }), {
      leads: "Record ID,Create Date,Lifecycle stage name,Number of employees\n1,2026-03-02 09:00,Lead,5\n",
    });
    expect(run.missing.map((m) => [m.file, m.line, m.where, m.what, m.near])).toEqual([
      ["leads.csv", 1, "leads.owner", "the owner", null],
      ["leads.csv", 1, "leads.fields.lifecycle_stage.column", 'field "lifecycle_stage"', "Lifecycle stage name"],
      ["leads.csv", 1, "leads.fields.status.column", 'field "status"', null],
      ["leads.csv", 1, "leads.fields.arr", 'field "arr"', null],
    ]);
  });
});

describe("semicolon exports (European Excel)", () => {
  it("detects ';' and reads decimal commas; an explicit decimal wins", async () => {
    const m = map({ extends: "salesforce", timezone: "Europe/Berlin", timeFormat: "dd.MM.yyyy HH:mm" });
    const leads =
      'Lead ID;Create Date;No. of Employees;Annual Revenue\nL1;02.03.2026 14:05;"1.250";"84.000,50 €"\nL2;02.03.2026 15:00;12,5;\n';
    const run = await read(m, { leads });
    expect(run.events.map((e) => [e.at, "fields" in e ? e.fields : null])).toEqual([
      [utc("2026-03-02T13:05:00Z"), { employees: 1250, arr: 8_400_050 }],
      [utc("2026-03-02T14:00:00Z"), { employees: 12.5 }],
    ]);
    const dot = map({ extends: "salesforce", timezone: "UTC", decimal: "." });
    const err = await read(dot, { leads: "Lead ID;Create Date;No. of Employees\nL1;2026-03-02 14:05;12,5\n" }).catch(
      (e: unknown) => e,
    );
    expect((err as IngestError).message).toBe(
      'leads.csv:2: field "employees" (column "No. of Employees"): expected a number, got "12,5"',
    );
    expect(() => map({ extends: "salesforce", decimal: ";" })).toThrow('"decimal": expected "." or ","');
  });
});

describe("loadMapping: history, stages, activity fields, owners, decimal", () => {
  it("the presets read field history; a file's entries extend them, null removes", () => {
    const sf = map({ extends: "salesforce" });
    expect(sf.history).toMatchObject({
      lead: { names: ["Lead ID", "LeadId"], required: true },
      field: { names: ["Field / Event", "Field"] },
      old: { names: ["Old Value", "OldValue"], required: false },
      owner: ["Owner", "Lead Owner"],
    });
    const hs = map({
      extends: "hubspot",
      owners: { "Jen Park": "jen" },
      leads: { stages: { lifecycle_stage: { Customer: null, Evangelist: null, Other: null } } },
      history: { fields: { lifecycle_stage: null, score: "hubspotscore" }, owner: null },
    });
    expect(hs.leads.stages.map((s) => s.value)).toEqual([
      "Subscriber",
      "Lead",
      "Marketing Qualified Lead",
      "Sales Qualified Lead",
      "Opportunity",
    ]);
    expect(hs.history?.fields.has("lifecycle_stage")).toBe(false);
    expect(hs.history?.fields.get("score")).toEqual({
      names: ["hubspotscore"],
      required: true,
      where: "history.fields.score",
    });
    expect(hs.history?.owner).toEqual([]);
    expect(hs.owners).toEqual(new Map([["Jen Park", "jen"]]));
    expect(map({ extends: "hubspot", leads: { stages: { lifecycle_stage: null } } }).leads.stages).toEqual([]);
    expect(map({ extends: "hubspot", history: null }).history).toBeNull();
  });

  it("names what is wrong", () => {
    expect(() => map({ extends: "salesforce", history: { feld: "x" } })).toThrow(
      'map.json: "history": unknown key "feld" (did you mean "field"?)',
    );
    expect(() =>
      map({ leads: { id: "Id", created: "Created" }, history: { lead: "Id", at: "When", field: "Field" } }),
    ).toThrow('map.json: "history": missing "value"');
    expect(() => map({ extends: "hubspot", leads: { stages: { lifecycle_stage: "Became a Lead Date" } } })).toThrow(
      'map.json: "leads.stages.lifecycle_stage": expected an object',
    );
    expect(() => map({ extends: "salesforce", activities: { fields: { status: 3 } } })).toThrow(
      'map.json: "activities.fields.status": expected an object',
    );
  });

  it("a history field the SLA does not declare is an error when the file names it, skipped when a preset does", async () => {
    const leads = "Lead ID,Create Date\nL1,2026-03-02 09:00\n";
    const history = "Lead ID,Edit Date,Field / Event,New Value\nL1,2026-03-02 10:00,Score,5\n";
    const ok = await read(map({ extends: "salesforce", timezone: "UTC" }), { history, leads });
    expect(ok.ignored).toEqual(["EV308"]);
    await expect(
      read(map({ extends: "salesforce", timezone: "UTC", history: { fields: { score: "Score" } } }), {
        history,
        leads,
      }),
    ).rejects.toThrow('"history.fields.score": the SLA declares no field "score"');
  });

  it("--history needs a mapping with a history section", async () => {
    const m = map({ leads: { id: "Id", created: "Created" } });
    await expect(readFieldHistory(["Id,When\n"], { file: "h.csv", mapping: m, ir, lenient: false })).rejects.toThrow(
      'map.json: has no "history" section, so it can\'t read h.csv',
    );
  });
});

describe("data fit: month-first dates in a semicolon export", () => {
  it("notes slash dates read month first in a ';' file, not in a ',' file nor with day-first formats", async () => {
    const fits: string[] = [];
    const go = async (json: unknown, leads: string) => {
      fits.length = 0;
      for await (const _ of csvLeadEvents([leads], {
        file: "leads.csv",
        mapping: map(json),
        ir,
        lenient: false,
        onDataFit: (w) => fits.push(`${w.code} ${w.message}`),
      }));
      return [...fits];
    };
    const sf = { extends: "salesforce", timezone: "Europe/Paris", leads: { fields: { rating: null } } };
    expect(await go(sf, "Lead ID;Create Date\nL1;03/02/2026 09:00\n")).toEqual([
      'EV552 leads.csv is semicolon-delimited (as European Excel saves it) and its dates, like "03/02/2026 09:00", are read month first ("M/d/yyyy, h:mm a"); if they are day first, set "timeFormat" in the mapping (e.g. "dd/MM/yyyy HH:mm")',
    ]);
    expect(await go(sf, "Lead ID,Create Date\nL1,03/02/2026 09:00\n")).toEqual([]);
    expect(await go({ ...sf, timeFormat: "dd/MM/yyyy HH:mm" }, "Lead ID;Create Date\nL1;03/02/2026 09:00\n")).toEqual(
      [],
    );
  });
});
