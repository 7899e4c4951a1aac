/**
 * The rule's pass over one file, once the candidates are collected: pools,
 * their lazy values, where each value goes, what is a bug, and the reports.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { CodePathTracker } from './code-paths.js';
import { decide } from './decide.js';
import { findLazySources } from './lazy-sources.js';
import { holdsLazyValue } from './lazy-value-pools.js';
import type { Settings } from './options.js';
import type { PoolBinding } from './pool-bindings.js';
import { findPools, type Pool, type PoolCandidates } from './pools.js';
import { reportFinding, type MessageId } from './report.js';
import type { TypeOracle } from './types.js';
import { followLazyValue } from './value-flow.js';

type Context = Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>;

/** Pool records grouped by binding, each group in source order of disposal. */
function byVariable(pools: readonly Pool[]): Pool[][] {
  const groups = new Map<PoolBinding, Pool[]>();
  for (const pool of pools) {
    const group = groups.get(pool.variable);
    if (group) group.push(pool);
    else groups.set(pool.variable, [pool]);
  }
  // Bindings adopted by a stack first: their reports name them rather than the stack.
  return [...groups.values()]
    .map((group) => group.sort((a, b) => a.disposedFrom - b.disposedFrom))
    .sort((a, b) => Number(b[0]?.kind === 'stack') - Number(a[0]?.kind === 'stack'));
}

export function analyseFile(
  context: Context,
  settings: Settings,
  candidates: PoolCandidates,
  tracker: CodePathTracker,
  types: TypeOracle | undefined,
): void {
  const sourceCode = context.sourceCode;
  // A cursor or a stream closed by itself is no pool: its close closes the iterator (rule 2).
  const pools = findPools(candidates, tracker, sourceCode, settings).filter(
    (pool) => !holdsLazyValue(pool.variable, settings, sourceCode),
  );
  // One report per node: a value reached along two paths is reported once.
  const reported = new Set<TSESTree.Node>();
  for (const records of byVariable(pools)) {
    for (const source of findLazySources(records, sourceCode, settings, types)) {
      const events = followLazyValue(source.node, source.poolItself, source.pool, sourceCode, settings.lazyFunctions, types);
      for (const finding of decide(source, events, sourceCode, types)) {
        if (reported.has(finding.node)) continue;
        reported.add(finding.node);
        reportFinding(finding, source, context);
      }
    }
  }
}
