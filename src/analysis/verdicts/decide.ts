/**
 * Decides, for one lazy value, which of the places it goes are bugs, and
 * keeps one report per root cause: a consumption after the disposal point
 * wins over the assignment that carried the value out of the scope. The
 * findings are described in `findings.ts`.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { ancestors, contains, enclosingFunction, innerValueNode, isFunction } from '../core/ast.js';
import { asyncConsumerOf, isSettledBeforeDisposal } from '../timing/awaiting.js';
import { isInsideFailureAssertion } from '../core/failure-assertions.js';
import { finishingClose } from '../timing/closed-iterators.js';
import type { LazySource } from '../values/lazy-sources.js';
import { keepsOldValue, seesEarlierIteration } from './loop-iterations.js';
import { stillReading } from './started-consumptions.js';
import { closeFollows } from '../pools/pools.js';
import { closeKindFor, type CloseKind } from '../pools/close-kinds.js';
import type { Settings } from '../core/options.js';
import { blocksClose, waitsFor } from './graceful-closes.js';
import { closedWhileReading } from './closes-later.js';
import { callerView, timingOf, type Timing } from '../timing/timing.js';
import { chainStepTiming } from '../timing/chain-steps.js';
import type { TypeOracle } from '../core/types.js';
import type { FlowEvent, BindingWrite } from '../values/flow-events.js';
import { drainsForSure } from './drained-values.js';
import type { EscapeKind, Finding } from './findings.js';

type Outcome = 'report' | 'handled' | 'none';

interface Decision {
  source: LazySource;
  /** Everything the value flow found for the value: where a started consumption's end may be awaited. */
  events: readonly FlowEvent[];
  sourceCode: Readonly<TSESLint.SourceCode>;
  types: TypeOracle | undefined;
  /** What the pool's close does, and its driver. */
  closeKind: CloseKind;
  /** When each event's node runs relative to the pool: asked once per node. */
  timings: Map<TSESTree.Node, Timing>;
  /** The writes of each binding in the pool's function, in source order. */
  writes: Map<TSESLint.Scope.Variable, TSESTree.Node[]>;
  findings: Finding[];
}

/** The binding was written again, after the disposal point and before `node`: the value there is another one. */
function isOverwritten(write: BindingWrite, node: TSESTree.Node, decision: Decision): boolean {
  const writes = writesInPoolFunction(write.variable, decision);
  // The first write at or after the disposal point, then on while before `node`, skipping the write itself.
  let low = 0;
  let high = writes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((writes[middle]?.range[0] ?? Infinity) < decision.source.pool.disposedFrom) low = middle + 1;
    else high = middle;
  }
  for (let index = low; index < writes.length; index++) {
    const identifier = writes[index];
    if (!identifier || identifier.range[0] >= node.range[0]) return false;
    if (!contains(write.node, identifier)) return true;
  }
  return false;
}

/** The writes to `variable` in the pool's function, in source order: found once per decision, asked per consumption. */
function writesInPoolFunction(variable: TSESLint.Scope.Variable, decision: Decision): TSESTree.Node[] {
  let writes = decision.writes.get(variable);
  if (!writes) {
    const fn = decision.source.pool.fn;
    writes = variable.references
      .filter((reference) => reference.isWrite() && enclosingFunction(reference.identifier) === fn)
      .map((reference) => reference.identifier)
      .sort((a, b) => a.range[0] - b.range[0]);
    decision.writes.set(variable, writes);
  }
  return writes;
}

/** For an explicit close: does a close still lie ahead of `node` on some path? Always true for scoped pools. */
function disposalFollows(node: TSESTree.Node, source: LazySource): boolean {
  const close = source.pool.close;
  return !close || closeFollows(close, node);
}

/** A call that starts reading in the scope (`stream.pipe(res)`): over in time, or still reading at the disposal. */
function readingStarted(event: FlowEvent & { kind: 'consume' }, decision: Decision): Outcome | undefined {
  const { source, sourceCode } = decision;
  const inScope = (node: TSESTree.Node): boolean => timingIn(decision, node).kind === 'inScope';
  const queuesQueries = decision.closeKind.driver?.queuesQueries;
  const found = stillReading(event, decision.events, { pool: source.pool, sourceCode, inScope, queuesQueries });
  if (found === 'notStarted') return undefined;
  // An explicit close in a `catch` runs only when the code that started reading failed.
  const close = source.pool.close;
  const onSuccessPath = close && { ...close, calls: close.calls.filter((call) => !isInsideCatch(call)) };
  if (found === 'over' || (onSuccessPath && !closeFollows(onSuccessPath, event.node))) return 'handled';
  decision.findings.push({ kind: 'stillReading', node: found.call, value: event.value, head: undefined, somePaths: false, remedy: found.remedy });
  return 'report';
}

function isInsideCatch(node: TSESTree.Node): boolean {
  for (const ancestor of ancestors(node)) {
    if (isFunction(ancestor)) return false;
    if (ancestor.type === AST_NODE_TYPES.CatchClause) return true;
  }
  return false;
}

function notAwaited(event: FlowEvent & { kind: 'consume' }, decision: Decision): Outcome {
  const { source, sourceCode } = decision;
  // A local helper that reads the value in a promise it returns (rule 16): its call is the consumer.
  const helperConsumer = source.helper?.waits === true && event.node === source.node ? (event.node as TSESTree.CallExpression) : undefined;
  const consumer =
    asyncConsumerOf(event.node, source.pool, source.asyncSource, sourceCode, decision.types, source.promiseReads) ?? helperConsumer;
  if (!consumer || isSettledBeforeDisposal(consumer, source.pool, sourceCode) || !disposalFollows(consumer, source)) {
    return 'handled';
  }
  decision.findings.push({ kind: 'notAwaited', node: consumer, value: event.value, head: undefined, somePaths: false, consumer });
  return 'report';
}

function consumption(event: FlowEvent & { kind: 'consume' }, decision: Decision): Outcome {
  const { source, findings } = decision;
  // A test that the consumption fails after the close (rule 19).
  if (isInsideFailureAssertion(event.node)) return 'handled';
  // Got from a promise chain after its step that closes the pool (rule 17): after the disposal, wherever it runs.
  const timing: Timing = event.closedChain === true ? { kind: 'after', offset: event.node.range[0], somePaths: false } : timingIn(decision, event.node);
  const write = event.lastWrite;
  const base = { node: event.node, value: event.value, head: event.head, reshaped: event.reshaped };
  switch (timing.kind) {
    case 'after':
      if (write && isOverwritten(write, event.node, decision)) return 'handled';
      findings.push({ ...base, kind: 'consumedAfterDisposal', form: event.form, somePaths: timing.somePaths });
      return 'report';
    case 'later':
      findings.push({ ...base, kind: 'consumedLater', callback: timing.callback, somePaths: false });
      return 'report';
    case 'before':
    case 'inScope':
      if (earlierIteration(event, decision)) return 'report';
      if (timing.kind !== 'inScope') return 'none';
      return readingStarted(event, decision) ?? notAwaited(event, decision);
    case 'unknown': {
      // Whenever a callback runs, `r ??= it` hands it an earlier iteration's iterator. Code that runs before
      // a scoped factory's call, at the top of the loop, sees what the previous call's callback wrote.
      const beforeFactory = enclosingFunction(event.node) === callerView(source.pool)?.fn;
      if (earlierIteration(event, decision, (write) => beforeFactory || keepsOldValue(write))) return 'report';
      return contains(source.pool.fn, event.node) ? 'handled' : 'none';
    }
  }
}

/** A consumption that may pull, in a later loop iteration, the iterator an earlier iteration's pool made. */
function earlierIteration(
  event: FlowEvent & { kind: 'consume' },
  decision: Decision,
  which: (write: BindingWrite) => boolean = () => true,
): boolean {
  for (const write of event.inLoops) {
    if (!which(write)) continue;
    const seen = seesEarlierIteration(write, event.node, decision.source, event.generatorObject ?? decision.source.generatorObject);
    if (!seen) continue;
    const base = { node: event.node, value: event.value, head: event.head, reshaped: event.reshaped };
    decision.findings.push({
      ...base,
      kind: 'consumedAfterDisposal',
      form: event.form,
      somePaths: seen === 'some',
      earlierIteration: true,
    });
    return true;
  }
  return false;
}

function timingIn(decision: Decision, node: TSESTree.Node): Timing {
  let timing = decision.timings.get(node);
  if (!timing) {
    timing = timingOf(node, decision.source.pool, decision.sourceCode);
    // A close in a step of a promise chain: the chain's other steps run before or after it (rule 17).
    if (timing.kind === 'unknown') timing = chainStepTiming(node, decision.source.pool) ?? timing;
    decision.timings.set(node, timing);
  }
  return timing;
}

function escape(event: FlowEvent, value: TSESTree.Node, kind: EscapeKind, somePaths: boolean, decision: Decision): Outcome {
  decision.findings.push({
    kind: 'escapesScope',
    node: event.node,
    value,
    head: event.head,
    reshaped: event.reshaped,
    escape: kind,
    somePaths,
  });
  return 'report';
}

function returned(event: FlowEvent & { kind: 'return' }, decision: Decision): Outcome {
  const pool = decision.source.pool;
  // A scoped factory's caller that returns the iterator after the factory call hands out a dead one.
  const caller = callerView(pool);
  if (caller && event.fn === caller.fn && timingOf(event.node, caller, decision.sourceCode).kind === 'after') {
    return escape(event, event.node, { kind: 'returned' }, false, decision);
  }
  // A promise that settles after a chain step closed the pool: the caller gets the value closed (rule 17).
  // Read in the chain before (`.then((s) => s.pipe(out))`), what it returns is what the reading made: not judged.
  if (event.closedChain === true) {
    const read = decision.events.some((other) => other.kind === 'consume' && other.closedChain !== true);
    return read ? 'none' : escape(event, event.node, { kind: 'returned' }, false, decision);
  }
  if (event.fn !== pool.fn) return 'none';
  const timing = timingIn(decision, event.node);
  // Returning before an explicit close leaves the pool open on that path; a close on some paths only
  // (in a `catch`, under an `if`) is error-path cleanup, and handing the iterator out is not reported.
  if (timing.kind === 'after') return timing.somePaths ? 'none' : escape(event, event.node, { kind: 'returned' }, false, decision);
  if (timing.kind === 'inScope' && !pool.close) return escape(event, event.node, { kind: 'returned' }, false, decision);
  return 'none';
}

function exported(event: FlowEvent & { kind: 'export' }, decision: Decision): Outcome {
  const pool = decision.source.pool;
  if (pool.close) {
    // After an explicit close: only a close on every path makes the export an escape.
    const timing = timingIn(decision, event.node);
    if (timing.kind !== 'after' || timing.somePaths) return 'none';
  }
  const value = event.node.type === AST_NODE_TYPES.AssignmentExpression ? innerValueNode(event.node.right) : event.node;
  return escape(event, value, { kind: 'exported' }, false, decision);
}

/** A return or export that hands the value out before the scope closes it: still an escape. */
function precedesOwnClose(finding: Finding, close: TSESTree.Node): boolean {
  return finding.kind === 'escapesScope' && finding.escape.kind !== 'assigned' && finding.node.range[1] <= close.range[0];
}

/** The events each write carried the value to (the writes in their `via`): indexed once, asked per outer write. */
function carriedBy(events: readonly FlowEvent[]): Map<TSESTree.Node, FlowEvent[]> {
  const carried = new Map<TSESTree.Node, FlowEvent[]>();
  for (const event of events) {
    for (const write of event.via) {
      const list = carried.get(write.node) ?? [];
      if (list.at(-1) !== event) list.push(event);
      carried.set(write.node, list);
    }
  }
  return carried;
}

/**
 * Before a graceful close that waits for the value (rule 12): nothing, when
 * the close is not awaited; when it is, the value returned unread to a caller
 * that cannot read it before the close is over, else a value nobody reads.
 */
function beforeGracefulClose(decision: Decision, close: CloseKind): Finding[] {
  if (!close.awaited) return [];
  for (const event of decision.events) {
    if (event.kind !== 'return' || returned(event, decision) !== 'report') continue;
    const finding = decision.findings.at(-1);
    if (finding?.kind === 'escapesScope') finding.waitingClose = close;
  }
  if (decision.findings.length > 0) return decision.findings;
  const made = decision.source.node;
  const inScope = (node: TSESTree.Node): boolean => timingIn(decision, node).kind === 'inScope';
  return blocksClose(decision.source, decision.events, close, inScope, decision.sourceCode)
    ? [{ kind: 'blocksClose', node: made, value: made, head: undefined, somePaths: false, close }]
    : [];
}

export function decide(
  made: LazySource,
  events: readonly FlowEvent[],
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  types: TypeOracle | undefined,
): Finding[] {
  // Code paths that never made the value cannot misuse it: an explicit close is judged from its creation.
  const close = made.pool.close;
  // A reopening before the value is made starts the life the value belongs to; one after it leaves the value dead.
  const reopened = close?.reopens.filter((call) => call.range[1] <= made.node.range[0]) ?? [];
  const barriers = reopened.length > 0 && close ? [...close.barriers, ...reopened] : close?.barriers;
  const source = close && barriers ? { ...made, pool: { ...made.pool, close: { ...close, barriers, origin: made.node } } } : made;
  // A close that waits for the value: only a value nobody reads can hurt it.
  const closeKind = closeKindFor(made.pool, made.node, sourceCode, settings, types);
  const decision: Decision = { source, events, sourceCode, types, closeKind, findings: [], timings: new Map(), writes: new Map() };
  // A close in a callback that runs while the scope's reading goes on (rule 15).
  const later = closedWhileReading(made, events, closeKind, sourceCode);
  if (later) {
    const { call, starter, value, callback } = later;
    return [{ kind: 'closedWhileReading', node: call, value, head: undefined, somePaths: false, starter, callback }];
  }
  if (waitsFor(closeKind, made.node, made.pool)) return beforeGracefulClose(decision, closeKind);
  const outcomes = new Map<FlowEvent, Outcome>();
  // Drained in the scope for sure: later pulls of the exhausted iterator ask nothing of the pool.
  const drained = events.some(
    (event) =>
      event.kind === 'consume' && timingIn(decision, event.node).kind === 'inScope' && drainsForSure(event, source.pool),
  );
  for (const event of events) {
    if (event.kind === 'consume' && drained) outcomes.set(event, 'handled');
    else if (event.kind === 'consume') outcomes.set(event, consumption(event, decision));
    else if (event.kind === 'return') outcomes.set(event, returned(event, decision));
    else if (event.kind === 'export') outcomes.set(event, exported(event, decision));
  }
  // An outer binding or property that carried the value out is reported only when nothing downstream was,
  // and when the value was not consumed inside the scope anyway (for a property: drained, not just started).
  const inScope = events.filter((event) => event.kind === 'consume' && outcomes.get(event) === 'handled');
  const consumedInScope = inScope.length > 0;
  const drainedInScope = inScope.some((event) => event.kind === 'consume' && drainsForSure(event, source.pool));
  // Closed by the scope itself on every path: nothing escapes, and what reads it after its own close is another bug.
  const closes = events.flatMap((event) => (event.kind === 'close' ? [event.node] : []));
  const ownClose = finishingClose(closes, source.pool, (node) => timingIn(decision, node).kind === 'inScope');
  if (ownClose) return decision.findings.filter((finding) => precedesOwnClose(finding, ownClose));
  const carried = carriedBy(events);
  for (const event of events) {
    if (event.kind !== 'outerWrite' && event.kind !== 'storeProperty') continue;
    if (event.kind === 'outerWrite' ? consumedInScope : drainedInScope) continue;
    const downstream = (carried.get(event.node) ?? []).filter((other) => other !== event);
    if (downstream.some((other) => (outcomes.get(other) ?? 'none') !== 'none')) continue;
    if (timingIn(decision, event.node).kind !== 'inScope') continue;
    if (!disposalFollows(event.node, source) || source.pool.close?.unconditional === false) continue;
    const written =
      event.node.type === AST_NODE_TYPES.AssignmentExpression
        ? innerValueNode(event.node.right)
        : event.node.type === AST_NODE_TYPES.VariableDeclarator && event.node.init
          ? innerValueNode(event.node.init)
          : event.node;
    const kind: EscapeKind =
      event.kind === 'outerWrite' ? { kind: 'assigned', name: event.variable.name } : { kind: 'stored', target: event.target };
    escape(event, written, kind, false, decision);
  }
  return decision.findings;
}
