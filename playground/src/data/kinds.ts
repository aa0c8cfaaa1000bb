// The names the Data tab and the worker share (no code: the page imports this
// without the CSV parser or the mappings).

/** What an uploaded file is. */
export type DataRole = "events" | "leads" | "activities" | "history";
export const DATA_ROLES: readonly DataRole[] = ["events", "leads", "activities", "history"];

/** The mapping presets (engine/ingest/presets.ts). */
export const PRESET_NAMES = ["salesforce", "hubspot"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];
