import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// Clarification of rules 4 and 5: pg-copy-streams' 'to', 'from', 'copyTo' and 'copyFrom' make a lazy
// query object only when the name comes from that driver (imported or required, by name or as a
// member of its namespace or default import), and a query is submitted only by 'query' or 'submit'
// on the pool. 'Array.from', 'Buffer.from', 'Readable.from', 'Uint8Array.from' and a local 'from'
// are never pg-copy-streams', and 'res.end(items)' submits nothing.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // Array.from makes an array, and end(items) is no query.
    `
export function send(list: string[], res: { end(body: unknown): void }) {
  const items = Array.from(list);
  res.end(items);
  for (const item of items) console.log(item);
}
`,
    // Buffer.from: a buffer, iterated after the response ends.
    `
export function send(text: string, res: { end(body: unknown): void }) {
  const body = Buffer.from(text);
  res.end(body);
  for (const byte of body) console.log(byte);
}
`,
    // Readable.from: a stream of the caller's, handed to a write side's end.
    `
import { Readable } from 'node:stream';

export function send(lines: string[], out: { end(body: unknown): void }) {
  const source = Readable.from(lines);
  out.end(source);
  source.pipe(process.stdout);
}
`,
    // Uint8Array.from, the same.
    `
export function send(bytes: number[], socket: { end(body: unknown): void }) {
  const data = Uint8Array.from(bytes);
  socket.end(data);
  for (const byte of data) console.log(byte);
}
`,
    // A function of the file named like the driver's.
    `
function to(sql: string) {
  return [sql];
}

export function run(client: { query(q: unknown): unknown; end(): void }) {
  const q = to('COPY t TO STDOUT');
  client.query(q);
  client.end();
  for (const line of q) console.log(line);
}
`,
    // pg-copy-streams' 'to', but given to a call that submits nothing.
    `
import { to as copyTo } from 'pg-copy-streams';

export function log(client: { log(q: unknown): void; end(): void }) {
  const q = copyTo('COPY t TO STDOUT');
  client.log(q);
  client.end();
  q.pipe(process.stdout);
}
`,
  ],
  invalid: [
    // The driver's 'to', required by name: the submitted stream is read after the client ends.
    {
      code: `
const { to } = require('pg-copy-streams');

export function dump(client: { query(q: unknown): NodeJS.ReadableStream; end(): void }) {
  const out = to('COPY t TO STDOUT');
  client.query(out);
  client.end();
  out.pipe(process.stdout);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'out'", pool: "pool 'client'", disposal: 'line 7, client.end()' },
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 27,
        },
      ],
    },
    // A member of the driver's default import.
    {
      code: `
import copyStreams from 'pg-copy-streams';

export function dump(client: { query(q: unknown): NodeJS.ReadableStream; end(): void }) {
  const out = client.query(copyStreams.to('COPY t TO STDOUT'));
  client.end();
  out.pipe(process.stdout);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'out' (from client.query(…))", pool: "pool 'client'", disposal: 'line 6, client.end()' },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 27,
        },
      ],
    },
  ],
});
