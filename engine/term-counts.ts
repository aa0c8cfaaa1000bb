// How many leads of a replayed history matched each term: what the
// playground's hover says next to a term's condition ("312 of 1,204 leads
// matched it").
//
// Two counts per term, both over the leads the history creates:
// - `ever`: leads whose fields matched the term at some point of the replay.
//   Terms are evaluated after every change of a lead's fields, exactly when
//   the runtime classifies a lead (runtime.ts `classify`), so this is the
//   number of leads whose "term first matched" the runtime observes: what a
//   count commitment on the term adds up over all its periods.
// - `atEnd`: leads whose last field values (at the end of the data, or at
//   `until`) match it.
//
// Only lead.created and lead.updated carry field values (the prepared form
// checks that), so this reads the field columns and nothing else: no clocks,
// no timers; cheaper than a replay.
import type { IR } from "../language/ir.ts";
import type { FieldValue } from "./events.ts";
import { compileClassifier, type Fields } from "./predicates.ts";
import type { PreparedEvents } from "./prepared.ts";

export interface TermCount {
  name: string;
  ever: number;
  atEnd: number;
}

export interface TermCounts {
  /** leads created in the history (up to `until`) */
  leads: number;
  /** one per term of the IR, in its order */
  terms: TermCount[];
}

/** Counts over a prepared history (events at or before `until` when given, as replayPrepared). */
export function termCounts(ir: IR, p: PreparedEvents, opts: { until?: number } = {}): TermCounts {
  const classifier = compileClassifier(ir);
  const nTerms = ir.terms.length;
  const template = fieldTemplate(ir);
  const leadFields: (Fields | undefined)[] = new Array(p.leadIds.length);
  /** ever[lead * nTerms + t] */
  const ever = new Uint8Array(p.leadIds.length * nTerms);
  const terms = new Uint8Array(nTerms);
  const { at, lead, fieldStart, fieldKey, fieldValue, fieldNames } = p;
  let leads = 0;
  for (let i = 0; i < p.n; i++) {
    if (opts.until !== undefined && at[i] > opts.until) break;
    const li = lead[i];
    if (li >= leadFields.length) continue; // rep.away: no lead
    let f = leadFields[li];
    if (!f) {
      leadFields[li] = f = { ...template };
      leads++;
    }
    const from = fieldStart[i];
    const to = fieldStart[i + 1];
    if (from === to) continue;
    for (let j = from; j < to; j++) {
      const v: FieldValue = fieldValue[j];
      f[fieldNames[fieldKey[j]]] = v === null ? undefined : v;
    }
    classifier.evalTerms(f, terms);
    const base = li * nTerms;
    for (let t = 0; t < nTerms; t++) if (terms[t] === 1) ever[base + t] = 1;
  }
  const counts: TermCount[] = ir.terms.map((t) => ({ name: t.name, ever: 0, atEnd: 0 }));
  for (let li = 0; li < leadFields.length; li++) {
    const f = leadFields[li];
    if (!f) continue;
    classifier.evalTerms(f, terms);
    const base = li * nTerms;
    for (let t = 0; t < nTerms; t++) {
      counts[t].ever += ever[base + t];
      counts[t].atEnd += terms[t];
    }
  }
  return { leads, terms: counts };
}

/** Every declared field, unset (as the runtime's lead objects start; `__proto__` as an own property). */
function fieldTemplate(ir: IR): Fields {
  const f: Fields = {};
  for (const k of Object.keys(ir.fields))
    Object.defineProperty(f, k, { value: undefined, enumerable: true, writable: true, configurable: true });
  return f;
}
