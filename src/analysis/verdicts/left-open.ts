/**
 * Left open (rule 13): a value the pool started producing when it was made (a
 * submitted query, a query or file stream, better-sqlite3's `iterate()`) that
 * reaches an abrupt or strict close, of a driver whose close fails such values,
 * neither finished, closed nor handed out on some path. Judged once per value,
 * over the events of every expression that holds it (a submitted query's
 * binding is the same object as the call that submitted it), and only when no
 * other report was made for it: that report says more.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { memberName } from '../core/ast.js';
import type { Settings } from '../core/options.js';
import type { TypeOracle } from '../core/types.js';
import { closeKindFor } from '../pools/close-kinds.js';
import { timingOf } from '../timing/timing.js';
import type { LazySource } from '../values/lazy-sources.js';
import type { FlowEvent } from '../values/flow-events.js';
import type { Finding } from './findings.js';
import { unfinishedOnSomePath } from './unfinished-values.js';
import { variableOf } from '../core/variables.js';

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/**
 * `qs.on('data', f)` or `new Promise((r) => qs.on('error', r))` (or on its
 * cursor, `qs.cursor.on('error', r)`) before
 * `client.query(qs)`: the query object is listened to before it is submitted,
 * so its reading or its end is in hand (the value flow follows it from the
 * submission on only).
 */
function listenedBeforeSubmitted(made: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (made.type !== AST_NODE_TYPES.CallExpression) return false;
  return made.arguments.some((argument) => {
    if (argument.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = variableOf(argument, sourceCode);
    return (variable?.references ?? []).some((reference) => {
      if (!reference.isRead() || reference.identifier.range[0] >= made.range[0]) return false;
      // `qs.on(…)`, or a listener of the stream's own cursor: `qs.cursor.on('error', r)`.
      let member = reference.identifier.parent;
      for (let depth = 0; depth < 2 && member.type === AST_NODE_TYPES.MemberExpression; depth++) {
        if (LISTENER_METHODS.has(memberName(member) ?? '')) return true;
        member = member.parent;
      }
      return false;
    });
  });
}

export function leftOpenFinding(
  source: LazySource,
  events: readonly FlowEvent[],
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  types: TypeOracle | undefined,
): Finding | undefined {
  if (!source.startedWhenMade || listenedBeforeSubmitted(source.node, sourceCode)) return undefined;
  const close = closeKindFor(source.pool, source.node, sourceCode, settings, types);
  if (!close.driver?.failsOpenValues || close.behaviour === 'graceful') return undefined;
  const inScope = (node: TSESTree.Node): boolean => timingOf(node, source.pool, sourceCode).kind === 'inScope';
  // Made after the disposal point: no close of this pool meets it open.
  if (!inScope(source.node) || !unfinishedOnSomePath(source.node, events, close.driver, inScope, sourceCode, source.pool)) return undefined;
  return { kind: 'leftOpen', node: source.node, value: source.node, head: undefined, somePaths: false, close };
}
