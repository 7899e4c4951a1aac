/**
 * Turns findings into ESLint reports: message ids and texts, message data
 * (which iterator, which pool, where and how it is disposed), and the
 * suggestion that materializes the iterator inside the scope.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { innerValueNode, methodCall } from '../core/ast.js';
import type { ConsumptionForm } from '../values/consumptions.js';
import type { EscapeKind, Finding } from '../verdicts/findings.js';
import { excerpt } from './describe.js';
import type { LazySource } from '../values/lazy-sources.js';
import { materialization } from './materialize.js';
import type { Settings } from '../core/options.js';
import { namePool } from '../pools/pool-nouns.js';
import { disposalSeenFrom, type Pool } from '../pools/pools.js';
import type { TypeOracle } from '../core/types.js';
import type { CloseKind } from '../pools/close-kinds.js';
import type { Driver } from '../pools/drivers.js';
import { useDriverOf } from '../pools/use-drivers.js';
import { runsOnNodeWithFromAsync } from '../core/node-runtime.js';

export const MESSAGES = {
  consumedAfterDisposal: '{{iterator}} is read after {{pool}} closes ({{disposal}}): read it before then.',
  mayBeConsumedAfterDisposal: '{{iterator}} may be read after {{pool}} closes ({{disposal}}): read it before then.',
  escapesScope: '{{iterator}} is {{escape}}, but {{pool}} closes ({{disposal}}): read it into an array, or close in the caller.',
  consumedLater: '{{iterator}} is read in {{callback}}, after {{pool}} closes ({{disposal}}): read it before then.',
  responseReadLater: '{{iterator}} is read in {{callback}}, after {{pool}} closes ({{disposal}}): close it once the response ends.',
  notAwaited: '{{consumer}} reads {{iterator}} but is not awaited before {{pool}} closes ({{disposal}}): await it.',
  stillReading: '{{iterator}} is still being read when {{pool}} closes ({{disposal}}): {{remedy}} first.',
  blocksClose: '{{iterator}} is never read to its end, so {{pool}} waits for it forever to close ({{disposal}}; {{behaviour}}): read or close it first.',
  escapesIntoWaitingClose:
    '{{iterator}} is returned unread, but {{pool}} closes first and waits for it, so the call never returns ({{disposal}}; {{behaviour}}): read it in the scope first.',
  leftOpen: '{{iterator}} is left open when {{pool}} closes ({{disposal}}; {{behaviour}}): read it to its end or close it first.',
  closedWhileReading:
    "{{pool}} closes in {{callback}} ({{disposal}}) while {{starter}} may still be reading {{iterator}}: close it on the value's 'end', or destroy the value first.",
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

/** What a local helper reads, as written there: `'db.collection(…).find(…)' (read by findDocuments(…))`. */
function describeHelperReading(inner: TSESTree.Node, call: TSESTree.Node | undefined, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const read = `'${excerpt(inner, sourceCode)}'`;
  return call ? `${read} (read by ${excerpt(call, sourceCode)})` : read;
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

/** The pool's name at the start of a sentence. */
function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `mysql2's end() waits for it`: what the driver's close does, in a few words. */
function waitsForIt(close: CloseKind): string {
  const driver = close.driver?.name ?? 'the driver';
  return `${driver}'s ${close.method ?? 'close'}() waits for it`;
}

/** `better-sqlite3's close() throws while it is open`, `pg's end() fails it`. */
function failsIt(close: CloseKind): string {
  const what = `${close.driver?.name ?? 'the driver'}'s ${close.method ?? 'close'}()`;
  return close.behaviour === 'strict' ? `${what} throws while it is open` : `${what} fails it`;
}

/**
 * The pool's driver, to name the pool by: the one the finding's close kind
 * names (which may be known from the lazy value's shape alone), else the
 * binding's, as the second rule knows it, so that both rules name a pool alike.
 */
function driverNamed(
  finding: Finding,
  pool: Pool,
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  types: TypeOracle | undefined,
): Driver | undefined {
  const close =
    finding.kind === 'blocksClose' || finding.kind === 'leftOpen'
      ? finding.close
      : finding.kind === 'escapesScope'
        ? finding.waitingClose
        : undefined;
  return close?.driver ?? useDriverOf(pool.variable, sourceCode, settings.closes, 0, types);
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
    iterator: source.helper?.kind === 'reads'
      ? describeHelperReading(source.helper.inner, finding.kind === 'notAwaited' || finding.kind === 'closedWhileReading' ? undefined : source.node, sourceCode)
      : describeIterator(finding.value, source, sourceCode, finding.kind === 'stillReading'),
    pool: namePool(source.pool, driverNamed(finding, source.pool, sourceCode, settings, types), sourceCode),
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
      if (finding.waitingClose) {
        context.report({
          node: finding.node,
          messageId: 'escapesIntoWaitingClose',
          data: { ...base, behaviour: waitsForIt(finding.waitingClose) },
        });
        return;
      }
      context.report({
        node: finding.node,
        messageId: 'escapesScope',
        data: { ...base, escape: describeEscape(finding.escape, source, sourceCode) },
        suggest: suggestionsFor(finding, source, 'unknown', context, settings, types),
      });
      return;
    case 'consumedLater':
      // A response handed to a callback (`http.get(url, { agent }, (res) => …)`) cannot be read before its callback runs.
      context.report({
        node: finding.node,
        messageId: source.response && source.node.type === AST_NODE_TYPES.Identifier ? 'responseReadLater' : 'consumedLater',
        data: { ...base, callback: finding.callback },
      });
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
    case 'blocksClose':
      context.report({ node: finding.node, messageId: 'blocksClose', data: { ...base, behaviour: waitsForIt(finding.close) } });
      return;
    case 'closedWhileReading':
      context.report({
        node: finding.node,
        messageId: 'closedWhileReading',
        data: { ...base, pool: capitalised(base.pool), starter: `'${excerpt(finding.starter, sourceCode)}'`, callback: finding.callback },
      });
      return;
    case 'leftOpen':
      context.report({ node: finding.node, messageId: 'leftOpen', data: { ...base, behaviour: failsIt(finding.close) } });
      return;
  }
}
