// ioredis: `scanStream()` issues SCAN commands on the connection as it is read.
// Correct: the fixed twin. The stream is drained inside the `try`, so every
// SCAN runs before `finally` quits the connection (no "Connection is
// closed."). `keys.find(…)` afterwards is an array method on plain strings,
// not a pool's cursor.
import Redis from 'ioredis';

export async function sessionKeys(url: string): Promise<string[]> {
  const redis = new Redis(url, { lazyConnect: true });
  const keys: string[] = [];
  try {
    await redis.connect();
    const stream = redis.scanStream({ match: 'session:*', count: 500 });
    for await (const batch of stream) {
      keys.push(...(batch as string[]));
    }
  } finally {
    await redis.quit();
  }
  return keys;
}

export async function adminSession(url: string): Promise<string | undefined> {
  const keys = await sessionKeys(url);
  return keys.find((k) => k.startsWith('session:admin:'));
}
