/**
 * Where a node runs relative to a close made in a step of a promise chain
 * (rule 17): `head.then(a).then(b).finally(() => client.close())` closes the
 * pool after the chain's earlier steps and before its later ones. A node in
 * the head or an earlier step runs while the pool lives; one in a later
 * `.then` or `.finally` step runs after the close. A `.catch` step, or a close
 * in one, runs only on failure: not judged.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { innerValueNode, methodCall, outerValueNode, type FunctionNode } from '../core/ast.js';
import type { Pool } from '../pools/pools.js';
import type { Timing } from './timing.js';

const STEP_METHODS = new Set(['then', 'catch', 'finally']);

interface Chain {
  /** The chain's step calls, head first, by their position. */
  steps: Map<TSESTree.CallExpression, number>;
  /** The position of the step that closes. */
  closing: number;
  /** The expression the chain starts from (`client.connect()`): it runs first. */
  head: TSESTree.Node;
}

/** The step calls on `call`'s receiver chain, innermost first, and the head they start from. */
function stepsBelow(call: TSESTree.CallExpression): { below: TSESTree.CallExpression[]; head: TSESTree.Node } {
  const below: TSESTree.CallExpression[] = [];
  let current = call;
  for (;;) {
    const receiver = methodCall(current)?.member.object;
    const object = receiver && innerValueNode(receiver);
    if (!object) return { below, head: current };
    if (object.type !== AST_NODE_TYPES.CallExpression || !STEP_METHODS.has(methodCall(object)?.name ?? '')) return { below, head: object };
    below.push(object);
    current = object;
  }
}

/** The step calls chained after `call` (`.then(…)`, `.catch(…)`, `.finally(…)` on its result), in order. */
function stepsAbove(call: TSESTree.CallExpression): TSESTree.CallExpression[] {
  const above: TSESTree.CallExpression[] = [];
  let top: TSESTree.Node = outerValueNode(call);
  for (;;) {
    const member = top.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== top) return above;
    const next = outerValueNode(member).parent;
    if (next?.type !== AST_NODE_TYPES.CallExpression || !STEP_METHODS.has(methodCall(next)?.name ?? '')) return above;
    above.push(next);
    top = outerValueNode(next);
  }
}

/** The chain a close's callback is the success-path step of (`.then(cb)` or `.finally(cb)`), if it is one. */
function chainOf(fn: FunctionNode): Chain | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return undefined;
  const value = outerValueNode(fn);
  const call = value.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== value) return undefined;
  const method = methodCall(call)?.name;
  if (method !== 'then' && method !== 'finally') return undefined;
  const { below, head } = stepsBelow(call);
  const ordered = [...below.reverse(), call, ...stepsAbove(call)];
  return { steps: new Map(ordered.map((step, index) => [step, index])), closing: below.length, head };
}

const chains = new WeakMap<Pool, Chain | null>();

/** Whether `node` runs in a step after the close, or before it: undefined when it is in no step of the chain. */
export function chainStepTiming(node: TSESTree.Node, pool: Pool): Timing | undefined {
  if (pool.kind !== 'close' || pool.fn.type === AST_NODE_TYPES.Program) return undefined;
  let chain = chains.get(pool);
  if (chain === undefined) {
    chain = chainOf(pool.fn) ?? null;
    chains.set(pool, chain);
  }
  if (!chain) return undefined;
  const offset = node.range[0];
  for (let current: TSESTree.Node = node; current.parent; current = current.parent) {
    if (current === chain.head) return { kind: 'inScope', offset };
    const step = current.parent;
    if (step.type !== AST_NODE_TYPES.CallExpression) continue;
    const at = chain.steps.get(step);
    const argument = at === undefined ? -1 : step.arguments.indexOf(current as TSESTree.CallExpressionArgument);
    if (at === undefined || argument < 0) continue;
    if (at < chain.closing) return { kind: 'inScope', offset };
    if (at === chain.closing) return undefined;
    // Later steps on the success path run after the close; a `.catch` (or `.then`'s second callback) only on failure.
    const method = methodCall(step)?.name;
    return argument === 0 && (method === 'then' || method === 'finally') ? { kind: 'after', offset, somePaths: false } : undefined;
  }
  return undefined;
}
