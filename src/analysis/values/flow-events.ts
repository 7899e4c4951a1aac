/**
 * What following a lazy value reports: the events of its flow (consumed,
 * returned, exported, written to an outer binding or a property, closed, used
 * otherwise), each with the context it was reached in (the writes it passed
 * through, whether it sits in a container, what it became on the way).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode } from '../core/ast.js';
import type { ConsumptionForm } from './consumptions.js';

/** A write that moved the value into a binding. */
export interface BindingWrite {
  variable: TSESLint.Scope.Variable;
  /** The assignment or declarator that wrote it. */
  node: TSESTree.Node;
}

export interface FlowContext {
  /** The writes to outer bindings the value passed through, outermost last. */
  via: readonly BindingWrite[];
  /** Set when the value is a container (`{ rows: it }`): the key that holds the iterator, or `undefined` for arrays. */
  containerKey?: string | undefined;
  container: boolean;
  /** The last write to any binding on the way: a later write to it replaces the value. */
  lastWrite?: BindingWrite | undefined;
  /** The value is now a generator object pulling from the iterator: stopping a loop over it finishes it. */
  generatorObject?: boolean;
  /** Every write to a binding on the way, in a loop that may carry the value into a later iteration. */
  inLoops: readonly BindingWrite[];
  /** The last expression inside the disposal scope, in the pool's function, that holds the iterator itself. */
  head?: TSESTree.Node | undefined;
  /** The value is now a wrapper (`new Response(stream)`): materializing it as an array would change what it is. */
  wrapped?: boolean;
  /**
   * What the value became on the way, when no longer the lazy value as made
   * (cursor builders and `await` keep it): a Node `Readable` (`cursor.stream()`),
   * an iterator helper's result (`.map(…)`), another async or sync iterable
   * (a wrapper, a pipe's destination, a lazy function's or a generator's result),
   * or a bare iterator (`[Symbol.asyncIterator]()`), which need not be iterable.
   */
  reshaped?: Reshaped;
  /** The value is now a promise that resolves to it (a `.then` step returned it): only `await` and `.then` give it back. */
  promised?: boolean;
  /** That promise settles after a `.finally` step that closes the pool: whatever gets the value gets it closed. */
  closedChain?: boolean;
}

export type Reshaped = 'readable' | 'helper' | 'async' | 'sync' | 'iterator';

export type FlowEvent =
  | ({ kind: 'consume'; node: TSESTree.Node; value: TSESTree.Node; form: ConsumptionForm } & FlowContext)
  | ({ kind: 'return'; node: TSESTree.Node; fn: FunctionNode | TSESTree.Program } & FlowContext)
  | ({ kind: 'export'; node: TSESTree.Node } & FlowContext)
  | ({ kind: 'outerWrite'; node: TSESTree.Node; variable: TSESLint.Scope.Variable } & FlowContext)
  | ({ kind: 'storeProperty'; node: TSESTree.AssignmentExpression; target: TSESTree.MemberExpression } & FlowContext)
  | ({ kind: 'close'; node: TSESTree.CallExpression } & FlowContext)
  /** Only when asked for (`detailed`): a use that treats the value as more than an iterable, or a binding whose type may not take an array. */
  | ({ kind: 'otherUse'; node: TSESTree.Node } & FlowContext);
