import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Where the disposal scope is: module top level (`await using` at the top of an ES module is
// disposed at the end of the module body), `switch` blocks, labelled blocks, plain and nested blocks,
// class static blocks, and nested functions with pools of their own.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // Top-level 'await using' consumed at top level, before the module body ends.
    `
import { MongoClient } from 'mongodb';

await using client = new MongoClient(process.env.MONGO_URL!);

for await (const u of client.db('app').collection('users').find()) console.log(u);
`,
    // Top-level: materialized before export.
    `
import { open } from 'node:fs/promises';

await using fh = await open('README.md');

export const lines = await Array.fromAsync(fh.readLines());
`,
    // A 'switch' case consumes the iterator before the switch ends.
    `
import { open } from 'node:fs/promises';

export async function read(path: string, format: 'lines' | 'raw') {
  switch (format) {
    case 'lines':
      await using fh = await open(path);
      for await (const line of fh.readLines()) console.log(line);
      break;
    case 'raw':
      break;
  }
}
`,
    // A labelled block that consumes the iterator before it ends.
    `
export async function run(tasks: Task[], skip: boolean) {
  load: {
    await using pool = new WorkerPool(4);
    if (skip) break load;
    for await (const r of pool.imap(work, tasks)) console.log(r);
  }
}
`,
    // The outer pool's iterator is consumed after an inner block ends, while the outer pool lives.
    `
import { MongoClient } from 'mongodb';

export async function merge(a: string) {
  await using client = new MongoClient(a);
  let cursor;
  {
    cursor = client.db('app').collection('users').find();
  }
  for await (const u of cursor) console.log(u);
}
`,
    // A nested function's pool consumed in that function; the outer function has none.
    `
import { MongoClient } from 'mongodb';

export async function report(uri: string) {
  async function count() {
    await using own = new MongoClient(uri);
    let n = 0;
    for await (const _ of own.db('app').collection('events').find()) n++;
    return n;
  }
  return count();
}
`,
    // A class static block that materializes the rows.
    `
import Database from 'better-sqlite3';

export class Settings {
  static rows: unknown[];
  static {
    using db = new Database('settings.db');
    Settings.rows = Array.from(db.prepare('SELECT * FROM settings').iterate());
  }
}
`,
    // Shadowing: an inner 'client' parameter is not the outer 'using' pool.
    `
import { MongoClient } from 'mongodb';

export async function run(uri: string, clients: MongoClient[]) {
  {
    await using client = new MongoClient(uri);
    await client.db('admin').command({ ping: 1 });
  }
  return clients.map((client) => client.db('app').collection('users').find());
}
`,
    // Top-level 'using' of a node:sqlite database, iterated in the module body.
    `
import { DatabaseSync } from 'node:sqlite';

using db = new DatabaseSync(':memory:');
db.exec('CREATE TABLE t (x INTEGER)');
for (const row of db.prepare('SELECT x FROM t').iterate()) console.log(row);
`,
    // 'for (await using conn of …)': each iteration's stream is consumed in that iteration.
    `
import { createConnection } from 'mysql2';

export async function dumpAll(configs: string[]) {
  for (await using conn of configs.map((c) => createConnection(c))) {
    for await (const row of conn.query('SELECT * FROM t').stream()) console.log(row);
  }
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // Top-level 'await using': an exported cursor escapes; the client is disposed at the end of the module.
    {
      code: `
import { MongoClient } from 'mongodb';

await using client = new MongoClient(process.env.MONGO_URL!);

export const users = client.db('app').collection('users').find();
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            disposal: "line 6, end of the module ('await using' at top level)",
            escape: 'exported',
          },
          line: 6,
          column: 22,
          endLine: 6,
          endColumn: 65,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              materialize: "client.db('app').collection('users').find()",
            },
          ],
        },
      ],
    },
    // Top-level 'using': a default-exported iterator escapes.
    {
      code: `
import { DatabaseSync } from 'node:sqlite';

using db = new DatabaseSync('app.db');

export default db.prepare('SELECT * FROM settings').iterate();
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db.prepare(…).iterate()'",
            pool: "database 'db'",
            disposal: "line 6, end of the module ('using' at top level)",
            escape: 'exported',
          },
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 62,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT * FROM settings').iterate()",
            },
          ],
        },
      ],
    },
    // Top-level: an export specifier of the iterator's binding.
    {
      code: `
import { open } from 'node:fs/promises';

await using fh = await open('README.md');
const lines = fh.readLines();

export { lines };
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'lines' (from fh.readLines())",
            pool: "file handle 'fh'",
            disposal: "line 7, end of the module ('await using' at top level)",
            escape: 'exported',
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'fh.readLines()'" },
              materialize: 'fh.readLines()',
            },
          ],
        },
      ],
    },
    // Top-level: a timer callback created in the module consumes the iterator after the module body ends.
    {
      code: `
import Database from 'better-sqlite3';

using db = new Database('jobs.db');
const pending = db.prepare('SELECT * FROM jobs WHERE done = 0').iterate();

setTimeout(() => {
  for (const job of pending) console.log(job);
}, 1000);
`,
      errors: [
        {
          messageId: 'consumedLater',
          data: {
            iterator: "'pending' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            disposal: "line 9, end of the module ('using' at top level)",
            callback: 'a setTimeout callback',
          },
          line: 8,
          column: 21,
          endLine: 8,
          endColumn: 28,
        },
      ],
    },
    // Top-level: stored on globalThis, which outlives the module body.
    {
      code: `
import { Redis } from 'ioredis';

await using stack = new AsyncDisposableStack();
const redis = stack.adopt(new Redis(), (r) => r.disconnect());
(globalThis as any).sessions = redis.scanStream({ match: 'sess:*' });
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'redis.scanStream(…)'",
            pool: "client 'redis'",
            disposal: "line 7, by stack 'stack' at the end of its 'await using' block",
            escape: "stored on '(globalThis as any).sessions'",
          },
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 69,
          suggestions: [],
        },
      ],
    },
    // 'await using' directly in a 'switch' case: disposed at the end of the switch.
    {
      code: `
import { open } from 'node:fs/promises';

export async function read(path: string, format: 'lines' | 'raw') {
  let lines: AsyncIterable<string> = [] as unknown as AsyncIterable<string>;
  switch (format) {
    case 'lines':
      await using fh = await open(path);
      lines = fh.readLines();
      break;
    case 'raw':
      break;
  }
  for await (const line of lines) console.log(line);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'lines' (from fh.readLines())",
            pool: "file handle 'fh'",
            disposal: "line 13, end of the 'switch' holding the 'await using'",
          },
          line: 14,
          column: 28,
          endLine: 14,
          endColumn: 33,
          suggestions: [],
        },
      ],
    },
    // 'using' in a 'switch' case, the iterator returned from inside the switch.
    {
      code: `
import Database from 'better-sqlite3';

export function rows(file: string, table: 'users' | 'orders') {
  switch (table) {
    case 'users':
      using db = new Database(file);
      return db.prepare('SELECT * FROM users').iterate();
    default:
      return [];
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db.prepare(…).iterate()'",
            pool: "database 'db'",
            disposal: "line 11, end of the 'switch' holding the 'using'",
            escape: 'returned',
          },
          line: 8,
          column: 14,
          endLine: 8,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT * FROM users').iterate()",
            },
          ],
        },
      ],
    },
    // A block inside a 'case': the pool dies at the end of that block, before the next statement.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function load(uri: string, kind: string) {
  let cursor;
  switch (kind) {
    case 'users': {
      await using client = new MongoClient(uri);
      cursor = client.db('app').collection('users').find();
      break;
    }
  }
  if (cursor) for await (const u of cursor) console.log(u);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: "line 11, end of the 'await using' block",
          },
          line: 13,
          column: 37,
          endLine: 13,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              materialize: "client.db('app').collection('users').find()",
            },
          ],
        },
      ],
    },
    // A labelled block left early with 'break': the iterator assigned in it is consumed after it.
    {
      code: `
export async function run(tasks: Task[], skip: boolean) {
  let results: AsyncIterable<number> = (async function* () {})();
  load: {
    await using pool = new WorkerPool(4);
    if (skip) break load;
    results = pool.imap(work, tasks);
  }
  for await (const r of results) console.log(r);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'results' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 8, end of the 'await using' block",
          },
          line: 9,
          column: 25,
          endLine: 9,
          endColumn: 32,
          suggestions: [],
        },
      ],
    },
    // Nested blocks: the inner pool's iterator is consumed in the outer block, after the inner one ends.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function merge(a: string, b: string) {
  await using left = new MongoClient(a);
  let right;
  {
    await using other = new MongoClient(b);
    right = other.db('app').collection('users').find();
  }
  for await (const u of left.db('app').collection('users').find()) console.log(u);
  for await (const u of right) console.log(u);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'right' (from other.db(…).collection(…).find())",
            pool: "client 'other'",
            disposal: "line 10, end of the 'await using' block",
          },
          line: 12,
          column: 25,
          endLine: 12,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'other.db(…).collection(…).find()'" },
              materialize: "other.db('app').collection('users').find()",
            },
          ],
        },
      ],
    },
    // Nested functions with their own pools: only the inner function's escaping iterator is reported.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function report(uri: string) {
  await using client = new MongoClient(uri);
  async function recent(url: string) {
    await using own = new MongoClient(url);
    return own.db('app').collection('events').find().sort({ at: -1 });
  }
  for await (const u of client.db('app').collection('users').find()) console.log(u);
  return recent(uri);
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'own.db(…).collection(…).find().sort(…)'",
            pool: "client 'own'",
            disposal: "line 9, end of the 'await using' block",
            escape: 'returned',
          },
          line: 8,
          column: 12,
          endLine: 8,
          endColumn: 70,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'own.db(…).collection(…).find().sort(…)'" },
              materialize: "own.db('app').collection('events').find().sort({ at: -1 })",
            },
          ],
        },
      ],
    },
    // A class static block with 'using': the iterator is stored on the class, which outlives the block.
    {
      code: `
import Database from 'better-sqlite3';

export class Settings {
  static rows: Iterable<unknown>;
  static {
    using db = new Database('settings.db');
    Settings.rows = db.prepare('SELECT * FROM settings').iterate();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db.prepare(…).iterate()'",
            pool: "database 'db'",
            disposal: "line 9, end of the 'using' block",
            escape: "stored on 'Settings.rows'",
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 67,
          suggestions: [],
        },
      ],
    },
    // 'using' in an 'if' block: the iterator escapes the if block into the rest of the function.
    {
      code: `
import Database from 'better-sqlite3';

export function maybeRows(file: string | undefined) {
  let rows: Iterable<unknown> = [];
  if (file) {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM t').iterate();
  }
  return Array.from(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT * FROM t').iterate()",
            },
          ],
        },
      ],
    },
    // 'await using' inside a 'try' block: disposed when the try block ends, before 'finally' runs.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  let cursor;
  try {
    await using client = new MongoClient(uri);
    cursor = client.db('app').collection('users').find();
  } finally {
    console.log('done');
  }
  for await (const u of cursor) console.log(u.name);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: "line 9, end of the 'await using' block",
          },
          line: 12,
          column: 25,
          endLine: 12,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              materialize: "client.db('app').collection('users').find()",
            },
          ],
        },
      ],
    },
    // A class method with 'await using' returning the iterator.
    {
      code: `
import { MongoClient } from 'mongodb';

export class UserRepo {
  constructor(private readonly uri: string) {}
  async all() {
    await using client = new MongoClient(this.uri);
    return client.db('app').collection('users').find();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            disposal: "line 9, end of the 'await using' block",
            escape: 'returned',
          },
          line: 8,
          column: 12,
          endLine: 8,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              materialize: "client.db('app').collection('users').find()",
            },
          ],
        },
      ],
    },
    // A class field arrow with 'using' returning the iterator from its block body.
    {
      code: `
import { DatabaseSync } from 'node:sqlite';

export class Reports {
  rows = (file: string) => {
    using db = new DatabaseSync(file);
    return db.prepare('SELECT * FROM reports').iterate();
  };
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db.prepare(…).iterate()'",
            pool: "database 'db'",
            disposal: "line 8, end of the 'using' block",
            escape: 'returned',
          },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT * FROM reports').iterate()",
            },
          ],
        },
      ],
    },
  ]),
});
