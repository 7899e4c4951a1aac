// ioredis: `scanStream()` returns a Readable that issues SCAN commands on the
// connection as it is read.
// Bug: the stream is created inside the `try`, but read after `finally` has
// quit the connection: the first SCAN fails with "Connection is closed.".
import Redis, { type ScanStream } from 'ioredis';

export async function sessionKeys(url: string): Promise<string[]> {
  const redis = new Redis(url, { lazyConnect: true });
  let stream: ScanStream;
  try {
    await redis.connect();
    stream = redis.scanStream({ match: 'session:*', count: 500 });
  } finally {
    await redis.quit();
  }
  const keys: string[] = [];
  for await (const batch of stream) { // reported: consumed after disposal
    keys.push(...(batch as string[]));
  }
  return keys;
}
