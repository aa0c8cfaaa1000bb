// The live engine's browser-safe core (sla run adds the store, stdin and timers).
export { appliedKey, LiveCore, LiveRefusal } from "./core.ts";
export {
  hash128,
  type LiveNotice,
  type LiveObligation,
  type LiveOutput,
  type LiveRecord,
  type LiveRecordKind,
  noticeId,
  recordId,
} from "./record.ts";
export {
  type ClockSnapshot,
  exportLead,
  type GlobalSnapshot,
  importLead,
  type LeadSnapshot,
  type ObligationResolver,
} from "./snapshot.ts";
