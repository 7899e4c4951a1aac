// Deno: `Deno.open()` gives an `FsFile`; `file.readable` streams its bytes.
// Bug: the Response body is read after the handler returns, but `using`
// closes the file when the block ends. Deno's most reported form of this bug:
// the client gets "BadResource: Bad resource ID" instead of the file.
declare const Deno: {
  open(path: string): Promise<{ readable: ReadableStream<Uint8Array>; [Symbol.dispose](): void }>;
};

export async function serveFile(path: string): Promise<Response> {
  using file = await Deno.open(path);
  return new Response(file.readable); // reported: escapes
}
