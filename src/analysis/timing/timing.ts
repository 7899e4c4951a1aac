/**
 * Where a node runs relative to a pool's life: before its disposal scope,
 * inside it, after the disposal point, later (a deferred callback created in
 * the scope), or unknown.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { contains, enclosingFunction, findInFunctionBody, isFunction, type FunctionNode } from '../core/ast.js';
import { runSteps, type Step } from '../core/deep-recursion.js';
import { callsOf } from '../core/function-calls.js';
import { invocationOf } from '../core/invocation.js';
import { closeFollows, scopeOf, type Pool } from '../pools/pools.js';

export type Timing =
  | { kind: 'before' | 'inScope' | 'unknown'; offset: number }
  /** `somePaths`: an explicit close precedes it on some code paths only. */
  | { kind: 'after'; offset: number; somePaths: boolean }
  | { kind: 'later'; offset: number; callback: string };

/** The functions between `node` and `pool.fn`, innermost first; undefined when `node` is not inside `pool.fn`. */
function functionsBetween(node: TSESTree.Node, pool: Pool): FunctionNode[] | undefined {
  const chain: FunctionNode[] = [];
  for (let current = node.parent; current; current = current.parent) {
    if (current === pool.fn) return chain;
    if (isFunction(current)) chain.push(current);
  }
  return pool.fn.type === AST_NODE_TYPES.Program ? chain : undefined;
}

type Place = 'before' | 'inScope' | 'after' | 'afterOnSomePaths' | 'unknown';

/**
 * `try { …; await pool.close(); } catch { here }`: the only way from a close
 * that ends its `try` block into the `catch` is the close itself failing.
 */
function isReachedOnlyByFailingClose(node: TSESTree.Node, pool: Pool): boolean {
  for (let current = node.parent; current && current !== pool.fn; current = current.parent) {
    if (current.type !== AST_NODE_TYPES.CatchClause) continue;
    const block = current.parent.block;
    const closes = pool.close?.calls.filter((call) => contains(block, call)) ?? [];
    return closes.length > 0 && closes.every((call) => endsBlock(call, block));
  }
  return false;
}

/** Whether nothing runs after `node` in `block` (it is the last statement of every block between). */
function endsBlock(node: TSESTree.Node, block: TSESTree.BlockStatement): boolean {
  for (let current: TSESTree.Node = node; current !== block; ) {
    const parent = current.parent;
    if (!parent) return false;
    if (parent.type === AST_NODE_TYPES.BlockStatement && parent.body.at(-1) !== current) return false;
    current = parent;
  }
  return true;
}

function place(node: TSESTree.Node, offset: number, pool: Pool): Place {
  if (pool.close) {
    if (isReachedOnlyByFailingClose(node, pool)) return 'inScope';
    // An explicit close: what counts is whether a code path leads from the close to here.
    const reach = pool.close.tracker.reach(pool.close.calls, node, pool.close.barriers, pool.close.origin);
    if (reach === 'all') return 'after';
    return reach === 'some' ? 'afterOnSomePaths' : 'inScope';
  }
  if (offset < pool.scopeStart) return 'before';
  if (offset < pool.scopeEnd) return 'inScope';
  if (offset >= pool.disposedFrom) return 'after';
  return 'unknown';
}

/** Whether an `await` of the pool's function lies between two offsets (microtasks queued before it run then). */
function awaitsBetween(pool: Pool, from: number, to: number): boolean {
  const body = pool.fn.type === AST_NODE_TYPES.Program ? pool.fn : pool.fn.body;
  const pause = findInFunctionBody(
    body,
    (node) =>
      node.range[0] > from &&
      node.range[0] < to &&
      (node.type === AST_NODE_TYPES.AwaitExpression || (node.type === AST_NODE_TYPES.ForOfStatement && node.await)),
  );
  return pause !== undefined;
}

/** `export function main() {}`, `export const run = () => …`, `export default function`, `export { run }`. */
function isExported(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  const holder = fn.parent;
  if (holder.type === AST_NODE_TYPES.ExportNamedDeclaration || holder.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
    return fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id ? fn.id.name : 'default';
  }
  const variable =
    fn.type === AST_NODE_TYPES.FunctionDeclaration
      ? sourceCode.getDeclaredVariables(fn)[0]
      : holder.type === AST_NODE_TYPES.VariableDeclarator
        ? sourceCode.getDeclaredVariables(holder)[0]
        : undefined;
  if (!variable) return undefined;
  const declaration = variable.defs[0]?.node.parent;
  const exported =
    declaration?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration ||
    variable.references.some((reference) => reference.identifier.parent.type === AST_NODE_TYPES.ExportSpecifier);
  return exported ? variable.name : undefined;
}

/**
 * A scoped factory's pool seen from the function that calls the factory: the
 * same pool, whose scope is the factory call itself. What runs after the call
 * (directly, in IIFEs, in timers) runs after the disposal.
 */
export function callerView(pool: Pool): Pool | undefined {
  const call = pool.kind === 'factory' ? pool.scopeNode.parent : undefined;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  return {
    ...pool,
    kind: 'using',
    fn: enclosingFunction(call),
    ...scopeOf(call),
  };
}

type Severity = Timing['kind'];
const WORST: readonly Severity[] = ['after', 'later', 'unknown', 'inScope', 'before'];

/**
 * When `node` runs relative to the pool's life. Functions between it and the
 * pool's function run in place, later (callbacks), or where their calls are:
 * a named function is followed to its call sites.
 */
export function timingOf(node: TSESTree.Node, pool: Pool, sourceCode: Readonly<TSESLint.SourceCode>): Timing {
  return runSteps(timingSteps(node, pool, sourceCode, { seen: new Set(), cycles: 0 }));
}

/** The functions a timing passed through, and how many times it met one again (a cycle of calls). */
interface Walk {
  seen: Set<FunctionNode>;
  cycles: number;
}

/**
 * Where each function's calls run, per pool: kept when found without meeting
 * a cycle (then the answer does not depend on the way in), so a chain of n
 * functions calling each other (`function* g1() { yield* g0(); }`) is
 * followed once, not once per consumption along it.
 */
const calledTimings = new WeakMap<Pool, Map<FunctionNode, Timing>>();

/** `timingOf`, as steps: a chain of calls (`g2()` calls `g1()`, which calls `g0()`) is followed without the call stack. */
function* timingSteps(
  node: TSESTree.Node,
  pool: Pool,
  sourceCode: Readonly<TSESLint.SourceCode>,
  walk: Walk,
): Step<Timing> {
  const chain = functionsBetween(node, pool);
  if (!chain) {
    const caller = callerView(pool);
    const outside = caller ? ((yield timingSteps(node, caller, sourceCode, walk)) as Timing) : undefined;
    // Only what the caller runs after the factory call counts; the callback itself is the scope.
    return outside?.kind === 'after' || outside?.kind === 'later' ? outside : { kind: 'unknown', offset: node.range[0] };
  }
  let later: { callback: string; microtask: boolean } | undefined;
  // An async function or a generator inside the callback goes on pulling after the callback returns.
  let resumable = false;
  for (const fn of chain) {
    const invocation = invocationOf(fn);
    if (invocation.kind === 'later') {
      later ??= { callback: invocation.callback, microtask: invocation.microtask && !resumable };
      continue;
    }
    resumable ||= fn.async || fn.generator;
    if (invocation.kind === 'inPlace') continue;
    return withLater((yield whereCalledOnce(fn, pool, sourceCode, walk)) as Timing, later, fn, pool);
  }
  const outermost = chain.at(-1);
  const offset = outermost ? outermost.range[0] : node.range[0];
  const where = place(outermost ?? node, offset, pool);
  // A function created after the disposal point can only run after it.
  if (where === 'after' || where === 'afterOnSomePaths') {
    return { kind: 'after', offset, somePaths: where === 'afterOnSomePaths' };
  }
  if (where === 'unknown') return { kind: 'unknown', offset };
  return withLater({ kind: where, offset }, later, outermost ?? node, pool);
}

/** `whereCalled`, looked up when known for the pool. */
function* whereCalledOnce(fn: FunctionNode, pool: Pool, sourceCode: Readonly<TSESLint.SourceCode>, walk: Walk): Step<Timing> {
  let known = calledTimings.get(pool);
  const found = known?.get(fn);
  if (found) return found;
  const cycles = walk.cycles;
  const timing = (yield whereCalled(fn, pool, sourceCode, walk)) as Timing;
  if (walk.cycles === cycles) {
    known ??= new Map();
    calledTimings.set(pool, known);
    known.set(fn, timing);
  }
  return timing;
}

/** A function whose invocation is not in place: where its calls run, or later when it is exported from the pool's module. */
function* whereCalled(fn: FunctionNode, pool: Pool, sourceCode: Readonly<TSESLint.SourceCode>, walk: Walk): Step<Timing> {
  const seen = walk.seen;
  const offset = fn.range[0];
  const created = place(fn, offset, pool);
  if (created === 'after' || created === 'afterOnSomePaths') return { kind: 'after', offset, somePaths: created === 'afterOnSomePaths' };
  if (pool.fn.type === AST_NODE_TYPES.Program && !pool.close) {
    const name = isExported(fn, sourceCode);
    // Importers call it once the module has run, and its pools are gone.
    if (name !== undefined) return { kind: 'later', offset, callback: `exported function '${name}'` };
  }
  if (seen.has(fn)) {
    walk.cycles++;
    return { kind: 'unknown', offset };
  }
  const calls = callsOf(fn, sourceCode);
  if (!calls || calls.length === 0) return { kind: 'unknown', offset };
  seen.add(fn);
  const timings: Timing[] = [];
  for (const call of calls) timings.push((yield timingSteps(call, pool, sourceCode, walk)) as Timing);
  for (const severity of WORST) {
    const found = timings.find((timing) => timing.kind === severity);
    if (found) return found;
  }
  return { kind: 'unknown', offset };
}

/** A deferred callback created at `at` makes an in-scope timing late, unless it surely runs before the disposal. */
function withLater(
  timing: Timing,
  later: { callback: string; microtask: boolean } | undefined,
  at: TSESTree.Node,
  pool: Pool,
): Timing {
  if (!later || timing.kind !== 'inScope') return timing.kind === 'before' && later ? { kind: 'unknown', offset: timing.offset } : timing;
  // After an explicit close, a deferred callback is late only if a close still lies ahead of its creation.
  if (pool.close && !closeFollows(pool.close, at)) return { kind: 'unknown', offset: timing.offset };
  // Microtasks queued before an `await` of the scope, or in a scoped factory's callback, run before the disposal.
  if (later.microtask && (pool.kind === 'factory' || awaitsBetween(pool, at.range[1], pool.scopeEnd))) {
    return { kind: 'unknown', offset: timing.offset };
  }
  return { kind: 'later', offset: timing.offset, callback: later.callback };
}
