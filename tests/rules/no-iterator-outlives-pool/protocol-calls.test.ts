import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester, isTypedRun } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Protocol calls and descriptors (rule 4): an explicit `[Symbol.asyncIterator]()` or
// `[Symbol.iterator]()` call on a pool, on a value reached from it or on a lazy value; a
// file handle's `readableWebStream()` (and a reader over it); a stream opened on the pool's
// descriptor, `createReadStream(path, { fd: handle })` or `{ fd: handle.fd }`, the callee
// bare or a member. Each is a lazy value of the pool.

// An iterator over a Map reached from the pool, pulled after the close. Without types the name
// decides and it is reported (see the docs' "Limits"); with types the Map is plain data: silent.
const mapIterator = `
export function firstWorker(pool: { workers: Map<string, number>; close(): void }) {
  let it: Iterator<[string, number]>;
  try {
    it = pool.workers[Symbol.iterator]();
  } finally {
    pool.close();
  }
  return it.next();
}
`;

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool (protocol calls)', rule, {
  valid: [
    ...(isTypedRun ? [mapIterator] : []),
    // Valid: the directory's iterator is pulled before the directory is closed.
    `
import { opendir } from 'node:fs/promises';

export async function firstEntry(path: string) {
  const dir = await opendir(path);
  const entries = dir[Symbol.asyncIterator]();
  const first = await entries.next();
  await dir.close();
  return first.value;
}
`,
    // Valid: the web stream is read to the end inside the 'await using' block.
    `
import { open } from 'node:fs/promises';

export async function size(path: string) {
  await using fh = await open(path);
  let total = 0;
  for await (const chunk of fh.readableWebStream()) total += chunk.byteLength;
  return total;
}
`,
    // Valid: the stream on the handle's descriptor is piped, and the pipeline awaited, before the close.
    `
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

export async function send(path: string, res: NodeJS.WritableStream) {
  const handle = await open(path);
  try {
    await pipeline(createReadStream(path, { fd: handle, autoClose: false }), res);
  } finally {
    await handle.close();
  }
}
`,
    // Valid: a stream that does not read the handle's descriptor ('end', not 'fd').
    `
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';

export async function head(path: string) {
  const handle = await open(path);
  try {
    const { size } = await handle.stat();
    return createReadStream(path, { end: Math.min(size, 1024) });
  } finally {
    await handle.close();
  }
}
`,
    // Valid: the lazy value's own iterator is pulled in the scope.
    `
export async function first(tasks: Task[]) {
  await using pool = new WorkerPool(4);
  const it = pool.imap(work, tasks)[Symbol.asyncIterator]();
  return (await it.next()).value;
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    ...(isTypedRun
      ? []
      : [
          {
            code: mapIterator,
            errors: [
              {
                messageId: 'consumedAfterDisposal' as const,
                data: { iterator: "'it' (from pool.workers[Symbol.iterator]())", pool: "pool 'pool'", disposal: 'line 7, pool.close() in finally' },
                line: 9,
                column: 10,
                // A bare iterator, and 'it.next()' needs it: no suggestion.
                suggestions: [],
              },
            ],
          },
        ]),
    // The directory's iterator, pulled after the directory is closed.
    {
      code: `
import { opendir } from 'node:fs/promises';

export async function firstEntry(path: string) {
  const dir = await opendir(path);
  const entries = dir[Symbol.asyncIterator]();
  await dir.close();
  return (await entries.next()).value;
}
`,
      errors: [{
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'entries' (from dir[Symbol.asyncIterator]())", pool: "directory 'dir'", disposal: 'line 7, dir.close()' },
          line: 8,
          column: 17,
          // An iterator need not be iterable: no suggestion.
          suggestions: [],
        }],
    },
    // A file handle's web stream returned from its 'await using' block.
    {
      code: `
import { open } from 'node:fs/promises';

export async function body(path: string) {
  await using fh = await open(path);
  return fh.readableWebStream();
}
`,
      errors: [{
          messageId: 'escapesScope',
          data: {
            iterator: "'fh.readableWebStream()'",
            pool: "file handle 'fh'",
            escape: 'returned',
            disposal: "line 7, end of the 'await using' block",
          },
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'fh.readableWebStream()'" },
              materialize: 'fh.readableWebStream()',
            },
          ],
        }],
    },
    // A reader over it, returned: the reader reads the web stream later.
    {
      code: `
import { open } from 'node:fs/promises';

export async function reader(path: string) {
  await using fh = await open(path);
  const reader = fh.readableWebStream().getReader();
  return reader;
}
`,
      errors: [{
          messageId: 'escapesScope',
          data: {
            iterator: "'reader' (from fh.readableWebStream())",
            pool: "file handle 'fh'",
            escape: 'returned',
            disposal: "line 8, end of the 'await using' block",
          },
          line: 7,
          column: 10,
          suggestions: [],
        }],
    },
    // A stream on the handle itself ('fd: handle'), bare callee, returned from the 'try'.
    {
      code: `
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';

export async function stream(path: string) {
  const handle = await open(path);
  try {
    return createReadStream(path, { fd: handle });
  } finally {
    await handle.close();
  }
}
`,
      errors: [{
          messageId: 'escapesScope',
          data: {
            iterator: "'createReadStream(…)'",
            pool: "file handle 'handle'",
            escape: 'returned',
            disposal: 'line 10, handle.close() in finally',
          },
          line: 8,
          column: 12,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'createReadStream(…)'" },
              materialize: 'createReadStream(path, { fd: handle })',
            },
          ],
        }],
    },
    // A stream on the handle's number ('fd: handle.fd'), member callee, piped without waiting.
    {
      code: `
import { open } from 'node:fs/promises';
import * as fs from 'node:fs';

export async function send(path: string, res: NodeJS.WritableStream) {
  const handle = await open(path);
  try {
    fs.createReadStream(path, { fd: handle.fd }).pipe(res);
  } finally {
    await handle.close();
  }
}
`,
      errors: [{
          messageId: 'stillReading',
          data: {
            iterator: "'fs.createReadStream(…)'",
            pool: "file handle 'handle'",
            disposal: 'line 10, handle.close() in finally',
            remedy: "await finished(res) or 'await pipeline(…)'",
          },
          line: 8,
          column: 5,
        }],
    },
    // A lazy value's own iterator, returned: still the pool's.
    {
      code: `
export async function results(tasks: Task[]) {
  await using pool = new WorkerPool(4);
  return pool.imap(work, tasks)[Symbol.asyncIterator]();
}
`,
      errors: [{
          messageId: 'escapesScope',
          data: {
            iterator: "'pool.imap(…)[Symbol.asyncIterator]()'",
            pool: "pool 'pool'",
            escape: 'returned',
            disposal: "line 5, end of the 'await using' block",
          },
          line: 4,
          column: 10,
          // An iterator need not be iterable: no suggestion.
          suggestions: [],
        }],
    },
    // A synchronous iterator of a value reached from the pool, pulled after the 'using' block.
    {
      code: `
export function firstRow(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT id FROM t')[Symbol.iterator]();
  }
  return rows.next();
}
`,
      errors: [{
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'rows' (from db.prepare(…)[Symbol.iterator]())", pool: "pool 'db'", disposal: "line 7, end of the 'using' block" },
          line: 8,
          column: 10,
          // An iterator need not be iterable: no suggestion.
          suggestions: [],
        }],
    },
  ]),
});
