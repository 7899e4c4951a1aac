/**
 * Which calls and property reads on a value reached from a pool make a lazy
 * value, by name (the lazy-method options, protocol methods, submitted
 * queries, mysql's row emitters, the AWS SDK's streaming commands) and, where
 * known, by type; and which reads are only flags (`socket.readable`).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, innerValueNode, isFunction, memberName, methodCall, outerValueNode } from '../core/ast.js';
import { takesFunctionFirst } from '../pools/eager-results.js';
import { CURSOR_BUILDERS } from './consumptions.js';
import { sendsStreamingCommand } from './option-pools.js';
import { ITERATOR_PROTOCOL_METHODS, PROTOCOL_METHODS } from './protocol-calls.js';
import type { Collector } from './source-search.js';
import { submitsLazyQuery } from './submitted-queries.js';

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

/**
 * Whether a call of `name` on a value reached from a pool makes a lazy
 * iterator. `driver`: the receiver is reached through `.db(…)` or
 * `.collection(…)`, where an awaited cursor stays a cursor (rule 6). Types,
 * where known, beat names.
 */
export function isLazyCall(call: TSESTree.CallExpression, name: string, collector: Collector, driver: boolean, viaProperty: boolean): boolean {
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
export function isLazyProperty(member: TSESTree.MemberExpression, collector: Collector): boolean {
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
