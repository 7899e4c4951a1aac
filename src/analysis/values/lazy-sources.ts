/**
 * Lazy values made by a pool: calls of lazy methods on the pool or on values
 * reached from it, lazy query objects, lazy functions over the pool, and the
 * pool itself where it is iterated and its items die with it (a directory, a
 * readline interface). Which calls are lazy is `lazy-calls.ts`, the walk that
 * finds them `reached-from-pool.ts`, what each value is `source-traits.ts`.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, calleePath, isFunction, outerValueNode } from '../core/ast.js';
import { callsOf, generatorsAround } from '../core/function-calls.js';
import type { Settings } from '../core/options.js';
import type { TypeOracle } from '../core/types.js';
import { driverOfVariable } from '../pools/drivers.js';
import { iteratesOwnItems } from '../pools/pool-nouns.js';
import { reopenCalls, type Pool } from '../pools/pools.js';
import { walkReached } from './reached-from-pool.js';
import type { Collector } from './source-search.js';
import { isAsyncSource, isStartedWhenMade, materializingTraits, type MaterializingTraits } from './source-traits.js';
import { isSubmittedCursor } from './submitted-queries.js';
import { isThenableQuery } from './promise-chains.js';
import { helperValueAt, type HelperCalls, type HelperValue, type ValueTraits } from './helper-values.js';

export interface LazySource extends MaterializingTraits {
  pool: Pool;
  /** The lazy expression: the call (flow starts here), or the pool identifier. */
  node: TSESTree.Node;
  /** `true` when only the pool itself is iterated: no aliases are followed. */
  poolItself: boolean;
  /** An async iterator or cursor (every lazy method but `iterate`): its `toArray()`/`forEach()` return promises. */
  asyncSource: boolean;
  /** A submitted pg-cursor: its `read(n)` without a callback returns a promise. */
  promiseReads: boolean;
  /** A generator object: leaving a `for…of` over it early (`break`) finishes it. */
  generatorObject: boolean;
  /** A response whose body is read through the pool (rule 14): it holds a connection until read. */
  response: boolean;
  /** The pool starts producing it when it is made (rule 13): a submitted query, a stream, better-sqlite3's `iterate()`. */
  startedWhenMade: boolean;
  /** The node that stands for the value: the submitting call for a read of a submitted query's binding, else `node`. */
  value: TSESTree.Node;
  /** A thenable query by name (an ORM's `find()`): a promise chain that gets it awaits it (rule 17). */
  thenable: boolean;
  /** Made by the call of a local helper (rule 16): what the helper does with the value. */
  helper?: HelperValue | undefined;
}

/** `pMapIterable(items, (x) => pool.run(x))`: the lazy function call whose callback uses the pool. */
function lazyFunctionAround(
  reference: TSESTree.Node,
  fn: TSESTree.Node,
  settings: Settings,
): TSESTree.CallExpression | undefined {
  for (let current = reference.parent; current && current !== fn; current = current.parent) {
    if (!isFunction(current)) continue;
    const holder = outerValueNode(current).parent;
    if (holder?.type !== AST_NODE_TYPES.CallExpression || holder.callee === outerValueNode(current)) continue;
    const name = calleeName(holder.callee);
    if (name !== undefined && settings.lazyFunctions.has(name)) return holder;
  }
  return undefined;
}

/** Direct consumption of the pool itself: `for await (const entry of dir)`, `[...dir]`, `Array.from(dir)`. */
function isPoolIterated(holder: TSESTree.Node): boolean {
  const value = outerValueNode(holder);
  const parent = value.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.ForOfStatement:
      return parent.right === value;
    case AST_NODE_TYPES.SpreadElement:
      return parent.parent.type !== AST_NODE_TYPES.ObjectExpression;
    case AST_NODE_TYPES.YieldExpression:
      return parent.delegate;
    case AST_NODE_TYPES.CallExpression: {
      const path = calleePath(parent.callee);
      return (
        parent.arguments[0] === value &&
        (path === 'Array.from' || path === 'Array.fromAsync' || path === 'Readable.from' || path === 'pipeline')
      );
    }
    default:
      return false;
  }
}

/** What the lazy value made at `node` is, from its making. */
export function valueTraits(node: TSESTree.Node, collector: Collector): ValueTraits {
  return {
    asyncSource: isAsyncSource(node),
    promiseReads: isSubmittedCursor(node, collector.sourceCode),
    ...materializingTraits(node, collector),
    ...(collector.responses.has(node) ? { noArray: true } : {}),
    response: collector.responses.has(node),
    startedWhenMade: isStartedWhenMade(node, collector.sourceCode),
  };
}

/** The pool record whose life the value made at `offset` belongs to. */
function recordFor(records: readonly Pool[], offset: number): Pool | undefined {
  const living = records.find((record) => offset < record.disposedFrom);
  if (living) return living;
  const last = records.at(-1);
  if (!last) return undefined;
  // Made after the last disposal: still that pool's value, unless the binding is re-created later.
  const rewritten =
    last.variable.references.some((reference) => reference.isWrite() && reference.identifier.range[0] >= last.disposedFrom) ||
    reopenCalls(last.variable).some((call) => call.range[0] >= last.disposedFrom && call.range[0] < offset);
  return rewritten ? undefined : last;
}

/** The explicit closes a value made at `node` is judged against: all of `closes`, unless the caller knows better. */
export type ClosesFor = (node: TSESTree.Node, closes: readonly Pool[]) => Iterable<Pool>;

/**
 * Every lazy value made from the pool binding that `records` (one variable,
 * in source order) describe, paired with each pool record it may belong to.
 * Yielded one by one: `closesFor` is asked for a value's closes (in their
 * order) after the caller has seen the value's first pairing.
 */
export function* findLazySources(
  records: readonly Pool[],
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  types: TypeOracle | undefined,
  closesFor: ClosesFor = (_node, closes) => closes,
  helperCalls?: HelperCalls,
): Generator<LazySource> {
  const first = records[0];
  if (!first) return;
  const collector: Collector = {
    sourceCode,
    settings,
    types,
    pool: first.variable,
    found: new Map(),
    generatorCalls: new Map(),
    driverCursors: new Set(),
    responses: new Set(),
    submittedBy: new Map(),
    poolDriver: driverOfVariable(first.variable, sourceCode, settings.closes),
    visited: new Set([first.variable]),
    helperCalls,
  };
  const selfIterated = iteratesOwnItems(first, sourceCode);
  for (const reference of first.variable.references) {
    if (!reference.isRead()) continue;
    // An identifier, or a whole `this.…` member path.
    const identifier = reference.identifier;
    if (selfIterated && isPoolIterated(identifier)) collector.found.set(identifier, true);
    const lazyFunction = lazyFunctionAround(identifier, first.fn, settings);
    if (lazyFunction) collector.found.set(lazyFunction, false);
    walkReached(identifier, collector);
    // Calling a generator that uses the pool makes a lazy generator object.
    for (const generator of generatorsAround(identifier, first.fn)) {
      for (const call of callsOf(generator, sourceCode) ?? []) {
        collector.found.set(call, false);
        collector.generatorCalls.set(call, generator);
      }
    }
  }
  // Scoped pools die once, at one point; each explicit close is a disposal point of its own.
  const scoped = records.filter((record) => record.kind !== 'close');
  const closes = records.filter((record) => record.kind === 'close');
  for (const [node, poolItself] of collector.found) {
    const helper = helperValueAt(node);
    const made = {
      node,
      poolItself,
      generatorObject: collector.generatorCalls.has(node),
      ...(helper ? helper.traits : valueTraits(node, collector)),
      value: collector.submittedBy.get(node) ?? node,
      thenable: isThenableQuery(node, collector),
      helper,
    };
    const pool = recordFor(scoped, node.range[0]);
    // The value's first pairing comes before `closesFor` is asked: the caller learns from it.
    const [firstClose] = closes;
    const opening = pool ?? firstClose;
    if (!opening) continue;
    yield { pool: opening, ...made };
    for (const close of closesFor(node, closes)) if (close !== opening) yield { pool: close, ...made };
  }
}
