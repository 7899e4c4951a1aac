/**
 * Kind 5: pools handed to a callback by a scoped factory named in the
 * `scopedFactories` option (`withPool(8, async (pool) => …)`), alive while the
 * callback runs.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleePath, isFunction, methodCall, type FunctionNode } from '../core/ast.js';
import type { Settings } from '../core/options.js';
import { scopeOf, type Pool } from './pools.js';

/** Kind 5: `withPool(8, async (pool) => …)`, `resources.use(async (client) => …)` from the `scopedFactories` option. */
export function isScopedFactoryCall(call: TSESTree.CallExpression, settings: Settings): boolean {
  const callee = call.callee;
  const last =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier
        ? callee.property.name
        : undefined;
  if (last === undefined || !settings.scopedFactoryLastNames.has(last)) return false;
  const path = calleePath(callee);
  if (path === undefined) return false;
  if (settings.scopedFactoryNames.has(path)) return true;
  const method = methodCall(call);
  if (!method) return false;
  const object = calleePath(method.member.object);
  return settings.scopedFactoryMethods.some((entry) => entry.method === method.name && entry.object === object);
}

export function collectFactoryPools(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>, into: Pool[]): void {
  let callback: FunctionNode | undefined;
  for (const argument of call.arguments) if (isFunction(argument)) callback = argument;
  const parameter = callback?.params[0];
  if (!callback || parameter?.type !== AST_NODE_TYPES.Identifier) return;
  const variable = sourceCode.getDeclaredVariables(callback).find((candidate) => candidate.name === parameter.name);
  if (!variable) return;
  const name = calleePath(call.callee) ?? 'factory';
  into.push({
    kind: 'factory',
    variable,
    name: variable.name,
    fn: callback,
    ...scopeOf(callback),
    disposal: () => `line ${String(callback.loc.end.line)}, when the '${name}' callback ${callback.async ? 'settles' : 'returns'}`,
    awaitsReturnedPromise: true,
  });
}
