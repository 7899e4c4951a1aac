import { ESLintUtils } from '@typescript-eslint/utils';

/** Docs pages live in the repository, one per rule. */
export const createRule = ESLintUtils.RuleCreator(
  (name) =>
    `https://github.com/eslint-plugin-pool-lifetime/eslint-plugin-pool-lifetime/blob/main/docs/rules/${name}.md`,
);
