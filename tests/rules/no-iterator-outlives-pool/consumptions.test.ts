
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// Every consumption form of the contract, for a 'using' pool and for a pool closed in 'finally':
// consumed after the disposal point (reported) and consumed inside the disposal scope (valid).

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // forOf: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function forOfInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  for (const user of rows) notify(user);
}
`,
    // forOf: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function forOfInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    for (const user of rows) notify(user);
  } finally {
    db.close();
  }
}
`,
    // forAwait: consumed inside the using block, before the pool is disposed
    `
import { MongoClient } from 'mongodb';

async function forAwaitInScope(uri: string) {
  await using client = new MongoClient(uri);
  const users = client.db('app').collection('users').find({ active: true });
  for await (const user of users) notify(user);
}
`,
    // forAwait: consumed inside the try block, before finally disposes the pool
    `
import { MongoClient } from 'mongodb';

async function forAwaitInTry(uri: string) {
  const client = new MongoClient(uri);
  try {
    const users = client.db('app').collection('users').find({ active: true });
    for await (const user of users) notify(user);
  } finally {
    await client.close();
  }
}
`,
    // spread: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function spreadInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  return [...rows];
}
`,
    // spread: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function spreadInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    return [...rows];
  } finally {
    db.close();
  }
}
`,
    // destructuringDeclaration: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function destructuringDeclarationInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  const [first] = rows;
  return first;
}
`,
    // destructuringDeclaration: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function destructuringDeclarationInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    const [first] = rows;
    return first;
  } finally {
    db.close();
  }
}
`,
    // destructuringAssignment: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function destructuringAssignmentInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  let first;
  [first] = rows;
  return first;
}
`,
    // destructuringAssignment: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function destructuringAssignmentInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    let first;
    [first] = rows;
    return first;
  } finally {
    db.close();
  }
}
`,
    // yieldStar: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function* yieldStarInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  yield* rows;
}
`,
    // yieldStar: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function* yieldStarInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    yield* rows;
  } finally {
    db.close();
  }
}
`,
    // arrayFrom: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function arrayFromInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  return Array.from(rows);
}
`,
    // arrayFrom: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function arrayFromInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    return Array.from(rows);
  } finally {
    db.close();
  }
}
`,
    // arrayFromAsync: consumed inside the using block, before the pool is disposed
    `
import { MongoClient } from 'mongodb';

async function arrayFromAsyncInScope(uri: string) {
  await using client = new MongoClient(uri);
  const users = client.db('app').collection('users').find({ active: true });
  const docs = await Array.fromAsync(users);
  return docs;
}
`,
    // arrayFromAsync: consumed inside the try block, before finally disposes the pool
    `
import { MongoClient } from 'mongodb';

async function arrayFromAsyncInTry(uri: string) {
  const client = new MongoClient(uri);
  try {
    const users = client.db('app').collection('users').find({ active: true });
    const docs = await Array.fromAsync(users);
    return docs;
  } finally {
    await client.close();
  }
}
`,
    // newSet: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function newSetInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  return new Set(rows);
}
`,
    // newSet: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function newSetInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    return new Set(rows);
  } finally {
    db.close();
  }
}
`,
    // newMap: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function newMapInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  const byId = new Map(rows);
  return byId.size;
}
`,
    // newMap: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function newMapInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    const byId = new Map(rows);
    return byId.size;
  } finally {
    db.close();
  }
}
`,
    // promiseAll: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

async function promiseAllInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  const all = await Promise.all(rows);
  return all;
}
`,
    // promiseAll: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

async function promiseAllInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    const all = await Promise.all(rows);
    return all;
  } finally {
    db.close();
  }
}
`,
    // promiseAllSettled: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

async function promiseAllSettledInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  const settled = await Promise.allSettled(rows);
  return settled;
}
`,
    // promiseAllSettled: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

async function promiseAllSettledInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    const settled = await Promise.allSettled(rows);
    return settled;
  } finally {
    db.close();
  }
}
`,
    // promiseRace: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

async function promiseRaceInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  const winner = await Promise.race(rows);
  return winner;
}
`,
    // promiseRace: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

async function promiseRaceInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    const winner = await Promise.race(rows);
    return winner;
  } finally {
    db.close();
  }
}
`,
    // promiseAny: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

async function promiseAnyInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  const first = await Promise.any(rows);
  return first;
}
`,
    // promiseAny: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

async function promiseAnyInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    const first = await Promise.any(rows);
    return first;
  } finally {
    db.close();
  }
}
`,
    // next: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function nextInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  const head = rows.next();
  return head;
}
`,
    // next: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function nextInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    const head = rows.next();
    return head;
  } finally {
    db.close();
  }
}
`,
    // return: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function returnInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  rows.return();
}
`,
    // return: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function returnInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    rows.return();
  } finally {
    db.close();
  }
}
`,
    // toArray: consumed inside the using block, before the pool is disposed
    `
import { MongoClient } from 'mongodb';

async function toArrayInScope(uri: string) {
  await using client = new MongoClient(uri);
  const users = client.db('app').collection('users').find({ active: true });
  const docs = await users.toArray();
  return docs;
}
`,
    // toArray: consumed inside the try block, before finally disposes the pool
    `
import { MongoClient } from 'mongodb';

async function toArrayInTry(uri: string) {
  const client = new MongoClient(uri);
  try {
    const users = client.db('app').collection('users').find({ active: true });
    const docs = await users.toArray();
    return docs;
  } finally {
    await client.close();
  }
}
`,
    // forEach: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function forEachInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  rows.forEach((user) => notify(user));
}
`,
    // forEach: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function forEachInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    rows.forEach((user) => notify(user));
  } finally {
    db.close();
  }
}
`,
    // reduce: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function reduceInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  return rows.reduce((n, user) => n + user.visits, 0);
}
`,
    // reduce: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function reduceInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    return rows.reduce((n, user) => n + user.visits, 0);
  } finally {
    db.close();
  }
}
`,
    // some: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function someInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  return rows.some((user) => user.admin);
}
`,
    // some: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function someInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    return rows.some((user) => user.admin);
  } finally {
    db.close();
  }
}
`,
    // every: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function everyInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  return rows.every((user) => user.verified);
}
`,
    // every: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function everyInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    return rows.every((user) => user.verified);
  } finally {
    db.close();
  }
}
`,
    // find: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function findInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  return rows.find((user) => user.admin);
}
`,
    // find: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function findInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    return rows.find((user) => user.admin);
  } finally {
    db.close();
  }
}
`,
    // onData: consumed inside the using block, before the pool is disposed
    `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function onDataInScope(config: mysql.ConnectionOptions, sink: Writable) {
  using conn = mysql.createConnection(config);
  const stream = conn.query('SELECT * FROM events').stream();
  await new Promise((resolve, reject) => {
    stream.on('data', (chunk) => sink.write(chunk));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
}
`,
    // onData: consumed inside the try block, before finally disposes the pool
    `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function onDataInTry(url: string, sink: Writable) {
  const redis = new Redis(url);
  try {
    const stream = redis.scanStream({ match: 'user:*' });
    await new Promise((resolve, reject) => {
      stream.on('data', (chunk) => sink.write(chunk));
      stream.on('end', resolve);
      stream.on('error', reject);
    });
  } finally {
    await redis.quit();
  }
}
`,
    // onceEnd: consumed inside the using block, before the pool is disposed
    `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function onceEndInScope(config: mysql.ConnectionOptions, sink: Writable) {
  using conn = mysql.createConnection(config);
  const stream = conn.query('SELECT * FROM events').stream();
  await new Promise((resolve) => {
    stream.once('end', resolve);
    stream.resume();
  });
}
`,
    // onceEnd: consumed inside the try block, before finally disposes the pool
    `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function onceEndInTry(url: string, sink: Writable) {
  const redis = new Redis(url);
  try {
    const stream = redis.scanStream({ match: 'user:*' });
    await new Promise((resolve) => {
      stream.once('end', resolve);
      stream.resume();
    });
  } finally {
    await redis.quit();
  }
}
`,
    // onReadable: consumed inside the using block, before the pool is disposed
    `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function onReadableInScope(config: mysql.ConnectionOptions, sink: Writable) {
  using conn = mysql.createConnection(config);
  const stream = conn.query('SELECT * FROM events').stream();
  await new Promise((resolve) => {
    stream.on('readable', () => sink.cork());
    stream.once('close', resolve);
  });
}
`,
    // onReadable: consumed inside the try block, before finally disposes the pool
    `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function onReadableInTry(url: string, sink: Writable) {
  const redis = new Redis(url);
  try {
    const stream = redis.scanStream({ match: 'user:*' });
    await new Promise((resolve) => {
      stream.on('readable', () => sink.cork());
      stream.once('close', resolve);
    });
  } finally {
    await redis.quit();
  }
}
`,
    // read: consumed inside the using block, before the pool is disposed
    `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function readInScope(config: mysql.ConnectionOptions, sink: Writable) {
  using conn = mysql.createConnection(config);
  const stream = conn.query('SELECT * FROM events').stream();
  const first = stream.read();
  return first;
}
`,
    // read: consumed inside the try block, before finally disposes the pool
    `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function readInTry(url: string, sink: Writable) {
  const redis = new Redis(url);
  try {
    const stream = redis.scanStream({ match: 'user:*' });
    const first = stream.read();
    return first;
  } finally {
    await redis.quit();
  }
}
`,
    // pipe: consumed inside the using block, before the pool is disposed
    `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function pipeInScope(config: mysql.ConnectionOptions, sink: Writable) {
  using conn = mysql.createConnection(config);
  const stream = conn.query('SELECT * FROM events').stream();
  await finished(stream.pipe(sink));
}
`,
    // pipe: consumed inside the try block, before finally disposes the pool
    `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function pipeInTry(url: string, sink: Writable) {
  const redis = new Redis(url);
  try {
    const stream = redis.scanStream({ match: 'user:*' });
    await finished(stream.pipe(sink));
  } finally {
    await redis.quit();
  }
}
`,
    // pipeline: consumed inside the using block, before the pool is disposed
    `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function pipelineInScope(config: mysql.ConnectionOptions, sink: Writable) {
  using conn = mysql.createConnection(config);
  const stream = conn.query('SELECT * FROM events').stream();
  await pipeline(stream, sink);
}
`,
    // pipeline: consumed inside the try block, before finally disposes the pool
    `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function pipelineInTry(url: string, sink: Writable) {
  const redis = new Redis(url);
  try {
    const stream = redis.scanStream({ match: 'user:*' });
    await pipeline(stream, sink);
  } finally {
    await redis.quit();
  }
}
`,
    // passSync: consumed inside the using block, before the pool is disposed
    `
import Database from 'better-sqlite3';

function passSyncInScope(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM users').iterate();
  indexUsers(rows);
}
`,
    // passSync: consumed inside the try block, before finally disposes the pool
    `
import Database from 'better-sqlite3';

function passSyncInTry(file: string) {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT * FROM users').iterate();
    indexUsers(rows);
  } finally {
    db.close();
  }
}
`,
    // passAsync: consumed inside the using block, before the pool is disposed
    `
import { MongoClient } from 'mongodb';

async function passAsyncInScope(uri: string) {
  await using client = new MongoClient(uri);
  const users = client.db('app').collection('users').find({ active: true });
  await drain(users);
}
`,
    // passAsync: consumed inside the try block, before finally disposes the pool
    `
import { MongoClient } from 'mongodb';

async function passAsyncInTry(uri: string) {
  const client = new MongoClient(uri);
  try {
    const users = client.db('app').collection('users').find({ active: true });
    await drain(users);
  } finally {
    await client.close();
  }
}
`,
  ],
  invalid: [
    // forOf: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function forOfInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  for (const user of rows) notify(user);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 22,
          endLine: 10,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function forOfInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  for (const user of rows) notify(user);
}
`,
            },
          ],
        },
      ],
    },
    // forOf: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function forOfAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  for (const user of rows) notify(user);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 22,
          endLine: 12,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function forOfAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  for (const user of rows) notify(user);
}
`,
            },
          ],
        },
      ],
    },
    // forAwait: consumed after the using block
    {
      code: `
import { MongoClient } from 'mongodb';

async function forAwaitInBlock(uri: string) {
  let users;
  {
    await using client = new MongoClient(uri);
    users = client.db('app').collection('users').find({ active: true });
  }
  for await (const user of users) notify(user);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'users' (from client.db(…).collection(…).find(…))",
            pool: 'client',
            disposal: "line 9, end of the 'await using' block",
          },
          line: 10,
          column: 28,
          endLine: 10,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.db(…).collection(…).find(…)'" },
              output: `
import { MongoClient } from 'mongodb';

async function forAwaitInBlock(uri: string) {
  let users;
  {
    await using client = new MongoClient(uri);
    users = await Array.fromAsync(client.db('app').collection('users').find({ active: true }));
  }
  for await (const user of users) notify(user);
}
`,
            },
          ],
        },
      ],
    },
    // forAwait: consumed after the try/finally
    {
      code: `
import { MongoClient } from 'mongodb';

async function forAwaitAfterFinally(uri: string) {
  const client = new MongoClient(uri);
  let users;
  try {
    users = client.db('app').collection('users').find({ active: true });
  } finally {
    await client.close();
  }
  for await (const user of users) notify(user);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'users' (from client.db(…).collection(…).find(…))",
            pool: 'client',
            disposal: 'line 10, client.close() in finally',
          },
          line: 12,
          column: 28,
          endLine: 12,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.db(…).collection(…).find(…)'" },
              output: `
import { MongoClient } from 'mongodb';

async function forAwaitAfterFinally(uri: string) {
  const client = new MongoClient(uri);
  let users;
  try {
    users = await Array.fromAsync(client.db('app').collection('users').find({ active: true }));
  } finally {
    await client.close();
  }
  for await (const user of users) notify(user);
}
`,
            },
          ],
        },
      ],
    },
    // spread: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function spreadInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  return [...rows];
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 11,
          endLine: 10,
          endColumn: 18,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function spreadInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  return [...rows];
}
`,
            },
          ],
        },
      ],
    },
    // spread: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function spreadAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  return [...rows];
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 11,
          endLine: 12,
          endColumn: 18,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function spreadAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  return [...rows];
}
`,
            },
          ],
        },
      ],
    },
    // destructuringDeclaration: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function destructuringDeclarationInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  const [first] = rows;
  return first;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 19,
          endLine: 10,
          endColumn: 23,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function destructuringDeclarationInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  const [first] = rows;
  return first;
}
`,
            },
          ],
        },
      ],
    },
    // destructuringDeclaration: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function destructuringDeclarationAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  const [first] = rows;
  return first;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 19,
          endLine: 12,
          endColumn: 23,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function destructuringDeclarationAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  const [first] = rows;
  return first;
}
`,
            },
          ],
        },
      ],
    },
    // destructuringAssignment: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function destructuringAssignmentInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  let first;
  [first] = rows;
  return first;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 11,
          column: 13,
          endLine: 11,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function destructuringAssignmentInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  let first;
  [first] = rows;
  return first;
}
`,
            },
          ],
        },
      ],
    },
    // destructuringAssignment: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function destructuringAssignmentAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  let first;
  [first] = rows;
  return first;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 13,
          column: 13,
          endLine: 13,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function destructuringAssignmentAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  let first;
  [first] = rows;
  return first;
}
`,
            },
          ],
        },
      ],
    },
    // yieldStar: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function* yieldStarInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  yield* rows;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 14,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function* yieldStarInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  yield* rows;
}
`,
            },
          ],
        },
      ],
    },
    // yieldStar: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function* yieldStarAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  yield* rows;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 14,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function* yieldStarAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  yield* rows;
}
`,
            },
          ],
        },
      ],
    },
    // arrayFrom: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function arrayFromInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  return Array.from(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
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
              output: `
import Database from 'better-sqlite3';

function arrayFromInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  return Array.from(rows);
}
`,
            },
          ],
        },
      ],
    },
    // arrayFrom: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function arrayFromAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  return Array.from(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function arrayFromAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  return Array.from(rows);
}
`,
            },
          ],
        },
      ],
    },
    // arrayFromAsync: consumed after the using block
    {
      code: `
import { MongoClient } from 'mongodb';

async function arrayFromAsyncInBlock(uri: string) {
  let users;
  {
    await using client = new MongoClient(uri);
    users = client.db('app').collection('users').find({ active: true });
  }
  const docs = await Array.fromAsync(users);
  return docs;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'users' (from client.db(…).collection(…).find(…))",
            pool: 'client',
            disposal: "line 9, end of the 'await using' block",
          },
          line: 10,
          column: 22,
          endLine: 10,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.db(…).collection(…).find(…)'" },
              output: `
import { MongoClient } from 'mongodb';

async function arrayFromAsyncInBlock(uri: string) {
  let users;
  {
    await using client = new MongoClient(uri);
    users = await Array.fromAsync(client.db('app').collection('users').find({ active: true }));
  }
  const docs = await Array.fromAsync(users);
  return docs;
}
`,
            },
          ],
        },
      ],
    },
    // arrayFromAsync: consumed after the try/finally
    {
      code: `
import { MongoClient } from 'mongodb';

async function arrayFromAsyncAfterFinally(uri: string) {
  const client = new MongoClient(uri);
  let users;
  try {
    users = client.db('app').collection('users').find({ active: true });
  } finally {
    await client.close();
  }
  const docs = await Array.fromAsync(users);
  return docs;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'users' (from client.db(…).collection(…).find(…))",
            pool: 'client',
            disposal: 'line 10, client.close() in finally',
          },
          line: 12,
          column: 22,
          endLine: 12,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.db(…).collection(…).find(…)'" },
              output: `
import { MongoClient } from 'mongodb';

async function arrayFromAsyncAfterFinally(uri: string) {
  const client = new MongoClient(uri);
  let users;
  try {
    users = await Array.fromAsync(client.db('app').collection('users').find({ active: true }));
  } finally {
    await client.close();
  }
  const docs = await Array.fromAsync(users);
  return docs;
}
`,
            },
          ],
        },
      ],
    },
    // newSet: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function newSetInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  return new Set(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 23,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function newSetInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  return new Set(rows);
}
`,
            },
          ],
        },
      ],
    },
    // newSet: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function newSetAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  return new Set(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 23,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function newSetAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  return new Set(rows);
}
`,
            },
          ],
        },
      ],
    },
    // newMap: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function newMapInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  const byId = new Map(rows);
  return byId.size;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 16,
          endLine: 10,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function newMapInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  const byId = new Map(rows);
  return byId.size;
}
`,
            },
          ],
        },
      ],
    },
    // newMap: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function newMapAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  const byId = new Map(rows);
  return byId.size;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 16,
          endLine: 12,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function newMapAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  const byId = new Map(rows);
  return byId.size;
}
`,
            },
          ],
        },
      ],
    },
    // promiseAll: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function promiseAllInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  return Promise.all(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 27,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function promiseAllInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  return Promise.all(rows);
}
`,
            },
          ],
        },
      ],
    },
    // promiseAll: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function promiseAllAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  return Promise.all(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 27,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function promiseAllAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  return Promise.all(rows);
}
`,
            },
          ],
        },
      ],
    },
    // promiseAllSettled: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function promiseAllSettledInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  return Promise.allSettled(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function promiseAllSettledInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  return Promise.allSettled(rows);
}
`,
            },
          ],
        },
      ],
    },
    // promiseAllSettled: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function promiseAllSettledAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  return Promise.allSettled(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function promiseAllSettledAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  return Promise.allSettled(rows);
}
`,
            },
          ],
        },
      ],
    },
    // promiseRace: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function promiseRaceInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  return Promise.race(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function promiseRaceInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  return Promise.race(rows);
}
`,
            },
          ],
        },
      ],
    },
    // promiseRace: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function promiseRaceAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  return Promise.race(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function promiseRaceAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  return Promise.race(rows);
}
`,
            },
          ],
        },
      ],
    },
    // promiseAny: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function promiseAnyInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  return Promise.any(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 27,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function promiseAnyInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  return Promise.any(rows);
}
`,
            },
          ],
        },
      ],
    },
    // promiseAny: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function promiseAnyAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  return Promise.any(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 27,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function promiseAnyAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  return Promise.any(rows);
}
`,
            },
          ],
        },
      ],
    },
    // next: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function nextInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  return rows.next();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 21,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function nextInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  return rows.next();
}
`,
            },
          ],
        },
      ],
    },
    // next: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function nextAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  return rows.next();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 21,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function nextAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  return rows.next();
}
`,
            },
          ],
        },
      ],
    },
    // return: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function returnInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  rows.return();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 16,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function returnInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  rows.return();
}
`,
            },
          ],
        },
      ],
    },
    // return: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function returnAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  rows.return();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 16,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function returnAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  rows.return();
}
`,
            },
          ],
        },
      ],
    },
    // toArray: consumed after the using block
    {
      code: `
import { MongoClient } from 'mongodb';

async function toArrayInBlock(uri: string) {
  let users;
  {
    await using client = new MongoClient(uri);
    users = client.db('app').collection('users').find({ active: true });
  }
  const docs = await users.toArray();
  return docs;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'users' (from client.db(…).collection(…).find(…))",
            pool: 'client',
            disposal: "line 9, end of the 'await using' block",
          },
          line: 10,
          column: 22,
          endLine: 10,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.db(…).collection(…).find(…)'" },
              output: `
import { MongoClient } from 'mongodb';

async function toArrayInBlock(uri: string) {
  let users;
  {
    await using client = new MongoClient(uri);
    users = await Array.fromAsync(client.db('app').collection('users').find({ active: true }));
  }
  const docs = await users.toArray();
  return docs;
}
`,
            },
          ],
        },
      ],
    },
    // toArray: consumed after the try/finally
    {
      code: `
import { MongoClient } from 'mongodb';

async function toArrayAfterFinally(uri: string) {
  const client = new MongoClient(uri);
  let users;
  try {
    users = client.db('app').collection('users').find({ active: true });
  } finally {
    await client.close();
  }
  const docs = await users.toArray();
  return docs;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'users' (from client.db(…).collection(…).find(…))",
            pool: 'client',
            disposal: 'line 10, client.close() in finally',
          },
          line: 12,
          column: 22,
          endLine: 12,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.db(…).collection(…).find(…)'" },
              output: `
import { MongoClient } from 'mongodb';

async function toArrayAfterFinally(uri: string) {
  const client = new MongoClient(uri);
  let users;
  try {
    users = await Array.fromAsync(client.db('app').collection('users').find({ active: true }));
  } finally {
    await client.close();
  }
  const docs = await users.toArray();
  return docs;
}
`,
            },
          ],
        },
      ],
    },
    // forEach: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function forEachInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  rows.forEach((user) => notify(user));
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function forEachInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  rows.forEach((user) => notify(user));
}
`,
            },
          ],
        },
      ],
    },
    // forEach: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function forEachAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  rows.forEach((user) => notify(user));
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function forEachAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  rows.forEach((user) => notify(user));
}
`,
            },
          ],
        },
      ],
    },
    // reduce: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function reduceInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  return rows.reduce((n, user) => n + user.visits, 0);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 54,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function reduceInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  return rows.reduce((n, user) => n + user.visits, 0);
}
`,
            },
          ],
        },
      ],
    },
    // reduce: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function reduceAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  return rows.reduce((n, user) => n + user.visits, 0);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 54,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function reduceAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  return rows.reduce((n, user) => n + user.visits, 0);
}
`,
            },
          ],
        },
      ],
    },
    // some: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function someInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  return rows.some((user) => user.admin);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function someInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  return rows.some((user) => user.admin);
}
`,
            },
          ],
        },
      ],
    },
    // some: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function someAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  return rows.some((user) => user.admin);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function someAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  return rows.some((user) => user.admin);
}
`,
            },
          ],
        },
      ],
    },
    // every: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function everyInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  return rows.every((user) => user.verified);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function everyInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  return rows.every((user) => user.verified);
}
`,
            },
          ],
        },
      ],
    },
    // every: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function everyAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  return rows.every((user) => user.verified);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function everyAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  return rows.every((user) => user.verified);
}
`,
            },
          ],
        },
      ],
    },
    // find: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function findInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  return rows.find((user) => user.admin);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function findInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  return rows.find((user) => user.admin);
}
`,
            },
          ],
        },
      ],
    },
    // find: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function findAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  return rows.find((user) => user.admin);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function findAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  return rows.find((user) => user.admin);
}
`,
            },
          ],
        },
      ],
    },
    // onData: consumed after the using block
    {
      code: `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function onDataInBlock(config: mysql.ConnectionOptions, sink: Writable) {
  let stream;
  {
    using conn = mysql.createConnection(config);
    stream = conn.query('SELECT * FROM events').stream();
  }
  stream.on('data', (chunk) => sink.write(chunk));
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from conn.query(…).stream())",
            pool: 'conn',
            disposal: "line 10, end of the 'using' block",
          },
          line: 11,
          column: 3,
          endLine: 11,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'conn.query(…).stream()'" },
              output: `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function onDataInBlock(config: mysql.ConnectionOptions, sink: Writable) {
  let stream;
  {
    using conn = mysql.createConnection(config);
    stream = await Array.fromAsync(conn.query('SELECT * FROM events').stream());
  }
  stream.on('data', (chunk) => sink.write(chunk));
}
`,
            },
          ],
        },
      ],
    },
    // onData: consumed after the try/finally
    {
      code: `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function onDataAfterFinally(url: string, sink: Writable) {
  const redis = new Redis(url);
  let stream;
  try {
    stream = redis.scanStream({ match: 'user:*' });
  } finally {
    await redis.quit();
  }
  stream.on('data', (chunk) => sink.write(chunk));
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from redis.scanStream(…))",
            pool: 'redis',
            disposal: 'line 11, redis.quit() in finally',
          },
          line: 13,
          column: 3,
          endLine: 13,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'redis.scanStream(…)'" },
              output: `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function onDataAfterFinally(url: string, sink: Writable) {
  const redis = new Redis(url);
  let stream;
  try {
    stream = await Array.fromAsync(redis.scanStream({ match: 'user:*' }));
  } finally {
    await redis.quit();
  }
  stream.on('data', (chunk) => sink.write(chunk));
}
`,
            },
          ],
        },
      ],
    },
    // onceEnd: consumed after the using block
    {
      code: `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function onceEndInBlock(config: mysql.ConnectionOptions, sink: Writable) {
  let stream;
  {
    using conn = mysql.createConnection(config);
    stream = conn.query('SELECT * FROM events').stream();
  }
  stream.once('end', () => sink.end());
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from conn.query(…).stream())",
            pool: 'conn',
            disposal: "line 10, end of the 'using' block",
          },
          line: 11,
          column: 3,
          endLine: 11,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'conn.query(…).stream()'" },
              output: `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function onceEndInBlock(config: mysql.ConnectionOptions, sink: Writable) {
  let stream;
  {
    using conn = mysql.createConnection(config);
    stream = await Array.fromAsync(conn.query('SELECT * FROM events').stream());
  }
  stream.once('end', () => sink.end());
}
`,
            },
          ],
        },
      ],
    },
    // onceEnd: consumed after the try/finally
    {
      code: `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function onceEndAfterFinally(url: string, sink: Writable) {
  const redis = new Redis(url);
  let stream;
  try {
    stream = redis.scanStream({ match: 'user:*' });
  } finally {
    await redis.quit();
  }
  stream.once('end', () => sink.end());
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from redis.scanStream(…))",
            pool: 'redis',
            disposal: 'line 11, redis.quit() in finally',
          },
          line: 13,
          column: 3,
          endLine: 13,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'redis.scanStream(…)'" },
              output: `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function onceEndAfterFinally(url: string, sink: Writable) {
  const redis = new Redis(url);
  let stream;
  try {
    stream = await Array.fromAsync(redis.scanStream({ match: 'user:*' }));
  } finally {
    await redis.quit();
  }
  stream.once('end', () => sink.end());
}
`,
            },
          ],
        },
      ],
    },
    // onReadable: consumed after the using block
    {
      code: `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function onReadableInBlock(config: mysql.ConnectionOptions, sink: Writable) {
  let stream;
  {
    using conn = mysql.createConnection(config);
    stream = conn.query('SELECT * FROM events').stream();
  }
  stream.on('readable', () => sink.cork());
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from conn.query(…).stream())",
            pool: 'conn',
            disposal: "line 10, end of the 'using' block",
          },
          line: 11,
          column: 3,
          endLine: 11,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'conn.query(…).stream()'" },
              output: `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function onReadableInBlock(config: mysql.ConnectionOptions, sink: Writable) {
  let stream;
  {
    using conn = mysql.createConnection(config);
    stream = await Array.fromAsync(conn.query('SELECT * FROM events').stream());
  }
  stream.on('readable', () => sink.cork());
}
`,
            },
          ],
        },
      ],
    },
    // onReadable: consumed after the try/finally
    {
      code: `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function onReadableAfterFinally(url: string, sink: Writable) {
  const redis = new Redis(url);
  let stream;
  try {
    stream = redis.scanStream({ match: 'user:*' });
  } finally {
    await redis.quit();
  }
  stream.on('readable', () => sink.cork());
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from redis.scanStream(…))",
            pool: 'redis',
            disposal: 'line 11, redis.quit() in finally',
          },
          line: 13,
          column: 3,
          endLine: 13,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'redis.scanStream(…)'" },
              output: `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function onReadableAfterFinally(url: string, sink: Writable) {
  const redis = new Redis(url);
  let stream;
  try {
    stream = await Array.fromAsync(redis.scanStream({ match: 'user:*' }));
  } finally {
    await redis.quit();
  }
  stream.on('readable', () => sink.cork());
}
`,
            },
          ],
        },
      ],
    },
    // read: consumed after the using block
    {
      code: `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function readInBlock(config: mysql.ConnectionOptions, sink: Writable) {
  let stream;
  {
    using conn = mysql.createConnection(config);
    stream = conn.query('SELECT * FROM events').stream();
  }
  const first = stream.read();
  return first;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from conn.query(…).stream())",
            pool: 'conn',
            disposal: "line 10, end of the 'using' block",
          },
          line: 11,
          column: 17,
          endLine: 11,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'conn.query(…).stream()'" },
              output: `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function readInBlock(config: mysql.ConnectionOptions, sink: Writable) {
  let stream;
  {
    using conn = mysql.createConnection(config);
    stream = await Array.fromAsync(conn.query('SELECT * FROM events').stream());
  }
  const first = stream.read();
  return first;
}
`,
            },
          ],
        },
      ],
    },
    // read: consumed after the try/finally
    {
      code: `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function readAfterFinally(url: string, sink: Writable) {
  const redis = new Redis(url);
  let stream;
  try {
    stream = redis.scanStream({ match: 'user:*' });
  } finally {
    await redis.quit();
  }
  const first = stream.read();
  return first;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from redis.scanStream(…))",
            pool: 'redis',
            disposal: 'line 11, redis.quit() in finally',
          },
          line: 13,
          column: 17,
          endLine: 13,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'redis.scanStream(…)'" },
              output: `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function readAfterFinally(url: string, sink: Writable) {
  const redis = new Redis(url);
  let stream;
  try {
    stream = await Array.fromAsync(redis.scanStream({ match: 'user:*' }));
  } finally {
    await redis.quit();
  }
  const first = stream.read();
  return first;
}
`,
            },
          ],
        },
      ],
    },
    // pipe: consumed after the using block
    {
      code: `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function pipeInBlock(config: mysql.ConnectionOptions, sink: Writable) {
  let stream;
  {
    using conn = mysql.createConnection(config);
    stream = conn.query('SELECT * FROM events').stream();
  }
  stream.pipe(sink);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from conn.query(…).stream())",
            pool: 'conn',
            disposal: "line 10, end of the 'using' block",
          },
          line: 11,
          column: 3,
          endLine: 11,
          endColumn: 20,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'conn.query(…).stream()'" },
              output: `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function pipeInBlock(config: mysql.ConnectionOptions, sink: Writable) {
  let stream;
  {
    using conn = mysql.createConnection(config);
    stream = await Array.fromAsync(conn.query('SELECT * FROM events').stream());
  }
  stream.pipe(sink);
}
`,
            },
          ],
        },
      ],
    },
    // pipe: consumed after the try/finally
    {
      code: `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function pipeAfterFinally(url: string, sink: Writable) {
  const redis = new Redis(url);
  let stream;
  try {
    stream = redis.scanStream({ match: 'user:*' });
  } finally {
    await redis.quit();
  }
  stream.pipe(sink);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from redis.scanStream(…))",
            pool: 'redis',
            disposal: 'line 11, redis.quit() in finally',
          },
          line: 13,
          column: 3,
          endLine: 13,
          endColumn: 20,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'redis.scanStream(…)'" },
              output: `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function pipeAfterFinally(url: string, sink: Writable) {
  const redis = new Redis(url);
  let stream;
  try {
    stream = await Array.fromAsync(redis.scanStream({ match: 'user:*' }));
  } finally {
    await redis.quit();
  }
  stream.pipe(sink);
}
`,
            },
          ],
        },
      ],
    },
    // pipeline: consumed after the using block
    {
      code: `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function pipelineInBlock(config: mysql.ConnectionOptions, sink: Writable) {
  let stream;
  {
    using conn = mysql.createConnection(config);
    stream = conn.query('SELECT * FROM events').stream();
  }
  await pipeline(stream, sink);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from conn.query(…).stream())",
            pool: 'conn',
            disposal: "line 10, end of the 'using' block",
          },
          line: 11,
          column: 9,
          endLine: 11,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'conn.query(…).stream()'" },
              output: `
import mysql from 'mysql2';
import type { Writable } from 'node:stream';

async function pipelineInBlock(config: mysql.ConnectionOptions, sink: Writable) {
  let stream;
  {
    using conn = mysql.createConnection(config);
    stream = await Array.fromAsync(conn.query('SELECT * FROM events').stream());
  }
  await pipeline(stream, sink);
}
`,
            },
          ],
        },
      ],
    },
    // pipeline: consumed after the try/finally
    {
      code: `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function pipelineAfterFinally(url: string, sink: Writable) {
  const redis = new Redis(url);
  let stream;
  try {
    stream = redis.scanStream({ match: 'user:*' });
  } finally {
    await redis.quit();
  }
  await pipeline(stream, sink);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from redis.scanStream(…))",
            pool: 'redis',
            disposal: 'line 11, redis.quit() in finally',
          },
          line: 13,
          column: 9,
          endLine: 13,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'redis.scanStream(…)'" },
              output: `
import { Redis } from 'ioredis';
import type { Writable } from 'node:stream';

async function pipelineAfterFinally(url: string, sink: Writable) {
  const redis = new Redis(url);
  let stream;
  try {
    stream = await Array.fromAsync(redis.scanStream({ match: 'user:*' }));
  } finally {
    await redis.quit();
  }
  await pipeline(stream, sink);
}
`,
            },
          ],
        },
      ],
    },
    // passSync: consumed after the using block
    {
      code: `
import Database from 'better-sqlite3';

function passSyncInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate();
  }
  indexUsers(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function passSyncInBlock(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  }
  indexUsers(rows);
}
`,
            },
          ],
        },
      ],
    },
    // passSync: consumed after the try/finally
    {
      code: `
import Database from 'better-sqlite3';

function passSyncAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
  indexUsers(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: 'db',
            disposal: 'line 10, db.close() in finally',
          },
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              output: `
import Database from 'better-sqlite3';

function passSyncAfterFinally(file: string) {
  const db = new Database(file);
  let rows;
  try {
    rows = Array.from(db.prepare('SELECT * FROM users').iterate());
  } finally {
    db.close();
  }
  indexUsers(rows);
}
`,
            },
          ],
        },
      ],
    },
    // passAsync: consumed after the using block
    {
      code: `
import { MongoClient } from 'mongodb';

async function passAsyncInBlock(uri: string) {
  let users;
  {
    await using client = new MongoClient(uri);
    users = client.db('app').collection('users').find({ active: true });
  }
  await drain(users);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'users' (from client.db(…).collection(…).find(…))",
            pool: 'client',
            disposal: "line 9, end of the 'await using' block",
          },
          line: 10,
          column: 9,
          endLine: 10,
          endColumn: 21,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.db(…).collection(…).find(…)'" },
              output: `
import { MongoClient } from 'mongodb';

async function passAsyncInBlock(uri: string) {
  let users;
  {
    await using client = new MongoClient(uri);
    users = await Array.fromAsync(client.db('app').collection('users').find({ active: true }));
  }
  await drain(users);
}
`,
            },
          ],
        },
      ],
    },
    // passAsync: consumed after the try/finally
    {
      code: `
import { MongoClient } from 'mongodb';

async function passAsyncAfterFinally(uri: string) {
  const client = new MongoClient(uri);
  let users;
  try {
    users = client.db('app').collection('users').find({ active: true });
  } finally {
    await client.close();
  }
  await drain(users);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'users' (from client.db(…).collection(…).find(…))",
            pool: 'client',
            disposal: 'line 10, client.close() in finally',
          },
          line: 12,
          column: 9,
          endLine: 12,
          endColumn: 21,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.db(…).collection(…).find(…)'" },
              output: `
import { MongoClient } from 'mongodb';

async function passAsyncAfterFinally(uri: string) {
  const client = new MongoClient(uri);
  let users;
  try {
    users = await Array.fromAsync(client.db('app').collection('users').find({ active: true }));
  } finally {
    await client.close();
  }
  await drain(users);
}
`,
            },
          ],
        },
      ],
    },
  ],
});
