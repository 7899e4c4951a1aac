// What a case's `run` gets (in the child process that runs one case): the
// example's module, a scratch folder, sinks, a local HTTP server, an SQLite
// file, a pg pool, and what the example printed.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DATA } from './data.js';

export function makeHelpers({ built, dir, env, logs }) {
  const cleanups = [];
  const h = {
    DATA,
    env,
    dir,
    logs,
    sleep,
    /** The transpiled example, e.g. h.load('buggy/x.ts'). */
    load: (file) => import(pathToFileURL(path.join(built, file.replace(/\.ts$/, '.js'))).href),
    file(name, content) {
      const file = path.join(dir, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    /** A Writable that keeps what it is given. */
    sink() {
      const chunks = [];
      const stream = new Writable({
        objectMode: true,
        write(chunk, _encoding, callback) {
          chunks.push(chunk);
          callback();
        },
      });
      return {
        stream,
        chunks,
        text: () => chunks.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString())).join(''),
        lines: () => h.countLines(chunks.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString())).join('')),
      };
    },
    countLines: (text) => text.split('\n').filter((line) => line !== '').length,
    /** A local HTTP server; resolves to its URL. */
    async serve(handler) {
      const server = createServer(handler);
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      cleanups.push(() => server.closeAllConnections());
      return `http://127.0.0.1:${String(server.address().port)}/`;
    },
    /** An SQLite file with DATA.sqliteOrders rows in `orders (id, total, created_at)`. */
    sqliteOrders() {
      const file = path.join(dir, 'orders.db');
      const db = new Database(file);
      db.exec('CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER, created_at INTEGER)');
      const insert = db.prepare('INSERT INTO orders VALUES (?, ?, ?)');
      db.transaction(() => {
        for (let i = 1; i <= DATA.sqliteOrders; i += 1) insert.run(i, i % 100, i);
      })();
      db.close();
      return file;
    },
    /** An SQLite file with 10 sessions in `sessions (id, expires)`, 4 of them expired (expires 1 to 4, the others far ahead). */
    sqliteSessions() {
      const file = path.join(dir, 'sessions.db');
      const db = new Database(file);
      db.exec('CREATE TABLE sessions (id TEXT PRIMARY KEY, expires INTEGER)');
      const insert = db.prepare('INSERT INTO sessions VALUES (?, ?)');
      for (let i = 1; i <= 10; i += 1) insert.run(`s${String(i)}`, i <= 4 ? i : Date.now() * 2);
      db.close();
      return file;
    },
    pgPool(options = {}) {
      const pool = new pg.Pool({ connectionString: env.DATABASE_URL, ...options });
      return pool;
    },
    /** Resolves with the value of `promise`, or with `fallback` after `ms`. */
    within: (promise, ms, fallback) => Promise.race([promise, sleep(ms).then(() => fallback)]),
  };
  return h;
}
