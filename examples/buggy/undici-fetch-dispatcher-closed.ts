// undici: `fetch(url, { dispatcher })` resolves as soon as the headers arrive;
// the body is read through the dispatcher's connection afterwards.
// Bug: the response is returned from a `try` whose `finally` awaits
// `dispatcher.close()`. `close()` is graceful: it waits for every request in
// flight, the unread body included. Nobody reads the body before the function
// returns, so with a body larger than the buffers the call never returns
// (with a smaller one it returns only once the server has sent it all).
import { Agent, fetch, type Response } from 'undici';

export async function download(url: string): Promise<Response> {
  const dispatcher = new Agent({ connections: 1 });
  try {
    return await fetch(url, { dispatcher }); // body left unread: blocks the close
  } finally {
    await dispatcher.close();
  }
}
