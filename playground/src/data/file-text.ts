// An uploaded file's text, in chunks, read where the File is (the worker):
// streamed and decoded as UTF-8 (a .gz file is gunzipped first, as the CLI
// does), never uploaded anywhere. Works in Node too (Blob, TextDecoderStream).

/** The parts of a File this module reads (a File is structured-cloneable into the worker). */
export interface NamedBlob {
  readonly name: string;
  readonly size: number;
  stream(): ReadableStream<Uint8Array>;
  slice(start?: number, end?: number): Blob;
  text(): Promise<string>;
}

/** The file's text in chunks, as the engine's readers take it. */
export async function* fileChunks(file: NamedBlob): AsyncGenerator<string> {
  let bytes = file.stream() as ReadableStream<BufferSource>;
  if (/\.gz$/i.test(file.name)) bytes = bytes.pipeThrough(new DecompressionStream("gzip"));
  const reader = bytes.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The first `max` characters (at most) of the file: for guessing what it is. */
export async function fileHead(file: NamedBlob, max = 16_384): Promise<string> {
  if (/\.gz$/i.test(file.name)) {
    let text = "";
    for await (const c of fileChunks(file)) {
      text += c;
      if (text.length >= max) break;
    }
    return text.slice(0, max);
  }
  return (await file.slice(0, max).text()).slice(0, max);
}
