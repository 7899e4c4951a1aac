// generic-pool: `pgPool.use(fn)` acquires a client, calls `fn(client)` and
// releases the client when the promise `fn` returns settles (configured in
// examples/eslint.config.js as the scoped factory `{ object: 'pgPool',
// method: 'use' }`).
// Bug: the callback returns the pg-query-stream itself. The promise settles
// at once, the client goes back to the pool, and the next request gets it
// with the stream still on it: its query waits until the caller has read the
// stream, and a caller that waits for that request first deadlocks.
import type { Pool } from 'generic-pool';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';

export function auditLog(pgPool: Pool<pg.Client>, since: Date) {
  return pgPool.use(async (client) =>
    client.query(new QueryStream('SELECT * FROM audit WHERE at > $1 ORDER BY at', [since])), // reported: escapes its scope
  );
}
