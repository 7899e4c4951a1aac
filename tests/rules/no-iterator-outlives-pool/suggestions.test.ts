import path from 'node:path';
import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester, NamedRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// The contract's "Suggestions": each case where the materializing suggestion is offered, in
// which form, and its twin where it is not. Every output is parsed, and type-checked when the
// tester has types (see rule-tester.ts).

const ruleTester = createRuleTester();

const escaped = (iterator: string, pool: string, disposal: string) => ({
  messageId: 'escapesScope' as const,
  data: { iterator, pool, escape: 'returned', disposal },
});

const consumedAfter = (iterator: string, pool: string, disposal: string) => ({
  messageId: 'consumedAfterDisposal' as const,
  data: { iterator, pool, disposal },
});

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [],
  invalid: withSuggestionEdits<MessageId, Options>([
    // A MongoDB cursor in an async function: its own 'toArray()'.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function active(uri: string) {
  await using client = new MongoClient(uri);
  return client.db('app').collection('users').find({ active: true });
}
`,
      errors: [
        {
          ...escaped("'client.db(…).collection(…).find(…)'", "client 'client'", "line 7, end of the 'await using' block"),
          line: 6,
          column: 10,
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
    // Its twin in a function that is not async: no 'await' there, and 'Array.from' over a cursor gives [].
    {
      code: `
import { MongoClient } from 'mongodb';

export function active(uri: string) {
  using client = new MongoClient(uri);
  return client.db('app').collection('users').find({ active: true });
}
`,
      errors: [
        {
          ...escaped("'client.db(…).collection(…).find(…)'", "client 'client'", "line 7, end of the 'using' block"),
          line: 6,
          column: 10,
          suggestions: [],
        },
      ],
    },
    // A sync iterator in a function that is not async: 'Array.from' needs no 'await'.
    {
      code: `
import Database from 'better-sqlite3';

export function rows(file: string) {
  using db = new Database(file);
  return db.prepare('SELECT * FROM t').iterate();
}
`,
      errors: [
        {
          ...escaped("'db.prepare(…).iterate()'", "database 'db'", "line 7, end of the 'using' block"),
          line: 6,
          column: 10,
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
    // Iterated after the block: an array takes the cursor's place.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  let cursor;
  {
    await using client = new MongoClient(uri);
    cursor = client.db('app').collection('users').find();
  }
  for await (const user of cursor) console.log(user.name);
}
`,
      errors: [
        {
          ...consumedAfter("'cursor' (from client.db(…).collection(…).find())", "client 'client'", "line 9, end of the 'await using' block"),
          line: 10,
          column: 28,
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
    // Its twin: a later 'cursor.toArray()' needs the cursor, not an array.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  let cursor;
  {
    await using client = new MongoClient(uri);
    cursor = client.db('app').collection('users').find();
  }
  return cursor.toArray();
}
`,
      errors: [
        {
          ...consumedAfter("'cursor' (from client.db(…).collection(…).find())", "client 'client'", "line 9, end of the 'await using' block"),
          line: 10,
          column: 10,
          suggestions: [],
        },
      ],
    },
    // A later property read ('cursor.id') needs the cursor too, even when another use only iterates.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  let cursor;
  {
    await using client = new MongoClient(uri);
    cursor = client.db('app').collection('users').find();
  }
  console.log(cursor.id);
  for await (const user of cursor) console.log(user.name);
}
`,
      errors: [
        {
          ...consumedAfter("'cursor' (from client.db(…).collection(…).find())", "client 'client'", "line 9, end of the 'await using' block"),
          line: 11,
          column: 28,
          suggestions: [],
        },
      ],
    },
    // A Node Readable (a file handle's read stream): its own 'toArray()'.
    {
      code: `
import { open } from 'node:fs/promises';

export async function chunks(path: string) {
  await using file = await open(path);
  return file.createReadStream();
}
`,
      errors: [
        {
          ...escaped("'file.createReadStream()'", "file handle 'file'", "line 7, end of the 'await using' block"),
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'file.createReadStream()'" },
              materialize: 'file.createReadStream()',
            },
          ],
        },
      ],
    },
    // Its twin: a later 'stream.on('data', …)' needs the stream.
    {
      code: `
import { open } from 'node:fs/promises';

export async function chunks(path: string, sink: (chunk: unknown) => void) {
  let stream;
  {
    await using file = await open(path);
    stream = file.createReadStream();
  }
  stream.on('data', sink);
}
`,
      errors: [
        {
          ...consumedAfter("'stream' (from file.createReadStream())", "file handle 'file'", "line 9, end of the 'await using' block"),
          line: 10,
          column: 3,
          suggestions: [],
        },
      ],
    },
    // A pg QueryStream submitted to the client is a Readable: 'toArray()'.
    {
      code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

export async function events(client: PoolClient) {
  try {
    return client.query(new QueryStream('SELECT * FROM events'));
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          ...escaped("'client.query(…)'", "client 'client'", 'line 9, client.release() in finally'),
          line: 7,
          column: 12,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.query(…)'" },
              materialize: "client.query(new QueryStream('SELECT * FROM events'))",
            },
          ],
        },
      ],
    },
    // Its twin: a pg Cursor is read with 'read(n)', neither iterable nor a stream.
    {
      code: `
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';

export async function events(client: PoolClient) {
  try {
    return client.query(new Cursor('SELECT * FROM events'));
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          ...escaped("'client.query(…)'", "client 'client'", 'line 9, client.release() in finally'),
          line: 7,
          column: 12,
          suggestions: [],
        },
      ],
    },
    // An async iterator with no eager method of its own: 'Array.fromAsync' (not typed: the fixtures' lib lacks it).
    {
      code: `
export async function results(tasks: Task[]) {
  await using pool = new WorkerPool(4);
  return pool.imapUnordered(work, tasks);
}
`,
      errors: [
        {
          ...escaped("'pool.imapUnordered(…)'", "pool 'pool'", "line 5, end of the 'await using' block"),
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imapUnordered(…)'" },
              materialize: 'pool.imapUnordered(work, tasks)',
            },
          ],
        },
      ],
    },
    // Its twin: passed to a function after the block, which may need more than an iterable.
    {
      code: `
export async function results(tasks: Task[]) {
  let it;
  {
    await using pool = new WorkerPool(4);
    it = pool.imapUnordered(work, tasks);
  }
  return collect(it);
}
`,
      errors: [
        {
          ...consumedAfter("'it' (from pool.imapUnordered(…))", "pool 'pool'", "line 7, end of the 'await using' block"),
          line: 8,
          column: 10,
          suggestions: [],
        },
      ],
    },
    // A binding declared as an AsyncIterable cannot hold an array.
    {
      code: `
export async function results(tasks: Task[]) {
  let it: AsyncIterable<number>;
  {
    await using pool = new WorkerPool(4);
    it = pool.imapUnordered(work, tasks);
  }
  for await (const r of it) console.log(r);
}
`,
      errors: [
        {
          ...consumedAfter("'it' (from pool.imapUnordered(…))", "pool 'pool'", "line 7, end of the 'await using' block"),
          line: 8,
          column: 25,
          suggestions: [],
        },
      ],
    },
    // Its twin: one declared as an Iterable can; a worker pool's iterator read by 'for…of' is a sync one.
    {
      code: `
export async function results(tasks: Task[]) {
  let it: Iterable<number> | undefined;
  {
    await using pool = new WorkerPool(4);
    it = pool.imapUnordered(work, tasks);
  }
  for (const r of it ?? []) console.log(r);
}
`,
      errors: [
        {
          ...consumedAfter("'it ?? []' (from pool.imapUnordered(…))", "pool 'pool'", "line 7, end of the 'await using' block"),
          line: 8,
          column: 19,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'pool.imapUnordered(…)'" },
              materialize: 'pool.imapUnordered(work, tasks)',
            },
          ],
        },
      ],
    },
    // A change stream never ends: reading it into an array would never return.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function changes(uri: string) {
  await using client = new MongoClient(uri);
  return client.db('app').collection('orders').watch();
}
`,
      errors: [
        {
          ...escaped("'client.db(…).collection(…).watch()'", "client 'client'", "line 7, end of the 'await using' block"),
          line: 6,
          column: 10,
          suggestions: [],
        },
      ],
    },
    // An awaited cursor: the receiver of 'toArray()' is parenthesized.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  await using client = new MongoClient(uri);
  const cursor = await client.db('app').collection('users').find();
  return cursor;
}
`,
      errors: [
        {
          ...escaped("'cursor' (from client.db(…).collection(…).find())", "client 'client'", "line 8, end of the 'await using' block"),
          line: 7,
          column: 10,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'cursor'" },
              replace: ['return cursor;', 'return await cursor.toArray();'],
            },
          ],
        },
      ],
    },
  ]),
});

// Type-aware: 'Array.fromAsync' only where the program's lib declares it.
const esnext = new NamedRuleTester({
  languageOptions: {
    parserOptions: { project: './tsconfig.json', tsconfigRootDir: path.join(import.meta.dirname, '../../fixtures/typed-esnext') },
  },
});
const es2023 = new NamedRuleTester({
  languageOptions: {
    parserOptions: { project: './tsconfig.json', tsconfigRootDir: path.join(import.meta.dirname, '../../fixtures/typed') },
  },
});

const farmResults = `
import { Farm } from './worker-farm.js';
export async function load(jobs: number[]) {
  await using farm = new Farm(4);
  return farm.results(jobs);
}
`;
const farmError = {
  ...escaped("'farm.results(…)'", "pool 'farm'", "line 6, end of the 'await using' block"),
  line: 5,
  column: 10,
};

esnext.run('no-iterator-outlives-pool (lib ESNext)', rule, {
  valid: [],
  invalid: [
    {
      code: farmResults,
      errors: [
        {
          ...farmError,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'farm.results(…)'" },
              output: farmResults.replace('return farm.results(jobs);', 'return await Array.fromAsync(farm.results(jobs));'),
            },
          ],
        },
      ],
    },
  ],
});

es2023.run('no-iterator-outlives-pool (lib ES2023)', rule, {
  valid: [],
  invalid: [{ code: farmResults, errors: [{ ...farmError, suggestions: [] }] }],
});
