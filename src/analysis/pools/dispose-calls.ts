/**
 * Which calls dispose a binding: `p.close()`, `await p.end()`, `void p.end()`,
 * `p?.release()`, `p[Symbol.asyncDispose]()`, a close on `this`, through a
 * local helper, or under an existence or ownership guard, as a statement or
 * as an arrow's body.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { innerValueNode, isFunction, memberName, methodCall } from '../core/ast.js';
import type { Settings } from '../core/options.js';
import { helperCloseMethod, helperDisposeCall, standsForClose } from './dispose-helpers.js';
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
  const awaited = inner.type === AST_NODE_TYPES.AwaitExpression;
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = innerValueNode(inner.argument);
  // `await new Promise((resolve) => conn.end(resolve))`: a callback close made a promise.
  if (inner.type === AST_NODE_TYPES.NewExpression) inner = closeInExecutor(inner) ?? inner;
  if (inner.type !== AST_NODE_TYPES.CallExpression) return undefined;
  // `await p.close().catch(f)`, `p.end().finally(f)`, `p.close().then(f)`: the close is the chain's first call.
  const direct = closeCallOf(closeUnderHandlers(inner), settings);
  return direct || !awaited ? direct : closeInAwaitedChain(inner, settings);
}

/** `p.close()`, `this.client.close()`: the call, when it is a dispose call, and what it disposes. */
function closeCallOf(call: TSESTree.CallExpression, settings: Settings): DisposeCall | undefined {
  // `methodCall`'s question, asked of every expression statement without making its answer's object.
  const callee = innerValueNode(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = memberName(callee);
  if (name === undefined || !settings.disposeMethods.has(name)) return undefined;
  const target = promiseWrapped(innerValueNode(callee.object));
  if (target.type === AST_NODE_TYPES.Identifier) return { call, target };
  // `this.client.close()`: a pool held on `this`, in a class method.
  return target.type === AST_NODE_TYPES.MemberExpression && thisPath(target) !== undefined ? { call, target } : undefined;
}

/**
 * `await p.then(f).finally(() => client.close())` (rule 17): the chain's last step closes, and it has run, on every
 * path, when the `await` resumes. The chain's call stands for the close, as a helper's call does; the steps before
 * it run before the close. A `.then` step's close is not one: a rejection skips it.
 */
function closeInAwaitedChain(call: TSESTree.CallExpression, settings: Settings): DisposeCall | undefined {
  const callee = innerValueNode(call.callee);
  const [step] = call.arguments;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || memberName(callee) !== 'finally' || !step || !isFunction(step)) return undefined;
  const body = step.body.type === AST_NODE_TYPES.BlockStatement ? onlyStatementExpression(step.body) : step.body;
  const close = body ? directDisposeCallIn(body, settings) : undefined;
  const method = close && (helperCloseMethod(close.call) ?? methodCall(close.call)?.name);
  if (!close || method === undefined) return undefined;
  standsForClose(call, method);
  return { call, target: close.target };
}

/** `{ await client.close(); }`: the expression of a block's one statement. */
function onlyStatementExpression(block: TSESTree.BlockStatement): TSESTree.Expression | undefined {
  const [only] = block.body;
  return block.body.length === 1 && only?.type === AST_NODE_TYPES.ExpressionStatement ? only.expression : undefined;
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
