import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { analyseFile } from '../analysis/analyse-file.js';
import { CodePathTracker, endsProcess } from '../analysis/core/code-paths.js';
import { invocationOf } from '../analysis/core/invocation.js';
import { MAX_NAME_LENGTH, resolveSettings, type RuleOptions } from '../analysis/core/options.js';
import { disposeCallOf, disposeCallOfArrow, hasCandidates, isInsideFinally, isScopedFactoryCall, type PoolCandidates } from '../analysis/pools/pools.js';
import { MESSAGES, type MessageId } from '../analysis/wording/report.js';
import { scanText } from '../analysis/core/text-prefilter.js';
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
    const text = context.sourceCode.text;
    // Type information, when the file has it, finds lazy iterators by type as well as by name.
    const types = TypeOracle.forContext(context);
    const settings = resolveSettings(context.options, options, types !== undefined);
    // A file with no `using`, no dispose call and no scoped factory call holds no pool.
    const markers = scanText(text, settings);
    if (!markers) return {};

    const candidates: PoolCandidates = { usingDeclarations: [], tryStatements: [], closes: [], factoryCalls: [] };
    const listeners: TSESLint.RuleListener = {
      VariableDeclaration(node) {
        if (node.kind === 'using' || node.kind === 'await using') candidates.usingDeclarations.push(node);
      },
      'Program:exit'() {
        if (hasCandidates(candidates)) analyseFile(context, settings, candidates, tracker, types);
      },
    };
    // Calls are many: look at them only in files whose text calls a scoped factory.
    if (markers.factoryCall) {
      listeners.CallExpression = (node) => {
        if (isScopedFactoryCall(node, settings)) candidates.factoryCalls.push(node);
      };
    }
    // Explicit closes are judged by code paths, recorded only in files that call a dispose method.
    const tracker = new CodePathTracker();
    if (!markers.disposeCall) return listeners;
    const record = (node: TSESTree.Node): void => {
      tracker.record(node);
    };
    return {
      ...listeners,
      ...(tracker.listeners() as TSESLint.RuleListener),
      // A `finally` block makes a pool only with a dispose call in it.
      TryStatement(node) {
        if (node.finalizer) candidates.tryStatements.push(node);
      },
      ExpressionStatement(node) {
        if (endsProcess(node)) tracker.recordExit(node);
        else tracker.record(node);
        const dispose = disposeCallOf(node, settings, context.sourceCode);
        if (!dispose || isInsideFinally(node)) return;
        tracker.record(dispose.call);
        candidates.closes.push({ statement: node, ...dispose });
      },
      // `s.on('end', () => db.close())`: a close that makes the whole body of an arrow that runs later.
      ArrowFunctionExpression(node) {
        const dispose = disposeCallOfArrow(node, settings);
        if (!dispose || invocationOf(node).kind !== 'later') return;
        tracker.record(node.body);
        tracker.record(dispose.call);
        candidates.closes.push({ statement: node.body as TSESTree.Expression, ...dispose });
      },
      'ReturnStatement, ThrowStatement, IfStatement, SwitchStatement': record,
      'ForOfStatement, ForInStatement, ForStatement, WhileStatement, DoWhileStatement': record,
      'ExportNamedDeclaration, ExportDefaultDeclaration': record,
      VariableDeclaration(node) {
        tracker.record(node);
        listeners.VariableDeclaration?.(node);
      },
    };
  },
});
