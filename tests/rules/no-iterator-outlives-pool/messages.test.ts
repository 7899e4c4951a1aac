import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// What the messages say: code excerpts as the source writes them (parentheses, spaces,
// chains over several lines joined, argument lists cut to '…', long text cut with '…'),
// and the pool named as what it is where its initialiser tells: a directory from
// 'opendir', a file handle from 'fs/promises' 'open', a file from 'Deno.open' or 'Deno.create'
// (and their Sync forms); anything else is a pool. (A cursor
// or a stream closed by itself is no pool: see closed-iterators.test.ts.)

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool (messages)', rule, {
  valid: [
    // The directory is read inside the try whose finally closes it: nothing to say.
    `
import { opendir } from 'node:fs/promises';

export async function names(path: string) {
  const dir = await opendir(path);
  try {
    for await (const entry of dir) console.log(entry.name);
  } finally {
    await dir.close();
  }
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // '(client as any).close()' keeps its parentheses and spaces; '(await client.connect())' keeps its parentheses.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function activeUsers(uri: string) {
  const client = new MongoClient(uri);
  let cursor;
  try {
    cursor = (await client.connect()).db('app').collection('users').find({ active: true });
  } finally {
    await (client as any).close();
  }
  return cursor;
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'cursor' (from (await client.connect()).db(…).collection(…).find(…))",
            pool: "client 'client'",
            disposal: 'line 10, (client as any).close() in finally',
            escape: 'returned',
          },
          line: 12,
          column: 10,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'(await client.connect()).db(…).collection(…).find(…)'" },
              materialize: "(await client.connect()).db('app').collection('users').find({ active: true })",
            },
          ],
        },
      ],
    },
    // A chain written over several lines reads as one line; the handle from 'fs/promises' is a file handle.
    {
      code: `
import * as fsp from 'node:fs/promises';

export async function lines(path: string) {
  let out;
  {
    await using handle = await fsp.open(path);
    out = handle
      .readLines({ encoding: 'utf8' });
  }
  return out;
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'out' (from handle.readLines(…))",
            pool: "file handle 'handle'",
            disposal: "line 10, end of the 'await using' block",
            escape: 'returned',
          },
          line: 11,
          column: 10,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'handle.readLines(…)'" },
              replace: ["handle\n      .readLines({ encoding: 'utf8' })", "await Array.fromAsync(handle\n      .readLines({ encoding: 'utf8' }))"],
            },
          ],
        },
      ],
    },
    // 'fs.promises.open' is the same file handle.
    {
      code: `
import fs from 'node:fs';

export async function firstLines(path: string) {
  let out;
  {
    await using fh = await fs.promises.open(path);
    out = fh.readLines();
  }
  for await (const line of out) console.log(line);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'out' (from fh.readLines())",
            pool: "file handle 'fh'",
            disposal: "line 9, end of the 'await using' block",
          },
          line: 10,
          column: 28,
          suggestions: [{ messageId: 'materializeAsync', data: { expression: "'fh.readLines()'" }, materialize: 'fh.readLines()' }],
        },
      ],
    },
    // 'open' from another module makes no file handle: a SQLite database stays a pool.
    {
      code: `
import { open } from 'sqlite';

export async function rows(file: string) {
  let out;
  {
    await using db = await open({ filename: file });
    out = db.iterate('SELECT 1');
  }
  for await (const r of out) console.log(r);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'out' (from db.iterate(…))",
            pool: "database 'db'",
            disposal: "line 9, end of the 'await using' block",
          },
          line: 10,
          column: 25,
          suggestions: [{ messageId: 'materializeAsync', data: { expression: "'db.iterate(…)'" }, materialize: "db.iterate('SELECT 1')" }],
        },
      ],
    },
    // A directory from 'opendir', read after its own close.
    {
      code: `
import { opendir } from 'node:fs/promises';

export async function names(path: string) {
  const dir = await opendir(path);
  try {
    console.log(path);
  } finally {
    await dir.close();
  }
  for await (const entry of dir) console.log(entry.name);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'dir'", pool: "directory 'dir'", disposal: 'line 9, dir.close() in finally' },
          line: 11,
          column: 29,
          suggestions: [],
        },
      ],
    },
    // An argument list over several lines, with a trailing comma, is cut from its '(' to its ')'.
    {
      code: `
import QueryStream from 'pg-query-stream';

export async function events(pool: Pool) {
  const client = await pool.connect();
  try {
    return client.query(
      new QueryStream('SELECT * FROM events'),
    );
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.query(…)'",
            pool: "pool 'client'",
            disposal: 'line 11, client.release() in finally',
            escape: 'returned',
          },
          line: 7,
          column: 12,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.query(…)'" },
              materialize: "client.query(\n      new QueryStream('SELECT * FROM events'),\n    )",
            },
          ],
        },
      ],
    },
    // A long excerpt is cut with '…'.
    {
      code: `
export async function results(tasks: Task[]) {
  let out;
  {
    await using pool = new WorkerPool(4);
    out = pool.workersOfTheEasternRegion.primaryShard.replicaSetMembers.imap(work, tasks);
  }
  for await (const r of out) log(r);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'out' (from pool….primaryShard.replicaSetMembers.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 7, end of the 'await using' block",
          },
          line: 8,
          column: 25,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool….primaryShard.replicaSetMembers.imap(…)'" },
              materialize: 'pool.workersOfTheEasternRegion.primaryShard.replicaSetMembers.imap(work, tasks)',
            },
          ],
        },
      ],
    },
    // A file from Deno.openSync is named a file.
    {
      code: `
export async function head(path: string) {
  const file = Deno.openSync(path);
  const body = file.readable;
  file.close();
  for await (const chunk of body) console.log(chunk);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'body' (from file.readable)", pool: "file 'file'", disposal: 'line 5, file.close()' },
          line: 6,
          column: 29,
          suggestions: [{ messageId: 'materializeAsync', data: { expression: "'file.readable'" }, materialize: 'file.readable' }],
        },
      ],
    },
    // A file handle from 'open' of 'node:fs/promises' imported under another name.
    {
      code: `
import { open as openFile } from 'node:fs/promises';

export async function lines(path: string) {
  const fh = await openFile(path);
  const rl = fh.readLines();
  await fh.close();
  for await (const line of rl) console.log(line);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'rl' (from fh.readLines())", pool: "file handle 'fh'", disposal: 'line 7, fh.close()' },
          line: 8,
          column: 28,
          suggestions: [{ messageId: 'materializeAsync', data: { expression: "'fh.readLines()'" }, materialize: 'fh.readLines()' }],
        },
      ],
    },
  ]),
});
