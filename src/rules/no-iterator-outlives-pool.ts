import { analyseFile } from '../analysis/analyse-file.js';
import { MAX_NAME_LENGTH, resolveSettings, type RuleOptions } from '../analysis/core/options.js';
import { fileAnalysisFor } from '../analysis/file-analysis.js';
import { MESSAGES, reportFinding, type MessageId } from '../analysis/wording/report.js';
import { TypeOracle } from '../analysis/core/types.js';
import { createRule } from '../util/create-rule.js';

export type Options = [RuleOptions?];
export type { MessageId };

const name = { type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH, description: 'A name as the code writes it.' } as const;
const stringList = (description: string) => ({ type: 'array', items: name, uniqueItems: true, description }) as const;

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
          scopedFactories: {
            type: 'array',
            description: 'Functions that pass a pool to a callback and dispose it when the callback settles.',
            items: {
              anyOf: [
                { ...name, description: 'The callee as written: `withPool`, `db.transaction`.' },
                {
                  type: 'object',
                  description: "A method called on an object, as generic-pool's `pool.use(fn)`.",
                  additionalProperties: false,
                  required: ['object', 'method'],
                  properties: {
                    object: { ...name, description: 'The object the method is called on, as written (`genericPool`).' },
                    method: { ...name, description: 'The method name (`use`).' },
                  },
                },
              ],
            },
          },
          ignoreDefaults: { type: 'boolean', description: 'Use only the lists given, without the built-in names.' },
          closes: {
            type: 'array',
            description:
              "What a driver's close methods do to the values its pools handed out: `abrupt` (ends them), `graceful` (waits for them) or `strict` (throws while one is open).",
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['module', 'methods', 'behaviour'],
              properties: {
                module: { ...name, description: 'The module whose exports make the pools, as imported or required.' },
                methods: { type: 'array', items: name, minItems: 1, uniqueItems: true, description: 'The close methods.' },
                behaviour: { type: 'string', enum: ['abrupt', 'graceful', 'strict'], description: 'What those closes do.' },
                failsOpenValues: {
                  type: 'boolean',
                  description: 'Whether those closes fail, throw or crash with a started value open (left open is reported for them).',
                },
              },
            },
          },
        },
      },
    ],
    defaultOptions: [{}],
  },
  create(context) {
    const options: RuleOptions = context.options[0] ?? {};
    // Type information, when the file has it, finds lazy iterators by type as well as by name.
    const types = TypeOracle.forContext(context);
    const settings = resolveSettings(context.options, options, types !== undefined);
    // The file's pools are found once for both rules; this rule's findings once for the file.
    return fileAnalysisFor(
      context,
      settings,
      (analysis) => {
        const findings = analysis.findingsOf('no-iterator-outlives-pool', settings, () =>
          analyseFile(context.sourceCode, settings, analysis.pools(), types),
        );
        for (const { finding, source } of findings) reportFinding(finding, source, context, settings, types);
      },
      types,
    );
  },
});
