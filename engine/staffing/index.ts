// Staffing feasibility (`sla staff`). Browser-safe.
export { type Arrivals, collectArrivals } from "./arrivals.ts";
export { erlangB, erlangC, meanWait, waitWithin } from "./erlang.ts";
export { poissonArrivals, simulateQueue } from "./queue-sim.ts";
export { analyseStaffing, type StaffOptions, type StaffReport } from "./staffing.ts";
