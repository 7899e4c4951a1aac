import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// A lazy value closed in the scope is finished: an iterator that the scope closes on every
// path before the disposal point (`await changeStream.close()`, `stream.destroy()`,
// `it.return()`) does not escape by an assignment to an outer binding, and what reads it
// after its own close is not this rule's bug. A close in a branch, a loop, a `catch` or a
// callback does not run on every path; a return before the close still hands it out.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // Valid: the change stream is closed in the 'try' before the client in 'finally'.
    `
import { MongoClient } from 'mongodb';

export async function watchFor(uri: string, ms: number) {
  const client = new MongoClient(uri);
  let changeStream;
  try {
    changeStream = client.db('app').collection('orders').watch();
    changeStream.on('change', (change) => console.log(change));
    await new Promise((resolve) => setTimeout(resolve, ms));
    await changeStream.close();
  } finally {
    await client.close();
  }
}
`,
    // Valid: destroyed in straight-line code of the 'using' block; the outer binding holds a closed stream.
    `
export async function firstChunk(path: string) {
  let stream;
  {
    await using fh = await open(path);
    stream = fh.createReadStream();
    stream.once('data', (chunk) => console.log(chunk));
    stream.destroy();
  }
  return stream;
}
`,
    // Valid: 'it.return()' closes the iterator before the pool dies; using it afterwards is another bug.
    `
export async function peek(tasks: Task[]) {
  let it;
  {
    await using pool = new WorkerPool(4);
    it = pool.imap(work, tasks);
    console.log(await it.next());
    await it.return();
  }
  for await (const r of it) console.log(r);
}
`,
    // Valid: a close in the 'finally' of an inner 'try' runs on every path.
    `
import { MongoClient } from 'mongodb';

export async function tail(uri: string) {
  const client = new MongoClient(uri);
  let changes;
  try {
    changes = client.db('app').collection('log').watch();
    try {
      await waitForChange(changes);
    } finally {
      await changes.close();
    }
  } finally {
    await client.close();
  }
}
`,
    // Valid: a cursor closed by itself is no pool; closing it ends its stream's 'data' listener.
    `
import type { Collection } from 'mongodb';

export async function destroyOnData(collection: Collection) {
  const cursor = collection.find({}).batchSize(10);
  const stream = cursor.stream();
  stream.on('data', function () {
    stream.destroy();
  });
  await cursor.close();
}
`,
    // Valid: iterating a cursor after its own close is not this rule's bug (it yields nothing).
    `
import type { Collection } from 'mongodb';

export async function countAfterClose(collection: Collection) {
  let count = 0;
  const cursor = collection.find();
  await cursor.close();
  for await (const _ of cursor) count++;
  return count;
}
`,
    // Valid: a query stream destroyed in 'finally', read afterwards: its own close, not a pool's.
    `
import QueryStream from 'pg-query-stream';
import type { PoolClient } from 'pg';

export async function ids(client: PoolClient) {
  const stream = client.query(new QueryStream('SELECT id FROM users'));
  try {
    console.log('start');
  } finally {
    stream.destroy();
  }
  for await (const row of stream) console.log(row);
}
`,
    // Valid: the cursor is closed before the client, and closing the cursor ends its stream.
    `
import { MongoClient } from 'mongodb';

export async function firstEvents(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('events').find();
  const stream = cursor.stream();
  stream.on('data', (event) => console.log(event));
  await cursor.close();
  await client.close();
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // The client, not the cursor, is closed: the cursor's stream is still reading.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function firstEvents(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('events').find();
  const stream = cursor.stream();
  stream.on('data', (event) => console.log(event));
  await client.close();
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'stream' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 9, client.close()',
            remedy: 'await finished(stream)',
          },
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 51,
        },
      ],
    },
    // A directory is a resource, not a lazy value of another: iterating it after its close is reported.
    {
      code: `
import { opendir } from 'node:fs/promises';

export async function names(path: string) {
  let count = 0;
  const dir = await opendir(path);
  await dir.close();
  for await (const _ of dir) count++;
  return count;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'dir'", pool: "directory 'dir'", disposal: 'line 7, dir.close()' },
          line: 8,
          column: 25,
          endLine: 8,
          endColumn: 28,
          suggestions: [],
        },
      ],
    },
    // The close is under an 'if': on the other path the stream leaves the scope open.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function watchFor(uri: string, stop: boolean) {
  const client = new MongoClient(uri);
  let changeStream;
  try {
    changeStream = client.db('app').collection('orders').watch();
    if (stop) await changeStream.close();
  } finally {
    await client.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).watch()'",
            pool: "client 'client'",
            escape: "assigned to outer 'changeStream'",
            disposal: 'line 11, client.close() in finally',
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 65,
          suggestions: [],
        },
      ],
    },
    // Closed only in 'catch': the success path hands the cursor on.
    {
      code: `
export async function rows(tasks: Task[]) {
  let it;
  {
    await using pool = new WorkerPool(4);
    it = pool.imap(work, tasks);
    try {
      await check();
    } catch (error) {
      await it.return();
      throw error;
    }
  }
  for await (const r of it) console.log(r);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'it' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 13, end of the 'await using' block",
          },
          line: 14,
          column: 25,
          endLine: 14,
          endColumn: 27,
          suggestions: [],
        },
      ],
    },
    // Returned before its close: the caller gets it while the pool is about to die.
    {
      code: `
export async function results(tasks: Task[], early: boolean) {
  await using pool = new WorkerPool(4);
  const it = pool.imap(work, tasks);
  if (early) return it;
  await it.return();
  return undefined;
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'it' (from pool.imap(…))",
            pool: "pool 'pool'",
            escape: 'returned',
            disposal: "line 8, end of the 'await using' block",
          },
          line: 5,
          column: 21,
          endLine: 5,
          endColumn: 23,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'it'" },
              replace: ['return it;', 'return await Array.fromAsync(it);'],
            },
          ],
        },
      ],
    },
  ]),
});
