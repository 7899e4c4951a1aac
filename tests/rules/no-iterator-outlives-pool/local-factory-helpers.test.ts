import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester, isTypedRun } from '../rule-tester.js';
/** A MongoDB client known only from its type: a client in the typed run, a pool without types. */
const typedClient = (name: string): string => (isTypedRun ? `client '${name}'` : `pool '${name}'`);

// Third edition, rule 16: a function declared in the file that makes or acquires a pool, passes it
// to a callback parameter and disposes it after the callback settles is a scoped factory (kind 5)
// at its calls in the file, without the 'scopedFactories' option.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // The callback reads the stream to its end before the helper releases the client.
    `
import pg from 'pg';
import QueryStream from 'pg-query-stream';


const pool = new pg.Pool();

async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

export function events() {
  return withClient(async (client) => {
    const rows = [];
    for await (const row of client.query(new QueryStream('SELECT * FROM events'))) rows.push(row);
    return rows;
  });
}
`,
    // The callback returns a promise that reads the cursor: the helper awaits it.
    `
import { MongoClient } from 'mongodb';

const withDb = async <T>(uri: string, fn: (client: MongoClient) => Promise<T>) => {
  const client = new MongoClient(uri);
  const result = await fn(client);
  await client.close();
  return result;
};

export function users(uri: string) {
  return withDb(uri, async (client) => client.db('app').collection('users').find().toArray());
}
`,
    // A helper that returns the callback's promise from its 'try' releases before it settles: no scoped
    // factory (its own bug is the second rule's 'not awaited').
    `
import pg from 'pg';
import QueryStream from 'pg-query-stream';

const pool = new pg.Pool();

async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return fn(client);
  } finally {
    client.release();
  }
}

export function events() {
  return withClient(async (client) => client.query(new QueryStream('SELECT * FROM events')));
}
`,
    // A helper of another module is not followed.
    `
import QueryStream from 'pg-query-stream';
import { withClient } from './db.js';

export function events() {
  return withClient(async (client) => client.query(new QueryStream('SELECT * FROM events')));
}
`,
  ],
  invalid: [
    // The contract's example: the stream returned from the callback is released with the client.
    {
      code: `
import pg from 'pg';
import QueryStream from 'pg-query-stream';

const pool = new pg.Pool();

async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

export function events() {
  return withClient(async (client) => client.query(new QueryStream('SELECT * FROM events')));
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.query(…)'",
            escape: 'returned from the callback',
            pool: "pool 'client'",
            disposal: "line 17, when the 'withClient' callback settles",
          },
          line: 17,
          column: 39,
          endLine: 17,
          endColumn: 92,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.query(…)'" },
              output: `
import pg from 'pg';
import QueryStream from 'pg-query-stream';

const pool = new pg.Pool();

async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

export function events() {
  return withClient(async (client) => await client.query(new QueryStream('SELECT * FROM events')).toArray());
}
`,
            },
          ],
        },
      ],
    },
    // A 'const' helper that closes after the awaited callback; the cursor kept in an outer binding is read after.
    {
      code: `
import { MongoClient } from 'mongodb';

const withDb = async (uri: string, fn: (client: MongoClient) => Promise<void>) => {
  const client = new MongoClient(uri);
  await fn(client);
  await client.close();
};

export async function users(uri: string) {
  let cursor;
  await withDb(uri, async (client) => {
    cursor = client.db('app').collection('users').find();
  });
  return cursor.toArray();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: typedClient('client'),
            disposal: "line 14, when the 'withDb' callback settles",
          },
          line: 15,
          column: 10,
          endLine: 15,
          endColumn: 26,
        },
      ],
    },
  ],
});
