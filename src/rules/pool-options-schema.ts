/**
 * Schema pieces of the options both rules take: what disposes a pool
 * (`disposeMethods`, `scopedFactories`) and what a driver's close does (`closes`).
 */
import type { JSONSchema } from '@typescript-eslint/utils';
import { MAX_NAME_LENGTH } from '../analysis/core/options.js';

export const name = { type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH, description: 'A name as the code writes it.' } as const;

export const stringList = (description: string) => ({ type: 'array', items: name, uniqueItems: true, description }) as const;

export const disposeMethodsSchema: JSONSchema.JSONSchema4 = {
  type: 'array',
  uniqueItems: true,
  description: 'Method names that dispose a pool when called on it; the symbols are spelled `[Symbol.dispose]` and `[Symbol.asyncDispose]`.',
  items: {
    anyOf: [
      { type: 'string', enum: ['[Symbol.dispose]', '[Symbol.asyncDispose]'] },
      // A name spelled like a symbol any other way (`Symbol.asyncDispose`, `[Symbol.dispose`) is a mistake.
      { type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH, not: { type: 'string', pattern: String.raw`[[\]]|\bSymbol\.` } },
    ],
  },
};

export const scopedFactoriesSchema: JSONSchema.JSONSchema4 = {
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
};

export const closesSchema: JSONSchema.JSONSchema4 = {
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
};
