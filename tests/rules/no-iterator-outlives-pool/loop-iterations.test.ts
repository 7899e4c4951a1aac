import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Loops: a binding declared outside a loop that disposes its pool in every iteration
// still holds, in the next iteration, the iterator of a pool that is gone. Each invalid
// case is a class of programs the ground-truth run (tests/ground-truth) found missed.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool (values kept across loop iterations)', rule, {
  valid: [
    // the pool outlives the loop: every iteration pulls from the same live pool (valid)
    `
import { WorkerPool } from './pool.js';

export async function firstResults(batches: number[][]) {
  await using pool = new WorkerPool(4);
  let results: AsyncIterator<number> | undefined;
  for (const batch of batches) {
    results ??= pool.imap(square, batch);
    console.log(await results.next());
  }
}
`,
    // closed after the loop (valid)
    `
import { WorkerPool } from './pool.js';

export async function firstResults(batches: number[][]) {
  const pool = new WorkerPool(4);
  let results: AsyncIterator<number> | undefined;
  for (const batch of batches) {
    results ??= pool.imap(square, batch);
    console.log(await results.next());
  }
  await pool.close();
}
`,
    {
      // the loop inside the factory's callback: one pool for every iteration (valid)
      code: `
import { withPool } from './pool.js';

export async function firsts(batches: number[][]) {
  await withPool(async (pool) => {
    let rows: Iterator<number> | undefined;
    for (const batch of batches) {
      rows ??= pool.iterate(batch);
      console.log(rows.next());
    }
  });
}
`,
      options: [{"scopedFactories":["withPool"]}],
    },
    // a binding declared in the loop body starts empty in each iteration (valid)
    `
import { WorkerPool } from './pool.js';

export async function firstResults(batches: number[][]) {
  for (const batch of batches) {
    let results: AsyncIterator<number> | undefined;
    const pool = new WorkerPool(4);
    results ??= pool.imap(square, batch);
    console.log(await results.next());
    await pool.close();
  }
}
`,
    // written before every use in the iteration (valid)
    `
import { WorkerPool } from './pool.js';

export async function firstResults(batches: number[][]) {
  let results: AsyncIterator<number> | undefined;
  for (const batch of batches) {
    const pool = new WorkerPool(4);
    results = pool.imap(square, batch);
    console.log(await results.next());
    await pool.close();
  }
}
`,
    // `??=` drained by a loop without early exit: later iterations pull an exhausted iterator (valid)
    `
import { WorkerPool } from './pool.js';

export async function once(batches: number[][]) {
  let results: AsyncIterable<number> | undefined;
  for (const batch of batches) {
    await using pool = new WorkerPool(4);
    results ??= pool.imap(square, batch);
    for await (const r of results) console.log(r);
  }
}
`,
    // a close before the value is made, on an error path only (valid)
    `
import { MongoClient } from 'mongodb';

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const ok = await client.connect().then(() => true, () => false);
  if (!ok) await client.close();
  const cursor = client.db('app').collection('users').find();
  return cursor;
}
`,
    // `??=` keeps a generator object that a `break` out of the loop finished (valid)
    `
import { WorkerPool } from './pool.js';

export async function heads(batches: number[][]) {
  let rows: AsyncGenerator<number> | undefined;
  for (const batch of batches) {
    await using pool = new WorkerPool(4);
    async function* squares() {
      yield* pool.imap(square, batch);
    }
    rows ??= squares();
    for await (const row of rows) {
      console.log(row);
      break;
    }
  }
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    {
      // `??=` with an explicit close: the second batch pulls the first batch's iterator
      code: `
import { WorkerPool } from './pool.js';

export async function firstResults(batches: number[][]) {
  let results: AsyncIterator<number> | undefined;
  for (const batch of batches) {
    const pool = new WorkerPool(4);
    results ??= pool.imap(square, batch);
    const [current] = [results];
    console.log(await current.next());
    await pool.close();
  }
}
`,
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          line: 10,
          column: 23,
          endLine: 10,
          endColumn: 37,
          data: {"iterator":"'current' (from pool.imap(…))","pool":"pool 'pool'","disposal":"line 11, pool.close(), in an earlier iteration of the loop"},
        },
      ],
    },
    {
      // `??=` with a close in `catch`, pulled by a `.then` callback that stops early
      code: `
import { MongoClient } from 'mongodb';

export async function sample(uris: string[]) {
  let cursor;
  for (const uri of uris) {
    const client = new MongoClient(uri);
    try {
      cursor ??= client.db('app').collection('events').find();
      await Promise.resolve().then(async () => {
        for await (const doc of cursor) {
          console.log(doc);
          break;
        }
      });
    } catch {
      await client.close();
    }
  }
}
`,
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          line: 11,
          column: 33,
          endLine: 11,
          endColumn: 39,
          data: {"iterator":"'cursor' (from client.db(…).collection(…).find())","pool":"client 'client'","disposal":"line 17, client.close(), in an earlier iteration of the loop"},
          suggestions: [],
        },
      ],
    },
    {
      // `??=` in a scoped factory's callback, the factory called in a loop
      code: `
import { withPool } from './pool.js';

export async function firsts(batches: number[][]) {
  let rows: Iterator<number> | undefined;
  for (const batch of batches) {
    await withPool(async (pool) => {
      rows ??= pool.iterate(batch);
      console.log(rows.next());
    });
  }
}
`,
      options: [{"scopedFactories":["withPool"]}],
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          line: 9,
          column: 19,
          endLine: 9,
          endColumn: 30,
          data: {"iterator":"'rows' (from pool.iterate(…))","pool":"pool 'pool'","disposal":"line 10, when the 'withPool' callback settles, in an earlier iteration of the loop"},
        },
      ],
    },
    {
      // stored on an object declared outside the loop, the pool closed in the loop body
      code: `
import { MongoClient } from 'mongodb';

export async function lastUsers(uris: string[]) {
  const found: { users?: unknown } = {};
  for (const uri of uris) {
    const client = new MongoClient(uri);
    found.users = client.db('app').collection('users').find();
    await client.close();
  }
  return found;
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          line: 11,
          column: 10,
          endLine: 11,
          endColumn: 15,
          data: {"iterator":"'found' (from client.db(…).collection(…).find())","pool":"client 'client'","disposal":"line 9, client.close()","escape":"returned"},
          suggestions: [],
        },
      ],
    },
    {
      // `??=` in a `for (await using …)` loop: a full drain under a branch, then a loop that stops early
      code: `
import { WorkerPool } from './pool.js';

export async function preview(sizes: number[], full: boolean) {
  let results: AsyncIterable<number> | undefined;
  for (await using pool of sizes.map((n) => new WorkerPool(n))) {
    results ??= pool.imap(square, [1, 2, 3]);
    if (full) {
      for await (const r of results) console.log(r);
    }
    for await (const r of results) {
      console.log(r);
      break;
    }
  }
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          line: 11,
          column: 27,
          endLine: 11,
          endColumn: 34,
          data: {"iterator":"'results' (from pool.imap(…))","pool":"pool 'pool'","disposal":"line 15, end of each iteration of the 'for (await using …)' loop"},
        },
      ],
    },
    {
      // a conditional write in the loop: when it is skipped, the previous batch's iterator is pulled
      code: `
import { WorkerPool } from './pool.js';

export async function heads(batches: number[][]) {
  let results: AsyncIterator<number> | undefined;
  for (const batch of batches) {
    const pool = new WorkerPool(4);
    if (batch.length > 0) results = pool.imap(square, batch);
    console.log(await results?.next());
    await pool.close();
  }
}
`,
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          line: 9,
          column: 23,
          endLine: 9,
          endColumn: 38,
          data: {"iterator":"'results' (from pool.imap(…))","pool":"pool 'pool'","disposal":"line 10, pool.close(), in an earlier iteration of the loop"},
        },
      ],
    },
    {
      // the top of the loop pulls what the previous factory call's callback stored
      code: `
import { withPool } from './pool.js';

export async function pairs(batches: number[][]) {
  let previous: AsyncIterator<number> | undefined;
  for (const batch of batches) {
    if (previous) console.log(await previous.next());
    await withPool(async (pool) => {
      previous = pool.imap(square, batch);
      console.log(await previous.next());
    });
  }
}
`,
      options: [{"scopedFactories":["withPool"]}],
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          line: 7,
          column: 37,
          endLine: 7,
          endColumn: 52,
          data: {"iterator":"'previous' (from pool.imap(…))","pool":"pool 'pool'","disposal":"line 11, when the 'withPool' callback settles, in an earlier iteration of the loop"},
          suggestions: [],
        },
      ],
    },
    {
      // `??=` keeps a generator object whose `next()` is called in every iteration
      code: `
import { WorkerPool } from './pool.js';

export async function heads(batches: number[][]) {
  let rows: AsyncGenerator<number> | undefined;
  for (const batch of batches) {
    await using pool = new WorkerPool(4);
    async function* squares() {
      yield* pool.imap(square, batch);
    }
    rows ??= squares();
    console.log(await rows.next());
  }
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          line: 12,
          column: 23,
          endLine: 12,
          endColumn: 34,
          data: {"iterator":"'rows' (from pool.imap(…))","pool":"pool 'pool'","disposal":"line 13, end of the 'await using' block, in an earlier iteration of the loop"},
        },
      ],
    },
  ]),
});
