import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester, isTypedRun } from '../rule-tester.js';

// Rule 19's first items: a close chained with '.catch', '.finally' or '.then' is a dispose call;
// an awaited '.db(…)' or '.collection(…)' keeps the reach (both return synchronously, and 'await'
// on a non-thenable gives it back); a Node stream's or socket's 'readable' is a boolean flag, and
// elsewhere a 'readable' only compared, tested, or given to an assertion or a logger is a flag.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
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
  ],
  invalid: [
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
            pool: "pool 'db'",
            disposal: 'line 7, db.close()',
          },
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 18,
          // With types, the unresolved 'better-sqlite3' is loosely typed: 'Array.from' would give unknown items, so no suggestion.
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
            pool: "pool 'client'",
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
