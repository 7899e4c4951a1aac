// undici: `fetch(url, { dispatcher })` resolves as soon as the headers arrive;
// the body is read through the dispatcher's connection afterwards.
// Correct: the fixed twin. The body is read to its end inside the `try`, so
// the request is over when `finally` awaits `dispatcher.close()`, which then
// returns at once; only the bytes leave the function.
import { Agent, fetch } from 'undici';

export async function download(url: string): Promise<Uint8Array> {
  const dispatcher = new Agent({ connections: 1 });
  try {
    const res = await fetch(url, { dispatcher });
    return new Uint8Array(await res.arrayBuffer());
  } finally {
    await dispatcher.close();
  }
}
