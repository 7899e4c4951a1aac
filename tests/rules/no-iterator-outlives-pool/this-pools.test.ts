import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester, isTypedRun } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

/** A MongoDB client known only from its type: a client in the typed run, a pool without types. */
const typedClient = (name: string): string => (isTypedRun ? `client '${name}'` : `pool '${name}'`);

// Real code, rule 7: in a class method, a member path on 'this' ('this.client', 'this.#db',
// 'this.store.client') that the method disposes (in a finally, or by an explicit close) is a pool
// for that method; values reached from it are followed as from a binding, and assigning the path
// anew re-creates the pool.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // The cursor is drained and awaited before the finally closes the client.
    `
import { MongoClient } from 'mongodb';

export class Users {
  constructor(private readonly client: MongoClient) {}

  async read(q: object) {
    try {
      await this.client.connect();
      return await this.client.db('app').collection('users').find(q).toArray();
    } finally {
      await this.client.close();
    }
  }
}
`,
    // The method that returns the cursor does not dispose the client: another method does, at a time the rule cannot know.
    `
import { MongoClient } from 'mongodb';

export class Users {
  constructor(private readonly client: MongoClient) {}

  cursor(q: object) {
    return this.client.db('app').collection('users').find(q);
  }

  async close() {
    await this.client.close();
  }
}
`,
    // A limit: 'this.close()' closes the client in another method, which is not followed. The cursor is
    // read after it, and the rule stays silent: each method is judged on its own.
    `
import { MongoClient } from 'mongodb';

export class Users {
  constructor(private readonly client: MongoClient) {}

  async all(q: object) {
    const cursor = this.client.db('app').collection('users').find(q);
    await this.close();
    return cursor.toArray();
  }

  async close() {
    await this.client.close();
  }
}
`,
    // The path is assigned anew after the close: the cursor comes from the new client.
    `
import { MongoClient } from 'mongodb';

export class Users {
  constructor(private client: MongoClient, private readonly uri: string) {}

  async restart() {
    await this.client.close();
    this.client = new MongoClient(this.uri);
    for await (const user of this.client.db('app').collection('users').find()) console.log(user);
  }
}
`,
    // A function expression in the method has its own 'this': its 'this.client' is not the method's pool.
    `
import { MongoClient } from 'mongodb';

export class Users {
  constructor(private readonly client: MongoClient) {}

  async later(emitter: NodeJS.EventEmitter) {
    emitter.on('tick', function (this: { client: MongoClient }) {
      void this.client.db('app').collection('users').find().toArray();
    });
    try {
      await this.client.db('app').command({ ping: 1 });
    } finally {
      await this.client.close();
    }
  }
}
`,
    // Reached through an awaited call, the result is plain data: 'find' with a callback is the array's.
    `
import { MongoClient } from 'mongodb';

export class Users {
  constructor(private readonly client: MongoClient) {}

  async admin() {
    try {
      const users = await this.client.db('app').collection('users').find().toArray();
      return users.find((u) => u.admin);
    } finally {
      await this.client.close();
    }
  }
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // The service class: 'toArray()' returned without 'await' settles after the finally closes the client.
    {
      code: `
import { MongoClient } from 'mongodb';

export class Users {
  constructor(private readonly client: MongoClient) {}

  async read(q: object) {
    try {
      await this.client.connect();
      return this.client.db('app').collection('users').find(q).toArray();
    } finally {
      await this.client.close();
    }
  }
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            consumer: "'this.client.db(…).collection(…).find(…).toArray()'",
            iterator: "'this.client.db(…).collection(…).find(…)'",
            pool: typedClient('this.client'),
            disposal: 'line 12, this.client.close() in finally',
          },
          line: 10,
          column: 14,
          endLine: 10,
          endColumn: 73,
        },
      ],
    },
    // The cursor itself returned from the try: it escapes the client's life.
    {
      code: `
import { MongoClient } from 'mongodb';

export class Users {
  constructor(private readonly client: MongoClient) {}

  async cursor(q: object) {
    try {
      return this.client.db('app').collection('users').find(q);
    } finally {
      await this.client.close();
    }
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'this.client.db(…).collection(…).find(…)'",
            pool: typedClient('this.client'),
            escape: 'returned',
            disposal: 'line 11, this.client.close() in finally',
          },
          line: 9,
          column: 14,
          endLine: 9,
          endColumn: 63,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'this.client.db(…).collection(…).find(…)'" },
              materialize: "this.client.db('app').collection('users').find(q)",
            },
          ],
        },
      ],
    },
    // A private field closed explicitly, the change stream read after.
    {
      code: `
import type { MongoClient } from 'mongodb';

export class Feed {
  readonly #client: MongoClient;

  constructor(client: MongoClient) {
    this.#client = client;
  }

  async tail() {
    const changes = this.#client.db('app').watch();
    await this.#client.close();
    for await (const change of changes) console.log(change);
  }
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'changes' (from this.#client.db(…).watch())",
            pool: typedClient('this.#client'),
            disposal: 'line 13, this.#client.close()',
          },
          line: 14,
          column: 32,
          endLine: 14,
          endColumn: 39,
          suggestions: [],
        },
      ],
    },
    // A longer path on 'this', closed explicitly before the cursor is drained.
    {
      code: `
import type { MongoClient } from 'mongodb';

export class Service {
  constructor(private readonly store: { client: MongoClient }) {}

  async events() {
    const events = this.store.client.db('app').collection('events').find();
    await this.store.client.close();
    return Array.fromAsync(events);
  }
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'events' (from this.store.client.db(…).collection(…).find())",
            pool: typedClient('this.store.client'),
            disposal: 'line 9, this.store.client.close()',
          },
          line: 10,
          column: 12,
          endLine: 10,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'this.store.client.db(…).collection(…).find()'" },
              materialize: "this.store.client.db('app').collection('events').find()",
            },
          ],
        },
      ],
    },
  ]),
});
