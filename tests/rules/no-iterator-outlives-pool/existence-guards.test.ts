import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester, isTypedRun } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

/** A MongoDB client known only from its type: a client in the typed run, a pool without types. */
const typedClient = (name: string): string => (isTypedRun ? `client '${name}'` : `pool '${name}'`);

// Real code, rule 8: in a finally, a dispose call guarded by the pool's own existence
// ('if (client)', 'client && …', 'client != null', '!== null', '!== undefined', 'client?.…')
// disposes the pool on every path where it exists. Third edition, rule 18: any other guard that
// reads no binding written in the 'try' or its 'catch' disposes it on the paths where it holds, a
// disposal point too; a guard on a flag the 'try' sets stays error-path cleanup.

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

/** The stream handed out after a flag is set in the try: the guarded release is error-path cleanup. */
const streamHandedOff = `
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

export async function events(pool: Pool, sql: string) {
  let client;
  let handedOff = false;
  try {
    client = await pool.connect();
    const stream = client.query(new QueryStream(sql));
    handedOff = true;
    return stream;
  } finally {
    if (!handedOff) client.release();
  }
}
`;

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
    // A guard on a flag the try sets: error-path cleanup, the stream is handed out with the client alive.
    streamHandedOff,
    // An existence guard with an else: not a plain guard, no disposal point.
    streamReturned('if (client) client.release();\n    else console.log(sql);'),
  ],
  invalid: withSuggestionEdits<MessageId, Options>(
    // Rule 18: a guard on a parameter, or on another binding, reads nothing the try writes.
    [...GUARDS, 'if (!handedOff) client.release();', 'if (pool) client.release();'].map((guard) => ({
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
    // A guard on a flag the try sets: error-path cleanup, no disposal point.
    `
import { MongoClient } from 'mongodb';

export class Users {
  client = new MongoClient('mongodb://db');
  async recent() {
    let handedOff = false;
    try {
      const cursor = this.client.db('app').collection('users').find();
      handedOff = true;
      return cursor;
    } finally {
      if (!handedOff) await this.client.close();
    }
  }
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>(
    [
      ...THIS_GUARDS,
      // Rule 18: guards on another condition of \`this\`, or on another path, read nothing the try writes.
      { path: 'this.client', cleanup: 'if (this.closing) await this.client.close();', disposal: 'this.client.close()' },
      { path: 'this.client', cleanup: 'if (this.#client) await this.client.close();', disposal: 'this.client.close()' },
    ].map(({ path, cleanup, disposal }) => ({
      code: serviceReturning(path, cleanup),
      errors: [
        {
          messageId: 'escapesScope' as const,
          data: {
            iterator: `'${path}.db(…).collection(…).find()'`,
            pool: typedClient(path),
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
