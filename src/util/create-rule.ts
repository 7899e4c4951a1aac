import { ESLintUtils } from '@typescript-eslint/utils';

/** Docs pages live in the repository, one per rule. */
export interface PoolLifetimeDocs {
  /** Whether the rule needs type information (it uses it when present, and works without). */
  requiresTypeChecking: boolean;
  /** The shared configs the rule is on in. */
  recommended: boolean;
}

export const createRule = ESLintUtils.RuleCreator<PoolLifetimeDocs>(
  (name) =>
    `https://github.com/eslint-plugin-pool-lifetime/eslint-plugin-pool-lifetime/blob/main/docs/rules/${name}.md`,
);
