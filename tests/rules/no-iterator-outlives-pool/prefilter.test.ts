import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// The text prefilter (text-prefilter.ts, scanText) gives files that cannot hold a pool no
// listeners at all: these files must still be analysed.

const ruleTester = createRuleTester();

// The only dispose call of a file, in a spelling the text prefilter must see as one: `methodCall` reads both as `close`.
const UNUSUAL_CLOSES = [
  { close: "client['close']()", what: 'a close with a computed key' },
  { close: 'client.close?.()', what: 'an optional call of close' },
];

/** A cursor of a client read in a loop, with the client's only close before the loop (`after`) or after it. */
const cursorAndClose = (close: string, after: boolean) => {
  const loop = '  for await (const user of cursor) console.log(user.name);';
  return `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find({});
${after ? `  await ${close};\n${loop}` : `${loop}\n  await ${close};`}
}
`;
};

ruleTester.run('no-iterator-outlives-pool (files the prefilter must not skip)', rule, {
  valid: [
    {
      // a scoped factory named \`using\`, called mid-line, its iterator drained inside the callback
      code: `
export async function squares(xs: number[]) {
  return using (async (pool) => await Array.fromAsync(pool.imap(square, xs)));
}
`,
      options: [{ scopedFactories: ['using'] }],
    },
    // The cursor is drained before the close.
    ...UNUSUAL_CLOSES.map(({ close }) => cursorAndClose(close, false)),
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    {
      // a scoped factory called with type arguments
      code: `
import { withPool } from './pool.js';

export async function squares(xs: number[]) {
  return withPool<AsyncIterable<number>>(async (pool) => pool.imap(square, xs));
}
`,
      options: [{"scopedFactories":["withPool"]}],
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 58,
          endLine: 5,
          endColumn: 79,
          data: {"iterator":"'pool.imap(…)'","pool":"pool 'pool'","disposal":"line 5, when the 'withPool' callback settles","escape":"returned from the callback"},
          suggestions: [
            { messageId: 'materializeAsync', data: {"expression":"'pool.imap(…)'"}, replace: ['return withPool<AsyncIterable<number>>(async (pool) => pool.imap(square, xs));', 'return withPool<AsyncIterable<number>>(async (pool) => await Array.fromAsync(pool.imap(square, xs)));'] },
          ],
        },
      ],
    },
    {
      // a scoped factory called through optional chaining
      code: `
import { withPool } from './pool.js';

export async function squares(xs: number[]) {
  return withPool?.(async (pool) => pool.imap(square, xs));
}
`,
      options: [{"scopedFactories":["withPool"]}],
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 37,
          endLine: 5,
          endColumn: 58,
          data: {"iterator":"'pool.imap(…)'","pool":"pool 'pool'","disposal":"line 5, when the 'withPool' callback settles","escape":"returned from the callback"},
          suggestions: [
            { messageId: 'materializeAsync', data: {"expression":"'pool.imap(…)'"}, replace: ['return withPool?.(async (pool) => pool.imap(square, xs));', 'return withPool?.(async (pool) => await Array.fromAsync(pool.imap(square, xs)));'] },
          ],
        },
      ],
    },
    {
      // a scoped factory method called with type arguments
      code: `
import { resources } from './resources.js';

export async function rows() {
  return resources.use<unknown>(async (client) => client.query(new QueryStream('SELECT 1')));
}
`,
      options: [{"scopedFactories":[{"object":"resources","method":"use"}]}],
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 51,
          endLine: 5,
          endColumn: 92,
          data: {"iterator":"'client.query(…)'","pool":"pool 'client'","disposal":"line 5, when the 'resources.use' callback settles","escape":"returned from the callback"},
          suggestions: [
            { messageId: 'materializeWithToArray', data: {"expression":"'client.query(…)'"}, replace: ["return resources.use<unknown>(async (client) => client.query(new QueryStream('SELECT 1')));", "return resources.use<unknown>(async (client) => await client.query(new QueryStream('SELECT 1')).toArray());"] },
          ],
        },
      ],
    },
    {
      // a scoped factory named \`using\`, called mid-line: a call, not a \`using\` declaration
      code: `
export async function squares(xs: number[]) {
  return using (async (pool) => pool.imap(square, xs));
}
`,
      options: [{"scopedFactories":["using"]}],
      errors: [
        {
          messageId: 'escapesScope',
          line: 3,
          column: 33,
          endLine: 3,
          endColumn: 54,
          data: {"iterator":"'pool.imap(…)'","pool":"pool 'pool'","disposal":"line 3, when the 'using' callback settles","escape":"returned from the callback"},
          suggestions: [
            { messageId: 'materializeAsync', data: {"expression":"'pool.imap(…)'"}, replace: ['return using (async (pool) => pool.imap(square, xs));', 'return using (async (pool) => await Array.fromAsync(pool.imap(square, xs)));'] },
          ],
        },
      ],
    },
    // The close comes first: code paths are recorded, and the loop after it is reported.
    ...UNUSUAL_CLOSES.map(({ close }) => ({
      code: cursorAndClose(close, true),
      errors: [
        {
          messageId: 'consumedAfterDisposal' as const,
          line: 8,
          column: 28,
          endLine: 8,
          endColumn: 34,
          data: {"iterator":"'cursor' (from client.db(…).collection(…).find(…))","pool":"client 'client'","disposal":`line 7, ${close}`},
          suggestions: [
            { messageId: 'materializeWithToArray' as const, data: {"expression":"'client.db(…).collection(…).find(…)'"}, replace: ["const cursor = client.db('app').collection('users').find({});", "const cursor = await client.db('app').collection('users').find({}).toArray();"] as const },
          ],
        },
      ],
    })),
  ]),
});
