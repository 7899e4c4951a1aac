/**
 * Every pool of a file, from the candidates collected while traversing it:
 * `using` declarations, `try` statements with a `finally`, close statements,
 * and scoped factory calls, each read by the module of its kind; then the
 * scoped factories the file declares itself, from the pools they dispose.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { CodePathTracker } from '../core/code-paths.js';
import type { Settings } from '../core/options.js';
import { collectClosePools, type Close } from './close-pools.js';
import { collectFactoryPools } from './factory-pools.js';
import { collectFactoryHelperPools } from './factory-helpers.js';
import { collectFinallyPools } from './finally-pools.js';
import type { Pool } from './pools.js';
import { collectUsingPools } from './using-pools.js';

export interface PoolCandidates {
  usingDeclarations: TSESTree.VariableDeclaration[];
  tryStatements: TSESTree.TryStatement[];
  closes: Close[];
  factoryCalls: TSESTree.CallExpression[];
}

export function hasCandidates(candidates: PoolCandidates): boolean {
  return (
    candidates.usingDeclarations.length > 0 ||
    candidates.tryStatements.length > 0 ||
    candidates.closes.length > 0 ||
    candidates.factoryCalls.length > 0
  );
}

/** Every pool of the file, from the candidates the rule collected while traversing. */
export function findPools(
  candidates: PoolCandidates,
  tracker: CodePathTracker,
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
): Pool[] {
  const pools: Pool[] = [];
  for (const declaration of candidates.usingDeclarations) collectUsingPools(declaration, sourceCode, settings, pools);
  for (const statement of candidates.tryStatements) collectFinallyPools(statement, sourceCode, settings, pools);
  collectClosePools(candidates.closes, tracker, sourceCode, pools);
  for (const call of candidates.factoryCalls) collectFactoryPools(call, sourceCode, pools);
  // Rule 16: the file's own scoped factories, found from the pools they dispose.
  collectFactoryHelperPools([...pools], candidates.factoryCalls, sourceCode, pools);
  return pools;
}
