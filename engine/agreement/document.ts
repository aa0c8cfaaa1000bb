// The signable agreement as a document model: sections of paragraphs, lists,
// tables and notes, built from the IR for the people who sign it (not for
// engineers). One model, rendered to Markdown and HTML (./markdown.ts,
// ./html.ts); the PDF is the HTML printed by a browser. Text in the model is
// plain (never markup): renderers escape every string. Browser-safe.
import type { IR, IRCalendar, IRObligation, IRTouchFilter } from "../../language/ir.ts";
import { computePlan } from "../plan.ts";
import { formatMoney, formatNumber } from "../render/format.ts";
import type { Notes } from "./notes.ts";
import {
  actionText,
  businessDayMinutes,
  clockText,
  condText,
  dateText,
  dayDateText,
  dayName,
  fieldTypeText,
  humanName,
  joinWords,
  minutesText,
  percentText,
  pluralName,
  titleName,
  windowText,
  withArticle,
} from "./plain.ts";

/** A run of text; `strong` for names being defined or promised amounts. */
export type Span = string | { strong: string };
export type Text = Span[];

export type Block =
  | { kind: "paragraph"; text: Text }
  /** Prose carried over from `#:` notes in the spec. */
  | { kind: "note"; paragraphs: string[] }
  | { kind: "list"; items: Text[] }
  | { kind: "table"; head: string[]; rows: string[][]; numeric: boolean[] }
  | { kind: "signatures"; roles: string[] };

export interface Section {
  /** stable anchor: "parties", "hours", ... */
  id: string;
  title: string;
  blocks: Block[];
}

export interface SpecSource {
  /** the file as given on the command line */
  file: string;
  /** hex SHA-256 of the spec's text */
  sha256: string;
  /** the commit that last changed the (clean) file, if known */
  git: string | null;
}

export interface AgreementDoc {
  title: string;
  /** the spec's content hash, for the page title and print footer */
  sha256: string;
  /** one line under the title: owner, effective date */
  subtitle: string;
  sections: Section[];
  /** footer lines: the spec's file and content hash */
  footer: string[];
}

export function buildAgreement(ir: IR, source: SpecSource, notes: Notes = new Map()): AgreementDoc {
  const sections: Section[] = [];
  const noted = (key: string, blocks: Block[]): Block[] => {
    const n = notes.get(key);
    return n?.length ? [...blocks, { kind: "note", paragraphs: n }] : blocks;
  };
  const section = (id: string, title: string, blocks: Block[]) => {
    if (blocks.length) sections.push({ id, title, blocks });
  };

  // ------------------------------------------------------------ 1 parties
  const parties: Block[] = [];
  parties.push({
    kind: "paragraph",
    text: [
      "This agreement is between ",
      { strong: "Marketing" },
      ", who commits to deliver qualified leads, and ",
      { strong: "Sales" },
      ", who commits to follow up on them within the windows below.",
      ir.owner ? ` Its owner, who keeps it up to date and runs the monthly review, is ` : "",
      ...(ir.owner ? [{ strong: ir.owner }, "."] : []),
    ],
  });
  parties.push({
    kind: "paragraph",
    text: [
      ir.effective ? `It takes effect on ${dateText(ir.effective)}. ` : "It takes effect when signed. ",
      `All times are local times in the ${ir.timezone} time zone.`,
    ],
  });
  if (ir.teams.length) {
    parties.push({ kind: "paragraph", text: ["Sales works in these teams:"] });
    parties.push({
      kind: "list",
      items: ir.teams.map((t) => [
        { strong: `The ${humanName(t.name)} team` },
        `: ${joinWords(t.members, "and")}`,
        t.manager ? `; manager ${t.manager}.` : ".",
      ]),
    });
  }
  const teamNotes = ir.teams.flatMap((t) => notes.get(`team:${t.name}`) ?? []);
  if (teamNotes.length) parties.push({ kind: "note", paragraphs: teamNotes });
  const intro = notes.get("header");
  section("parties", "1. Parties", [
    ...(intro?.length ? [{ kind: "note", paragraphs: intro } as Block] : []),
    ...parties,
  ]);

  // ------------------------------------------------------------ 2 hours
  const hours: Block[] = [];
  for (const [name, cal] of Object.entries(ir.calendars))
    hours.push(...calendarBlocks(name, cal, notes, ir.effective?.slice(0, 4) ?? null));
  section("hours", "2. Business hours and holidays", hours);

  // ------------------------------------------------------------ 3 definitions
  const defs: Block[] = [];
  if (ir.terms.length) {
    defs.push({ kind: "paragraph", text: ["In this agreement:"] });
    for (const t of ir.terms)
      defs.push(
        ...noted(`term:${t.name}`, [
          {
            kind: "paragraph",
            text: ["A lead is ", { strong: withArticle(t.name) }, ` when ${condText(t.when, ir)}.`],
          },
        ]),
      );
  }
  if (ir.segments.length) {
    defs.push({
      kind: "paragraph",
      text: ["Every new lead is placed in the first of these groups that it matches, in this order:"],
    });
    defs.push({
      kind: "list",
      items: ir.segments.map((s) => [
        { strong: titleName(s.name) },
        s.when ? `: leads for which ${condText(s.when, ir)}.` : ": every other lead.",
      ]),
    });
    const segNotes = ir.segments.flatMap((s) => notes.get(`segment:${s.name}`) ?? []);
    if (segNotes.length) defs.push({ kind: "note", paragraphs: segNotes });
  }
  section("definitions", "3. Definitions", defs);

  // ------------------------------------------------------------ 4 value chart
  if (ir.value) {
    const v = ir.value;
    const blocks: Block[] = [
      {
        kind: "paragraph",
        text: [
          "A lead's value is the amount in the row for who the lead is and the column for what the lead did. ",
          "Value commitments add up the values of the leads delivered.",
        ],
      },
      {
        kind: "table",
        head: ["", ...v.columns.map(titleName)],
        rows: Object.entries(v.rows).map(([persona, cells]) => [
          titleName(persona),
          ...cells.map((c) => formatMoney(c / 100)),
        ]),
        numeric: [false, ...v.columns.map(() => true)],
      },
      { kind: "paragraph", text: ["Rows (who the lead is; the first that matches):"] },
      {
        kind: "list",
        items: ir.personas.map((p) => [
          { strong: titleName(p.name) },
          p.when ? `: ${condText(p.when, ir)}.` : ": every other lead.",
        ]),
      },
      { kind: "paragraph", text: ["Columns (what the lead did; the first that matches):"] },
      {
        kind: "list",
        items: ir.actions.map((a) => [
          { strong: titleName(a.name) },
          a.when ? `: ${condText(a.when, ir)}.` : ": anything else.",
        ]),
      },
    ];
    const more = [
      ...(notes.get("value") ?? []),
      ...ir.personas.flatMap((p) => notes.get(`persona:${p.name}`) ?? []),
      ...ir.actions.flatMap((a) => notes.get(`action:${a.name}`) ?? []),
    ];
    if (more.length) blocks.push({ kind: "note", paragraphs: more });
    section("value", "4. Lead value chart", blocks);
  }

  // ------------------------------------------------------------ 5 marketing
  let n = ir.value ? 5 : 4;
  if (ir.commitments.length) {
    const blocks: Block[] = [{ kind: "paragraph", text: ["Marketing commits to deliver, at least:"] }];
    const items: Text[] = [];
    const itemNotes: string[] = [];
    ir.commitments.forEach((c, i) => {
      items.push(
        c.kind === "value"
          ? [
              { strong: `${formatMoney(c.goal / 100)} of ${humanName(c.term)} value` },
              ` per ${c.per} (the sum of the values of the ${pluralName(c.term)} delivered in the ${c.per})`,
            ]
          : [{ strong: `${formatNumber(c.goal)} ${pluralName(c.term)}` }, ` per ${c.per}`],
      );
      itemNotes.push(...(notes.get(`commitment:${i}`) ?? []));
    });
    blocks.push({ kind: "list", items });
    blocks.push({
      kind: "paragraph",
      text: [
        `A lead counts for the ${joinWords([...new Set(ir.commitments.map((c) => c.per))], "or")} in which it first became ${joinWords(
          [...new Set(ir.commitments.map((c) => withArticle(c.term)))],
          "or",
        )}.`,
      ],
    });
    if (itemNotes.length) blocks.push({ kind: "note", paragraphs: itemNotes });
    section("marketing", `${n++}. Marketing's commitments`, blocks);
  }

  // ------------------------------------------------------------ 6 sales
  const indexed = ir.obligations.map((o, i) => ({ o, i }));
  const responds = indexed.filter((x) => x.o.kind === "respond");
  const cadences = indexed.filter((x) => x.o.kind === "cadence");
  const expects = indexed.filter((x) => x.o.kind === "expect");
  const sales: Block[] = [];
  if (responds.length) {
    sales.push({ kind: "paragraph", text: ["Sales makes a first response to each new lead within these windows:"] });
    for (const { o, i } of responds) sales.push(...noted(`obligation:${i}`, obligationBlocks(o, ir)));
  }
  if (cadences.length) {
    sales.push({ kind: "paragraph", text: ["Sales keeps following up with these cadences:"] });
    for (const { o, i } of cadences) sales.push(...noted(`obligation:${i}`, obligationBlocks(o, ir)));
  }
  section("sales", `${n++}. Sales' commitments`, sales);
  if (expects.length) {
    const blocks: Block[] = [
      {
        kind: "paragraph",
        text: ["Both teams keep the lead's record moving: each step below follows the one before."],
      },
    ];
    for (const { o, i } of expects) blocks.push(...noted(`obligation:${i}`, obligationBlocks(o, ir)));
    section("process", `${n++}. Process steps`, blocks);
  }

  // ------------------------------------------------------------ breach
  if (ir.obligations.length) {
    section("breach", `${n++}. What happens on a breach`, [
      {
        kind: "paragraph",
        text: [
          "A lead whose window runs out is a breach. The breach actions happen at once, for that lead; ",
          "a commitment is kept for a month when the share of its leads handled in time reaches its target.",
        ],
      },
      {
        kind: "table",
        head: ["Commitment", "Target", "When a lead's window runs out"],
        rows: ir.obligations.map((o) => [
          obligationTitle(o, ir),
          o.target === null ? "every lead" : percentText(o.target),
          o.onBreach.length
            ? capitalise(joinWords(o.onBreach.map(actionText), "and"))
            : "Reported in the monthly review",
        ]),
        numeric: [false, true, false],
      },
    ]);
  }

  // ------------------------------------------------------------ plan
  if (ir.plan) {
    const p = computePlan(ir.plan);
    const money = (d: number) => formatMoney(d);
    const blocks: Block[] = [];
    blocks.push({
      kind: "paragraph",
      text:
        p.direction === "from-revenue"
          ? [
              "The commitments rest on this plan: a revenue goal of ",
              { strong: `${money(p.revenuePerYear!)} a year` },
              ` at an average deal of ${money(p.averageDeal!)} needs these numbers at each stage (rounded up: whole leads).`,
            ]
          : [
              "The commitments rest on this plan: a volume of ",
              { strong: `${formatNumber(p.stages[0]?.perYear ?? 0)} ${pluralName(p.stages[0]?.name ?? "")} a year` },
              ` yields these numbers at each stage (rounded down: whole leads)${p.revenuePerYear !== null ? `, worth ${money(p.revenuePerYear)} a year` : ""}.`,
            ],
    });
    blocks.push({
      kind: "list",
      items: ir.plan.steps.map((s) => [
        `From ${humanName(s.from)} to ${humanName(s.to)}: `,
        { strong: percentText(s.rate) },
        " convert.",
      ]),
    });
    blocks.push({
      kind: "table",
      head: ["Stage", "Per year", "Per quarter", "Per month"],
      rows: p.stages.map((s) => [
        titleName(s.name),
        formatNumber(s.perYear),
        formatNumber(s.perQuarter),
        formatNumber(s.perMonth),
      ]),
      numeric: [false, true, true, true],
    });
    section("plan", `${n++}. The plan's funnel math`, noted("plan", blocks));
  }

  // ------------------------------------------------------------ data
  const fields = Object.entries(ir.fields);
  if (fields.length)
    section(
      "data",
      `${n++}. The lead data this agreement reads`,
      noted("fields", [
        {
          kind: "paragraph",
          text: ["The definitions above read these fields of each lead, as the CRM records them:"],
        },
        {
          kind: "table",
          head: ["Field", "Value"],
          rows: fields.map(([name, t]) => [humanName(name), capitalise(fieldTypeText(t))]),
          numeric: [false, false],
        },
      ]),
    );

  // ------------------------------------------------------------ review and signatures
  const closing = notes.get("closing");
  const review: Block[] = [
    {
      kind: "paragraph",
      text: [
        "Marketing and Sales review this agreement every month against the recorded lead history: ",
        "each commitment's result, each response window's share met, and whether the plan's conversion rates still hold. ",
        "A change to any commitment is a change to the spec file, reviewed and signed again.",
      ],
    },
  ];
  if (closing?.length) review.push({ kind: "note", paragraphs: closing });
  section("review", `${n++}. Review`, review);
  section("signatures", `${n++}. Signatures`, [
    { kind: "signatures", roles: ["For Marketing", "For Sales", ...(ir.owner ? [`Owner: ${ir.owner}`] : [])] },
  ]);

  return {
    title: ir.name || "Service level agreement",
    sha256: source.sha256,
    subtitle: [
      ir.owner ? `Owner: ${ir.owner}` : null,
      ir.effective ? `Effective ${dateText(ir.effective)}` : null,
      `Time zone ${ir.timezone}`,
    ]
      .filter((x): x is string => x !== null)
      .join(" · "),
    sections,
    footer: [
      `Generated from ${source.file}, SHA-256 ${source.sha256}${source.git ? `, git commit ${source.git}` : ""}.`,
      "This copy matches the spec file whose SHA-256 (sha256sum FILE) is the value above.",
    ],
  };
}

/** "Only touches by call or meeting, by the lead's owner or a member of the sdr team count." */
function byText(by: IRTouchFilter): string {
  const parts: string[] = [];
  if (by.channels) parts.push(`by ${joinWords(by.channels, "or")}`);
  if (by.people) {
    const who = [
      ...(by.people.owner ? ["the lead's owner"] : []),
      ...by.people.teams.map((t) => `a member of the ${humanName(t)} team`),
    ];
    if (who.length) parts.push(`made by ${joinWords(who, "or")}`);
  }
  return `Only touches ${parts.join(", ")} count.`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function calendarBlocks(name: string, cal: IRCalendar, notes: Notes, year: string | null): Block[] {
  const title = name === "business" ? "Business hours" : `${titleName(name)} hours`;
  // consecutive days with the same hours share a row: "Monday to Friday"
  const hoursOf = (d: number) => {
    const spans = cal.open.filter((o) => o.day === d).sort((a, b) => a.from - b.from);
    return spans.length ? spans.map((o) => `${clockText(o.from)}–${clockText(o.to)}`).join(", ") : "closed";
  };
  const rows: string[][] = [];
  for (let d = 1; d <= 7; ) {
    let e = d;
    while (e < 7 && hoursOf(e + 1) === hoursOf(d)) e++;
    rows.push([d === e ? dayName(d) : `${dayName(d)} ${e === d + 1 ? "and" : "to"} ${dayName(e)}`, hoursOf(d)]);
    d = e + 1;
  }
  const day = businessDayMinutes(cal);
  const blocks: Block[] = [
    {
      kind: "paragraph",
      text: [
        { strong: title },
        ` (the ${humanName(name)} calendar). Business time counts only these hours; a business day is ${minutesText(day)} of open time.`,
      ],
    },
    { kind: "table", head: ["Day", "Open"], rows, numeric: [false, false] },
  ];
  // dates the spec lists itself; public holidays of a region are described by name below
  const regional = new Set((cal.holidays ?? []).flatMap((h) => h.dates.map((d) => d.date)));
  const listed = cal.closed.filter((d) => !regional.has(d));
  if (listed.length || !cal.holidays?.length)
    blocks.push({
      kind: "paragraph",
      text: listed.length
        ? [
            `Closed on ${listed.length === 1 ? "this holiday" : `these ${listed.length} holidays`}: ${joinWords(listed.map(dayDateText), "and")}.`,
          ]
        : ["No holidays are listed."],
    });
  for (const h of cal.holidays ?? []) {
    // named for the effective year (the first year listed without one)
    const shown = year ?? String(h.from);
    const those = h.dates.filter((d) => d.date.startsWith(shown));
    blocks.push({
      kind: "paragraph",
      text: [
        `Closed on the public holidays of ${h.region}, listed for ${h.from} to ${h.to} (${h.dates.length} dates)`,
        those.length
          ? `; in ${shown}: ${joinWords(
              those.map((d) => `${d.name} (${dayDateText(d.date)})`),
              "and",
            )}.`
          : ".",
      ],
    });
  }
  const n = notes.get(`calendar:${name}`);
  if (n?.length) blocks.push({ kind: "note", paragraphs: n });
  return blocks;
}

/** "Hand raisers: first response within 4 business hours" and the like. */
export function obligationTitle(o: IRObligation, ir: IR): string {
  const w = windowText(o.within, ir);
  switch (o.kind) {
    case "respond":
      return `${titleName(o.segment)}: first response within ${w}`;
    case "cadence":
      return `${titleName(o.segment)}: ${o.touches} touches within ${w}`;
    case "expect":
      return `${joinWords(o.events, "or")} within ${w} after ${o.after}${o.segment ? ` (${humanName(o.segment)})` : ""}`;
  }
}

function obligationBlocks(o: IRObligation, ir: IR): Block[] {
  const w = windowText(o.within, ir);
  const head: Text =
    o.kind === "respond"
      ? [
          { strong: titleName(o.segment) },
          ": a rep makes the first response (a call, an email or another logged contact) ",
          { strong: `within ${w}` },
          " of the lead's arrival.",
        ]
      : o.kind === "cadence"
        ? [
            { strong: titleName(o.segment) },
            ": a rep makes ",
            { strong: `at least ${o.touches} touches within ${w}` },
            " of the lead's arrival.",
          ]
        : [
            "After ",
            { strong: o.after },
            o.segment ? ` for a lead in ${humanName(o.segment)}` : "",
            ", ",
            { strong: joinWords(o.events, "or") },
            " follows ",
            { strong: `within ${w}` },
            ".",
          ];
  const items: Text[] = [];
  items.push([
    o.target === null
      ? "Target: every lead, no exceptions."
      : `Target: ${percentText(o.target)} of these leads each month are handled in time.`,
  ]);
  if (o.warnAt !== null)
    items.push([
      `A reminder goes to the lead's owner when ${percentText(o.warnAt)} of the window has passed${
        o.onWarn?.length ? `; then ${joinWords(o.onWarn.map(actionText), "and")}` : ""
      }.`,
    ]);
  if (o.by) items.push([byText(o.by)]);
  if (o.pauseWhile) items.push([`The clock stops while ${condText(o.pauseWhile, ir)}.`]);
  items.push([
    o.onBreach.length
      ? `If the window runs out: ${joinWords(o.onBreach.map(actionText), "and")}.`
      : "If the window runs out, the breach is reported in the monthly review.",
  ]);
  return [
    { kind: "paragraph", text: head },
    { kind: "list", items },
  ];
}
