import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { invalid, valid } from './consumption-forms.js';

// Every consumption form of the contract, for a 'using' pool and for a pool closed in 'finally':
// consumed after the disposal point (reported) and consumed inside the disposal scope (valid).
// The forms, and how each becomes its four cases, are in consumption-forms.ts.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, { valid, invalid });
