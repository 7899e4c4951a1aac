import type { CloseDeclaration, ScopedFactoryObject } from '../analysis/core/options.js';
import { resolveSettings } from '../analysis/core/options.js';
import { TypeOracle } from '../analysis/core/types.js';
import { fileAnalysisFor } from '../analysis/file-analysis.js';
import { findPoolUses, type UseSettings } from '../analysis/verdicts/used-after-close.js';
import { POOL_USE_MESSAGES, reportPoolUse, type PoolUseMessageId } from '../analysis/wording/pool-use-report.js';
import { createRule } from '../util/create-rule.js';
import { closesSchema, disposeMethodsSchema, scopedFactoriesSchema, stringList } from './pool-options-schema.js';

export interface PoolUseOptions {
  disposeMethods?: string[];
  scopedFactories?: (string | ScopedFactoryObject)[];
  closes?: CloseDeclaration[];
  ignoreMethods?: string[];
}

export type Options = [PoolUseOptions?];
export type MessageId = PoolUseMessageId;

/** `ignoreMethods` by options object: ESLint hands every file of a config the same one. */
const useSettings = new WeakMap<object, UseSettings>();
const NO_OPTIONS: UseSettings = { ignoreMethods: new Set() };

function useSettingsOf(options: PoolUseOptions | undefined): UseSettings {
  if (!options) return NO_OPTIONS;
  let known = useSettings.get(options);
  if (!known) {
    known = { ignoreMethods: new Set(options.ignoreMethods ?? []) };
    useSettings.set(options, known);
  }
  return known;
}

/**
 * The reports (the contract's table):
 * - `usedAfterClose` / `mayBeUsedAfterClose`: a use that can run after the disposal point in the same function;
 * - `usedLater`: a use in a function handed over before the disposal point, that runs after it;
 * - `notAwaited`: an asynchronous operation on the pool left running when a close that does not wait for it comes.
 */
export default createRule<Options, MessageId>({
  name: 'no-pool-used-after-close',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow using a pool, or a handle made from it, after the pool is closed',
      // Used when available, never required.
      requiresTypeChecking: false,
      recommended: true,
    },
    messages: POOL_USE_MESSAGES,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          disposeMethods: disposeMethodsSchema,
          scopedFactories: scopedFactoriesSchema,
          closes: closesSchema,
          ignoreMethods: stringList('Method names that are safe to call on a closed pool of your driver: never a use.'),
        },
      },
    ],
    defaultOptions: [{}],
  },
  create(context) {
    // Read once: ESLint gives each rule a new context object per file, and each read of it costs.
    const { sourceCode, options: given } = context;
    const options = given[0];
    const types = TypeOracle.forContext(context, sourceCode);
    const settings = resolveSettings(given, options ?? {}, types !== undefined);
    const own = useSettingsOf(options);
    // The file's pools are found once for both rules; this rule's findings once for the file.
    return fileAnalysisFor(
      sourceCode,
      settings,
      (analysis) => {
        const findings = analysis.findingsOf('no-pool-used-after-close', settings, () =>
          findPoolUses(analysis.pools(), sourceCode, settings, own, types),
        );
        for (const finding of findings) reportPoolUse(finding, context);
      },
      types,
    );
  },
});
