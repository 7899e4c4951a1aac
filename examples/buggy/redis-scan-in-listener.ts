// node-redis: `scanIterator()` sends SCAN commands on the client as it is
// pulled.
// Bug: the listener is registered inside the `try`, but it runs when the
// 'flush' event fires, long after `finally` has closed the client: the first
// `next()` throws `ClientClosedError` inside an event handler, where nobody
// catches it.
import type { EventEmitter } from 'node:events';
import { createClient } from 'redis';

export async function flushOnSignal(url: string, bus: EventEmitter): Promise<void> {
  const client = await createClient({ url }).connect();
  try {
    const keys = client.scanIterator({ MATCH: 'cache:*', COUNT: 500 });
    bus.once('flush', async () => {
      for await (const batch of keys) console.log('expiring', batch); // reported: consumed later
    });
  } finally {
    await client.close();
  }
}
