import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Wrappers carry the laziness: `new Response(lazy)`, `new Request(url, { body: lazy })`,
// `Readable.from`, `ReadableStream.from`, `Readable.toWeb` / `fromWeb`, `Duplex.from`,
// `readline.createInterface({ input: lazy })`, `lazy.getReader()`, `lazy.pipeThrough(t)`,
// `lazy.values()` read the value later, when they are read themselves. The wrapper is a
// lazy value of the same pool: returning it escapes, reading it after the disposal is
// reported, reading it in the scope is fine. A wrapper that is no iterable (a Response, a
// Request, a reader) gets no suggestion; an iterable one is materialized whole.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // Valid: a NestJS StreamableFile of a stream that no pool of the scope disposes.
    `
import { StreamableFile } from '@nestjs/common';
import { createReadStream } from 'node:fs';

export class FilesController {
  download(path: string): StreamableFile {
    return new StreamableFile(createReadStream(path));
  }
}
`,
    // Valid: the body read in the scope; the NextResponse holds plain text.
    `
import { NextResponse } from 'next/server';
import { open } from 'node:fs/promises';

export async function GET() {
  await using fh = await open('./report.csv');
  const text = await new Response(fh.readableWebStream()).text();
  return new NextResponse(text);
}
`,
    // Valid: the Response body is read inside the scope.
    `
export async function text(path: string) {
  using file = await Deno.open(path);
  return await new Response(file.readable).text();
}
`,
    // Valid: a reader pulled to the end inside the scope.
    `
export async function size(path: string) {
  using file = await Deno.open(path);
  const reader = file.readable.getReader();
  let n = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) n += r.value.length;
  return n;
}
`,
    // Valid: readline over a file handle's stream, iterated in the scope.
    `
import { open } from 'node:fs/promises';
import readline from 'node:readline';

export async function count(path: string) {
  await using fh = await open(path);
  let n = 0;
  for await (const _ of readline.createInterface({ input: fh.createReadStream() })) n++;
  return n;
}
`,
    // Valid: a Request's body sent and awaited inside the scope.
    `
export async function upload(path: string, url: string) {
  using file = await Deno.open(path);
  const response = await fetch(new Request(url, { method: 'POST', body: file.readable }));
  return response.status;
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // Deno: the response body is read after the handler returns, when the file is closed.
    {
      code: `
export async function serve(path: string) {
  using file = await Deno.open(path);
  return new Response(file.readable);
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'new Response(…)' (from file.readable)",
            pool: "file 'file'",
            escape: 'returned',
            disposal: "line 5, end of the 'using' block",
          },
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 37,
        },
      ],
    },
    // A reader returned from the scope.
    {
      code: `
export async function reader(path: string) {
  using file = await Deno.open(path);
  return file.readable.getReader();
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'file.readable.getReader()'",
            pool: "file 'file'",
            escape: 'returned',
            disposal: "line 5, end of the 'using' block",
          },
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 35,
        },
      ],
    },
    // The wrapper read after the block.
    {
      code: `
export async function body(path: string) {
  let response;
  {
    using file = await Deno.open(path);
    response = new Response(file.readable);
  }
  return await response.text();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'response' (from file.readable)",
            pool: "file 'file'",
            disposal: "line 7, end of the 'using' block",
          },
          line: 8,
          column: 16,
          endLine: 8,
          endColumn: 31,
        },
      ],
    },
    // readline over a file handle's stream, its 'line' listener left running.
    {
      code: `
import { open } from 'node:fs/promises';
import readline from 'node:readline';

export async function printLines(path: string) {
  await using fh = await open(path);
  const rl = readline.createInterface({ input: fh.createReadStream() });
  rl.on('line', (line) => console.log(line));
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'rl' (from fh.createReadStream())",
            pool: "file handle 'fh'",
            disposal: "line 9, end of the 'await using' block",
            remedy: "await once(rl, 'close')",
          },
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 45,
        },
      ],
    },
    // Readable.toWeb over a file handle's stream, returned.
    {
      code: `
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';

export async function web(path: string) {
  await using fh = await open(path);
  return Readable.toWeb(fh.createReadStream());
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'Readable.toWeb(…)' (from fh.createReadStream())",
            pool: "file handle 'fh'",
            escape: 'returned',
            disposal: "line 8, end of the 'await using' block",
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'Readable.toWeb(…)'" },
              materialize: 'Readable.toWeb(fh.createReadStream())',
            },
          ],
        },
      ],
    },
    // NestJS pipes a StreamableFile to the response after the handler returns, when the file handle is closed.
    {
      code: `
import { StreamableFile } from '@nestjs/common';
import { open } from 'node:fs/promises';

export class FilesController {
  async download(path: string): Promise<StreamableFile> {
    const fh = await open(path);
    try {
      return new StreamableFile(fh.createReadStream());
    } finally {
      await fh.close();
    }
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'new StreamableFile(…)' (from fh.createReadStream())",
            pool: "file handle 'fh'",
            escape: 'returned',
            disposal: "line 11, fh.close() in finally",
          },
          line: 9,
          column: 14,
          endLine: 9,
          endColumn: 55,
        },
      ],
    },
    // Next.js: a NextResponse is a Response, its body read after the route returns.
    {
      code: `
import { NextResponse } from 'next/server';
import { open } from 'node:fs/promises';

export async function GET() {
  await using fh = await open('./report.csv');
  return new NextResponse(fh.readableWebStream());
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'new NextResponse(…)' (from fh.readableWebStream())",
            pool: "file handle 'fh'",
            escape: 'returned',
            disposal: "line 8, end of the 'await using' block",
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 50,
        },
      ],
    },
  ]),
});
