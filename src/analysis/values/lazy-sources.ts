/**
 * Lazy values made by a pool: calls of lazy methods on the pool or on values
 * reached from it, lazy query objects, lazy functions over the pool, and the
 * pool itself where it is iterated and its items die with it (a directory, a
 * readline interface).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { CURSOR_BUILDERS } from './consumptions.js';
import { calleeName, calleePath, type FunctionNode, innerValueNode, isFunction, memberName, methodCall, outerValueNode } from '../core/ast.js';
import { awaitEndsReach, takesFunctionFirst } from '../pools/eager-results.js';
import { callsOf, generatorsAround } from '../core/function-calls.js';
import { DEFAULT_ALWAYS_LAZY_METHODS, DEFAULT_CURSOR_OR_QUERY_METHODS, type Settings } from '../core/options.js';
import type { PoolBinding } from '../pools/pool-bindings.js';
import { reopenCalls, type Pool } from '../pools/pools.js';
import { iteratesOwnItems } from '../pools/pool-nouns.js';
import {
  descriptorStreamAt,
  isDescriptorStreamCall,
  ITERATOR_PROTOCOL_METHODS,
  PROTOCOL_METHODS,
  SYNC_PROTOCOL_METHODS,
} from './protocol-calls.js';
import {
  isSubmittedCursor,
  type SubmittedKind,
  submittedKindOf,
  submittedQueryKind,
  submitsLazyQuery,
  submittedReads,
} from './submitted-queries.js';
import type { TypeOracle } from '../core/types.js';
import { driverOfVariable, type Driver } from '../pools/drivers.js';
import { optionPoolCallsAt, sendsStreamingCommand } from './option-pools.js';

export interface LazySource {
  pool: Pool;
  /** The lazy expression: the call (flow starts here), or the pool identifier. */
  node: TSESTree.Node;
  /** `true` when only the pool itself is iterated: no aliases are followed. */
  poolItself: boolean;
  /** An async iterator or cursor (every lazy method but `iterate`): its `toArray()`/`forEach()` return promises. */
  asyncSource: boolean;
  /** A submitted pg-cursor: its `read(n)` without a callback returns a promise. */
  promiseReads: boolean;
  /** A generator object: leaving a `for…of` over it early (`break`) finishes it. */
  generatorObject: boolean;
  /** How the value is iterated: `for await` (`async`), `for…of` (`sync`), or not known by name or type. */
  iteration: 'async' | 'sync' | 'unknown';
  /** The value's own method that reads every item into an array on every supported Node: MongoDB cursors, Node `Readable`s. */
  eagerMethod: 'toArray' | undefined;
  /** Never read into an array: a change stream or a watcher never ends, a copy-in stream is written, not read. */
  noArray: boolean;
  /** A response whose body is read through the pool (rule 14): it holds a connection until read. */
  response: boolean;
  /** The pool starts producing it when it is made (rule 13): a submitted query, a stream, better-sqlite3's `iterate()`. */
  startedWhenMade: boolean;
  /** The node that stands for the value: the submitting call for a read of a submitted query's binding, else `node`. */
  value: TSESTree.Node;
}

/**
 * Whether the query `call` starts is awaited: the call itself, or a cursor
 * builder chain on it (`await Orders.find(q).sort(…).limit(…)`).
 */
function isAwaitedQuery(call: TSESTree.CallExpression): boolean {
  let value = outerValueNode(call);
  for (;;) {
    const parent = value.parent;
    if (parent?.type === AST_NODE_TYPES.AwaitExpression) return true;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== value) return false;
    const callee = outerValueNode(parent);
    const next = callee.parent;
    const method = next?.type === AST_NODE_TYPES.CallExpression && next.callee === callee ? methodCall(next) : undefined;
    if (!next || !method || !CURSOR_BUILDERS.has(method.name)) return false;
    value = outerValueNode(next);
  }
}

/**
 * mysql's and mysql2's `conn.query(sql)` on the pool itself, without a
 * callback and not awaited: an emitter of `'result'` rows, read while listened
 * to (a pause in its listener stops the connection).
 */
function isQueryEmitter(call: TSESTree.CallExpression, collector: Collector): boolean {
  const pool = collector.poolDriver;
  if (!pool?.queryEmitter || call.arguments.some((argument) => isFunction(argument))) return false;
  const holder = outerValueNode(call).parent;
  // Awaited (a promise API's rows), or made a stream at once (`conn.query(sql).stream()`, lazy by that name).
  if (holder?.type === AST_NODE_TYPES.AwaitExpression || holder?.type === AST_NODE_TYPES.MemberExpression) return false;
  const receiver = methodCall(call)?.member.object;
  const inner = receiver ? innerValueNode(receiver) : undefined;
  return inner !== undefined && collector.pool.references.some((reference) => reference.identifier === inner);
}

/** Names that are a store's lazy methods and a `Map`'s or an object's eager ones. */
const MAP_METHODS = new Set(['keys', 'values']);

/** Calls that lead from a client to MongoDB's databases and collections. */
const DRIVER_PATH_METHODS = new Set(['db', 'collection']);

/**
 * Whether a call of `name` on a value reached from a pool makes a lazy
 * iterator. `driver`: the receiver is reached through `.db(…)` or
 * `.collection(…)`, where an awaited cursor stays a cursor (rule 6). Types,
 * where known, beat names.
 */
function isLazyCall(call: TSESTree.CallExpression, name: string, collector: Collector, driver: boolean, viaProperty: boolean): boolean {
  const { settings, types } = collector;
  if (name === 'query' && isQueryEmitter(call, collector)) return true;
  // The AWS SDK: the output of a streaming command has its `Body` read through the client.
  if (name === 'send' && collector.poolDriver?.sendsBodies === true && sendsStreamingCommand(call, collector.sourceCode)) {
    collector.responses.add(call);
    return true;
  }
  // Rule 6: through `.db(…)`/`.collection(…)`, the driver's cursor methods make cursors, awaited or not.
  const driverCursor = driver && settings.driverCursorMethods.has(name);
  const cursorOrQuery = settings.cursorOrQueryMethods.has(name) || driverCursor;
  // `client.topology.servers.keys()`: a store's keys()/values() are lazy on the pool or on what a call
  // made from it, never on a plain property read (a Map in the client's internals).
  if (MAP_METHODS.has(name) && !settings.alwaysLazyMethods.has(name) && viaProperty) return false;
  // `rows.find((r) => r.id === id)` is an array's method, whatever the types say of its result.
  if (cursorOrQuery && !settings.alwaysLazyMethods.has(name) && takesFunctionFirst(call, collector.sourceCode, types)) return false;
  const byName =
    settings.alwaysLazyMethods.has(name) ||
    PROTOCOL_METHODS.has(name) ||
    (cursorOrQuery && (!isAwaitedQuery(call) || driverCursor)) ||
    submitsLazyQuery(call, collector.sourceCode);
  if (!types) return byName;
  // `pool.workers[Symbol.iterator]()` over a `Map`: the collection is plain data, whatever the iterator's type.
  const receiver = ITERATOR_PROTOCOL_METHODS.has(name) ? methodCall(call)?.member.object : undefined;
  if (receiver && types.lazinessOf(receiver) === 'eager') return false;
  const verdict = types.lazinessOf(call);
  if (verdict === 'lazy') return true;
  return verdict === 'eager' ? false : byName;
}

/** `file.readable`: a lazy property read on a value reached from a pool. Types, where known, beat names. */
function isLazyProperty(member: TSESTree.MemberExpression, collector: Collector): boolean {
  const name = memberName(member);
  if (name === undefined || !collector.settings.lazyProperties.has(name)) return false;
  // A Node stream's or socket's `readable` is a boolean; elsewhere, one only tested or logged is read as a flag.
  if (name === 'readable' && (collector.poolDriver?.nodeStream === true || isReadAsFlag(member))) return false;
  // `stdout` and `stderr` are a child process's streams (an ssh2 channel's `stderr` is the channel's own business).
  if (CHILD_PROCESS_STREAMS.has(name) && !collector.settings.givenLazyProperties.has(name) && collector.poolDriver?.childProcess !== true) return false;
  // A Node stream's own `readable` is a boolean: with types, only a lazy value counts.
  const verdict = collector.types?.lazinessOf(member);
  return verdict !== 'eager' && verdict !== 'other';
}

/** A child process's streams, lazy by default on child processes only. */
const CHILD_PROCESS_STREAMS = new Set(['stdout', 'stderr']);

/** Callees that take a flag to check or print it: assertions and loggers. */
const FLAG_TAKERS = /^(?:expect|assert|ok|equal|strictEqual|deepEqual|notEqual|is|true|false|log|info|warn|error|debug|trace)$/;

/**
 * Whether a property read is used as a flag: compared, tested in a condition,
 * negated, or given to an assertion or a logger (`expect(socket.readable)`,
 * `assert.equal(s.readable, false)`, `console.log(s.readable)`).
 */
function isReadAsFlag(member: TSESTree.MemberExpression): boolean {
  const value = outerValueNode(member);
  const parent = value.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.BinaryExpression:
      return true;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!' || parent.operator === 'typeof';
    case AST_NODE_TYPES.LogicalExpression:
      return parent.left === value;
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test === value;
    case AST_NODE_TYPES.CallExpression: {
      if (parent.callee === value) return false;
      const name = calleeName(parent.callee);
      return name !== undefined && FLAG_TAKERS.test(name);
    }
    default:
      return false;
  }
}

/** A binding that is only ever written by its declaration (`const`, or a `let` never reassigned). */
function singleAssignmentBinding(
  declarator: TSESTree.VariableDeclarator,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.Scope.Variable | undefined {
  if (declarator.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const [variable] = sourceCode.getDeclaredVariables(declarator);
  if (!variable) return undefined;
  const writes = variable.references.filter((reference) => reference.isWrite());
  return writes.length <= 1 ? variable : undefined;
}

interface Collector {
  sourceCode: Readonly<TSESLint.SourceCode>;
  settings: Settings;
  types: TypeOracle | undefined;
  /** The pool's binding. */
  pool: PoolBinding;
  /** Lazy node → whether it is the pool itself. */
  found: Map<TSESTree.Node, boolean>;
  /** Calls of generator functions that use the pool, with the generator they call. */
  generatorCalls: Map<TSESTree.Node, FunctionNode>;
  /** Cursor calls reached through MongoDB's `.db(…)` or `.collection(…)`. */
  driverCursors: Set<TSESTree.Node>;
  visited: Set<PoolBinding>;
  /** The reads of a submitted query's binding, with the call that submitted it: the same object. */
  submittedBy: Map<TSESTree.Node, TSESTree.Node>;
  /** Responses read through the pool (rule 14): no array stands for them. */
  responses: Set<TSESTree.Node>;
  /** The pool's driver, when known: mysql's `query(sql)` without a callback is an emitter of rows. */
  poolDriver: Driver | undefined;
}

/** A node reached from the pool; `driver`: reached through MongoDB's `.db(…)` or `.collection(…)`. */
interface Reached {
  node: TSESTree.Node;
  driver: boolean;
  /** Reached through a plain property read since the last call (`client.topology.servers`): internals, not a handle. */
  viaProperty?: boolean;
}

/** Walk up from a value reached from the pool: member chains, calls, `await`, const bindings. */
function walkReached(start: TSESTree.Node, collector: Collector): void {
  // Depth first, in source order, with the pending nodes in an array: a chain of bindings may be long.
  const pending: Reached[] = [{ node: start, driver: false }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const following = reachedFrom(next, collector);
    for (let index = following.length - 1; index >= 0; index--) pending.push(following[index] as Reached);
  }
}

/** One step of `walkReached`: records what `node` makes, and returns the nodes to walk on from. */
function reachedFrom({ node, driver, viaProperty }: Reached, collector: Collector): Reached[] {
  const value = outerValueNode(node);
  const parent = value.parent;
  if (!parent) return [];
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression: {
      if (parent.object !== value) return [];
      const member = outerValueNode(parent);
      const call = member.parent;
      if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === member) {
        const method = methodCall(call);
        if (method && isLazyCall(call, method.name, collector, driver, viaProperty === true)) {
          collector.found.set(call, false);
          if (driver && collector.settings.driverCursorMethods.has(method.name)) collector.driverCursors.add(call);
          // `const c = new Cursor(sql); client.query(c)`: `c` is the pool's lazy value from the call on.
          for (const read of submittedReads(call, collector.sourceCode)) {
            collector.found.set(read, false);
            collector.submittedBy.set(read, call);
          }
          return [];
        }
        return [{ node: call, driver: driver || (method !== undefined && DRIVER_PATH_METHODS.has(method.name)) }];
      }
      if (isLazyProperty(parent, collector)) {
        collector.found.set(parent, false);
        return [];
      }
      return [{ node: parent, driver, viaProperty: true }];
    }
    case AST_NODE_TYPES.Property: {
      // `createReadStream(path, { fd: handle })`: a stream that reads the pool's descriptor.
      const stream = descriptorStreamAt(value);
      if (stream) collector.found.set(stream, false);
      // `fetch(url, { dispatcher })`: the response's body is read through the pool.
      for (const call of optionPoolCallsAt(value, collector.sourceCode)) {
        collector.found.set(call, false);
        collector.responses.add(call);
      }
      return [];
    }
    case AST_NODE_TYPES.CallExpression:
      // knex: `db('events')` is a query builder reached from the pool.
      if (parent.callee === value) return [{ node: parent, driver }];
      // Typed: a helper given the pool (`rowsOf(session, 'users')`) that returns an iterator.
      if (collector.types?.lazinessOf(parent) === 'lazy') collector.found.set(parent, false);
      return [];
    case AST_NODE_TYPES.AwaitExpression:
      // An awaited call resolves to plain data, but for `await pool.connect()`.
      if (awaitEndsReach(value, collector.pool)) return [];
      return [{ node: parent, driver, viaProperty }];
    case AST_NODE_TYPES.VariableDeclarator: {
      if (parent.init !== value) return [];
      const variable = singleAssignmentBinding(parent, collector.sourceCode);
      if (!variable || collector.visited.has(variable)) return [];
      collector.visited.add(variable);
      return variable.references.flatMap((reference) => (reference.isRead() ? [{ node: reference.identifier, driver, viaProperty }] : []));
    }
    default:
      return [];
  }
}

/** `pMapIterable(items, (x) => pool.run(x))`: the lazy function call whose callback uses the pool. */
function lazyFunctionAround(
  reference: TSESTree.Node,
  fn: TSESTree.Node,
  settings: Settings,
): TSESTree.CallExpression | undefined {
  for (let current = reference.parent; current && current !== fn; current = current.parent) {
    if (!isFunction(current)) continue;
    const holder = outerValueNode(current).parent;
    if (holder?.type !== AST_NODE_TYPES.CallExpression || holder.callee === outerValueNode(current)) continue;
    const name = calleeName(holder.callee);
    if (name !== undefined && settings.lazyFunctions.has(name)) return holder;
  }
  return undefined;
}

/** Direct consumption of the pool itself: `for await (const entry of dir)`, `[...dir]`, `Array.from(dir)`. */
function isPoolIterated(holder: TSESTree.Node): boolean {
  const value = outerValueNode(holder);
  const parent = value.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.ForOfStatement:
      return parent.right === value;
    case AST_NODE_TYPES.SpreadElement:
      return parent.parent.type !== AST_NODE_TYPES.ObjectExpression;
    case AST_NODE_TYPES.YieldExpression:
      return parent.delegate;
    case AST_NODE_TYPES.CallExpression: {
      const path = calleePath(parent.callee);
      return (
        parent.arguments[0] === value &&
        (path === 'Array.from' || path === 'Array.fromAsync' || path === 'Readable.from' || path === 'pipeline')
      );
    }
    default:
      return false;
  }
}

/** Lazy methods whose iterators are synchronous (better-sqlite3's and node:sqlite's `iterate()`). */
const SYNC_LAZY_METHODS = new Set(['iterate']);

function isAsyncSource(node: TSESTree.Node): boolean {
  // Lazy properties are streams.
  if (node.type === AST_NODE_TYPES.MemberExpression) return true;
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const method = methodCall(node);
  return method ? !SYNC_LAZY_METHODS.has(method.name) && !SYNC_PROTOCOL_METHODS.has(method.name) : true;
}

const EITHER_LAZY_METHODS: ReadonlySet<string> = new Set(['imap', 'imapUnordered', 'iterator', 'keys', 'values']);

/**
 * Lazy methods (built in) whose values are async iterables for sure: cursors,
 * streams, Redis and file iterators. A worker pool's `imap` and a store's
 * `iterator`/`keys`/`values` may be either: their consumers tell.
 */
const ASYNC_LAZY_METHODS: ReadonlySet<string> = new Set([
  'readableWebStream',
  ...DEFAULT_ALWAYS_LAZY_METHODS.filter((name) => !SYNC_LAZY_METHODS.has(name) && !EITHER_LAZY_METHODS.has(name)),
  ...DEFAULT_CURSOR_OR_QUERY_METHODS.filter((name) => !EITHER_LAZY_METHODS.has(name)),
]);

/** Lazy methods (built in) whose values are Node `Readable`s, with their own `toArray()`. */
const READABLE_METHODS = new Set(['stream', 'createReadStream', 'scanStream', 'sscanStream', 'hscanStream', 'zscanStream']);

function submittedTraits(
  kind: SubmittedKind | undefined,
  typed: 'async' | 'sync' | undefined,
): Pick<LazySource, 'iteration' | 'eagerMethod' | 'noArray'> {
  return {
    iteration: typed ?? (kind === 'readable' || kind === 'cursor' ? 'async' : 'unknown'),
    eagerMethod: kind === 'readable' ? 'toArray' : undefined,
    noArray: kind === 'writable' || kind === 'cursor',
  };
}

/** How `node`'s value may be read into an array: by `for await` or `for…of`, with its own method, or never. */
function materializingTraits(node: TSESTree.Node, collector: Collector): Pick<LazySource, 'iteration' | 'eagerMethod' | 'noArray'> {
  const generator = collector.generatorCalls.get(node);
  const byType = collector.types?.iterationOf(node);
  const typed = byType === 'async' || byType === 'sync' ? byType : undefined;
  if (generator) return { iteration: typed ?? (generator.async ? 'async' : 'sync'), eagerMethod: undefined, noArray: false };
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    // A Node child process's `stdout` is a Node `Readable`, with its own `toArray()`.
    const readable = collector.poolDriver?.childProcess === true && collector.poolDriver.name === 'node:child_process';
    return { iteration: typed ?? 'async', eagerMethod: readable ? 'toArray' : undefined, noArray: false };
  }
  if (node.type === AST_NODE_TYPES.Identifier) {
    // A submitted query object read after `client.query(q)`.
    return submittedTraits(submittedQueryKind(node, collector.sourceCode), typed);
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) return { iteration: typed ?? 'unknown', eagerMethod: undefined, noArray: false };
  const method = methodCall(node);
  const submitted = submittedKindOf(node, collector.sourceCode);
  if (submitted) return submittedTraits(submitted, typed);
  // `createReadStream(path, { fd: handle })`: a Node `Readable`.
  if (isDescriptorStreamCall(node)) return { iteration: 'async', eagerMethod: 'toArray', noArray: false };
  if (!method) {
    const name = calleeName(node.callee);
    const lazyFunction = name !== undefined && collector.settings.lazyFunctions.has(name);
    return { iteration: typed ?? (lazyFunction ? 'async' : 'unknown'), eagerMethod: undefined, noArray: false };
  }
  const name = method.name;
  // `[Symbol.iterator]()`: an iterator need not be iterable, and 'Array.from' over one that is not gives [].
  if (name === '[Symbol.iterator]' || name === '[Symbol.asyncIterator]') return { iteration: 'unknown', eagerMethod: undefined, noArray: true };
  const byName = SYNC_LAZY_METHODS.has(name) ? 'sync' : ASYNC_LAZY_METHODS.has(name) ? 'async' : 'unknown';
  const cursor = collector.driverCursors.has(node) && name !== 'watch';
  return {
    iteration: typed ?? byName,
    eagerMethod: cursor || READABLE_METHODS.has(name) ? 'toArray' : undefined,
    noArray: name === 'watch',
  };
}

/** Lazy methods whose value the pool starts producing at once: a query stream, a file stream, better-sqlite3's statement. */
const STARTED_METHODS = new Set(['stream', 'queryStream', 'createReadStream', 'iterate']);

/** Whether the pool starts producing the value when it is made (rule 13), rather than when it is first read. */
function isStartedWhenMade(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  if (submittedKindOf(node, sourceCode) !== undefined || isDescriptorStreamCall(node)) return true;
  const method = methodCall(node)?.name;
  return method !== undefined && STARTED_METHODS.has(method);
}

/** The pool record whose life the value made at `offset` belongs to. */
function recordFor(records: readonly Pool[], offset: number): Pool | undefined {
  const living = records.find((record) => offset < record.disposedFrom);
  if (living) return living;
  const last = records.at(-1);
  if (!last) return undefined;
  // Made after the last disposal: still that pool's value, unless the binding is re-created later.
  const rewritten =
    last.variable.references.some((reference) => reference.isWrite() && reference.identifier.range[0] >= last.disposedFrom) ||
    reopenCalls(last.variable).some((call) => call.range[0] >= last.disposedFrom && call.range[0] < offset);
  return rewritten ? undefined : last;
}

/** The explicit closes a value made at `node` is judged against: all of `closes`, unless the caller knows better. */
export type ClosesFor = (node: TSESTree.Node, closes: readonly Pool[]) => Iterable<Pool>;

/**
 * Every lazy value made from the pool binding that `records` (one variable,
 * in source order) describe, paired with each pool record it may belong to.
 * Yielded one by one: `closesFor` is asked for a value's closes (in their
 * order) after the caller has seen the value's first pairing.
 */
export function* findLazySources(
  records: readonly Pool[],
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  types: TypeOracle | undefined,
  closesFor: ClosesFor = (_node, closes) => closes,
): Generator<LazySource> {
  const first = records[0];
  if (!first) return;
  const collector: Collector = {
    sourceCode,
    settings,
    types,
    pool: first.variable,
    found: new Map(),
    generatorCalls: new Map(),
    driverCursors: new Set(),
    responses: new Set(),
    submittedBy: new Map(),
    poolDriver: driverOfVariable(first.variable, sourceCode, settings.closes),
    visited: new Set([first.variable]),
  };
  const selfIterated = iteratesOwnItems(first, sourceCode);
  for (const reference of first.variable.references) {
    if (!reference.isRead()) continue;
    // An identifier, or a whole `this.…` member path.
    const identifier = reference.identifier;
    if (selfIterated && isPoolIterated(identifier)) collector.found.set(identifier, true);
    const lazyFunction = lazyFunctionAround(identifier, first.fn, settings);
    if (lazyFunction) collector.found.set(lazyFunction, false);
    walkReached(identifier, collector);
    // Calling a generator that uses the pool makes a lazy generator object.
    for (const generator of generatorsAround(identifier, first.fn)) {
      for (const call of callsOf(generator, sourceCode) ?? []) {
        collector.found.set(call, false);
        collector.generatorCalls.set(call, generator);
      }
    }
  }
  // Scoped pools die once, at one point; each explicit close is a disposal point of its own.
  const scoped = records.filter((record) => record.kind !== 'close');
  const closes = records.filter((record) => record.kind === 'close');
  for (const [node, poolItself] of collector.found) {
    const made = {
      node,
      poolItself,
      asyncSource: isAsyncSource(node),
      promiseReads: isSubmittedCursor(node, sourceCode),
      generatorObject: collector.generatorCalls.has(node),
      ...materializingTraits(node, collector),
      ...(collector.responses.has(node) ? { noArray: true } : {}),
      response: collector.responses.has(node),
      startedWhenMade: isStartedWhenMade(node, sourceCode),
      value: collector.submittedBy.get(node) ?? node,
    };
    const pool = recordFor(scoped, node.range[0]);
    // The value's first pairing comes before `closesFor` is asked: the caller learns from it.
    const [firstClose] = closes;
    const opening = pool ?? firstClose;
    if (!opening) continue;
    yield { pool: opening, ...made };
    for (const close of closesFor(node, closes)) if (close !== opening) yield { pool: close, ...made };
  }
}
