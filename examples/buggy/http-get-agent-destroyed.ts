// Node's http: `http.get(url, { agent }, callback)` hands the response to the
// callback when it arrives, and its body is read through the agent's socket.
// Bug: the agent is destroyed right after the call, before the response
// comes: the request fails ECONNRESET ("socket hang up") and the callback,
// which reads the response, never runs.
import http from 'node:http';

export function download(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const agent = new http.Agent({ keepAlive: true });
    const request = http.get(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length)); // read after agent.destroy()
      res.on('end', () => resolve(bytes));
    });
    request.on('error', reject);
    agent.destroy();
  });
}
