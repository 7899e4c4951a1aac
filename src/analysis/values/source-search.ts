/**
 * What the search for one pool binding's lazy values carries as it goes:
 * the settings and types it asks, and what it has found so far (the lazy
 * nodes, generator calls, MongoDB cursors, submitted queries, responses).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode } from '../core/ast.js';
import type { Settings } from '../core/options.js';
import type { TypeOracle } from '../core/types.js';
import type { Driver } from '../pools/drivers.js';
import type { PoolBinding } from '../pools/pool-bindings.js';
import type { HelperCalls } from './helper-values.js';

export interface Collector {
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
  /** Rule 16: what a call of a local helper given a reached value makes (absent inside a helper: one level). */
  helperCalls?: HelperCalls | undefined;
}
