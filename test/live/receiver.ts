// A webhook receiver on 127.0.0.1 for the delivery tests: records every
// request (id header, body, time) and answers with what `plan` says for the
// record id and attempt number: a status, or "hang" (never answers).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Arrival {
  id: string;
  attempt: number;
  body: string;
  at: number;
  status: number | "hang";
}

export type Plan = (id: string, attempt: number) => number | "hang";

export class Receiver {
  readonly arrivals: Arrival[] = [];
  private server: Server;
  private hanging: ServerResponse[] = [];
  private seen = new Map<string, number>();
  url = "";

  constructor(private plan: Plan = () => 200) {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Ids that arrived with a 2xx answer. */
  delivered(): Set<string> {
    return new Set(this.arrivals.filter((a) => a.status !== "hang" && a.status < 300).map((a) => a.id));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const id = String(req.headers["idempotency-key"] ?? "");
      const attempt = (this.seen.get(id) ?? 0) + 1;
      this.seen.set(id, attempt);
      const status = this.plan(id, attempt);
      this.arrivals.push({ id, attempt, body: Buffer.concat(chunks).toString("utf8"), at: Date.now(), status });
      if (status === "hang") {
        this.hanging.push(res);
        return;
      }
      res.statusCode = status;
      res.end(status < 300 ? "ok" : "no");
    });
  }
}
