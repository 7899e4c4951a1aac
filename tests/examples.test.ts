// Lints examples/ through ESLint's own API with both rules from source, and
// checks exactly which files, lines and columns are reported, with which
// message, which data and which suggestions. Every file under
// examples/correct must be silent; every file under examples/buggy appears
// below. The table follows the behaviour contract and the message formats.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');

interface Report {
  file: string;
  line: number;
  column: number;
  messageId: string;
  message: string;
  suggestions: string[];
}

const escapes = (iterator: string, pool: string, escape: string, disposal: string): string =>
  `${iterator} is ${escape}, but ${pool} closes (${disposal}): read it into an array, or close in the caller.`;

const consumedAfter = (iterator: string, pool: string, disposal: string): string =>
  `${iterator} is read after ${pool} closes (${disposal}): read it before then.`;

/** A read in a callback that runs after the close, with the remedy its message ends with. */
const readInCallback =
  (remedy: string) =>
  (iterator: string, pool: string, disposal: string, callback: string): string =>
    `${iterator} is read in ${callback}, after ${pool} closes (${disposal}): ${remedy}.`;

const consumedLater = readInCallback('read it before then');

const responseReadLater = readInCallback('close it once the response ends');

const notAwaited = (consumer: string, iterator: string, pool: string, disposal: string): string =>
  `${consumer} reads ${iterator} but is not awaited before ${pool} closes (${disposal}): await it.`;

const stillReading = (iterator: string, pool: string, disposal: string, remedy: string): string =>
  `${iterator} is still being read when ${pool} closes (${disposal}): ${remedy} first.`;

const leftOpen = (iterator: string, pool: string, disposal: string, behaviour: string): string =>
  `${iterator} is left open when ${pool} closes (${disposal}; ${behaviour}): read it to its end or close it first.`;

const escapesIntoWaitingClose = (iterator: string, pool: string, disposal: string, behaviour: string): string =>
  `${iterator} is returned unread, but ${pool} closes first and waits for it, so the call never returns (${disposal}; ${behaviour}): read it in the scope first.`;

const blocksClose = (iterator: string, pool: string, disposal: string, behaviour: string): string =>
  `${iterator} is never read to its end, so ${pool} waits for it forever to close (${disposal}; ${behaviour}): read or close it first.`;

const usedAfterClose = (use: string, pool: string, disposal: string, may = false): string =>
  `${use} ${may ? 'may use' : 'uses'} ${pool} after it closes (${disposal}): close it after its last use.`;

const usedLater = (use: string, pool: string, callback: string, disposal: string): string =>
  `${use} uses ${pool} in ${callback}, after ${pool} closes (${disposal}): close it once that callback has run.`;

const useNotAwaited = (use: string, pool: string, disposal: string, behaviour: string): string =>
  `${use} is not awaited before ${pool} closes (${disposal}; ${behaviour}): await it.`;

/** The options examples/eslint.config.js gives the rule: generic-pool's `pgPool.use(fn)` is a scoped factory. */
const OPTIONS = { scopedFactories: [{ object: 'pgPool', method: 'use' }] };

const ASYNC = ['materializeAsync'];
const TO_ARRAY = ['materializeWithToArray'];

/** Every report the rule gives on examples/, sorted by file, line and column. */
const expected: Report[] = [
  {
    file: 'buggy/basic-ftp-download-not-awaited.ts', line: 11, column: 5, messageId: 'notAwaited',
    message: useNotAwaited("'client.downloadTo(…)'", "client 'client'", 'line 13, client.close() in finally', "basic-ftp's close() does not wait for it"),
    suggestions: [],
  },
  {
    file: 'buggy/better-sqlite3-closed-on-one-path.ts', line: 11, column: 23, messageId: 'mayBeUsedAfterClose',
    message: usedAfterClose("'remove.run(…)'", "database 'db'", 'line 10, db.close()', true),
    suggestions: [],
  },
  {
    file: 'buggy/better-sqlite3-iterate-returned.ts', line: 17, column: 12, messageId: 'escapesScope',
    message: escapes("'db.prepare<[number], Order>(…).iterate(…)'", "database 'db'", 'returned', 'line 19, db.close() in finally'),
    suggestions: [],
  },
  {
    file: 'buggy/better-sqlite3-iterator-left-open.ts', line: 17, column: 18, messageId: 'leftOpen',
    message: leftOpen(
      "'db.prepare<[], Order>(…).iterate()'", "database 'db'", 'line 20, db.close() in finally', "better-sqlite3's close() throws while it is open",
    ),
    suggestions: [],
  },
  {
    file: 'buggy/better-sqlite3-statement-returned.ts', line: 18, column: 16, messageId: 'usedAfterClose',
    message: usedAfterClose("'query.all(…)'", "database 'db'", 'line 12, db.close() in finally'),
    suggestions: [],
  },
  {
    file: 'buggy/deno-response-body.ts', line: 11, column: 10, messageId: 'escapesScope',
    message: escapes("'new Response(…)' (from file.readable)", "file 'file'", 'returned', "line 12, end of the 'using' block"),
    suggestions: [],
  },
  {
    file: 'buggy/filehandle-drain-not-awaited.ts', line: 16, column: 8, messageId: 'notAwaited',
    message: notAwaited("'upload(…)'", "'fh.readLines()'", "file handle 'fh'", "line 17, end of the 'await using' block"),
    suggestions: [],
  },
  {
    file: 'buggy/filehandle-readlines-escapes.ts', line: 10, column: 10, messageId: 'escapesScope',
    message: escapes("'fh.readLines(…)'", "file handle 'fh'", 'returned', "line 11, end of the 'await using' block"),
    suggestions: ASYNC,
  },
  {
    file: 'buggy/filehandle-readlines-escapes.ts', line: 15, column: 10, messageId: 'escapesScope',
    message: escapes("'fh.createReadStream(…)'", "file handle 'fh'", 'returned', "line 16, end of the 'await using' block"),
    suggestions: TO_ARRAY,
  },
  {
    file: 'buggy/filehandle-readlines-listener.ts', line: 9, column: 3, messageId: 'stillReading',
    message: stillReading(
      "'fh.readLines()'",
      "file handle 'fh'",
      "line 12, end of the 'await using' block",
      "await once(fh.readLines(), 'close')",
    ),
    suggestions: [],
  },
  {
    // The Dir is the pool and the iterator: there is no creation call to materialize.
    file: 'buggy/fs-opendir-after-close.ts', line: 19, column: 29, messageId: 'consumedAfterDisposal',
    message: consumedAfter("'dir'", "directory 'dir'", 'line 16, dir.close() in finally'),
    suggestions: [],
  },
  {
    file: 'buggy/generic-pool-use-returns-stream.ts', line: 15, column: 5, messageId: 'escapesScope',
    message: escapes(
      "'client.query(…)'",
      "pool 'client'",
      'returned from the callback',
      "line 15, when the 'pgPool.use' callback settles",
    ),
    suggestions: TO_ARRAY,
  },
  {
    file: 'buggy/http-get-agent-destroyed.ts', line: 13, column: 7, messageId: 'responseReadLater',
    message: responseReadLater("'res'", "agent 'agent'", 'line 17, agent.destroy()', 'the http.get response callback'),
    suggestions: [],
  },
  {
    file: 'buggy/http-get-agent-destroyed.ts', line: 14, column: 7, messageId: 'responseReadLater',
    message: responseReadLater("'res'", "agent 'agent'", 'line 17, agent.destroy()', 'the http.get response callback'),
    suggestions: [],
  },
  {
    file: 'buggy/ioredis-scan-stream-after-quit.ts', line: 17, column: 29, messageId: 'consumedAfterDisposal',
    message: consumedAfter("'stream' (from redis.scanStream(…))", "client 'redis'", 'line 14, redis.quit() in finally'),
    suggestions: [],
  },
  {
    file: 'buggy/knex-stream-after-destroy.ts', line: 20, column: 9, messageId: 'consumedAfterDisposal',
    message: consumedAfter(
      "'rows' (from db(…).where(…).orderBy(…).stream())",
      "database 'db'",
      'line 18, db.destroy() in finally',
    ),
    suggestions: [],
  },
  {
    file: 'buggy/level-module-export.ts', line: 15, column: 28, messageId: 'escapesScope',
    message: escapes("'db.keys(…)'", "database 'db'", 'exported', "line 18, end of the module ('await using' at top level)"),
    suggestions: ASYNC,
  },
  {
    file: 'buggy/level-module-export.ts', line: 18, column: 10, messageId: 'escapesScope',
    message: escapes(
      "'recent' (from db.iterator(…))",
      "database 'db'",
      'exported',
      "line 18, end of the module ('await using' at top level)",
    ),
    suggestions: ASYNC,
  },
  {
    file: 'buggy/mongodb-awaited-cursor-returned.ts', line: 15, column: 10, messageId: 'escapesScope',
    message: escapes("'result' (from client.db(…).collection(…).find(…))", "client 'client'", 'returned', 'line 13, client.close() in finally'),
    suggestions: TO_ARRAY,
  },
  {
    file: 'buggy/mongodb-container-escapes.ts', line: 13, column: 10, messageId: 'escapesScope',
    message: escapes("'page' (from orders.find(…))", "pool 'client'", 'returned', "line 14, end of the 'await using' block"),
    suggestions: TO_ARRAY,
  },
  {
    file: 'buggy/mongodb-find-returned.ts', line: 13, column: 12, messageId: 'escapesScope',
    message: escapes(
      "'client.db(…).collection(…).find(…)'",
      "client 'client'",
      'returned',
      'line 15, client.close() in finally',
    ),
    suggestions: [],
  },
  {
    file: 'buggy/mongodb-service-class-this-client.ts', line: 14, column: 14, messageId: 'notAwaited',
    message: notAwaited(
      "'this.client.db(…).collection(…).find(…).toArray()'",
      "'this.client.db(…).collection(…).find(…)'",
      "pool 'this.client'",
      'line 16, this.client.close() in finally',
    ),
    suggestions: [],
  },
  {
    file: 'buggy/mongodb-stack-adopted-cursor.ts', line: 14, column: 10, messageId: 'escapesScope',
    message: escapes(
      "'orders.find(…).sort(…)'",
      "client 'client'",
      'returned',
      "line 15, by stack 'stack' at the end of its 'await using' block",
    ),
    suggestions: TO_ARRAY,
  },
  {
    file: 'buggy/mongodb-watch-stored-on-this.ts', line: 17, column: 7, messageId: 'escapesScope',
    message: escapes(
      "'inventory.watch(…)'",
      "client 'client'",
      "stored on 'this.changes'",
      'line 19, client.close() in finally',
    ),
    suggestions: [],
  },
  {
    file: 'buggy/mysql-pool-query-before-end.ts', line: 10, column: 5, messageId: 'notAwaited',
    message: useNotAwaited("'pool.query(…)'", "pool 'pool'", 'line 12, pool.end()', "mysql's end() fails the operations still waiting for a connection"),
    suggestions: [],
  },
  {
    file: 'buggy/mysql2-close-on-some-paths.ts', line: 12, column: 16, messageId: 'blocksClose',
    message: blocksClose(
      "'conn.query(…).stream()'", "connection 'conn'", 'line 15, conn.promise().end(); line 19, conn.promise().end()', "mysql2's end() waits for it",
    ),
    suggestions: [],
  },

  {
    file: 'buggy/mysql2-stream-unread-before-end.ts', line: 15, column: 18, messageId: 'blocksClose',
    message: blocksClose(
      "'conn.query(…).stream()'", "connection 'conn'", 'line 20, conn.promise().end() in finally', "mysql2's end() waits for it",
    ),
    suggestions: [],
  },
  {
    file: 'buggy/node-sqlite-using-alias.ts', line: 11, column: 10, messageId: 'escapesScope',
    message: escapes(
      "'rows' (from db.prepare(…).iterate())",
      "database 'db'",
      'returned',
      "line 12, end of the 'using' block",
    ),
    suggestions: [],
  },
  {
    file: 'buggy/pg-copy-to-pipeline-callback.ts', line: 16, column: 5, messageId: 'stillReading',
    message: stillReading(
      "'client.query(…)'",
      "client 'client'",
      'line 20, client.release() in finally',
      "use 'await pipeline(…)' of 'node:stream/promises'",
    ),
    suggestions: [],
  },
  {
    file: 'buggy/pg-copy-to-returned.ts', line: 10, column: 12, messageId: 'escapesScope',
    message: escapes("'client.query(…)'", "client 'client'", 'returned', 'line 12, client.release() in finally'),
    suggestions: TO_ARRAY,
  },
  {
    file: 'buggy/pg-cursor-read-after-release.ts', line: 25, column: 10, messageId: 'consumedAfterDisposal',
    message: consumedAfter("'cursor' (from client.query(…))", "client 'client'", 'line 23, client.release() in finally'),
    suggestions: [],
  },
  {
    file: 'buggy/pg-existence-guard-stream-returned.ts', line: 13, column: 12, messageId: 'escapesScope',
    message: escapes("'client.query(…)'", "pool 'client'", 'returned', 'line 15, client.release() in finally'),
    suggestions: TO_ARRAY,
  },
  {
    file: 'buggy/pg-query-stream-helper-piped.ts', line: 20, column: 5, messageId: 'stillReading',
    message: stillReading(
      "'client.query(…)' (read by sendRows(…))",
      "client 'client'",
      'line 22, client.release() in finally',
      'await finished(res)',
    ),
    suggestions: [],
  },
  {
    file: 'buggy/pg-query-stream-piped-before-release.ts', line: 15, column: 5, messageId: 'stillReading',
    message: stillReading(
      "'client.query(…)'",
      "client 'client'",
      'line 17, client.release() in finally',
      "await finished(res) or 'await pipeline(…)'",
    ),
    suggestions: [],
  },
  {
    file: 'buggy/pg-query-stream-returned.ts', line: 15, column: 12, messageId: 'escapesScope',
    message: escapes("'client.query(…)'", "client 'client'", 'returned', 'line 17, client.release() in finally'),
    suggestions: TO_ARRAY,
  },
  {
    file: 'buggy/piscina-pmapiterable-returned.ts', line: 14, column: 10, messageId: 'escapesScope',
    message: escapes("'pMapIterable(…)'", "worker pool 'pool'", 'returned', "line 15, end of the 'await using' block"),
    suggestions: ASYNC,
  },
  {
    file: 'buggy/redis-scan-in-listener.ts', line: 15, column: 33, messageId: 'consumedLater',
    message: consumedLater(
      "'keys' (from client.scanIterator(…))",
      "pool 'client'",
      'line 18, client.close() in finally',
      "a 'flush' listener",
    ),
    suggestions: [],
  },
  {
    file: 'buggy/sqlite3-callback-after-close.ts', line: 11, column: 7, messageId: 'usedLater',
    message: usedLater("'db.run(…)'", "database 'db'", "the callback of 'db.get(…)', handed over at line 9", 'line 13, db.close()'),
    suggestions: [],
  },
  {
    file: 'buggy/undici-fetch-dispatcher-closed.ts', line: 13, column: 12, messageId: 'escapesIntoWaitingClose',
    message: escapesIntoWaitingClose("'fetch(…)'", "dispatcher 'dispatcher'", 'line 15, dispatcher.close() in finally', "undici's close() waits for it"),
    suggestions: [],
  },
  {
    file: 'buggy/worker-pool-imap-unordered.ts', line: 27, column: 29, messageId: 'consumedAfterDisposal',
    message: consumedAfter(
      "'results' (from pool.imapUnordered(…))",
      "pool 'pool'",
      "line 25, end of the 'await using' block",
    ),
    suggestions: [],
  },
  {
    file: 'buggy/workerpool-exec-after-terminate.ts', line: 11, column: 25, messageId: 'usedAfterClose',
    message: usedAfterClose("'pool.exec(…)'", "worker pool 'pool'", 'line 10, pool.terminate(…)'),
    suggestions: [],
  },
];

/** The .ts files under examples/<dir>, relative to examples/. */
function exampleFiles(dir: string): string[] {
  return readdirSync(path.join(examples, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.posix.join(dir, name.split(path.sep).join('/')))
    .sort();
}

async function lintExamples(): Promise<{ linted: string[]; reports: Report[] }> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { 'pool-lifetime': plugin },
        rules: { 'pool-lifetime/no-iterator-outlives-pool': ['error', OPTIONS], 'pool-lifetime/no-pool-used-after-close': 'error' },
      },
    ],
  });
  const results = await eslint.lintFiles(['examples/**/*.ts']);
  const linted: string[] = [];
  const reports: Report[] = [];
  for (const result of results) {
    const file = path.relative(examples, result.filePath).split(path.sep).join('/');
    linted.push(file);
    for (const m of result.messages) {
      reports.push({
        file,
        line: m.line,
        column: m.column,
        // Parse errors and crashes have no message id: show them instead.
        messageId: m.messageId ?? `<${m.ruleId ?? 'fatal'}>`,
        message: m.message,
        suggestions: (m.suggestions ?? []).map((s) => s.messageId ?? s.desc),
      });
    }
  }
  reports.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { linted: linted.sort(), reports };
}

describe('examples/', () => {
  const run = lintExamples();

  it('lints every example file', async () => {
    const { linted } = await run;
    expect(linted).toEqual([...exampleFiles('buggy'), ...exampleFiles('correct')]);
  });

  it('gives exactly the expected reports', async () => {
    const { reports } = await run;
    expect(reports).toEqual(expected);
  });

  it('reports every buggy example and no correct one', async () => {
    const { reports } = await run;
    const reported = new Set(reports.map((r) => r.file));
    expect(exampleFiles('buggy').filter((f) => !reported.has(f))).toEqual([]);
    expect(exampleFiles('correct').filter((f) => reported.has(f))).toEqual([]);
  });

  // Messages a user reads: short in the common case, each ending with what to do.
  it('keeps reports to about 150 characters, and every report says what to do after its colon', async () => {
    const { reports } = await run;
    const lengths = reports.map((r) => r.message.length).sort((a, b) => a - b);
    // The median (an escape, whose remedy is the longest; the pool named by what it is, `database 'db'`),
    // and every read after the close, the commonest kind.
    expect(lengths[Math.floor(lengths.length / 2)]).toBeLessThanOrEqual(160);
    for (const r of reports.filter((report) => report.messageId === 'consumedAfterDisposal')) expect(r.message.length).toBeLessThan(150);
    for (const { message } of reports) {
      expect(message).toMatch(
        /\): (read it before then|read it into an array, or close in the caller|await it|close it after its last use|close it once that callback has run|close it once the response ends|.+ first)\.$/,
      );
    }
  });
});
