/**
 * The messages of `no-pool-used-after-close`, and the data each names: the
 * use, the pool, where and how the pool was closed, and for a use in a
 * callback where that callback was handed over.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { namePool } from '../pools/pool-nouns.js';
import { disposalSeenFrom } from '../pools/pools.js';
import type { PoolUseFinding } from '../verdicts/used-after-close.js';
import { excerpt } from './describe.js';

export const POOL_USE_MESSAGES = {
  usedAfterClose: '{{use}} uses {{pool}} after it closes ({{disposal}}): close it after its last use.',
  mayBeUsedAfterClose: '{{use}} may use {{pool}} after it closes ({{disposal}}): close it after its last use.',
  usedLater: '{{use}} uses {{pool}} in {{callback}}, after {{pool}} closes ({{disposal}}): close it once that callback has run.',
  notAwaited: '{{use}} is not awaited before {{pool}} closes ({{disposal}}; {{behaviour}}): await it.',
} as const;

export type PoolUseMessageId = keyof typeof POOL_USE_MESSAGES;

type Context = Readonly<TSESLint.RuleContext<PoolUseMessageId, readonly unknown[]>>;

/** The operation a not-awaited use starts: the whole builder chain, `db('t').insert(…)`. */
function operation(finding: PoolUseFinding, sourceCode: Readonly<TSESLint.SourceCode>): string {
  return `'${excerpt(finding.kind === 'notAwaited' ? finding.operation : finding.use.node, sourceCode)}'`;
}

export function reportPoolUse(finding: PoolUseFinding, context: Context): void {
  const sourceCode = context.sourceCode;
  const data = {
    use: operation(finding, sourceCode),
    pool: namePool(finding.pool, finding.driver, sourceCode),
    disposal: disposalSeenFrom(finding.pool, finding.use.node),
  };
  switch (finding.kind) {
    case 'usedAfterClose':
      context.report({ node: finding.use.node, messageId: finding.somePaths ? 'mayBeUsedAfterClose' : 'usedAfterClose', data });
      return;
    case 'usedLater':
      context.report({ node: finding.use.node, messageId: 'usedLater', data: { ...data, callback: finding.callback } });
      return;
    case 'notAwaited':
      context.report({ node: finding.operation, messageId: 'notAwaited', data: { ...data, behaviour: finding.behaviour } });
      return;
  }
}
