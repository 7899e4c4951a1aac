import { analyseFile } from '../analysis/analyse-file.js';
import { resolveSettings, type RuleOptions } from '../analysis/core/options.js';
import { fileAnalysisFor } from '../analysis/file-analysis.js';
import { MESSAGES, reportFinding, type MessageId } from '../analysis/wording/report.js';
import { TypeOracle } from '../analysis/core/types.js';
import { createRule } from '../util/create-rule.js';
import { closesSchema, name, scopedFactoriesSchema, stringList } from './pool-options-schema.js';

export type Options = [RuleOptions?];
export type { MessageId };

export default createRule<Options, MessageId>({
  name: 'no-iterator-outlives-pool',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow consuming a pool-made lazy iterator after the pool is disposed, or letting it escape',
      // Used when available, never required.
      requiresTypeChecking: false,
      recommended: true,
    },
    // The reports, and their suggestions, are made in analysis/wording/report.ts.
    // eslint-disable-next-line eslint-plugin/require-meta-has-suggestions -- suggestions are reported from a helper module
    hasSuggestions: true,
    messages: MESSAGES,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          lazyMethods: stringList('Method names whose call on a pool (or a value reached from it) returns a lazy iterator.'),
          lazyProperties: {
            type: 'array',
            items: name,
            uniqueItems: true,
            description:
              'Property names whose value, read on a pool (or a value reached from it), is a lazy stream (built in: `readable`).',
          },
          disposeMethods: stringList(
            'Method names that dispose a pool when called on it; the symbols are spelled `[Symbol.dispose]` and `[Symbol.asyncDispose]`.',
          ),
          lazyFunctions: stringList('Function names that return a lazy iterator when given a callback that uses a pool.'),
          scopedFactories: scopedFactoriesSchema,
          ignoreDefaults: { type: 'boolean', description: 'Use only the lists given, without the built-in names.' },
          closes: closesSchema,
        },
      },
    ],
    defaultOptions: [{}],
  },
  create(context) {
    // Read once: ESLint gives each rule a new context object per file, and each read of it costs.
    const { sourceCode, options: given } = context;
    const options: RuleOptions = given[0] ?? {};
    // Type information, when the file has it, finds lazy iterators by type as well as by name.
    const types = TypeOracle.forContext(context, sourceCode);
    const settings = resolveSettings(given, options, types !== undefined);
    // The file's pools are found once for both rules; this rule's findings once for the file.
    return fileAnalysisFor(
      sourceCode,
      settings,
      (analysis) => {
        const findings = analysis.findingsOf('no-iterator-outlives-pool', settings, () =>
          analyseFile(sourceCode, settings, analysis.pools(), types),
        );
        for (const { finding, source } of findings) reportFinding(finding, source, context, settings, types);
      },
      types,
    );
  },
});
