// Deno: `Deno.open()` gives an `FsFile`; `file.readable` streams its bytes.
// Correct: the fixed twins. Either the body is read inside the block, or the
// file is not closed by the handler: a stream's own end closes it (Deno closes
// the file when `readable` is read to the end or cancelled).
declare const Deno: {
  open(path: string): Promise<{ readable: ReadableStream<Uint8Array>; [Symbol.dispose](): void }>;
};

export async function fileText(path: string): Promise<string> {
  using file = await Deno.open(path);
  return await new Response(file.readable).text();
}

export async function serveFile(path: string): Promise<Response> {
  const file = await Deno.open(path);
  return new Response(file.readable);
}
