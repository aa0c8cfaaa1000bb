// Child process for the memory benchmark: one replay through the CLI's code
// path, then its peak RSS.
//   node --import tsx bench/child-replay.ts FILE      replay FILE against inbound.sla
//   node --import tsx bench/child-replay.ts --baseline  only load and compile (the floor of RSS)
// Prints one JSON line: { maxRssBytes, ms, events, leads, heapUsedBytes }.
import { inboundIr, replayJsonl } from "./core.ts";

const file = process.argv[2];
const ir = inboundIr();
const t0 = performance.now();
let events = 0;
let leads = 0;
if (file !== "--baseline") {
  const report = await replayJsonl(ir, file);
  events = report.events;
  leads = report.leads;
}
const ms = performance.now() - t0;
// maxRSS is in kilobytes (ru_maxrss)
const maxRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(
  JSON.stringify({ maxRssBytes, ms, events, leads, heapUsedBytes: process.memoryUsage().heapUsed }) + "\n",
);
