// A throw-away PostgreSQL cluster for tests: initdb into a temp directory,
// start it listening on a unix socket inside that directory only (no TCP),
// hand out a connection URL, stop and remove everything afterwards.
//
// initdb and postgres refuse to run as root; when the tests run as root (the
// CI machine does) the cluster is created and run as the `postgres` user
// (Debian's package creates it) or, failing that, `nobody`, through runuser.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The newest installed server's bin directory, or null when PostgreSQL is not installed. */
export function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "postgres")) && existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], "bin") : null;
}

/**
 * Why PostgreSQL tests cannot run here, or null when they can. Under CI they
 * must run (.ci/run installs the server), so CI never gets a reason to skip.
 */
export function postgresSkipReason(): string | null {
  if (process.env.CI) return null;
  return postgresBinDir()
    ? null
    : "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install -y postgresql); skipped outside CI";
}

export interface PgCluster {
  /** connection URL for the `sla` database (unix socket) */
  url: string;
  dir: string;
  port: number;
  /** a new, empty database in the cluster; its connection URL */
  createDatabase(name: string): string;
  /** stop the server and delete the directory (idempotent) */
  stop(): void;
}

/** A free TCP port number: used only to name the unix socket (`.s.PGSQL.PORT`) and keep clusters apart. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function userExists(name: string): boolean {
  return spawnSync("id", ["-u", name], { stdio: "ignore" }).status === 0;
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL is not installed (apt-get install -y postgresql)");
  const asRoot = process.getuid?.() === 0;
  const runAs = asRoot ? (userExists("postgres") ? "postgres" : "nobody") : null;
  const dir = mkdtempSync(join(tmpdir(), "slapg-"));
  const data = join(dir, "data");
  if (runAs) {
    const uid = Number(execFileSync("id", ["-u", runAs]).toString());
    const gid = Number(execFileSync("id", ["-g", runAs]).toString());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = runAs ? ["runuser", ["-u", runAs, "--", join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const r = spawnSync(file, argv, { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  const port = await freePort();
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "-N"]);
  // The tests kill `sla` processes, never the server: fsync off only trades away
  // durability against a server or machine crash, which these tests do not cover.
  const opts = [
    `-k ${dir}`,
    `-p ${port}`,
    "-c listen_addresses=''",
    "-c fsync=off",
    "-c full_page_writes=off",
    "-c max_connections=100",
    "-c shared_buffers=64MB",
  ].join(" ");
  run("pg_ctl", ["-D", data, "-o", opts, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"]);
    } catch {
      // already gone: still remove the directory
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run("createdb", ["-h", dir, "-p", String(port), "-U", "postgres", "sla"]);
  } catch (e) {
    stop();
    throw e;
  }
  const urlOf = (db: string) => `postgres://postgres@/${db}?host=${encodeURIComponent(dir)}&port=${port}`;
  const createDatabase = (name: string) => {
    run("createdb", ["-h", dir, "-p", String(port), "-U", "postgres", name]);
    return urlOf(name);
  };
  return { url: urlOf("sla"), dir, port, createDatabase, stop };
}
