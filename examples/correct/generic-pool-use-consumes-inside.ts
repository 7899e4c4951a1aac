// generic-pool: `pgPool.use(fn)` releases the client when `fn`'s promise
// settles (the scoped factory `{ object: 'pgPool', method: 'use' }` in
// examples/eslint.config.js).
// Correct: the fixed twin. The callback's promise is the pipeline that reads
// the stream to its end, so the client is released only after the last row.
// Returning that promise without `await` is fine: the factory awaits it.
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'generic-pool';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';

export function auditLog(pgPool: Pool<pg.Client>, since: Date, out: Writable): Promise<void> {
  return pgPool.use(async (client) =>
    pipeline(client.query(new QueryStream('SELECT * FROM audit WHERE at > $1 ORDER BY at', [since])), out),
  );
}
