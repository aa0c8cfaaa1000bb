// A small request/response protocol over postMessage: the page calls the
// worker's methods as if they were local async functions. Values cross by
// structured clone, so arguments and results are plain data (File objects are
// fine; functions and class instances are not). No DOM: the worker side runs
// under vitest too, over a MessageChannel.

/** Each method of T, as the other side sees it: the same arguments, a promise of the result. */
export type Remote<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/** The two ends: a Worker and the worker's global scope, or the ports of a MessageChannel. */
export interface Port {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (e: MessageEvent) => void): void;
  start?(): void;
}

/** A Worker also reports that it failed to load or threw outside a request. */
interface FailingPort {
  addEventListener(type: "error" | "messageerror", listener: (e: Event) => void): void;
}

interface Request {
  id: number;
  method: string;
  args: unknown[];
}

type Response = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

/**
 * Answers requests on `port` by calling `api`'s methods named in `methods`
 * (and no other). Awaited: a method may pause and let newer requests in.
 */
export function expose(api: object, methods: Readonly<Record<string, true>>, port: Port): void {
  port.addEventListener("message", (e: MessageEvent) => {
    const req = e.data as Request;
    if (!req || typeof req.id !== "number" || typeof req.method !== "string") return;
    void answer(api, methods, req).then((res) => port.postMessage(res));
  });
  port.start?.();
}

async function answer(api: object, methods: Readonly<Record<string, true>>, req: Request): Promise<Response> {
  const fn = Object.hasOwn(methods, req.method) ? (api as Record<string, unknown>)[req.method] : undefined;
  if (typeof fn !== "function") return { id: req.id, ok: false, message: `no method "${req.method}"` };
  try {
    return { id: req.id, ok: true, value: await fn.apply(api, req.args) };
  } catch (e) {
    return { id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The calling side: `remote.check(text, 1)` posts a request and resolves with
 * the worker's answer. With `methods`, the handle has those names and no other
 * (`"x" in remote` is honest, and a library probing a property, as Lit does for
 * its directive marker, finds nothing); without, any name is sent (tests).
 */
export function connect<T>(port: Port, methods?: Readonly<Record<string, true>>): Remote<T> {
  let next = 1;
  const pending = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();
  port.addEventListener("message", (e: MessageEvent) => {
    const res = e.data as Response;
    const p = res && pending.get(res.id);
    if (!p) return;
    pending.delete(res.id);
    if (res.ok) p.ok(res.value);
    else p.fail(new Error(res.message));
  });
  // A worker that cannot load (or crashed) answers nothing: fail what waits, and what comes next.
  let broken: string | null = null;
  const fatal = (e: Event) => {
    broken = (e as ErrorEvent).message || `the analysis worker failed (${e.type})`;
    for (const p of pending.values()) p.fail(new Error(broken));
    pending.clear();
  };
  if ("onerror" in port) {
    (port as unknown as FailingPort).addEventListener("error", fatal);
    (port as unknown as FailingPort).addEventListener("messageerror", fatal);
  }
  port.start?.();
  return new Proxy(
    {},
    {
      has(_target, method) {
        return typeof method === "string" && methods !== undefined && Object.hasOwn(methods, method);
      },
      get(_target, method) {
        if (typeof method !== "string" || method === "then") return undefined;
        if (methods !== undefined && !Object.hasOwn(methods, method)) return undefined;
        return (...args: unknown[]) =>
          new Promise((ok, fail) => {
            if (broken !== null) {
              fail(new Error(broken));
              return;
            }
            const id = next++;
            pending.set(id, { ok, fail });
            port.postMessage({ id, method, args } satisfies Request);
          });
      },
    },
  ) as Remote<T>;
}
