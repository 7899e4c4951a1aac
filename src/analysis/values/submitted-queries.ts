/**
 * Queries submitted to a pool (rule 5): node-postgres returns the submitted
 * object, so `client.query(q)` is lazy when `q` is a `new QueryStream(…)`, a
 * `new Cursor(…)`, a pg-copy-streams `to(…)`/`from(…)`/`copyTo(…)`/`copyFrom(…)`
 * call, or a binding initialised with one; the binding itself is then a lazy
 * value of the pool from that call on. A pg-cursor `Cursor` so submitted reads
 * with `read(n)`, which returns a promise when given no callback.
 */
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { cachedIn } from '../../util/cached.js';
import { calleeName, innerValueNode } from '../core/ast.js';

/** `new QueryStream(…)`, `new Cursor(…)`: node-postgres query objects that make `client.query` lazy. */
const LAZY_QUERY_CLASSES = new Set(['QueryStream', 'Cursor']);

/** pg-copy-streams' factories, bare or as members (`copyStreams.to(…)`). */
const COPY_STREAM_FACTORIES = new Set(['to', 'from', 'copyTo', 'copyFrom']);

/** A query object of a lazy kind, written in place. */
export function isLazyQueryObject(node: TSESTree.Node): boolean {
  const inner = innerValueNode(node);
  if (inner.type === AST_NODE_TYPES.NewExpression) {
    const name = calleeName(inner.callee);
    return name !== undefined && LAZY_QUERY_CLASSES.has(name);
  }
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const name = calleeName(inner.callee);
    return name !== undefined && COPY_STREAM_FACTORIES.has(name);
  }
  return false;
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
        if (definition?.type === AST_NODE_TYPES.VariableDeclarator && definition.init && isLazyQueryObject(definition.init)) {
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
  const variable = ASTUtils.findVariable(sourceCode.getScope(inner), inner);
  const definition = variable?.defs[0];
  if (!variable || definition?.node.type !== AST_NODE_TYPES.VariableDeclarator || !definition.node.init) return undefined;
  if (variable.references.filter((reference) => reference.isWrite()).length !== 1) return undefined;
  return isLazyQueryObject(definition.node.init) ? variable : undefined;
}

/** Whether `call` submits a lazy query object (in place, or through a binding). */
export function submitsLazyQuery(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return call.arguments.some((argument) => isLazyQueryObject(argument) || lazyQueryBinding(argument, sourceCode) !== undefined);
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

function kindOfQueryObject(node: TSESTree.Node): SubmittedKind | undefined {
  const inner = innerValueNode(node);
  if (!isLazyQueryObject(inner)) return undefined;
  const name = calleeName((inner as TSESTree.CallExpression | TSESTree.NewExpression).callee);
  if (name === 'Cursor') return 'cursor';
  return name !== undefined && WRITABLE_COPY_FACTORIES.has(name) ? 'writable' : 'readable';
}

/** `client.query(q)` with a lazy query object: what it reads as. */
export function submittedKindOf(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): SubmittedKind | undefined {
  for (const argument of call.arguments) {
    const kind = kindOfQueryObject(argument) ?? submittedQueryKind(argument, sourceCode);
    if (kind) return kind;
  }
  return undefined;
}

/** `q`, a binding written once with a lazy query object: what it reads as. */
export function submittedQueryKind(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): SubmittedKind | undefined {
  const variable = lazyQueryBinding(node, sourceCode);
  const definition = variable?.defs[0]?.node;
  return definition?.type === AST_NODE_TYPES.VariableDeclarator && definition.init ? kindOfQueryObject(definition.init) : undefined;
}

/**
 * Whether the lazy value at `node` is a submitted pg-cursor, whose `read(n)` without a callback returns a promise:
 * `client.query(new Cursor(sql))`, `client.query(c)` with `c` a binding initialised with one, or a read of that binding.
 */
export function isSubmittedCursor(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return submittedQueryKind(node, sourceCode) === 'cursor';
  return node.type === AST_NODE_TYPES.CallExpression && submittedKindOf(node, sourceCode) === 'cursor';
}
