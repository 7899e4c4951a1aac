// The instrumented runtime that generated programs import as 'pool-runtime'.
//
// One runtime is made per run (one program, one input combination). Its
// `Pool` hands out lazy iterators whose items are produced only when pulled;
// every pull made after the pool is disposed is recorded in `records` (it
// still produces its item, so the program goes on and later pulls are
// observed too). Timers are virtual: `setTimeout` and friends are injected
// into the program and fired by `settle()`, which plays the event loop until
// nothing is left to run.
import { setImmediate as realSetImmediate } from 'node:timers';
import { createRequire } from 'node:module';
import { Buffer } from 'node:buffer';
import { Readable, Writable } from 'node:stream';
import { ReadableStream, WritableStream } from 'node:stream/web';
import { TextEncoder } from 'node:util';

const require = createRequire(import.meta.url);
/** ljharb's polyfill of `DisposableStack`, injected into the program (no global is changed). */
const DisposableStackImpl = require('disposablestack/DisposableStack');

/**
 * `AsyncDisposableStack` with the spec's timing. The polyfill's `disposeAsync()`
 * calls the first dispose method in a `.then` callback, one microtask late; the
 * spec (DisposeResources → Dispose: `Call(method)` before any `Await`), like the
 * down-levelled `await using`, calls it synchronously. A microtask queued in the
 * scope would otherwise run before the pool is disposed, and the ground truth
 * would differ from Node's own `AsyncDisposableStack`.
 */
class AsyncDisposableStackImpl {
  #stack = [];
  #disposed = false;
  get disposed() {
    return this.#disposed;
  }
  #check() {
    if (this.#disposed) throw new ReferenceError('AsyncDisposableStack already disposed');
  }
  use(value) {
    this.#check();
    if (value !== null && value !== undefined) {
      const method = value[Symbol.asyncDispose] ?? value[Symbol.dispose];
      if (typeof method !== 'function') throw new TypeError('value is not disposable');
      this.#stack.push(() => method.call(value));
    }
    return value;
  }
  adopt(value, onDispose) {
    this.#check();
    if (typeof onDispose !== 'function') throw new TypeError('onDispose is not a function');
    this.#stack.push(() => onDispose(value));
    return value;
  }
  defer(onDispose) {
    this.#check();
    if (typeof onDispose !== 'function') throw new TypeError('onDispose is not a function');
    this.#stack.push(() => onDispose());
  }
  move() {
    this.#check();
    const moved = new AsyncDisposableStackImpl();
    moved.#stack = this.#stack;
    this.#stack = [];
    this.#disposed = true;
    return moved;
  }
  async disposeAsync() {
    if (this.#disposed) return;
    this.#disposed = true;
    let error;
    let failed = false;
    while (this.#stack.length > 0) {
      const dispose = this.#stack.pop();
      try {
        await dispose();
      } catch (thrown) {
        error = failed ? Object.assign(new Error('An error was suppressed during disposal.'), { error: thrown, suppressed: error }) : thrown;
        failed = true;
      }
    }
    if (failed) throw error;
  }
  [Symbol.asyncDispose]() {
    return this.disposeAsync();
  }
}

/** Items every lazy iterator yields unless told otherwise: enough for a partial pull to leave some behind. */
const DEFAULT_ITEMS = [1, 2, 3, 4, 5, 6];
/** A pull budget per run: a program that pulls more is looping, which is a harness bug. */
const MAX_PULLS = 10_000;
/** Timer firings per run, so a forgotten `setInterval` cannot spin forever. */
const MAX_TIMER_FIRINGS = 200;

/** `Array.fromAsync` for Node 20 (the program sees it through an `Array` stand-in). */
async function fromAsync(items, mapper) {
  const out = [];
  if (items != null && typeof items[Symbol.asyncIterator] === 'function') {
    for await (const item of items) out.push(mapper ? await mapper(item, out.length) : item);
  } else {
    for (const item of items) {
      const value = await item;
      out.push(mapper ? await mapper(value, out.length) : value);
    }
  }
  return out;
}

/** The `Array` the program sees: the real one, plus `fromAsync` where Node lacks it. */
const ArrayForPrograms =
  typeof Array.fromAsync === 'function'
    ? Array
    : new Proxy(Array, { get: (target, key) => (key === 'fromAsync' ? fromAsync : Reflect.get(target, key)) });

/**
 * @param {{ inputs: Record<string, boolean>, label?: string }} options
 */
export function createRuntime({ inputs, label = '' }) {
  /** Pulls after disposal: `{ pool, via, phase }`. */
  const records = [];
  /** Everything else worth knowing when a verdict looks odd. */
  const log = [];
  const errors = [];
  let pulls = 0;
  /** >0 while a `pMapIterable` pull runs its mapper: `pool.run()` is then a pull. */
  let mapperDepth = 0;

  function count() {
    pulls += 1;
    if (pulls > MAX_PULLS) throw new Error(`runtime: more than ${String(MAX_PULLS)} pulls (program ${label} loops?)`);
  }

  function record(pool, via, phase) {
    records.push({ pool: pool.name, via, phase });
  }

  // ----- lazy iterators -------------------------------------------------------------

  /** A pool-bound producer of items: what `imap`, `iterate`, `find` share. */
  class Source {
    constructor(pool, via, items, mapper) {
      this.pool = pool;
      this.via = via;
      this.items = [...items];
      this.mapper = mapper ?? ((x) => x);
      this.index = 0;
      this.finished = false;
      /** The pool's life this source was made in: a reopened pool does not revive it. */
      this.life = pool.life;
      log.push(`make ${via} on ${pool.name}${pool.disposed ? ' (disposed)' : ''}`);
    }
    /** Whether the pool this source was made by is gone: disposed, or disposed and opened anew since. */
    get dead() {
      return this.pool.disposed || this.pool.life !== this.life;
    }
    /** Synchronous pull: the pool must be alive now. */
    pullSync() {
      if (this.finished) return { done: true, value: undefined };
      count();
      if (this.dead) record(this.pool, this.via, 'pull');
      if (this.index >= this.items.length) {
        this.finished = true;
        return { done: true, value: undefined };
      }
      const item = this.items[this.index++];
      return { done: false, value: this.mapper(item) };
    }
    /** Asynchronous pull: the pool must be alive when asked and when the item is delivered (a tick later). */
    pullAsync() {
      return this.#pullAfter(() => null, () => false);
    }
    /**
     * A stream's pull: the item comes back one virtual millisecond later, so a
     * stream keeps reading across ticks until its end is awaited (a real
     * driver's rows come from the network). A delivery to a stream destroyed or
     * cancelled meanwhile is dropped, not recorded: nobody reads it.
     */
    pullLater(cancelled) {
      return this.#pullAfter(() => new Promise((resolve) => schedule(1, resolve, [], false)), cancelled);
    }
    /** A pull whose item is delivered once `delay()` settles; `cancelled()`: nobody takes the delivery. */
    async #pullAfter(delay, cancelled) {
      if (this.finished) return { done: true, value: undefined };
      count();
      const disposedAtPull = this.dead;
      if (disposedAtPull) record(this.pool, this.via, 'pull');
      const exhausted = this.index >= this.items.length;
      const item = exhausted ? undefined : this.items[this.index++];
      if (exhausted) this.finished = true;
      await delay();
      if (!disposedAtPull && this.dead && !cancelled()) record(this.pool, this.via, 'delivery');
      return exhausted ? { done: true, value: undefined } : { done: false, value: this.mapper(item) };
    }
  }

  /** A Node `Readable` of the pool's rows, one line (`'1\n'`) per row, read only when pulled. */
  function nodeStreamOf(pool, via) {
    const source = new Source(pool, via, DEFAULT_ITEMS);
    const stream = new Readable({
      read() {
        void source.pullLater(() => stream.destroyed).then((step) => {
          if (!stream.destroyed) stream.push(step.done ? null : Buffer.from(`${String(step.value)}\n`));
        });
      },
    });
    return stream;
  }

  /** A web `ReadableStream` of the pool's rows (Deno's `file.readable`): pulled only when read. */
  function webStreamOf(pool, via) {
    const source = new Source(pool, via, DEFAULT_ITEMS);
    let cancelled = false;
    const encoder = new TextEncoder();
    return new ReadableStream(
      {
        async pull(controller) {
          const step = await source.pullLater(() => cancelled);
          if (cancelled) return;
          if (step.done) controller.close();
          else controller.enqueue(encoder.encode(`${String(step.value)}\n`));
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
  }

  /**
   * A lazy synchronous iterator (`pool.iterate()`), with iterator helpers, since
   * Node 20 has none. `return()` does not close it: a `break` leaves it resumable,
   * as Python's `imap` is, so a later consumption pulls again.
   */
  class LazySync {
    constructor(pull) {
      this.pull = pull;
    }
    next() {
      return this.pull();
    }
    return(value) {
      return { done: true, value };
    }
    [Symbol.iterator]() {
      return this;
    }
    map(fn) {
      return new LazySync(() => {
        const step = this.next();
        return step.done ? step : { done: false, value: fn(step.value) };
      });
    }
    filter(fn) {
      return new LazySync(() => {
        for (;;) {
          const step = this.next();
          if (step.done || fn(step.value)) return step;
        }
      });
    }
    toArray() {
      const out = [];
      for (let step = this.next(); !step.done; step = this.next()) out.push(step.value);
      return out;
    }
    forEach(fn) {
      for (let step = this.next(); !step.done; step = this.next()) fn(step.value);
    }
  }

  /** A lazy asynchronous iterator (`pool.imap()`, the cursor of `pool.find()`). */
  class LazyAsync {
    constructor(pull) {
      this.pull = pull;
    }
    next() {
      return this.pull();
    }
    return(value) {
      return Promise.resolve({ done: true, value });
    }
    [Symbol.asyncIterator]() {
      return this;
    }
    map(fn) {
      return new this.constructor(async () => {
        const step = await this.next();
        return step.done ? step : { done: false, value: fn(step.value) };
      });
    }
    filter(fn) {
      return new this.constructor(async () => {
        for (;;) {
          const step = await this.next();
          if (step.done || fn(step.value)) return step;
        }
      });
    }
    async toArray() {
      const out = [];
      for (let step = await this.next(); !step.done; step = await this.next()) out.push(step.value);
      return out;
    }
    async forEach(fn) {
      for (let step = await this.next(); !step.done; step = await this.next()) fn(step.value);
    }
  }

  /** MongoDB-like cursor: async iterable, `toArray()`, `forEach()`, `limit()`; not thenable. */
  class Cursor extends LazyAsync {
    limit(n) {
      let left = n;
      return new Cursor(async () => {
        if (left <= 0) return { done: true, value: undefined };
        left -= 1;
        return this.next();
      });
    }
  }

  function syncOf(pool, via, items, mapper) {
    const source = new Source(pool, via, items, mapper);
    return new LazySync(() => source.pullSync());
  }
  function asyncOf(pool, via, items, mapper, Kind = LazyAsync) {
    const source = new Source(pool, via, items, mapper);
    return new Kind(() => source.pullAsync());
  }

  /** pg-query-stream's `QueryStream`: an object-mode `Readable` that reads rows once submitted with `pool.query(q)`. */
  class QueryStream extends Readable {
    constructor(text) {
      super({ objectMode: true });
      this.text = text;
      this.source = undefined;
    }
    submit(source) {
      this.source = source;
    }
    _read() {
      if (!this.source) {
        this.push(null);
        return;
      }
      void this.source.pullLater(() => this.destroyed).then((step) => {
        if (!this.destroyed) this.push(step.done ? null : step.value);
      });
    }
  }

  // ----- pools ----------------------------------------------------------------------

  /** Lazy methods shared by the pool and what is reached from it. */
  class Handle {
    constructor(pool, path) {
      this.root = pool;
      this.path = path;
    }
    imap(fn, xs) {
      return asyncOf(this.root, `${this.path}.imap`, xs, fn);
    }
    iterate(xs = DEFAULT_ITEMS) {
      return syncOf(this.root, `${this.path}.iterate`, xs);
    }
    find() {
      return asyncOf(this.root, `${this.path}.find`, DEFAULT_ITEMS, undefined, Cursor);
    }
    stream() {
      return nodeStreamOf(this.root, `${this.path}.stream`);
    }
    get readable() {
      return webStreamOf(this.root, `${this.path}.readable`);
    }
    /**
     * node-postgres' `query`: a submitted `QueryStream` is bound to the pool and
     * handed back (it reads when pulled); a query text resolves to plain rows.
     */
    query(query) {
      if (query instanceof QueryStream) {
        query.submit(new Source(this.root, `${this.path}.query(QueryStream)`, DEFAULT_ITEMS));
        return query;
      }
      return Promise.resolve({ rows: [...DEFAULT_ITEMS] });
    }
    /** MongoDB's `findOne`: plain data. */
    findOne() {
      return Promise.resolve({ tags: [...DEFAULT_ITEMS] });
    }
    /** A file handle's `readableWebStream()`: a web stream of its rows. */
    readableWebStream() {
      return webStreamOf(this.root, `${this.path}.readableWebStream`);
    }
    /** Iterable like an fs `Dir`: each call makes a new iterator over the rows. */
    [Symbol.asyncIterator]() {
      return asyncOf(this.root, `${this.path}[Symbol.asyncIterator]`, DEFAULT_ITEMS);
    }
    db() {
      return new Handle(this.root, `${this.path}.db`);
    }
    collection() {
      return new Handle(this.root, `${this.path}.collection`);
    }
  }

  class Pool extends Handle {
    constructor(name = 'pool') {
      super(undefined, name);
      this.root = this;
      this.name = name;
      this.disposed = false;
      /** Incremented by each reopening after a close. */
      this.life = 0;
      log.push(`open ${name}`);
    }
    /** `connect`, `open`, `openUri`, `reconnect`: after a close, a new life; what the old one made stays dead. */
    connect() {
      if (this.disposed) {
        this.disposed = false;
        this.life += 1;
        log.push(`reopen ${this.name}`);
      }
      return Promise.resolve(this);
    }
    open() {
      return this.connect();
    }
    openUri() {
      return this.connect();
    }
    reconnect() {
      return this.connect();
    }
    dispose(how) {
      if (this.disposed) return;
      this.disposed = true;
      log.push(`dispose ${this.name} by ${how}`);
    }
    close() {
      this.dispose('close');
      return Promise.resolve();
    }
    end() {
      this.dispose('end');
      return Promise.resolve();
    }
    /** node-postgres' `client.release()`: synchronous. */
    release() {
      this.dispose('release');
    }
    [Symbol.dispose]() {
      this.dispose('Symbol.dispose');
    }
    [Symbol.asyncDispose]() {
      this.dispose('Symbol.asyncDispose');
      return Promise.resolve();
    }
    /** Eager work; a pull only when a `pMapIterable` pull calls it. */
    run(x) {
      if (mapperDepth > 0) {
        count();
        if (this.disposed) record(this, `${this.name}.run`, 'pull');
      }
      return Promise.resolve(x);
    }
    static many(n, name = 'pool') {
      return Array.from({ length: n }, (_, i) => new Pool(`${name}#${String(i)}`));
    }
  }

  /** `withPool(name?, cb)`: a scoped factory, disposing the pool once the callback settles. */
  async function withPool(...args) {
    const callback = args.at(-1);
    const pool = new Pool(typeof args[0] === 'string' ? args[0] : 'pool');
    try {
      return await callback(pool);
    } finally {
      await pool[Symbol.asyncDispose]();
    }
  }

  /** p-map's `pMapIterable`: lazy, the mapper runs on each pull. */
  function pMapIterable(items, mapper) {
    const list = [...items];
    let index = 0;
    return new LazyAsync(async () => {
      if (index >= list.length) return { done: true, value: undefined };
      const item = list[index++];
      mapperDepth += 1;
      let pending;
      try {
        pending = mapper(item);
      } finally {
        mapperDepth -= 1;
      }
      return { done: false, value: await pending };
    });
  }

  /** A Node `Writable` that takes every chunk (a pipe's destination). */
  function collector() {
    return new Writable({
      write(chunk, _encoding, callback) {
        log.push(`collect ${String(chunk).trim()}`);
        callback();
      },
    });
  }

  /** A web `WritableStream` that takes every chunk (a `pipeTo` destination). */
  function webCollector() {
    return new WritableStream({
      write(chunk) {
        log.push(`collect ${String(chunk)}`);
      },
    });
  }

  /** Uses a value without iterating it (so programs have something to do with numbers). */
  function sink(...values) {
    log.push(`sink ${values.map((value) => typeof value).join(',')}`);
  }

  // ----- virtual timers -------------------------------------------------------------

  let now = 0;
  let sequence = 0;
  let firings = 0;
  const timers = new Map();

  function schedule(delay, fn, args, repeat) {
    sequence += 1;
    const id = sequence;
    timers.set(id, { at: now + Math.max(0, Number(delay) || 0), seq: id, fn, args, repeat, delay });
    return id;
  }
  const timerGlobals = {
    setTimeout: (fn, delay, ...args) => schedule(delay, fn, args, false),
    setInterval: (fn, delay, ...args) => schedule(delay, fn, args, true),
    setImmediate: (fn, ...args) => schedule(-1, fn, args, false),
    clearTimeout: (id) => timers.delete(id),
    clearInterval: (id) => timers.delete(id),
    clearImmediate: (id) => timers.delete(id),
    queueMicrotask: (fn) => {
      void Promise.resolve().then(() => {
        try {
          fn();
        } catch (error) {
          errors.push(error);
        }
      });
    },
  };

  function fireNext() {
    let first;
    for (const timer of timers.values()) {
      if (!first || timer.at < first.at || (timer.at === first.at && timer.seq < first.seq)) first = timer;
    }
    if (!first) return false;
    firings += 1;
    if (firings > MAX_TIMER_FIRINGS) {
      timers.clear();
      return false;
    }
    timers.delete(first.seq);
    now = Math.max(now, first.at);
    if (first.repeat) timers.set(first.seq, { ...first, at: now + Math.max(1, Number(first.delay) || 0) });
    try {
      first.fn(...first.args);
    } catch (error) {
      errors.push(error);
    }
    return true;
  }

  /** One real macrotask: every microtask queued so far (and those they queue) has run. */
  const tick = () => new Promise((resolve) => realSetImmediate(resolve));

  /**
   * Plays the event loop: runs microtasks, then the earliest virtual timer, until
   * `done()` holds and no timer is left. Throws when nothing can make progress
   * while `done()` is false (the program hangs).
   */
  async function settle(done, idleLimit = 8) {
    let idle = 0;
    for (;;) {
      await tick();
      if (fireNext()) {
        idle = 0;
        continue;
      }
      if (done()) {
        // Let late microtasks run, then stop if still quiet.
        await tick();
        if (timers.size === 0) return;
        continue;
      }
      idle += 1;
      if (idle > idleLimit) throw new Error('hang: the program waits on something that never happens');
    }
  }

  const moduleExports = {
    Pool,
    withPool,
    pMapIterable,
    sink,
    collector,
    webCollector,
    QueryStream,
    input: Object.freeze({ ...inputs }),
  };

  /** Names the runner injects into the program as parameters of its wrapper function. */
  const globals = {
    ...timerGlobals,
    Array: ArrayForPrograms,
    DisposableStack: DisposableStackImpl,
    AsyncDisposableStack: AsyncDisposableStackImpl,
  };

  return { moduleExports, globals, records, log, errors, settle, stats: () => ({ pulls, firings }) };
}
