/**
 * Lazy values made at the call of a local helper (rule 16): a function of the
 * file given a value reached from the pool that returns a lazy value made
 * from it (`rowsOf(client)`), or that reads one (`findDocuments(db, cb)`).
 * What a helper does is summarised in `verdicts/helper-summaries.ts`; here is
 * what the search for a pool's values and the verdicts need to know of a call.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { MaterializingTraits } from './source-traits.js';

/** What a lazy value is, as made in the helper: carried to the value its call makes. */
export interface ValueTraits extends MaterializingTraits {
  asyncSource: boolean;
  promiseReads: boolean;
  response: boolean;
  startedWhenMade: boolean;
}

export interface HelperValue {
  /**
   * `returns`: the call's result is the helper's lazy value. `reads`: the call
   * reads it, without waiting for the end (`waits: false`, a started
   * consumption at the call) or in a promise the call returns (`waits: true`).
   */
  kind: 'returns' | 'reads';
  waits: boolean;
  /** The helper. */
  fn: TSESTree.Node;
  /** The lazy expression in the helper: named in messages. */
  inner: TSESTree.Node;
  /** A returned query that resolves to data when awaited (an ORM's `find()`, lazy by name only un-awaited): an awaited call is no lazy value. */
  awaitEnds?: boolean | undefined;
  /** For a started reading that writes into a parameter (`s.pipe(out)`): that parameter's index, whose argument's end ends the reading. */
  destination?: number | undefined;
  traits: ValueTraits;
}

/** Asked by the search for a pool's values at a call given a value reached from the pool: what the call makes, if anything. */
export type HelperCalls = (call: TSESTree.CallExpression, argument: TSESTree.Node) => HelperValue | undefined;

/** The helper calls found to make a value, with what they make. */
const values = new WeakMap<TSESTree.Node, HelperValue>();

export function recordHelperValue(call: TSESTree.Node, value: HelperValue): void {
  values.set(call, value);
}

/** What the call of a local helper makes, once the search for the pool's values has met it. */
export function helperValueAt(node: TSESTree.Node): HelperValue | undefined {
  return values.get(node);
}
