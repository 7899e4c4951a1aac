import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Started consumptions: `pipe`, `pipeTo`, 'data' / 'readable' / 'line' / 'change' listeners,
// `resume()`, `cursor.each(cb)` and the callback forms of `toArray` / `forEach` / `read(n, cb)`
// start pulling and return at once. In the scope, such a call is over only when the scope
// awaits the stream's end (or, for `pipe(dest)`, the destination's) or closes the stream
// before the disposal point; otherwise it is reported 'stillReading' on the call.

const ruleTester = createRuleTester();

/**
 * A pg query stream piped to `out` in a `try` whose `finally` releases the client, with `body` after the
 * stream's declaration: reported 'stillReading' on the pipe at `pipeLine`, the release at `releaseLine`.
 */
function pipedThenCase(body: string, pipeLine: number, releaseLine: number) {
  return {
    code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { once } from 'node:events';
import { endOf } from './streams.js';

export async function copyEvents(client: PoolClient, out: NodeJS.WritableStream) {
  try {
    const stream = client.query(new QueryStream('SELECT * FROM events'));
${body}
  } finally {
    client.release();
  }
}
`,
    errors: [
      {
        messageId: 'stillReading' as const,
        data: {
          iterator: "'stream' (from client.query(…))",
          pool: "client 'client'",
          disposal: `line ${String(releaseLine)}, client.release() in finally`,
          remedy: "await finished(out) or 'await pipeline(…)'",
        },
        line: pipeLine,
        column: 5,
        endLine: pipeLine,
        endColumn: 21,
      },
    ],
  };
}

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // A pg Pool's end() is graceful: it waits for the checked-out client that reads the stream.
    `
import pg from 'pg';
import QueryStream from 'pg-query-stream';

export async function dump(out: NodeJS.WritableStream) {
  const pool = new pg.Pool();
  pool.query(new QueryStream('SELECT * FROM t')).pipe(out);
  await pool.end();
}
`,
    // Valid: 'on' hands the stream back; the binding holding it is awaited to its end before the close.
    `
import { once } from 'node:events';
import { MongoClient } from 'mongodb';

export async function names(uri: string, bag: unknown[]) {
  const client = new MongoClient(uri);
  const stream = client.db('app').collection('users').find().stream().on('data', (doc) => bag.push(doc));
  await once(stream, 'end');
  await client.close();
}
`,
    // Valid: the destination's end is awaited before 'finally' releases the client.
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { finished } from 'node:stream/promises';

export async function streamEvents(client: PoolClient, res: NodeJS.WritableStream) {
  try {
    client.query(new QueryStream('SELECT * FROM events')).pipe(res);
    await finished(res);
  } finally {
    client.release();
  }
}
`,
    // Valid: the promise of the destination's end, made first, is awaited in the scope.
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { finished } from 'node:stream/promises';

export async function streamEvents(client: PoolClient, res: NodeJS.WritableStream) {
  try {
    const done = finished(res);
    client.query(new QueryStream('SELECT * FROM events')).pipe(res);
    await done;
  } finally {
    client.release();
  }
}
`,
    // Valid: 'once(stream, "end")' is awaited after the 'data' listener starts.
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { once } from 'node:events';

export async function countRows(client: PoolClient) {
  let n = 0;
  try {
    const stream = client.query(new QueryStream('SELECT * FROM t'));
    stream.on('data', () => n++);
    await once(stream, 'end');
  } finally {
    client.release();
  }
  return n;
}
`,
    // Valid: a promise whose executor settles on 'close' (and rejects on 'error') is awaited.
    `
import { open } from 'node:fs/promises';

export async function size(path: string) {
  let bytes = 0;
  await using fh = await open(path);
  const stream = fh.createReadStream();
  await new Promise((resolve, reject) => {
    stream.on('data', (chunk) => (bytes += chunk.length));
    stream.on('error', reject);
    stream.on('close', resolve);
  });
  return bytes;
}
`,
    // Valid: the listener is started first; a later awaited promise settles on the stream's 'close' (a block-bodied executor).
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

export async function collect(client: PoolClient, rows: unknown[]) {
  try {
    const stream = client.query(new QueryStream('SELECT * FROM events'));
    stream.on('data', (row) => rows.push(row));
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('close', () => {
        resolve();
      });
    });
  } finally {
    client.release();
  }
}
`,
    // Valid: readline's interface closes when its input ends; the promise on its 'close' is awaited.
    `
import { open } from 'node:fs/promises';
import * as readline from 'node:readline';

export async function countLines(path: string) {
  let n = 0;
  await using fh = await open(path);
  const lines = readline.createInterface({ input: fh.createReadStream() });
  lines.on('line', () => (n += 1));
  await new Promise((resolve) => lines.on('close', resolve));
  return n;
}
`,
    // Valid: readline's 'line' listener, and the interface's 'close' awaited.
    `
import { open } from 'node:fs/promises';
import { once } from 'node:events';

export async function countLines(path: string) {
  let n = 0;
  await using fh = await open(path);
  const lines = fh.readLines();
  lines.on('line', () => n++);
  await once(lines, 'close');
  return n;
}
`,
    // Valid: the release moved into the stream's own end; no disposal point in the scope.
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

export function streamEvents(client: PoolClient, res: NodeJS.WritableStream) {
  try {
    const stream = client.query(new QueryStream('SELECT * FROM events'));
    stream.on('end', () => client.release());
    stream.pipe(res);
  } catch (err) {
    client.release();
    throw err;
  }
}
`,
    // Valid: the stream is destroyed in the scope after its first chunk is taken.
    `
import { open } from 'node:fs/promises';

export async function head(path: string, onChunk: (chunk: Buffer) => void) {
  await using fh = await open(path);
  const stream = fh.createReadStream();
  stream.on('data', onChunk);
  await delay(10);
  stream.destroy();
}
`,
    // Valid: 'pipeTo' awaited in place.
    `
export async function copy(path: string, out: WritableStream<Uint8Array>) {
  using file = await Deno.open(path);
  await file.readable.pipeTo(out);
}
`,
    // Valid: the 'pipeTo' promise, kept, is returned by a callback given to an awaited call
    // (Deno's own tests: 'await assertRejects(() => piped)'); the awaited call waits for it.
    `
export async function copyAborted(conn: Deno.Conn, out: WritableStream<Uint8Array>, signal: AbortSignal) {
  const piped = conn.readable.pipeTo(out, { signal });
  await assertRejects(() => piped, DOMException);
  conn.close();
}
`,
    `
export async function copyRetried(conn: Deno.Conn, out: WritableStream<Uint8Array>) {
  const piped = conn.readable.pipeTo(out);
  await retry(function () {
    return piped;
  });
  conn.close();
}
`,
    // Valid: the callback form inside an awaited promise executor.
    `
import { MongoClient } from 'mongodb';

export async function all(uri: string) {
  const client = new MongoClient(uri);
  try {
    const cursor = client.db('app').collection('users').find();
    return await new Promise((resolve, reject) => {
      cursor.toArray((err, docs) => (err ? reject(err) : resolve(docs)));
    });
  } finally {
    await client.close();
  }
}
`,
    // Valid: a listener of another event reads nothing.
    `
import { open } from 'node:fs/promises';

export async function watchErrors(path: string) {
  await using fh = await open(path);
  const stream = fh.createReadStream();
  stream.on('error', (err) => console.error(err));
  for await (const chunk of stream) console.log(chunk);
}
`,
    // Valid: a lazy value used as a pipe's destination, its end awaited.
    {
      code: `
import { open } from 'node:fs/promises';
import { finished } from 'node:stream/promises';

export async function save(path: string, body: NodeJS.ReadableStream) {
  await using fh = await open(path, 'w');
  const out = fh.createWriteStream();
  body.pipe(out);
  await finished(out);
}
`,
      options: [{ lazyMethods: ['createWriteStream'] }],
    },
    // Valid: a helper of the file given the piped stream, awaited after the pipe starts, waits for its end.
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

function streamToPromise(stream: NodeJS.ReadableStream) {
  return new Promise((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
}

export async function copyEvents(client: PoolClient, out: NodeJS.WritableStream) {
  try {
    const stream = client.query(new QueryStream('SELECT * FROM events'));
    stream.pipe(out);
    await streamToPromise(stream);
  } finally {
    client.release();
  }
}
`,
    // Valid: a helper of another module given the destination, awaited after the pipe starts.
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { endOf } from './streams.js';

export async function copyEvents(client: PoolClient, res: NodeJS.WritableStream) {
  try {
    client.query(new QueryStream('SELECT * FROM events')).pipe(res);
    await endOf(res);
  } finally {
    client.release();
  }
}
`,
    // Valid: the helper's promise is made before the 'data' listener starts and awaited after it.
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { endOf } from './streams.js';

export async function collect(client: PoolClient, rows: unknown[]) {
  try {
    const stream = client.query(new QueryStream('SELECT * FROM events'));
    const done = endOf(stream);
    stream.on('data', (row) => rows.push(row));
    await done;
  } finally {
    client.release();
  }
}
`,
    // Valid: the callback form of 'pipeline' inside an awaited 'new Promise' that settles on its callback.
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { pipeline } from 'node:stream';

export async function streamEvents(client: PoolClient, res: NodeJS.WritableStream) {
  try {
    await new Promise<void>((resolve, reject) => {
      pipeline(client.query(new QueryStream('SELECT * FROM events')), res, (error) => (error ? reject(error) : resolve()));
    });
  } finally {
    client.release();
  }
}
`,
    // Valid: the callback form of 'pipeline' releases the client in its callback: no disposal point in the scope.
    `
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';
import { pipeline } from 'node:stream';

export async function streamEvents(pool: Pool, res: NodeJS.WritableStream) {
  const client = await pool.connect();
  pipeline(client.query(new QueryStream('SELECT * FROM events')), res, () => client.release());
}
`,
    // Valid: the callback form of 'pipeline', then its destination's end awaited before the release.
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { pipeline } from 'node:stream';
import { finished } from 'node:stream/promises';

export async function streamEvents(client: PoolClient, res: NodeJS.WritableStream) {
  try {
    pipeline(client.query(new QueryStream('SELECT * FROM events')), res, () => {});
    await finished(res);
  } finally {
    client.release();
  }
}
`,
    // Valid: a 'pipeline' of another module with no callback: a consumption at the call, as any function given the stream.
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { pipeline } from './streams.js';

export async function streamEvents(client: PoolClient, res: NodeJS.WritableStream) {
  try {
    pipeline(client.query(new QueryStream('SELECT * FROM events')), res);
  } finally {
    client.release();
  }
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([

    // The same stream whose end is never awaited: the close comes while it still reads.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function names(uri: string, bag: unknown[]) {
  const client = new MongoClient(uri);
  const stream = client.db('app').collection('users').find().stream().on('data', (doc) => bag.push(doc));
  stream.on('error', () => bag.push('error'));
  await client.close();
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'client.db(…).collection(…).find().stream()'",
            pool: "client 'client'",
            disposal: 'line 8, client.close()',
            remedy: 'await finished(client.db(…).collection(…).find().stream())',
          },
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 105,
        },
      ],
    },
    // The promise on the stream's 'close' is made but not awaited before the release.
    {
      code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

export async function collect(client: PoolClient, rows: unknown[]) {
  let closed: Promise<unknown>;
  try {
    const stream = client.query(new QueryStream('SELECT * FROM events'));
    stream.on('data', (row) => rows.push(row));
    closed = new Promise((resolve) => stream.on('close', resolve));
  } finally {
    client.release();
  }
  return closed;
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'stream' (from client.query(…))",
            pool: "client 'client'",
            disposal: 'line 12, client.release() in finally',
            remedy: 'await finished(stream)',
          },
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 47,
        },
      ],
    },
    // A lazy value used as a pipe's destination is written until the pipe finishes.
    {
      code: `
import { open } from 'node:fs/promises';

export async function save(path: string, body: NodeJS.ReadableStream) {
  await using fh = await open(path, 'w');
  body.pipe(fh.createWriteStream());
}
`,
      options: [{ lazyMethods: ['createWriteStream'] }],
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'fh.createWriteStream()'",
            pool: "file handle 'fh'",
            disposal: "line 7, end of the 'await using' block",
            remedy: 'await finished(fh.createWriteStream())',
          },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 36,
        },
      ],
    },
    // node-postgres: the pipe returns at once; 'finally' releases the client while the query streams.
    {
      code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

export function streamEvents(client: PoolClient, res: NodeJS.WritableStream) {
  try {
    client.query(new QueryStream('SELECT * FROM events')).pipe(res);
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'client.query(…)'",
            pool: "client 'client'",
            disposal: 'line 9, client.release() in finally',
            remedy: "await finished(res) or 'await pipeline(…)'",
          },
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 68,
        },
      ],
    },
    // A 'data' listener goes on after the 'finally'.
    {
      code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

export function copyRows(client: PoolClient, out: NodeJS.WritableStream) {
  try {
    const stream = client.query(new QueryStream('SELECT * FROM t'));
    stream.on('data', (row) => out.write(JSON.stringify(row)));
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'stream' (from client.query(…))",
            pool: "client 'client'",
            disposal: 'line 10, client.release() in finally',
            remedy: 'await finished(stream)',
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 63,
        },
      ],
    },
    // A file handle's stream piped: the handle closes at the end of the block.
    {
      code: `
import { open } from 'node:fs/promises';

export async function copy(path: string, out: NodeJS.WritableStream) {
  await using fh = await open(path);
  fh.createReadStream().pipe(out);
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'fh.createReadStream()'",
            pool: "file handle 'fh'",
            disposal: "line 7, end of the 'await using' block",
            remedy: "await finished(out) or 'await pipeline(…)'",
          },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 34,
        },
      ],
    },
    // 'readLines()' with a 'line' listener hangs once the handle is closed.
    {
      code: `
import { open } from 'node:fs/promises';

export async function printLines(path: string) {
  await using fh = await open(path);
  fh.readLines().on('line', (line) => console.log(line));
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'fh.readLines()'",
            pool: "file handle 'fh'",
            disposal: "line 7, end of the 'await using' block",
            remedy: "await once(fh.readLines(), 'close')",
          },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 57,
        },
      ],
    },
    // 'resume()' starts the flow; nothing waits for its end.
    {
      code: `
import { open } from 'node:fs/promises';

export async function drain(path: string) {
  await using fh = await open(path);
  const stream = fh.createReadStream();
  stream.resume();
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'stream' (from fh.createReadStream())",
            pool: "file handle 'fh'",
            disposal: "line 8, end of the 'await using' block",
            remedy: 'await finished(stream)',
          },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 18,
        },
      ],
    },
    // 'pipeTo' not awaited: Deno closes the file at the end of the block.
    {
      code: `
export async function copy(path: string, out: WritableStream<Uint8Array>) {
  using file = await Deno.open(path);
  file.readable.pipeTo(out);
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'file.readable'",
            pool: "file 'file'",
            disposal: "line 5, end of the 'using' block",
            remedy: "await 'file.readable.pipeTo(…)'",
          },
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 28,
        },
      ],
    },
    // The callback that returns the 'pipeTo' promise goes to a call nobody awaits.
    {
      code: `
export async function copyAborted(conn: Deno.Conn, out: WritableStream<Uint8Array>, signal: AbortSignal) {
  const piped = conn.readable.pipeTo(out, { signal });
  void assertRejects(() => piped, DOMException);
  conn.close();
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'conn.readable'",
            pool: "pool 'conn'",
            disposal: 'line 5, conn.close()',
            remedy: "await 'conn.readable.pipeTo(…)'",
          },
          line: 3,
          column: 17,
          endLine: 3,
          endColumn: 54,
        },
      ],
    },
    // MongoDB's callback form of 'toArray' returns at once; the client closes first.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function all(uri: string, done: (docs: unknown[]) => void) {
  const client = new MongoClient(uri);
  try {
    client.db('app').collection('users').find().toArray((err, docs) => done(docs));
  } finally {
    await client.close();
  }
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            disposal: 'line 9, client.close() in finally',
            remedy: "await the callback's last call through a 'new Promise'",
          },
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 83,
        },
      ],
    },
    // An explicit close right after the pipe: a pg client's end() destroys the socket under the query.
    {
      code: `
import pg from 'pg';
import QueryStream from 'pg-query-stream';

export async function dump(out: NodeJS.WritableStream) {
  const client = new pg.Client();
  client.query(new QueryStream('SELECT * FROM t')).pipe(out);
  await client.end();
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'client.query(…)'",
            pool: "client 'client'",
            disposal: 'line 8, client.end()',
            remedy: "await finished(out) or 'await pipeline(…)'",
          },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 61,
        },
      ],
    },
    // A helper given the piped stream but not awaited waits for nothing.
    pipedThenCase('    stream.pipe(out);\n    endOf(stream);', 10, 13),
    // A helper awaited before the pipe starts cannot wait for the reading's end.
    pipedThenCase('    await endOf(stream);\n    stream.pipe(out);', 11, 13),
    // A helper's promise made before the pipe and awaited before it too.
    pipedThenCase('    const ready = endOf(stream);\n    await ready;\n    stream.pipe(out);', 12, 14),
    // once(stream, 'data') waits for one chunk, not for the end.
    pipedThenCase("    stream.pipe(out);\n    await once(stream, 'data');", 10, 13),
    // The callback form of 'pipeline' returns at once: the release comes while it still reads.
    {
      code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { pipeline } from 'node:stream';

export function streamEvents(client: PoolClient, res: NodeJS.WritableStream) {
  try {
    pipeline(client.query(new QueryStream('SELECT * FROM events')), res, (error) => {
      if (error) console.error(error);
    });
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'client.query(…)'",
            pool: "client 'client'",
            disposal: 'line 12, client.release() in finally',
            remedy: "use 'await pipeline(…)' of 'node:stream/promises'",
          },
          line: 8,
          column: 5,
          endLine: 10,
          endColumn: 7,
        },
      ],
    },
    // The callback form as 'stream.pipeline', the lazy value its destination and the callback a function of the file.
    {
      code: `
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createReadStream } from 'node:fs';
import stream from 'node:stream';

function done(error?: Error | null) {
  if (error) console.error(error);
}

export function load(client: PoolClient, path: string) {
  try {
    stream.pipeline(createReadStream(path), client.query(copyFrom('COPY events FROM STDIN')), done);
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'client.query(…)'",
            pool: "client 'client'",
            disposal: 'line 15, client.release() in finally',
            remedy: "use 'await pipeline(…)' of 'node:stream/promises'",
          },
          line: 13,
          column: 5,
          endLine: 13,
          endColumn: 100,
        },
      ],
    },
    // The callback form of 'pipeline' imported under another name.
    {
      code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { pipeline as streamInto } from 'node:stream';

export function streamEvents(client: PoolClient, res: NodeJS.WritableStream) {
  try {
    const stream = client.query(new QueryStream('SELECT * FROM events'));
    streamInto(stream, res, (error) => console.error(error));
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'stream' (from client.query(…))",
            pool: "client 'client'",
            disposal: 'line 11, client.release() in finally',
            remedy: "use 'await pipeline(…)' of 'node:stream/promises'",
          },
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 61,
        },
      ],
    },
  ]),
});
