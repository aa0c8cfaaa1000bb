// The HTTP endpoint of `sla run --listen HOST:PORT` (Node's http module, no
// framework):
//
//   POST /events   one JSON event, or a JSONL body (one event per line)
//   GET  /healthz  200 and what is running (spec version, state, last event)
//   GET  /metrics  Prometheus text (metrics.ts)
//
// A body is all-or-nothing: every line is decoded and checked first, and if
// any line is refused (bad JSON, wrong types, unknown property, an event for a
// lead the state does not know...) the answer is a 400 listing each refused
// line with its EV code, and nothing is applied. Otherwise the whole body is
// applied and committed in one transaction, and only then answered (200):
// an accepted body is durable. Bodies are limited (10 MiB by default): a
// larger one is refused with 413 from its Content-Length (or, when chunked, as
// soon as it passes the limit) without being read into memory.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SlaEvent } from "../../engine/events.ts";
import type { EventDecoder } from "../../engine/ingest/decode.ts";
import { decodeLine } from "../../engine/ingest/jsonl.ts";
import { LineSplitter } from "../../engine/ingest/lines.ts";
import { type EvCode, Failure } from "../../engine/problems.ts";

export const DEFAULT_MAX_BODY = 10 * 1024 * 1024;
/** After a 413, at most this much more of a body being sent is read (and dropped) before the connection is cut. */
const DRAIN_LIMIT = 256 * 1024 * 1024;

/** One refused line of a body (line 1 for a single-event body). */
export interface LineProblem {
  line: number;
  code: EvCode;
  message: string;
}

/** An event with the body line it came from. */
export interface BodyEvent {
  event: SlaEvent;
  line: number;
}

export type IngestAnswer =
  /**
   * taken: `applied` committed, `duplicates` seen before (applied once),
   * `held` waiting in the reorder buffer (--lateness), `late` refused at
   * apply time (reported as late records too)
   */
  | { ok: true; accepted: number; applied: number; duplicates: number; held: number; late: LineProblem[] }
  /** refused: nothing applied */
  | { ok: false; problems: LineProblem[] };

export interface HttpHandlers {
  /** the decoder of the spec now running (field types come from it) */
  decoder(): EventDecoder;
  /**
   * Apply a whole body in one transaction, serialized with every other
   * writer (stdin, timers); resolves after the commit, or with the problems
   * and nothing applied.
   */
  ingest(events: BodyEvent[]): Promise<IngestAnswer>;
  health(): Promise<Record<string, unknown>> | Record<string, unknown>;
  metrics(): Promise<{ contentType: string; text: string }>;
  /** one served request (for the metrics) */
  served?(route: string, status: number): void;
  log?(line: string): void;
}

export interface HttpOptions {
  host: string;
  port: number;
  maxBody?: number;
}

/** At most this many refused lines are listed in a 400 (the count is always exact). */
const MAX_PROBLEMS_LISTED = 100;

export class HttpEndpoint {
  private server: Server;
  private closing = false;
  private readonly maxBody: number;

  constructor(
    private readonly h: HttpHandlers,
    private readonly opts: HttpOptions,
  ) {
    this.maxBody = opts.maxBody ?? DEFAULT_MAX_BODY;
    this.server = createServer({ requestTimeout: 60_000, headersTimeout: 30_000 }, (req, res) => {
      void this.handle(req, res);
    });
    // `Expect: 100-continue` (curl sends it above 1 MiB): refuse an oversized
    // body before the client sends it
    this.server.on("checkContinue", (req, res) => {
      if (this.tooLarge(req)) return void this.refuseTooLarge(req, res, false);
      res.writeContinue();
      void this.handle(req, res);
    });
  }

  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off("error", reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting connections and requests; resolves when the requests in progress are answered. */
  close(): Promise<void> {
    this.closing = true;
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    let route = path;
    try {
      if (path === "/events") {
        if (req.method !== "POST") return this.methodNotAllowed(res, route, "POST");
        return await this.postEvents(req, res);
      }
      if (path === "/healthz") {
        if (req.method !== "GET" && req.method !== "HEAD") return this.methodNotAllowed(res, route, "GET");
        const body = { status: this.closing ? "stopping" : "ok", ...(await this.h.health()) };
        return this.json(res, route, this.closing ? 503 : 200, body);
      }
      if (path === "/metrics") {
        if (req.method !== "GET" && req.method !== "HEAD") return this.methodNotAllowed(res, route, "GET");
        const m = await this.h.metrics();
        return this.send(res, route, 200, m.contentType, m.text);
      }
      route = "other";
      return this.json(res, route, 404, {
        error: { message: `no such endpoint: ${req.method} ${path} (POST /events, GET /healthz, GET /metrics)` },
      });
    } catch (e) {
      // our bug, not the client's: say so without a stack trace, keep serving
      const message = e instanceof Error ? e.message : String(e);
      this.h.log?.(`http: ${req.method} ${path}: internal error: ${message}`);
      if (!res.headersSent) this.json(res, route, 500, { error: { message: `internal error: ${message}` } });
      else res.destroy();
    }
  }

  private tooLarge(req: IncomingMessage): boolean {
    const length = Number(req.headers["content-length"]);
    return Number.isFinite(length) && length > this.maxBody;
  }

  /**
   * 413 at once. The body is never kept: a client that waits for
   * `100 Continue` never sends it (the connection is closed after the
   * answer); one already sending has the rest read and dropped, up to
   * DRAIN_LIMIT, so it can read the answer (closing on a client still sending
   * makes the kernel reset the connection, and a reset can destroy the answer
   * before the client reads it); beyond that the connection is cut.
   */
  private refuseTooLarge(req: IncomingMessage, res: ServerResponse, sending: boolean): void {
    if (!sending) res.setHeader("connection", "close");
    this.json(res, "/events", 413, {
      error: {
        message: `body too large: the limit is ${this.maxBody.toLocaleString("en-US")} bytes; send the events in smaller bodies`,
      },
    });
    if (!sending || req.complete) return;
    let dropped = 0;
    req.removeAllListeners("data");
    req.on("data", (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > DRAIN_LIMIT) req.socket.destroy();
    });
    req.resume();
  }

  private async postEvents(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = "/events";
    if (this.closing) {
      res.setHeader("connection", "close");
      return this.json(res, route, 503, { error: { message: "shutting down: send the events again later" } });
    }
    if (this.tooLarge(req)) return this.refuseTooLarge(req, res, true);
    const body = await readBody(req, this.maxBody);
    if (body === null) return this.refuseTooLarge(req, res, true);
    const decoded = decodeBody(body, this.h.decoder());
    if (decoded.problems.length > 0) return this.refused(res, decoded.problems, decoded.lines);
    if (decoded.events.length === 0)
      return this.json(res, route, 400, { error: { message: "empty body: send one JSON event or JSONL lines" } });
    const answer = await this.h.ingest(decoded.events);
    if (!answer.ok) return this.refused(res, answer.problems, decoded.lines);
    const { ok: _, ...counts } = answer;
    return this.json(res, route, 200, counts);
  }

  private refused(res: ServerResponse, problems: LineProblem[], lines: number): void {
    const first = problems[0];
    const where = lines > 1 ? `line ${first.line}: ` : "";
    this.json(res, "/events", 400, {
      error: {
        code: first.code,
        line: first.line,
        message: `${where}${first.message}`,
        refused: problems.length,
        note: "nothing was applied: a body is accepted whole or not at all",
      },
      problems: problems.slice(0, MAX_PROBLEMS_LISTED),
    });
  }

  private methodNotAllowed(res: ServerResponse, route: string, allowed: string): void {
    res.setHeader("allow", allowed === "GET" ? "GET, HEAD" : allowed);
    this.json(res, route, 405, { error: { message: `use ${allowed} on ${route}` } });
  }

  private json(res: ServerResponse, route: string, status: number, body: unknown): void {
    this.send(res, route, status, "application/json; charset=utf-8", `${JSON.stringify(body)}\n`);
  }

  private send(res: ServerResponse, route: string, status: number, contentType: string, text: string): void {
    res.statusCode = status;
    res.setHeader("content-type", contentType);
    res.setHeader("cache-control", "no-store");
    if (this.closing) res.setHeader("connection", "close");
    res.end(res.req.method === "HEAD" ? undefined : text);
    this.h.served?.(route, status);
  }
}

/** The body as text, or null as soon as it passes `max` bytes (the rest is not read). */
function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        done = true;
        chunks.length = 0;
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      // invalid UTF-8 becomes U+FFFD, which the decoder refuses in ids (EV112), as for files
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", (e) => {
      if (!done) reject(e);
      done = true;
    });
  });
}

/**
 * A body's events: a single JSON object (it may span lines), or JSONL. Every
 * line is decoded, so a 400 lists every problem at once.
 */
export function decodeBody(
  text: string,
  decode: EventDecoder,
): { events: BodyEvent[]; problems: LineProblem[]; lines: number } {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const trimmed = text.trim();
  // one pretty-printed event: an object spanning several lines
  if (trimmed.startsWith("{") && trimmed.includes("\n")) {
    const r = decodeLine(decode, trimmed);
    // EV002: JSONL, or broken JSON: the line-by-line read below says where
    if (r instanceof Failure && r.code !== "EV002")
      return { events: [], problems: [{ line: 1, code: r.code, message: r.message }], lines: 1 };
    if (r !== null && !(r instanceof Failure)) return { events: [{ event: r, line: 1 }], problems: [], lines: 1 };
  }
  const events: BodyEvent[] = [];
  const problems: LineProblem[] = [];
  const splitter = new LineSplitter();
  let lines = 0;
  const onLine = (t: string | Failure, line: number) => {
    lines = line;
    const r = decodeLine(decode, t);
    if (r === null) return;
    if (r instanceof Failure) problems.push({ line, code: r.code, message: r.message });
    else events.push({ event: r, line });
  };
  splitter.feed(text, onLine);
  splitter.finish(onLine);
  return { events, problems, lines };
}
