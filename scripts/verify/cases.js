// The table of `npm run examples:verify`: for each example, how it is run
// against its real driver and what outcome its header comment promises.
//
// A case is { file, name, run(h), expect } or { file, name?, skip: reason }.
// `run` runs in a child process of its own (scripts/verify/child.js) with the
// helpers of helpers.js; `expect` is checked by the parent on the outcome:
//   hang: true            `run` did not settle within the time limit
//   error: /re/           `run` threw (or rejected) with a matching error
//   unhandled: /re/       `run` settled, but a matching error went unhandled
//   value: (v) => problem `run` resolved to v, and the check returned null
// `says` is what the comment promises, printed in the summary.
import { Buffer } from 'node:buffer';
import { EventEmitter, once } from 'node:events';
import { readFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { setTimeout } from 'node:timers';
import { createPool } from 'generic-pool';
import pg from 'pg';
import { DATA } from './data.js';

const NO_MONGO = 'no MongoDB server installs here (Debian ships none), and the example needs one';
const DENO = 'Deno code (Deno.open); Node cannot run it';
const NOT_INSTALLED = (driver) => `${driver} is not among the project's devDependencies (nor its server here): the example is checked by the lint only`;
const MYSQL_POOL = "the harness points mysql's createConnection at the local server, not createPool: the pool example is checked by the lint only";
const NODE_SQLITE = 'node:sqlite needs Node 22.5 (and a disposable DatabaseSync 22.15); this runs on Node 20';
const WORKER_POOL = "the project's own WorkerPool (../lib/worker-pool.js) is a sketch, not a package: there is no driver to run";

const exactly = (expected, what) => (actual) =>
  actual === expected ? null : `${what}: expected ${String(expected)}, got ${String(actual)}`;
const fewer = (total, what) => (actual) =>
  actual < total ? null : `${what}: expected fewer than ${String(total)} (rows lost), got ${String(actual)}`;

/** A log file of DATA.fileLines lines, every tenth an ERROR. */
function logFile(h) {
  const lines = Array.from({ length: DATA.fileLines }, (_, i) => (i % 10 === 0 ? `ERROR ${String(i)}` : `ok ${String(i)}`));
  return h.file('app.log', `${lines.join('\n')}\n`);
}
const LOG_ERRORS = DATA.fileLines / 10;

/** A CSV file: a header and DATA.fileLines rows. */
function csvFile(h) {
  const rows = Array.from({ length: DATA.fileLines }, (_, i) => `${String(i)},item ${String(i)},${String(i % 7)}`);
  return h.file('data.csv', `id,name,qty\n${rows.join('\n')}\n`);
}

/** A folder of 30 .log files and 5 others. */
function logDir(h) {
  for (let i = 0; i < 30; i += 1) h.file(`logs/${String(i)}.log`, 'x');
  for (let i = 0; i < 5; i += 1) h.file(`logs/${String(i)}.txt`, 'x');
  return `${h.dir}/logs`;
}

/** An HTTP server that counts the POSTed lines it receives. */
async function postCounter(h) {
  const got = { posts: 0 };
  const url = await h.serve((req, res) => {
    req.resume();
    req.on('end', () => {
      got.posts += 1;
      res.end('ok');
    });
  });
  return { url, got };
}

/** An HTTP server that sends a large body, DATA.httpBodyBytes long. */
function bigBody(h) {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  return h.serve(async (_req, res) => {
    res.writeHead(200, { 'content-length': String(DATA.httpBodyBytes) });
    for (let sent = 0; sent < DATA.httpBodyBytes; sent += chunk.length) {
      if (!res.write(chunk)) await once(res, 'drain');
    }
    res.end();
  });
}

/** An HTTP server that sends a small body in two parts, 50 ms apart. */
const SMALL_BODY_BYTES = 1003;
function smallBody(h) {
  return h.serve((_req, res) => {
    res.write('x'.repeat(1000));
    setTimeout(() => res.end('end'), 50);
  });
}

/** A generic-pool of pg clients, as the generic-pool examples take. */
function pgGenericPool(h, max) {
  return createPool(
    {
      create: async () => {
        const client = new pg.Client({ connectionString: h.env.DATABASE_URL });
        await client.connect();
        return client;
      },
      destroy: (client) => client.end(),
    },
    { max },
  );
}

/** Reads a Readable (or async iterable) to the end; resolves to the number of items. */
async function count(iterable) {
  let n = 0;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- only counted
  for await (const _ of iterable) n += 1;
  return n;
}

/**
 * Runs an HTTP handler that releases its client while its rows still flow,
 * then the same handler for a second request: resolves to the number of rows
 * the first response had when the second got its first row.
 */
async function queuedBehind(h, handler) {
  const first = h.sink();
  const second = h.sink();
  await handler(first);
  let seen;
  const firstRow = new Promise((resolve) => {
    const write = second.stream._write.bind(second.stream);
    second.stream._write = (chunk, encoding, callback) => {
      seen ??= first.lines();
      resolve();
      write(chunk, encoding, callback);
    };
  });
  await handler(second);
  await firstRow;
  return seen;
}
const queuedBehindAll = (rowsBefore) =>
  rowsBefore === DATA.pgEvents
    ? null
    : `the second request got rows after ${String(rowsBefore)} of the first's ${String(DATA.pgEvents)}: not queued behind it`;

/** The files the piscina examples resize. */
const IMAGES = Array.from({ length: 20 }, (_, i) => `img${String(i)}.png`);

const YESTERDAY = () => new Date(Date.now() - 2 * 24 * 3600 * 1000);

export const cases = [
  // ---------------------------------------------------------------- buggy
  {
    file: 'buggy/better-sqlite3-iterate-returned.ts',
    says: 'the close in finally throws "connection is busy"',
    run: async (h) => (await h.load('buggy/better-sqlite3-iterate-returned.ts')).revenueSince(h.sqliteOrders(), 0),
    expect: { error: /connection is busy/ },
  },
  {
    file: 'buggy/better-sqlite3-iterator-left-open.ts',
    says: 'db.close() throws "connection is busy"',
    run: async (h) => (await h.load('buggy/better-sqlite3-iterator-left-open.ts')).newestOrder(h.sqliteOrders()),
    expect: { error: /connection is busy/ },
  },
  {
    file: 'buggy/better-sqlite3-closed-on-one-path.ts',
    says: 'on the read-only path the statement runs on a closed database: "The database connection is not open"',
    run: async (h) => (await h.load('buggy/better-sqlite3-closed-on-one-path.ts')).cleanUp(h.sqliteSessions(), true),
    expect: { error: /database connection is not open/ },
  },
  {
    file: 'buggy/better-sqlite3-statement-returned.ts',
    says: 'the caller runs a statement of a database the function closed: "The database connection is not open"',
    run: async (h) => (await h.load('buggy/better-sqlite3-statement-returned.ts')).expired(h.sqliteSessions()).join(','),
    expect: { error: /database connection is not open/ },
  },
  { file: 'buggy/basic-ftp-download-not-awaited.ts', skip: NOT_INSTALLED('basic-ftp') },
  { file: 'buggy/deno-response-body.ts', skip: DENO },
  {
    file: 'buggy/http-get-agent-destroyed.ts',
    says: 'the request fails ECONNRESET before the response comes',
    run: async (h) => (await h.load('buggy/http-get-agent-destroyed.ts')).download(await smallBody(h)),
    expect: { error: /ECONNRESET|socket hang up/ },
  },
  {
    file: 'buggy/filehandle-drain-not-awaited.ts',
    says: 'the upload never finishes: lines are lost, no error',
    run: async (h) => {
      const { url, got } = await postCounter(h);
      await (await h.load('buggy/filehandle-drain-not-awaited.ts')).shipLog(logFile(h), url);
      await h.sleep(1000);
      return got.posts;
    },
    expect: { value: fewer(DATA.fileLines, 'lines POSTed') },
  },
  {
    file: 'buggy/filehandle-readlines-escapes.ts',
    name: 'countRows (readLines)',
    says: 'iterating the returned readLines() hangs',
    run: async (h) => (await h.load('buggy/filehandle-readlines-escapes.ts')).countRows(csvFile(h)),
    expect: { hang: true },
  },
  {
    file: 'buggy/filehandle-readlines-escapes.ts',
    name: 'rawCsv (createReadStream)',
    says: 'the returned stream errors with ERR_STREAM_PREMATURE_CLOSE',
    run: async (h) => count(await (await h.load('buggy/filehandle-readlines-escapes.ts')).rawCsv(csvFile(h))),
    expect: { error: /ERR_STREAM_PREMATURE_CLOSE|Premature close/ },
  },
  {
    file: 'buggy/filehandle-readlines-listener.ts',
    says: "the listener gets no more lines after the handle closes, and no 'close'",
    run: async (h) => {
      let errors = 0;
      await (await h.load('buggy/filehandle-readlines-listener.ts')).countErrors(logFile(h), () => {
        errors += 1;
      });
      await h.sleep(1000);
      return errors;
    },
    expect: { value: fewer(LOG_ERRORS, 'ERROR lines seen') },
  },
  {
    file: 'buggy/fs-opendir-after-close.ts',
    says: 'the iteration throws ERR_DIR_CLOSED',
    run: async (h) => (await h.load('buggy/fs-opendir-after-close.ts')).listLogs(logDir(h)),
    expect: { error: /ERR_DIR_CLOSED/ },
  },
  {
    file: 'buggy/generic-pool-use-returns-stream.ts',
    says: "the client goes back to the pool with the stream unread: another request's query on it hangs",
    run: async (h) => {
      const pgPool = pgGenericPool(h, 1);
      const stream = await (await h.load('buggy/generic-pool-use-returns-stream.ts')).auditLog(pgPool, YESTERDAY());
      await pgPool.use((client) => client.query('SELECT 1'));
      return count(stream);
    },
    expect: { hang: true },
  },
  {
    file: 'buggy/ioredis-scan-stream-after-quit.ts',
    says: 'the first SCAN fails with "Connection is closed."',
    run: async (h) => (await h.load('buggy/ioredis-scan-stream-after-quit.ts')).sessionKeys(h.env.REDIS_URL),
    expect: { error: /Connection is closed/ },
  },
  {
    file: 'buggy/knex-stream-after-destroy.ts',
    says: 'db.destroy() never resolves while the stream is unconsumed: the export never finishes',
    run: async (h) => (await h.load('buggy/knex-stream-after-destroy.ts')).exportEvents(`${h.dir}/out.csv`, YESTERDAY()),
    expect: { hang: true },
  },
  {
    file: 'buggy/level-module-export.ts',
    says: 'an importer pulling the exported iterators gets LEVEL_ITERATOR_NOT_OPEN',
    run: async (h) => {
      const mod = await h.load('buggy/level-module-export.ts');
      return await mod.settingKeys.all();
    },
    expect: { error: /LEVEL_ITERATOR_NOT_OPEN/ },
  },
  { file: 'buggy/mongodb-awaited-cursor-returned.ts', skip: NO_MONGO },
  { file: 'buggy/mongodb-container-escapes.ts', skip: NO_MONGO },
  { file: 'buggy/mongodb-find-returned.ts', skip: NO_MONGO },
  { file: 'buggy/mongodb-service-class-this-client.ts', skip: NO_MONGO },
  { file: 'buggy/mongodb-stack-adopted-cursor.ts', skip: NO_MONGO },
  { file: 'buggy/mongodb-watch-stored-on-this.ts', skip: NO_MONGO },
  {
    file: 'buggy/mysql2-close-on-some-paths.ts',
    says: `on the dry run ${DATA.mysqlOrders.toLocaleString('en')} rows are left unread, and await end() never returns`,
    run: async (h) => (await h.load('buggy/mysql2-close-on-some-paths.ts')).exportOrders(`${h.dir}/orders.txt`, true),
    expect: { hang: true },
  },
  {
    file: 'buggy/mysql2-stream-unread-before-end.ts',
    says: `with ${DATA.mysqlOrders.toLocaleString('en')} rows left unread, await end() never returns`,
    run: async (h) =>
      (await h.load('buggy/mysql2-stream-unread-before-end.ts')).exportOrders(h.sink().stream, 'csv'),
    expect: { hang: true },
  },
  { file: 'buggy/mysql-pool-query-before-end.ts', skip: MYSQL_POOL },
  { file: 'buggy/node-sqlite-using-alias.ts', skip: NODE_SQLITE },
  { file: 'buggy/sqlite3-callback-after-close.ts', skip: NOT_INSTALLED('sqlite3') },
  {
    file: 'buggy/pg-copy-to-pipeline-callback.ts',
    says: "the next request gets the released client mid-copy: its query waits until the copy is over",
    run: async (h) => {
      const mod = await h.load('buggy/pg-copy-to-pipeline-callback.ts');
      return queuedBehind(h, (sink) => mod.exportEvents(sink.stream));
    },
    expect: { value: queuedBehindAll },
  },
  {
    file: 'buggy/pg-copy-to-returned.ts',
    says: "the stream is read through a released client: another request's query waits behind it",
    run: async (h) => {
      const pool = h.pgPool({ max: 1 });
      const stream = await (await h.load('buggy/pg-copy-to-returned.ts')).exportOrders(await pool.connect());
      await pool.query('SELECT 1');
      return count(stream);
    },
    expect: { hang: true },
  },
  {
    file: 'buggy/pg-cursor-read-after-release.ts',
    says: "the read works, but the cursor left open makes the next call's query wait forever at max: 1",
    run: async (h) => {
      const mod = await h.load('buggy/pg-cursor-read-after-release.ts');
      await mod.firstAuditPage(1);
      return (await mod.firstAuditPage(2)).length;
    },
    expect: { hang: true },
  },
  {
    file: 'buggy/pg-existence-guard-stream-returned.ts',
    says: "the stream is read after its client went back to the pool: another query on it hangs",
    run: async (h) => {
      const pool = h.pgPool({ max: 1 });
      const stream = await (await h.load('buggy/pg-existence-guard-stream-returned.ts')).auditStream(pool, 1);
      await pool.query('SELECT 1');
      return count(stream);
    },
    expect: { hang: true },
  },
  {
    file: 'buggy/pg-query-stream-piped-before-release.ts',
    says: 'the next request gets the released client while the rows flow: its query waits until the last one',
    run: async (h) => {
      const mod = await h.load('buggy/pg-query-stream-piped-before-release.ts');
      return queuedBehind(h, (sink) => mod.sendEvents(sink.stream));
    },
    expect: { value: queuedBehindAll },
  },
  {
    file: 'buggy/pg-query-stream-helper-piped.ts',
    says: 'the next request gets the released client while the rows flow: its query waits until the last one',
    run: async (h) => {
      const mod = await h.load('buggy/pg-query-stream-helper-piped.ts');
      return queuedBehind(h, (sink) => mod.sendEvents(sink.stream));
    },
    expect: { value: queuedBehindAll },
  },
  {
    file: 'buggy/pg-query-stream-returned.ts',
    says: "the next request gets the same client: its stream waits behind the unread one, and hangs",
    run: async (h) => {
      const mod = await h.load('buggy/pg-query-stream-returned.ts');
      await mod.streamEvents(YESTERDAY());
      return count(await mod.streamEvents(YESTERDAY()));
    },
    expect: { hang: true },
  },
  {
    file: 'buggy/piscina-pmapiterable-returned.ts',
    says: 'no failure: piscina quietly runs the tasks on the pool the block had closed',
    run: async (h) => {
      await (await h.load('buggy/piscina-pmapiterable-returned.ts')).main(IMAGES);
      return h.logs.length;
    },
    expect: { value: exactly(20, 'results printed after the pool was closed') },
  },
  {
    file: 'buggy/redis-scan-in-listener.ts',
    says: "the listener's first next() throws ClientClosedError, and nobody catches it",
    run: async (h) => {
      const bus = new EventEmitter();
      await (await h.load('buggy/redis-scan-in-listener.ts')).flushOnSignal(h.env.REDIS_URL, bus);
      bus.emit('flush');
      await h.sleep(300);
      return h.logs.length;
    },
    expect: { unhandled: /ClientClosedError The client is closed/ },
  },
  {
    file: 'buggy/undici-fetch-dispatcher-closed.ts',
    says: `with a ${String(DATA.httpBodyBytes / 1024 / 1024)} MiB body nobody reads, the call never returns`,
    run: async (h) => (await (await h.load('buggy/undici-fetch-dispatcher-closed.ts')).download(await bigBody(h))).status,
    expect: { hang: true },
  },
  { file: 'buggy/worker-pool-imap-unordered.ts', skip: WORKER_POOL },
  { file: 'buggy/workerpool-exec-after-terminate.ts', skip: NOT_INSTALLED('workerpool') },

  // -------------------------------------------------------------- correct
  { file: 'correct/array-fromasync-inside.ts', name: 'productNames', skip: NO_MONGO },
  { file: 'correct/basic-ftp-download-awaited.ts', skip: NOT_INSTALLED('basic-ftp') },
  {
    file: 'correct/better-sqlite3-closed-after-use.ts',
    says: 'the 4 expired sessions are read before the close',
    run: async (h) => (await h.load('correct/better-sqlite3-closed-after-use.ts')).expired(h.sqliteSessions()).join(','),
    expect: { value: exactly('s1,s2,s3,s4', 'ids') },
  },
  {
    file: 'correct/better-sqlite3-rows-returned.ts',
    says: 'the 4 expired sessions are read before the close',
    run: async (h) => (await h.load('correct/better-sqlite3-rows-returned.ts')).expired(h.sqliteSessions()).join(','),
    expect: { value: exactly('s1,s2,s3,s4', 'ids') },
  },
  {
    file: 'correct/http-get-agent-destroyed-on-end.ts',
    says: 'the whole body is read before the agent is destroyed',
    run: async (h) => (await h.load('correct/http-get-agent-destroyed-on-end.ts')).download(await smallBody(h)),
    expect: { value: exactly(SMALL_BODY_BYTES, 'bytes read') },
  },
  { file: 'correct/mysql-connection-query-before-end.ts', skip: "the seeded orders table has no 'archived' column for its UPDATE: checked by the lint only" },
  { file: 'correct/sqlite3-close-in-last-callback.ts', skip: NOT_INSTALLED('sqlite3') },
  {
    file: 'correct/array-fromasync-inside.ts',
    name: 'headerAndRows',
    says: 'every line is read',
    run: async (h) => (await (await h.load('correct/array-fromasync-inside.ts')).headerAndRows(csvFile(h))).rows.length,
    expect: { value: exactly(DATA.fileLines, 'rows') },
  },
  { file: 'correct/async-generator-yield-star.ts', skip: WORKER_POOL },
  {
    file: 'correct/better-sqlite3-generator.ts',
    says: 'every row is read, by the generator and by Array.from',
    run: async (h) => {
      const mod = await h.load('correct/better-sqlite3-generator.ts');
      const file = h.sqliteOrders();
      return (await count(mod.ordersSince(file, 0))) + mod.ordersSinceArray(file, 0).length;
    },
    expect: { value: exactly(2 * DATA.sqliteOrders, 'rows') },
  },
  {
    file: 'correct/better-sqlite3-iterator-returned.ts',
    says: 'the newest row comes back, and the close does not throw',
    run: async (h) => {
      const mod = await h.load('correct/better-sqlite3-iterator-returned.ts');
      const file = h.sqliteOrders();
      return [mod.newestOrder(file)?.id, mod.newestOrderByGet(file)?.id].join(',');
    },
    expect: { value: exactly(`${String(DATA.sqliteOrders)},${String(DATA.sqliteOrders)}`, 'ids') },
  },
  { file: 'correct/deno-response-body-read-inside.ts', skip: DENO },
  {
    file: 'correct/filehandle-drain-awaited.ts',
    says: 'every line is POSTed',
    run: async (h) => {
      const { url, got } = await postCounter(h);
      await (await h.load('correct/filehandle-drain-awaited.ts')).shipLog(logFile(h), url);
      return got.posts;
    },
    expect: { value: exactly(DATA.fileLines, 'lines POSTed') },
    limit: 30_000,
  },
  {
    file: 'correct/filehandle-readlines-inside.ts',
    says: 'every row is counted',
    run: async (h) => (await (await h.load('correct/filehandle-readlines-inside.ts')).csvStats(csvFile(h))).rows,
    expect: { value: exactly(DATA.fileLines, 'rows') },
  },
  {
    file: 'correct/filehandle-readlines-listener-awaited.ts',
    says: 'every ERROR line is seen',
    run: async (h) => {
      let errors = 0;
      await (await h.load('correct/filehandle-readlines-listener-awaited.ts')).countErrors(logFile(h), () => {
        errors += 1;
      });
      return errors;
    },
    expect: { value: exactly(LOG_ERRORS, 'ERROR lines seen') },
  },
  {
    file: 'correct/fs-dir-read-in-scope.ts',
    says: 'every entry is read',
    run: async (h) => {
      const mod = await h.load('correct/fs-dir-read-in-scope.ts');
      const dir = logDir(h);
      return `${String((await mod.listLogs(dir)).length)} logs, ${String(await mod.countEntries(dir))} entries`;
    },
    expect: { value: exactly('30 logs, 35 entries', 'entries') },
  },
  {
    file: 'correct/generic-pool-use-consumes-inside.ts',
    says: 'every row reaches the output before the client is released',
    run: async (h) => {
      const sink = h.sink();
      const pgPool = pgGenericPool(h, 1);
      await (await h.load('correct/generic-pool-use-consumes-inside.ts')).auditLog(pgPool, YESTERDAY(), sink.stream);
      await pgPool.use((client) => client.query('SELECT 1'));
      await pgPool.drain();
      await pgPool.clear();
      return sink.chunks.length;
    },
    expect: { value: exactly(5 * DATA.pgAuditPerUser, 'rows') },
  },
  {
    file: 'correct/ioredis-scan-inside.ts',
    says: 'every session key is read',
    run: async (h) => {
      const mod = await h.load('correct/ioredis-scan-inside.ts');
      return `${String((await mod.sessionKeys(h.env.REDIS_URL)).length)} ${String(await mod.adminSession(h.env.REDIS_URL))}`;
    },
    expect: { value: exactly(`${String(DATA.redisSessions)} session:admin:1`, 'keys') },
  },
  {
    file: 'correct/knex-stream-inside.ts',
    says: 'every row is written, then destroy() resolves',
    run: async (h) => {
      const mod = await h.load('correct/knex-stream-inside.ts');
      await mod.exportEvents(`${h.dir}/out.csv`, YESTERDAY());
      const written = h.countLines(readFileSync(`${h.dir}/out.csv`, 'utf8')) - 1;
      return `${String(written)} ${String(await mod.countEvents(YESTERDAY()))}`;
    },
    expect: { value: exactly(`${String(DATA.pgEvents)} ${String(DATA.pgEvents)}`, 'rows written, rows counted') },
  },
  {
    file: 'correct/level-module-materialized.ts',
    says: 'the exports are complete arrays',
    run: async (h) => {
      const { ClassicLevel } = await import('classic-level');
      const db = new ClassicLevel(`${h.dir}/data/settings`);
      for (let i = 0; i < 20; i += 1) await db.put(`setting:${String(i).padStart(2, '0')}`, String(i));
      await db.close();
      const mod = await h.load('correct/level-module-materialized.ts');
      return [mod.settingKeys.length, mod.recent.length, mod.newest.length].join(',');
    },
    expect: { value: exactly('20,10,3', 'keys, recent, newest') },
  },
  { file: 'correct/mongodb-materialised.ts', skip: NO_MONGO },
  { file: 'correct/mongodb-service-class-awaited.ts', skip: NO_MONGO },
  { file: 'correct/mongodb-stack-materialised.ts', skip: NO_MONGO },
  { file: 'correct/mongoose-reopened-connection.ts', skip: `${NO_MONGO} (and Mongoose)` },
  {
    file: 'correct/mysql2-early-return.ts',
    says: 'every user is exported, and the dry run returns',
    run: async (h) => {
      const mod = await h.load('correct/mysql2-early-return.ts');
      await mod.exportUsers(`${h.dir}/dry.txt`, true);
      await mod.exportUsers(`${h.dir}/users.txt`, false);
      return h.countLines(readFileSync(`${h.dir}/users.txt`, 'utf8'));
    },
    expect: { value: exactly(DATA.mysqlUsers, 'users') },
  },
  {
    file: 'correct/mysql2-stream-data-listener.ts',
    says: `all ${DATA.mysqlOrders.toLocaleString('en')} rows arrive, and end() calls back`,
    run: async (h) => {
      let rows = 0;
      await (await h.load('correct/mysql2-stream-data-listener.ts')).exportOrders(() => {
        rows += 1;
      });
      const [conn] = h.mysqlConnections;
      if (conn.stream.destroyed !== true) await once(conn.stream, 'close');
      return rows;
    },
    expect: { value: exactly(DATA.mysqlOrders, 'rows') },
  },
  {
    file: 'correct/mysql2-stream-end-awaited.ts',
    says: `all ${DATA.mysqlOrders.toLocaleString('en')} rows arrive before end()`,
    run: async (h) => {
      let rows = 0;
      await (await h.load('correct/mysql2-stream-end-awaited.ts')).exportOrders(() => {
        rows += 1;
      });
      return rows;
    },
    expect: { value: exactly(DATA.mysqlOrders, 'rows') },
  },
  {
    file: 'correct/mysql2-stream-read-before-end.ts',
    says: `both paths return: all ${DATA.mysqlOrders.toLocaleString('en')} rows, or none`,
    run: async (h) => {
      const mod = await h.load('correct/mysql2-stream-read-before-end.ts');
      const skipped = await mod.exportOrders(h.sink().stream, 'csv');
      const sink = h.sink();
      const done = await mod.exportOrders(sink.stream, 'ndjson');
      return `${String(skipped)} ${String(done)} ${String(sink.chunks.length)}`;
    },
    expect: { value: exactly(`false true ${String(DATA.mysqlOrders)}`, 'returns and rows') },
  },
  { file: 'correct/node-sqlite-using-eager.ts', skip: NODE_SQLITE },
  {
    file: 'correct/pg-copy-to-pipeline-callback-releases.ts',
    says: 'every row is copied, then the client is released',
    run: async (h) => {
      const sink = h.sink();
      await (await h.load('correct/pg-copy-to-pipeline-callback-releases.ts')).exportEvents(sink.stream);
      await finished(sink.stream);
      return sink.lines();
    },
    expect: { value: exactly(DATA.pgEvents, 'rows copied') },
  },
  {
    file: 'correct/pg-existence-guard-drained.ts',
    says: "every one of the user's rows is read",
    run: async (h) => (await (await h.load('correct/pg-existence-guard-drained.ts')).auditRows(h.pgPool({ max: 1 }), 1)).length,
    expect: { value: exactly(DATA.pgAuditPerUser, 'rows') },
  },
  {
    file: 'correct/pg-query-stream-piped.ts',
    says: 'every row is written, and the cursor page is complete',
    run: async (h) => {
      const mod = await h.load('correct/pg-query-stream-piped.ts');
      await mod.dumpEvents(`${h.dir}/events.ndjson`, YESTERDAY());
      const page = await mod.firstAuditPage(1);
      return `${String(h.countLines(readFileSync(`${h.dir}/events.ndjson`, 'utf8')))} ${String(page.length)}`;
    },
    expect: { value: exactly(`${String(DATA.pgEvents)} 100`, 'rows, page') },
  },
  {
    file: 'correct/pg-query-stream-pipeline-awaited.ts',
    says: 'every row is written before the release',
    run: async (h) => {
      const sink = h.sink();
      await (await h.load('correct/pg-query-stream-pipeline-awaited.ts')).sendEvents(sink.stream);
      return sink.lines();
    },
    expect: { value: exactly(DATA.pgEvents, 'rows written') },
  },
  {
    file: 'correct/pg-query-stream-helper-awaited.ts',
    says: 'every row is written before the release',
    run: async (h) => {
      const sink = h.sink();
      await (await h.load('correct/pg-query-stream-helper-awaited.ts')).sendEvents(sink.stream);
      return sink.lines();
    },
    expect: { value: exactly(DATA.pgEvents, 'rows written') },
  },
  {
    file: 'correct/pg-rows-find.ts',
    says: 'the user is found',
    run: async (h) => (await (await h.load('correct/pg-rows-find.ts')).userById(h.pgPool({ max: 1 }), 7))?.name,
    expect: { value: exactly('user 7', 'name') },
  },
  {
    file: 'correct/pg-stream-released-on-close.ts',
    says: 'every row is read, and the client is released when the stream closes',
    run: async (h) => {
      const stream = await (await h.load('correct/pg-stream-released-on-close.ts')).streamEvents(YESTERDAY());
      const rows = await count(stream);
      await h.sleep(50);
      return rows;
    },
    expect: { value: exactly(DATA.pgEvents, 'rows') },
  },
  {
    file: 'correct/pmapiterable-consumed-inside.ts',
    says: 'every task runs while the pool is open',
    run: async (h) => {
      return (await h.load('correct/pmapiterable-consumed-inside.ts')).resizeAll(IMAGES);
    },
    // resize-worker.js "writes" the name's length times the width per file.
    expect: { value: exactly(IMAGES.reduce((sum, file) => sum + file.length * 320, 0), 'bytes') },
  },
  {
    file: 'correct/redis-scan-in-listener-own-client.ts',
    says: 'the listener scans every cache key with its own client',
    run: async (h) => {
      const bus = new EventEmitter();
      (await h.load('correct/redis-scan-in-listener-own-client.ts')).flushOnSignal(h.env.REDIS_URL, bus);
      bus.emit('flush');
      for (let i = 0; i < 100 && h.logs.join(' ').split('cache:').length - 1 < DATA.redisCache; i += 1) await h.sleep(20);
      return h.logs.join(' ').split('cache:').length - 1;
    },
    expect: { value: exactly(DATA.redisCache, 'cache keys scanned') },
  },
  { file: 'correct/typeorm-awaited-find.ts', skip: "TypeORM's entities (../lib/entities.js) are a sketch, and TypeORM is not installed" },
  {
    file: 'correct/undici-fetch-body-read-inside.ts',
    says: 'the whole body is read, and close() returns',
    run: async (h) => (await (await h.load('correct/undici-fetch-body-read-inside.ts')).download(await bigBody(h))).length,
    expect: { value: exactly(DATA.httpBodyBytes, 'bytes') },
  },
  {
    file: 'correct/worker-pool-eager-map.ts',
    name: 'resizeAll (piscina)',
    says: 'every task runs inside the scope',
    run: async (h) => {
      return (await (await h.load('correct/worker-pool-eager-map.ts')).resizeAll(IMAGES)).length;
    },
    expect: { value: exactly(20, 'results') },
  },
  { file: 'correct/worker-pool-eager-map.ts', name: 'hashAll (WorkerPool)', skip: WORKER_POOL },
  { file: 'correct/workerpool-exec-before-terminate.ts', skip: NOT_INSTALLED('workerpool') },
  { file: 'correct/worker-pool-imap-inside.ts', skip: WORKER_POOL },
];
