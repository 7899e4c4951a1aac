/**
 * A close handed to a timer (basic-ftp#34): `setTimeout(async () => { await
 * client.close() }, 200)` after `client.download(…)` was left running. The
 * timer's callback runs once the function that set it has run on, and an
 * operation that function started without waiting may still be running then.
 * Seen from that function, the hand-over (the `setTimeout(…)` call) is the
 * disposal point: this view of the pool judges there only the operations left
 * running before it, as not awaited. Only timers: a close in a listener
 * (`process.on('SIGTERM', …)`) may never run; only a close on every path of
 * the callback: a close under a flag (`if (done) client.close()`) is the
 * callback's own choice.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isFunction } from '../core/ast.js';
import { handedOverByName } from '../core/function-calls.js';
import { invocationOf, timerCallOf } from '../core/invocation.js';
import { listCloses, type Pool } from '../pools/pools.js';
import type { PoolUse } from './pool-uses.js';

/** The pool seen from the function that hands its close to a timer, and the hand-over call; undefined when it is no such close. */
export function handedOverView(
  view: Pool,
  sourceCode: Readonly<TSESLint.SourceCode>,
): { view: Pool; handOver: TSESTree.CallExpression } | undefined {
  const close = view.close;
  if (!close?.unconditional || !isFunction(view.fn)) return undefined;
  // Handed over by its name (`setTimeout(dispose, 200)`), the callback runs from there.
  const at = handedOverByName(view.fn, sourceCode) ?? view.fn;
  const handOver = timerCallOf(at);
  const invocation = invocationOf(view.fn, at);
  if (!handOver || invocation.kind !== 'later') return undefined;
  const fn = enclosingFunction(handOver);
  const body = fn.type === AST_NODE_TYPES.Program ? fn : fn.body;
  const callback = invocation.callback;
  const descriptions = (): string[] => close.descriptions().map((description) => `${description} in ${callback}`);
  return {
    handOver,
    view: {
      ...view,
      fn,
      scopeStart: body.range[0],
      scopeEnd: handOver.range[0],
      disposedFrom: handOver.range[1],
      scopeNode: handOver,
      disposal: () => listCloses(descriptions()),
      // From the function's side, its paths meet the close where they hand it over.
      close: { ...close, calls: [handOver], unconditional: true, descriptions },
    },
  };
}

/** The uses the view judges: in the handing function itself (not in a function inside it), before the hand-over. */
export function usesBeforeHandOver(uses: readonly PoolUse[], view: Pool, handOver: TSESTree.CallExpression): PoolUse[] {
  return uses.filter((use) => use.node.range[1] <= handOver.range[0] && enclosingFunction(use.node) === view.fn);
}
