/**
 * Closes that run later (rule 15): a dispose call in a function that runs
 * after the scope has started reading the pool's value, while that reading can
 * still go on — a listener of the value's own per-item events, a listener of
 * another emitter (`req.on('close', …)`), a timer, a `.then` callback of a
 * promise not awaited. The report is **closed while reading**, on the dispose
 * call. Silent: a close in the value's own end events (the correct pattern) or
 * in a step chained on the promise of the reading's end (`finished(s).then(…)`), a
 * callback that first closes the value, a graceful close (it waits), and a pool
 * that is itself the value read (readline's `close()` in its `'line'` listener
 * is how reading stops early).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, collectInFunctionBody, contains, enclosingFunction, innerValueNode, methodCall, outerValueNode, type FunctionNode } from '../core/ast.js';
import { handedOverByName } from '../core/function-calls.js';
import { invocationOf } from '../core/invocation.js';
import type { CloseKind } from '../pools/close-kinds.js';
import type { Pool } from '../pools/pools.js';
import { closingCallOf } from '../timing/closed-iterators.js';
import type { LazySource } from '../values/lazy-sources.js';
import type { FlowEvent } from '../values/flow-events.js';
import { startedAt, stillReading, type Started } from './started-consumptions.js';

/** The value's events that say its reading is done: a close there is the correct pattern. */
const END_EVENTS = new Set(['end', 'close', 'finish', 'done', 'error']);
/** A pipe destination's events that say the reading is done (its `'error'` does not: the source reads on). */
const DESTINATION_END_EVENTS = new Set(['finish', 'close']);
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
/** The steps of a promise chain a callback can be given to. */
const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

export interface ClosedWhileReading {
  /** The dispose call that runs later. */
  call: TSESTree.CallExpression;
  /** The call that started the reading. */
  starter: TSESTree.CallExpression;
  /** The value being read there. */
  value: TSESTree.Node;
  /** When the close runs: `a 'close' listener`, `a setTimeout callback`. */
  callback: string;
}

/**
 * The event a listener is registered for, and the emitter's text, when the function is given to `x.on('event', fn)`;
 * `at`: the function, or the name it is handed over by.
 */
function listenedEvent(at: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): { event: string; emitter: string } | undefined {
  const call = outerValueNode(at).parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const method = methodCall(call);
  const [event] = call.arguments;
  if (!method || !LISTENER_METHODS.has(method.name) || event?.type !== AST_NODE_TYPES.Literal || typeof event.value !== 'string') return undefined;
  return { event: event.value, emitter: sourceCode.getText(method.member.object) };
}

/** The texts the value is held by where it is read, and what a started reading hands back: its own emitters. */
function ownEmitters(events: readonly FlowEvent[], started: readonly Started[], sourceCode: Readonly<TSESLint.SourceCode>): Set<string> {
  const texts = new Set<string>();
  for (const event of events) {
    if (event.kind === 'consume') texts.add(sourceCode.getText(event.value));
    const receiver = event.kind === 'close' ? methodCall(event.node)?.member.object : undefined;
    if (receiver) texts.add(sourceCode.getText(receiver));
  }
  for (const start of started) if (start.kind !== 'pipe') texts.add(sourceCode.getText(start.call));
  return texts;
}

/** The started pipes' destinations (`s.pipe(res)`, whose `'finish'` ends the reading), and what a pipe hands back. */
function destinations(started: readonly Started[], sourceCode: Readonly<TSESLint.SourceCode>): Set<string> {
  const texts = new Set<string>();
  for (const start of started) {
    if (start.kind === 'pipe') texts.add(sourceCode.getText(start.call));
    if (start.destination) texts.add(sourceCode.getText(start.destination));
  }
  return texts;
}

/**
 * Whether `fn` is a step of a chain on the promise of the reading's end
 * (`finished(s).then(() => pool.close())`, `once(s, 'end')`, `pipeline(s,
 * dest)`, or the same of the pipe's destination): it runs once the reading is
 * over, the correct place to close.
 */
function chainedOnEnd(at: TSESTree.Node, ends: ReadonlySet<string>, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let step = outerValueNode(at).parent;
  while (step?.type === AST_NODE_TYPES.CallExpression) {
    const method = methodCall(step);
    if (!method || !CHAIN_METHODS.has(method.name)) break;
    step = innerValueNode(method.member.object);
  }
  if (step?.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = calleeName(step.callee);
  const [first, second] = step.arguments;
  const names = (node: TSESTree.Node | undefined): boolean => node !== undefined && ends.has(sourceCode.getText(node));
  if (name === 'finished') return names(first);
  if (name === 'once') return names(first) && second?.type === AST_NODE_TYPES.Literal && typeof second.value === 'string' && END_EVENTS.has(second.value);
  return name === 'pipeline' && step.arguments.some(names);
}

/** Whether the callback closes the value before it closes the pool (`s.destroy(); conn.close()`). */
function closesValueFirst(
  fn: FunctionNode,
  dispose: TSESTree.CallExpression,
  holders: ReadonlySet<string>,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  const closes = collectInFunctionBody(fn.body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression || node.range[1] > dispose.range[0]) return false;
    const receiver = methodCall(node)?.member.object;
    return receiver !== undefined && closingCallOf(outerValueNode(receiver)) === node && holders.has(sourceCode.getText(receiver));
  });
  return closes.length > 0;
}

/**
 * For a lazy value paired with a pool whose explicit close sits in a function
 * that runs later than the code around it: the close, if it can run while a
 * reading the scope started goes on.
 */
export function closedWhileReading(
  source: LazySource,
  events: readonly FlowEvent[],
  close: CloseKind,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ClosedWhileReading | undefined {
  const pool = source.pool;
  const dispose = pool.close?.calls[0];
  if (!dispose || pool.fn.type === AST_NODE_TYPES.Program || source.poolItself || close.behaviour === 'graceful') return undefined;
  const callback = pool.fn;
  // A function handed over by its name (`setTimeout(dispose, 10)`, `req.on('close', dispose)`) runs from there.
  const at = handedOverByName(callback, sourceCode) ?? callback;
  const invocation = invocationOf(callback, at);
  if (invocation.kind !== 'later') return undefined;
  const home = enclosingFunction(at);
  const homeBody = home.type === AST_NODE_TYPES.Program ? home : home.body;
  // The reading, as the function around the callback starts it.
  const starts: { event: FlowEvent & { kind: 'consume' }; started: Started }[] = [];
  for (const event of events) {
    if (event.kind !== 'consume' || contains(callback, event.node) || !contains(homeBody, event.node)) continue;
    const started = startedAt(event.node, event.value, sourceCode);
    if (started) starts.push({ event, started });
  }
  if (starts.length === 0) return undefined;
  const started = starts.map((start) => start.started);
  const holders = ownEmitters(events, started, sourceCode);
  const listened = listenedEvent(at, sourceCode);
  // The value's own end, or its pipe's destination's: the correct place to close.
  if (listened && END_EVENTS.has(listened.event) && holders.has(listened.emitter)) return undefined;
  if (listened && DESTINATION_END_EVENTS.has(listened.event) && destinations(started, sourceCode).has(listened.emitter)) return undefined;
  if (closesValueFirst(callback, dispose, holders, sourceCode)) return undefined;
  if (chainedOnEnd(at, new Set([...holders, ...destinations(started, sourceCode)]), sourceCode)) return undefined;
  // Over before the callback is made: the reading ended in time (rule 1, with the callback's creation as the disposal point).
  const until: Pool = { ...pool, close: undefined, fn: home, scopeStart: homeBody.range[0], scopeEnd: at.range[0], disposedFrom: at.range[0], scopeNode: homeBody };
  const inScope = (node: TSESTree.Node): boolean => contains(homeBody, node) && !contains(callback, node) && node.range[0] < at.range[0];
  for (const { event, started } of starts) {
    if (stillReading(event, events, { pool: until, sourceCode, inScope }) === 'over') continue;
    return { call: dispose, starter: started.call, value: event.value, callback: invocation.callback };
  }
  return undefined;
}

