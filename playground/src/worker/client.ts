// The page's handle on the analysis worker: one worker, created on first use.
import AnalysisWorker from "./analysis.worker.ts?worker";
import { API_METHODS, type PlaygroundApi } from "./protocol.ts";
import { connect, type Remote } from "./rpc.ts";

export type AnalysisApi = Remote<PlaygroundApi>;

let api: AnalysisApi | null = null;

export function analysis(): AnalysisApi {
  return (api ??= connect<PlaygroundApi>(new AnalysisWorker(), API_METHODS));
}
