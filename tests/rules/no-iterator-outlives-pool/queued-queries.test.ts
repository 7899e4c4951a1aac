import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// pg's client runs one query at a time, in order: a query awaited after a stream started returns only once
// the stream has been read to its end (run against PostgreSQL 15 with 200,000 rows: every row had arrived and
// 'end' had fired when `await client.query('SELECT 1')` returned). So a stream being read and a later awaited
// query on the same client before the release is over: silent. Each silent case has a reported twin.

const ruleTester = createRuleTester();

/** A pg client from `pool.connect()` reading a query stream with a 'data' listener, then `between`, then the release. */
function reading(between: string): string {
  return `
import pg from 'pg';
import QueryStream from 'pg-query-stream';

const pool = new pg.Pool();

export async function copy(sql: string, out: NodeJS.WritableStream) {
  const client = await pool.connect();
  try {
    const stream = client.query(new QueryStream(sql));
    stream.on('data', (row: unknown) => out.write(String(row)));
${between}
  } finally {
    client.release();
  }
}
`;
}

/** 'stillReading' on the 'data' listener of `reading(…)` at line 11, the release at line 14. */
const stillReadingAtListener = {
  messageId: 'stillReading' as const,
  data: {
    iterator: "'stream' (from client.query(…))",
    pool: "client 'client'",
    disposal: 'line 14, client.release() in finally',
    remedy: 'await finished(stream)',
  },
  line: 11,
  column: 5,
  endLine: 11,
  endColumn: 64,
};

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    { name: 'awaited query after a listener', code: reading(`    await client.query('COMMIT');`) },
    { name: 'awaited query kept in a binding', code: reading(`    const { rows } = await client.query('SELECT count(*) FROM t');\n    out.write(String(rows.length));`) },
    {
      name: 'awaited query after a pipe (typed client)',
      code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

export async function copy(client: PoolClient, out: NodeJS.WritableStream) {
  try {
    client.query(new QueryStream('SELECT * FROM events')).pipe(out);
    await client.query('UPDATE exports SET done = true');
  } finally {
    client.release();
  }
}
`,
    },
  ],
  invalid: [
    { name: 'query not awaited', code: reading(`    void client.query('COMMIT');`), errors: [stillReadingAtListener] },
    {
      name: 'query awaited in a timer',
      code: reading(`    setTimeout(async () => { await client.query('COMMIT'); }, 10);`),
      errors: [stillReadingAtListener],
    },
    {
      name: 'query awaited on another client',
      code: reading(`    const other = await pool.connect();\n    await other.query('COMMIT');\n    other.release();`).replace(
        'client.release();',
        'client.release();',
      ),
      errors: [{ ...stillReadingAtListener, data: { ...stillReadingAtListener.data, disposal: 'line 16, client.release() in finally' } }],
    },
    {
      name: 'query awaited before the stream starts',
      code: `
import pg from 'pg';
import QueryStream from 'pg-query-stream';

const pool = new pg.Pool();

export async function copy(sql: string, out: NodeJS.WritableStream) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    client.query(new QueryStream(sql)).pipe(out);
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'client.query(…)'",
            pool: "client 'client'",
            disposal: 'line 13, client.release() in finally',
            remedy: "await finished(out) or 'await pipeline(…)'",
          },
          line: 11,
          column: 5,
          endLine: 11,
          endColumn: 49,
        },
      ],
    },
    {
      name: 'unknown driver',
      code: `
import QueryStream from 'pg-query-stream';
import { connect } from './db.js';

export async function copy(sql: string, out: NodeJS.WritableStream) {
  const client = await connect();
  try {
    client.query(new QueryStream(sql)).pipe(out);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'client.query(…)'",
            pool: "pool 'client'",
            disposal: 'line 11, client.release() in finally',
            remedy: "await finished(out) or 'await pipeline(…)'",
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 49,
        },
      ],
    },
  ],
});
