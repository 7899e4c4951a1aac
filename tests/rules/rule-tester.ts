/**
 * The RuleTester every syntactic suite uses. With POOL_LIFETIME_TYPED=1 (the
 * `typed` vitest project) the same suites run again with type information,
 * against the typed fixtures' tsconfig: the rule must give the same answers
 * where types add nothing.
 */
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';

export const typedFixtures = path.join(import.meta.dirname, '../fixtures/typed');

export const isTypedRun = process.env.POOL_LIFETIME_TYPED === '1';

export function createRuleTester(): RuleTester {
  return isTypedRun
    ? new RuleTester({ languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: typedFixtures } } })
    : new RuleTester();
}
