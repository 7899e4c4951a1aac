/**
 * Where *reached from the pool* stops: an awaited call resolves to plain
 * data (`(await client.query(sql)).rows`), and a cursor-or-query name given a
 * function is an array's method (`rows.find((r) => r.id === id)`), never a
 * query. An awaited `connect()` on the pool resolves to the pool itself.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { innerValueNode, isFunction, methodCall } from '../core/ast.js';
import { functionOfBinding } from '../core/function-calls.js';
import type { PoolBinding } from './pool-bindings.js';
import type { TypeOracle } from '../core/types.js';
import { variableOf } from '../core/variables.js';

/** `await client.connect()` gives the client back (MongoDB's `MongoClient`, mongoose's `Connection`). */
const RESOLVES_TO_RECEIVER = new Set(['connect']);

/** MongoDB's `db(…)` and `collection(…)` return synchronously: `await` on a non-thenable gives it back (rule 19). */
const NOT_THENABLE = new Set(['db', 'collection']);

/**
 * Whether the walk from a value reached from `pool` stops at `awaited`, the
 * operand of an `await`: an awaited call resolves to plain data, but for
 * `await pool.connect()`, which is the pool.
 */
export function awaitEndsReach(awaited: TSESTree.Node, pool: PoolBinding): boolean {
  const call = innerValueNode(awaited);
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const method = methodCall(call);
  if (method && NOT_THENABLE.has(method.name)) return false;
  if (!method || !RESOLVES_TO_RECEIVER.has(method.name)) return true;
  const receiver = innerValueNode(method.member.object);
  return !pool.references.some((reference) => reference.identifier === receiver);
}

/**
 * `rows.find((r) => r.id === id)`, `tags.find(isMain)` with `isMain` a
 * function of the file, or (with types) any callable first argument: the
 * call is an array's method, whatever its name.
 */
export function takesFunctionFirst(
  call: TSESTree.CallExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
  types: TypeOracle | undefined,
): boolean {
  const [first] = call.arguments;
  if (!first || first.type === AST_NODE_TYPES.SpreadElement) return false;
  const argument = innerValueNode(first);
  if (isFunction(argument)) return true;
  if (argument.type === AST_NODE_TYPES.Identifier) {
    // A function the file declares (`function isMain…`, `const isMain = (t) => …`), not a parameter.
    const variable = variableOf(argument, sourceCode);
    const definition = variable?.defs[0];
    const declared =
      definition?.type === TSESLint.Scope.DefinitionType.FunctionName || definition?.type === TSESLint.Scope.DefinitionType.Variable;
    if (variable && declared && functionOfBinding(variable)) return true;
  }
  return types?.isCallable(argument) ?? false;
}
