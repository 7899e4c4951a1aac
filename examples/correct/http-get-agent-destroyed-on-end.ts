// Node's http: the agent is destroyed once the response has ended, in its
// own 'end' listener: the whole body is read first.
import http from 'node:http';

export function download(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const agent = new http.Agent({ keepAlive: true });
    const request = http.get(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => {
        agent.destroy();
        resolve(bytes);
      });
    });
    request.on('error', reject);
  });
}
