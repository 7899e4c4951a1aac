// The drivers that programs of the second family (use-generator.js) import,
// as the drivers behave on a use after close (shared/libraries.md and the docs
// page's table), on the runtime's virtual timers:
// - workerpool: `exec` after `terminate` revives the pool; `terminate(true)`
//   rejects the tasks running, `terminate()` lets them finish;
// - sqlite3: calls are queued and their callbacks run later; `close()` waits
//   for the calls issued before it; a call after it fails SQLITE_MISUSE (also
//   from a callback of an earlier call);
// - better-sqlite3: synchronous; after `close()` the database and its
//   statements fail "The database connection is not open";
// - basic-ftp: transfers return promises settling a few milliseconds later;
//   one task at a time (a task launched while another runs fails: "User
//   launched a task while another one is still running. Forgot to use
//   'await' or '.then()'?"); `close()` leaves a transfer in flight unsettled;
//   a call after it fails;
// - mysql: `createConnection`: queries queued, `end()` runs them first, a
//   query after `end()` fails "Cannot enqueue Query after invoking quit";
//   `createPool`: a query gets a connection on the next tick, `end()` fails
//   the ones still waiting ("Pool is closed").
// Instead of throwing, each misuse is recorded in `records` (and the call
// gives a harmless value back), so that a program goes on and all its
// misuses are observed. `assert.throws(fn)` and `assert.rejects(p)` drop the
// records made inside them: a test of the after-close behaviour is no bug.

/** @param {{ schedule: (delay: number, fn: () => void) => void, log: string[] }} host */
export function createUseDrivers(host) {
  const records = [];
  let expectingFailure = 0;
  const record = (driver, what) => {
    if (expectingFailure === 0) records.push({ driver, what });
    host.log.push(`${expectingFailure === 0 ? 'misuse' : 'expected failure'}: ${driver} ${what}`);
  };
  const later = (delay, fn) => host.schedule(delay, fn);

  // ----- workerpool ------------------------------------------------------------------
  class WorkerPool {
    constructor() {
      this.terminated = false;
      this.running = new Set();
    }
    exec(method) {
      if (this.terminated) {
        record('workerpool', `exec('${method}') revived a terminated pool`);
        // Inside an assertion of failure the test expects a refusal: the pool stays terminated.
        if (expectingFailure > 0) return Promise.resolve(undefined);
        this.terminated = false;
      }
      return new Promise((resolve) => {
        const task = { method, resolve, cancelled: false };
        this.running.add(task);
        later(2, () => {
          this.running.delete(task);
          if (!task.cancelled) resolve(method);
        });
      });
    }
    terminate(force = false) {
      if (force) {
        for (const task of this.running) {
          task.cancelled = true;
          record('workerpool', `task '${task.method}' killed by terminate(true)`);
          task.resolve(undefined);
        }
        this.running.clear();
      }
      this.terminated = true;
      return Promise.resolve();
    }
    stats() {
      return { busyWorkers: this.running.size };
    }
  }
  const workerpool = { pool: () => new WorkerPool() };

  // ----- sqlite3 ----------------------------------------------------------------------
  class Sqlite3Database {
    constructor() {
      this.closed = false;
      this.queue = 0;
    }
    #call(method, args) {
      const callback = typeof args.at(-1) === 'function' ? args.at(-1) : undefined;
      if (this.closed) {
        record('sqlite3', `${method}() after close(): SQLITE_MISUSE`);
        if (callback) later(0, () => callback(new Error('SQLITE_MISUSE: Database is closed')));
        return this;
      }
      this.queue += 1;
      later(1, () => {
        this.queue -= 1;
        callback?.call(this, null, { id: 1, n: 1 });
      });
      return this;
    }
    run(...args) {
      return this.#call('run', args);
    }
    get(...args) {
      return this.#call('get', args);
    }
    all(...args) {
      return this.#call('all', args);
    }
    serialize(fn) {
      fn?.();
    }
    close(callback) {
      this.closed = true;
      if (callback) later(1, () => callback(null));
    }
  }
  const sqlite3 = { Database: Sqlite3Database, default: { Database: Sqlite3Database } };

  // ----- better-sqlite3 ---------------------------------------------------------------
  class BetterStatement {
    constructor(db) {
      this.db = db;
    }
    #check(method) {
      if (this.db.open) return true;
      record('better-sqlite3', `statement.${method}(): The database connection is not open`);
      return false;
    }
    run() {
      return this.#check('run') ? { changes: 1 } : { changes: 0 };
    }
    get() {
      return this.#check('get') ? { n: 1 } : undefined;
    }
    all() {
      return this.#check('all') ? [{ n: 1 }] : [];
    }
  }
  class BetterDatabase {
    constructor() {
      this.open = true;
    }
    prepare() {
      if (!this.open) record('better-sqlite3', 'prepare(): The database connection is not open');
      return new BetterStatement(this);
    }
    exec() {
      if (!this.open) record('better-sqlite3', 'exec(): The database connection is not open');
      return this;
    }
    close() {
      this.open = false;
      return this;
    }
  }

  // ----- basic-ftp --------------------------------------------------------------------
  class FtpClient {
    constructor() {
      this.closed = false;
      this.inFlight = new Set();
    }
    #task(method, result) {
      if (this.closed) {
        record('basic-ftp', `${method}() after close()`);
        return Promise.resolve(result);
      }
      // A task asserted to fail is no task of the client's (the assertion is the test's, on an open client a wrong one).
      if (expectingFailure > 0) return Promise.resolve(result);
      if (this.inFlight.size > 0) record('basic-ftp', `${method}() launched while another task is still running`);
      return new Promise((resolve) => {
        const task = { method, done: false };
        this.inFlight.add(task);
        later(3, () => {
          this.inFlight.delete(task);
          if (!task.done) resolve(result);
        });
      });
    }
    access() {
      return this.#task('access', { code: 220 });
    }
    list() {
      return this.#task('list', []);
    }
    downloadTo() {
      return this.#task('downloadTo', { code: 226 });
    }
    uploadFrom() {
      return this.#task('uploadFrom', { code: 226 });
    }
    close() {
      for (const task of this.inFlight) {
        task.done = true;
        record('basic-ftp', `${task.method}() left unsettled by close()`);
      }
      this.inFlight.clear();
      this.closed = true;
    }
  }
  const basicFtp = { Client: FtpClient };

  // ----- mysql ------------------------------------------------------------------------
  class MysqlConnection {
    constructor() {
      this.ended = false;
    }
    query(sql, ...rest) {
      const callback = typeof rest.at(-1) === 'function' ? rest.at(-1) : undefined;
      if (this.ended) {
        record('mysql', 'query() after end(): Cannot enqueue Query after invoking quit');
        if (callback) later(0, () => callback(new Error('Cannot enqueue Query after invoking quit')));
        return;
      }
      later(1, () => callback?.(null, [{ n: 1 }]));
    }
    end(callback) {
      this.ended = true;
      if (callback) later(2, () => callback(null));
    }
    destroy() {
      this.ended = true;
    }
  }
  class MysqlPool {
    constructor() {
      this.ended = false;
    }
    query(sql, ...rest) {
      const callback = typeof rest.at(-1) === 'function' ? rest.at(-1) : undefined;
      if (this.ended) {
        record('mysql', 'pool.query() after end(): Pool is closed');
        if (callback) later(0, () => callback(new Error('Pool is closed.')));
        return;
      }
      // The connection comes on a later tick: a query still waiting when `end()` runs fails.
      later(0, () => {
        if (this.ended) {
          record('mysql', 'pool.query() waiting for a connection at end(): Pool is closed');
          callback?.(new Error('Pool is closed.'));
          return;
        }
        later(1, () => callback?.(null, [{ n: 1 }]));
      });
    }
    end(callback) {
      this.ended = true;
      if (callback) later(2, () => callback(null));
    }
  }
  const mysql = { createConnection: () => new MysqlConnection(), createPool: () => new MysqlPool() };

  // ----- assertions of failure --------------------------------------------------------
  const assert = {
    throws(fn) {
      expectingFailure += 1;
      try {
        fn();
      } catch {
        // expected
      } finally {
        expectingFailure -= 1;
      }
    },
    async rejects(promise) {
      try {
        await promise;
      } catch {
        // expected
      }
    },
  };
  const modules = {
    workerpool: { ...workerpool, default: workerpool },
    sqlite3: { ...sqlite3, default: sqlite3 },
    'better-sqlite3': BetterDatabase,
    'basic-ftp': basicFtp,
    mysql: { ...mysql, default: mysql },
    'node:assert': { ...assert, default: assert },
  };
  return { modules, records };
}
