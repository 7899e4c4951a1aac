import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// A report names the pool by what it is (docs/drivers.md, "called"): by its driver's noun where the
// driver is known, from the pool's initialiser, from the pool that handed it out, from a type
// annotation, or from the lazy value's own shape where the close's behaviour comes from it; else by
// what its initialiser holds (a directory, a file handle); else it is a `pool`.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [],
  invalid: withSuggestionEdits<MessageId, Options>([
    // mysql: a connection of createConnection().
    {
      code: `
import mysql from 'mysql';

export function rows(sql: string) {
  const conn = mysql.createConnection({ host: 'db' });
  const stream = conn.query(sql).stream();
  conn.destroy();
  stream.pipe(process.stdout);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'stream' (from conn.query(…).stream())", pool: "connection 'conn'", disposal: 'line 7, conn.destroy()' },
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 30,
        },
      ],
    },
    // mysql2: a connection a pool hands out, released before its stream is read.
    {
      code: `
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ host: 'db' });

export async function rows(sql: string) {
  const conn = await pool.getConnection();
  let stream;
  try {
    stream = conn.connection.query(sql).stream();
  } finally {
    conn.release();
  }
  stream.pipe(process.stdout);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from conn.connection.query(…).stream())",
            pool: "connection 'conn'",
            disposal: 'line 12, conn.release() in finally',
          },
          line: 14,
          column: 3,
          endLine: 14,
          endColumn: 30,
        },
      ],
    },
    // pg: a client of new Client().
    {
      code: `
import { Client } from 'pg';
import QueryStream from 'pg-query-stream';

export async function events() {
  const client = new Client();
  await client.connect();
  try {
    return client.query(new QueryStream('SELECT * FROM events'));
  } finally {
    await client.end();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: { iterator: "'client.query(…)'", pool: "client 'client'", escape: 'returned', disposal: 'line 11, client.end() in finally' },
          line: 9,
          column: 12,
          endLine: 9,
          endColumn: 65,
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
    // pg: a client a pool hands out.
    {
      code: `
import pg from 'pg';
import QueryStream from 'pg-query-stream';

const pool = new pg.Pool();

export async function events() {
  const client = await pool.connect();
  try {
    return client.query(new QueryStream('SELECT * FROM events'));
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: { iterator: "'client.query(…)'", pool: "client 'client'", escape: 'returned', disposal: 'line 12, client.release() in finally' },
          line: 10,
          column: 12,
          endLine: 10,
          endColumn: 65,
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
    // pg: a pool is a pool.
    {
      code: `
import { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

export async function events() {
  const pool = new Pool();
  try {
    return pool.query(new QueryStream('SELECT * FROM events'));
  } finally {
    await pool.end();
  }
}
`,
      errors: [
        {
          messageId: 'escapesIntoWaitingClose',
          data: {
            iterator: "'pool.query(…)'",
            pool: "pool 'pool'",
            disposal: 'line 10, pool.end() in finally',
            behaviour: "pg's end() waits for it",
          },
          line: 8,
          column: 12,
          endLine: 8,
          endColumn: 63,
        },
      ],
    },
    // undici: a dispatcher.
    {
      code: `
import { Agent, request } from 'undici';

export async function get(url: string) {
  const agent = new Agent();
  try {
    return (await request(url, { dispatcher: agent })).body;
  } finally {
    agent.destroy();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'(await request(…)).body' (from request(…))",
            pool: "dispatcher 'agent'",
            escape: 'returned',
            disposal: 'line 9, agent.destroy() in finally',
          },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 60,
          suggestions: [],
        },
      ],
    },
    // node:http: an agent.
    {
      code: `
import http from 'node:http';
import nodeFetch from 'node-fetch';

export async function get(url: string) {
  const agent = new http.Agent({ keepAlive: true });
  try {
    return await nodeFetch(url, { agent });
  } finally {
    agent.destroy();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: { iterator: "'nodeFetch(…)'", pool: "agent 'agent'", escape: 'returned', disposal: 'line 10, agent.destroy() in finally' },
          line: 8,
          column: 12,
          endLine: 8,
          endColumn: 43,
          suggestions: [],
        },
      ],
    },
    // mongodb: a client.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function users(uri: string) {
  await using client = new MongoClient(uri);
  return client.db('app').collection('users').find();
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            escape: 'returned',
            disposal: "line 7, end of the 'await using' block",
          },
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 53,
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
    // knex: a database.
    {
      code: `
import knex from 'knex';

export async function events() {
  const db = knex({ client: 'pg' });
  try {
    return db('events').stream();
  } finally {
    db.destroy();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: { iterator: "'db(…).stream()'", pool: "database 'db'", escape: 'returned', disposal: 'line 9, db.destroy() in finally' },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'db(…).stream()'" },
              materialize: "db('events').stream()",
            },
          ],
        },
      ],
    },
    // better-sqlite3: a database.
    {
      code: `
import Database from 'better-sqlite3';

export function users(file: string) {
  using db = new Database(file);
  return db.prepare('SELECT * FROM users').iterate();
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: { iterator: "'db.prepare(…).iterate()'", pool: "database 'db'", escape: 'returned', disposal: "line 7, end of the 'using' block" },
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 53,
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
    // piscina: a worker pool.
    {
      code: `
import Piscina from 'piscina';
import { pMapIterable } from 'p-map';

export async function resized(images: string[]) {
  await using pool = new Piscina({ filename: './resize.js' });
  return pMapIterable(images, (image) => pool.run(image));
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: { iterator: "'pMapIterable(…)'", pool: "worker pool 'pool'", escape: 'returned', disposal: "line 8, end of the 'await using' block" },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 58,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pMapIterable(…)'" },
              materialize: 'pMapIterable(images, (image) => pool.run(image))',
            },
          ],
        },
      ],
    },
    // workerpool: a worker pool.
    {
      code: `
import workerpool from 'workerpool';
import { pMapIterable } from 'p-map';

export async function resized(images: string[]) {
  const pool = workerpool.pool('./resize.js');
  try {
    return pMapIterable(images, (image) => pool.exec('resize', [image]));
  } finally {
    await pool.terminate();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: { iterator: "'pMapIterable(…)'", pool: "worker pool 'pool'", escape: 'returned', disposal: 'line 10, pool.terminate() in finally' },
          line: 8,
          column: 12,
          endLine: 8,
          endColumn: 73,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pMapIterable(…)'" },
              materialize: "pMapIterable(images, (image) => pool.exec('resize', [image]))",
            },
          ],
        },
      ],
    },
    // node:fs: a directory, and a file handle, as the initialiser says.
    {
      code: `
import { opendir, open } from 'node:fs/promises';

export async function names(path: string) {
  const dir = await opendir(path);
  await dir.close();
  for await (const entry of dir) console.log(entry.name);
}

export async function lines(path: string) {
  await using file = await open(path);
  return file.readLines();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'dir'", pool: "directory 'dir'", disposal: 'line 6, dir.close()' },
          line: 7,
          column: 29,
          endLine: 7,
          endColumn: 32,
        },
        {
          messageId: 'escapesScope',
          data: { iterator: "'file.readLines()'", pool: "file handle 'file'", escape: 'returned', disposal: "line 13, end of the 'await using' block" },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 26,
          suggestions: [{ messageId: 'materializeAsync', data: { expression: "'file.readLines()'" }, materialize: 'file.readLines()' }],
        },
      ],
    },
    // A driver not known: a pool.
    {
      code: `
import { connect } from 'some-db';

export async function rows() {
  const conn = await connect();
  try {
    return conn.cursor('SELECT 1');
  } finally {
    await conn.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: { iterator: "'conn.cursor(…)'", pool: "pool 'conn'", escape: 'returned', disposal: 'line 9, conn.close() in finally' },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 35,
          suggestions: [{ messageId: 'materializeAsync', data: { expression: "'conn.cursor(…)'" }, materialize: "conn.cursor('SELECT 1')" }],
        },
      ],
    },
    // A driver known from a type annotation only.
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
          messageId: 'escapesScope',
          data: { iterator: "'client.query(…)'", pool: "client 'client'", escape: 'returned', disposal: 'line 9, client.release() in finally' },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 65,
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
    // A value a stack adopted: what its driver makes.
    {
      code: `
import knex from 'knex';

export async function events() {
  await using stack = new AsyncDisposableStack();
  const db = stack.adopt(knex({ client: 'pg' }), (k) => k.destroy());
  return db('events').stream();
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db(…).stream()'",
            pool: "database 'db'",
            escape: 'returned',
            disposal: "line 8, by stack 'stack' at the end of its 'await using' block",
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 31,
          suggestions: [{ messageId: 'materializeWithToArray', data: { expression: "'db(…).stream()'" }, materialize: "db('events').stream()" }],
        },
      ],
    },
    // The driver known from the value's shape alone, where the close's behaviour comes from it.
    {
      code: `
export async function rows(conn: { query(sql: string): { stream(): NodeJS.ReadableStream }; end(): Promise<void> }) {
  const stream = conn.query('SELECT * FROM orders').stream();
  await conn.end();
}
`,
      errors: [
        {
          messageId: 'blocksClose',
          data: {
            iterator: "'conn.query(…).stream()'",
            pool: "connection 'conn'",
            disposal: 'line 4, conn.end()',
            behaviour: "mysql's end() waits for it",
          },
          line: 3,
          column: 18,
          endLine: 3,
          endColumn: 61,
        },
      ],
    },
    // A driver declared with the closes option keeps its noun; a module of the option's own is a pool.
    {
      code: `
import mysql from 'mysql2';
import { connect } from 'my-db';

export function rows(sql: string) {
  const conn = mysql.createConnection({ host: 'db' });
  const stream = conn.query(sql).stream();
  conn.destroy();
  stream.pipe(process.stdout);
}

export async function more() {
  const db = connect();
  const cursor = db.cursor('SELECT 1');
  db.shutdown();
  for await (const row of cursor) console.log(row);
}
`,
      options: [
        {
          disposeMethods: ['shutdown'],
          closes: [
            { module: 'mysql2', methods: ['destroy'], behaviour: 'abrupt' },
            { module: 'my-db', methods: ['shutdown'], behaviour: 'abrupt' },
          ],
        },
      ],
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'stream' (from conn.query(…).stream())", pool: "connection 'conn'", disposal: 'line 8, conn.destroy()' },
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 30,
        },
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'cursor' (from db.cursor(…))", pool: "pool 'db'", disposal: 'line 15, db.shutdown()' },
          line: 16,
          column: 27,
          endLine: 16,
          endColumn: 33,
          suggestions: [{ messageId: 'materializeAsync', data: { expression: "'db.cursor(…)'" }, materialize: "db.cursor('SELECT 1')" }],
        },
      ],
    },
  ]),
});
