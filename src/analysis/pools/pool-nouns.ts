/**
 * What to call a pool in a message, for both rules. A mysql connection, a
 * `Dir` or a file handle is not a "pool" to its user: where the pool's driver
 * is known, the message names it by the driver's noun (`connection 'conn'`,
 * `dispatcher 'agent'`, as on the docs' drivers page); else where the
 * binding's own initialiser says what it holds (`await opendir(…)`, `await
 * open(…)` from `fs/promises`, `await Deno.open(…)`), by that; else it is a
 * `pool`. (A cursor or a stream closed by itself is no pool at all: see
 * lazy-value-pools.ts.)
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleePath, innerValueNode, methodCall } from '../core/ast.js';
import { isPromiseApi } from '../core/imports.js';
import { driverOfInitialiser, type Driver } from './drivers.js';
import type { Pool } from './pools.js';

type PoolNoun = 'pool' | 'directory' | 'file handle' | 'file';

/** Deno's calls that open a `Deno.FsFile`. */
const DENO_FILE_OPENS = new Set(['Deno.open', 'Deno.openSync', 'Deno.create', 'Deno.createSync']);

/** The noun for the value a binding is initialised with, when the initialiser tells. */
function nounOfInitialiser(init: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): PoolNoun {
  let value = innerValueNode(init);
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = innerValueNode(value.argument);
  if (value.type !== AST_NODE_TYPES.CallExpression) return 'pool';
  const path = calleePath(value.callee);
  const last = path?.slice(path.lastIndexOf('.') + 1);
  if (last === 'opendir' || last === 'opendirSync') return 'directory';
  if (path !== undefined && DENO_FILE_OPENS.has(path)) return 'file';
  return isPromiseApi(value.callee, 'open', 'fs', sourceCode) ? 'file handle' : 'pool';
}

/** For a binding adopted by a stack, `stack.use(await open(path))`: what the stack adopted. */
function adoptedValue(init: TSESTree.Node, pool: Pool): TSESTree.Node | undefined {
  if (pool.kind !== 'stack') return undefined;
  const call = innerValueNode(init);
  const method = call.type === AST_NODE_TYPES.CallExpression ? methodCall(call) : undefined;
  return call.type === AST_NODE_TYPES.CallExpression && (method?.name === 'use' || method?.name === 'adopt') ? call.arguments[0] : undefined;
}

/** What the pool's binding is initialised with (for a stack's binding, what the stack adopted), if anything. */
function initialiserOf(pool: Pool): TSESTree.Node | undefined {
  const definition = pool.variable.defs[0];
  const init = definition?.type === TSESLint.Scope.DefinitionType.Variable ? definition.node.init : null;
  return init ? (adoptedValue(init, pool) ?? init) : undefined;
}

/**
 * What the pool's binding holds, where its initialiser tells: a directory, a
 * file handle, a file; for a value a stack adopted (`stack.use(knex(config))`),
 * what its driver makes; else a pool.
 */
function poolNoun(pool: Pool, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const init = initialiserOf(pool);
  if (!init) return 'pool';
  const noun = nounOfInitialiser(init, sourceCode);
  if (noun !== 'pool' || pool.kind !== 'stack') return noun;
  // A Node stream or child process is no pool of a driver's (use-drivers.ts).
  const adopted = driverOfInitialiser(init, sourceCode, []);
  return adopted && !adopted.nodeStream && !adopted.childProcess ? adopted.noun : 'pool';
}

/**
 * Whether the pool's own items die with it, so that iterating the pool itself
 * after its close is the bug: a directory (`opendir`), a readline interface
 * (`createInterface`, whose lines stop with `close()`; iterating it after that
 * waits forever). A channel or a queue iterated after its close drains what it
 * holds, by design, and an unknown iterable pool may be either.
 */
export function iteratesOwnItems(pool: Pool, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const init = initialiserOf(pool);
  if (!init) return false;
  if (nounOfInitialiser(init, sourceCode) === 'directory') return true;
  const value = innerValueNode(init);
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const path = calleePath(value.callee);
  return path === 'createInterface' || path?.endsWith('.createInterface') === true;
}

/**
 * `connection 'conn'`, `directory 'dir'`, `pool 'db'`: the pool as both rules'
 * messages name it. `driver` is the pool's driver as the finding knows it (its
 * close kind's, else its binding's: `useDriverOf`); without one, what the
 * binding's initialiser holds.
 */
export function namePool(pool: Pool, driver: Driver | undefined, sourceCode: Readonly<TSESLint.SourceCode>): string {
  return `${driver?.noun ?? poolNoun(pool, sourceCode)} '${pool.name}'`;
}
