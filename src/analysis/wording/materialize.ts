/**
 * When the suggestion that materializes a lazy value in the scope may be
 * offered, and in which form. It must leave code that compiles and does what
 * the code meant, or not be offered:
 *
 * - a value with its own eager method that works on every supported Node (a
 *   MongoDB cursor, a Node `Readable`) is read with it: `await cursor.toArray()`;
 * - any other async iterable with `await Array.fromAsync(…)`, only where
 *   `await` is allowed, where the program runs on Node 22 or later by its
 *   `package.json` (`engines.node`, else its `@types/node` major: see
 *   node-runtime.ts) and, with type information, only where the program's
 *   `lib` declares `Array.fromAsync`; a sync one with `Array.from(…)`, never an
 *   async one (it would silently give `[]`); with type information, neither
 *   over a value typed `any` (its items would become `unknown`);
 * - nothing when a later use of the value needs more than an iterable (a
 *   method, a property, an argument of a function), when a binding or a
 *   function's declared type may not take an array, or when the value never
 *   ends (a change stream), is not read (a copy-in stream), or is a bare
 *   iterator (`[Symbol.asyncIterator]()`: `Array.from` over one that is not
 *   iterable gives `[]`).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { cachedIn } from '../../util/cached.js';
import { awaitAllowedAt } from '../core/ast.js';
import type { ConsumptionForm } from '../values/consumptions.js';
import type { Finding } from '../verdicts/findings.js';
import type { LazySource } from '../values/lazy-sources.js';
import type { Pool } from '../pools/pools.js';
import type { TypeOracle } from '../core/types.js';
import { followLazyValue } from '../values/value-flow.js';
import { typeTakesArray } from '../values/array-types.js';
import type { FlowEvent, Reshaped } from '../values/flow-events.js';

export type MaterializeMessageId = 'materializeAsync' | 'materializeSync' | 'materializeWithToArray';

export interface Materialization {
  messageId: MaterializeMessageId;
  /** The expression replaced: the last one in the scope that holds the value. */
  target: TSESTree.Node;
  /** What replaces it. */
  text: string;
}

interface Ask {
  sourceCode: Readonly<TSESLint.SourceCode>;
  sourceType: 'module' | 'script' | 'commonjs' | undefined;
  lazyFunctions: ReadonlySet<string>;
  types: TypeOracle | undefined;
  /** Whether the program runs on a Node with `Array.fromAsync` (22 or later), asked only where it matters. */
  runsFromAsync: () => boolean;
}

/** The eager method of the value at the head: the lazy value's own, or a `Readable`'s after `.stream()`. */
function eagerMethodAt(source: LazySource, reshaped: Reshaped | undefined): 'toArray' | undefined {
  if (reshaped === undefined) return source.eagerMethod;
  return reshaped === 'readable' ? 'toArray' : undefined;
}

/** How the value at the head is iterated; `unknown` where neither its making nor its consumer says. */
function iterationAt(source: LazySource, reshaped: Reshaped | undefined, form: ConsumptionForm): 'async' | 'sync' | 'unknown' {
  if (reshaped === 'readable' || reshaped === 'async') return 'async';
  if (reshaped === 'sync') return 'sync';
  // A `for await` over a value its name says is sync: `Array.fromAsync` reads either.
  if (source.iteration === 'sync' && form === 'async') return 'unknown';
  if (source.iteration !== 'unknown') return source.iteration;
  // A `for…of` or a spread over it: it is a sync iterable, or the code is broken already.
  return form === 'unknown' ? 'unknown' : form;
}

/** A function whose declared return type may not take an array. */
function declaresReturnType(event: FlowEvent & { kind: 'return' }): boolean {
  if (event.fn.type === AST_NODE_TYPES.Program || !event.fn.returnType) return false;
  // A generator's return type says what it yields as well.
  return event.fn.generator || !typeTakesArray(event.fn.returnType.typeAnnotation, event.fn.async);
}

/** Answers of `laterUsesTakeArray` per pool (one file's analysis, one set of options) and target: many reports share a head. */
const laterUseAnswers = new WeakMap<Pool, Map<TSESTree.Node, boolean>>();

/** Whether every later use of the value at `target` (through its aliases) would take an array in its place. */
function laterUsesTakeArray(target: TSESTree.Node, source: LazySource, ask: Ask): boolean {
  const answers = cachedIn(laterUseAnswers, source.pool, () => new Map<TSESTree.Node, boolean>());
  return cachedIn(answers, target, () => followsIntoArrayUses(target, source, ask));
}

function followsIntoArrayUses(target: TSESTree.Node, source: LazySource, ask: Ask): boolean {
  const events = followLazyValue(target, false, source.pool, ask.sourceCode, ask.lazyFunctions, ask.types, new Set(), true, source.thenable);
  return events.every((event) => {
    switch (event.kind) {
      case 'otherUse':
      case 'close':
      case 'storeProperty':
        return false;
      case 'return':
        return !declaresReturnType(event);
      default:
        return true;
    }
  });
}

/** `target`'s text as the receiver of a method call: parenthesized unless it is a primary or member expression. */
function asReceiver(target: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const text = sourceCode.getText(target);
  switch (target.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.MemberExpression:
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.ThisExpression:
      return text;
    default:
      return `(${text})`;
  }
}

/** The suggestion for `finding`, or undefined when none may be offered. */
export function materialization(finding: Finding, source: LazySource, form: ConsumptionForm, ask: Ask): Materialization | undefined {
  const target = finding.head;
  // Materializing the consumed expression itself (an earlier iteration's iterator) would change nothing.
  if (!target || source.poolItself || source.noArray || finding.reshaped === 'iterator') return undefined;
  if (finding.kind === 'consumedAfterDisposal' && target === finding.value) return undefined;
  const eagerMethod = eagerMethodAt(source, finding.reshaped);
  const iteration = eagerMethod ? 'async' : iterationAt(source, finding.reshaped, form);
  // `Array.fromAsync` reads sync iterables too: an unknown iterable is read with it, where `await` is allowed.
  if (iteration !== 'sync' && !awaitAllowedAt(target, ask.sourceType)) return undefined;
  // Node 20 has no `Array.fromAsync`: where the program may run on it, an async value without an eager method gets nothing.
  if (!eagerMethod && iteration !== 'sync' && !ask.runsFromAsync()) return undefined;
  if (!eagerMethod && ask.types) {
    if (iteration !== 'sync' && !ask.types.hasArrayFromAsync()) return undefined;
    // `Array.from` over an `any` value gives `unknown[]`: every later use of an item would stop compiling.
    if (ask.types.isLooselyTyped(target)) return undefined;
  }
  if (!laterUsesTakeArray(target, source, ask)) return undefined;
  const { sourceCode } = ask;
  if (eagerMethod) {
    return { messageId: 'materializeWithToArray', target, text: `await ${asReceiver(target, sourceCode)}.${eagerMethod}()` };
  }
  const text = sourceCode.getText(target);
  return iteration === 'sync'
    ? { messageId: 'materializeSync', target, text: `Array.from(${text})` }
    : { messageId: 'materializeAsync', target, text: `await Array.fromAsync(${text})` };
}
