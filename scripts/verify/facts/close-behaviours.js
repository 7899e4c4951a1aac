// Runs the facts of docs' "what each close does" table that can run here:
// each driver's close against a value it handed out and left unread (or
// half-read), on the local servers of scripts/servers.sh. Prints one line per
// fact: holds or DOES NOT HOLD, with what was observed.
//
//   node scripts/verify/facts/close-behaviours.js
//
// Exit code 1 when a fact does not hold as run.
import { Buffer } from 'node:buffer';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setImmediate } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import Database from 'better-sqlite3';
import Redis from 'ioredis';
import knex from 'knex';
import mysql from 'mysql';
import mysql2 from 'mysql2';
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import { Piscina } from 'piscina';
import { createClient } from 'redis';
import StreamZip from 'node-stream-zip';
import { Agent, request } from 'undici';
import { DATA, serverEnv } from '../data.js';
import { seedMysql, seedPostgres, seedRedis } from '../seed.js';

const env = serverEnv();
const WAIT = 2_000; // how long a close is given before it is said to hang
const PENDING = Symbol('pending');
const settled = (promise, ms = WAIT) => Promise.race([promise, sleep(ms).then(() => PENDING)]);
const outcome = (promise) =>
  promise.then(
    (value) => ({ ok: true, value }),
    (err) => ({ ok: false, message: `${String(err.code ?? err.name)}: ${String(err.message)}` }),
  );
const mysqlConfig = () => {
  const url = new URL(env.MYSQL_URL);
  return { host: url.hostname, port: Number(url.port), user: url.username, password: url.password, database: 'shop' };
};

/** Counts the rows a stream gives until it ends, errors or closes; resolves to { rows, how }. */
function drain(stream) {
  return new Promise((resolve) => {
    let rows = 0;
    stream.on('data', () => {
      rows += 1;
    });
    stream.once('end', () => resolve({ rows, how: 'end' }));
    stream.once('error', (err) => resolve({ rows, how: `error ${String(err.code ?? '')} ${err.message}`.trim() }));
    stream.once('close', () => setImmediate(() => resolve({ rows, how: 'close' })));
  });
}

/** Runs `check(url)` against a local HTTP server that sends a 64 MiB body. */
async function withBigBody(check) {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const server = createServer(async (_req, res) => {
    res.on('error', () => undefined);
    for (let i = 0; i < 1024 && !res.destroyed; i += 1) if (!res.write(chunk)) await once(res, 'drain');
    res.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await check(`http://127.0.0.1:${String(server.address().port)}/`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** A zip file with one stored (uncompressed) entry of `size` bytes. */
function zipFile(file, name, size) {
  const data = Buffer.alloc(size, 'z');
  const crc = crc32(data);
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(size, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(size, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(fileName.length, 28);
  const centralAt = local.length + fileName.length + size;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralAt, 16);
  writeFileSync(file, Buffer.concat([local, fileName, data, central, fileName, end]));
}

const facts = [
  {
    driver: 'mysql',
    claim: 'end() is graceful: a stream read meanwhile gets every row, then end() calls back',
    async run() {
      const conn = mysql.createConnection(mysqlConfig());
      const read = drain(conn.query('SELECT * FROM orders').stream());
      const ended = new Promise((resolve) => conn.end(resolve));
      const { rows } = await read;
      const end = await settled(ended, 10_000);
      return { holds: rows === DATA.mysqlOrders && end !== PENDING, observed: `${String(rows)} rows, end ${end === PENDING ? 'pending' : 'called back'}` };
    },
  },
  {
    driver: 'mysql',
    claim: 'end() never finishes while a stream is left unread (mysqljs/mysql#2396)',
    async run() {
      const conn = mysql.createConnection(mysqlConfig());
      conn.query('SELECT * FROM orders').stream();
      const end = await settled(new Promise((resolve) => conn.end(resolve)));
      conn.destroy();
      return { holds: end === PENDING, observed: `end ${end === PENDING ? `still pending after ${String(WAIT)} ms` : 'called back'}` };
    },
  },
  {
    driver: 'mysql',
    claim: 'destroy() is abrupt: a stream read meanwhile stops short',
    async run() {
      const conn = mysql.createConnection(mysqlConfig());
      const stream = conn.query('SELECT * FROM orders').stream();
      const read = drain(stream);
      await once(stream, 'data');
      conn.destroy();
      const result = await settled(read);
      const observed =
        result === PENDING ? 'the stream neither ended nor failed' : `${String(result.rows)} of ${String(DATA.mysqlOrders)} rows, then ${result.how}`;
      return { holds: result === PENDING || result.rows < DATA.mysqlOrders, observed };
    },
  },
  {
    driver: 'mysql2',
    claim: 'end() is graceful: a stream read meanwhile gets every row, then end() calls back',
    async run() {
      const conn = mysql2.createConnection(mysqlConfig());
      const read = drain(conn.query('SELECT * FROM orders').stream());
      const ended = new Promise((resolve) => conn.end(resolve));
      const { rows } = await read;
      const end = await settled(ended, 10_000);
      return { holds: rows === DATA.mysqlOrders && end !== PENDING, observed: `${String(rows)} rows, end ${end === PENDING ? 'pending' : 'called back'}` };
    },
  },
  {
    driver: 'mysql2',
    claim: 'end() never finishes while a stream is left unread',
    async run() {
      const conn = mysql2.createConnection(mysqlConfig());
      conn.query('SELECT * FROM orders').stream();
      const end = await settled(conn.promise().end());
      conn.destroy();
      return { holds: end === PENDING, observed: `await end() ${end === PENDING ? `still pending after ${String(WAIT)} ms` : 'returned'}` };
    },
  },
  {
    driver: 'mysql2',
    claim: 'destroy() is abrupt: a stream read meanwhile stops short',
    async run() {
      const conn = mysql2.createConnection(mysqlConfig());
      const stream = conn.query('SELECT * FROM orders').stream();
      const read = drain(stream);
      await once(stream, 'data');
      conn.destroy();
      const result = await settled(read);
      const observed =
        result === PENDING ? 'the stream neither ended nor failed' : `${String(result.rows)} of ${String(DATA.mysqlOrders)} rows, then ${result.how}`;
      return { holds: result === PENDING || result.rows < DATA.mysqlOrders, observed };
    },
  },
  {
    driver: 'pg',
    claim: 'Client end() is abrupt: with a query active the socket is destroyed',
    async run() {
      const client = new pg.Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      const stream = client.query(new QueryStream('SELECT * FROM events ORDER BY id'));
      const read = drain(stream);
      await once(stream, 'data');
      const end = await outcome(client.end());
      const result = await settled(read);
      const observed =
        result === PENDING
          ? 'the stream neither ended nor failed'
          : `${String(result.rows)} of ${String(DATA.pgEvents)} rows, then ${result.how}`;
      return { holds: result === PENDING || result.rows < DATA.pgEvents, observed: `end() ${end.ok ? 'resolved' : `rejected ${end.message}`}; ${observed}` };
    },
  },
  {
    driver: 'pg',
    claim: 'Pool end() is graceful: it waits for checked-out clients to be released',
    async run() {
      const pool = new pg.Pool({ connectionString: env.DATABASE_URL });
      const client = await pool.connect();
      const ended = pool.end();
      const before = await settled(ended, 500);
      client.release();
      const after = await settled(ended);
      return {
        holds: before === PENDING && after !== PENDING,
        observed: `end() ${before === PENDING ? 'pending' : 'resolved'} while the client is out, ${after === PENDING ? 'pending' : 'resolved'} after release()`,
      };
    },
  },
  {
    driver: 'undici',
    claim: 'Agent close() is graceful: it waits for a request in flight whose body is unread',
    run: () =>
      withBigBody(async (url) => {
        const agent = new Agent();
        const { body } = await request(url, { dispatcher: agent });
        const close = await settled(agent.close());
        body.destroy();
        await agent.destroy();
        return { holds: close === PENDING, observed: `close() ${close === PENDING ? `pending after ${String(WAIT)} ms` : 'resolved'}` };
      }),
  },
  {
    driver: 'undici',
    claim: 'Agent destroy() is abrupt: a body not read yet fails',
    run: () =>
      withBigBody(async (url) => {
        const agent = new Agent();
        const { body } = await request(url, { dispatcher: agent });
        await agent.destroy();
        const read = await outcome(body.arrayBuffer());
        return { holds: !read.ok, observed: `the body then ${read.ok ? `reads to its end (${String(read.value.byteLength)} bytes)` : `fails ${read.message}`}` };
      }),
  },
  {
    driver: 'undici',
    claim: '(edge, not in the table) destroy() after a pending close() still aborts the body',
    run: () =>
      withBigBody(async (url) => {
        const agent = new Agent();
        const { body } = await request(url, { dispatcher: agent });
        const closing = agent.close();
        await sleep(200);
        await agent.destroy();
        const read = await outcome(body.arrayBuffer());
        await settled(closing);
        return { holds: !read.ok, observed: `the body then ${read.ok ? `reads to its end (${String(read.value.byteLength)} bytes)` : `fails ${read.message}`}` };
      }),
  },
  {
    driver: 'knex',
    claim: 'destroy() waits for a query holding a connection: an unconsumed .stream() blocks it (knex#5242)',
    async run() {
      const db = knex({ client: 'pg', connection: env.DATABASE_URL });
      const stream = db('events').orderBy('id').stream();
      await sleep(300);
      const destroy = await settled(db.destroy());
      stream.destroy();
      return { holds: destroy === PENDING, observed: `destroy() ${destroy === PENDING ? `pending after ${String(WAIT)} ms` : 'resolved'}` };
    },
  },
  {
    driver: 'ioredis',
    claim: "quit() is graceful for commands sent, abrupt for a scan stream's later batches",
    async run() {
      const redis = new Redis(env.REDIS_URL);
      const stream = redis.scanStream({ match: 'session:*', count: 100 });
      const first = await new Promise((resolve) => {
        stream.once('data', (batch) => {
          stream.pause();
          resolve(batch.length);
        });
      });
      const quit = await outcome(redis.quit());
      const rest = drain(stream);
      stream.resume();
      const { rows, how } = await settled(rest);
      return {
        holds: quit.ok && how.startsWith('error'),
        observed: `first batch ${String(first)} keys; quit() ${quit.ok ? 'resolved' : 'rejected'}; then ${String(rows)} more batches and ${how}`,
      };
    },
  },
  {
    driver: 'redis',
    claim: "close() is graceful for commands sent, abrupt for a scan iterator's later batches",
    async run() {
      const client = await createClient({ url: env.REDIS_URL }).connect();
      const keys = client.scanIterator({ MATCH: 'session:*', COUNT: 100 });
      const first = await keys.next();
      await client.close();
      const next = await outcome(keys.next());
      return {
        holds: !next.ok,
        observed: `first batch ${String(first.value?.length)} keys; close() resolved; the next batch ${next.ok ? 'came' : `fails ${next.message}`}`,
      };
    },
  },
  {
    driver: 'better-sqlite3',
    claim: 'close() is strict: it throws "connection is busy" while an iterator is open',
    async run() {
      const dir = mkdtempSync(path.join(tmpdir(), 'facts-'));
      try {
        const db = new Database(path.join(dir, 'x.db'));
        db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1), (2), (3);');
        const it = db.prepare('SELECT x FROM t').iterate();
        it.next();
        const close = await outcome(Promise.resolve().then(() => db.close()));
        it.return();
        db.close();
        return { holds: !close.ok && /busy/.test(close.message), observed: `close() ${close.ok ? 'returned' : `threw ${close.message}`}` };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    driver: 'node-stream-zip',
    claim: 'close() is abrupt: an open entry stream fails (EBADF)',
    async run() {
      const dir = mkdtempSync(path.join(tmpdir(), 'facts-'));
      try {
        const size = 8 * 1024 * 1024;
        zipFile(path.join(dir, 'a.zip'), 'big.bin', size);
        const zip = new StreamZip.async({ file: path.join(dir, 'a.zip') });
        const stream = await zip.stream('big.bin');
        let bytes = 0;
        const read = new Promise((resolve) => {
          stream.on('data', (chunk) => {
            bytes += chunk.length;
          });
          stream.once('end', () => resolve('end'));
          stream.once('error', (err) => resolve(`error ${String(err.code ?? '')} ${err.message}`));
        });
        await once(stream, 'data');
        stream.pause();
        const close = await outcome(zip.close());
        stream.resume();
        const how = await settled(read);
        return {
          holds: typeof how === 'string' && how.startsWith('error'),
          observed: `close() ${close.ok ? 'resolved' : `rejected ${close.message}`}; the entry stream then ${how === PENDING ? 'neither ended nor failed' : how} after ${String(bytes)} of ${String(size)} bytes`,
        };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    driver: 'piscina',
    claim: 'close() is graceful (waits for running tasks); destroy() is abrupt (rejects them)',
    async run() {
      const worker = new URL('./sleep-worker.js', import.meta.url);
      const graceful = new Piscina({ filename: worker.href, maxThreads: 1 });
      const task = outcome(graceful.run({ ms: 300 }));
      await graceful.close();
      const done = await task;
      const abrupt = new Piscina({ filename: worker.href, maxThreads: 1 });
      const task2 = outcome(abrupt.run({ ms: 300 }));
      await sleep(50);
      await abrupt.destroy();
      const killed = await task2;
      return {
        holds: done.ok && !killed.ok,
        observed: `after close() the task ${done.ok ? 'finished' : `failed ${done.message}`}; after destroy() it ${killed.ok ? 'finished' : `failed ${killed.message}`}`,
      };
    },
  },
];

await Promise.all([seedPostgres(env), seedMysql(env), seedRedis(env)]);
let failed = 0;
for (const fact of facts) {
  let result;
  try {
    result = await fact.run();
  } catch (err) {
    result = { holds: false, observed: `the check threw ${String(err?.message ?? err)}` };
  }
  if (!result.holds) failed += 1;
  console.log(`${result.holds ? 'holds        ' : 'DOES NOT HOLD'}  ${fact.driver}: ${fact.claim}\n               observed: ${result.observed}`);
}
console.log(`\n${String(facts.length - failed)} of ${String(facts.length)} facts hold as run.`);
process.exit(failed > 0 ? 1 : 0);
