// Pools with the three kinds of close (rule 11), for close-kinds-generator.js's
// programs. The programs import them as 'pool-runtime/graceful',
// 'pool-runtime/strict' and 'pool-runtime/abrupt' (the harness declares those
// modules to the rule with the `closes` option), and `fetch` and `drain` as
// 'pool-runtime/io'. Built on one run's runtime (runtime.js): its virtual
// timers and its `records`, where each kind of close adds what it observes:
//
// - graceful `close()` waits for every value the pool handed out to finish
//   (read to its end, destroyed, cancelled). When it has not finished 3
//   virtual seconds later and the program has not finished either (it waits
//   for the close, through an `await`, a chain or its caller), the cutoff
//   records a `hang` and lets the close resolve, so the program goes on. A
//   close nobody waits for (`void pool.close()`, a statement, `.catch(f)` as a
//   statement) lets the program finish: nothing is recorded.
// - abrupt `close()` fails every started value still open (a stream or an
//   iterator, started when made, neither finished nor closed): `failedOpen`.
// - strict `close()` throws with a started value open: recorded as
//   `strictThrow` (and not thrown, so the program goes on, as the other pulls
//   after disposal do).
//
// After an abrupt or strict close, every pull from the pool's values is
// recorded as a pull after disposal (`pull`), as runtime.js's pools do; a
// response's body is read through its pool (`fetch(url, { dispatcher })`) and
// is not started when made (nothing fails when it is left unread).
import { Readable } from 'node:stream';
import { ReadableStream } from 'node:stream/web';
import { TextEncoder } from 'node:util';

/** Rows every value yields. */
const ROWS = [1, 2, 3, 4, 5, 6];
/** How long an awaited graceful close may wait before it is called a hang (virtual milliseconds). */
export const GRACEFUL_CUTOFF_MS = 3000;
/** The modules the programs import, with what their pools' `close()` does. */
export const CLOSE_MODULES = { 'pool-runtime/graceful': 'graceful', 'pool-runtime/strict': 'strict', 'pool-runtime/abrupt': 'abrupt' };
/** The `closes` option that tells the rule what those modules' closes do. */
export const CLOSES_OPTION = [
  { module: 'pool-runtime/graceful', methods: ['close'], behaviour: 'graceful' },
  { module: 'pool-runtime/strict', methods: ['close'], behaviour: 'strict', failsOpenValues: true },
  { module: 'pool-runtime/abrupt', methods: ['close'], behaviour: 'abrupt', failsOpenValues: true },
];
/** What each observation of a close is called in `records[].phase`. */
export const CLOSE_OBSERVATIONS = new Set(['hang', 'failedOpen', 'strictThrow']);

/**
 * The modules 'pool-runtime/…' for one run of `runtime` (runtime.js's
 * `createRuntime`); `programFinished()`: whether the program (its module,
 * `main()` and the reading of what it returned) is over.
 */
export function createCloseModules(runtime, programFinished) {
  const { records, log } = runtime;
  const { setTimeout } = runtime.globals;
  const record = (pool, via, phase) => records.push({ pool: pool.name, via, phase });
  const later = () => new Promise((resolve) => setTimeout(resolve, 1));

  /** One value the pool handed out: where it stands, for the pool's close. */
  class Held {
    constructor(pool, via, started) {
      this.pool = pool;
      this.via = via;
      this.started = started;
      this.finished = false;
      this.index = 0;
      pool.values.add(this);
      log.push(`make ${via} on ${pool.name}${pool.closed ? ' (closed)' : ''}`);
    }
    /** The next row; a pull after an abrupt or strict close is recorded. */
    pull() {
      if (this.pool.closed && this.pool.behaviour !== 'graceful') record(this.pool, this.via, 'pull');
      if (this.index >= ROWS.length) {
        this.finish('end');
        return { done: true, value: undefined };
      }
      return { done: false, value: ROWS[this.index++] };
    }
    finish(how) {
      if (this.finished) return;
      this.finished = true;
      log.push(`finish ${this.via} by ${how}`);
      this.pool.check();
    }
  }

  /**
   * A Node stream (object mode) of a value's rows, one per virtual millisecond.
   * A buffer of one row: the result is larger than what the stream holds, so
   * an unread stream keeps its query open.
   */
  class RowStream extends Readable {
    constructor() {
      super({ objectMode: true, highWaterMark: 1 });
      this.held = undefined;
    }
    bind(held) {
      this.held = held;
      // `destroy()` closes it at once, its `'close'` comes a tick later.
      held.done = () => this.destroyed || this.readableEnded;
      this.once('close', () => held.finish(this.readableEnded ? 'end' : 'destroy'));
      return this;
    }
    _read() {
      if (!this.held) {
        this.push(null);
        return;
      }
      void later().then(() => {
        if (this.destroyed) return;
        const step = this.held.pull();
        this.push(step.done ? null : step.value);
      });
    }
  }

  /** pg-query-stream's `QueryStream`: reads once submitted with `pool.query(q)`. */
  class QueryStream extends RowStream {
    constructor(text) {
      super();
      this.text = text;
    }
  }

  class ClosePool {
    constructor(behaviour, name = 'pool') {
      this.behaviour = behaviour;
      this.name = name;
      this.closed = false;
      this.values = new Set();
      this.waiters = [];
      log.push(`open ${name} (${behaviour})`);
    }
    /** A Node stream of the rows, started when made (a query submitted, a file opened). */
    stream() {
      return new RowStream().bind(new Held(this, `${this.name}.stream`, true));
    }
    /** pg's `client.query(new QueryStream(text))`: the query is submitted, its stream started, and handed back. */
    query(query) {
      if (!(query instanceof QueryStream)) throw new Error('query() takes a QueryStream of this runtime');
      return query.bind(new Held(this, `${this.name}.query(QueryStream)`, true));
    }
    /** A synchronous iterator of the rows, started when made (better-sqlite3's `iterate()`); `return()` closes it. */
    iterate() {
      const held = new Held(this, `${this.name}.iterate`, true);
      return {
        next: () => (held.finished ? { done: true, value: undefined } : held.pull()),
        return: (value) => {
          held.finish('return');
          return { done: true, value };
        },
        [Symbol.iterator]() {
          return this;
        },
      };
    }
    /** What is still open: for a graceful close, every value; for the others, the started ones. */
    open() {
      return [...this.values].filter((held) => !held.finished && !held.done?.() && (this.behaviour === 'graceful' || held.started));
    }
    check() {
      if (this.closed && this.behaviour === 'graceful' && this.open().length === 0) {
        for (const resolve of this.waiters.splice(0)) resolve();
      }
    }
    close() {
      if (this.closed) return Promise.resolve();
      this.closed = true;
      log.push(`close ${this.name} (${this.behaviour}) with ${String(this.open().length)} open`);
      if (this.behaviour !== 'graceful') {
        for (const held of this.open()) record(this, held.via, this.behaviour === 'strict' ? 'strictThrow' : 'failedOpen');
        return Promise.resolve();
      }
      const done = new Promise((resolve) => this.waiters.push(resolve));
      let over = false;
      void done.then(() => {
        over = true;
      });
      this.check();
      // The cutoff: a close still waiting 3 s later while the program waits (it has not finished) hangs it.
      setTimeout(() => {
        if (over || programFinished()) return;
        for (const held of this.open()) record(this, held.via, 'hang');
        for (const resolve of this.waiters.splice(0)) resolve();
      }, GRACEFUL_CUTOFF_MS);
      return done;
    }
  }

  /** `fetch(url, { dispatcher })`: a response whose body is read through the pool, one row per virtual millisecond. */
  async function fetch(url, options) {
    const pool = options?.dispatcher;
    if (!(pool instanceof ClosePool)) throw new Error(`fetch(${String(url)}) without a dispatcher of this runtime`);
    const held = new Held(pool, `fetch(${String(url)})`, false);
    const encoder = new TextEncoder();
    const body = new ReadableStream(
      {
        async pull(controller) {
          await later();
          if (held.finished) return;
          const step = held.pull();
          if (step.done) controller.close();
          else controller.enqueue(encoder.encode(`${String(step.value)}\n`));
        },
        cancel() {
          held.finish('cancel');
        },
      },
      { highWaterMark: 0 },
    );
    await later();
    return new globalThis.Response(body);
  }

  /** Reads a stream, an iterator or a response to its end. */
  async function drain(value) {
    if (value instanceof globalThis.Response) return (await value.text()).length;
    let count = 0;
    if (typeof value[Symbol.asyncIterator] === 'function') for await (const item of value) count += item === undefined ? 0 : 1;
    else for (const item of value) count += item === undefined ? 0 : 1;
    return count;
  }

  const modules = {};
  for (const [module, behaviour] of Object.entries(CLOSE_MODULES)) {
    const Pool = class extends ClosePool {
      constructor(name) {
        super(behaviour, name);
      }
    };
    modules[module] = { Pool };
  }
  modules['pool-runtime/io'] = { fetch, drain, QueryStream };
  return modules;
}

/** What a report of each close kind's message must be seen as in the runs: its own observation, not just any. */
const OBSERVED_AS = {
  blocksClose: new Set(['hang']),
  escapesIntoWaitingClose: new Set(['hang']),
  leftOpen: new Set(['failedOpen', 'strictThrow']),
};

/** A report of blocks the close, escapes into a waiting close or left open whose own observation no run made. */
export function unobservedCloseReport(reports, runs) {
  return reports.some((report) => {
    const phases = OBSERVED_AS[report.messageId];
    return phases !== undefined && !runs.some((run) => run.records.some((record) => phases.has(record.phase)));
  });
}
