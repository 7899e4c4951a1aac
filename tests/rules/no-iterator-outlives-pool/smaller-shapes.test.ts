import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester, isTypedRun } from '../rule-tester.js';

// Rule 19's first items: a close chained with '.catch', '.finally' or '.then' is a dispose call;
// an awaited '.db(…)' or '.collection(…)' keeps the reach (both return synchronously, and 'await'
// on a non-thenable gives it back); a Node stream's or socket's 'readable' is a boolean flag, and
// elsewhere a 'readable' only compared, tested, or given to an assertion or a logger is a flag.
// Rule 19's rest: a child process's 'stdout' and 'stderr' are lazy properties, and a consumption
// inside an assertion of failure is a test of the after-close behaviour. And a callback close
// made a promise and awaited, 'await new Promise((resolve) => conn.end(resolve))', is an awaited close.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // keys() of a Map in the client's internals, read through plain properties: no store's lazy keys.
    `
import { MongoClient } from 'mongodb';

export async function hostNames(uri: string, client = new MongoClient(uri)) {
  await client.connect();
  const servers = client.topology.description.servers;
  await client.close();
  return [...servers.keys()];
}
`,
    // The iterator is read before the chained close.
    `
import Database from 'better-sqlite3';

export async function names(file: string) {
  const db = new Database(file);
  const rows = db.prepare('SELECT name FROM users').iterate();
  const names = [...rows];
  await db.close().catch(() => {});
  return names;
}
`,
    // The cursor from an awaited collection is read before the client closes.
    `
import { MongoClient } from 'mongodb';

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const users = await client.db('app').collection('users');
  const found = await users.find({}).toArray();
  await client.close();
  return found;
}
`,
    // A socket's 'readable' is a flag: checked after destroy() in a test.
    `
import net from 'node:net';

export function closes(port: number) {
  const socket = net.connect(port);
  socket.destroy();
  expect(socket.readable).toBe(false);
}
`,
    // An unknown value's 'readable' only compared and logged.
    `
export function report(conn: { readable: boolean; close(): void }) {
  conn.close();
  if (conn.readable === false) console.log('closed');
  console.log(conn.readable);
  assert.equal(conn.readable, false);
}
`,
    // Assertions of failure: the consumption is expected to fail after the close.
    `
import { MongoClient } from 'mongodb';
import assert from 'node:assert';

test('a closed client yields nothing', async () => {
  const client = new MongoClient('mongodb://localhost');
  const cursor = client.db('app').collection('users').find();
  await client.close();
  await assert.rejects(cursor.toArray());
  await expect(cursor.toArray()).rejects.toThrow();
  expect(() => cursor.next()).toThrow();
  assert.throws(() => cursor.next());
});
`,
    // A rejection handler that asserts on the error: the test expects the read to fail (abstract-level's own tests).
    `
import { ClassicLevel } from 'classic-level';

test('iterator - cannot operate on closed db', async (t) => {
  const db = new ClassicLevel('./db');
  const it = db.iterator({ gt: 'foo' });
  await db.close();
  await it.next().catch((err) => {
    t.is(err.code, 'LEVEL_ITERATOR_NOT_OPEN');
  });
  await it.nextv(10).then(() => t.fail(), (err) => assert.equal(err.code, 'LEVEL_ITERATOR_NOT_OPEN'));
  await it.all().catch((err) => expect(err).toBeInstanceOf(Error));
});
`,
    // An ssh2 channel's 'stderr' is no child process's stream.
    `
export function cleanup(channel: { stderr: NodeJS.ReadableStream; close(): void }) {
  channel.close();
  channel.stderr.once('end', () => console.log('done'));
}
`,
    // A child process's output read before it is killed and disposed.
    `
import { spawn } from 'node:child_process';

export async function version() {
  await using child = spawn('node', ['--version']);
  return (await child.stdout.toArray()).join('');
}
`,
    // The stream is read before the awaited callback close.
    `
import mysql from 'mysql';

export async function copy(write: (row: unknown) => void) {
  const conn = mysql.createConnection({ host: 'db' });
  conn.query('SELECT * FROM orders').stream().on('data', write);
  await new Promise((resolve) => conn.end(resolve));
}
`,
  ],
  invalid: [
    // A rejection handler that logs the error, or asserts nothing on it, swallows the failure: no test of it.
    {
      code: `
import { ClassicLevel } from 'classic-level';

export async function first(db: ClassicLevel, t: { ok(value: unknown): void }) {
  const it = db.iterator({ gt: 'foo' });
  await db.close();
  await it.next().catch((err) => console.error(err));
  await it.next().catch(() => t.ok(true));
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'it' (from db.iterator(…))", pool: "pool 'db'", disposal: 'line 6, db.close()' },
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 18,
          suggestions: [],
        },
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'it' (from db.iterator(…))", pool: "pool 'db'", disposal: 'line 6, db.close()' },
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 18,
          suggestions: [],
        },
      ],
    },
    // Not an assertion of failure: the use runs before 'expect', and 'doesNotThrow' asserts that it works.
    {
      code: `
import { MongoClient } from 'mongodb';
import assert from 'node:assert';

test('uses', async () => {
  const client = new MongoClient('mongodb://localhost');
  const cursor = client.db('app').collection('users').find();
  await client.close();
  expect(cursor.next()).toThrow();
  assert.doesNotThrow(() => cursor.next());
});
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'cursor' (from client.db(…).collection(…).find())", pool: "client 'client'", disposal: 'line 8, client.close()' },
          line: 9,
          column: 10,
          endLine: 9,
          endColumn: 23,
          suggestions: [],
        },
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'cursor' (from client.db(…).collection(…).find())", pool: "client 'client'", disposal: 'line 8, client.close()' },
          line: 10,
          column: 29,
          endLine: 10,
          endColumn: 42,
          suggestions: [],
        },
      ],
    },
    // A child process's stdout returned past its disposal.
    {
      code: `
import { spawn } from 'node:child_process';

export async function output() {
  await using child = spawn('node', ['--version']);
  return child.stdout;
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: { iterator: "'child.stdout'", pool: "pool 'child'", escape: 'returned', disposal: "line 7, end of the 'await using' block" },
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 22,
          // A Node child process's stdout is a Readable: its own toArray() reads it.
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'child.stdout'" },
              output: `
import { spawn } from 'node:child_process';

export async function output() {
  await using child = spawn('node', ['--version']);
  return await child.stdout.toArray();
}
`,
            },
          ],
        },
      ],
    },
    // The callback close made a promise and awaited: the unread stream blocks it.
    {
      code: `
import mysql from 'mysql';

export async function forgot() {
  const conn = mysql.createConnection({ host: 'db' });
  const rows = conn.query('SELECT * FROM orders').stream();
  await new Promise((resolve) => conn.end(resolve));
}
`,
      errors: [
        {
          messageId: 'blocksClose',
          data: {
            iterator: "'conn.query(…).stream()'",
            pool: "connection 'conn'",
            disposal: 'line 7, conn.end(…)',
            behaviour: "mysql's end() waits for it",
          },
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 59,
        },
      ],
    },
    // '.catch' on the close: still the close.
    {
      code: `
import Database from 'better-sqlite3';

export async function names(file: string) {
  const db = new Database(file);
  const rows = db.prepare('SELECT name FROM users').iterate();
  await db.close().catch(() => {});
  return [...rows];
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            disposal: 'line 7, db.close()',
          },
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 18,
          // Typed, the driver is not installed: its values are 'any', and 'Array.from' is not offered over them.
          suggestions: isTypedRun
            ? []
            : [
                {
                  messageId: 'materializeSync',
                  data: { expression: "'db.prepare(…).iterate()'" },
                  output: `
import Database from 'better-sqlite3';

export async function names(file: string) {
  const db = new Database(file);
  const rows = Array.from(db.prepare('SELECT name FROM users').iterate());
  await db.close().catch(() => {});
  return [...rows];
}
`,
                },
              ],
        },
      ],
    },
    // An awaited collection is still the client's: its cursor is read after the close.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const users = await client.db('app').collection('users');
  const cursor = users.find({});
  await client.close();
  for await (const user of cursor) console.log(user);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from users.find(…))",
            pool: "client 'client'",
            disposal: 'line 8, client.close()',
          },
          line: 9,
          column: 28,
          endLine: 9,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'users.find(…)'" },
              output: `
import { MongoClient } from 'mongodb';

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const users = await client.db('app').collection('users');
  const cursor = await users.find({}).toArray();
  await client.close();
  for await (const user of cursor) console.log(user);
}
`,
            },
          ],
        },
      ],
    },
    // The twin of the flags above: a 'readable' piped after the close is the stream (Deno's 'Conn').
    {
      code: `
export function relay(conn: Deno.Conn, out: WritableStream<Uint8Array>) {
  conn.close();
  if (conn.readable) console.log('open');
  return conn.readable.pipeTo(out);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'conn.readable'", pool: "pool 'conn'", disposal: 'line 3, conn.close()' },
          line: 5,
          column: 10,
          endLine: 5,
          endColumn: 35,
        },
      ],
    },
  ],
});
