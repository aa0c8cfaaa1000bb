// The Data tab's requests, answered in the worker (session.ts delegates here):
// guess what uploaded files are, load them as the session's data (read and
// prepared at once for the current SLA, so a problem shows when the files are
// dropped, not on the next edit), or go back to the generated sample.
import { presetMapping } from "../../../engine/ingest/inputs.ts";
import type { Mapping } from "../../../engine/ingest/mapping-load.ts";
import type { IR } from "../../../language/ir.ts";
import { GeneratedSource, PLAYGROUND_DATA } from "../simulator.ts";
import type { DataSource, PreparedForRun } from "../worker/data-source.ts";
import type { DataInfo } from "../worker/protocol.ts";
import { fileHead, type NamedBlob } from "./file-text.ts";
import { type DataRole, PRESET_NAMES, type PresetName } from "./kinds.ts";
import { guessPreset, guessRole } from "./roles.ts";
import {
  type DataError,
  dataError,
  type MappingChoice,
  resolveMapping,
  type UploadFile,
  UploadSource,
  uploadProblem,
} from "./upload-source.ts";

export interface DataGuess {
  files: { name: string; size: number; role: DataRole; because: string }[];
  /** the preset most headers fit (null: none, or only JSONL) */
  preset: PresetName | null;
}

export type LoadDataResult = { ok: true; data: DataInfo } | { ok: false; error: DataError };

/** What loadData needs of the session. */
export interface DataHost {
  context(): { ir: IR | null };
  setData(data: DataSource): void;
  prepareFor(ir: IR): Promise<PreparedForRun>;
}

let presets: Record<PresetName, Mapping> | null = null;
const presetMappings = (): Record<PresetName, Mapping> =>
  (presets ??= Object.fromEntries(PRESET_NAMES.map((p) => [p, presetMapping(p)!])) as Record<PresetName, Mapping>);

export async function guessData(files: readonly NamedBlob[]): Promise<DataGuess> {
  const guesses = await Promise.all(files.map(async (f) => guessRole(f.name, await fileHead(f), presetMappings())));
  return {
    files: files.map((f, i) => ({ name: f.name, size: f.size, role: guesses[i].role, because: guesses[i].because })),
    preset: guessPreset(guesses),
  };
}

/**
 * Makes the files the session's data. With a valid SLA they are read and
 * prepared now: any problem (a bad mapping, a missing column, an empty or
 * too large file) comes back located, and the data stays as it was.
 */
export async function loadData(
  host: DataHost,
  files: readonly UploadFile[],
  mapping: MappingChoice | null,
): Promise<LoadDataResult> {
  const problem = uploadProblem(files, mapping);
  if (problem !== null) return { ok: false, error: { code: "", file: "", line: 0, message: problem } };
  try {
    const csv = files.some((f) => f.role !== "events");
    const source = new UploadSource(files, csv ? await resolveMapping(mapping!) : null);
    const ir = host.context().ir;
    if (ir !== null) await source.prepare(ir);
    host.setData(source);
    // (prepared above: the session's cache takes it from the source)
    if (ir !== null) await host.prepareFor(ir);
    return { ok: true, data: source.info(ir) };
  } catch (e) {
    return { ok: false, error: dataError(e) };
  }
}

export function useGenerated(host: DataHost): DataInfo {
  const data = new GeneratedSource(PLAYGROUND_DATA);
  host.setData(data);
  return data.info(host.context().ir);
}
