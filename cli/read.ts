// Input files for the CLI as streams of text chunks: a path, or "-" for stdin;
// a name ending in .gz is gunzipped on the fly.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";

const CHUNK = 1 << 20;

/** A file the CLI could not read; the message is meant for the user as is. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

export function describe(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case "ENOENT":
      return `${path}: no such file`;
    case "EISDIR":
      return `${path}: is a directory, not a file`;
    case "EACCES":
    case "EPERM":
      return `${path}: permission denied`;
    case "Z_DATA_ERROR":
    case "Z_BUF_ERROR":
      return `${path}: not a valid gzip file (${(e as Error).message})`;
    default:
      return `${path}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/**
 * The text of a file (utf8) in chunks of about 1 MiB. Errors, including a
 * missing file, surface as InputError when iteration starts.
 */
export async function* openText(
  pathOrDash: string,
  opts: {
    /** sees the file's bytes as read (before gunzip), e.g. to hash its content in the same pass */
    onBytes?: (bytes: Buffer) => void;
  } = {},
): AsyncGenerator<string> {
  const name = pathOrDash === "-" ? "stdin" : pathOrDash;
  let stream: Readable;
  const { onBytes } = opts;
  if (pathOrDash === "-") {
    stream = process.stdin;
  } else {
    try {
      const s = await stat(pathOrDash);
      if (s.isDirectory()) throw Object.assign(new Error("directory"), { code: "EISDIR" });
    } catch (e) {
      throw new InputError(describe(name, e));
    }
    stream = createReadStream(pathOrDash, { highWaterMark: CHUNK });
    if (pathOrDash.endsWith(".gz")) {
      const source = stream;
      const gunzip = createGunzip({ chunkSize: CHUNK });
      // pipe() does not forward errors: a read error must end the gunzip stream too
      source.on("error", (e) => gunzip.destroy(e));
      if (onBytes) source.on("data", (b: Buffer) => onBytes(b));
      stream = source.pipe(gunzip);
    }
  }
  // The bytes are decoded here (not with setEncoding) when the caller wants
  // them too; StringDecoder joins characters split across chunks either way.
  const rawWanted = onBytes !== undefined && pathOrDash !== "-" && !pathOrDash.endsWith(".gz");
  if (!rawWanted) stream.setEncoding("utf8");
  const decoder = new StringDecoder("utf8");
  try {
    if (rawWanted)
      for await (const bytes of stream) {
        onBytes(bytes as Buffer);
        const text = decoder.write(bytes as Buffer);
        if (text) yield text;
      }
    else for await (const chunk of stream) yield chunk as string;
    if (rawWanted) {
      const rest = decoder.end();
      if (rest) yield rest;
    }
  } catch (e) {
    throw new InputError(describe(name, e));
  } finally {
    if (pathOrDash !== "-") stream.destroy();
  }
}

/** A whole (small) file as one string, e.g. a --map file. */
export async function readText(pathOrDash: string): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of openText(pathOrDash)) parts.push(chunk);
  return parts.join("");
}
