/**
 * What a pool is: a binding disposed where the rule can see it, of one of
 * five kinds, with the stretch of code (the disposal scope) that runs before
 * its disposal point; and, for explicit closes, which closes a node reaches
 * and how they are named. Finding the pools is `find-pools.ts`.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { innerValueNode, methodCall, outerValueNode, type FunctionNode } from '../core/ast.js';
import type { CodePathTracker } from '../core/code-paths.js';
import type { PoolBinding } from './pool-bindings.js';

/** 1 `using`, 2 dispose call in `finally`, 3 adopted by a `using` stack, 4 explicit close, 5 scoped factory. */
export type PoolKind = 'using' | 'finally' | 'stack' | 'close' | 'factory';

/** Kind 4: the explicit dispose calls of one binding in one function, and what code-path reachability needs. */
export interface CloseCall {
  calls: TSESTree.CallExpression[];
  /** For each call, `line 12, pool.close()`: made on the first ask (a message's), most closes are never named. */
  descriptions: () => string[];
  /** Whether one of the closes is a statement of the function body, or of the block declaring the pool: run on every path that gets there. */
  unconditional: boolean;
  tracker: CodePathTracker;
  /** Writes that re-create the binding: paths through them carry a new pool. */
  barriers: TSESTree.Node[];
  /** Calls that reopen the pool (`conn.openUri(uri)`): re-creations for the values made after them. */
  reopens: TSESTree.CallExpression[];
  /** Where the lazy value being judged is made: only paths from there can misuse it. */
  origin?: TSESTree.Node;
}

export interface Pool {
  kind: PoolKind;
  /** What holds the pool: a binding, or a member path on `this` in one method. */
  variable: PoolBinding;
  name: string;
  /** The function (or module) whose body holds the disposal scope. */
  fn: FunctionNode | TSESTree.Program;
  /** Offsets: code in [scopeStart, scopeEnd) runs while the pool is alive. */
  scopeStart: number;
  scopeEnd: number;
  /** Offset from which code runs after the disposal point. */
  disposedFrom: number;
  /** The node whose end is the disposal point (a block, a loop body, a `try`). */
  scopeNode: TSESTree.Node;
  /** Where and how the pool dies, for messages: `line 12, end of the 'await using' block`. Made when a message asks. */
  disposal: () => string;
  /** Kind 4 only: the close call, judged by code paths instead of source order. */
  close?: CloseCall;
  /** Kind 5 only: the callback's promise is awaited by the factory, so returning a consuming promise is fine. */
  awaitsReturnedPromise: boolean;
  /** What disposes it: the dispose calls (kinds 2 and 4) or the `using` declaration (kind 1); what its close does comes from them. */
  disposedBy?: readonly TSESTree.CallExpression[] | TSESTree.VariableDeclaration;
}

/** The scope of a pool that dies at the end of `node`: all of `node`. */
export function scopeOf(node: TSESTree.Node): Pick<Pool, 'scopeStart' | 'scopeEnd' | 'disposedFrom' | 'scopeNode'> {
  return { scopeStart: node.range[0], scopeEnd: node.range[1], disposedFrom: node.range[1], scopeNode: node };
}

/** Whether some code path leads from `node` to one of the closes (the pool still gets closed after it). */
export function closeFollows(close: CloseCall, node: TSESTree.Node): boolean {
  return close.tracker.firstAhead(node, close.calls, 0).length > 0;
}

/** How many closes a message names; the others are counted. */
const NAMED_CLOSES = 3;

/** `line 3, db.close(); line 5, db.close()`: the first few of the closes, then `and others` when there are more. */
export function listCloses(descriptions: readonly string[], more = descriptions.length > NAMED_CLOSES): string {
  return descriptions.slice(0, NAMED_CLOSES).join('; ') + (more ? '; and others' : '');
}

/**
 * Where and how the pool dies, as seen from `node`: for explicit closes, the
 * ones a path leads from to `node` (or, for a value leaving before them, the
 * ones ahead of it). Each is looked up in a labeling of the code paths made
 * once per pool, so a report costs the same however many closes there are.
 */
export function disposalSeenFrom(pool: Pool, node: TSESTree.Node): string {
  const close = pool.close;
  if (!close) return pool.disposal();
  const reaching = close.tracker.firstReaching(close.calls, node, close.barriers, NAMED_CLOSES);
  const named = reaching.length > 0 ? reaching : close.tracker.firstAhead(node, close.calls, NAMED_CLOSES);
  if (named.length === 0) return pool.disposal();
  return listCloses(
    named.map((index) => close.descriptions()[index] ?? ''),
    named.length > NAMED_CLOSES,
  );
}

/** Methods that open a closed pool again (rule 9): after them the binding holds a pool with a new life. */
// Mongoose's `conn.setClient(client)` hands a closed connection a new client, as `openUri` does.
const REOPEN_METHODS = new Set(['connect', 'open', 'openUri', 'reconnect', 'setClient']);

/** `await conn.openUri(uri)`, `client.connect()`: the calls that reopen the binding's pool. */
export function reopenCalls(variable: PoolBinding): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  for (const reference of variable.references) {
    const member = outerValueNode(reference.identifier).parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || innerValueNode(member.object) !== reference.identifier) continue;
    const call = outerValueNode(member).parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || innerValueNode(call.callee) !== member) continue;
    const method = methodCall(call);
    if (method && REOPEN_METHODS.has(method.name)) calls.push(call);
  }
  return calls;
}
