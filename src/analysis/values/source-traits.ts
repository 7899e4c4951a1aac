/**
 * What kind of lazy value a source makes: iterated with `for await` or
 * `for…of`, read into an array by its own method or never, async or not,
 * started by the pool when made (rule 13) or when first read.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, methodCall } from '../core/ast.js';
import { DEFAULT_ALWAYS_LAZY_METHODS, DEFAULT_CURSOR_OR_QUERY_METHODS } from '../core/options.js';
import { isDescriptorStreamCall, SYNC_PROTOCOL_METHODS } from './protocol-calls.js';
import type { Collector } from './source-search.js';
import { type SubmittedKind, submittedKindOf, submittedQueryKind } from './submitted-queries.js';

/** How a lazy value may be read into an array. */
export interface MaterializingTraits {
  /** How the value is iterated: `for await` (`async`), `for…of` (`sync`), or not known by name or type. */
  iteration: 'async' | 'sync' | 'unknown';
  /** The value's own method that reads every item into an array on every supported Node: MongoDB cursors, Node `Readable`s. */
  eagerMethod: 'toArray' | undefined;
  /** Never read into an array: a change stream or a watcher never ends, a copy-in stream is written, not read. */
  noArray: boolean;
}

/** Lazy methods whose iterators are synchronous (better-sqlite3's and node:sqlite's `iterate()`). */
const SYNC_LAZY_METHODS = new Set(['iterate']);

export function isAsyncSource(node: TSESTree.Node): boolean {
  // Lazy properties are streams.
  if (node.type === AST_NODE_TYPES.MemberExpression) return true;
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const method = methodCall(node);
  return method ? !SYNC_LAZY_METHODS.has(method.name) && !SYNC_PROTOCOL_METHODS.has(method.name) : true;
}

const EITHER_LAZY_METHODS: ReadonlySet<string> = new Set(['imap', 'imapUnordered', 'iterator', 'keys', 'values']);

/**
 * Lazy methods (built in) whose values are async iterables for sure: cursors,
 * streams, Redis and file iterators. A worker pool's `imap` and a store's
 * `iterator`/`keys`/`values` may be either: their consumers tell.
 */
const ASYNC_LAZY_METHODS: ReadonlySet<string> = new Set([
  'readableWebStream',
  ...DEFAULT_ALWAYS_LAZY_METHODS.filter((name) => !SYNC_LAZY_METHODS.has(name) && !EITHER_LAZY_METHODS.has(name)),
  ...DEFAULT_CURSOR_OR_QUERY_METHODS.filter((name) => !EITHER_LAZY_METHODS.has(name)),
]);

/** Lazy methods (built in) whose values are Node `Readable`s, with their own `toArray()`. */
const READABLE_METHODS = new Set(['stream', 'createReadStream', 'scanStream', 'sscanStream', 'hscanStream', 'zscanStream']);

function submittedTraits(
  kind: SubmittedKind | undefined,
  typed: 'async' | 'sync' | undefined,
): MaterializingTraits {
  return {
    iteration: typed ?? (kind === 'readable' || kind === 'cursor' ? 'async' : 'unknown'),
    eagerMethod: kind === 'readable' ? 'toArray' : undefined,
    noArray: kind === 'writable' || kind === 'cursor',
  };
}

/** How `node`'s value may be read into an array: by `for await` or `for…of`, with its own method, or never. */
export function materializingTraits(node: TSESTree.Node, collector: Collector): MaterializingTraits {
  const generator = collector.generatorCalls.get(node);
  const byType = collector.types?.iterationOf(node);
  const typed = byType === 'async' || byType === 'sync' ? byType : undefined;
  if (generator) return { iteration: typed ?? (generator.async ? 'async' : 'sync'), eagerMethod: undefined, noArray: false };
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    // A Node child process's `stdout` is a Node `Readable`, with its own `toArray()`.
    const readable = collector.poolDriver?.childProcess === true && collector.poolDriver.name === 'node:child_process';
    return { iteration: typed ?? 'async', eagerMethod: readable ? 'toArray' : undefined, noArray: false };
  }
  if (node.type === AST_NODE_TYPES.Identifier) {
    // A submitted query object read after `client.query(q)`.
    return submittedTraits(submittedQueryKind(node, collector.sourceCode), typed);
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) return { iteration: typed ?? 'unknown', eagerMethod: undefined, noArray: false };
  const method = methodCall(node);
  const submitted = submittedKindOf(node, collector.sourceCode);
  if (submitted) return submittedTraits(submitted, typed);
  // `createReadStream(path, { fd: handle })`: a Node `Readable`.
  if (isDescriptorStreamCall(node)) return { iteration: 'async', eagerMethod: 'toArray', noArray: false };
  if (!method) {
    const name = calleeName(node.callee);
    const lazyFunction = name !== undefined && collector.settings.lazyFunctions.has(name);
    return { iteration: typed ?? (lazyFunction ? 'async' : 'unknown'), eagerMethod: undefined, noArray: false };
  }
  const name = method.name;
  // `[Symbol.iterator]()`: an iterator need not be iterable, and 'Array.from' over one that is not gives [].
  if (name === '[Symbol.iterator]' || name === '[Symbol.asyncIterator]') return { iteration: 'unknown', eagerMethod: undefined, noArray: true };
  const byName = SYNC_LAZY_METHODS.has(name) ? 'sync' : ASYNC_LAZY_METHODS.has(name) ? 'async' : 'unknown';
  const cursor = collector.driverCursors.has(node) && name !== 'watch';
  return {
    iteration: typed ?? byName,
    eagerMethod: cursor || READABLE_METHODS.has(name) ? 'toArray' : undefined,
    noArray: name === 'watch',
  };
}

/** Lazy methods whose value the pool starts producing at once: a query stream, a file stream, better-sqlite3's statement. */
const STARTED_METHODS = new Set(['stream', 'queryStream', 'createReadStream', 'iterate']);

/** Whether the pool starts producing the value when it is made (rule 13), rather than when it is first read. */
export function isStartedWhenMade(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  if (submittedKindOf(node, sourceCode) !== undefined || isDescriptorStreamCall(node)) return true;
  const method = methodCall(node)?.name;
  return method !== undefined && STARTED_METHODS.has(method);
}
