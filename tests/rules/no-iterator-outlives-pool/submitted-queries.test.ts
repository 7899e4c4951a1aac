import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Real code, rule 5: node-postgres returns the submitted object, so 'client.query(q)' is lazy when
// 'q' is a 'new QueryStream(…)', a 'new Cursor(…)', a pg-copy-streams 'to|from|copyTo|copyFrom(…)'
// call (bare or as a member), or a binding initialised with one; the binding is then a lazy value
// of the client from that call on. pg-cursor's 'read(n, cb)' starts reading; its 'read(n)'
// returns a promise, which must be awaited before the disposal point.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // The submitted cursor is read, and the read awaited, before the release.
    `
import type { Pool } from 'pg';
import Cursor from 'pg-cursor';

export async function firstRows(pool: Pool, sql: string) {
  const client = await pool.connect();
  const cursor = new Cursor(sql);
  try {
    client.query(cursor);
    const rows = await cursor.read(100);
    await cursor.close();
    return rows;
  } finally {
    client.release();
  }
}
`,
    // A cursor that is never submitted to the client is not the client's.
    `
import type { Pool } from 'pg';
import Cursor from 'pg-cursor';

export async function later(pool: Pool, sql: string, onRows: (err: Error | undefined, rows: unknown[]) => void) {
  const client = await pool.connect();
  const cursor = new Cursor(sql);
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
  cursor.read(5, onRows);
}
`,
    // A plain query, awaited: its result is plain data.
    `
import type { PoolClient } from 'pg';

export async function count(client: PoolClient, table: string) {
  try {
    return await client.query('SELECT count(*) FROM ' + table);
  } finally {
    client.release();
  }
}
`,
    // Rule 5: 'read(n)' on a cursor submitted in place, awaited in the scope.
    `
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';

export async function firstRows(client: PoolClient, sql: string) {
  try {
    const cursor = client.query(new Cursor(sql));
    const rows = await cursor.read(10);
    await cursor.close();
    return rows;
  } finally {
    client.release();
  }
}
`,
    // A query stream's 'read()' is synchronous: nothing to await.
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

export async function peek(client: PoolClient, sql: string) {
  try {
    const stream = client.query(new QueryStream(sql));
    const first = stream.read();
    stream.destroy();
    return first;
  } finally {
    client.release();
  }
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // Rule 5: pg-cursor's 'read(n)' returns a promise, and the '.then' chain is not awaited before the release.
    {
      code: `
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';

export async function logRows(client: PoolClient, sql: string) {
  try {
    const cursor = client.query(new Cursor(sql));
    cursor.read(100).then((rows) => console.log(rows));
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            consumer: "'cursor.read(…)'",
            iterator: "'cursor' (from client.query(…))",
            pool: "client 'client'",
            disposal: 'line 10, client.release() in finally',
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 21,
        },
      ],
    },
    // The same through a binding submitted first: 'void' awaits nothing.
    {
      code: `
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';

export async function warm(client: PoolClient, sql: string) {
  const cursor = new Cursor(sql);
  try {
    client.query(cursor);
    void cursor.read(10);
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            consumer: "'cursor.read(…)'",
            iterator: "'cursor'",
            pool: "client 'client'",
            disposal: 'line 11, client.release() in finally',
          },
          line: 9,
          column: 10,
          endLine: 9,
          endColumn: 25,
        },
      ],
    },
    // The cursor: submitted in the try, read after the client is released.
    {
      code: `
import type { Pool } from 'pg';
import Cursor from 'pg-cursor';

export async function firstRows(pool: Pool, sql: string, onRows: (err: Error | undefined, rows: unknown[]) => void) {
  const client = await pool.connect();
  const cursor = new Cursor(sql);
  try {
    await client.query(cursor);
  } finally {
    client.release();
  }
  cursor.read(5, onRows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'cursor'", pool: "client 'client'", disposal: 'line 11, client.release() in finally' },
          line: 13,
          column: 3,
          endLine: 13,
          endColumn: 25,
          suggestions: [],
        },
      ],
    },
    // A copy-to stream returned from the try: it is read after the release.
    {
      code: `
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';

export async function exportCsv(client: PoolClient, table: string) {
  try {
    return client.query(copyTo(\`COPY \${table} TO STDOUT WITH CSV\`));
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.query(…)'",
            pool: "client 'client'",
            escape: 'returned',
            disposal: 'line 9, client.release() in finally',
          },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 68,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.query(…)'" },
              materialize: 'client.query(copyTo(`COPY ${table} TO STDOUT WITH CSV`))',
            },
          ],
        },
      ],
    },
    // A copy-from stream held in a binding, submitted, and handed out after the release.
    {
      code: `
import type { PoolClient } from 'pg';
import * as copyStreams from 'pg-copy-streams';

export async function importCsv(client: PoolClient, table: string) {
  const ingest = copyStreams.from(\`COPY \${table} FROM STDIN WITH CSV\`);
  try {
    client.query(ingest);
  } finally {
    client.release();
  }
  return ingest;
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'ingest'",
            pool: "client 'client'",
            escape: 'returned',
            disposal: 'line 10, client.release() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 16,
          suggestions: [],
        },
      ],
    },
  ]),
});
