import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// Third edition, rules 11 and 12: a close is abrupt, graceful or strict, by the driver that made the
// pool (or, without one, by the value's own shape: `conn.query(…).stream()` is mysql's). A graceful
// close waits for what the pool handed out: a value being read before it is fine, and a graceful
// close that is not awaited lets every value made before it finish. An awaited graceful close
// cannot survive a value nobody reads: 'blocksClose', on the making of the value. Pools that
// acquire connections asynchronously (knex) wait only for values that hold one: made in the same
// tick as the close, the value is judged as at an abrupt close.

const ruleTester = createRuleTester();

const blocksClose = (iterator: string, pool: string, disposal: string, behaviour: string) => ({
  messageId: 'blocksClose' as const,
  data: { iterator, pool, disposal, behaviour },
});

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // mysql2's callback API: end() returns nothing, so 'await conn.end()' waits for nothing, and a
    // graceful close that is not awaited is not reported (the contract's rule 12).
    `
import mysql from 'mysql2';

export async function maybe(flag: boolean) {
  const conn = mysql.createConnection({ host: 'db' });
  const rows = conn.query('SELECT * FROM orders').stream();
  if (flag) rows.on('data', console.log);
  await conn.end();
}
`,
    // The query and its stream in two bindings: still mysql's, and end() waits for the stream being read.
    `
export function dump(connection: { query(sql: string): { stream(): NodeJS.ReadableStream }; end(cb: (err?: Error) => void): void }) {
  const query = connection.query('SELECT * FROM t');
  const stream = query.stream();
  stream.on('data', (row) => console.log(row));
  connection.end((err) => {
    if (err) throw err;
  });
}
`,
    // The same in code older than 'const': a 'var' nothing writes again holds mysql's query for its whole life.
    `
export function dump(connection: { query(sql: string): { stream(): NodeJS.ReadableStream }; end(cb: (err?: Error) => void): void }) {
  var query = connection.query('SELECT * FROM t');
  var stream = query.stream();
  stream.on('data', function noop() {});
  connection.end(function (err) {
    if (err) throw err;
  });
}
`,
    // mysql2's destroy() only half-closes the socket: as run, the stream being read gets every row.
    `
import mysql from 'mysql2';

export function cut(write: (row: unknown) => void) {
  const conn = mysql.createConnection({ host: 'db' });
  const rows = conn.query('SELECT * FROM orders').stream();
  rows.on('data', write);
  conn.destroy();
}
`,
    // mysql's own idiom: end() queues the quit behind the query, so the 'data' listener gets every row.
    `
import mysql from 'mysql2';

export function exportOrders(write: (row: unknown) => void) {
  const conn = mysql.createConnection({ host: 'db' });
  const rows = conn.query('SELECT * FROM orders').stream();
  rows.on('data', (row) => write(row));
  conn.end();
}
`,
    // The same in finally, awaited: the stream is being read when end() runs, and end() waits for it.
    `
import mysql from 'mysql2';

export async function exportOrders(write: (row: unknown) => void) {
  const conn = mysql.createConnection({ host: 'db' });
  try {
    conn.query('SELECT * FROM orders').stream().on('data', write);
  } finally {
    await conn.end();
  }
}
`,
    // A graceful close that is not awaited: the stream is read after it, then the quit runs.
    `
import mysql from 'mysql';

export async function copy(sink: (row: unknown) => void) {
  const conn = mysql.createConnection({ host: 'db' });
  const rows = conn.query('SELECT * FROM orders').stream();
  conn.end();
  for await (const row of rows) sink(row);
}
`,
    // Read to its end before the awaited close.
    `
import mysql from 'mysql2';

export async function count() {
  const conn = mysql.createConnection({ host: 'db' });
  const rows = conn.query('SELECT * FROM orders').stream();
  let n = 0;
  for await (const _ of rows) n++;
  await conn.end();
  return n;
}
`,
    // A listener that pauses and resumes later is still reading.
    `
import mysql from 'mysql';

export async function slowly(sql: string) {
  const conn = mysql.createConnection({ host: 'db' });
  const query = conn.query(sql);
  query.on('result', (row) => {
    conn.pause();
    setTimeout(() => conn.resume(), 10);
  });
  await conn.end();
}
`,
    // mysql2 (3.14.4+): leaving a 'for await' early ends the query.
    `
import mysql from 'mysql2';

export async function first(sql: string) {
  const conn = mysql.createConnection({ host: 'db' });
  const rows = conn.query(sql).stream();
  for await (const row of rows) {
    console.log(row);
    break;
  }
  await conn.end();
}
`,
    // Unknown driver, but the value's shape is mysql's: end() waits for the stream being read.
    `
export function exportOrders(conn: { query(sql: string): { stream(): NodeJS.ReadableStream }; end(): void }) {
  conn.query('SELECT * FROM orders').stream().on('data', console.log);
  conn.end();
}
`,
    // knex waits for a stream that holds its connection: an await has passed since it was made.
    `
import knex from 'knex';

export async function copy(out: NodeJS.WritableStream) {
  const db = knex({ client: 'pg' });
  const stream = db('events').stream();
  stream.pipe(out);
  await db.raw('select 1');
  await db.destroy();
}
`,
    // ioredis' quit() waits only for commands already sent: an unread scan stream sends none.
    `
import { Redis } from 'ioredis';

export async function keys(url: string) {
  const redis = new Redis(url);
  redis.scanStream({ match: 'user:*' });
  await redis.quit();
}
`,
    // The 'closes' option declares a driver's close graceful.
    {
      code: `
import { connect } from 'my-db';

export function drain(seen: (row: unknown) => void) {
  const db = connect();
  db.rows().stream().on('data', seen);
  db.end();
}
`,
      options: [{ closes: [{ module: 'my-db', methods: ['end'], behaviour: 'graceful' }] }],
    },
    // Stored for someone else, and the close is not awaited: the value can be read later, and the close waits for it.
    `
import mysql from 'mysql2';

export const pending: { rows?: unknown } = {};

export function prepare() {
  const conn = mysql.createConnection({ host: 'db' });
  pending.rows = conn.query('SELECT * FROM orders').stream();
  conn.end();
}
`,
  ],
  invalid: [
    // Twin of the 'var' form: a cursor's stream (not mysql's query()) with an unknown driver, whose close is abrupt.
    {
      code: `
export function dump(connection: { find(sql: string): { stream(): NodeJS.ReadableStream }; end(cb: (err?: Error) => void): void }) {
  var query = connection.find('t');
  var stream = query.stream();
  stream.on('data', function noop() {});
  connection.end(function (err) {
    if (err) throw err;
  });
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'stream' (from connection.find(…))",
            pool: "pool 'connection'",
            disposal: 'line 6, connection.end(…)',
            remedy: 'await finished(stream)',
          },
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 40,
        },
      ],
    },
    // The stream is read on one path only, and end() is awaited: on the other it waits forever.
    {
      code: `
import mysql from 'mysql2';

export async function maybe(flag: boolean) {
  const conn = mysql.createConnection({ host: 'db' });
  const rows = conn.query('SELECT * FROM orders').stream();
  if (flag) rows.on('data', console.log);
  await conn.promise().end();
}
`,
      errors: [
        {
          ...blocksClose("'conn.query(…).stream()'", "connection 'conn'", 'line 8, conn.promise().end()', "mysql2's end() waits for it"),
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 59,
        },
      ],
    },
    // Paused in its 'result' listener with no resume: the connection stops, and end() never comes.
    {
      code: `
import mysql from 'mysql';

export async function pausedInResult(sql: string) {
  const conn = mysql.createConnection({ host: 'db' });
  const query = conn.query(sql);
  query.on('result', (row) => {
    conn.pause();
    console.log(row);
  });
  await new Promise((resolve) => conn.end(resolve));
}
`,
      errors: [
        {
          ...blocksClose("'conn.query(…)'", "connection 'conn'", 'line 11, conn.end(…)', "mysql's end() waits for it"),
          line: 6,
          column: 17,
          endLine: 6,
          endColumn: 32,
        },
      ],
    },
    // mysql (not mysql2): leaving a 'for await' early leaves the query running, the connection paused.
    {
      code: `
import mysql from 'mysql';

export async function firstOnly(sql: string) {
  const conn = mysql.createConnection({ host: 'db' });
  const rows = conn.query(sql).stream();
  for await (const row of rows) {
    console.log(row);
    break;
  }
  await new Promise((resolve) => conn.end(resolve));
}
`,
      errors: [
        {
          ...blocksClose("'conn.query(…).stream()'", "connection 'conn'", 'line 11, conn.end(…)', "mysql's end() waits for it"),
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 40,
        },
      ],
    },
    // mysql's destroy() is abrupt: the rows still arriving are cut off.
    {
      code: `
import mysql from 'mysql';

export function cut(write: (row: unknown) => void) {
  const conn = mysql.createConnection({ host: 'db' });
  const rows = conn.query('SELECT * FROM orders').stream();
  rows.on('data', write);
  conn.destroy();
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'rows' (from conn.query(…).stream())",
            pool: "connection 'conn'",
            disposal: 'line 8, conn.destroy()',
            remedy: 'await finished(rows)',
          },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 25,
        },
      ],
    },
    // knex: made in the same tick as destroy(), the stream has no connection yet and fails.
    {
      code: `
import knex from 'knex';

export async function sameTick(out: NodeJS.WritableStream) {
  const db = knex({ client: 'pg' });
  db('events').stream().pipe(out);
  await db.destroy();
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'db(…).stream()'",
            pool: "database 'db'",
            disposal: 'line 7, db.destroy()',
            remedy: "await finished(out) or 'await pipeline(…)'",
          },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 34,
        },
      ],
    },
    // ioredis: a scan stream sends one SCAN per read, so quit() cuts a listened one short.
    {
      code: `
import { Redis } from 'ioredis';

export async function listened(url: string, seen: (keys: string[]) => void) {
  const redis = new Redis(url);
  const stream = redis.scanStream({ match: 'user:*' });
  stream.on('data', seen);
  await redis.quit();
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'stream' (from redis.scanStream(…))",
            pool: "client 'redis'",
            disposal: 'line 8, redis.quit()',
            remedy: 'await finished(stream)',
          },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 26,
        },
      ],
    },
    // Without the 'closes' option the unknown driver's end() is abrupt, as before.
    {
      code: `
import { connect } from 'my-db';

export function drain(seen: (row: unknown) => void) {
  const db = connect();
  db.rows().stream().on('data', seen);
  db.end();
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'db.rows().stream()'",
            pool: "pool 'db'",
            disposal: 'line 7, db.end()',
            remedy: 'await finished(db.rows().stream())',
          },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 38,
        },
      ],
    },
    // Stored for someone else before an awaited end(): nobody can read it before end() is over, which waits for it.
    {
      code: `
import mysql from 'mysql2';

export const pending: { rows?: unknown } = {};

export async function prepare() {
  const conn = mysql.createConnection({ host: 'db' });
  const rows = conn.query('SELECT * FROM orders').stream();
  pending.rows = rows;
  await conn.promise().end();
}
`,
      errors: [
        {
          ...blocksClose("'conn.query(…).stream()'", "connection 'conn'", 'line 10, conn.promise().end()', "mysql2's end() waits for it"),
          line: 8,
          column: 16,
          endLine: 8,
          endColumn: 59,
        },
      ],
    },
  ] satisfies import('@typescript-eslint/rule-tester').InvalidTestCase<MessageId, Options>[],
});
