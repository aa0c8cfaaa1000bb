// Defined terms: their conditions type-check, they form no cycle, and they
// are put in dependency order for the compiler.
import type { CheckContext } from "./context.ts";
import { checkExpr } from "./expressions.ts";

export function checkTerms(cx: CheckContext): void {
  const terms = cx.m.terms;
  const deps = new Map<string, string[]>();
  for (const [name, d] of terms) {
    const set = new Set<string>();
    if (d.when) checkExpr(cx, d.when, set);
    deps.set(name, [...set]);
  }
  // Topological order by depth-first search; report each cycle once, naming it.
  // The search keeps its own stack: a chain of thousands of terms, each
  // using the previous, must not exhaust the call stack.
  const state = new Map<string, "visiting" | "done">();
  const order: string[] = [];
  const path: string[] = [];
  const onPath = new Map<string, number>();
  const reported = new Set<string>();
  const frames: { name: string; next: number }[] = [];
  const enter = (n: string): void => {
    const st = state.get(n);
    if (st === "done") return;
    if (st === "visiting") {
      const cycle = [...path.slice(onPath.get(n)), n];
      const key = [...cycle].sort().join(",");
      if (!reported.has(key)) {
        reported.add(key);
        const d = terms.get(cycle[0])!;
        cx.report("SLA204", d.name.range, `definition cycle: ${cycle.join(" -> ")}`, "a term cannot depend on itself");
      }
      return;
    }
    state.set(n, "visiting");
    onPath.set(n, path.push(n) - 1);
    frames.push({ name: n, next: 0 });
  };
  for (const root of terms.keys()) {
    enter(root);
    while (frames.length) {
      const top = frames[frames.length - 1];
      const ds = deps.get(top.name) ?? [];
      if (top.next < ds.length) {
        enter(ds[top.next++]);
        continue;
      }
      frames.pop();
      path.pop();
      onPath.delete(top.name);
      state.set(top.name, "done");
      order.push(top.name);
    }
  }
  cx.m.termOrder = order;
}
