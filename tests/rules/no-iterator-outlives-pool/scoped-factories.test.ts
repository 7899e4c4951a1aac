import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Kind 5 pools: the first parameter of a callback passed to a configured scoped factory
// (option `scopedFactories`: callee names such as 'withPool', or `{ object, method }` such as
// generic-pool's `pool.use(fn)`). The factory disposes the pool when the callback returns or its
// promise settles, so returning a still-lazy iterator escapes ("returned from the callback"), while
// returning a promise that consumes it is fine.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // The contract's example: the callback returns a promise that consumes the iterator, and the
    // factory waits for it before disposing.
    {
      code: `
import { withPool } from './pool.js';

export function squares(xs: number[]) {
  return withPool(async (p) => Array.fromAsync(p.imap(square, xs)));
}
`,
      options: [{ scopedFactories: ['withPool'] }],
    },
    // 'return drain(it)': the factory awaits the callback's promise, so the drain finishes first.
    {
      code: `
import { withPool } from './pool.js';

async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export function squares(xs: number[]) {
  return withPool(2, async (pool) => {
    const it = pool.imap(square, xs);
    return drain(it);
  });
}
`,
      options: [{ scopedFactories: ['withPool'] }],
    },
    // An un-awaited 'toArray()' returned from the callback: the factory awaits it.
    {
      code: `
import { withClient } from './mongo.js';

export function users() {
  return withClient(async (client) => client.db('app').collection('users').find().toArray());
}
`,
      options: [{ scopedFactories: ['withClient'] }],
    },
    // Consumed inside the callback.
    {
      code: `
import { withPool } from './pool.js';

export async function total(xs: number[]) {
  return withPool(2, async (pool) => {
    let sum = 0;
    for await (const r of pool.imap(square, xs)) sum += r;
    return sum;
  });
}
`,
      options: [{ scopedFactories: ['withPool'] }],
    },
    // Without the option, 'withPool' is just a function: its parameter is not a pool.
    `
import { withPool } from './pool.js';

export function squares(xs: number[]) {
  return withPool(8, async (pool) => pool.imap(square, xs));
}
`,
    // A callback passed by reference: the rule sees no parameter to treat as the pool.
    {
      code: `
import { withPool } from './pool.js';
import { handler } from './handler.js';

export function run() {
  return withPool(8, handler);
}
`,
      options: [{ scopedFactories: ['withPool'] }],
    },
    // '{ object: 'pool', method: 'use' }' does not match 'app.use(…)': Express middleware is no pool.
    {
      code: `
import express from 'express';

const app = express();
app.use((req, res) => {
  res.json(req.body.items.find((i: { id: string }) => i.id === req.params.id));
});
`,
      options: [{ scopedFactories: [{ object: 'pool', method: 'use' }] }],
    },
    // Materialized in the callback, then returned: an array.
    {
      code: `
import { withPool } from './pool.js';

export function squares(xs: number[]) {
  return withPool(async (pool) => {
    const all = await Array.fromAsync(pool.imap(square, xs));
    return all;
  });
}
`,
      options: [{ scopedFactories: ['withPool'] }],
    },
    // An eager worker-pool call: 'pool.map' is not a lazy method on the pool.
    {
      code: `
import { withPool } from './pool.js';

export function squares(xs: number[]) {
  return withPool(async (pool) => pool.map(square, xs));
}
`,
      options: [{ scopedFactories: ['withPool'] }],
    },
    // An async generator callback's own items are yielded while the factory keeps the pool.
    {
      code: `
import { withClient } from './mongo.js';

export async function names() {
  const out: string[] = [];
  await withClient(async (client) => {
    for await (const u of client.db('app').collection('users').find()) out.push(u.name);
  });
  return out;
}
`,
      options: [{ scopedFactories: ['withClient'] }],
    },
    // A TypeORM transaction: 'await manager.find(User)' resolves to plain data.
    {
      code: `
import { DataSource } from 'typeorm';
import { User } from './entities.js';

declare const dataSource: DataSource;

export function admins() {
  return dataSource.transaction(async (manager) => {
    const users = await manager.find(User, { where: { admin: true } });
    return users;
  });
}
`,
      options: [{ scopedFactories: ['dataSource.transaction'] }],
    },
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // An arrow's expression body returns the lazy imap from the 'withPool' callback.
    {
      code: `
import { withPool } from './pool.js';

export function squares(xs: number[]) {
  return withPool(8, async (pool) => pool.imap(square, xs));
}
`,
      options: [{ scopedFactories: ['withPool'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'pool.imap(…)'",
            pool: "pool 'pool'",
            disposal: "line 5, when the 'withPool' callback settles",
            escape: 'returned from the callback',
          },
          line: 5,
          column: 38,
          endLine: 5,
          endColumn: 59,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imap(…)'" },
              replace: ['return withPool(8, async (pool) => pool.imap(square, xs));', 'return withPool(8, async (pool) => await Array.fromAsync(pool.imap(square, xs)));'],
            },
          ],
        },
      ],
    },
    // A block body returns the lazy iterator from the callback.
    {
      code: `
import { withPool } from './pool.js';

export async function resized(images: string[]) {
  const results = await withPool(4, async (pool) => {
    console.log('resizing', images.length);
    return pool.imapUnordered(resize, images);
  });
  return results;
}
`,
      options: [{ scopedFactories: ['withPool'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'pool.imapUnordered(…)'",
            pool: "pool 'pool'",
            disposal: "line 8, when the 'withPool' callback settles",
            escape: 'returned from the callback',
          },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imapUnordered(…)'" },
              replace: ['return pool.imapUnordered(resize, images);', 'return await Array.fromAsync(pool.imapUnordered(resize, images));'],
            },
          ],
        },
      ],
    },
    // A synchronous callback: the pool is disposed when it returns ('returns', not 'settles').
    {
      code: `
import { withDatabase } from './db.js';

export function feed(file: string) {
  return withDatabase(file, (db) => db.prepare('SELECT * FROM feed').iterate());
}
`,
      options: [{ scopedFactories: ['withDatabase'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db.prepare(…).iterate()'",
            pool: "pool 'db'",
            disposal: "line 5, when the 'withDatabase' callback returns",
            escape: 'returned from the callback',
          },
          line: 5,
          column: 37,
          endLine: 5,
          endColumn: 79,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              replace: ["return withDatabase(file, (db) => db.prepare('SELECT * FROM feed').iterate());", "return withDatabase(file, (db) => Array.from(db.prepare('SELECT * FROM feed').iterate()));"],
            },
          ],
        },
      ],
    },
    // generic-pool's 'pool.use(fn)' configured as { object: 'pool', method: 'use' }: a pg QueryStream returned.
    {
      code: `
import type { Pool } from 'generic-pool';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';

export function events(pool: Pool<pg.Client>) {
  return pool.use(async (client) => client.query(new QueryStream('SELECT * FROM events')));
}
`,
      options: [{ scopedFactories: [{ object: 'pool', method: 'use' }] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.query(…)'",
            pool: "pool 'client'",
            disposal: "line 7, when the 'pool.use' callback settles",
            escape: 'returned from the callback',
          },
          line: 7,
          column: 37,
          endLine: 7,
          endColumn: 90,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.query(…)'" },
              replace: ["return pool.use(async (client) => client.query(new QueryStream('SELECT * FROM events')));", "return pool.use(async (client) => await client.query(new QueryStream('SELECT * FROM events')).toArray());"],
            },
          ],
        },
      ],
    },
    // { object: 'resources', method: 'use' }: the cursor is returned through an alias.
    {
      code: `
import { resources } from './resources.js';

export async function orders() {
  return resources.use(async (client) => {
    const cursor = client.db('shop').collection('orders').find();
    return cursor;
  });
}
`,
      options: [{ scopedFactories: [{ object: 'resources', method: 'use' }] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "pool 'client'",
            disposal: "line 8, when the 'resources.use' callback settles",
            escape: 'returned from the callback',
          },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 18,
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
    // A dotted callee name ('knex.transaction'): the transaction's stream is returned from the callback.
    {
      code: `
import knex from 'knex';

const db = knex({ client: 'pg' });

export function audit() {
  return db.transaction(async (trx) => trx('audit').where('level', 'warn').stream());
}
`,
      options: [{ scopedFactories: ['db.transaction'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'trx(…).where(…).stream()'",
            pool: "pool 'trx'",
            disposal: "line 7, when the 'db.transaction' callback settles",
            escape: 'returned from the callback',
          },
          line: 7,
          column: 40,
          endLine: 7,
          endColumn: 84,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'trx(…).where(…).stream()'" },
              replace: ["return db.transaction(async (trx) => trx('audit').where('level', 'warn').stream());", "return db.transaction(async (trx) => await trx('audit').where('level', 'warn').stream().toArray());"],
            },
          ],
        },
      ],
    },
    // A lazy combinator on the pool's iterator is still lazy when it leaves the callback.
    {
      code: `
import { withPool } from './pool.js';

export function doubled(xs: number[]) {
  return withPool(2, async (pool) => pool.imap(square, xs).map((x: number) => x * 2));
}
`,
      options: [{ scopedFactories: ['withPool'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'pool.imap(…).map(…)'",
            pool: "pool 'pool'",
            disposal: "line 5, when the 'withPool' callback settles",
            escape: 'returned from the callback',
          },
          line: 5,
          column: 38,
          endLine: 5,
          endColumn: 85,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imap(…).map(…)'" },
              replace: ['return withPool(2, async (pool) => pool.imap(square, xs).map((x: number) => x * 2));', 'return withPool(2, async (pool) => await Array.fromAsync(pool.imap(square, xs).map((x: number) => x * 2)));'],
            },
          ],
        },
      ],
    },
    // An object literal holding the iterator counts as the iterator.
    {
      code: `
import { withPool } from './pool.js';

export function job(xs: number[]) {
  return withPool(2, async (pool) => {
    return { id: 1, results: pool.imap(square, xs) };
  });
}
`,
      options: [{ scopedFactories: ['withPool'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'{ id: 1, results: pool.imap(…) }' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 7, when the 'withPool' callback settles",
            escape: 'returned from the callback',
          },
          line: 6,
          column: 12,
          endLine: 6,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imap(…)'" },
              replace: ['return { id: 1, results: pool.imap(square, xs) };', 'return { id: 1, results: await Array.fromAsync(pool.imap(square, xs)) };'],
            },
          ],
        },
      ],
    },
    // Assigned to an outer binding in the callback and consumed after the factory call, in the
    // function that calls the factory: as with a block, the one report is at that consumption.
    {
      code: `
import { withPool } from './pool.js';

export async function total(xs: number[]) {
  let results: AsyncIterable<number> | undefined;
  await withPool(2, async (pool) => {
    results = pool.imap(square, xs);
  });
  let sum = 0;
  for await (const r of results!) sum += r;
  return sum;
}
`,
      options: [{ scopedFactories: ['withPool'] }],
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'results!' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 8, when the 'withPool' callback settles",
          },
          line: 10,
          column: 25,
          endLine: 10,
          endColumn: 33,
          suggestions: [],
        },
      ],
    },
    // Assigned to an outer binding and never consumed in the function: escapes.
    {
      code: `
import { withPool } from './pool.js';

let pending: AsyncIterable<number> | undefined;

export async function start(xs: number[]) {
  await withPool(2, async (pool) => {
    pending = pool.imap(square, xs);
  });
}
`,
      options: [{ scopedFactories: ['withPool'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'pool.imap(…)'",
            pool: "pool 'pool'",
            disposal: "line 9, when the 'withPool' callback settles",
            escape: "assigned to outer 'pending'",
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 36,
          suggestions: [],
        },
      ],
    },
    // Stored on 'this' from inside the callback.
    {
      code: `
import { withClient } from './mongo.js';

export class Watcher {
  changes: unknown;
  async start() {
    await withClient(async (client) => {
      this.changes = client.db('app').collection('inventory').watch();
    });
  }
}
`,
      options: [{ scopedFactories: ['withClient'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).watch()'",
            pool: "pool 'client'",
            disposal: "line 9, when the 'withClient' callback settles",
            escape: "stored on 'this.changes'",
          },
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 70,
          suggestions: [],
        },
      ],
    },
    // A timer callback created in the factory callback consumes the cursor after it settles.
    {
      code: `
import { withClient } from './mongo.js';

export async function later() {
  await withClient(async (client) => {
    const cursor = client.db('app').collection('events').find();
    setTimeout(async () => {
      for await (const e of cursor) console.log(e);
    }, 1000);
  });
}
`,
      options: [{ scopedFactories: ['withClient'] }],
      errors: [
        {
          messageId: 'consumedLater',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "pool 'client'",
            disposal: "line 10, when the 'withClient' callback settles",
            callback: 'a setTimeout callback',
          },
          line: 8,
          column: 29,
          endLine: 8,
          endColumn: 35,
        },
      ],
    },
    // 'void drain(…)' inside the callback: the drain outlives the callback.
    {
      code: `
import { withClient } from './mongo.js';

async function drain(it: AsyncIterable<unknown>) {
  for await (const x of it) console.log(x);
}

export async function dump() {
  await withClient(async (client) => {
    void drain(client.db('app').collection('logs').find());
  });
}
`,
      options: [{ scopedFactories: ['withClient'] }],
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "pool 'client'",
            disposal: "line 11, when the 'withClient' callback settles",
            consumer: "'drain(…)'",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 59,
        },
      ],
    },
    // A generator object made in the callback from a generator that uses the pool escapes by return.
    {
      code: `
import { withPool } from './pool.js';

export function doubled(xs: number[]) {
  return withPool(2, async (pool) => {
    async function* twice() {
      for await (const x of pool.imap(square, xs)) yield x * 2;
    }
    return twice();
  });
}
`,
      options: [{ scopedFactories: ['withPool'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'twice()' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 10, when the 'withPool' callback settles",
            escape: 'returned from the callback',
          },
          line: 9,
          column: 12,
          endLine: 9,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'twice()'" },
              replace: ['return twice();', 'return await Array.fromAsync(twice());'],
            },
          ],
        },
      ],
    },
    // The callback is not the first argument: options come first, the callback last.
    {
      code: `
import { withRedis } from './redis.js';

export function keys() {
  return withRedis({ db: 2 }, async (redis) => redis.scanStream({ match: 'user:*' }));
}
`,
      options: [{ scopedFactories: ['withRedis'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'redis.scanStream(…)'",
            pool: "pool 'redis'",
            disposal: "line 5, when the 'withRedis' callback settles",
            escape: 'returned from the callback',
          },
          line: 5,
          column: 48,
          endLine: 5,
          endColumn: 85,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'redis.scanStream(…)'" },
              replace: ["return withRedis({ db: 2 }, async (redis) => redis.scanStream({ match: 'user:*' }));", "return withRedis({ db: 2 }, async (redis) => await redis.scanStream({ match: 'user:*' }).toArray());"],
            },
          ],
        },
      ],
    },
    // A pMapIterable over the factory's pool returned from the callback.
    {
      code: `
import { pMapIterable } from 'p-map';
import { withPiscina } from './workers.js';

export function hashes(files: string[]) {
  return withPiscina(async (pool) => pMapIterable(files, (f) => pool.run(f)));
}
`,
      options: [{ scopedFactories: ['withPiscina'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'pMapIterable(…)'",
            pool: "pool 'pool'",
            disposal: "line 6, when the 'withPiscina' callback settles",
            escape: 'returned from the callback',
          },
          line: 6,
          column: 38,
          endLine: 6,
          endColumn: 77,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pMapIterable(…)'" },
              replace: ['return withPiscina(async (pool) => pMapIterable(files, (f) => pool.run(f)));', 'return withPiscina(async (pool) => await Array.fromAsync(pMapIterable(files, (f) => pool.run(f))));'],
            },
          ],
        },
      ],
    },
  ]),
});
