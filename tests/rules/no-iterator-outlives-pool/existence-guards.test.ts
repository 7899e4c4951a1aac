import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Real code, rule 8: in a finally, a dispose call guarded by the pool's own existence
// ('if (client)', 'client && …', 'client != null', '!== null', '!== undefined', 'client?.…')
// disposes the pool on every path where it exists. Any other guard stays error-path cleanup.

const ruleTester = createRuleTester();

/** A pg client taken in the try, a stream returned, and `cleanup` as the finally's one statement. */
function streamReturned(cleanup: string): string {
  return `
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

export async function events(pool: Pool, sql: string, handedOff: boolean) {
  let client;
  try {
    client = await pool.connect();
    return client.query(new QueryStream(sql));
  } finally {
    ${cleanup}
  }
}
`;
}

/** The stream drained in the try: correct whatever the guard. */
function streamDrained(cleanup: string): string {
  return `
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

export async function events(pool: Pool, sql: string) {
  let client;
  const out: unknown[] = [];
  try {
    client = await pool.connect();
    for await (const row of client.query(new QueryStream(sql))) out.push(row);
  } finally {
    ${cleanup}
  }
  return out;
}
`;
}

const GUARDS = [
  'if (client) client.release();',
  'client?.release();',
  'client && client.release();',
  'if (client != null) {\n      client.release();\n    }',
  'if (client !== undefined) client.release();',
  'if (null !== client) client.release();',
];

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // Each existence guard, the stream drained in the try: nothing outlives the release.
    ...GUARDS.map(streamDrained),
    // A guard on another condition: error-path cleanup, the stream is handed out with the client alive.
    streamReturned('if (!handedOff) client.release();'),
    // An existence guard with an else: not a plain guard, no disposal point.
    streamReturned('if (client) client.release();\n    else console.log(sql);'),
    // The guard tests one binding, the release disposes another: no disposal point for the client.
    streamReturned('if (pool) client.release();'),
  ],
  invalid: withSuggestionEdits<MessageId, Options>(
    GUARDS.map((guard) => ({
      code: streamReturned(guard),
      errors: [
        {
          messageId: 'escapesScope' as const,
          data: {
            iterator: "'client.query(…)'",
            pool: "pool 'client'",
            escape: 'returned',
            disposal: `line ${guard.includes('{') ? '12' : '11'}, ${guard.includes('?.') ? 'client?.release()' : 'client.release()'} in finally`,
          },
          line: 9,
          column: 12,
          endLine: 9,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'materializeWithToArray' as const,
              data: { expression: "'client.query(…)'" },
              materialize: 'client.query(new QueryStream(sql))',
            },
          ],
        },
      ],
    })),
  ),
});

// Rules 7 and 8 together: a pool on `this` (also `#private`) guarded by its own existence.

/** A service whose client lives on `this`, a cursor returned, and `cleanup` as the finally's one statement. */
function serviceReturning(path: string, cleanup: string): string {
  return `
import { MongoClient } from 'mongodb';

export class Users {
  client = new MongoClient('mongodb://db');
  #client = new MongoClient('mongodb://db');
  closing = false;
  async recent() {
    try {
      return ${path}.db('app').collection('users').find();
    } finally {
      ${cleanup}
    }
  }
}
`;
}

const THIS_GUARDS = [
  { path: 'this.client', cleanup: 'if (this.client) await this.client.close();', disposal: 'this.client.close()' },
  { path: 'this.#client', cleanup: 'if (this.#client != null) await this.#client.close();', disposal: 'this.#client.close()' },
  { path: 'this.#client', cleanup: 'this.#client && (await this.#client.close());', disposal: 'this.#client.close()' },
];

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // A guard on another condition of `this`: error-path cleanup, no disposal point.
    serviceReturning('this.client', 'if (this.closing) await this.client.close();'),
    // The guard tests one path, the close disposes another: no disposal point for the client.
    serviceReturning('this.client', 'if (this.#client) await this.client.close();'),
  ],
  invalid: withSuggestionEdits<MessageId, Options>(
    THIS_GUARDS.map(({ path, cleanup, disposal }) => ({
      code: serviceReturning(path, cleanup),
      errors: [
        {
          messageId: 'escapesScope' as const,
          data: {
            iterator: `'${path}.db(…).collection(…).find()'`,
            pool: `pool '${path}'`,
            escape: 'returned',
            disposal: `line 12, ${disposal} in finally`,
          },
          line: 10,
          column: 14,
          suggestions: [
            {
              messageId: 'materializeWithToArray' as const,
              data: { expression: `'${path}.db(…).collection(…).find()'` },
              materialize: `${path}.db('app').collection('users').find()`,
            },
          ],
        },
      ],
    })),
  ),
});
