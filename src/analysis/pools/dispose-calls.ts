/**
 * Which calls dispose a binding: `p.close()`, `await p.end()`, `void p.end()`,
 * `p?.release()`, `p[Symbol.asyncDispose]()`, a close on `this`, through a
 * local helper, or under an existence or ownership guard, as a statement or
 * as an arrow's body.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { innerValueNode, memberName } from '../core/ast.js';
import type { Settings } from '../core/options.js';
import { helperDisposeCall } from './dispose-helpers.js';
import { existenceGuarded, holderKey, ownershipGuarded } from './existence-guards.js';
import { thisPath } from './pool-bindings.js';
import { closeInExecutor, closeUnderHandlers, promiseWrapped } from './wrapped-closes.js';

/** A dispose call and what it disposes: a binding, or a member path on `this`. */
export interface DisposeCall {
  call: TSESTree.CallExpression;
  target: TSESTree.Identifier | TSESTree.MemberExpression;
}

/** `p.close()`, `await p.end()`, `void p.end()`, `p?.release()`, `p[Symbol.asyncDispose]()`: the call and `p`. */
export function disposeCallIn(
  expression: TSESTree.Expression,
  settings: Settings,
  sourceCode?: Readonly<TSESLint.SourceCode>,
): DisposeCall | undefined {
  const direct = directDisposeCallIn(expression, settings);
  if (direct || !sourceCode) return direct;
  // `await disconnect(conn)`, `conn.end.bind(conn)()`: a local helper or a bound close (rule 16).
  let inner = innerValueNode(expression);
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === 'void') inner = innerValueNode(inner.argument);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = innerValueNode(inner.argument);
  return inner.type === AST_NODE_TYPES.CallExpression ? helperDisposeCall(closeUnderHandlers(inner), sourceCode, settings) : undefined;
}

function directDisposeCallIn(expression: TSESTree.Expression, settings: Settings): DisposeCall | undefined {
  let inner = innerValueNode(expression);
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === 'void') inner = innerValueNode(inner.argument);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = innerValueNode(inner.argument);
  // `await new Promise((resolve) => conn.end(resolve))`: a callback close made a promise.
  if (inner.type === AST_NODE_TYPES.NewExpression) inner = closeInExecutor(inner) ?? inner;
  if (inner.type !== AST_NODE_TYPES.CallExpression) return undefined;
  // `await p.close().catch(f)`, `p.end().finally(f)`, `p.close().then(f)`: the close is the chain's first call.
  inner = closeUnderHandlers(inner);
  // `methodCall`'s question, asked of every expression statement without making its answer's object.
  const callee = innerValueNode(inner.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = memberName(callee);
  if (name === undefined || !settings.disposeMethods.has(name)) return undefined;
  const target = promiseWrapped(innerValueNode(callee.object));
  if (target.type === AST_NODE_TYPES.Identifier) return { call: inner, target };
  // `this.client.close()`: a pool held on `this`, in a class method.
  return target.type === AST_NODE_TYPES.MemberExpression && thisPath(target) !== undefined ? { call: inner, target } : undefined;
}

/** An arrow whose expression body disposes a binding: `() => db.close()`. */
export function disposeCallOfArrow(
  arrow: TSESTree.ArrowFunctionExpression,
  settings: Settings,
  sourceCode?: Readonly<TSESLint.SourceCode>,
): DisposeCall | undefined {
  // With `sourceCode`, also a local helper's call: `setTimeout(() => disconnect(pool), 2)`.
  return arrow.body.type === AST_NODE_TYPES.BlockStatement ? undefined : disposeCallIn(arrow.body, settings, sourceCode);
}

/** A statement that disposes a binding: `await pool.close();` (with `sourceCode`, also through a local helper). */
export function disposeCallOf(
  statement: TSESTree.Statement,
  settings: Settings,
  sourceCode?: Readonly<TSESLint.SourceCode>,
): DisposeCall | undefined {
  return statement.type === AST_NODE_TYPES.ExpressionStatement ? disposeCallIn(statement.expression, settings, sourceCode) : undefined;
}

/** `if (client) client.release()`, `client && client.release()`: a dispose call of the binding the guard tests for. */
export function existenceGuardedDispose(statement: TSESTree.Statement, settings: Settings): DisposeCall | undefined {
  const guard = existenceGuarded(statement);
  if (!guard) return undefined;
  for (const expression of guard.guarded) {
    const dispose = disposeCallIn(expression, settings);
    if (dispose && holderKey(dispose.target) === guard.name) return dispose;
  }
  return undefined;
}

/** `if (runner !== this.runner) await runner.release()` in a `finally`: a dispose call under an ownership guard (rule 18). */
export function ownershipGuardedDispose(
  guard: TSESTree.Statement,
  statement: TSESTree.TryStatement,
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
): DisposeCall | undefined {
  if (guard.type !== AST_NODE_TYPES.IfStatement) return undefined;
  for (const expression of ownershipGuarded(guard, statement, sourceCode) ?? []) {
    const dispose = disposeCallIn(expression, settings);
    if (dispose) return dispose;
  }
  return undefined;
}
