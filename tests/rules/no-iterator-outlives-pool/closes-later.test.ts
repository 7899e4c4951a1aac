import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// Third edition, rule 15: a dispose call in a function that runs after the scope started reading the
// pool's value, while the reading can still go on (a listener of the value's per-item events, of
// another emitter, a timer), is 'closedWhileReading', on the dispose call. Silent: a close in the
// value's own end events (or a pipe destination's 'finish'/'close'), a step chained on the promise
// of the reading's end (`finished(s).then(…)`), a callback that first destroys the value, a graceful
// close, the pool itself read (readline), a reading over before the callback is made.

const ruleTester = createRuleTester();

const closedWhileReading = (pool: string, callback: string, disposal: string, starter: string, iterator: string) => ({
  messageId: 'closedWhileReading' as const,
  data: { pool, callback, disposal, starter, iterator },
});

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // A local helper that closes, called on the stream's own end.
    `
import { MongoClient } from 'mongodb';

async function disconnect(c: MongoClient): Promise<void> {
  await c.close();
}

export function pump(uri: string, out: NodeJS.WritableStream) {
  const client = new MongoClient(uri);
  const rows = client.db('app').collection('events').find().stream();
  rows.pipe(out);
  rows.on('end', () => disconnect(client));
}
`,
    // Closed on the stream's own end: the correct pattern.
    `
export function dump(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.on('data', console.log);
  rows.on('end', () => conn.close());
}
`,
    // Closed when the pipe's destination has finished.
    `
export function dump(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }, out: NodeJS.WritableStream) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.pipe(out);
  out.on('finish', () => conn.close());
}
`,
    // The timer destroys the stream before it closes the connection.
    `
export function capped(conn: { queryStream(sql: string): NodeJS.ReadableStream & { destroy(): void }; close(): void }) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.on('data', console.log);
  setTimeout(() => {
    rows.destroy();
    conn.close();
  }, 1000);
}
`,
    // readline: closing the interface from its own 'line' listener is how reading stops early.
    `
import readline from 'node:readline';

export function untilQuit(input: NodeJS.ReadableStream) {
  const rl = readline.createInterface({ input });
  rl.on('line', (line) => {
    if (line === 'quit') rl.close();
  });
}
`,
    // The reading is over before the timer is set.
    `
import { finished } from 'node:stream/promises';

export async function dump(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }, out: NodeJS.WritableStream) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.pipe(out);
  await finished(out);
  setTimeout(() => conn.close(), 10);
}
`,
    // A graceful close waits for the reading: mysql's end() from a timer.
    `
import mysql from 'mysql2';

export function dump(write: (row: unknown) => void) {
  const conn = mysql.createConnection({ host: 'db' });
  conn.query('SELECT * FROM t').stream().on('data', write);
  setTimeout(() => conn.end(), 10);
}
`,
    // Closed in a step chained on the reading's end: the promise of \`finished\`, of \`once(…, 'end')\`, of the destination's \`finished\`.
    `
import { finished } from 'node:stream/promises';

export function dump(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.on('data', console.log);
  void finished(rows).then(() => conn.close());
}
`,
    `
import { once } from 'node:events';

export function dump(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.on('data', console.log);
  once(rows, 'end')
    .catch(() => undefined)
    .finally(() => conn.close());
}
`,
    `
import { finished } from 'node:stream/promises';

export function dump(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }, out: NodeJS.WritableStream) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.pipe(out);
  finished(out).then(() => conn.close(), console.error);
}
`,
    // Handed over by name to the stream's own end: the correct pattern, as when written there.
    `
export function dump(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.on('data', console.log);
  const dispose = () => conn.close();
  rows.on('end', dispose);
}
`,
    `
export function dump(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.on('data', console.log);
  function dispose() {
    conn.close();
  }
  rows.once('close', dispose);
}
`,
    // Handed over by name once the reading is over; a named callback that destroys the value first.
    `
import { finished } from 'node:stream/promises';

export async function dump(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }, out: NodeJS.WritableStream) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.pipe(out);
  await finished(out);
  const dispose = () => conn.close();
  setTimeout(dispose, 10);
}
`,
    `
export function capped(conn: { queryStream(sql: string): NodeJS.ReadableStream & { destroy(): void }; close(): void }) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.on('data', console.log);
  function stop() {
    rows.destroy();
    conn.close();
  }
  setTimeout(stop, 1000);
}
`,
    // Handed over twice (to the stream's end and to another emitter), bound with \`let\` or assigned again: where it runs from is not known.
    `
export function dump(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }, req: NodeJS.EventEmitter) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.on('data', console.log);
  const dispose = () => conn.close();
  req.on('close', dispose);
  rows.on('end', dispose);
}
`,
    `
export function dump(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }, req: NodeJS.EventEmitter) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.on('data', console.log);
  let dispose = () => conn.close();
  req.on('close', dispose);
}
`,
    `
export function dump(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }, req: NodeJS.EventEmitter, stop: () => void) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.on('data', console.log);
  function dispose() {
    conn.close();
  }
  req.on('close', dispose);
  // @ts-expect-error -- a function declaration assigned again
  dispose = stop;
}
`,
  ],
  invalid: [
    // A close handed over by name to a timer, or to another emitter's listener, runs from there (rule 15); the
    // message says where it is handed over.
    {
      code: `
import { MongoClient } from 'mongodb';

export function pump(uri: string, out: NodeJS.WritableStream) {
  const client = new MongoClient(uri);
  const rows = client.db('app').collection('events').find().stream();
  rows.pipe(out);
  const dispose = () => client.close();
  setTimeout(dispose, 1000);
}
`,
      errors: [
        {
          ...closedWhileReading("Client 'client'", 'a setTimeout callback handed over at line 9', 'line 8, client.close()', "'rows.pipe(…)'", "'rows' (from client.db(…).collection(…).find())"),
          line: 8,
          column: 25,
          endLine: 8,
          endColumn: 39,
        },
      ],
    },
    {
      code: `
export function dump(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }, req: NodeJS.EventEmitter) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.on('data', console.log);
  function dispose() {
    conn.close();
  }
  req.on('close', dispose);
}
`,
      errors: [
        {
          ...closedWhileReading("Pool 'conn'", "a 'close' listener handed over at line 8", 'line 6, conn.close()', "'rows.on(…)'", "'rows' (from conn.queryStream(…))"),
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 17,
        },
      ],
    },
    // Twin: the helper called from a timer while the pipe reads (rule 16 in a callback that runs later).
    {
      code: `
import { MongoClient } from 'mongodb';

async function disconnect(c: MongoClient): Promise<void> {
  await c.close();
}

export function pump(uri: string, out: NodeJS.WritableStream) {
  const client = new MongoClient(uri);
  const rows = client.db('app').collection('events').find().stream();
  rows.pipe(out);
  setTimeout(() => disconnect(client), 1000);
}
`,
      errors: [
        {
          ...closedWhileReading("Client 'client'", 'a setTimeout callback', 'line 12, disconnect(…)', "'rows.pipe(…)'", "'rows' (from client.db(…).collection(…).find())"),
          line: 12,
          column: 20,
          endLine: 12,
          endColumn: 38,
        },
      ],
    },
    // The same, with the helper declared after its caller: the timer's arrow is told a close once the whole file is seen.
    {
      code: `
import { MongoClient } from 'mongodb';

export function pump(uri: string, out: NodeJS.WritableStream) {
  const client = new MongoClient(uri);
  const rows = client.db('app').collection('events').find().stream();
  rows.pipe(out);
  setTimeout(() => disconnect(client), 1000);
}

async function disconnect(c: MongoClient): Promise<void> {
  await c.close();
}
`,
      errors: [
        {
          ...closedWhileReading("Client 'client'", 'a setTimeout callback', 'line 8, disconnect(…)', "'rows.pipe(…)'", "'rows' (from client.db(…).collection(…).find())"),
          line: 8,
          column: 20,
          endLine: 8,
          endColumn: 38,
        },
      ],
    },
    // A \`.then\` on a promise that is not the reading's end: the connection closes while the 'data' listener reads.
    {
      code: `
import { finished } from 'node:stream/promises';

export function dump(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }, ready: Promise<void>, other: NodeJS.ReadableStream) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.on('data', console.log);
  void ready.then(() => conn.close());
  void finished(other).then(() => conn.close());
}
`,
      errors: [
        {
          ...closedWhileReading("Pool 'conn'", 'a .then callback', 'line 7, conn.close()', "'rows.on(…)'", "'rows' (from conn.queryStream(…))"),
          line: 7,
          column: 25,
          endLine: 7,
          endColumn: 37,
        },
        // Another stream's end is not this one's.
        {
          ...closedWhileReading("Pool 'conn'", 'a .then callback', 'line 8, conn.close()', "'rows.on(…)'", "'rows' (from conn.queryStream(…))"),
          line: 8,
          column: 35,
          endLine: 8,
          endColumn: 47,
        },
      ],
    },
    // A pipe destination's 'error' does not end the reading: the source reads on into the released connection.
    {
      code: `
export function copy(pool: { getConnection(cb: (err: Error | null, c: Connection) => void): void }, sql: string, out: NodeJS.WritableStream) {
  pool.getConnection((err, connection) => {
    if (err) return;
    const rows = connection.query(sql).stream();
    rows.pipe(out);
    out.on('error', () => {
      connection.release();
    });
  });
}

interface Connection {
  query(sql: string): { stream(): NodeJS.ReadableStream };
  release(): void;
}
`,
      errors: [
        {
          ...closedWhileReading(
            "Pool 'connection'",
            "an 'error' listener",
            'line 8, connection.release()',
            "'rows.pipe(…)'",
            "'rows' (from connection.query(…).stream())",
          ),
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 27,
        },
      ],
    },
    // LevelDB: closed from the stream's own 'data' listener while it reads (a segfault).
    {
      code: `
import { Level } from 'level';

export function first(location: string) {
  const db = new Level(location);
  db.createReadStream().once('data', () => db.close());
}
`,
      errors: [
        {
          ...closedWhileReading(
            "Database 'db'",
            "a 'data' listener",
            'line 6, db.close()',
            "'db.createReadStream().once(…)'",
            "'db.createReadStream()'",
          ),
          line: 6,
          column: 44,
          endLine: 6,
          endColumn: 54,
        },
      ],
    },
    // oracledb: closed from another emitter's listener while the stream is piped (NJS-031).
    {
      code: `
export function handler(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }, req: NodeJS.EventEmitter, reply: NodeJS.WritableStream) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.pipe(reply);
  req.on('close', () => conn.close());
}
`,
      errors: [
        {
          ...closedWhileReading("Pool 'conn'", "a 'close' listener", 'line 5, conn.close()', "'rows.pipe(…)'", "'rows' (from conn.queryStream(…))"),
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 37,
        },
      ],
    },
    // A timer closes the connection while the 'data' listener reads.
    {
      code: `
export function capped(conn: { queryStream(sql: string): NodeJS.ReadableStream; close(): void }) {
  const rows = conn.queryStream('SELECT * FROM t');
  rows.on('data', console.log);
  setTimeout(() => {
    conn.close();
  }, 1000);
}
`,
      errors: [
        {
          ...closedWhileReading("Pool 'conn'", 'a setTimeout callback', 'line 6, conn.close()', "'rows.on(…)'", "'rows' (from conn.queryStream(…))"),
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 17,
        },
      ],
    },
  ],
});
