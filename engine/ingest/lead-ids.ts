// Joining lead ids across the files of one CRM export. Salesforce writes a
// record's id in two forms: 15 characters, case-sensitive (reports, the UI),
// and 18 characters, the same 15 plus a 3-character checksum of their letter
// case (the API, Data Loader, CASESAFEID()). Exports mix them, so an activity
// row's "00Q8c00001AbCdEFGH" and a lead row's "00Q8c00001AbCdE" must meet.
//
// The checksum: split the 15 characters into 3 blocks of 5; for each block,
// bit i (i = 0..4, left to right) is set when character i is an uppercase
// A-Z; the 5-bit number indexes "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345". An
// 18-character id is the same record as a 15-character one exactly when its
// first 15 characters are equal and its last 3 are their checksum.
//
// Ids that differ only in letter case are *different* records in Salesforce
// (15-character ids are case-sensitive), but one lower-cased by a spreadsheet
// looks like the other: that gets a hint, never a join.
import { Failure } from "../problems.ts";
import { show } from "./suggest.ts";

const ALNUM = /^[A-Za-z0-9]+$/;
const SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/** The 3-character case checksum of a 15-character id. */
export function salesforceChecksum(id15: string): string {
  let out = "";
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(block * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    out += SUFFIX[bits];
  }
  return out;
}

/**
 * The 18-character form of a Salesforce id: a 15-character alphanumeric id
 * plus its checksum, an 18-character one whose checksum is right as it is;
 * null for anything else.
 */
export function salesforceId18(id: string): string | null {
  if (id.length === 15 && ALNUM.test(id)) return id + salesforceChecksum(id);
  if (id.length === 18 && ALNUM.test(id)) {
    const head = id.slice(0, 15);
    // the checksum letters are compared ignoring case: tools upper-case them
    return salesforceChecksum(head) === id.slice(15).toUpperCase() ? head + salesforceChecksum(head) : null;
  }
  return null;
}

/** The key ids are joined on: the 18-character form of a Salesforce id, else the id itself. */
export function joinKey(id: string): string {
  return salesforceId18(id) ?? id;
}

/**
 * The lead ids of a leads export, as the other files of the export find them.
 * `resolve` maps an id from another file to the leads file's spelling of it.
 */
export class LeadIds {
  private byKey = new Map<string, string>();
  /** lower-cased first 15 characters of Salesforce-shaped ids -> the id (for the letter-case hint) */
  private folded = new Map<string, string>();
  /** ids from other files joined to a lead under another spelling (15 vs 18 characters) */
  joined = 0;

  constructor(readonly file: string) {}

  get size(): number {
    return this.byKey.size;
  }

  add(id: string): void {
    const key = joinKey(id);
    if (!this.byKey.has(key)) this.byKey.set(key, id);
    if (salesforceId18(id) !== null) this.folded.set(key.slice(0, 15).toLowerCase(), id);
  }

  /**
   * The leads file's id for `id`: itself, or the same Salesforce record's
   * other form. An id the leads file does not have is returned as it is (the
   * replay reports it), unless it looks like a known Salesforce id with its
   * letter case changed: then a Failure (EV307) that says so.
   */
  resolve(id: string): string | Failure {
    if (this.byKey.size === 0) return id;
    const key = joinKey(id);
    const found = this.byKey.get(key);
    if (found !== undefined) {
      if (found !== id) this.joined++;
      return found;
    }
    if ((id.length === 15 || id.length === 18) && ALNUM.test(id)) {
      const near = this.folded.get(id.slice(0, 15).toLowerCase());
      if (near !== undefined && near.slice(0, 15) === id.slice(0, 15)) {
        const want = salesforceChecksum(id.slice(0, 15));
        return new Failure(
          "EV307",
          `lead ${show(id)} is not in ${this.file}: its first 15 characters are lead ${show(near)}'s, but its last 3 ` +
            `are not their checksum (expected ${show(want)}): a damaged or hand-edited id?`,
        );
      }
      if (near !== undefined) {
        return new Failure(
          "EV307",
          `lead ${show(id)} is not in ${this.file}, but looks like its lead ${show(near)} with the letters' case changed ` +
            `(Salesforce ids are case-sensitive: a spreadsheet may have changed it; re-export the 18-character ids)`,
        );
      }
    }
    return id;
  }
}
