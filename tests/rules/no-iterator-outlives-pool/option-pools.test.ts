import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// Third edition, rule 14: a call given the pool as the 'dispatcher' or 'agent' of an object argument
// (in place, spread, or a const bound to an object literal) makes a response read through the pool.
// Reading its body in the scope finishes it; returned unread it escapes (past an awaited graceful
// close, undici's, the function never returns); read after an abrupt close it is consumed after
// disposal. The AWS SDK's clients are pools the same way: the Body of a GetObjectCommand's output.
// Node's http.get(url, { agent }, cb): the response is the callback's parameter, read when it arrives.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // The request http.get returns is returned, not the response: what the callback gets is its own.
    `
import http from 'node:http';

export function status(url: string) {
  const agent = new http.Agent();
  try {
    return http.get(url, { agent }, ({ statusCode }) => console.log(statusCode));
  } finally {
    agent.destroy();
  }
}
`,
    // http.get: the agent is destroyed once the response ends (run: the whole body arrives).
    `
import http from 'node:http';
import type { Writable } from 'node:stream';

export function download(url: string, out: Writable) {
  const agent = new http.Agent({ keepAlive: true });
  http.get(url, { agent }, (res) => {
    res.pipe(out);
    res.on('end', () => agent.destroy());
  });
}
`,
    // http.get's returned request is not the response: listening on it is no read.
    `
import https from 'node:https';

export function ping(url: string) {
  const agent = new https.Agent();
  const req = https.get(url, { agent }, () => {});
  req.on('error', () => {});
  agent.destroy();
}
`,
    // The body is read before undici's close.
    `
import { Agent, fetch } from 'undici';

export async function getText(url: string) {
  const dispatcher = new Agent();
  try {
    const res = await fetch(url, { dispatcher });
    return await res.text();
  } finally {
    await dispatcher.close();
  }
}
`,
    // undici's close() not awaited waits for the body, read after it.
    `
import { Agent, fetch } from 'undici';

export async function readLater(url: string) {
  const dispatcher = new Agent();
  const res = await fetch(url, { ...{ dispatcher } });
  dispatcher.close();
  return res.json();
}
`,
    // undici's stream() writes the whole body into the factory's writable: awaited, it is over.
    `
import { Writable } from 'node:stream';
import { Agent, stream } from 'undici';

export async function piped(url: string, sink: Writable) {
  const dispatcher = new Agent();
  try {
    await stream(url, { dispatcher }, () => sink);
  } finally {
    await dispatcher.close();
  }
}
`,
    // node-fetch: the body is read before the agent is destroyed.
    `
import http from 'node:http';
import nodeFetch from 'node-fetch';

export async function nf(url: string) {
  const agent = new http.Agent({ keepAlive: true });
  try {
    const res = await nodeFetch(url, { agent });
    return await res.json();
  } finally {
    agent.destroy();
  }
}
`,
    // The AWS SDK: the Body is read in the scope.
    `
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

export async function s3text(Bucket: string, Key: string) {
  const s3 = new S3Client({});
  try {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket, Key }));
    return await Body?.transformToString();
  } finally {
    s3.destroy();
  }
}
`,
  ],
  invalid: [
    // http.get: the agent is destroyed before the response arrives (run: the request fails ECONNRESET).
    {
      code: `
import http from 'node:http';
import type { Writable } from 'node:stream';

export function download(url: string, out: Writable) {
  const agent = new http.Agent({ keepAlive: true });
  http.get(url, { agent }, (res) => {
    res.pipe(out);
  });
  agent.destroy();
}
`,
      errors: [
        {
          messageId: 'responseReadLater',
          data: {
            iterator: "'res'",
            callback: 'the http.get response callback',
            pool: "agent 'agent'",
            disposal: 'line 10, agent.destroy()',
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 18,
        },
      ],
    },
    // The same with https.request and a const options object.
    {
      code: `
import * as https from 'node:https';

export function post(url: string, body: string) {
  const agent = new https.Agent();
  const options = { agent, method: 'POST' };
  const req = https.request(url, options, (response) => {
    response.on('data', (chunk) => process.stdout.write(chunk));
  });
  req.end(body);
  agent.destroy();
}
`,
      errors: [
        {
          messageId: 'responseReadLater',
          data: {
            iterator: "'response'",
            callback: 'the https.request response callback',
            pool: "agent 'agent'",
            disposal: 'line 11, agent.destroy()',
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 64,
        },
      ],
    },
    // undici: close() waits for the unread body, which the caller can read only once this returns.
    {
      code: `
import { Agent, fetch } from 'undici';

export async function get(url: string) {
  const dispatcher = new Agent();
  try {
    return await fetch(url, { dispatcher });
  } finally {
    await dispatcher.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesIntoWaitingClose',
          data: {
            iterator: "'fetch(…)'",
            pool: "dispatcher 'dispatcher'",
            disposal: 'line 9, dispatcher.close() in finally',
            behaviour: "undici's close() waits for it",
          },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 44,
        },
      ],
    },
    // The same through a const options object, and a destructured body.
    {
      code: `
import { Agent, request } from 'undici';

export async function body(url: string) {
  const dispatcher = new Agent();
  const options = { dispatcher, method: 'GET' } as const;
  try {
    const { body } = await request(url, options);
    return body;
  } finally {
    await dispatcher.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesIntoWaitingClose',
          data: {
            iterator: "'body' (from request(…))",
            pool: "dispatcher 'dispatcher'",
            disposal: 'line 11, dispatcher.close() in finally',
            behaviour: "undici's close() waits for it",
          },
          line: 9,
          column: 12,
          endLine: 9,
          endColumn: 16,
        },
      ],
    },
    // Read after an awaited close: the close waits for it first, forever.
    {
      code: `
import { Agent, fetch } from 'undici';

export async function late(url: string) {
  const dispatcher = new Agent();
  const res = await fetch(url, { dispatcher });
  await dispatcher.close();
  return res.text();
}
`,
      errors: [
        {
          messageId: 'blocksClose',
          data: {
            iterator: "'fetch(…)'",
            pool: "dispatcher 'dispatcher'",
            disposal: 'line 7, dispatcher.close()',
            behaviour: "undici's close() waits for it",
          },
          line: 6,
          column: 21,
          endLine: 6,
          endColumn: 47,
        },
      ],
    },
    // node-fetch: destroying the agent cuts the body the caller reads.
    {
      code: `
import http from 'node:http';
import nodeFetch from 'node-fetch';

export async function nf(url: string) {
  const agent = new http.Agent({ keepAlive: true });
  try {
    return await nodeFetch(url, { agent });
  } finally {
    agent.destroy();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'nodeFetch(…)'",
            pool: "agent 'agent'",
            escape: 'returned',
            disposal: 'line 10, agent.destroy() in finally',
          },
          line: 8,
          column: 12,
          endLine: 8,
          endColumn: 43,
          suggestions: [],
        },
      ],
    },
    // node-fetch: the body read after the agent is destroyed.
    {
      code: `
import http from 'node:http';
import nodeFetch from 'node-fetch';

export async function nf(url: string) {
  const agent = new http.Agent({ keepAlive: true });
  const res = await nodeFetch(url, { agent });
  agent.destroy();
  return res.text();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'res' (from nodeFetch(…))", pool: "agent 'agent'", disposal: 'line 8, agent.destroy()' },
          line: 9,
          column: 10,
          endLine: 9,
          endColumn: 20,
          suggestions: [],
        },
      ],
    },
    // The AWS SDK: the Body returned past destroy() fails ECONNRESET when read.
    {
      code: `
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

export async function s3get(Bucket: string, Key: string) {
  const s3 = new S3Client({});
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket, Key }));
    return out.Body;
  } finally {
    s3.destroy();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'out.Body' (from s3.send(…))",
            pool: "client 's3'",
            escape: 'returned',
            disposal: 'line 10, s3.destroy() in finally',
          },
          line: 8,
          column: 12,
          endLine: 8,
          endColumn: 20,
          suggestions: [],
        },
      ],
    },
  ],
});
