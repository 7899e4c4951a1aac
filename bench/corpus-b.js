// Corpus B: a generated, pool-heavy TypeScript file. One repetition holds
// every pool kind the rule knows (`using`, `await using`,
// `for (await using …)`, `try/finally` close, an explicit close on some
// paths, `DisposableStack` use/defer, a `withPool` scoped factory) and every
// report kind (consumedAfterDisposal, escapesScope, consumedLater,
// notAwaited), next to correct code that must stay silent. Each repetition
// is its own function with its own names, so the file stays valid at any size.

/** The reports one repetition must give, by message id. */
export const EXPECTED_PER_REPETITION = {
  consumedAfterDisposal: 3,
  mayBeConsumedAfterDisposal: 1,
  escapesScope: 6,
  consumedLater: 2,
  notAwaited: 2,
};

const HEADER = `import { open, opendir } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import type { Writable } from 'node:stream';
import { MongoClient } from 'mongodb';
import Redis from 'ioredis';
import knex from 'knex';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import { pMapIterable } from 'p-map';
import { WorkerPool, withPool } from './worker-pool.js';
import type { DataSource } from 'typeorm';

interface Task { id: string; size: number }
interface Row { id: number; kind: string; payload: string }
type Sink = (value: unknown) => void;
`;

/** One repetition: a function named after `i` that holds the whole set. */
function repetition(i) {
  return `
// ---- repetition ${i} ----
export async function suite${i}(
  uri: string,
  images: string[],
  tasks: Task[],
  out: Writable,
  sink: Sink,
  source: DataSource,
  connections: pg.PoolClient[],
) {
  const resize${i} = (image: string) => ({ image, bytes: image.length * 3 });

  // await using, consumed after the block: consumedAfterDisposal.
  async function totalBytes${i}(): Promise<number> {
    let results: AsyncIterable<{ bytes: number }>;
    {
      await using pool = new WorkerPool(8);
      results = pool.imapUnordered(resize${i}, images);
    }
    let total = 0;
    for await (const r of results) total += r.bytes;
    return total;
  }

  // await using, consumed inside: silent.
  async function totalBytesInScope${i}(): Promise<number> {
    let total = 0;
    {
      await using pool = new WorkerPool(8);
      for await (const r of pool.imapUnordered(resize${i}, images)) total += r.bytes;
      const sizes = await pool.map((image: string) => image.length, images);
      total += sizes.reduce((a: number, b: number) => a + b, 0);
    }
    return total;
  }

  // try/finally close, cursor returned: escapesScope.
  async function activeUsers${i}() {
    const client = new MongoClient(uri);
    try {
      await client.connect();
      return client.db('app').collection('users').find({ active: true });
    } finally {
      await client.close();
    }
  }

  // try/finally close, cursor materialized: silent.
  async function activeUserNames${i}(): Promise<string[]> {
    const client = new MongoClient(uri);
    try {
      await client.connect();
      const users = await client.db('app').collection('users').find({ active: true }).sort({ name: 1 }).toArray();
      return users.map((user) => String(user.name));
    } finally {
      await client.close();
    }
  }

  // try/finally close, toArray() returned without await: notAwaited.
  async function allOrders${i}() {
    const client = new MongoClient(uri);
    try {
      return client.db('shop').collection('orders').find().limit(100).toArray();
    } finally {
      await client.close();
    }
  }

  // try/finally disconnect, stream read in a timer: consumedLater.
  function logSessionsSoon${i}(redis: Redis): void {
    try {
      const stream = redis.scanStream({ match: 'session:${i}:*' });
      setTimeout(() => {
        stream.on('data', (keys: string[]) => sink(keys));
      }, 1000);
    } finally {
      redis.disconnect();
    }
  }

  // using (sync), rows read inside: silent.
  function eventRows${i}(file: string): unknown[] {
    using db = new DatabaseSync(file);
    const rows: unknown[] = [];
    for (const row of db.prepare('SELECT * FROM events WHERE suite = ${i}').iterate()) rows.push(row);
    return rows;
  }

  // using (sync), iterator returned through an alias: escapesScope.
  function eventIterator${i}(file: string) {
    using db = new DatabaseSync(file);
    const statement = db.prepare('SELECT * FROM events WHERE suite = ${i}');
    const rows = statement.iterate();
    return rows;
  }

  // for (await using …): each iteration's stream kept for after the loop: consumedAfterDisposal.
  async function lastStream${i}(): Promise<void> {
    let last: QueryStream | undefined;
    for (await using client of connections.map((c) => ({ c, [Symbol.asyncDispose]: async () => c.release() }))) {
      last = client.c.query(new QueryStream('SELECT * FROM audit_${i}'));
    }
    if (last) last.pipe(out);
  }

  // for (using …) with the stream consumed inside each iteration: silent.
  async function drainEach${i}(): Promise<number> {
    let count = 0;
    for (using db of ['a.db', 'b.db'].map((file) => new DatabaseSync(file))) {
      for (const row of db.prepare('SELECT id FROM events').iterate()) if (row) count++;
    }
    return count;
  }

  // explicit close on some paths: mayBeConsumedAfterDisposal.
  async function exportEvents${i}(dryRun: boolean): Promise<void> {
    const db = knex({ client: 'pg', connection: uri });
    const rows = db('events').where('suite', ${i}).stream();
    if (dryRun) {
      await db.destroy();
    }
    rows.pipe(out);
  }

  // explicit close in straight-line code, lines read after it: consumedAfterDisposal.
  async function countLines${i}(path: string): Promise<number> {
    const fh = await open(path);
    const lines = fh.readLines();
    await fh.close();
    let count = 0;
    for await (const line of lines) if (line.trim() !== '') count++;
    return count;
  }

  // explicit close after the lines are read: silent.
  async function countLinesInScope${i}(path: string): Promise<number> {
    const fh = await open(path);
    let count = 0;
    for await (const line of fh.readLines()) if (line.startsWith('#')) count++;
    await fh.close();
    return count;
  }

  // DisposableStack.use: the adopted client's stream escapes.
  async function sessionStream${i}() {
    await using stack = new AsyncDisposableStack();
    const redis = stack.use(new Redis(uri));
    return redis.scanStream({ match: 'session:${i}:*', count: 100 });
  }

  // DisposableStack.defer: the directory read inside the stack's block: silent.
  async function dirNames${i}(path: string): Promise<string[]> {
    await using stack = new AsyncDisposableStack();
    const dir = await opendir(path);
    stack.defer(() => dir.close());
    const names: string[] = [];
    for await (const entry of dir) names.push(entry.name);
    return names;
  }

  // DisposableStack.defer, aggregate() cursor consumed in an un-awaited .then: consumedLater.
  async function reportLater${i}(): Promise<void> {
    await using stack = new AsyncDisposableStack();
    const client = new MongoClient(uri);
    stack.defer(() => client.close());
    const cursor = client.db('app').collection('events').aggregate([{ $match: { suite: ${i} } }]);
    client.connect().then(() => {
      cursor.forEach((event) => sink(event));
    });
  }

  // scoped factory, materialized in the callback: silent.
  async function thumbnails${i}(): Promise<unknown[]> {
    return withPool(4, async (pool) => Array.fromAsync(pool.imap(resize${i}, images)));
  }

  // scoped factory, the lazy iterator returned from the callback: escapesScope.
  async function lazyThumbnails${i}() {
    return withPool(4, async (pool) => pool.imap(resize${i}, images));
  }

  // pMapIterable over the pool, returned: escapesScope.
  async function mapAll${i}() {
    await using pool = new WorkerPool(2);
    return pMapIterable(tasks, (task: Task) => pool.run(task), { concurrency: 2 });
  }

  // an async drain started but not awaited before the block ends: notAwaited.
  async function drain${i}(it: AsyncIterable<unknown>): Promise<void> {
    for await (const item of it) sink(item);
  }
  async function startDrain${i}(): Promise<void> {
    await using pool = new WorkerPool(2);
    const it = pool.imap(resize${i}, images);
    void drain${i}(it);
  }

  // awaited drain: silent.
  async function awaitDrain${i}(): Promise<void> {
    await using pool = new WorkerPool(2);
    await drain${i}(pool.imap(resize${i}, images));
  }

  // an outer binding assigned in the scope and never consumed here: escapesScope.
  let latest${i}: AsyncIterable<string> | undefined;
  async function remember${i}(path: string): Promise<void> {
    await using fh = await open(path);
    latest${i} = fh.readLines();
  }

  // a generator that holds the pool: silent.
  async function* csvLines${i}(path: string) {
    await using fh = await open(path);
    yield* fh.readLines();
  }

  // TypeORM query runner, awaited find() in try/finally release: silent.
  async function usersByName${i}(name: string) {
    const runner = source.createQueryRunner();
    try {
      await runner.connect();
      return await runner.manager.find('User', { where: { name } });
    } finally {
      await runner.release();
    }
  }

  // plain code around the pools: no pool, nothing to find.
  function summary${i}(rows: Row[]): Record<string, number> {
    const byKind: Record<string, number> = {};
    for (const row of rows) byKind[row.kind] = (byKind[row.kind] ?? 0) + row.payload.length;
    const big = rows.find((row) => row.payload.length > 1024);
    if (big) byKind.big = big.id;
    return Object.fromEntries(Object.entries(byKind).filter(([, size]) => size > 0));
  }

  // the directory itself materialized inside its block: silent.
  async function listNames${i}(path: string): Promise<string[]> {
    let names: string[] = [];
    {
      await using dir = await opendir(path);
      names = await Array.fromAsync(dir, (entry) => entry.name);
    }
    return names;
  }

  return {
    totalBytes${i},
    totalBytesInScope${i},
    activeUsers${i},
    activeUserNames${i},
    allOrders${i},
    logSessionsSoon${i},
    eventRows${i},
    eventIterator${i},
    lastStream${i},
    drainEach${i},
    exportEvents${i},
    countLines${i},
    countLinesInScope${i},
    sessionStream${i},
    dirNames${i},
    reportLater${i},
    thumbnails${i},
    lazyThumbnails${i},
    mapAll${i},
    startDrain${i},
    awaitDrain${i},
    remember${i},
    csvLines${i},
    usersByName${i},
    summary${i},
    listNames${i},
    latest: () => latest${i},
  };
}
`;
}

/** The file with `count` repetitions. */
export function corpusB(count) {
  let text = HEADER;
  for (let i = 1; i <= count; i++) text += repetition(i);
  return text;
}
