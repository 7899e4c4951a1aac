import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester, isTypedRun } from '../rule-tester.js';

// Third edition, rule 16: a function declared in the file, given the pool or a value reached from
// it, that starts reading a lazy value made from it without waiting is a started consumption at
// its call; one that reads it in a promise it returns is an asynchronous consumption there; one
// that returns a lazy value made from its argument makes a lazy value of the caller's pool. One
// level of helpers, declared in the same file.

const ruleTester = createRuleTester();

const twoLevels = `
import { MongoClient } from 'mongodb';

function cursorOf(client: MongoClient) {
  return client.db('app').collection('users').find();
}

function usersOf(client: MongoClient) {
  return cursorOf(client);
}

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const cursor = usersOf(client);
  await client.close();
  for await (const user of cursor) console.log(user);
}
`;

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // The helper returns the promise of its reading's end, and the caller awaits it.
    `
import { MongoClient, type Db } from 'mongodb';

function findDocuments(db: Db, cb: (rows: unknown[]) => void): Promise<void> {
  return db.collection('documents').find().toArray().then(cb);
}

export async function list(uri: string) {
  const client = new MongoClient(uri);
  await findDocuments(client.db('app'), (rows) => console.log(rows));
  await client.close();
}
`,
    // The helper's callback closes the client: the reading is over when it runs.
    `
import { MongoClient } from 'mongodb';

function findDocuments(db: ReturnType<MongoClient['db']>, cb: (error: unknown, docs: unknown[]) => void) {
  db.collection('documents').find({}).toArray(cb);
}

export function run(client: MongoClient) {
  const db = client.db('app');
  findDocuments(db, () => {
    void client.close();
  });
}
`,
    // The helper's callback settles a promise awaited before the close.
    `
import { MongoClient } from 'mongodb';

function findDocuments(db: ReturnType<MongoClient['db']>, cb: (error: unknown, docs: unknown[]) => void) {
  db.collection('documents').find({}).toArray(cb);
}

export async function run(client: MongoClient) {
  const db = client.db('app');
  await new Promise((resolve) => findDocuments(db, resolve));
  await client.close();
}
`,
    // The destination the helper pipes into is awaited to its end before the close.
    `
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';

function dump(client: pg.Client, out: Writable) {
  client.query(new QueryStream('SELECT * FROM events')).pipe(out);
}

export async function exportEvents(out: Writable) {
  const client = new pg.Client();
  await client.connect();
  dump(client, out);
  await finished(out);
  await client.end();
}
`,
    // The close runs when the destination the helper pipes into finishes.
    `
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import type { Writable } from 'node:stream';

function dump(client: pg.Client, out: Writable) {
  client.query(new QueryStream('SELECT * FROM events')).pipe(out);
}

export async function exportEvents(out: Writable) {
  const client = new pg.Client();
  await client.connect();
  dump(client, out);
  out.on('finish', () => client.end());
}
`,
    // An async helper that awaits its reading, awaited at the call.
    `
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';

async function dump(client: pg.Client, out: Writable) {
  await pipeline(client.query(new QueryStream('SELECT * FROM events')), out);
}

export async function exportEvents(out: Writable) {
  const client = new pg.Client();
  await client.connect();
  await dump(client, out);
  await client.end();
}
`,
    // mysql's end() is graceful: it waits for the stream the helper pipes.
    `
import mysql from 'mysql';
import type { Writable } from 'node:stream';

function dump(conn: mysql.Connection, out: Writable) {
  conn.query('SELECT * FROM events').stream().pipe(out);
}

export function exportEvents(out: Writable) {
  const conn = mysql.createConnection({ host: 'db' });
  dump(conn, out);
  conn.end();
}
`,
    // The cursor the helper returns is read in the scope.
    `
import { MongoClient } from 'mongodb';

function cursorOf(client: MongoClient) {
  return client.db('app').collection('users').find();
}

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const all = [];
  for await (const user of cursorOf(client)) all.push(user);
  await client.close();
  return all;
}
`,
    // Read into an array before the 'finally' closes the client.
    `
import { MongoClient } from 'mongodb';

const cursorOf = (db: ReturnType<MongoClient['db']>) => db.collection('users').find();

export async function users(uri: string) {
  const client = new MongoClient(uri);
  try {
    return await cursorOf(client.db('app')).toArray();
  } finally {
    await client.close();
  }
}
`,
    // The stream the helper returns is read to its end before the close.
    `
import pg from 'pg';
import QueryStream from 'pg-query-stream';

function rowsOf(client: pg.Client) {
  return client.query(new QueryStream('SELECT * FROM events'));
}

export async function count() {
  const client = new pg.Client();
  await client.connect();
  let n = 0;
  for await (const row of rowsOf(client)) n += row ? 1 : 0;
  await client.end();
  return n;
}
`,
    // Two levels of helpers are not followed without types (with them, the return type says it).
    ...(isTypedRun ? [] : [twoLevels]),
    // A helper of another module is not followed.
    `
import { MongoClient } from 'mongodb';
import { cursorOf } from './cursors.js';

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const cursor = cursorOf(client);
  await client.close();
  for await (const user of cursor) console.log(user);
}
`,
    // An ORM's query returned by the helper and awaited at the call is its rows (rule 6).
    `
import mongoose from 'mongoose';

function findAll(model: mongoose.Model<unknown>) {
  return model.find({});
}

export async function all(uri: string, schema: mongoose.Schema) {
  const conn = await mongoose.createConnection(uri).asPromise();
  const Event = conn.model('Event', schema);
  try {
    return await findAll(Event);
  } finally {
    await conn.close();
  }
}
`,
    // A helper that reads plain data from the client makes nothing lazy.
    `
import { MongoClient } from 'mongodb';

function countOf(client: MongoClient) {
  return client.db('app').collection('users').countDocuments();
}

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const count = countOf(client);
  await client.close();
  return count;
}
`,
  ],
  invalid: [
    // Twin: the returned promise of the reading is not awaited.
    {
      code: `
import { MongoClient, type Db } from 'mongodb';

function findDocuments(db: Db, cb: (rows: unknown[]) => void): Promise<void> {
  return db.collection('documents').find().toArray().then(cb);
}

export async function list(uri: string) {
  const client = new MongoClient(uri);
  void findDocuments(client.db('app'), (rows) => console.log(rows));
  await client.close();
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            consumer: "'findDocuments(…)'",
            iterator: "'db.collection(…).find()'",
            pool: "client 'client'",
            disposal: 'line 11, client.close()',
          },
          line: 10,
          column: 8,
          endLine: 10,
          endColumn: 68,
        },
      ],
    },
    // With types, the deeper helper's return type is a cursor: type-aware mode's work (rule 16).
    ...(isTypedRun
      ? [
          {
            code: twoLevels,
            errors: [
              {
                messageId: 'consumedAfterDisposal' as const,
                data: { iterator: "'cursor' (from usersOf(…))", pool: "client 'client'", disposal: 'line 15, client.close()' },
                line: 16,
                column: 28,
                endLine: 16,
                endColumn: 34,
              },
            ],
          },
        ]
      : []),
    // The contract's example: the helper reads the cursor with a callback and returns at once.
    {
      code: `
import { MongoClient } from 'mongodb';

function findDocuments(db: ReturnType<MongoClient['db']>, cb: (error: unknown, docs: unknown[]) => void) {
  db.collection('documents').find({}).toArray(cb);
}

export function run(client: MongoClient) {
  const db = client.db('app');
  findDocuments(db, () => {});
  client.close();
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'db.collection(…).find(…)' (read by findDocuments(…))",
            pool: "client 'client'",
            disposal: 'line 11, client.close()',
            remedy: "make 'findDocuments' wait for the end of its reading, and await it",
          },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 30,
        },
      ],
    },
    // The helper pipes a query stream into the destination it is given.
    {
      code: `
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import type { Writable } from 'node:stream';

function dump(client: pg.Client, out: Writable) {
  client.query(new QueryStream('SELECT * FROM events')).pipe(out);
}

export async function exportEvents(out: Writable) {
  const client = new pg.Client();
  await client.connect();
  dump(client, out);
  await client.end();
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'client.query(…)' (read by dump(…))",
            pool: "client 'client'",
            disposal: 'line 14, client.end()',
            remedy: 'await finished(out)',
          },
          line: 13,
          column: 3,
          endLine: 13,
          endColumn: 20,
        },
      ],
    },
    // An async helper that awaits its reading, not awaited at the call.
    {
      code: `
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';

async function dump(client: pg.Client, out: Writable) {
  await pipeline(client.query(new QueryStream('SELECT * FROM events')), out);
}

export async function exportEvents(out: Writable) {
  const client = new pg.Client();
  await client.connect();
  dump(client, out);
  await client.end();
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            consumer: "'dump(…)'",
            iterator: "'client.query(…)'",
            pool: "client 'client'",
            disposal: 'line 15, client.end()',
          },
          line: 14,
          column: 3,
          endLine: 14,
          endColumn: 20,
        },
      ],
    },
    // The helper reads after the close.
    {
      code: `
import { MongoClient } from 'mongodb';

function findDocuments(db: ReturnType<MongoClient['db']>, cb: (error: unknown, docs: unknown[]) => void) {
  db.collection('documents').find({}).toArray(cb);
}

export async function run(client: MongoClient) {
  const db = client.db('app');
  await client.close();
  findDocuments(db, () => {});
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'db.collection(…).find(…)' (read by findDocuments(…))",
            pool: "client 'client'",
            disposal: 'line 10, client.close()',
          },
          line: 11,
          column: 3,
          endLine: 11,
          endColumn: 30,
        },
      ],
    },
    // A close from a timer while the helper's pipe may still be reading (rule 15).
    {
      code: `
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import type { Writable } from 'node:stream';

function dump(client: pg.Client, out: Writable) {
  client.query(new QueryStream('SELECT * FROM events')).pipe(out);
}

export async function exportEvents(out: Writable) {
  const client = new pg.Client();
  await client.connect();
  dump(client, out);
  setTimeout(() => client.end(), 1000);
}
`,
      errors: [
        {
          messageId: 'closedWhileReading',
          data: {
            pool: "Client 'client'",
            callback: 'a setTimeout callback',
            disposal: 'line 14, client.end()',
            starter: "'dump(…)'",
            iterator: "'client.query(…)'",
          },
          line: 14,
          column: 20,
          endLine: 14,
          endColumn: 32,
        },
      ],
    },
    // The helper returns the cursor: read after the close.
    {
      code: `
import { MongoClient } from 'mongodb';

function cursorOf(client: MongoClient) {
  return client.db('app').collection('users').find();
}

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const cursor = cursorOf(client);
  await client.close();
  for await (const user of cursor) console.log(user);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'cursor' (from cursorOf(…))", pool: "client 'client'", disposal: 'line 11, client.close()' },
          line: 12,
          column: 28,
          endLine: 12,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'cursorOf(…)'" },
              output: `
import { MongoClient } from 'mongodb';

function cursorOf(client: MongoClient) {
  return client.db('app').collection('users').find();
}

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const cursor = await cursorOf(client).toArray();
  await client.close();
  for await (const user of cursor) console.log(user);
}
`,
            },
          ],
        },
      ],
    },
    // A 'const' arrow that returns the cursor: returned from the 'try' whose 'finally' closes.
    {
      code: `
import { MongoClient } from 'mongodb';

const cursorOf = (db: ReturnType<MongoClient['db']>) => db.collection('users').find();

export async function users(uri: string) {
  const client = new MongoClient(uri);
  try {
    return cursorOf(client.db('app'));
  } finally {
    await client.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'cursorOf(…)'",
            escape: 'returned',
            pool: "client 'client'",
            disposal: 'line 11, client.close() in finally',
          },
          line: 9,
          column: 12,
          endLine: 9,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'cursorOf(…)'" },
              output: `
import { MongoClient } from 'mongodb';

const cursorOf = (db: ReturnType<MongoClient['db']>) => db.collection('users').find();

export async function users(uri: string) {
  const client = new MongoClient(uri);
  try {
    return await cursorOf(client.db('app')).toArray();
  } finally {
    await client.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    // A MongoDB cursor the helper returns stays a cursor when awaited (rule 6).
    {
      code: `
import { MongoClient } from 'mongodb';

function findAll(db: ReturnType<MongoClient['db']>) {
  return db.collection('events').find({});
}

export async function all(uri: string) {
  const client = new MongoClient(uri);
  try {
    return await findAll(client.db('app'));
  } finally {
    await client.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'findAll(…)'",
            escape: 'returned',
            pool: "client 'client'",
            disposal: 'line 13, client.close() in finally',
          },
          line: 11,
          column: 12,
          endLine: 11,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'await findAll(…)'" },
              output: `
import { MongoClient } from 'mongodb';

function findAll(db: ReturnType<MongoClient['db']>) {
  return db.collection('events').find({});
}

export async function all(uri: string) {
  const client = new MongoClient(uri);
  try {
    return await (await findAll(client.db('app'))).toArray();
  } finally {
    await client.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    // The helper's query stream is never read: pg's end() fails it (rule 13).
    {
      code: `
import pg from 'pg';
import QueryStream from 'pg-query-stream';

function rowsOf(client: pg.Client) {
  return client.query(new QueryStream('SELECT * FROM events'));
}

export async function forgot() {
  const client = new pg.Client();
  await client.connect();
  const rows = rowsOf(client);
  await client.end();
  return rows.readableEnded;
}
`,
      errors: [
        {
          messageId: 'leftOpen',
          data: {
            iterator: "'rowsOf(…)'",
            pool: "client 'client'",
            disposal: 'line 13, client.end()',
            behaviour: "pg's end() fails it",
          },
          line: 12,
          column: 16,
          endLine: 12,
          endColumn: 30,
        },
      ],
    },
  ],
});
