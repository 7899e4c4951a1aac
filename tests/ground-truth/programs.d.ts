// The API generated programs see as 'pool-runtime' (implemented by runtime.js).
// harness.js type-checks samples of generated programs against it, so that the
// generator keeps producing valid TypeScript.

declare module 'pool-runtime' {
  import { Readable } from 'node:stream';
  /** `pool.iterate()`: a lazy synchronous iterator with iterator helpers. */
  export interface LazySync<T> {
    next(): IteratorResult<T, undefined>;
    return(value?: unknown): IteratorResult<T, undefined>;
    [Symbol.iterator](): LazySync<T>;
    map<U>(fn: (value: T) => U): LazySync<U>;
    filter(fn: (value: T) => boolean): LazySync<T>;
    toArray(): T[];
    forEach(fn: (value: T) => void): void;
  }

  /** `pool.imap()`: a lazy asynchronous iterator with iterator helpers. */
  export interface LazyAsync<T> {
    next(): Promise<IteratorResult<T, undefined>>;
    return(value?: unknown): Promise<IteratorResult<T, undefined>>;
    [Symbol.asyncIterator](): LazyAsync<T>;
    map<U>(fn: (value: T) => U): LazyAsync<U>;
    filter(fn: (value: T) => boolean): LazyAsync<T>;
    toArray(): Promise<T[]>;
    forEach(fn: (value: T) => void): Promise<void>;
  }

  /** `pool.find()`: a MongoDB-like cursor (not thenable). */
  export interface Cursor<T> extends LazyAsync<T> {
    [Symbol.asyncIterator](): Cursor<T>;
    map<U>(fn: (value: T) => U): Cursor<U>;
    filter(fn: (value: T) => boolean): Cursor<T>;
    limit(n: number): Cursor<T>;
  }

  /** What the pool and values reached from it (`pool.db()`) offer. */
  export interface Handle {
    imap<T, U>(fn: (value: T) => U, items: readonly T[]): LazyAsync<U>;
    iterate(items?: readonly number[]): LazySync<number>;
    find(): Cursor<number>;
    /** A Node stream of the rows, one line each, read only when pulled. */
    stream(): import('node:stream').Readable;
    /** A web stream of the rows (Deno's `file.readable`), pulled only when read. */
    readonly readable: ReadableStream<Uint8Array>;
    /** node-postgres: a submitted `QueryStream` is handed back; a query text resolves to plain rows. */
    query<Q extends QueryStream>(query: Q): Q;
    query(text: string): Promise<{ rows: number[] }>;
    /** MongoDB's `findOne`: plain data. */
    findOne(): Promise<{ tags: number[] }>;
    /** A file handle's `readableWebStream()`. */
    readableWebStream(): ReadableStream<Uint8Array>;
    /** Iterable like an fs `Dir`. */
    [Symbol.asyncIterator](): LazyAsync<number>;
    db(): Handle;
    collection(name: string): Handle;
  }

  export class Pool implements Handle, Disposable, AsyncDisposable, AsyncIterable<number> {
    constructor(name?: string);
    readonly name: string;
    readonly disposed: boolean;
    imap<T, U>(fn: (value: T) => U, items: readonly T[]): LazyAsync<U>;
    iterate(items?: readonly number[]): LazySync<number>;
    find(): Cursor<number>;
    stream(): import('node:stream').Readable;
    readonly readable: ReadableStream<Uint8Array>;
    query<Q extends QueryStream>(query: Q): Q;
    query(text: string): Promise<{ rows: number[] }>;
    findOne(): Promise<{ tags: number[] }>;
    readableWebStream(): ReadableStream<Uint8Array>;
    [Symbol.asyncIterator](): LazyAsync<number>;
    /** After a close, a new life: what the old one made stays dead. */
    connect(): Promise<Pool>;
    open(): Promise<Pool>;
    openUri(uri: string): Promise<Pool>;
    reconnect(): Promise<Pool>;
    db(): Handle;
    collection(name: string): Handle;
    run<T>(value: T): Promise<T>;
    close(): Promise<void>;
    end(): Promise<void>;
    release(): void;
    [Symbol.dispose](): void;
    [Symbol.asyncDispose](): Promise<void>;
    static many(n: number, name?: string): Pool[];
  }

  /** A scoped factory: makes a pool, awaits the callback, then disposes the pool. */
  export function withPool<R>(name: string, callback: (pool: Pool) => R | Promise<R>): Promise<R>;
  /** p-map's `pMapIterable`: lazy, the mapper runs on each pull. */
  export function pMapIterable<T, U>(items: Iterable<T>, mapper: (value: T) => U | Promise<U>): LazyAsync<U>;
  /** pg-query-stream's `QueryStream`: rows, read once submitted with `pool.query(q)`. */
  export class QueryStream extends Readable {
    constructor(text: string);
  }
  /** A Node `Writable` taking every chunk: a pipe's destination. */
  export function collector(): import('node:stream').Writable;
  /** A web `WritableStream` taking every chunk: a `pipeTo` destination. */
  export function webCollector(): WritableStream<Uint8Array>;
  /** Uses values without iterating them. */
  export function sink(...values: unknown[]): void;
  /** The run's inputs: independent booleans, every combination is run. */
  export const input: Readonly<Record<string, boolean>>;
}

/** Pools whose close is graceful, strict or abrupt (runtime-closes.js). */
interface ClosesPool {
  /** A Node stream of the rows (object mode), started when made. */
  stream(): import('node:stream').Readable;
  /** A synchronous iterator of the rows, started when made; `return()` closes it. */
  iterate(): IterableIterator<number>;
  /** Submits a `QueryStream` (pg's `client.query(q)`) and hands it back, started. */
  query<T extends import('node:stream').Readable>(query: T): T;
  close(): Promise<void>;
}
declare module 'pool-runtime/graceful' {
  export const Pool: new (name?: string) => ClosesPool;
}
declare module 'pool-runtime/strict' {
  export const Pool: new (name?: string) => ClosesPool;
}
declare module 'pool-runtime/abrupt' {
  export const Pool: new (name?: string) => ClosesPool;
}
declare module 'pool-runtime/io' {
  import { Readable } from 'node:stream';
  /** A response whose body is read through the pool given as its dispatcher. */
  export function fetch(url: string, options: { dispatcher: ClosesPool; method?: string }): Promise<Response>;
  /** Reads a stream, an iterator or a response to its end. */
  export function drain(value: unknown): Promise<number>;
  /** pg-query-stream's `QueryStream`: rows, read once submitted with `pool.query(q)`. */
  export class QueryStream extends Readable {
    constructor(text: string);
  }
}
