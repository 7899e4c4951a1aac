/**
 * Queries submitted to a pool (rule 5): node-postgres returns the submitted
 * object, so `client.query(q)` is lazy when `q` is a `new QueryStream(…)`, a
 * `new Cursor(…)`, a pg-copy-streams `to(…)`/`from(…)`/`copyTo(…)`/`copyFrom(…)`
 * call, or a binding initialised with one; the binding itself is then a lazy
 * value of the pool from that call on. A pg-cursor `Cursor` so submitted reads
 * with `read(n)`, which returns a promise when given no callback.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { cachedIn } from '../../util/cached.js';
import { calleeName, innerValueNode, methodCall } from '../core/ast.js';
import { calleeOrigin } from '../core/imports.js';
import { variableOf } from '../core/variables.js';

/** `new QueryStream(…)`, `new Cursor(…)`: node-postgres query objects that make `client.query` lazy. */
const LAZY_QUERY_CLASSES = new Set(['QueryStream', 'Cursor']);

/** pg-copy-streams' factories, bare or as members (`copyStreams.to(…)`), by their name in that module. */
const COPY_STREAM_FACTORIES = new Set(['to', 'from', 'copyTo', 'copyFrom']);

const COPY_STREAMS_MODULE = 'pg-copy-streams';

/** Per file: whether its text names pg-copy-streams at all (most files do not, and need no scope lookup). */
const namesDriver = new WeakMap<Readonly<TSESLint.SourceCode>, boolean>();

/** The methods that submit a query object to a pool: `client.query(q)`, `client.submit(q)`. */
const SUBMITTING_METHODS = new Set(['query', 'submit']);

/**
 * For a call of one of pg-copy-streams' factories, its name in that module:
 * only a name bound from the driver counts (`import { to as copyTo }`,
 * `copyStreams.from(…)`, `require('pg-copy-streams').to`), never `Array.from`,
 * `Buffer.from`, `Readable.from` or a function of the file.
 */
function copyStreamFactory(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  const callee = innerValueNode(call.callee);
  // A bare name may be the factory imported under another; a member is one only by the factory's name.
  if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  if (callee.type === AST_NODE_TYPES.MemberExpression && !COPY_STREAM_FACTORIES.has(calleeName(callee) ?? '')) return undefined;
  if (!cachedIn(namesDriver, sourceCode, () => sourceCode.text.includes(COPY_STREAMS_MODULE))) return undefined;
  const origin = calleeOrigin(call.callee, sourceCode);
  return origin?.source === COPY_STREAMS_MODULE && COPY_STREAM_FACTORIES.has(origin.imported) ? origin.imported : undefined;
}

/** A query object of a lazy kind, written in place. */
export function isLazyQueryObject(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const inner = innerValueNode(node);
  if (inner.type === AST_NODE_TYPES.NewExpression) {
    const name = calleeName(inner.callee);
    return name !== undefined && LAZY_QUERY_CLASSES.has(name);
  }
  return inner.type === AST_NODE_TYPES.CallExpression && copyStreamFactory(inner, sourceCode) !== undefined;
}

/** Per file: the names of the variables declared with a lazy query object (`const q = new Cursor(sql)`). */
const lazyQueryNames = new WeakMap<TSESLint.Scope.ScopeManager, ReadonlySet<string>>();

/**
 * The names of the file's variables whose declaration is initialised with a
 * lazy query object, found once per file from the scope manager's variables:
 * every call a pool makes asks whether an argument is such a binding, and a
 * name that is none needs no scope lookup.
 */
function namesOfLazyQueryBindings(sourceCode: Readonly<TSESLint.SourceCode>): ReadonlySet<string> {
  const scopeManager = sourceCode.scopeManager;
  if (!scopeManager) return new Set();
  return cachedIn(lazyQueryNames, scopeManager, () => {
    const names = new Set<string>();
    for (const scope of scopeManager.scopes) {
      for (const variable of scope.variables) {
        const definition = variable.defs[0]?.node;
        if (definition?.type === AST_NODE_TYPES.VariableDeclarator && definition.init && isLazyQueryObject(definition.init, sourceCode)) {
          names.add(variable.name);
        }
      }
    }
    return names;
  });
}

/** For `q` a binding written once, with a lazy query object: the binding. */
function lazyQueryBinding(
  node: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.Scope.Variable | undefined {
  const inner = innerValueNode(node);
  if (inner.type !== AST_NODE_TYPES.Identifier || !namesOfLazyQueryBindings(sourceCode).has(inner.name)) return undefined;
  const variable = variableOf(inner, sourceCode);
  const definition = variable?.defs[0];
  if (!variable || definition?.node.type !== AST_NODE_TYPES.VariableDeclarator || !definition.node.init) return undefined;
  if (variable.references.filter((reference) => reference.isWrite()).length !== 1) return undefined;
  return isLazyQueryObject(definition.node.init, sourceCode) ? variable : undefined;
}

/** Whether `call` submits a lazy query object (in place, or through a binding): a `query` or `submit` call on the pool. */
export function submitsLazyQuery(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const method = methodCall(call);
  if (!method || !SUBMITTING_METHODS.has(method.name)) return false;
  return call.arguments.some((argument) => isLazyQueryObject(argument, sourceCode) || lazyQueryBinding(argument, sourceCode) !== undefined);
}

/** The reads, after `call`, of a lazy query binding it submits: each holds the pool's lazy value. */
export function submittedReads(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Identifier[] {
  const reads: TSESTree.Identifier[] = [];
  for (const argument of call.arguments) {
    const variable = lazyQueryBinding(argument, sourceCode);
    if (!variable) continue;
    for (const reference of variable.references) {
      const identifier = reference.identifier;
      if (reference.isRead() && identifier.range[0] >= call.range[1] && identifier.type === AST_NODE_TYPES.Identifier) {
        reads.push(identifier);
      }
    }
  }
  return reads;
}

/** What a submitted query object reads as: a Node `Readable` (`QueryStream`, a copy-out stream), a cursor, or a copy-in `Writable`. */
export type SubmittedKind = 'readable' | 'cursor' | 'writable';

const WRITABLE_COPY_FACTORIES = new Set(['from', 'copyFrom']);

function kindOfQueryObject(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): SubmittedKind | undefined {
  const inner = innerValueNode(node);
  if (inner.type === AST_NODE_TYPES.NewExpression) {
    const name = calleeName(inner.callee);
    if (name === 'Cursor') return 'cursor';
    return name !== undefined && LAZY_QUERY_CLASSES.has(name) ? 'readable' : undefined;
  }
  if (inner.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const factory = copyStreamFactory(inner, sourceCode);
  if (factory === undefined) return undefined;
  return WRITABLE_COPY_FACTORIES.has(factory) ? 'writable' : 'readable';
}

/** `client.query(q)` with a lazy query object: what it reads as. */
export function submittedKindOf(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): SubmittedKind | undefined {
  const method = methodCall(call);
  if (!method || !SUBMITTING_METHODS.has(method.name)) return undefined;
  for (const argument of call.arguments) {
    const kind = kindOfQueryObject(argument, sourceCode) ?? submittedQueryKind(argument, sourceCode);
    if (kind) return kind;
  }
  return undefined;
}

/** `q`, a binding written once with a lazy query object: what it reads as. */
export function submittedQueryKind(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): SubmittedKind | undefined {
  const variable = lazyQueryBinding(node, sourceCode);
  const definition = variable?.defs[0]?.node;
  return definition?.type === AST_NODE_TYPES.VariableDeclarator && definition.init ? kindOfQueryObject(definition.init, sourceCode) : undefined;
}

/**
 * Whether the lazy value at `node` is a submitted pg-cursor, whose `read(n)` without a callback returns a promise:
 * `client.query(new Cursor(sql))`, `client.query(c)` with `c` a binding initialised with one, or a read of that binding.
 */
export function isSubmittedCursor(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return submittedQueryKind(node, sourceCode) === 'cursor';
  return node.type === AST_NODE_TYPES.CallExpression && submittedKindOf(node, sourceCode) === 'cursor';
}
