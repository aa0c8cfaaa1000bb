// What changed in meaning between two versions of an SLA, computed from their
// compiled IRs (never from the text): a reformat, a moved comment or a
// reordered `define` is no change. Each change names where it is (`path`), the
// value before and after as the language would write it (null when absent) and
// one plain sentence (`text`), e.g. `respond to trials: 24h -> 4 business hours`.
// Browser-safe; renderers escape the strings for their format.
import { disjoint } from "./disjoint.ts";
import type { Cond, IR, IRAction, IRCalendar, IRFieldType, IRHolidays, IRObligation, IRSegment, Scalar } from "./ir.ts";
import { quote } from "./quote.ts";
import { touchFilterText } from "./vocabulary.ts";

export interface SemanticChange {
  /** where in the IR, e.g. `obligations["respond trials"].within` */
  path: string;
  before: string | null;
  after: string | null;
  /** one plain sentence naming both values */
  text: string;
}

/** Every change in meaning from `before` to `after`, in the order of the IR's sections. */
export function semanticDiff(before: IR, after: IR): SemanticChange[] {
  const out: SemanticChange[] = [];
  /** `same`: the values are written differently but mean the same (a reordered list) */
  const add = (path: string, b: string | null, a: string | null, text: string, same = false) => {
    if (b !== a && !same) out.push({ path, before: b, after: a, text });
  };
  const arrow = (b: string | null, a: string | null) => `${b ?? "none"} -> ${a ?? "none"}`;

  // header
  add("name", quoted(before.name), quoted(after.name), `sla name: ${arrow(quoted(before.name), quoted(after.name))}`);
  add("owner", nq(before.owner), nq(after.owner), `owner: ${arrow(nq(before.owner), nq(after.owner))}`);
  add("effective", before.effective, after.effective, `effective: ${arrow(before.effective, after.effective)}`);
  add("timezone", before.timezone, after.timezone, `timezone: ${arrow(before.timezone, after.timezone)}`);

  // calendars
  for (const name of union(Object.keys(before.calendars), Object.keys(after.calendars))) {
    const b = own(before.calendars, name);
    const a = own(after.calendars, name);
    const path = `calendars[${quote(name)}]`;
    if (!b || !a) {
      const which = (a ?? b)!;
      add(
        path,
        b ? hoursText(which) : null,
        a ? hoursText(which) : null,
        `calendar ${name} ${a ? "added" : "removed"}`,
      );
      continue;
    }
    const hb = hoursText(b);
    const ha = hoursText(a);
    add(`${path}.open`, hb, ha, `calendar ${name} hours: ${hb} -> ${ha}`);
    // dates that come from `closed holidays "US"` are reported per region, not one by one
    const fromRegions = new Set([...holidayDates(b), ...holidayDates(a)]);
    const cb = new Set(b.closed);
    const ca = new Set(a.closed);
    for (const d of a.closed)
      if (!cb.has(d) && !fromRegions.has(d)) add(`${path}.closed`, null, d, `calendar ${name}: holiday ${d} added`);
    for (const d of b.closed)
      if (!ca.has(d) && !fromRegions.has(d)) add(`${path}.closed`, d, null, `calendar ${name}: holiday ${d} removed`);
    for (const region of union(
      (b.holidays ?? []).map((h) => h.region),
      (a.holidays ?? []).map((h) => h.region),
    )) {
      const hb = b.holidays?.find((h) => h.region === region);
      const ha = a.holidays?.find((h) => h.region === region);
      const hpath = `${path}.holidays[${quote(region)}]`;
      const summary = (h: IRHolidays) => `${h.dates.length} dates, ${h.from}-${h.to}`;
      if (!hb || !ha) {
        const h = (ha ?? hb)!;
        add(
          hpath,
          hb ? summary(hb) : null,
          ha ? summary(ha) : null,
          `calendar ${name}: holidays of ${quote(region)} ${ha ? "added" : "removed"} (${summary(h)})`,
        );
        continue;
      }
      const yb = `${hb.from}-${hb.to}`;
      const ya = `${ha.from}-${ha.to}`;
      add(`${hpath}.years`, yb, ya, `calendar ${name}: holidays of ${quote(region)} years: ${yb} -> ${ya}`);
      const db = new Set(hb.dates.map((d) => d.date));
      const da = new Set(ha.dates.map((d) => d.date));
      const inBoth = (d: string) => d >= `${Math.max(hb.from, ha.from)}` && d < `${Math.min(hb.to, ha.to) + 1}`;
      for (const d of ha.dates)
        if (!db.has(d.date) && inBoth(d.date))
          add(
            `${hpath}.dates`,
            null,
            d.date,
            `calendar ${name}: holiday ${d.date} (${d.name}) added to ${quote(region)}`,
          );
      for (const d of hb.dates)
        if (!da.has(d.date) && inBoth(d.date))
          add(
            `${hpath}.dates`,
            d.date,
            null,
            `calendar ${name}: holiday ${d.date} (${d.name}) removed from ${quote(region)}`,
          );
    }
  }

  // fields
  for (const name of union(Object.keys(before.fields), Object.keys(after.fields))) {
    const b = own(before.fields, name);
    const a = own(after.fields, name);
    const tb = b ? fieldTypeText(b) : null;
    const ta = a ? fieldTypeText(a) : null;
    const text = !b ? `field ${name} added: ${ta}` : !a ? `field ${name} removed` : `field ${name}: ${tb} -> ${ta}`;
    add(`fields[${quote(name)}]`, tb, ta, text, !!a && !!b && fieldKey(a) === fieldKey(b));
  }

  // terms (their order is dependency order, not meaning)
  const condOf = (ir: IR) => (c: Cond | null) => (c === null ? "otherwise" : condText(c, ir));
  const cb = condOf(before);
  const ca = condOf(after);
  for (const name of union(
    before.terms.map((t) => t.name),
    after.terms.map((t) => t.name),
  )) {
    const b = before.terms.find((t) => t.name === name);
    const a = after.terms.find((t) => t.name === name);
    const wb = b ? cb(b.when) : null;
    const wa = a ? ca(a.when) : null;
    const text = !b ? `term ${name} added: ${wa}` : !a ? `term ${name} removed` : `term ${name}: ${wb} -> ${wa}`;
    const same = !!a && !!b && canonical(a.when) === canonical(b.when);
    add(`terms[${quote(name)}]`, wb, wa, text, same);
  }

  // ordered classifiers: first match wins, so order is meaning too
  classifierChanges("segment", "segments", before.segments, after.segments, after.terms, cb, ca, add);
  classifierChanges("persona", "personas", before.personas, after.personas, after.terms, cb, ca, add);
  classifierChanges("action", "actions", before.actions, after.actions, after.terms, cb, ca, add);

  // teams
  for (const name of union(
    before.teams.map((t) => t.name),
    after.teams.map((t) => t.name),
  )) {
    const b = before.teams.find((t) => t.name === name);
    const a = after.teams.find((t) => t.name === name);
    const path = `teams[${quote(name)}]`;
    if (!b || !a) {
      const m = (a ?? b)!.members.join(", ");
      add(path, b ? m : null, a ? m : null, `team ${name} ${a ? "added" : "removed"}: ${m}`);
      continue;
    }
    const mb = new Set(b.members);
    const ma = new Set(a.members);
    for (const m of a.members) if (!mb.has(m)) add(`${path}.members`, null, m, `team ${name}: member ${m} added`);
    for (const m of b.members) if (!ma.has(m)) add(`${path}.members`, m, null, `team ${name}: member ${m} removed`);
    // round robin takes members in the order listed
    const ob = b.members.filter((m) => ma.has(m)).join(", ");
    const oa = a.members.filter((m) => mb.has(m)).join(", ");
    add(`${path}.members`, ob, oa, `team ${name} round-robin order: ${ob} -> ${oa}`);
    add(`${path}.manager`, b.manager, a.manager, `team ${name} manager: ${arrow(b.manager, a.manager)}`);
  }

  // other spellings of reps (aliases): what an owner or a touch's `by` may say
  const aliasesOf = (ir: IR) => new Map((ir.people ?? []).map((p) => [p.name, p.aliases]));
  const aliasesBefore = aliasesOf(before);
  const aliasesAfter = aliasesOf(after);
  for (const rep of union([...aliasesBefore.keys()], [...aliasesAfter.keys()])) {
    const ab = new Set(aliasesBefore.get(rep) ?? []);
    const aa = new Set(aliasesAfter.get(rep) ?? []);
    for (const x of aa)
      if (!ab.has(x)) add(`people[${quote(rep)}]`, null, quote(x), `rep ${rep}: alias ${quote(x)} added`);
    for (const x of ab)
      if (!aa.has(x)) add(`people[${quote(rep)}]`, quote(x), null, `rep ${rep}: alias ${quote(x)} removed`);
  }

  // the value chart, cell by cell (persona x action)
  const cells = (ir: IR) => {
    const m = new Map<string, number>();
    if (ir.value)
      for (const [row, vs] of Object.entries(ir.value.rows))
        for (const [i, col] of ir.value.columns.entries()) m.set(`${row}\u0000${col}`, vs[i]);
    return m;
  };
  if ((before.value === null) !== (after.value === null))
    add(
      "value",
      before.value ? "a value chart" : null,
      after.value ? "a value chart" : null,
      `value chart ${after.value ? "added" : "removed"}`,
    );
  else {
    const vb = cells(before);
    const va = cells(after);
    for (const key of union([...vb.keys()], [...va.keys()])) {
      const [row, col] = key.split("\u0000");
      const b = vb.get(key);
      const a = va.get(key);
      const mb = b === undefined ? null : money(b);
      const ma = a === undefined ? null : money(a);
      add(`value[${quote(row)}][${quote(col)}]`, mb, ma, `value ${row} x ${col}: ${arrow(mb, ma)}`);
    }
  }

  // commitments: one per kind, term and period
  const ckey = (c: IR["commitments"][number]) => `${c.kind} ${c.term} per ${c.per}`;
  const cname = (c: IR["commitments"][number]) =>
    `marketing delivers ${c.kind === "value" ? "$ in " : ""}${c.term} per ${c.per}`;
  const goal = (c: IR["commitments"][number]) => (c.kind === "value" ? money(c.goal) : String(c.goal));
  for (const key of union(before.commitments.map(ckey), after.commitments.map(ckey))) {
    const b = before.commitments.find((c) => ckey(c) === key);
    const a = after.commitments.find((c) => ckey(c) === key);
    const gb = b ? goal(b) : null;
    const ga = a ? goal(a) : null;
    add(`commitments[${quote(key)}]`, gb, ga, `${cname((a ?? b)!)}: ${arrow(gb, ga)}`);
  }

  // obligations, matched by id ("respond trials")
  for (const [b, a] of obligationPairs(before.obligations, after.obligations)) {
    const path = `obligations[${quote((a ?? b)!.id)}]`;
    if (!b || !a) {
      const o = (a ?? b)!;
      const w = windowText(o.within);
      add(path, b ? w : null, a ? w : null, `${obligationLabel(o)} within ${w} ${a ? "added" : "removed"}`);
      continue;
    }
    const label = obligationLabel(a);
    add(
      `${path}.within`,
      windowText(b.within),
      windowText(a.within),
      `${label}: ${arrow(windowText(b.within), windowText(a.within))}`,
    );
    if (b.kind === "cadence" && a.kind === "cadence")
      add(`${path}.touches`, String(b.touches), String(a.touches), `${label} touches: ${b.touches} -> ${a.touches}`);
    add(`${path}.target`, pct(b.target), pct(a.target), `${label} target: ${arrow(pct(b.target), pct(a.target))}`);
    add(`${path}.warnAt`, pct(b.warnAt), pct(a.warnAt), `${label} warn at: ${arrow(pct(b.warnAt), pct(a.warnAt))}`);
    const wb = actionsText(b.onWarn ?? []);
    const wa = actionsText(a.onWarn ?? []);
    add(`${path}.onWarn`, wb, wa, `${label} at the warning: ${arrow(wb, wa)}`);
    const tb = touchFilterText(b.by) || null;
    const ta = touchFilterText(a.by) || null;
    add(
      `${path}.by`,
      tb,
      ta,
      `${label} counts ${tb ? `touches ${tb}` : "any touch"} -> ${ta ? `touches ${ta}` : "any touch"}`,
    );
    const pb = b.pauseWhile ? cb(b.pauseWhile) : null;
    const pa = a.pauseWhile ? ca(a.pauseWhile) : null;
    add(
      `${path}.pauseWhile`,
      pb,
      pa,
      `${label} pause while: ${arrow(pb, pa)}`,
      canonical(b.pauseWhile) === canonical(a.pauseWhile),
    );
    const ab = actionsText(b.onBreach);
    const aa = actionsText(a.onBreach);
    add(`${path}.onBreach`, ab, aa, `${label} on breach: ${arrow(ab, aa)}`);
  }

  // plan
  const pb = before.plan;
  const pa = after.plan;
  if ((pb === null) !== (pa === null))
    add("plan", pb ? "a plan" : null, pa ? "a plan" : null, `plan ${pa ? "added" : "removed"}`);
  else if (pb && pa) {
    const m = (x: number | null) => (x === null ? null : money(x));
    add(
      "plan.revenuePerYear",
      m(pb.revenuePerYear),
      m(pa.revenuePerYear),
      `plan revenue per year: ${arrow(m(pb.revenuePerYear), m(pa.revenuePerYear))}`,
    );
    add(
      "plan.averageDeal",
      m(pb.averageDeal),
      m(pa.averageDeal),
      `plan average deal: ${arrow(m(pb.averageDeal), m(pa.averageDeal))}`,
    );
    const v = (x: number | null) => (x === null ? null : groupDigits(x));
    add(
      "plan.volumePerYear",
      v(pb.volumePerYear),
      v(pa.volumePerYear),
      `plan volume per year: ${arrow(v(pb.volumePerYear), v(pa.volumePerYear))}`,
    );
    const steps = (p: typeof pb) => p.steps.map((s) => `${s.from} to ${s.to} ${pct(s.rate)}`).join(", ");
    add("plan.steps", steps(pb), steps(pa), `plan stages: ${arrow(steps(pb), steps(pa))}`);
  }
  return out;
}

/** Segments, personas or actions: added, removed, condition changed, moved above another. */
function classifierChanges(
  kind: string,
  section: string,
  before: IRSegment[],
  after: IRSegment[],
  terms: IR["terms"],
  cb: (c: Cond | null) => string,
  ca: (c: Cond | null) => string,
  add: (path: string, b: string | null, a: string | null, text: string, same?: boolean) => void,
): void {
  for (const name of union(
    before.map((s) => s.name),
    after.map((s) => s.name),
  )) {
    const b = before.find((s) => s.name === name);
    const a = after.find((s) => s.name === name);
    const wb = b ? cb(b.when) : null;
    const wa = a ? ca(a.when) : null;
    const text = !b
      ? `${kind} ${name} added: ${wa}`
      : !a
        ? `${kind} ${name} removed`
        : `${kind} ${name}: ${wb} -> ${wa}`;
    add(`${section}[${quote(name)}]`, wb, wa, text, !!a && !!b && canonical(a.when) === canonical(b.when));
  }
  // Order: for each pair kept on both sides whose order flipped, the one now
  // first "moved above" the other, unless no lead can match both (then the
  // order does not decide anything: `source = "demo"` vs `source = "trial"`).
  const kept = after.map((s) => s.name).filter((n) => before.some((s) => s.name === n));
  const oldIndex = new Map(before.map((s, i) => [s.name, i]));
  for (let i = 0; i < kept.length; i++)
    for (let j = i + 1; j < kept.length; j++) {
      const x = kept[i];
      const y = kept[j];
      const cx = after.find((s) => s.name === x)!.when;
      const cy = after.find((s) => s.name === y)!.when;
      if (oldIndex.get(x)! > oldIndex.get(y)! && !disjoint(cx, cy, terms))
        add(`${section}[${quote(x)}].order`, `below ${y}`, `above ${y}`, `${kind} ${x} moved above ${y}`);
    }
}

/**
 * Obligations of both sides, paired by id. Two rules for one segment carry
 * their window in the id ("respond hot within 5m"), so a changed window
 * changes the id: such a rule is paired with the one rule left over on the
 * other side that differs only in that suffix.
 */
function obligationPairs(before: IRObligation[], after: IRObligation[]): [IRObligation | null, IRObligation | null][] {
  const pairs: [IRObligation | null, IRObligation | null][] = [];
  const afterIds = new Set(after.map((o) => o.id));
  const beforeIds = new Set(before.map((o) => o.id));
  const base = (id: string) => id.replace(/ within .*$/s, "");
  const leftAfter = after.filter((o) => !beforeIds.has(o.id));
  const paired = new Set<IRObligation>();
  for (const b of before) {
    const a = after.find((o) => o.id === b.id);
    if (a) {
      pairs.push([b, a]);
      continue;
    }
    const sameBase = leftAfter.filter((o) => base(o.id) === base(b.id) && !paired.has(o));
    const rivals = before.filter((o) => !afterIds.has(o.id) && base(o.id) === base(b.id));
    if (sameBase.length === 1 && rivals.length === 1 && b.id !== base(b.id)) {
      paired.add(sameBase[0]);
      pairs.push([b, sameBase[0]]);
    } else pairs.push([b, null]);
  }
  for (const a of leftAfter) if (!paired.has(a)) pairs.push([null, a]);
  return pairs;
}

function obligationLabel(o: IRObligation): string {
  switch (o.kind) {
    case "respond":
      return `respond to ${o.segment}`;
    case "cadence":
      return `cadence ${o.segment}`;
    case "expect":
      return o.id;
  }
}

// ---------------------------------------------------------------- wording

const UNITS: [number, string][] = [
  [7 * 86_400_000, "w"],
  [86_400_000, "d"],
  [3_600_000, "h"],
  [60_000, "m"],
  [1000, "s"],
];

/** A window as the language writes it: `24h`, `90s`, `4 business hours`, `30 business minutes on chat`. */
export function windowText(w: IRObligation["within"]): string {
  if (w.kind === "calendar") {
    // days and weeks from two on: a day is written `24h` more often than `1d`
    for (const [ms, u] of UNITS) if (w.ms % ms === 0 && (ms < 86_400_000 || w.ms >= 2 * ms)) return `${w.ms / ms}${u}`;
    return `${w.ms / 1000}s`;
  }
  const n = w.minutes % 60 === 0 ? w.minutes / 60 : w.minutes;
  const unit = w.minutes % 60 === 0 ? "hour" : "minute";
  return `${n} business ${unit}${n === 1 ? "" : "s"}${w.calendar === "business" ? "" : ` on ${w.calendar}`}`;
}

const DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/** Weekly open hours, consecutive days with the same spans grouped: `mon-fri 09:00-17:30; sat 10:00-14:00`. */
export function hoursText(c: IRCalendar): string {
  const perDay = DAY_NAMES.map((_, i) =>
    c.open
      .filter((o) => o.day === i + 1)
      .sort((a, b) => a.from - b.from)
      .map((o) => `${hhmm(o.from)}-${hhmm(o.to)}`)
      .join(", "),
  );
  const groups: string[] = [];
  for (let i = 0; i < 7; ) {
    let j = i;
    while (j + 1 < 7 && perDay[j + 1] === perDay[i]) j++;
    if (perDay[i]) groups.push(`${DAY_NAMES[i]}${j > i ? `-${DAY_NAMES[j]}` : ""} ${perDay[i]}`);
    i = j + 1;
  }
  return groups.join("; ") || "never open";
}

/** A field type for comparison: the order of an enum's values means nothing. */
function fieldKey(t: IRFieldType): string {
  return t.type === "enum" ? `enum ${JSON.stringify([...t.values].sort())}` : t.type;
}

/**
 * A condition for comparison: nested and/or flattened, their parts and the
 * values of an `in` list sorted and de-duplicated (the order means nothing:
 * conditions have no side effects). null is `otherwise`.
 */
export function canonical(c: Cond | null): string {
  if (c === null) return "otherwise";
  const norm = (x: Cond): unknown => {
    switch (x.op) {
      case "and":
      case "or": {
        const parts: string[] = [];
        const flat = (y: Cond) => {
          if (y.op === x.op) for (const z of y.args) flat(z);
          else parts.push(JSON.stringify(norm(y)));
        };
        flat(x);
        return { op: x.op, args: [...new Set(parts)].sort() };
      }
      case "not":
        return { op: "not", arg: norm(x.arg) };
      case "in":
        return { ...x, values: [...new Set(x.values.map((v) => JSON.stringify(v)))].sort() };
      default:
        return x;
    }
  };
  return JSON.stringify(norm(c));
}

function fieldTypeText(t: IRFieldType): string {
  return t.type === "enum" ? `one of ${t.values.map(quote).join(", ")}` : t.type === "yesno" ? "yes/no" : t.type;
}

/** A condition as the language writes it (money in dollars, enum values quoted). */
export function condText(c: Cond, ir: Pick<IR, "fields">): string {
  const lit = (field: string, v: Scalar) => {
    const t = own(ir.fields, field)?.type;
    if (t === "money" && typeof v === "number") return money(v);
    if (typeof v === "boolean") return v ? "yes" : "no";
    if (typeof v === "string" && t !== "date") return quote(v);
    return String(v);
  };
  const go = (c: Cond, parent: "or" | "and" | "not" | "top"): string => {
    switch (c.op) {
      case "true":
        return "true";
      case "or": {
        const s = c.args.map((a) => go(a, "or")).join(" or ");
        return parent === "top" || parent === "or" ? s : `(${s})`;
      }
      case "and": {
        const s = c.args.map((a) => go(a, "and")).join(" and ");
        return parent === "not" ? `(${s})` : s;
      }
      case "not":
        if (c.arg.op === "in")
          return `${c.arg.field} not in (${c.arg.values.map((v) => lit((c.arg as { field: string }).field, v)).join(", ")})`;
        if (c.arg.op === "set") return `${c.arg.field} is not set`;
        return `not ${go(c.arg, "not")}`;
      case "term":
        return c.name;
      case "flag":
        return c.field;
      case "cmp":
        return `${c.field} ${c.cmp} ${lit(c.field, c.value)}`;
      case "in":
        return `${c.field} in (${c.values.map((v) => lit(c.field, v)).join(", ")})`;
      case "text":
        return `${c.field} ${c.match === "contains" ? "contains" : c.match === "starts" ? "starts with" : "ends with"} ${quote(c.value)}`;
      case "set":
        return `${c.field} is set`;
    }
  };
  return go(c, "top");
}

/** Every date a calendar takes from `closed holidays` regions. */
function holidayDates(c: IRCalendar): string[] {
  return (c.holidays ?? []).flatMap((h) => h.dates.map((d) => d.date));
}

function actionsText(actions: IRAction[]): string | null {
  return actions.length === 0 ? null : actions.map(actionText).join(", ");
}

function actionText(a: IRAction): string {
  switch (a.type) {
    case "reassign":
      return `reassign round robin ${a.team}`;
    case "escalate":
      return "escalate to manager";
    case "nurture":
      return `nurture ${quote(a.campaign)}`;
    case "notify":
      return `notify ${quote(a.url)}`;
    case "tag":
      return `tag ${quote(a.label)}`;
    default: {
      const never: never = a;
      return never;
    }
  }
}

function groupDigits(n: number): string {
  const [i, f] = String(n).split(".");
  return i.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (f ? `.${f}` : "");
}

/** Cents as the language writes money: `$1,200`, `$131.25`. */
export function money(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  return `${sign}$${groupDigits(whole)}${frac ? `.${String(frac).padStart(2, "0")}` : ""}`;
}

/** A share in (0, 1] as a percentage without float noise: 0.95 -> `95%`, 0.995 -> `99.5%`. */
function pct(x: number | null): string | null {
  return x === null ? null : `${Number((x * 100).toPrecision(12))}%`;
}

const quoted = (s: string) => quote(s);
const nq = (s: string | null) => (s === null ? null : quote(s));

function own<T>(o: Record<string, T>, k: string): T | undefined {
  return Object.hasOwn(o, k) ? o[k] : undefined;
}

/** Names of both sides, the old order first, new names after. */
function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}
