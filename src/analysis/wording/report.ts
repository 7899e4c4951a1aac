/**
 * Turns findings into ESLint reports: message ids and texts, message data
 * (which iterator, which pool, where and how it is disposed), and the
 * suggestion that materializes the iterator inside the scope.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { innerValueNode, methodCall } from '../core/ast.js';
import type { ConsumptionForm } from '../values/consumptions.js';
import type { EscapeKind, Finding } from '../verdicts/decide.js';
import { excerpt } from './describe.js';
import type { LazySource } from '../values/lazy-sources.js';
import { materialization } from './materialize.js';
import type { Settings } from '../core/options.js';
import { namePool } from '../pools/pool-nouns.js';
import { disposalSeenFrom, type Pool } from '../pools/pools.js';
import type { TypeOracle } from '../core/types.js';
import { runsOnNodeWithFromAsync } from '../core/node-runtime.js';

export const MESSAGES = {
  consumedAfterDisposal: '{{iterator}} is read after {{pool}} closes ({{disposal}}): read it before then.',
  mayBeConsumedAfterDisposal: '{{iterator}} may be read after {{pool}} closes ({{disposal}}): read it before then.',
  escapesScope: '{{iterator}} is {{escape}}, but {{pool}} closes ({{disposal}}): read it into an array, or close in the caller.',
  consumedLater: '{{iterator}} is read in {{callback}}, after {{pool}} closes ({{disposal}}): read it before then.',
  notAwaited: '{{consumer}} reads {{iterator}} but is not awaited before {{pool}} closes ({{disposal}}): await it.',
  stillReading: '{{iterator}} is still being read when {{pool}} closes ({{disposal}}): {{remedy}} first.',
  materializeAsync: "Read {{expression}} into an array in the scope: 'await Array.fromAsync(…)'.",
  materializeSync: "Read {{expression}} into an array in the scope: 'Array.from(…)'.",
  materializeWithToArray: "Read {{expression}} into an array in the scope: 'await … .toArray()'.",
} as const;

export type MessageId = keyof typeof MESSAGES;

type Context = Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>;

/**
 * `'results' (from pool.imap(…))`, or `'pool.imap(…)'` when the value is the lazy call itself.
 * With `asSource`, a stream piped into a transform (`client.query(…).pipe(…)`)
 * is named by the stream the pool feeds, not by what it is piped into.
 */
function describeIterator(
  value: TSESTree.Node,
  source: LazySource,
  sourceCode: Readonly<TSESLint.SourceCode>,
  asSource = false,
): string {
  const made = excerpt(source.node, sourceCode);
  let shownNode = value;
  let inner = innerValueNode(value);
  while (asSource && inner.type === AST_NODE_TYPES.CallExpression) {
    const method = methodCall(inner);
    if (method?.name !== 'pipe') break;
    shownNode = method.member.object;
    inner = innerValueNode(shownNode);
  }
  const isCreation =
    inner === source.node || (inner.type === AST_NODE_TYPES.AwaitExpression && innerValueNode(inner.argument) === source.node);
  if (isCreation) return `'${made}'`;
  const shown = excerpt(shownNode, sourceCode);
  // `'orders.find(…).sort(…)'` shows the call that made it already.
  return shown.startsWith(made) ? `'${shown}'` : `'${shown}' (from ${made})`;
}

function describeEscape(escape: EscapeKind, source: LazySource, sourceCode: Readonly<TSESLint.SourceCode>): string {
  switch (escape.kind) {
    case 'returned':
      return source.pool.kind === 'factory' ? 'returned from the callback' : 'returned';
    case 'exported':
      return 'exported';
    case 'assigned':
      return `assigned to outer '${escape.name}'`;
    case 'stored':
      return `stored on '${excerpt(escape.target, sourceCode)}'`;
  }
}

/** Said of a disposal that met an earlier iteration's value: nothing for a `for (using …)` pool, said to die with each iteration. */
function inEarlierIteration(pool: Pool): string {
  const loop = pool.scopeNode.parent;
  const perIteration =
    (loop?.type === AST_NODE_TYPES.ForOfStatement || loop?.type === AST_NODE_TYPES.ForInStatement) &&
    loop.body === pool.scopeNode &&
    pool.variable.defs[0]?.parent === loop.left;
  return perIteration ? '' : ', in an earlier iteration of the loop';
}

function suggestionsFor(
  finding: Finding,
  source: LazySource,
  form: ConsumptionForm,
  context: Context,
  settings: Settings,
  types: TypeOracle | undefined,
): TSESLint.SuggestionReportDescriptor<MessageId>[] {
  const sourceCode = context.sourceCode;
  const made = materialization(finding, source, form, {
    sourceCode,
    sourceType: context.languageOptions.sourceType,
    lazyFunctions: settings.lazyFunctions,
    types,
    runsFromAsync: () => runsOnNodeWithFromAsync(context.filename, context.cwd),
  });
  if (!made) return [];
  const { target, text } = made;
  return [
    {
      messageId: made.messageId,
      data: { expression: `'${excerpt(target, sourceCode)}'` },
      fix: (fixer) => {
        // `{ rows }` becomes `{ rows: Array.from(rows) }`.
        const property = target.parent;
        return property?.type === AST_NODE_TYPES.Property && property.shorthand && property.value === target
          ? fixer.replaceText(property, `${sourceCode.getText(target)}: ${text}`)
          : fixer.replaceText(target, text);
      },
    },
  ];
}

export function reportFinding(
  finding: Finding,
  source: LazySource,
  context: Context,
  settings: Settings,
  types: TypeOracle | undefined,
): void {
  const sourceCode = context.sourceCode;
  const base = {
    iterator: describeIterator(finding.value, source, sourceCode, finding.kind === 'stillReading'),
    pool: namePool(source.pool, sourceCode),
    disposal: disposalSeenFrom(source.pool, finding.node) + (finding.earlierIteration ? inEarlierIteration(source.pool) : ''),
  };
  switch (finding.kind) {
    case 'consumedAfterDisposal':
      context.report({
        node: finding.node,
        messageId: finding.somePaths ? 'mayBeConsumedAfterDisposal' : 'consumedAfterDisposal',
        data: base,
        suggest: suggestionsFor(finding, source, finding.form, context, settings, types),
      });
      return;
    case 'escapesScope':
      context.report({
        node: finding.node,
        messageId: 'escapesScope',
        data: { ...base, escape: describeEscape(finding.escape, source, sourceCode) },
        suggest: suggestionsFor(finding, source, 'unknown', context, settings, types),
      });
      return;
    case 'consumedLater':
      context.report({ node: finding.node, messageId: 'consumedLater', data: { ...base, callback: finding.callback } });
      return;
    case 'stillReading':
      context.report({
        node: finding.node,
        messageId: 'stillReading',
        data: { ...base, remedy: finding.remedy },
      });
      return;
    case 'notAwaited':
      context.report({
        node: finding.node,
        messageId: 'notAwaited',
        data: { ...base, consumer: `'${excerpt(finding.consumer, sourceCode)}'` },
      });
      return;
  }
}
