// node-redis: `scanIterator()` sends SCAN commands on the client as it is
// pulled.
// Correct: the fixed twin. The listener opens its own client when the event
// fires and closes it after the scan, so the iterator is pulled while its
// client is alive.
import type { EventEmitter } from 'node:events';
import { createClient } from 'redis';

export function flushOnSignal(url: string, bus: EventEmitter): void {
  bus.once('flush', async () => {
    const client = await createClient({ url }).connect();
    try {
      for await (const batch of client.scanIterator({ MATCH: 'cache:*', COUNT: 500 })) console.log('expiring', batch);
    } finally {
      await client.close();
    }
  });
}
