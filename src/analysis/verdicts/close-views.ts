/**
 * A pool as `no-pool-used-after-close` sees it: for an explicit close, only
 * the closes on the success path (a close in a `catch` is error-path
 * cleanup) and, for a known driver, of its own close methods, with re-creations
 * and reopenings as barriers; for a use through a
 * handle or an alias, the closes of the pool it holds; and whether the pool
 * was made anew between its disposal and a use.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { lazily } from '../../util/cached.js';
import { contains, isFunction, methodCall, outerValueNode } from '../core/ast.js';
import { helperCloseMethod } from '../pools/dispose-helpers.js';
import { listCloses, type Pool } from '../pools/pools.js';
import type { UseDriver } from '../pools/use-drivers.js';
import { excerpt } from '../wording/describe.js';
import type { Holder, PoolUse } from './pool-uses.js';

/** Whether `node` lies in a `catch` clause of `fn` (not of a function inside it). */
function inCatch(node: TSESTree.Node, fn: TSESTree.Node): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (current.type === AST_NODE_TYPES.CatchClause) return true;
    if (isFunction(current)) return false;
  }
  return false;
}

/** `line 12, db.close()` for each close, made when a message asks. */
function describeCloses(calls: readonly TSESTree.CallExpression[], sourceCode: Readonly<TSESLint.SourceCode>): () => string[] {
  return lazily(() => calls.map((call) => `line ${String(call.loc.start.line)}, ${excerpt(call, sourceCode)}`));
}

/** Whether `call` is a close of the driver: a method its table lists (a helper's call, the close inside it). */
function closesWith(call: TSESTree.CallExpression, driver: UseDriver | undefined): boolean {
  if (!driver) return true;
  const method = helperCloseMethod(call) ?? methodCall(call)?.name;
  return method === undefined || Object.hasOwn(driver.closes, method) || method === driver.disposes;
}

/**
 * The pool as this rule sees it: for an explicit close, only the closes on
 * the success path (not in a `catch`), with re-creations and reopenings as
 * barriers; for a known driver, only its own closes (oracledb's `shutdown()`
 * stops the database, and the connection goes on); undefined when nothing is left.
 */
export function viewOf(pool: Pool, sourceCode: Readonly<TSESLint.SourceCode>, driver: UseDriver | undefined): Pool | undefined {
  const close = pool.close;
  if (!close) {
    const by = pool.disposedBy;
    const calls = Array.isArray(by) ? (by as readonly TSESTree.CallExpression[]) : [];
    return calls.length > 0 && !calls.some((call) => closesWith(call, driver)) ? undefined : pool;
  }
  const calls = close.calls.filter((call) => !inCatch(call, pool.fn) && closesWith(call, driver));
  if (calls.length === 0) return undefined;
  const descriptions = describeCloses(calls, sourceCode);
  return {
    ...pool,
    disposal: () => listCloses(descriptions()),
    close: { ...close, calls, descriptions, barriers: [...close.barriers, ...close.reopens] },
    disposedBy: calls,
  };
}

/**
 * The view for a use through `holder`: a handle (or an alias) is judged from where it was made, its own
 * re-writes re-create it, and a close after the pool's binding was given a new pool closes that one, not
 * what the holder holds. Undefined when no close is left.
 */
export function viewFor(view: Pool, holder: Holder, sourceCode: Readonly<TSESLint.SourceCode>): Pool | undefined {
  if (!view.close || !holder.made) return view;
  const made = holder.made;
  const renewed = view.variable.references
    .filter((reference) => reference.isWrite() && reference.identifier.range[0] > made.range[1])
    .map((reference) => reference.identifier.range[0]);
  const from = renewed.length > 0 ? Math.min(...renewed) : Infinity;
  const calls = view.close.calls.filter((call) => call.range[0] < from);
  if (calls.length === 0) return undefined;
  const rewrites = holder.binding.references
    .filter((reference) => reference.isWrite() && !contains(outerValueNode(made).parent ?? made, reference.identifier))
    .map((reference) => reference.identifier);
  // The binding's own re-creations give it a new pool, not the holder: only reopenings of the old one count.
  const reopens = view.close.reopens.filter((call) => call.range[0] < from);
  const descriptions = calls.length === view.close.calls.length ? view.close.descriptions : describeCloses(calls, sourceCode);
  return {
    ...view,
    disposal: () => listCloses(descriptions()),
    disposedBy: calls,
    close: { ...view.close, calls, descriptions, origin: made, barriers: [...reopens, ...rewrites] },
  };
}

/** `pool = new Pool()`, `await pool.connect()` between the disposal point and the use: a new life. */
export function recreatedBefore(use: PoolUse, pool: Pool, reopens: readonly TSESTree.CallExpression[]): boolean {
  const at = use.node.range[0];
  const between = (node: TSESTree.Node): boolean => node.range[0] >= pool.disposedFrom && node.range[1] <= at;
  return pool.variable.references.some((reference) => reference.isWrite() && between(reference.identifier)) || reopens.some(between);
}
