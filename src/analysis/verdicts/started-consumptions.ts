/**
 * Started consumptions: calls that start pulling and return at once while the
 * pulling goes on (`stream.pipe(res)`, a `'data'` listener, `resume()`,
 * `cursor.each(cb)`). Such a call in the disposal scope is over only when the
 * scope, before the disposal point, awaits the stream's end (or, for a pipe,
 * the destination's), or closes the stream; otherwise it is still reading.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, contains, enclosingFunction, innerValueNode, isFunction, methodCall, outerValueNode } from '../core/ast.js';
import { isSettledBeforeDisposal } from '../timing/awaiting.js';
import { excerpt } from '../wording/describe.js';
import { functionOfBinding } from '../core/function-calls.js';
import { importOf } from '../core/imports.js';
import type { Pool } from '../pools/pools.js';
import type { FlowEvent } from '../values/flow-events.js';
import { helperValueAt } from '../values/helper-values.js';
import { variableOf } from '../core/variables.js';

/** Events whose listener pulls data from the stream (or the change stream, or readline's lines). */
const READING_EVENTS = new Set(['data', 'readable', 'line', 'change', 'result']);
/** Events that say the stream (or the destination) is done. */
const END_EVENTS = new Set(['end', 'close', 'finish']);
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

type StartedKind = 'pipe' | 'pipeTo' | 'listener' | 'callback' | 'pipeline' | 'helper';

export interface Started {
  kind: StartedKind;
  call: TSESTree.CallExpression;
  /** For `source.pipe(dest)` with the lazy value as the source: the destination, whose end ends the reading too. */
  destination: TSESTree.Node | undefined;
}

export interface StillReading {
  /** The call that starts reading. */
  call: TSESTree.CallExpression;
  /** What to do, for the message: `await finished(res)`. */
  remedy: string;
}

function stringArgument(call: TSESTree.CallExpression, index: number): string | undefined {
  const argument = call.arguments[index];
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' ? argument.value : undefined;
}

function isFunctionArgument(node: TSESTree.Node | undefined): boolean {
  return node !== undefined && (isFunction(node) || node.type === AST_NODE_TYPES.Identifier);
}

/** Names of the callback form of a stream pipeline: `pipeline` of `node:stream` (also `stream.pipeline`), `pump`. */
const CALLBACK_PIPELINES = new Set(['pipeline', 'pump']);

/** A function given in place, or a binding of the file that holds one (`done` in `pipeline(s, res, done)`). */
function isCallback(node: TSESTree.Node | undefined, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (node === undefined) return false;
  if (isFunction(node)) return true;
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = variableOf(node, sourceCode);
  return variable !== null && functionOfBinding(variable) !== undefined;
}

/**
 * `pipeline(stream, res, (err) => …)`: the callback form returns at once and
 * reads on until it calls back. The lazy value in any place but the callback's
 * (a source, or a destination being written); the last stream, when it is not
 * the lazy value, is a destination whose end ends the reading too.
 */
function callbackPipeline(
  call: TSESTree.CallExpression,
  held: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
): Started | undefined {
  // The cheap checks first: this runs on every call that consumes a lazy value in a disposal scope.
  const args = call.arguments;
  if (args.length < 3 || !args.slice(0, -1).includes(held as TSESTree.CallExpressionArgument)) return undefined;
  // Also imported under another name: `import { pipeline as pipe } from 'node:stream'`.
  const imported = call.callee.type === AST_NODE_TYPES.Identifier ? importOf(call.callee, sourceCode)?.imported : undefined;
  if (!CALLBACK_PIPELINES.has(calleeName(call.callee) ?? '') && !CALLBACK_PIPELINES.has(imported ?? '')) return undefined;
  if (!isCallback(args.at(-1), sourceCode)) return undefined;
  const last = args.at(-2);
  return { kind: 'pipeline', call, destination: last === held ? undefined : last };
}

/** The started consumption at `node` (a consumption of `value`), if it is one. */
export function startedAt(node: TSESTree.Node, value: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): Started | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  // A local helper that reads the value and returns before its reading is over (rule 16).
  const helper = node === value ? helperValueAt(node) : undefined;
  if (helper) {
    const destination = helper.destination === undefined ? undefined : node.arguments[helper.destination];
    return helper.kind === 'reads' && !helper.waits ? { kind: 'helper', call: node, destination } : undefined;
  }
  const held = outerValueNode(value);
  const pipeline = callbackPipeline(node, held, sourceCode);
  if (pipeline) return pipeline;
  const method = methodCall(node);
  if (!method) return undefined;
  // A lazy value used as a pipe's destination is written until the pipe finishes.
  if (method.name === 'pipe' && node.arguments[0] === held) return { kind: 'pipe', call: node, destination: undefined };
  if (outerValueNode(method.member.object) !== held) return undefined;
  const args = node.arguments;
  switch (method.name) {
    case 'pipe':
      // A pipe whose result goes on (`return s.pipe(gzip)`, `s.pipe(a).pipe(b)`) hands the reading to that stream.
      return outerValueNode(node).parent?.type === AST_NODE_TYPES.ExpressionStatement
        ? { kind: 'pipe', call: node, destination: args[0] }
        : undefined;
    case 'pipeTo':
      return { kind: 'pipeTo', call: node, destination: undefined };
    case 'resume':
      return { kind: 'listener', call: node, destination: undefined };
    case 'each':
      return { kind: 'callback', call: node, destination: undefined };
    // The callback forms: MongoDB's `toArray(cb)` and `forEach(iterator, end)`, pg-cursor's `read(n, cb)`.
    case 'toArray':
      return args.length === 1 && isFunctionArgument(args[0]) ? { kind: 'callback', call: node, destination: undefined } : undefined;
    case 'forEach':
      return args.length === 2 && isFunctionArgument(args[1]) ? { kind: 'callback', call: node, destination: undefined } : undefined;
    case 'read':
      return args.length === 2 && isFunctionArgument(args[1]) ? { kind: 'callback', call: node, destination: undefined } : undefined;
    default: {
      const event = stringArgument(node, 0);
      return LISTENER_METHODS.has(method.name) && event !== undefined && READING_EVENTS.has(event)
        ? { kind: 'listener', call: node, destination: undefined }
        : undefined;
    }
  }
}

/** The `new Promise(executor)` whose executor holds `node` (not inside another function of it). */
function promiseAround(node: TSESTree.Node): TSESTree.NewExpression | undefined {
  const fn = enclosingFunction(node);
  if (fn.type === AST_NODE_TYPES.Program) return undefined;
  const holder = outerValueNode(fn).parent;
  const isExecutor =
    holder?.type === AST_NODE_TYPES.NewExpression &&
    holder.callee.type === AST_NODE_TYPES.Identifier &&
    holder.callee.name === 'Promise' &&
    holder.arguments[0] === outerValueNode(fn);
  return isExecutor ? holder : undefined;
}

/** `finished(s)`, `once(s, 'end')`, `pipeline(…, s, …)` (also as members: `stream.promises.finished(s)`). */
function isEndPromiseCall(call: TSESTree.CallExpression, held: TSESTree.Node): boolean {
  const name = calleeName(call.callee);
  if (name === 'finished') return call.arguments[0] === held;
  if (name === 'once') {
    const event = stringArgument(call, 1);
    return call.arguments[0] === held && event !== undefined && END_EVENTS.has(event);
  }
  return name === 'pipeline' && call.arguments.includes(held as TSESTree.CallExpressionArgument);
}

/**
 * Any other function given the stream (`await streamToPromise(s)`, `await
 * text(s)`, `await upload(s)`): the rule does not see into it, and a function
 * given a lazy value consumes it at that call. Awaited once the reading has
 * started, it is taken to wait for the end; awaited before, it cannot.
 * `once(s, 'data')` waits for one event only.
 */
function isHelperWaitedAfter(
  call: TSESTree.CallExpression,
  held: TSESTree.Node,
  start: TSESTree.CallExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  if (calleeName(call.callee) === 'once' || !call.arguments.includes(held as TSESTree.CallExpressionArgument)) return false;
  if (call.range[0] > start.range[1]) return true;
  // `const done = toPromise(s); s.pipe(res); await done;`: made first, awaited after the start.
  return bindingReads(call, sourceCode).some(
    (read) => read.range[0] > start.range[1] && outerValueNode(read).parent?.type === AST_NODE_TYPES.AwaitExpression,
  );
}

/**
 * The promise that settles when the stream at `value` ends, if `value` is
 * where such a promise is made: `finished(value)`, `once(value, 'end')`, a
 * `pipeline` holding it, `value.on('end', …)` in a `new Promise` executor, a
 * helper given it and awaited after `start` (the call that starts reading).
 * A `for await` over it is over when the loop is.
 */
function endPromiseAt(
  value: TSESTree.Node,
  start: TSESTree.CallExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESTree.Node | undefined {
  const held = outerValueNode(value);
  const parent = held.parent;
  if (parent?.type === AST_NODE_TYPES.ForOfStatement && parent.await && parent.right === held) return parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee !== held) {
    if (isEndPromiseCall(parent, held) || isHelperWaitedAfter(parent, held, start, sourceCode)) return parent;
  }
  if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== held) return undefined;
  const call = outerValueNode(parent).parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== outerValueNode(parent)) return undefined;
  const method = methodCall(call);
  const event = stringArgument(call, 0);
  if (!method || !LISTENER_METHODS.has(method.name) || event === undefined || !END_EVENTS.has(event)) return undefined;
  return promiseAround(call);
}

interface Judge {
  pool: Pool;
  sourceCode: Readonly<TSESLint.SourceCode>;
  /** Whether `node` runs in the disposal scope. */
  inScope: (node: TSESTree.Node) => boolean;
  /** The pool's driver runs one query at a time, in order (pg's client). */
  queuesQueries?: boolean;
}

/** Whether the end promise (or `for await` loop) made at `made` is waited for in the scope (made before the start, it may be awaited after it). */
function isWaitedFor(made: TSESTree.Node, judge: Judge): boolean {
  if (!judge.inScope(made)) return false;
  if (made.type === AST_NODE_TYPES.ForOfStatement) return enclosingFunction(made) === judge.pool.fn;
  if (enclosingFunction(made) !== judge.pool.fn) return false;
  return isAwaitedInScope(made as TSESTree.CallExpression | TSESTree.NewExpression, judge);
}

function isAwaitedInScope(promise: TSESTree.CallExpression | TSESTree.NewExpression, judge: Judge): boolean {
  const value = outerValueNode(promise);
  // `void finished(s)` or a bare statement waits for nothing; a promise kept in a binding must be awaited in the scope.
  return value.parent?.type !== AST_NODE_TYPES.ExpressionStatement && isSettledBeforeDisposal(promise, judge.pool, judge.sourceCode);
}

/**
 * `await client.query(…)` after the start, in the scope, on a pool whose driver runs one query at a time: the
 * query returns only once the reading before it is over (pg's client queues it behind the stream's query).
 */
function laterQueryAwaited(start: TSESTree.CallExpression, judge: Judge): boolean {
  if (judge.queuesQueries !== true) return false;
  return judge.pool.variable.references.some((reference) => {
    const member = reference.identifier.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) return false;
    const query = member.parent;
    if (query.type !== AST_NODE_TYPES.CallExpression || query.callee !== member || methodCall(query)?.name !== 'query') return false;
    if (query.range[0] < start.range[1] || enclosingFunction(query) !== judge.pool.fn || !judge.inScope(query)) return false;
    return isAwaitedInScope(query, judge);
  });
}

/** The reads of the binding a destination names (`res` in `stream.pipe(res)`). */
function destinationReads(destination: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node[] {
  const inner = innerValueNode(destination);
  if (inner.type !== AST_NODE_TYPES.Identifier) return [];
  const variable = variableOf(inner, sourceCode);
  if (!variable) return [];
  return variable.references
    .filter((reference) => reference.isRead())
    .map((reference) => reference.identifier);
}

/**
 * Every read of the bindings that hold the lazy value where it is consumed:
 * listening for its end (`s.on('close', resolve)` in a `new Promise`) reads
 * the binding without consuming the stream, so value flow has no event there.
 */
function holderReads(events: readonly FlowEvent[], sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node[] {
  const variables = new Set<TSESLint.Scope.Variable>();
  for (const other of events) {
    if (other.kind !== 'consume') continue;
    const inner = innerValueNode(other.value);
    if (inner.type !== AST_NODE_TYPES.Identifier) continue;
    const variable = variableOf(inner, sourceCode);
    if (variable) variables.add(variable);
  }
  return [...variables].flatMap((variable) =>
    variable.references.filter((reference) => reference.isRead()).map((reference) => reference.identifier),
  );
}

/** The reads of the `const` binding initialised with `node` (`const s = x.stream().on('data', f)`). */
function bindingReads(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node[] {
  const held = outerValueNode(node);
  const declarator = held.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== held) return [];
  if (declarator.parent.kind !== 'const' || declarator.id.type !== AST_NODE_TYPES.Identifier) return [];
  return sourceCode
    .getDeclaredVariables(declarator)
    .flatMap((variable) => variable.references)
    .filter((reference) => reference.isRead())
    .map((reference) => reference.identifier);
}

function remedyFor(started: Started, value: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): string {
  switch (started.kind) {
    case 'pipe':
      return started.destination
        ? `await finished(${excerpt(started.destination, sourceCode)}) or 'await pipeline(…)'`
        : `await finished(${excerpt(value, sourceCode)})`;
    case 'pipeTo':
      return `await '${excerpt(started.call, sourceCode)}'`;
    case 'listener':
      // readline's interface ends with 'close'; a stream's end is what `finished` waits for.
      return stringArgument(started.call, 0) === 'line'
        ? `await once(${excerpt(value, sourceCode)}, 'close')`
        : `await finished(${excerpt(value, sourceCode)})`;
    case 'callback':
      return "await the callback's last call through a 'new Promise'";
    case 'pipeline':
      return "use 'await pipeline(…)' of 'node:stream/promises'";
    case 'helper':
      return started.destination
        ? `await finished(${excerpt(started.destination, sourceCode)})`
        : `make '${excerpt(started.call.callee, sourceCode)}' wait for the end of its reading, and await it`;
  }
}

/**
 * For a consumption in the scope: whether it starts reading that is not over
 * before the disposal point (`'over'` when it ends in time, `'notStarted'` when
 * the call only consumes). `events` are everything the value flow found for
 * the same lazy value (its ends, its closes, its aliases' uses).
 */
export function stillReading(
  event: FlowEvent & { kind: 'consume' },
  events: readonly FlowEvent[],
  judge: Judge,
): StillReading | 'over' | 'notStarted' {
  const started = startedAt(event.node, event.value, judge.sourceCode);
  if (!started) return 'notStarted';
  const { call } = started;
  // `await s.pipeTo(dest)`, or its promise awaited later in the scope.
  if (started.kind === 'pipeTo' && isAwaitedInScope(call, judge)) return 'over';
  // Started inside an awaited `new Promise` executor: it settles when the reading is done.
  const promise = promiseAround(call);
  if (promise && contains([judge.pool.scopeStart, judge.pool.scopeEnd], promise) && isAwaitedInScope(promise, judge)) return 'over';
  for (const other of events) {
    if (other.kind === 'close' && other.node.range[0] > call.range[1] && judge.inScope(other.node)) return 'over';
    if (other.kind !== 'consume') continue;
    const made = endPromiseAt(other.value, call, judge.sourceCode);
    if (made && isWaitedFor(made, judge)) return 'over';
  }
  if (laterQueryAwaited(call, judge)) return 'over';
  const destinations = started.destination ? destinationReads(started.destination, judge.sourceCode) : [];
  // `finished(s.pipe(res))`: the pipe hands the destination back; `s.on('data', f)` hands `s` back, also into a binding.
  const handedBack = started.kind === 'pipe' || (started.kind === 'listener' && methodCall(call)?.name !== 'resume');
  const ends = [
    ...destinations,
    ...(handedBack ? [call, ...bindingReads(call, judge.sourceCode)] : []),
    ...holderReads([event, ...events], judge.sourceCode),
  ];
  for (const value of ends) {
    const made = endPromiseAt(value, call, judge.sourceCode);
    if (made && isWaitedFor(made, judge)) return 'over';
  }
  return { call, remedy: remedyFor(started, event.value, judge.sourceCode) };
}
