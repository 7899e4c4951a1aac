/**
 * Scoped-factory helpers (rule 16): a function declared in the file (a
 * declaration, or a `const` bound to a function) that makes or acquires a
 * pool, passes it to a callback parameter and disposes it once the callback
 * has settled (`async function withClient(fn) { const c = await pool.connect();
 * try { return await fn(c) } finally { c.release() } }`) is a scoped factory
 * at its calls in the file, without the `scopedFactories` option: the
 * callback's parameter is a kind-5 pool there.
 *
 * Found from the pools the helper disposes itself (a `finally` or an explicit
 * close, already found), so each helper is looked at once per file and only
 * where a dispose call is. One level: a helper that hands its callback to
 * another helper is not followed.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { contains, innerValueNode, isFunction, outerValueNode, type FunctionNode } from '../core/ast.js';
import { callsOf } from '../core/function-calls.js';
import { scopeOf, type Pool } from './pools.js';
import { variableOf } from '../core/variables.js';

/** What a scoped-factory helper does: calls its parameter at `callback` with the pool as argument `argument`. */
interface FactoryHelper {
  fn: FunctionNode;
  callback: number;
  argument: number;
  /** The helper waits for the callback's promise before the disposal. */
  awaits: boolean;
}

/** A function that is named by a binding of the file: a declaration, or the initialiser of a declarator. */
function isNamedFunction(fn: FunctionNode | TSESTree.Program): fn is FunctionNode {
  if (fn.type === AST_NODE_TYPES.Program) return false;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id !== null && !fn.generator;
  const holder = outerValueNode(fn).parent;
  return holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier && !fn.generator;
}

/** Whether `call` settles before the code after it runs: awaited, or, in a synchronous helper, called. */
function settles(call: TSESTree.CallExpression, fn: FunctionNode): { awaits: boolean } | undefined {
  const holder = outerValueNode(call).parent;
  if (holder?.type === AST_NODE_TYPES.AwaitExpression) return { awaits: true };
  // An async helper that returns the callback's promise from a `try` disposes the pool before it settles.
  return fn.async ? undefined : { awaits: false };
}

/** The helper's call of its parameter with the pool, inside the pool's scope, when the disposal waits for it. */
function factoryHelperOf(pool: Pool, sourceCode: Readonly<TSESLint.SourceCode>): FactoryHelper | undefined {
  const fn = pool.fn;
  if (!isNamedFunction(fn)) return undefined;
  // The helper makes or acquires the pool: a binding declared in it. (A module's client closed in n functions
  // is n pools; looking at each one's every reference would cost n times n.)
  const declared = pool.variable.defs[0]?.node;
  if (!declared || !contains(fn, declared)) return undefined;
  for (const reference of pool.variable.references) {
    if (!reference.isRead()) continue;
    const value = outerValueNode(reference.identifier);
    const call = value.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee === value) continue;
    if (call.range[0] < pool.scopeStart || call.range[1] > pool.scopeEnd) continue;
    const callee = innerValueNode(call.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier) continue;
    const variable = variableOf(callee, sourceCode);
    const definition = variable?.defs[0];
    if (definition?.type !== TSESLint.Scope.DefinitionType.Parameter || definition.node !== fn) continue;
    const callback = fn.params.findIndex((parameter) => parameter.type === AST_NODE_TYPES.Identifier && parameter.name === callee.name);
    const settled = callback >= 0 ? settles(call, fn) : undefined;
    if (!settled) continue;
    return { fn, callback, argument: call.arguments.indexOf(value as TSESTree.CallExpressionArgument), awaits: settled.awaits };
  }
  return undefined;
}

/** The name a helper is called by, for messages. */
function helperName(fn: FunctionNode): string {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) return fn.id.name;
  const holder = outerValueNode(fn).parent;
  return holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier ? holder.id.name : 'factory';
}

/** Kind 5 at the calls of the file's scoped-factory helpers: one pool per call whose callback takes the pool. */
export function collectFactoryHelperPools(
  disposed: readonly Pool[],
  factoryCalls: readonly TSESTree.CallExpression[],
  sourceCode: Readonly<TSESLint.SourceCode>,
  into: Pool[],
): void {
  const helpers = new Map<FunctionNode, FactoryHelper>();
  for (const pool of disposed) {
    if ((pool.kind !== 'finally' && pool.kind !== 'close') || helpers.has(pool.fn as FunctionNode)) continue;
    const helper = factoryHelperOf(pool, sourceCode);
    if (helper) helpers.set(helper.fn, helper);
  }
  for (const helper of helpers.values()) {
    const name = helperName(helper.fn);
    for (const call of callsOf(helper.fn, sourceCode) ?? []) {
      // Named in the `scopedFactories` option too: found there already. A call inside the helper is a deeper level.
      if (factoryCalls.includes(call) || contains(helper.fn, call)) continue;
      const callback = call.arguments[helper.callback];
      if (!callback || !isFunction(callback)) continue;
      const parameter = callback.params[helper.argument];
      if (parameter?.type !== AST_NODE_TYPES.Identifier) continue;
      const variable = sourceCode.getDeclaredVariables(callback).find((candidate) => candidate.name === parameter.name);
      if (!variable) continue;
      into.push({
        kind: 'factory',
        variable,
        name: variable.name,
        fn: callback,
        ...scopeOf(callback),
        disposal: () => `line ${String(callback.loc.end.line)}, when the '${name}' callback ${callback.async && helper.awaits ? 'settles' : 'returns'}`,
        awaitsReturnedPromise: helper.awaits,
      });
    }
  }
}
