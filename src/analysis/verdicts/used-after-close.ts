/**
 * The decisions of `no-pool-used-after-close`, one per use of a pool:
 * **used after close** (the use can run after the disposal point in the same
 * function), **used later** (it runs in a function handed over before the
 * disposal point that runs after it: a callback of the pool's own
 * callback-style methods, of an error-first API, a timer, a listener, an
 * un-awaited `.then`), **not awaited** (an asynchronous operation on the pool,
 * started in the scope and left running when an abrupt close comes, or a
 * graceful close of a pool that hands out connections asynchronously).
 *
 * Pools are kinds 1, 2, 3 and 5, and kind 4 where the driver is known (rule
 * 11, or the `closes` option). A close in a `catch` is error-path cleanup here.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { cachedIn } from '../../util/cached.js';
import type { Settings } from '../core/options.js';
import type { TypeOracle } from '../core/types.js';
import { holdsLazyValue, isLazyByName } from '../pools/lazy-value-pools.js';
import type { PoolBinding } from '../pools/pool-bindings.js';
import { iteratesOwnItems } from '../pools/pool-nouns.js';
import { reopenCalls, type Pool } from '../pools/pools.js';
import { useDriverOf, type UseDriver } from '../pools/use-drivers.js';
import { recreatedBefore, viewFor, viewOf } from './close-views.js';
import { isExcludedUse, usesOf, usesOfResult, type PoolUse, type Returned, type UseVocabulary } from './pool-uses.js';
import { contains, enclosingFunction } from '../core/ast.js';
import { callsOf } from '../core/function-calls.js';
import { handedOverView, usesBeforeHandOver } from './handed-closes.js';
import { notAwaited } from './unawaited-uses.js';
import { makesLazyValue } from './helper-summaries.js';
import type { HelperValue } from '../values/helper-values.js';
import { useTiming } from './use-timing.js';

export type PoolUseFinding =
  | { kind: 'usedAfterClose'; use: PoolUse; pool: Pool; driver: UseDriver | undefined; somePaths: boolean }
  | { kind: 'usedLater'; use: PoolUse; pool: Pool; driver: UseDriver | undefined; callback: string }
  | { kind: 'notAwaited'; use: PoolUse; pool: Pool; driver: UseDriver | undefined; behaviour: string; operation: TSESTree.CallExpression };

/** The uses of a binding's pool, and what its pools share; undefined when the binding is no pool of this rule. */
interface BindingUses {
  uses: PoolUse[];
  /** The calls that are uses: their callbacks run after them. */
  calls: Set<TSESTree.Node>;
  driver: UseDriver | undefined;
  reopens: TSESTree.CallExpression[];
  /** Where the pool, an alias or a handle of it is returned from its function. */
  returns: Returned[];
}

function bindingUses(
  binding: PoolBinding,
  driver: UseDriver | undefined,
  vocabulary: UseVocabulary,
  settings: Settings,
  sourceCode: Readonly<TSESLint.SourceCode>,
): BindingUses | undefined {
  // A cursor or a stream closed by itself is the first rule's; a runtime's cancellation idiom is no bug.
  if (driver?.cancellation === true || holdsLazyValue(binding, settings, sourceCode)) return undefined;
  const returns: Returned[] = [];
  const uses = usesOf(binding, driver?.onlyUses ? { ...vocabulary, onlyUses: driver.onlyUses } : vocabulary, sourceCode, returns);
  if (uses.length === 0 && returns.length === 0) return undefined;
  return { uses, calls: new Set(uses.flatMap((use) => (use.call ? [use.call] : []))), driver, reopens: reopenCalls(binding), returns };
}

/** Pools closed when their scope ends, whichever way: by a `using` declaration or a stack, or in a `finally` block. */
const SCOPE_KINDS: ReadonlySet<Pool['kind']> = new Set(['using', 'stack', 'finally']);

/**
 * Uses in the callers of what a function of the file returns from a pool it closes as the function ends: the
 * pool itself, an alias, a handle (`using db = open(p); return db.prepare(sql)`; `stmt.get()` in the caller). The
 * return leaves the scope, so every use of the result comes after the close, on every path. One level of
 * caller, as for the helpers of rule 16; a generator's returns are not followed.
 */
function returnedUses(
  returns: readonly Returned[],
  view: Pool,
  vocabulary: UseVocabulary,
  sourceCode: Readonly<TSESLint.SourceCode>,
): PoolUse[] {
  const fn = view.fn;
  if (!SCOPE_KINDS.has(view.kind) || fn.type === AST_NODE_TYPES.Program || fn.generator) return [];
  const leaving = returns.filter((returned) => returned.node.range[0] >= view.scopeStart && enclosingFunction(returned.node) === fn);
  if (leaving.length === 0) return [];
  // What the callers get: a handle, or the pool itself (or both, from two returns).
  const kinds = new Set(leaving.map((returned) => returned.handle));
  const found: PoolUse[] = [];
  for (const call of callsOf(fn, sourceCode) ?? []) {
    if (contains(fn, call)) continue;
    for (const handle of kinds) {
      const uses = usesOfResult(call, fn.async, handle, view.variable, vocabulary, sourceCode);
      const reopens = uses.length > 0 ? reopensOfResult(uses).filter((reopen) => !contains(fn, reopen)) : [];
      for (const use of uses) {
        if (reopens.some((reopen) => reopen.range[1] <= use.node.range[0])) continue;
        if (!isExcludedUse(use, enclosingFunction(call))) found.push(use);
      }
    }
  }
  return found;
}

/** The reopening calls (`db.open()`) on the holders of a result's uses: a new life for what the function returned. */
function reopensOfResult(uses: readonly PoolUse[]): TSESTree.CallExpression[] {
  return [...new Set(uses.map((use) => use.holder.binding))].flatMap((binding) => reopenCalls(binding));
}

/**
 * The uses a pool record can judge: those inside the function that holds its scope (elsewhere the timing is
 * unknown), found by a binary search of the uses in source order; a scoped factory's, also in its caller. A
 * module's client closed in n functions is n records: each looks at its own function's uses, not at all n.
 */
function usesWithin(uses: readonly PoolUse[], pool: Pool): readonly PoolUse[] {
  if (pool.kind === 'factory' || pool.fn.type === AST_NODE_TYPES.Program) return uses;
  const [start, end] = pool.fn.range;
  let low = 0;
  let high = uses.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((uses[middle]?.node.range[0] ?? Infinity) < start) low = middle + 1;
    else high = middle;
  }
  let stop = low;
  while (stop < uses.length && (uses[stop]?.node.range[0] ?? Infinity) < end) stop++;
  return uses.slice(low, stop);
}

/** What a local helper's call makes that is the first rule's to judge: its consumption, or also the lazy value it returns. */
const READS: ReadonlySet<HelperValue['kind']> = new Set(['reads']);
const MADE: ReadonlySet<HelperValue['kind']> = new Set(['reads', 'returns']);

/** This rule's own settings: the `ignoreMethods` option. */
export interface UseSettings {
  ignoreMethods: ReadonlySet<string>;
}

/** The findings of `no-pool-used-after-close` for the file's pools, one per use, in source order. */
export function findPoolUses(
  pools: readonly Pool[],
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  useSettings: UseSettings,
  types: TypeOracle | undefined,
): PoolUseFinding[] {
  const vocabulary: UseVocabulary = { disposeMethods: settings.disposeMethods, ignoreMethods: useSettings.ignoreMethods };
  const found = new Map<TSESTree.Node, PoolUseFinding>();
  // What the pools of a binding share, found once per binding and only for bindings with a pool this rule judges.
  const drivers = new Map<PoolBinding, UseDriver | undefined>();
  const driverOf = (binding: PoolBinding): UseDriver | undefined =>
    drivers.has(binding) ? drivers.get(binding) : cachedIn(drivers, binding, () => (binding.defs.length > 0 ? useDriverOf(binding, sourceCode, settings.closes, 0, types) : undefined));
  const byBinding = new Map<PoolBinding, BindingUses | undefined>();
  const helperMakes = (call: TSESTree.CallExpression, kinds: ReadonlySet<HelperValue['kind']>): boolean =>
    makesLazyValue(call, sourceCode, settings, types, kinds);
  // What the first rule judges instead: a lazy value made on the way, or a helper's call that makes one.
  const lazyFor =
    (use: PoolUse) =>
    (node: TSESTree.Node): boolean =>
      isLazyByName(node, settings, sourceCode) || (use.helper !== undefined && node === use.call && helperMakes(use.call, MADE));
  for (const pool of pools) {
    // An explicit close counts only where the driver says what it closes: most closes are of other objects.
    if (pool.kind === 'close' && !driverOf(pool.variable)) continue;
    let known = byBinding.get(pool.variable);
    if (!byBinding.has(pool.variable)) {
      known = bindingUses(pool.variable, driverOf(pool.variable), vocabulary, settings, sourceCode);
      byBinding.set(pool.variable, known);
    }
    if (!known) continue;
    const view = viewOf(pool, sourceCode, known.driver);
    if (!view) continue;
    for (const use of usesWithin(known.uses, view)) {
      if (found.has(use.node) || isExcludedUse(use, view.fn)) continue;
      // A local helper's call that reads a lazy value of the pool is the first rule's consumption (rule 16).
      if (use.helper && use.call && helperMakes(use.call, READS)) continue;
      // Iterating a directory or a readline interface after its close is the first rule's (the pool is its lazy value).
      if (!use.call && iteratesOwnItems(view, sourceCode)) continue;
      const holderView = viewFor(view, use.holder, sourceCode);
      if (!holderView) continue;
      const timing = useTiming(use, holderView, known.calls, sourceCode);
      const base = { use, pool: holderView, driver: known.driver };
      if (timing.kind === 'after') {
        // A new pool in the binding is no new life for an alias or a handle of the old one.
        if (!view.close && !use.holder.made && recreatedBefore(use, view, known.reopens)) continue;
        found.set(use.node, { kind: 'usedAfterClose', ...base, somePaths: timing.somePaths });
      } else if (timing.kind === 'later') {
        const line = sourceCode.getLocFromIndex(timing.offset).line;
        found.set(use.node, { kind: 'usedLater', ...base, callback: `${timing.callback}, handed over at line ${String(line)}` });
      } else if (timing.kind === 'inScope') {
        const left = notAwaited(use, holderView, known.driver, types, lazyFor(use), sourceCode);
        if (left) found.set(use.node, { kind: 'notAwaited', ...base, ...left });
      }
    }
    // A close handed to a timer: the operations left running before the hand-over (basic-ftp#34).
    const handed = handedOverView(view, sourceCode);
    if (handed) {
      for (const use of usesBeforeHandOver(known.uses, handed.view, handed.handOver)) {
        if (found.has(use.node) || isExcludedUse(use, handed.view.fn)) continue;
        const holderView = viewFor(handed.view, use.holder, sourceCode);
        const left = holderView && notAwaited(use, holderView, known.driver, types, lazyFor(use), sourceCode);
        if (holderView && left) found.set(use.node, { kind: 'notAwaited', use, pool: holderView, driver: known.driver, ...left });
      }
    }
    for (const use of returnedUses(known.returns, view, vocabulary, sourceCode)) {
      if (!found.has(use.node)) found.set(use.node, { kind: 'usedAfterClose', use, pool: view, driver: known.driver, somePaths: false });
    }
  }
  return [...found.values()].sort((a, b) => a.use.node.range[0] - b.use.node.range[0]);
}
