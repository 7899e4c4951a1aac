// eslint-doc-generator settings: `npm run docs:update` rewrites the rules list
// in README.md and the header of each docs/rules/*.md page from the built
// plugin (dist/, so build first); `npm run docs:check` fails when either is
// out of date. The title already holds the description, so the notice that
// repeats it is left out.
/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  configEmoji: [
    ['recommended', '✅'],
    ['recommended-type-checked', '☑️'],
  ],
  ruleDocTitleFormat: 'desc-parens-prefix-name',
  ruleDocNotices: ['deprecated', 'configs', 'fixableAndHasSuggestions', 'requiresTypeChecking'],
};

export default config;
