import { Linter, type Rule } from 'eslint';
import { describe, expect, it } from 'vitest';

import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester, isTypedRun } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Options: 'lazyMethods', 'disposeMethods', 'lazyFunctions' extend the defaults;
// 'ignoreDefaults: true' uses only the lists given. Bad options are schema errors.

const findWithoutDefaults = {
  code: `
import { MongoClient } from 'mongodb';

export async function users(uri: string) {
  await using client = new MongoClient(uri);
  return client.db('app').collection('users').find();
}
`,
  options: [{ ignoreDefaults: true, lazyMethods: ['tail'] }] as [{ ignoreDefaults: boolean; lazyMethods: string[] }],
};

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // ignoreDefaults: the default 'imap' is no longer a lazy method.
    {
      code: `
export async function results(tasks: Task[]) {
  let out;
  {
    await using pool = new WorkerPool(8);
    out = pool.imap(work, tasks);
  }
  for await (const r of out) log(r);
}
`,
      options: [{ ignoreDefaults: true, lazyMethods: ['tail'] }],
    },
    // ignoreDefaults: the cursor-or-query default 'find' is gone too. (With type information the
    // real driver's FindCursor type makes the call lazy whatever the names: types beat names.)
    ...(isTypedRun ? [] : [findWithoutDefaults]),
    // ignoreDefaults: 'close' is no longer a dispose method, so the client is not a pool.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function users(uri: string) {
  const client = new MongoClient(uri);
  let cursor;
  try {
    cursor = client.db('app').collection('users').tail();
  } finally {
    await client.close();
  }
  for await (const u of cursor) console.log(u);
}
`,
      options: [{ ignoreDefaults: true, lazyMethods: ['tail'], disposeMethods: ['stop'] }],
    },
    // ignoreDefaults: 'pMapIterable' is no longer a lazy function.
    {
      code: `
import { pMapIterable } from 'p-map';

export async function hashAll(files: string[]) {
  let hashes;
  {
    await using pool = new Piscina({ filename: './hash.js' });
    hashes = pMapIterable(files, (f) => pool.run(f));
  }
  for await (const h of hashes) console.log(h);
}
`,
      options: [{ ignoreDefaults: true, lazyFunctions: ['mapIterable'] }],
    },
    // A custom lazy method consumed in scope is fine.
    {
      code: `
export async function follow(path: string) {
  await using log = await openLog(path);
  for await (const line of log.tail(100)) console.log(line);
}
`,
      options: [{ lazyMethods: ['tail'] }],
    },
    // A custom dispose method under 'if' in finally, on a flag the try sets, makes no disposal point.
    {
      code: `
export async function results(tasks: Task[]) {
  const pool = new WorkerPool(4);
  let out;
  let keep = false;
  try {
    out = pool.imap(work, tasks);
    keep = true;
  } finally {
    if (!keep) await pool.stop();
  }
  return out;
}
`,
      options: [{ disposeMethods: ['stop'] }],
    },
    // Schema accepts scopedFactories in both forms (their behaviour belongs to a later issue).
    {
      code: `
export async function results(tasks: Task[]) {
  await using pool = new WorkerPool(4);
  return await Array.fromAsync(pool.imap(work, tasks));
}
`,
      options: [{ scopedFactories: ['withPool', { object: 'genericPool', method: 'use' }] }],
    },
    // The default lazy property 'readable', read inside the scope.
    `
export async function copy(path: string, out: WritableStream<Uint8Array>) {
  using file = await Deno.open(path);
  for await (const chunk of file.readable) await out.getWriter().write(chunk);
}
`,
    // ignoreDefaults: 'readable' is no longer a lazy property.
    {
      code: `
export async function body(path: string) {
  using file = await Deno.open(path);
  return file.readable;
}
`,
      options: [{ ignoreDefaults: true, lazyProperties: ['stdout'] }],
    },
    // A lazy property given as an option, read inside the scope.
    {
      code: `
export async function lines(command: Command) {
  await using child = command.spawn();
  for await (const chunk of child.stdout) console.log(chunk);
}
`,
      options: [{ lazyProperties: ['stdout'] }],
    },
    // Empty option object: defaults only.
    {
      code: `
import Database from 'better-sqlite3';

export function count(file: string) {
  using db = new Database(file);
  let n = 0;
  for (const _ of db.prepare('SELECT 1 FROM t').iterate()) n++;
  return n;
}
`,
      options: [{}],
    },
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // lazyMethods adds a name: 'tail' is now lazy.
    {
      code: `
export async function follow(path: string) {
  let lines;
  {
    await using log = await openLog(path);
    lines = log.tail(100);
  }
  for await (const line of lines) console.log(line);
}
`,
      options: [{ lazyMethods: ['tail'] }],
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'lines' (from log.tail(…))",
            pool: "pool 'log'",
            disposal: "line 7, end of the 'await using' block",
          },
          line: 8,
          column: 28,
          endLine: 8,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'log.tail(…)'" },
              materialize: 'log.tail(100)',
            },
          ],
        },
      ],
    },
    // lazyMethods extends the defaults: 'imap' is still lazy.
    {
      code: `
export async function results(tasks: Task[]) {
  let out;
  {
    await using pool = new WorkerPool(8);
    out = pool.imap(work, tasks);
  }
  for await (const r of out) log(r);
}
`,
      options: [{ lazyMethods: ['tail'] }],
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'out' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 7, end of the 'await using' block",
          },
          line: 8,
          column: 25,
          endLine: 8,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imap(…)'" },
              materialize: 'pool.imap(work, tasks)',
            },
          ],
        },
      ],
    },
    // The default lazy property: Deno's 'file.readable' is a stream that reads the file while it is open.
    {
      code: `
export async function chunks(path: string) {
  let body;
  {
    using file = await Deno.open(path);
    body = file.readable;
  }
  for await (const chunk of body) console.log(chunk);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'body' (from file.readable)",
            pool: "file 'file'",
            disposal: "line 7, end of the 'using' block",
          },
          line: 8,
          column: 29,
          endLine: 8,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'file.readable'" },
              materialize: 'file.readable',
            },
          ],
        },
      ],
    },
    // lazyProperties adds a name: 'stdout' is now lazy.
    {
      code: `
export async function output(command: Command) {
  await using child = command.spawn();
  return child.stdout;
}
`,
      options: [{ lazyProperties: ['stdout'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'child.stdout'",
            pool: "pool 'child'",
            escape: 'returned',
            disposal: "line 5, end of the 'await using' block",
          },
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'child.stdout'" },
              materialize: 'child.stdout',
            },
          ],
        },
      ],
    },
    // lazyProperties extends the defaults: 'readable' is still lazy.
    {
      code: `
export async function body(path: string) {
  using file = await Deno.open(path);
  return file.readable;
}
`,
      options: [{ lazyProperties: ['stdout'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'file.readable'",
            pool: "file 'file'",
            escape: 'returned',
            disposal: "line 5, end of the 'using' block",
          },
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 23,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'file.readable'" },
              materialize: 'file.readable',
            },
          ],
        },
      ],
    },
    // disposeMethods adds a name: 'stop' in finally makes a pool.
    {
      code: `
export async function results(tasks: Task[]) {
  const pool = new WorkerPool(4);
  let out;
  try {
    out = pool.imap(work, tasks);
  } finally {
    await pool.stop();
  }
  for await (const r of out) log(r);
}
`,
      options: [{ disposeMethods: ['stop'] }],
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'out' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: 'line 8, pool.stop() in finally',
          },
          line: 10,
          column: 25,
          endLine: 10,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imap(…)'" },
              materialize: 'pool.imap(work, tasks)',
            },
          ],
        },
      ],
    },
    // disposeMethods extends the defaults: 'close' still disposes.
    {
      code: `
export async function results(tasks: Task[]) {
  const pool = new WorkerPool(4);
  let out;
  try {
    out = pool.imap(work, tasks);
  } finally {
    await pool.close();
  }
  return out;
}
`,
      options: [{ disposeMethods: ['stop'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'out' (from pool.imap(…))",
            pool: "pool 'pool'",
            escape: 'returned',
            disposal: 'line 8, pool.close() in finally',
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 13,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imap(…)'" },
              materialize: 'pool.imap(work, tasks)',
            },
          ],
        },
      ],
    },
    // lazyFunctions adds a name.
    {
      code: `
import { mapIterable } from './concurrency.js';

export async function hashAll(files: string[]) {
  let hashes;
  {
    await using pool = new Piscina({ filename: './hash.js' });
    hashes = mapIterable(files, (f) => pool.run(f));
  }
  for await (const h of hashes) console.log(h);
}
`,
      options: [{ lazyFunctions: ['mapIterable'] }],
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'hashes' (from mapIterable(…))",
            pool: "pool 'pool'",
            disposal: "line 9, end of the 'await using' block",
          },
          line: 10,
          column: 25,
          endLine: 10,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'mapIterable(…)'" },
              materialize: 'mapIterable(files, (f) => pool.run(f))',
            },
          ],
        },
      ],
    },
    // lazyFunctions extends the defaults: pMapIterable is still lazy.
    {
      code: `
import { pMapIterable } from 'p-map';

export async function hashAll(files: string[]) {
  let hashes;
  {
    await using pool = new Piscina({ filename: './hash.js' });
    hashes = pMapIterable(files, (f) => pool.run(f));
  }
  for await (const h of hashes) console.log(h);
}
`,
      options: [{ lazyFunctions: ['mapIterable'] }],
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'hashes' (from pMapIterable(…))",
            pool: "pool 'pool'",
            disposal: "line 9, end of the 'await using' block",
          },
          line: 10,
          column: 25,
          endLine: 10,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pMapIterable(…)'" },
              materialize: 'pMapIterable(files, (f) => pool.run(f))',
            },
          ],
        },
      ],
    },
    // ignoreDefaults with only the given lists: the given lazy method and dispose method work.
    {
      code: `
export async function follow(path: string) {
  const log = await openLog(path);
  let lines;
  try {
    lines = log.tail(100);
  } finally {
    await log.stop();
  }
  for await (const line of lines) console.log(line);
}
`,
      options: [{ ignoreDefaults: true, lazyMethods: ['tail'], disposeMethods: ['stop'] }],
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'lines' (from log.tail(…))",
            pool: "pool 'log'",
            disposal: 'line 8, log.stop() in finally',
          },
          line: 10,
          column: 28,
          endLine: 10,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'log.tail(…)'" },
              materialize: 'log.tail(100)',
            },
          ],
        },
      ],
    },
    // ignoreDefaults: 'using' pools do not depend on the lists.
    {
      code: `
import Database from 'better-sqlite3';

export function rows(file: string) {
  using db = new Database(file);
  return db.prepare('SELECT * FROM t').scan();
}
`,
      options: [{ ignoreDefaults: true, lazyMethods: ['scan'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db.prepare(…).scan()'",
            pool: "database 'db'",
            escape: 'returned',
            disposal: "line 7, end of the 'using' block",
          },
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 46,
          suggestions: [],
        },
      ],
    },
    // ignoreDefaults with a symbol dispose method given explicitly.
    {
      code: `
import { ClassicLevel } from 'classic-level';

export async function entries(location: string) {
  const db = new ClassicLevel(location);
  let it;
  try {
    it = db.entries();
  } finally {
    await db[Symbol.asyncDispose]();
  }
  return Array.fromAsync(it);
}
`,
      options: [{ ignoreDefaults: true, lazyMethods: ['entries'], disposeMethods: ['[Symbol.asyncDispose]'] }],
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'it' (from db.entries())",
            pool: "database 'db'",
            disposal: 'line 10, db[Symbol.asyncDispose]() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'db.entries()'" },
              materialize: 'db.entries()',
            },
          ],
        },
      ],
    },
  ]),
});

describe('no-iterator-outlives-pool options schema', () => {
  const code = 'export const x = 1;\n';

  function verifyWith(options: unknown): void {
    const linter = new Linter();
    linter.verify(code, [
      {
        plugins: {
          'pool-lifetime': {
            rules: { 'no-iterator-outlives-pool': rule as unknown as Rule.RuleModule },
          },
        },
        rules: { 'pool-lifetime/no-iterator-outlives-pool': ['error', options] },
      },
    ]);
  }

  it('accepts every documented option', () => {
    expect(() => {
      verifyWith({
        lazyMethods: ['tail'],
        lazyProperties: ['stdout'],
        disposeMethods: ['stop', 'disposeSymbols', '[Symbol.dispose]', '[Symbol.asyncDispose]'],
        lazyFunctions: ['mapIterable'],
        scopedFactories: ['withPool', { object: 'genericPool', method: 'use' }],
        ignoreDefaults: false,
        closes: [{ module: 'my-db', methods: ['shutdown', 'kill'], behaviour: 'graceful' }],
      });
    }).not.toThrow();
  });

  it('accepts names of 200 characters in every list', () => {
    const name = 'x'.repeat(200);
    expect(() => {
      verifyWith({
        lazyMethods: [name],
        lazyProperties: [name],
        disposeMethods: [name],
        lazyFunctions: [name],
        scopedFactories: [name, { object: name, method: name }],
      });
    }).not.toThrow();
  });

  it.each([
    ['lazyMethods is not an array', { lazyMethods: 5 }],
    ['lazyMethods holds a non-string', { lazyMethods: [5] }],
    ['lazyMethods holds duplicates', { lazyMethods: ['tail', 'tail'] }],
    ['lazyProperties is a string', { lazyProperties: 'readable' }],
    ['lazyProperties holds an empty name', { lazyProperties: [''] }],
    ['lazyProperties holds duplicates', { lazyProperties: ['stdout', 'stdout'] }],
    ['lazyProperties holds a name too long to be one', { lazyProperties: ['x'.repeat(201)] }],
    ['lazyMethods holds a name over 200 characters', { lazyMethods: ['x'.repeat(201)] }],
    ['disposeMethods holds a name over 200 characters', { disposeMethods: ['x'.repeat(201)] }],
    ['lazyFunctions holds a name over 200 characters', { lazyFunctions: ['x'.repeat(201)] }],
    ['scopedFactories holds a name over 200 characters', { scopedFactories: ['x'.repeat(201)] }],
    ['scopedFactories object has a method over 200 characters', { scopedFactories: [{ object: 'pool', method: 'x'.repeat(201) }] }],
    ['scopedFactories object has an object over 200 characters', { scopedFactories: [{ object: 'x'.repeat(201), method: 'use' }] }],
    ['disposeMethods is a string', { disposeMethods: 'close' }],
    ['disposeMethods holds duplicates', { disposeMethods: ['stop', 'stop'] }],
    ['disposeMethods holds an empty name', { disposeMethods: [''] }],
    ['lazyFunctions is an object', { lazyFunctions: { pMapIterable: true } }],
    ['lazyFunctions holds duplicates', { lazyFunctions: ['mapIterable', 'mapIterable'] }],
    ['scopedFactories holds a number', { scopedFactories: [42] }],
    ['scopedFactories object has an unknown key', { scopedFactories: [{ object: 'pool', method: 'use', extra: 1 }] }],
    ['scopedFactories object misses method', { scopedFactories: [{ object: 'pool' }] }],
    ['ignoreDefaults is not a boolean', { ignoreDefaults: 'yes' }],
    ['closes is an object', { closes: { module: 'my-db', methods: ['end'], behaviour: 'graceful' } }],
    ['closes names an unknown behaviour', { closes: [{ module: 'my-db', methods: ['end'], behaviour: 'gentle' }] }],
    ['closes has no methods', { closes: [{ module: 'my-db', methods: [], behaviour: 'abrupt' }] }],
    ['closes misses its module', { closes: [{ methods: ['end'], behaviour: 'abrupt' }] }],
    ['closes has an unknown key', { closes: [{ module: 'my-db', methods: ['end'], behaviour: 'strict', when: 'always' }] }],
    ['an unknown option', { lazyMethod: ['tail'] }],
    ['options is not an object', 'imap'],
  ])('rejects bad options: %s', (_name, options) => {
    expect(() => {
      verifyWith(options);
    }).toThrow(/Key "pool-lifetime\/no-iterator-outlives-pool":[\s\S]*\bshould\b/);
  });

  // ESLint's schema errors cannot say the right spelling: the rule says it, naming the option.
  it.each([
    ['without brackets', 'Symbol.asyncDispose', 'is spelled "[Symbol.asyncDispose]"'],
    ['in the wrong case', '[Symbol.asyncdispose]', 'is spelled "[Symbol.asyncDispose]"'],
    ['with a bracket left open', '[Symbol.dispose', 'is spelled "[Symbol.dispose]"'],
    ['as a bare name in brackets', '[dispose]', 'is spelled "[Symbol.dispose]"'],
    ['as another symbol', '[Symbol.iterator]', 'is no dispose method; the symbols are spelled "[Symbol.dispose]" and "[Symbol.asyncDispose]"'],
  ])('names the right spelling of a dispose symbol written %s', (_how, given, says) => {
    expect(() => {
      verifyWith({ disposeMethods: ['stop', given] });
    }).toThrow(`Error while loading rule 'pool-lifetime/no-iterator-outlives-pool': Option "disposeMethods": "${given}" ${says}.`);
  });
});
