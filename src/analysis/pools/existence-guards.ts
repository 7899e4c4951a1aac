/**
 * Existence guards in a `finally` (rule 8): `if (client) client.release()`,
 * `client && client.release()`, `if (client != null) …` dispose the pool on
 * every path where it exists, so they make a disposal point. An ownership
 * guard (rule 18) too: a guard that reads no binding the `try` or its `catch`
 * writes (`if (queryRunner !== this.queryRunner) await queryRunner.release()`)
 * disposes the pool on the paths where it holds. A flag the `try` sets
 * (`if (!handedOff) client.release()`) stays error-path cleanup.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { collectInFunctionBody, contains, innerValueNode } from '../core/ast.js';
import { thisPath } from './pool-bindings.js';

/** What a guard can test and a dispose call can target: a binding's name, or a member path on `this` (`this.#client`). */
export function holderKey(node: TSESTree.Node): string | undefined {
  const inner = innerValueNode(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  const path = thisPath(inner);
  return path === 'this' ? undefined : path;
}

function isNothing(node: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Literal && node.raw === 'null') ||
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined')
  );
}

/**
 * The holder whose existence `test` checks: `client`, `client != null`,
 * `client !== null`, `undefined !== client`, and the same of `this.client`.
 */
function testedName(test: TSESTree.Expression): string | undefined {
  const inner = innerValueNode(test);
  if (inner.type !== AST_NODE_TYPES.BinaryExpression) return holderKey(inner);
  if (inner.operator !== '!=' && inner.operator !== '!==') return undefined;
  const { left, right } = inner;
  if (isNothing(right)) return holderKey(left);
  if (isNothing(left)) return holderKey(right);
  return undefined;
}

/**
 * For a statement that guards code by the existence of a binding (or a path
 * on `this`), its key (see `holderKey`) and the expressions run when it exists: the statements of
 * `if (client) { … }` (no `else`), the right side of `client && …`.
 */
export function existenceGuarded(statement: TSESTree.Statement): { name: string; guarded: TSESTree.Expression[] } | undefined {
  if (statement.type === AST_NODE_TYPES.IfStatement) {
    if (statement.alternate) return undefined;
    const name = testedName(statement.test);
    if (name === undefined) return undefined;
    const body = statement.consequent;
    const statements = body.type === AST_NODE_TYPES.BlockStatement ? body.body : [body];
    const guarded = statements.flatMap((inner) => (inner.type === AST_NODE_TYPES.ExpressionStatement ? [inner.expression] : []));
    return { name, guarded };
  }
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  const expression = innerValueNode(statement.expression);
  if (expression.type !== AST_NODE_TYPES.LogicalExpression || expression.operator !== '&&') return undefined;
  const name = testedName(expression.left);
  return name === undefined ? undefined : { name, guarded: [expression.right] };
}

/** The identifiers a test reads (not inside functions it holds). */
function identifiersRead(test: TSESTree.Node): TSESTree.Identifier[] {
  return collectInFunctionBody(test, (node) => node.type === AST_NODE_TYPES.Identifier) as TSESTree.Identifier[];
}

/**
 * For `if (guard) <statements>` (no `else`) in the `finally` of `statement`,
 * whose guard reads no binding written in the `try` block or its `catch`: the
 * expressions it runs when the guard holds. A guard on a flag the `try` sets
 * is error-path cleanup: undefined.
 */
export function ownershipGuarded(
  guard: TSESTree.Statement,
  statement: TSESTree.TryStatement,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESTree.Expression[] | undefined {
  if (guard.type !== AST_NODE_TYPES.IfStatement || guard.alternate) return undefined;
  const written = (identifier: TSESTree.Identifier): boolean => {
    const variable = sourceCode.getScope(identifier).references.find((reference) => reference.identifier === identifier)?.resolved;
    if (!variable) return false;
    return variable.references.some(
      (reference) =>
        reference.isWrite() &&
        (contains(statement.block, reference.identifier) || (statement.handler !== null && contains(statement.handler, reference.identifier))),
    );
  };
  if (identifiersRead(guard.test).some(written)) return undefined;
  const body = guard.consequent;
  const statements = body.type === AST_NODE_TYPES.BlockStatement ? body.body : [body];
  return statements.flatMap((inner) => (inner.type === AST_NODE_TYPES.ExpressionStatement ? [inner.expression] : []));
}
