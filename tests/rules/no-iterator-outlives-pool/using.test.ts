
import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester, isTypedRun } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

/** A MongoDB client known only from its type: a client in the typed run, a pool without types. */
const typedClient = (name: string): string => (isTypedRun ? `client '${name}'` : `pool '${name}'`);

// Pools of kind 1: bindings declared with 'using' / 'await using', disposed at the end of
// their block, of each iteration of a 'for (using …)' loop, of the module, or of a 'switch'.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // The contract's opening example, fixed: the iterator is consumed inside the 'await using' block.
    `
let total = 0;
{
  await using pool = new WorkerPool(8);
  for await (const r of pool.imapUnordered(work, tasks)) total += r;
}
log(total);
`,
    // Consumed inside the function body that holds the 'using' declaration.
    `
import Database from 'better-sqlite3';

export function indexUsers(file: string) {
  using db = new Database(file, { readonly: true });
  for (const row of db.prepare('SELECT id, email FROM users').iterate()) index(row);
}
`,
    // Assigned to an outer binding but consumed before the block ends, and never used after it.
    `
import { MongoClient } from 'mongodb';

export async function countOpen(uri: string) {
  let cursor;
  {
    await using client = new MongoClient(uri);
    cursor = client.db('shop').collection('orders').find({ status: 'open' });
    let n = 0;
    for await (const _ of cursor) n++;
    return n;
  }
}
`,
    // 'for (using …)': each iteration's iterator is consumed within that iteration.
    `
import Database from 'better-sqlite3';

export function totalRows(files: string[]) {
  let total = 0;
  for (using db of files.map((f) => new Database(f))) {
    for (const _ of db.prepare('SELECT 1 FROM events').iterate()) total++;
  }
  return total;
}
`,
    // 'for (await using …)': the change stream is drained inside the iteration that opened it.
    `
import { MongoClient } from 'mongodb';

export async function replay(uris: string[]) {
  for (await using client of uris.map((u) => new MongoClient(u))) {
    for await (const change of client.db('app').collection('orders').watch()) apply(change);
  }
}
`,
    // Module top level: the module body is the scope, and the cursor is drained in it.
    `
import { MongoClient } from 'mongodb';

await using client = new MongoClient(process.env.MONGO_URL!);
for await (const user of client.db('app').collection('users').find()) console.log(user.email);
`,
    // Module top level 'using': the statement iterator is consumed before the module ends.
    `
import Database from 'better-sqlite3';

using db = new Database('app.db');
const pending = db.prepare('SELECT * FROM jobs WHERE done = 0').iterate();
for (const job of pending) schedule(job);
`,
    // Switch: the 'await using' lives until the end of the 'switch', and the keys are consumed inside it.
    `
import { ClassicLevel } from 'classic-level';

export async function dump(kind: string, location: string) {
  switch (kind) {
    case 'keys':
      await using db = new ClassicLevel(location);
      for await (const key of db.keys()) console.log(key);
      break;
    default:
      throw new Error('unknown kind');
  }
}
`,
    // Nested blocks: created in an inner block, consumed in the outer block that still holds the pool.
    `
import { open } from 'node:fs/promises';

export async function countLines(path: string) {
  await using file = await open(path);
  let lines;
  {
    lines = file.readLines();
  }
  let n = 0;
  for await (const _ of lines) n++;
  return n;
}
`,
    // A generator whose scope holds the pool: the scope stays alive while it is suspended.
    `
export async function* results(tasks: Task[]) {
  await using pool = new WorkerPool(4);
  yield* pool.imap(work, tasks);
}
`,
    // The same for a sync generator over better-sqlite3.
    `
import Database from 'better-sqlite3';

export function* rows(file: string) {
  using db = new Database(file);
  yield* db.prepare('SELECT * FROM rows').iterate();
}
`,
    // Materialized inside the block: the array may go anywhere.
    `
import { MongoClient } from 'mongodb';

export async function openOrders(uri: string) {
  await using client = new MongoClient(uri);
  return await Array.fromAsync(client.db('shop').collection('orders').find({ status: 'open' }));
}
`,
    // A 'using' in a static block, consumed there.
    `
import Database from 'better-sqlite3';

class Settings {
  static values = new Map<string, string>();
  static {
    using db = new Database('settings.db');
    for (const { key, value } of db.prepare('SELECT key, value FROM settings').iterate()) {
      Settings.values.set(key, value);
    }
  }
}
`,
    // A plain 'const' (not 'using') pool that is never disposed where the rule can see it.
    `
import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL!);
export const users = client.db('app').collection('users').find();
`,
    // TypeScript wrappers around a consumption inside the block change nothing.
    `
export async function results(tasks: Task[]) {
  await using pool = new WorkerPool(4);
  const out = pool.imap(work, tasks) as AsyncIterable<Result>;
  for await (const r of out!) log(r);
}
`,
    // An inner async function declared in the block and awaited there consumes the iterator in place.
    `
import { MongoClient } from 'mongodb';

export async function copyAll(uri: string) {
  await using client = new MongoClient(uri);
  const cursor = client.db('app').collection('events').find();
  async function drainHere() {
    for await (const e of cursor) await archive(e);
  }
  await drainHere();
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // The contract's opening example: consumed after the 'await using' block.
    {
      code: `
let results: AsyncIterable<number>;
{
  await using pool = new WorkerPool(8);
  results = pool.imapUnordered(work, tasks);
}                                            // pool disposed here
for await (const r of results) log(r);      // report: consumed after disposal
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'results' (from pool.imapUnordered(…))",
            pool: "pool 'pool'",
            disposal: "line 6, end of the 'await using' block",
          },
          line: 7,
          column: 23,
          endLine: 7,
          endColumn: 30,
          suggestions: [],
        },
      ],
    },
    // Sync 'using' in a nested block of a function, for…of after the block.
    {
      code: `
import Database from 'better-sqlite3';

export function loadUsers(file: string) {
  let rows: Iterable<User>;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  for (const row of rows) index(row);
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
          column: 21,
          endLine: 10,
          endColumn: 25,
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
    // FileHandle.readLines() outlives 'await using file': readLines hangs forever.
    {
      code: `
import { open } from 'node:fs/promises';

export async function countLines(path: string) {
  let lines;
  {
    await using file = await open(path);
    lines = file.readLines();
  }
  let n = 0;
  for await (const _ of lines) n++;
  return n;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'lines' (from file.readLines())",
            pool: "file handle 'file'",
            disposal: "line 9, end of the 'await using' block",
          },
          line: 11,
          column: 25,
          endLine: 11,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'file.readLines()'" },
              materialize: 'file.readLines()',
            },
          ],
        },
      ],
    },
    // 'for (using …)': the pool of each iteration dies at the end of the iteration.
    {
      code: `
import Database from 'better-sqlite3';

export function lastRows(files: string[]) {
  let rows: Iterable<unknown> = [];
  for (using db of files.map((f) => new Database(f))) {
    rows = db.prepare('SELECT * FROM events').iterate();
  }
  return Array.from(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: "pool 'db'",
            disposal: "line 8, end of each iteration of the 'for (using …)' loop",
          },
          line: 9,
          column: 10,
          endLine: 9,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT * FROM events').iterate()",
            },
          ],
        },
      ],
    },
    // 'for (await using …)': the change stream of the last client is read after its client closed.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function tailLast(uris: string[]) {
  let changes;
  for (await using client of uris.map((u) => new MongoClient(u))) {
    changes = client.db('app').collection('orders').watch();
  }
  for await (const change of changes) audit(change);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'changes' (from client.db(…).collection(…).watch())",
            pool: typedClient('client'),
            disposal: "line 8, end of each iteration of the 'for (await using …)' loop",
          },
          line: 9,
          column: 30,
          endLine: 9,
          endColumn: 37,
          suggestions: [],
        },
      ],
    },
    // Module top level 'using': an exported iterator is pulled by importers after the module body ends.
    {
      code: `
import Database from 'better-sqlite3';

using db = new Database('app.db');
export const pending = db.prepare('SELECT * FROM jobs WHERE done = 0').iterate();
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db.prepare(…).iterate()'",
            pool: "database 'db'",
            escape: 'exported',
            disposal: "line 5, end of the module ('using' at top level)",
          },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 81,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT * FROM jobs WHERE done = 0').iterate()",
            },
          ],
        },
      ],
    },
    // Module top level 'await using': a default-exported MongoDB cursor.
    {
      code: `
import { MongoClient } from 'mongodb';

await using client = new MongoClient(process.env.MONGO_URL!);
export default client.db('app').collection('users').find({ active: true });
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).find(…)'",
            pool: "client 'client'",
            escape: 'exported',
            disposal: "line 5, end of the module ('await using' at top level)",
          },
          line: 5,
          column: 16,
          endLine: 5,
          endColumn: 75,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find(…)'" },
              materialize: "client.db('app').collection('users').find({ active: true })",
            },
          ],
        },
      ],
    },
    // Module top level: exported through an export list.
    {
      code: `
import Database from 'better-sqlite3';

using db = new Database('cache.db');
const entries = db.prepare('SELECT key, value FROM cache').iterate();
export { entries };
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'entries' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            escape: 'exported',
            disposal: "line 6, end of the module ('using' at top level)",
          },
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT key, value FROM cache').iterate()",
            },
          ],
        },
      ],
    },
    // Switch: 'await using' in a case clause is disposed at the end of the 'switch'.
    {
      code: `
import { ClassicLevel } from 'classic-level';

export async function dump(kind: string, location: string) {
  let entries;
  switch (kind) {
    case 'keys':
      await using db = new ClassicLevel(location);
      entries = db.keys();
      break;
    default:
      throw new Error('unknown kind');
  }
  for await (const key of entries) console.log(key);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'entries' (from db.keys())",
            pool: "database 'db'",
            disposal: "line 13, end of the 'switch' holding the 'await using'",
          },
          line: 14,
          column: 27,
          endLine: 14,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'db.keys()'" },
              materialize: 'db.keys()',
            },
          ],
        },
      ],
    },
    // Switch with a sync 'using'.
    {
      code: `
import Database from 'better-sqlite3';

export function rowsOf(table: 'users' | 'events', file: string) {
  let rows;
  switch (table) {
    case 'users':
      using db = new Database(file);
      rows = db.prepare('SELECT * FROM users').iterate();
      break;
  }
  return [...rows];
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            disposal: "line 11, end of the 'switch' holding the 'using'",
          },
          line: 12,
          column: 11,
          endLine: 12,
          endColumn: 18,
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
    // Returned from the async function whose body holds the 'await using'.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function openOrders(uri: string) {
  await using client = new MongoClient(uri);
  return client.db('shop').collection('orders').find({ status: 'open' });
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).find(…)'",
            pool: "client 'client'",
            escape: 'returned',
            disposal: "line 7, end of the 'await using' block",
          },
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 73,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find(…)'" },
              materialize: "client.db('shop').collection('orders').find({ status: 'open' })",
            },
          ],
        },
      ],
    },
    // Returned from a sync function: only the sync suggestion, 'await' is not allowed there.
    {
      code: `
import Database from 'better-sqlite3';

export function auditRows(file: string) {
  using db = new Database(file, { readonly: true });
  return db.prepare('SELECT * FROM audit').iterate();
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db.prepare(…).iterate()'",
            pool: "database 'db'",
            escape: 'returned',
            disposal: "line 7, end of the 'using' block",
          },
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT * FROM audit').iterate()",
            },
          ],
        },
      ],
    },
    // A nested block inside a loop body: the consumption after the block is still in the loop.
    {
      code: `
import { Redis } from 'ioredis';

export async function sweep(urls: string[]) {
  for (const url of urls) {
    let stream;
    {
      await using redis = connect(url);
      stream = redis.scanStream({ match: 'tmp:*' });
    }
    stream.on('data', (keys: string[]) => queue.push(...keys));
  }
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from redis.scanStream(…))",
            pool: "pool 'redis'",
            disposal: "line 10, end of the 'await using' block",
          },
          line: 11,
          column: 5,
          endLine: 11,
          endColumn: 63,
          suggestions: [],
        },
      ],
    },
    // 'for (using …)': the iterator of one iteration is consumed in the next one, after its pool died.
    {
      code: `
import Database from 'better-sqlite3';

export function pairs(files: string[]) {
  let previous: Iterable<Row> | undefined;
  for (using db of files.map((f) => new Database(f))) {
    if (previous) for (const row of previous) compare(row);
    previous = db.prepare('SELECT * FROM rows').iterate();
  }
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'previous' (from db.prepare(…).iterate())",
            pool: "pool 'db'",
            disposal: "line 9, end of each iteration of the 'for (using …)' loop",
          },
          line: 7,
          column: 37,
          endLine: 7,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT * FROM rows').iterate()",
            },
          ],
        },
      ],
    },
    // Consumed after the block inside a later 'if' and loop of the same function.
    {
      code: `
import { open } from 'node:fs/promises';

export async function grep(path: string, needle: string, verbose: boolean) {
  let lines;
  {
    await using file = await open(path);
    lines = file.readLines({ encoding: 'utf8' });
  }
  if (verbose) {
    for (let i = 0; i < 3; i++) {
      for await (const line of lines) if (line.includes(needle)) console.log(i, line);
    }
  }
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'lines' (from file.readLines(…))",
            pool: "file handle 'file'",
            disposal: "line 9, end of the 'await using' block",
          },
          line: 12,
          column: 32,
          endLine: 12,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'file.readLines(…)'" },
              materialize: "file.readLines({ encoding: 'utf8' })",
            },
          ],
        },
      ],
    },
    // A plain block in a loop body: the iterator kept from the previous iteration is pulled after
    // that iteration's pool was disposed.
    {
      code: `
import Database from 'better-sqlite3';

export function diff(files: string[]) {
  let previous;
  for (const file of files) {
    using db = new Database(file);
    if (previous) for (const row of previous) check(row);
    previous = db.prepare('SELECT * FROM snapshot').iterate();
  }
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'previous' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            disposal: "line 10, end of the 'using' block, in an earlier iteration of the loop",
          },
          line: 8,
          column: 37,
          endLine: 8,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT * FROM snapshot').iterate()",
            },
          ],
        },
      ],
    },
    // Module top level: an alias exported as the default export.
    {
      code: `
import { ClassicLevel } from 'classic-level';

await using db = new ClassicLevel('./data');
const sessions = db.values({ gte: 'session:' });
export default sessions;
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'sessions' (from db.values(…))",
            pool: "database 'db'",
            escape: 'exported',
            disposal: "line 6, end of the module ('await using' at top level)",
          },
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 24,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'sessions'" },
              replace: ['export default sessions;', 'export default await Array.fromAsync(sessions);'],
            },
          ],
        },
      ],
    },
    // 'yield*' in an async generator is not one of the sync forms: 'await' is allowed, so the
    // suggestion is async.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function* changes(uri: string) {
  let stream;
  {
    await using client = new MongoClient(uri);
    stream = client.db('app').watch();
  }
  yield* stream;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from client.db(…).watch())",
            pool: "client 'client'",
            disposal: "line 9, end of the 'await using' block",
          },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 16,
          suggestions: [],
        },
      ],
    },
    // A for…of consumption decides a sync suggestion even in an async function.
    {
      code: `
export async function names(open: (file: string) => Promise<Db>, file: string) {
  let rows;
  {
    await using db = await open(file);
    rows = db.prepare('SELECT name FROM users').iterate();
  }
  for (const row of rows) console.log(row.name);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: "pool 'db'",
            disposal: "line 7, end of the 'await using' block",
          },
          line: 8,
          column: 21,
          endLine: 8,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT name FROM users').iterate()",
            },
          ],
        },
      ],
    },
    // Exported under another name: reported on the specifier's local identifier.
    {
      code: `
import Database from 'better-sqlite3';

using db = new Database('app.db');
const jobs = db.prepare('SELECT * FROM jobs').iterate();
export { jobs as pendingJobs };
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'jobs' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            escape: 'exported',
            disposal: "line 6, end of the module ('using' at top level)",
          },
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 14,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT * FROM jobs').iterate()",
            },
          ],
        },
      ],
    },
  ]),
});
