import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// Third edition, rule 13: a value the pool starts producing when it is made (a submitted query, a
// stream, better-sqlite3's iterate()) that reaches an abrupt or strict close neither read to its
// end, closed nor handed out, on some path, is 'leftOpen', on its making. Only drivers whose close
// fails, throws or crashes with such a value open; MongoDB's cursors send nothing until read. A
// 'for…of' left by 'break' closes its iterator.

const ruleTester = createRuleTester();

const leftOpen = (iterator: string, pool: string, disposal: string, behaviour: string) => ({
  messageId: 'leftOpen' as const,
  data: { iterator, pool, disposal, behaviour },
});

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // Listened to before it is submitted: its failure is awaited before the end.
    `
import pg from 'pg';
import QueryStream from 'pg-query-stream';

export async function timeout() {
  const client = new pg.Client({ query_timeout: 50 });
  await client.connect();
  const query = new QueryStream('SELECT pg_sleep(10)');
  const failed = new Promise((resolve) => query.on('error', resolve));
  client.query(query);
  await failed;
  await client.end();
}
`,
    // The same through the stream's cursor, whose 'error' fires first (pg-query-stream's own tests).
    `
import pg from 'pg';
import QueryStream from 'pg-query-stream';

export async function timeout() {
  const client = new pg.Client({ query_timeout: 50 });
  await client.connect();
  const query = new QueryStream('SELECT pg_sleep(10)');
  const failed = new Promise((resolve) => query.cursor.on('error', resolve));
  client.query(query);
  await failed;
  await client.end();
}
`,
    // Read to its end before the close.
    `
import Database from 'better-sqlite3';

export function all(file: string) {
  const db = new Database(file);
  const rows = db.prepare('SELECT * FROM t').iterate();
  const list = [...rows];
  db.close();
  return list;
}
`,
    // A 'for…of' left by 'break' closes the statement's iterator.
    `
import Database from 'better-sqlite3';

export function first(file: string) {
  const db = new Database(file);
  for (const row of db.prepare('SELECT * FROM t').iterate()) {
    console.log(row);
    break;
  }
  db.close();
}
`,
    // Advanced once, then closed by hand.
    `
import Database from 'better-sqlite3';

export function head(file: string) {
  const db = new Database(file);
  const rows = db.prepare('SELECT * FROM t').iterate();
  const first = rows.next().value;
  rows.return?.();
  db.close();
  return first;
}
`,
    // The submitted stream is destroyed before the client ends.
    `
import pg from 'pg';
import QueryStream from 'pg-query-stream';

export async function cancel() {
  const client = new pg.Client();
  await client.connect();
  const stream = client.query(new QueryStream('SELECT * FROM t'));
  stream.destroy();
  await client.end();
}
`,
    // MongoDB closes its cursors cleanly: an unread cursor at close() sends nothing.
    `
import { MongoClient } from 'mongodb';

export async function unused(uri: string) {
  const client = new MongoClient(uri);
  client.db('app').collection('users').find({});
  await client.close();
}
`,
    // An unknown driver: its close is not known to fail open values.
    `
export function unknown(db: { prepare(sql: string): { iterate(): Iterator<unknown> }; close(): void }) {
  const rows = db.prepare('SELECT * FROM t').iterate();
  rows.next();
  db.close();
}
`,
    // A driver declared by the 'closes' option without failsOpenValues: its close is not known to fail open values.
    {
      code: `
import { open } from 'my-db';

export function head() {
  const db = open();
  const rows = db.iterate();
  rows.next();
  db.close();
}
`,
      options: [{ closes: [{ module: 'my-db', methods: ['close'], behaviour: 'strict' }] }],
    },
    // Declared failsOpenValues, and the value is read to its end before the close.
    {
      code: `
import { open } from 'my-db';

export function all() {
  const db = open();
  const rows = db.iterate();
  const list = [...rows];
  db.close();
  return list;
}
`,
      options: [{ closes: [{ module: 'my-db', methods: ['close'], behaviour: 'strict', failsOpenValues: true }] }],
    },
    // A path that returns before the explicit close never meets the value at a close.
    `
import Database from 'better-sqlite3';

export function total(file: string, skip: boolean) {
  const db = new Database(file);
  const rows = db.prepare('SELECT n FROM t').iterate();
  if (skip) return 0;
  let sum = 0;
  for (const row of rows) sum += (row as { n: number }).n;
  db.close();
  return sum;
}
`,
  ],
  invalid: [
    // pg-cursor: read once and released without close(): the client goes back to the pool with the
    // cursor's portal open, and its next query waits behind it.
    {
      code: `
import type { Pool } from 'pg';
import Cursor from 'pg-cursor';

export async function firstRows(pool: Pool, sql: string) {
  const client = await pool.connect();
  const cursor = new Cursor(sql);
  try {
    client.query(cursor);
    return await cursor.read(100);
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          ...leftOpen("'client.query(…)'", "client 'client'", 'line 12, client.release() in finally', "pg's release() fails it"),
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 25,
        },
      ],
    },
    // better-sqlite3: close() throws "connection is busy" while the iterator is open.
    {
      code: `
import Database from 'better-sqlite3';

export function head(file: string) {
  const db = new Database(file);
  const rows = db.prepare('SELECT * FROM t').iterate();
  const first = rows.next().value;
  db.close();
  return first;
}
`,
      errors: [
        {
          ...leftOpen("'db.prepare(…).iterate()'", "database 'db'", 'line 8, db.close()', "better-sqlite3's close() throws while it is open"),
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 55,
        },
      ],
    },
    // pg: a QueryStream submitted and never read before end() (node-postgres#2333).
    {
      code: `
import pg from 'pg';
import QueryStream from 'pg-query-stream';

export async function unread() {
  const client = new pg.Client();
  await client.connect();
  client.query(new QueryStream('SELECT * FROM t'));
  await client.end();
}
`,
      errors: [
        {
          ...leftOpen("'client.query(…)'", "client 'client'", 'line 9, client.end()', "pg's end() fails it"),
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 51,
        },
      ],
    },
    // Read on one path only: on the other the close meets it open.
    {
      code: `
import Database from 'better-sqlite3';

export function maybe(file: string, wanted: boolean) {
  const db = new Database(file);
  const rows = db.prepare('SELECT * FROM t').iterate();
  if (wanted) for (const row of rows) console.log(row);
  db.close();
}
`,
      errors: [
        {
          ...leftOpen("'db.prepare(…).iterate()'", "database 'db'", 'line 8, db.close()', "better-sqlite3's close() throws while it is open"),
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 55,
        },
      ],
    },
    // A driver declared by the 'closes' option with failsOpenValues: its strict close throws with the value open.
    {
      code: `
import { open } from 'my-db';

export function head() {
  const db = open();
  const rows = db.iterate();
  rows.next();
  db.close();
}
`,
      options: [{ closes: [{ module: 'my-db', methods: ['close'], behaviour: 'strict', failsOpenValues: true }] }],
      errors: [
        {
          ...leftOpen("'db.iterate()'", "pool 'db'", 'line 8, db.close()', "my-db's close() throws while it is open"),
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 28,
        },
      ],
    },
    // The same for an abrupt close: it fails the value.
    {
      code: `
import { open } from 'my-db';

export function head() {
  const db = open();
  const rows = db.stream();
  db.close();
}
`,
      options: [{ closes: [{ module: 'my-db', methods: ['close'], behaviour: 'abrupt', failsOpenValues: true }] }],
      errors: [
        {
          ...leftOpen("'db.stream()'", "pool 'db'", 'line 7, db.close()', "my-db's close() fails it"),
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 27,
        },
      ],
    },
    // Its twin: the return leaves through a finally that closes the database, with the iterator open.
    {
      code: `
import Database from 'better-sqlite3';

export function total(file: string, skip: boolean) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT n FROM t').iterate();
    if (skip) return 0;
    let sum = 0;
    for (const row of rows) sum += (row as { n: number }).n;
    return sum;
  } finally {
    db.close();
  }
}
`,
      errors: [
        {
          ...leftOpen("'db.prepare(…).iterate()'", "database 'db'", 'line 13, db.close() in finally', "better-sqlite3's close() throws while it is open"),
          line: 7,
          column: 18,
          endLine: 7,
          endColumn: 57,
        },
      ],
    },
    // A path that closes and then returns meets the close with the iterator open.
    {
      code: `
import Database from 'better-sqlite3';

export function total(file: string, skip: boolean) {
  const db = new Database(file);
  const rows = db.prepare('SELECT n FROM t').iterate();
  if (skip) {
    db.close();
    return 0;
  }
  let sum = 0;
  for (const row of rows) sum += (row as { n: number }).n;
  db.close();
  return sum;
}
`,
      errors: [
        {
          ...leftOpen("'db.prepare(…).iterate()'", "database 'db'", 'line 8, db.close(); line 13, db.close()', "better-sqlite3's close() throws while it is open"),
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 55,
        },
      ],
    },
  ],
});
